// traceseal verify: codes from images (native scan path) or text lines on stdin, each assessed
// against the pinned root's trust list at a given time; text or JSON Lines out.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "args.h"
#include "commands.h"
#include "files.h"
#include "provenance_cli.h"
#include "scan_image.h"

namespace traceseal::cli {

namespace {
constexpr const char* kHelp =
    R"(Usage: traceseal verify --root ROOT.pub.json --trust-list TRUST.json
                        [--status FILE]... [--context consumer|inspector_shop|inspector_port]
                        [--provenance BUNDLE]... [--checkpoint HELD] [--inspector-key FILE]
                        [--json] [--at TIME] [--lang en|zh-CN] [--image-seconds S] INPUT...

INPUT is an image file (PNG, JPEG, GIF or BMP) or '-' for code texts on standard input, one per
line. Every code found is reported; an image with none gives one no_code result, an image with
several first gets a line with the worst of their verdicts.

Options:
  --root FILE         the pinned root public key
  --trust-list FILE   the trust list signed by that root
  --status FILE       a signed status snapshot (FORMAT.md §9.3); repeatable, one per segment,
                      later files for the same segment must not roll back (status_rollback)
  --context WHO       scan context of the lifecycle rules (§9.5; default consumer)
  --provenance FILE   a provenance bundle (§10.3); its events are printed after the codes. A
                      bundle that does not verify is refused (exit 2, reason on stderr)
  --checkpoint FILE   a checkpoint kept from before: refuses rolled-back or rewritten history
  --inspector-key F   an inspector's secret key: opens sealed sale and pickup details
  --json              JSON Lines: one object per code with input, verdict, reasons, fields
  --at TIME           verify as of TIME (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ; default now)
  --lang LANG         language of the text output (default from $LANG)
  --image-seconds S   CPU time each image may take to decode and scan (default 2); past it the
                      image is image_too_complex (exit 2), codes found until then are reported

Verdicts: genuine, warning, invalid, foreign, no_code (docs/FORMAT.md §6).
Exit status: 0 every result genuine, 1 any result not genuine, 2 usage or I/O error.
)";

constexpr std::size_t kMaxLineBytes = 1 << 16;

// Text from a symbol, safe for a terminal: control bytes as '?', at most 200 bytes.
std::string printable(const std::string& text) {
    std::string out;
    for (char c : text.substr(0, 200))
        out.push_back(static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c);
    return text.size() > 200 ? out + "..." : out;
}

struct Output {
    bool json = false;
    Lang lang = Lang::en;
    bool all_genuine = true;

