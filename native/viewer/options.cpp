// Option parsing and start-up loading for traceseal-viewer (see options.h).
#include "options.h"

#include <cstdio>
#include <cstdlib>

#include "held_state.h"
#include "inspector_key.h"
#include "trust_source.h"

namespace traceseal::viewer {
namespace {

std::string fatal(const Error& e) {
    return std::string(to_string(e.reason)) + ": " + e.detail;
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
        else if (const auto* spec = platform::find_verify_option(a); spec && spec->value.empty())
            platform::set_verify_option(o.verify, a, "");  // a flag (--no-state)
        else if (spec)
            value(n), platform::set_verify_option(o.verify, a, n);
        else if (a == "--screenshot")
            value(o.screenshot);
        else if (a == "--dump-json")
            value(o.dump);
        else if (a == "--show")
            value(o.show);
        else if (a == "--select")
            value(o.select);
        else if (a == "--server")
            value(o.server);
        else if (a == "--sync-seconds")
            value(n), o.sync_seconds = std::atoi(n.c_str());
        else if (a == "--phone")
            value(o.phone);
        else if (a == "--device-key")
            value(o.device_key);
        else if (a == "--case")
            value(o.case_reference);
        else if (a == "--login-outbox")
            value(o.login_outbox);
        else if (a == "--threads")
            value(n), o.threads = std::atoi(n.c_str());
        else if (a == "--bench-scan")
            value(n), o.bench_scan = std::atoi(n.c_str());
        else if (a.size() > 1 && a[0] == '-')
            o.error = "unknown option " + a;
        else
            o.files.push_back(a);
    }
    if (o.sync_seconds < 0 || o.sync_seconds > 86400) o.error = "--sync-seconds must be 1 to 86400";
    if (!o.login_outbox.empty() && (o.server.empty() || o.phone.empty() || o.device_key.empty()))
        o.error = "--login-outbox needs --server, --phone and --device-key";
    if (o.error.empty())
        if (auto usage = platform::check_verify_words(o.verify, true)) o.error = *usage;
    if (!o.verify.status.empty() && o.verify.root.empty())
        o.error = "--status needs --root and --trust-list";
    return o;
}

std::optional<std::string> start_state(AppState& s, const Options& o, const std::string& cfg,
                                       UnixTime start) {
    s.settings = load_settings(cfg);
    const platform::VerifyOptions& v = o.verify;
    s.lang = platform::pick_lang(v.lang, s.settings.lang);
    // Trust: the option files, else (interactive) the remembered ones, else the demo world.
    std::optional<TrustState> base;
    if (v.root.empty()) {
        TrustSource t = demo_trust();
        if (!o.headless() && !s.settings.root_path.empty()) {
            TrustSource r = load_trust_files(s.settings.root_path, s.settings.trust_path);
            if (r.list)
                t = std::move(r);
            else
                s.status = "remembered trust files refused; using the demo world";
        }
        if (!t.list) return fatal(*t.error);
        base = TrustState(*t.list);
        set_trust(s, std::move(t), start);
    }
    // Every file of the verify options through the CLI's loader, under the CLI's rules: a
    // refused file is fatal here as there.
    auto loaded = platform::load_verify_options(v, std::move(base));
    if (!loaded) return fatal(loaded.error());
    // A damaged held state (FORMAT.md §4.7) is a warning: on stderr, as the CLI, and in the bar.
    for (const std::string& w : loaded->warnings) {
        std::fprintf(stderr, "traceseal-viewer: warning: %s\n", w.c_str());
        s.status = w;
    }
    s.state_file = loaded->state_file;
    s.trust_envelope = loaded->trust_envelope;
    s.state_previous = loaded->state_previous;
    if (loaded->at) s.fixed_at = loaded->at;
    if (!v.image_seconds.empty()) s.image_seconds = *platform::parse_image_seconds(v.image_seconds);
    if (!v.root.empty()) {
        TrustSource t;
        t.root_path = v.root;
        t.trust_path = v.trust_list;
        t.description = v.root + " + " + v.trust_list;
        t.list = std::make_shared<const TrustList>(loaded->state.trust_list());
        t.root = loaded->state.root();
        set_trust(s, std::move(t), start);
    }
    // Scan context: the option, else the remembered one, else inspector_shop (AppState's default).
    if (loaded->context)
        set_context(s, *loaded->context, start);
    else if (!o.headless())
        if (auto c = parse_scan_context(s.settings.context)) set_context(s, *c, start);
    if (!v.status.empty() || !loaded->state.snapshots().empty()) {
        // The --status files, and the snapshots held from earlier runs (§4.7).
        StatusSource st;
        st.snapshots = loaded->state.snapshots();
        st.paths = v.status;
        for (const std::string& p : v.status)
            st.description += (st.description.empty() ? "" : ", ") + p;
        if (v.status.empty()) st.description = "held from earlier runs (" + s.state_file + ")";
        set_status(s, std::move(st), start);
    } else if (s.trust.root_path.empty()) {
        set_status(s, demo_status(s.trust), start);  // the embedded demo world's own snapshots
    } else if (!o.headless() && v.root.empty() && !s.settings.status_paths.empty()) {
        if (auto err = load_status(s, s.settings.status_paths, start))
            s.status = "remembered status files refused: " + std::string(to_string(err->reason)) +
                       " " + err->detail;
    }
    // Provenance (§10.4): the held checkpoints, one per log, and the verified bundles.
    s.provenance.held = loaded->state.held_checkpoints();
    s.provenance.held_logs = loaded->state.held_log_checkpoints();
    s.provenance.inspector = loaded->inspector;
    for (platform::LoadedBundle& b : loaded->bundles) {
        s.provenance.files.push_back(std::move(b.bytes));
        s.provenance.bundles.push_back(std::move(b.provenance));
        s.provenance.paths.push_back(std::move(b.path));
    }
    s.provenance.v2 = std::move(loaded->bundles_v2);  // verified with the inspector key above
    // The registry service (server_sync.h): its URL, the last good files of earlier syncs.
    ServerState& sv = s.server;
    sv.url = !o.server.empty() ? o.server : (o.headless() ? "" : s.settings.server);
    sv.phone = !o.phone.empty() ? o.phone : s.settings.phone;
    sv.device_key_path = !o.device_key.empty() ? o.device_key : s.settings.device_key;
    sv.inspector_key_path = !v.inspector_key.empty() ? v.inspector_key : s.settings.inspector_key;
    sv.case_reference = o.case_reference;
    if (o.sync_seconds > 0) sv.sync_seconds = o.sync_seconds;
    if (!sv.url.empty() && !v.no_state && s.trust.list)
        sv.sync_dir = sync_dir_for(platform::state_dir(v.state_dir), s.trust.root);
    if (!s.provenance.inspector && !sv.inspector_key_path.empty())
        if (auto k = cli::load_inspector_key(sv.inspector_key_path); k && k->secret)
            s.provenance.inspector = *k->secret;
    if (!o.headless()) {  // the clone rule's local scan log (FORMAT.md §9.5)
        s.scan_log = load_scan_log(scan_log_path(cfg));
        s.log_scans = true;
    }
    return std::nullopt;
}

}  // namespace traceseal::viewer
