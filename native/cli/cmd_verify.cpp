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
#include "verify_options.h"

namespace traceseal::cli {

namespace {
std::string help() {
    return R"(Usage: traceseal verify --root ROOT.pub.json --trust-list TRUST.json
                        [--status FILE]... [--context consumer|inspector_shop|inspector_port]
                        [--provenance BUNDLE]... [--checkpoint HELD]... [--inspector-key FILE]
                        [--json] [--at TIME] [--lang en|zh-CN] [--image-seconds S]
                        [--state-dir DIR | --no-state] INPUT...

INPUT is an image file (PNG, JPEG, GIF or BMP) or '-' for code texts on standard input, one per
line. Every code found is reported; an image with none gives one no_code result, an image with
several first gets a line with the worst of their verdicts. Provenance bundles' events are
printed after the codes: a bundle v2 (FORMAT.md §10.12) gives the code's verified timeline from
the witnessed log its trust list names, or its refusal reason (exit 1). Every FILE must be a
regular file of bounded size (file_unreadable, not_a_regular_file, file_too_large: exit 2 naming
the file). The trust list and snapshots seen are held in the state directory, one file per root:
a later run given older ones refuses them (trust_list_rollback, status_rollback; docs/FORMAT.md
§4.7).

Options:
)" + platform::verify_options_help() +
           R"(  --json               JSON Lines: one object per code with input, verdict, reasons, fields

Verdicts: genuine, warning, invalid, foreign, no_code (docs/FORMAT.md §6).
Exit status: 0 every result genuine (and every bundle v2 verified), 1 any result not genuine or
a bundle v2 refused, 2 usage or I/O error (or a v1 bundle refused).
)";
}

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
        if (a.fields && a.reminder) {  // names only for a code still good (§6.1)
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
        if (a.reminder) std::printf("  %s\n", std::string(resale_reminder(lang)).c_str());
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

// The events of every verified bundle, sealed details opened with the inspector key if given.
void report_provenance(const platform::Verifier& v, bool json, Lang lang) {
    const bool held = !v.state.held_checkpoints().empty();
    for (const platform::LoadedBundle& b : v.bundles) {
        const Provenance* p = &b.provenance;
        const std::string& path = b.path;
        const std::optional<BoxKeyPair>& inspector = v.inspector;
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
                    held && v.state.held_checkpoints().count(
                                TrustState::log_of(p->checkpoint(), v.state.trust_list()))
                        ? ", consistent with the held checkpoint"
                        : "");
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
}

// Bundles v2 (§10.13): each code's timeline from the witnessed log, or why it was refused.
// Returns false if any was refused.
bool report_provenance_v2(const platform::Verifier& v, bool json, Lang lang) {
    const bool zh = lang == Lang::zh_CN;
    bool all_ok = true;
    for (const platform::BundleV2Result& b : v.bundles_v2) {
        all_ok = all_ok && b.history.has_value();
        if (json) {
            std::printf("%s\n", bundle_v2_json(b).c_str());
            continue;
        }
        if (!b.history) {
            const Error& e = *b.refused;
            std::printf("%s: provenance refused%s%s\n  - %s: %s\n    %s\n", b.path.c_str(),
                        b.code_number.empty() ? "" : " for ", printable(b.code_number).c_str(),
                        std::string(to_string(e.reason)).c_str(),
                        std::string(message(e.reason, lang)).c_str(), printable(e.detail).c_str());
            continue;
        }
        const platform::HistoryV2& h = *b.history;
        std::string witnesses;
        for (const std::string& w : h.witnesses) witnesses += (witnesses.empty() ? "" : ", ") + w;
        std::printf(
            "%s: provenance verified: %s, log %s of %llu entries, cosigned by %s (quorum %zu of "
            "%zu)",
            b.path.c_str(), h.code_number.c_str(), h.checkpoint.origin.c_str(),
            static_cast<unsigned long long>(h.checkpoint.size), witnesses.c_str(), h.quorum,
            h.witnesses_listed);
        if (h.held_size)
            std::printf(", consistent with the held checkpoint of %llu entries",
                        static_cast<unsigned long long>(*h.held_size));
        std::printf("\n");
        for (const platform::TimelineEntry& e : h.events) {
            auto st = parse_code_state(e.event.state);
            std::printf("  %llu %-9s -> %s", static_cast<unsigned long long>(e.index),
                        e.event.type.c_str(),
                        st ? std::string(message(*st, lang)).c_str() : e.event.state.c_str());
            if (!e.event.related.empty()) std::printf(" (%s)", e.event.related.c_str());
            if (e.details)
                std::printf(
                    "  %s  %s, %s%s%s\n", format_time(e.details->time).c_str(),
                    printable(e.details->actor).c_str(), printable(e.details->place).c_str(),
                    e.details->reason.empty() ? "" : ": ", printable(e.details->reason).c_str());
            else if (e.unreadable)
                std::printf("  [%s: %s]\n", std::string(to_string(e.unreadable->reason)).c_str(),
                            printable(e.unreadable->detail).c_str());
            else
                std::printf("  [%s]\n",
                            zh ? "详情已密封，仅监管人员可见" : "details sealed for inspectors");
        }
    }
    return all_ok;
}

}  // namespace