    void report(const Assessment& a, const std::string& input, const std::string& extra = {}) {
        all_genuine = all_genuine && a.verdict == Verdict::genuine;
        if (json) {
            std::string line = assessment_to_json(a, input, extra);
            std::fwrite(line.data(), 1, line.size(), stdout);
            std::fputc('\n', stdout);
            return;
        }
        std::printf("%s: %s", input.c_str(), std::string(to_string(a.verdict)).c_str());
        if (a.state) std::printf("  [%s]", std::string(message(*a.state, lang)).c_str());
        if (a.fields && (a.verdict == Verdict::genuine || a.verdict == Verdict::warning)) {
            const bool zh = lang == Lang::zh_CN;
            std::printf("  %s  %s  %s  %s", format_code_number(*a.fields).c_str(),
                        (zh ? a.operator_name_zh : a.operator_name_en).c_str(),
                        (zh ? a.category_name_zh : a.category_name_en).c_str(),
                        format_day(a.fields->issue_day).c_str());
        }
        std::printf("\n  %s\n", std::string(message(a.verdict, lang)).c_str());
        // A foreign code's text is shown: it is what a phone's camera would open.
        if (a.verdict == Verdict::foreign) std::printf("  text: %s\n", printable(a.text).c_str());
        for (Reason r : a.reasons)
            std::printf("  - %s: %s\n", std::string(to_string(r)).c_str(),
                        std::string(message(r, lang)).c_str());
        if (a.verdict == Verdict::genuine)
            std::printf("  %s\n", std::string(resale_reminder(lang)).c_str());
    }
};

// Reads one line of at most `cap` bytes; the rest of a longer line is skipped, so memory stays
// bounded whatever arrives on stdin. False at end of input.
bool read_capped_line(std::FILE* in, std::string& line, std::size_t cap) {
    line.clear();
    int c;
    bool any = false;
    while ((c = std::getc(in)) != EOF) {
        any = true;
        if (c == '\n') return true;
        if (line.size() < cap) line.push_back(static_cast<char>(c));
    }
    return any;
}

std::string outline_json(const native::DecodedSymbol& s) {
    std::string o = "{\"format\":\"" + s.format + "\",\"outline\":[";
    for (std::size_t i = 0; i < s.outline.size(); ++i)
        o += (i ? ",[" : "[") + std::to_string(s.outline[i].x) + "," +
             std::to_string(s.outline[i].y) + "]";
    return o + "]}";
}

Result<Bytes> read_bytes(const std::string& path) {
    auto data = read_text_file(path);
    if (!data) return make_error(Reason::provenance_malformed, data.error().detail);
    return Bytes(data->begin(), data->end());
}

// §10.4 for every bundle, for every code it has records of; then the events, sealed details
// opened with the inspector key if one is given. Returns 0, or kExitUsage for a refused file.
int report_provenance(const Args& a, const TrustList& trust, bool json, Lang lang) {
    if (a.values("--provenance").empty()) return 0;
    std::optional<Checkpoint> held;
    if (auto path = a.value("--checkpoint")) {
        auto b = read_bytes(*path);
        if (!b) return fail("verify", b.error().detail);
        auto c = verify_checkpoint(*b, trust);
        if (!c)
            return fail("verify", std::string(to_string(c.error().reason)) + ": " + *path + ": " +
                                      c.error().detail);
        held = std::move(*c);
    }
    std::optional<BoxKeyPair> inspector;
    if (auto path = a.value("--inspector-key")) {
        auto k = load_inspector_key(*path);
        if (!k) return fail("verify", k.error().detail);
        if (!k->secret)
            return fail("verify", "--inspector-key needs the inspector's secret key file");
        inspector = k->secret;
    }
    for (const std::string& path : a.values("--provenance")) {
        auto b = read_bytes(path);
        if (!b) return fail("verify", b.error().detail);
        // Every code the bundle has records of must be complete (§10.4 step 5).
        auto p = verify_provenance(*b, trust, "", held ? &*held : nullptr);
        if (!p)
            return fail("verify", std::string(to_string(p.error().reason)) + ": " + path + ": " +
                                      p.error().detail);
        std::vector<std::optional<EventDetails>> opened;
        for (const ProvenanceRecord& r : p->records()) {
            if (r.details)
                opened.push_back(r.details);
            else if (inspector) {
                auto d = open_record_details(r, *inspector);
                opened.push_back(d ? std::optional<EventDetails>(*d) : std::nullopt);
            } else
                opened.push_back(std::nullopt);
        }
        if (json) {
            std::string line = provenance_json(*p, path, opened);
            std::printf("%s\n", line.c_str());
            continue;
        }
        const CheckpointBody& c = p->checkpoint().body();
        std::printf("%s: provenance verified: log of %llu events, checkpoint by key %u at %s%s\n",
                    path.c_str(), static_cast<unsigned long long>(c.count), c.key_id,
                    format_time(c.issued_at).c_str(),
                    held ? ", consistent with the held checkpoint" : "");
        for (std::size_t i = 0; i < p->records().size(); ++i) {
            const ProvenanceRecord& r = p->records()[i];
            auto st = parse_code_state(r.state);
            std::printf("  %llu %s %-9s -> %s", static_cast<unsigned long long>(r.seq),
                        r.code.c_str(), r.type.c_str(),
                        st ? std::string(message(*st, lang)).c_str() : r.state.c_str());
            if (!r.related.empty()) std::printf(" (%s)", r.related.c_str());
            if (opened[i])
                std::printf("  %s  %s, %s%s%s\n", format_time(opened[i]->time).c_str(),
                            opened[i]->actor.c_str(), opened[i]->place.c_str(),
                            opened[i]->reason.empty() ? "" : ": ", opened[i]->reason.c_str());
            else
                std::printf("  [%s]\n", lang == Lang::zh_CN ? "详情已密封，仅监管人员可见"
                                                            : "details sealed for inspectors");
        }
    }
    return 0;
}

}  // namespace

