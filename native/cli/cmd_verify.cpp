// traceseal verify: codes from images (native scan path) or text lines on stdin, each assessed
// against the pinned root's trust list at a given time; text or JSON Lines out.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "args.h"
#include "commands.h"
#include "files.h"
#include "scan_image.h"

namespace traceseal::cli {

namespace {
constexpr const char* kHelp = R"(Usage: traceseal verify --root ROOT.pub.json --trust-list TRUST.json
                        [--status FILE]... [--context consumer|inspector_shop|inspector_port]
                        [--json] [--at TIME] [--lang en|zh-CN] INPUT...

INPUT is an image file (PNG, JPEG, BMP, GIF...) or '-' for code texts on standard input, one per
line. Every code found is reported; an image with none gives one no_code result.

Options:
  --root FILE         the pinned root public key
  --trust-list FILE   the trust list signed by that root
  --status FILE       a signed status snapshot (FORMAT.md §9.3); repeatable, one per segment,
                      later files for the same segment must not roll back (status_rollback)
  --context WHO       scan context of the lifecycle rules (§9.5; default consumer)
  --json              JSON Lines: one object per code with input, verdict, reasons, fields
  --at TIME           verify as of TIME (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ; default now)
  --lang LANG         language of the text output (default from $LANG)

Verdicts: genuine, warning, invalid, foreign, no_code (docs/FORMAT.md §6).
Exit status: 0 every result genuine, 1 any result not genuine, 2 usage or I/O error.
)";

constexpr std::size_t kMaxLineBytes = 1 << 16;

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
        o += (i ? ",[" : "[") + std::to_string(s.outline[i].x) + "," + std::to_string(s.outline[i].y) + "]";
    return o + "]}";
}

}  // namespace

int run_verify(const std::vector<std::string>& argv) {
    Args a(argv, {"--root", "--trust-list", "--at", "--lang", "--status", "--context"}, {"--json"});
    if (a.help()) return std::fputs(kHelp, stdout), kExitOk;
    if (!a.ok()) return fail("verify", a.error());
    if (!a.value("--root") || !a.value("--trust-list"))
        return fail("verify", "--root and --trust-list are required (see --help)");
    if (a.positional().empty()) return fail("verify", "no INPUT given (an image file, or - for stdin)");
    UnixTime at = now_utc();
    if (auto t = a.value("--at")) {
        auto parsed = parse_time(*t);
        if (!parsed) return fail("verify", "--at: " + parsed.error().detail);
        at = *parsed;
    }
    Output out;
    out.json = a.flag("--json");
    std::string lang = a.value("--lang").value_or(std::getenv("LANG") ? std::getenv("LANG") : "en");
    out.lang = lang.rfind("zh", 0) == 0 ? Lang::zh_CN : Lang::en;
    auto trust = load_trust(*a.value("--root"), *a.value("--trust-list"));
    if (!trust)
        return fail("verify", std::string(to_string(trust.error().reason)) + ": " + trust.error().detail);
    // §9.4: each snapshot verified against the trust list and the root, then the rollback rule.
    StatusContext status;
    auto context = parse_scan_context(a.value("--context").value_or("consumer"));
    if (!context) return fail("verify", "--context must be consumer, inspector_shop or inspector_port");
    status.context = *context;
    if (!a.values("--status").empty()) {
        auto root = load_key_file(*a.value("--root"));
        if (!root) return fail("verify", root.error().detail);
        for (const std::string& path : a.values("--status")) {
            auto data = read_text_file(path);
            if (!data) return fail("verify", data.error().detail);
            auto snap = verify_status_snapshot(Bytes(data->begin(), data->end()), *trust, root->public_key);
            if (!snap)
                return fail("verify", std::string(to_string(snap.error().reason)) + ": " + path + ": " + snap.error().detail);
            bool replaced = false;
            for (StatusSnapshot& cur : status.snapshots)
                if (cur.certificate().segment == snap->certificate().segment) {
                    auto accepted = accept_status_update(cur, std::move(*snap));
                    if (!accepted)
                        return fail("verify", std::string(to_string(accepted.error().reason)) + ": " + path + ": " +
                                                  accepted.error().detail);
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
        auto img = native::load_image_file(input);
        if (!img) {
            std::fprintf(stderr, "traceseal verify: %s: %s (%s)\n", input.c_str(),
                         img.error().detail.c_str(), std::string(to_string(img.error().reason)).c_str());
            io_error = true;
            continue;
        }
        auto symbols = native::scan_image(*img);
        if (symbols.empty()) out.report(no_code_assessment(), input);
        for (const auto& s : symbols) out.report(assess_text(s.text, *trust, at, ctx), input, outline_json(s));
    }
    std::fflush(stdout);
    if (io_error) return kExitUsage;
    return out.all_genuine ? kExitOk : kExitNotGenuine;
}

}  // namespace traceseal::cli
