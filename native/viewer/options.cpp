// Option parsing and start-up loading for traceseal-viewer (see options.h).
#include "options.h"

#include <cstdlib>

#include "provenance_cli.h"
#include "trust_source.h"

namespace traceseal::viewer {
namespace {

std::string fatal(const Error& e) {
    return std::string(to_string(e.reason)) + ": " + e.detail;
}

Lang pick_lang(const Options& o, const Settings& s) {
    std::string l = !o.lang.empty()   ? o.lang
                    : !s.lang.empty() ? s.lang
                                      : (std::getenv("LANG") ? std::getenv("LANG") : "en");
    return l.rfind("zh", 0) == 0 ? Lang::zh_CN : Lang::en;
}

}  // namespace

Options parse_options(const std::vector<std::string>& args) {
    Options o;
    const int argc = static_cast<int>(args.size());
    for (int i = 0; i < argc; ++i) {
        const std::string& a = args[static_cast<std::size_t>(i)];
        auto value = [&](std::string& out) {
            if (i + 1 >= argc)
                o.error = a + " needs a value";
            else
                out = args[static_cast<std::size_t>(++i)];
        };
        std::string n;
        if (a == "--help" || a == "-h")
            o.help = true;
        else if (a == "--root")
            value(o.root);
        else if (a == "--trust-list")
            value(o.trust);
        else if (a == "--at")
            value(o.at);
        else if (a == "--status")
            value(n), o.status.push_back(n);
        else if (a == "--context")
            value(o.context);
        else if (a == "--provenance")
            value(n), o.provenance.push_back(n);
        else if (a == "--inspector-key")
            value(o.inspector_key);
        else if (a == "--checkpoint")
            value(o.checkpoint);
        else if (a == "--lang")
            value(o.lang);
        else if (a == "--image-seconds")
            value(o.image_seconds);
        else if (a == "--screenshot")
            value(o.screenshot);
        else if (a == "--dump-json")
            value(o.dump);
        else if (a == "--show")
            value(o.show);
        else if (a == "--select")
            value(o.select);
        else if (a == "--threads")
            value(n), o.threads = std::atoi(n.c_str());
        else if (a == "--bench-scan")
            value(n), o.bench_scan = std::atoi(n.c_str());
        else if (a.size() > 1 && a[0] == '-')
            o.error = "unknown option " + a;
        else
            o.files.push_back(a);
    }
    if (o.root.empty() != o.trust.empty()) o.error = "--root and --trust-list go together";
    if (!o.status.empty() && o.root.empty()) o.error = "--status needs --root and --trust-list";
    if (!o.context.empty() && !parse_scan_context(o.context))
        o.error = "--context must be consumer, inspector_shop or inspector_port";
    return o;
}

std::optional<std::string> start_state(AppState& s, const Options& o, const std::string& cfg,
                                       UnixTime start) {
    s.settings = load_settings(cfg);
    s.lang = pick_lang(o, s.settings);
    if (!o.image_seconds.empty()) {
        char* end = nullptr;
        const double secs = std::strtod(o.image_seconds.c_str(), &end);
        if (end == o.image_seconds.c_str() || *end != '\0' || !(secs >= 0.1 && secs <= 600))
            return "--image-seconds must be a number of seconds from 0.1 to 600";
        s.image_seconds = secs;
    }
    if (!o.at.empty()) {
        auto t = parse_time(o.at);
        if (!t) return "--at: " + t.error().detail;
        s.fixed_at = *t;
    }
    if (!o.root.empty()) {
        TrustSource t = load_trust_files(o.root, o.trust);
        if (!t.list) return fatal(*t.error);
        set_trust(s, std::move(t), start);
    } else if (!o.headless() && !s.settings.root_path.empty()) {
        TrustSource t = load_trust_files(s.settings.root_path, s.settings.trust_path);
        if (!t.list) s.status = "remembered trust files refused; using the demo world";
        set_trust(s, t.list ? std::move(t) : demo_trust(), start);
    } else {
        set_trust(s, demo_trust(), start);
    }
    // Scan context: the option, else the remembered one, else inspector_shop (AppState's default).
    const std::string ctx_word = !o.context.empty() ? o.context
                                 : o.headless()     ? ""
                                                    : s.settings.context;
    if (auto c = parse_scan_context(ctx_word)) set_context(s, *c, start);
    // Status data as `traceseal verify --status` loads it; a refused file is fatal as there.
    if (!o.status.empty()) {
        if (auto err = load_status(s, o.status, start)) return fatal(*err);
    } else if (s.trust.root_path.empty()) {
        set_status(s, demo_status(s.trust), start);  // the embedded demo world's own snapshots
    } else if (!o.headless() && o.root.empty() && !s.settings.status_paths.empty()) {
        if (auto err = load_status(s, s.settings.status_paths, start))
            s.status = "remembered status files refused: " + std::string(to_string(err->reason)) +
                       " " + err->detail;
    }
    // Provenance bundles (§10.4): refused files are fatal, as for `traceseal verify --provenance`.
    if (!o.checkpoint.empty() && s.trust.list) {
        auto c = load_checkpoint_file(o.checkpoint, *s.trust.list);
        if (!c) return fatal(c.error());
        s.provenance.held = std::move(*c);
    }
    if (!o.provenance.empty()) {
        if (auto err = load_provenance(s, o.provenance)) return fatal(*err);
    }
    if (!o.inspector_key.empty()) {
        auto k = cli::load_inspector_key(o.inspector_key);
        if (!k || !k->secret)
            return std::string("--inspector-key: ") +
                   (k ? "needs the inspector's secret key file" : k.error().detail);
        s.provenance.inspector = k->secret;
    }
    if (!o.headless()) {  // the clone rule's local scan log (FORMAT.md §9.5)
        s.scan_log = load_scan_log(scan_log_path(cfg));
        s.log_scans = true;
    }
    return std::nullopt;
}

}  // namespace traceseal::viewer