int run_verify(const std::vector<std::string>& argv) {
    Args a(argv,
           {"--root", "--trust-list", "--at", "--lang", "--status", "--context", "--provenance",
            "--checkpoint", "--inspector-key", "--image-seconds"},
           {"--json"});
    if (a.help()) return std::fputs(kHelp, stdout), kExitOk;
    if (!a.ok()) return fail("verify", a.error());
    if (!a.value("--root") || !a.value("--trust-list"))
        return fail("verify", "--root and --trust-list are required (see --help)");
    if (a.positional().empty() && a.values("--provenance").empty())
        return fail("verify", "no INPUT given (an image file, or - for stdin)");
    UnixTime at = now_utc();
    if (auto t = a.value("--at")) {
        auto parsed = parse_time(*t);
        if (!parsed) return fail("verify", "--at: " + parsed.error().detail);
        at = *parsed;
    }
    native::ScanLimits limits;
    if (auto v = a.value("--image-seconds")) {
        char* end = nullptr;
        const double secs = std::strtod(v->c_str(), &end);
        if (end == v->c_str() || *end != '\0' || !(secs >= 0.1 && secs <= 600))
            return fail("verify", "--image-seconds must be a number of seconds from 0.1 to 600");
        limits.cpu_seconds = secs;
    }
    Output out;
    out.json = a.flag("--json");
    std::string lang = a.value("--lang").value_or(std::getenv("LANG") ? std::getenv("LANG") : "en");
    out.lang = lang.rfind("zh", 0) == 0 ? Lang::zh_CN : Lang::en;
    auto trust = load_trust(*a.value("--root"), *a.value("--trust-list"));
    if (!trust)
        return fail("verify",
                    std::string(to_string(trust.error().reason)) + ": " + trust.error().detail);
    // §9.4: each snapshot verified against the trust list and the root, then the rollback rule.
    StatusContext status;
    auto context = parse_scan_context(a.value("--context").value_or("consumer"));
    if (!context)
        return fail("verify", "--context must be consumer, inspector_shop or inspector_port");
    status.context = *context;
    if (!a.values("--status").empty()) {
        auto root = load_key_file(*a.value("--root"));
        if (!root) return fail("verify", root.error().detail);
        for (const std::string& path : a.values("--status")) {
            auto data = read_text_file(path);
            if (!data) return fail("verify", data.error().detail);
            auto snap =
                verify_status_snapshot(Bytes(data->begin(), data->end()), *trust, root->public_key);
            if (!snap)
                return fail("verify", std::string(to_string(snap.error().reason)) + ": " + path +
                                          ": " + snap.error().detail);
            bool replaced = false;
            for (StatusSnapshot& cur : status.snapshots)
                if (cur.certificate().segment == snap->certificate().segment) {
                    auto accepted = accept_status_update(cur, std::move(*snap));
                    if (!accepted)
                        return fail("verify", std::string(to_string(accepted.error().reason)) +
                                                  ": " + path + ": " + accepted.error().detail);
                    cur = std::move(*accepted);
                    replaced = true;
                    break;
                }
            if (!replaced) status.snapshots.push_back(std::move(*snap));
        }
    }
    const StatusContext* ctx = status.snapshots.empty() ? nullptr : &status;

    bool io_error = false;
    for (const std::string& input : a.positional()) {
        if (input == "-") {
            std::string line;
            std::size_t n = 0;
            while (read_capped_line(stdin, line, kMaxLineBytes)) {
                ++n;
                if (!line.empty() && line.back() == '\r') line.pop_back();
                if (line.empty()) continue;
                out.report(assess_text(line, *trust, at, ctx), "stdin:" + std::to_string(n));
            }
            continue;
        }
        // Decoded in a worker process within the budget (native/image/scan_worker.cpp).
        native::ImageScan scan = native::scan_image_file(input, limits);
        std::vector<Assessment> found;
        Verdict worst = Verdict::no_code;
        for (const auto& s : scan.symbols) {
            found.push_back(assess_text(s.text, *trust, at, ctx));
            worst = worse_verdict(worst, found.back().verdict);
        }
        if (!out.json && found.size() > 1)
            std::printf("%s: %s (worst of %zu codes)\n", input.c_str(),
                        std::string(to_string(worst)).c_str(), found.size());
        if (found.empty() && !scan.error) out.report(no_code_assessment(), input);
        for (std::size_t i = 0; i < found.size(); ++i)
            out.report(found[i], input, outline_json(scan.symbols[i]));
        if (scan.error) {
            // The detail already names the file.
            std::fprintf(stderr, "traceseal verify: %s (%s)\n", scan.error->detail.c_str(),
                         std::string(to_string(scan.error->reason)).c_str());
            io_error = true;
        }
    }
    if (int rc = report_provenance(a, *trust, out.json, out.lang)) return rc;
    std::fflush(stdout);
    if (io_error) return kExitUsage;
    return out.all_genuine ? kExitOk : kExitNotGenuine;
}

}  // namespace traceseal::cli