int run_verify(const std::vector<std::string>& argv) {
    std::vector<std::string> value_options, flags = {"--json"};
    for (const auto& spec : platform::verify_option_specs())
        (spec.value.empty() ? flags : value_options).emplace_back(spec.name);
    Args a(argv, value_options, flags);
    if (a.help()) return std::fputs(help().c_str(), stdout), kExitOk;
    if (!a.ok()) return fail("verify", a.error());
    platform::VerifyOptions o;
    for (const auto& spec : platform::verify_option_specs()) {
        const std::string name(spec.name);
        if (!spec.repeatable && a.values(name).size() > 1)
            return fail("verify", name + " is given twice");
        if (spec.value.empty() && a.flag(name)) platform::set_verify_option(o, name, "");
        if (!spec.value.empty())
            for (const std::string& v : a.values(name)) platform::set_verify_option(o, name, v);
    }
    if (auto usage = platform::check_verify_words(o, false)) return fail("verify", *usage);
    if (a.positional().empty() && o.provenance.empty())
        return fail("verify", "no INPUT given (an image file, or - for stdin)");
    auto loaded = platform::load_verify_options(o, std::nullopt);
    if (!loaded)
        return fail("verify",
                    std::string(to_string(loaded.error().reason)) + ": " + loaded.error().detail);
    const platform::Verifier& v = *loaded;
    for (const std::string& w : v.warnings)
        std::fprintf(stderr, "traceseal verify: warning: %s\n", w.c_str());
    native::ScanLimits limits;
    if (!o.image_seconds.empty())
        limits.cpu_seconds = *platform::parse_image_seconds(o.image_seconds);
    Output out;
    out.json = a.flag("--json");
    out.lang = v.lang;
    const ScanFacts scan{
        v.at.value_or(now_utc()), v.context.value_or(ScanContext::consumer), {}, {}};

    bool io_error = false;
    for (const std::string& input : a.positional()) {
        if (input == "-") {
            std::string line;
            std::size_t n = 0;
            while (read_capped_line(stdin, line, kMaxLineBytes)) {
                ++n;
                if (!line.empty() && line.back() == '\r') line.pop_back();
                if (line.empty()) continue;
                out.report(v.state.assess(line, scan), "stdin:" + std::to_string(n));
            }
            continue;
        }
        // Decoded in a worker process within the budget (native/image/scan_worker.cpp).
        native::ImageScan image = native::scan_image_file(input, limits);
        std::vector<Assessment> found;
        Verdict worst = Verdict::no_code;
        for (const auto& s : image.symbols) {
            found.push_back(v.state.assess(s.text, scan));
            worst = worse_verdict(worst, found.back().verdict);
        }
        if (!out.json && found.size() > 1)
            std::printf("%s: %s (worst of %zu codes)\n", input.c_str(),
                        std::string(to_string(worst)).c_str(), found.size());
        if (found.empty() && !image.error) out.report(no_code_assessment(), input);
        for (std::size_t i = 0; i < found.size(); ++i)
            out.report(found[i], input, outline_json(image.symbols[i]));
        if (image.error) {
            // The detail already names the file.
            std::fprintf(stderr, "traceseal verify: %s (%s)\n", image.error->detail.c_str(),
                         std::string(to_string(image.error->reason)).c_str());
            io_error = true;
        }
    }
    report_provenance(v, out.json, out.lang);
    const bool histories_ok = report_provenance_v2(v, out.json, out.lang);
    std::fflush(stdout);
    if (io_error) return kExitUsage;
    return out.all_genuine && histories_ok ? kExitOk : kExitNotGenuine;
}

}  // namespace traceseal::cli
