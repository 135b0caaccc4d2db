// The verify options (see verify_options.h): one table, one loader.
#include "verify_options.h"

#include <algorithm>
#include <cstdlib>

#include "files.h"
#include "held_state.h"
#include "inspector_key.h"

namespace traceseal::platform {

const std::vector<VerifyOptionSpec>& verify_option_specs() {
    static const std::vector<VerifyOptionSpec> specs = {
        {"--root", "FILE", false, cli::kMaxKeyFileBytes, "the pinned root public key"},
        {"--trust-list", "FILE", false, cli::kMaxTrustListBytes,
         "the trust list signed by that root"},
        {"--status", "FILE", true, cli::kMaxStatusBytes,
         "a signed status snapshot (FORMAT.md §9.3); repeatable, one per segment, later files "
         "for the same segment must not roll back (status_rollback)"},
        {"--provenance", "FILE", true, cli::kMaxProvenanceBytes,
         "a provenance bundle, repeatable: v1 (§10.3; one that does not verify is refused) or v2 "
         "(§10.12: the code's timeline from the witnessed log the trust list names; one that "
         "does not verify is reported with its reason)"},
        {"--checkpoint", "FILE", true, cli::kMaxCheckpointBytes,
         "a checkpoint kept from before, repeatable (one per log; v1 or a v2 checkpoint note "
         "§10.9): refuses rolled-back or rewritten history of that log"},
        {"--inspector-key", "FILE", false, cli::kMaxKeyFileBytes,
         "an inspector's secret key (§10.16): opens sealed sale and pickup details"},
        {"--at", "TIME", false, 0,
         "verify as of TIME (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ; default now)"},
        {"--lang", "LANG", false, 0, "language of the text: en or zh-CN (default from $LANG)"},
        {"--context", "WHO", false, 0,
         "scan context of the lifecycle rules: consumer, inspector_shop or inspector_port (§9.5)"},
        {"--image-seconds", "S", false, 0,
         "CPU time each image may take to decode and scan (default 2, 0.1 to 600); past it the "
         "image is image_too_complex, and the codes found until then are reported (§6.4)"},
        {"--state-dir", "DIR", false, 0,
         "where the trust list and status snapshots seen are held across runs, so an older one "
         "given later is refused (§4.7; default $TRACESEAL_STATE_DIR, else "
         "$XDG_STATE_HOME/traceseal, else ~/.local/state/traceseal)"},
        {"--no-state", "", false, 0, "neither read nor write the held state (tests, old data)"},
    };
    return specs;
}

const VerifyOptionSpec* find_verify_option(std::string_view name) {
    for (const VerifyOptionSpec& s : verify_option_specs())
        if (s.name == name) return &s;
    return nullptr;
}

std::string verify_options_help() {
    // "  --name VALUE" in 23 columns, then the help wrapped at 99 columns.
    std::string out;
    for (const VerifyOptionSpec& s : verify_option_specs()) {
        std::string line =
            "  " + std::string(s.name) + (s.value.empty() ? "" : " ") + std::string(s.value);
        line.resize(std::max<std::size_t>(line.size() + 1, 23), ' ');
        std::size_t col = line.size();
        std::string_view rest = s.help;
        while (!rest.empty()) {
            std::size_t sp = rest.find(' ');
            std::string_view word = rest.substr(0, sp);
            const bool first = col == 23 || line.back() == ' ';
            if (col + 1 + word.size() > 99 && !first) {
                line += "\n" + std::string(23, ' ');
                col = 23;
            } else if (!first) {
                line += ' ';
                ++col;
            }
            line += std::string(word);
            col += word.size();
            rest = sp == std::string_view::npos ? std::string_view() : rest.substr(sp + 1);
        }
        out += line + "\n";
    }
    return out;
}

bool set_verify_option(VerifyOptions& o, std::string_view name, std::string value) {
    if (name == "--root") return o.root = std::move(value), true;
    if (name == "--trust-list") return o.trust_list = std::move(value), true;
    if (name == "--inspector-key") return o.inspector_key = std::move(value), true;
    if (name == "--at") return o.at = std::move(value), true;
    if (name == "--lang") return o.lang = std::move(value), true;
    if (name == "--context") return o.context = std::move(value), true;
    if (name == "--image-seconds") return o.image_seconds = std::move(value), true;
    if (name == "--state-dir") return o.state_dir = std::move(value), true;
    if (name == "--no-state") return o.no_state = true, true;
    if (name == "--status") return o.status.push_back(std::move(value)), true;
    if (name == "--provenance") return o.provenance.push_back(std::move(value)), true;
    if (name == "--checkpoint") return o.checkpoint.push_back(std::move(value)), true;
    return false;
}

std::optional<std::string> check_verify_words(const VerifyOptions& o, bool trust_optional) {
    if (o.root.empty() != o.trust_list.empty()) return "--root and --trust-list go together";
    if (!trust_optional && o.root.empty())
        return "--root and --trust-list are required (see --help)";
    if (!o.at.empty())
        if (auto t = parse_time(o.at); !t) return "--at: " + t.error().detail;
    if (!o.context.empty() && !parse_scan_context(o.context))
        return "--context must be consumer, inspector_shop or inspector_port";
    if (!o.lang.empty() && o.lang.rfind("zh", 0) != 0 && o.lang.rfind("en", 0) != 0)
        return "--lang must be en or zh-CN";
    if (o.no_state && !o.state_dir.empty()) return "--state-dir and --no-state exclude each other";
    if (!o.image_seconds.empty() && !parse_image_seconds(o.image_seconds))
        return "--image-seconds must be a number of seconds from 0.1 to 600";
    return std::nullopt;
}

std::optional<double> parse_image_seconds(std::string_view text) {
    const std::string s(text);
    char* end = nullptr;
    const double secs = std::strtod(s.c_str(), &end);
    if (s.empty() || end != s.c_str() + s.size() || !(secs >= 0.1 && secs <= 600))
        return std::nullopt;
    return secs;
}

Lang pick_lang(std::string_view option, std::string_view remembered) {
    const char* env = std::getenv("LANG");
    std::string_view l = !option.empty()       ? option
                         : !remembered.empty() ? remembered
                         : env                 ? std::string_view(env)
                                               : std::string_view("en");
    return l.rfind("zh", 0) == 0 ? Lang::zh_CN : Lang::en;
}

namespace {

Error naming(const Error& e, const std::string& path) {
    // File errors from files.cpp already start with the path; core errors do not.
    if (e.detail.rfind(path + ":", 0) == 0) return e;
    return make_error(e.reason, path + ": " + e.detail);
}

}  // namespace

Result<TrustState> load_trust_state(const std::string& root_path, const std::string& trust_path) {
    auto trust = cli::load_trust(root_path, trust_path);  // §4.5, errors name the file
    if (!trust) return trust.error();
    return TrustState(std::move(*trust));
}

Result<Verifier> load_verify_options(const VerifyOptions& o, std::optional<TrustState> base) {
    if (auto usage = check_verify_words(o, base.has_value()))
        return make_error(Reason::time_malformed, *usage);  // callers check words first
    // Every named file is checked before any is used: a FIFO or a device is refused at once.
    for (const VerifyOptionSpec& s : verify_option_specs()) {
        if (!s.max_file_bytes) continue;
        std::vector<std::string> paths;
        if (s.name == "--root") paths = {o.root};
        if (s.name == "--trust-list") paths = {o.trust_list};
        if (s.name == "--inspector-key") paths = {o.inspector_key};
        if (s.name == "--status") paths = o.status;
        if (s.name == "--provenance") paths = o.provenance;
        if (s.name == "--checkpoint") paths = o.checkpoint;
        for (const std::string& p : paths)
            if (!p.empty())
                if (auto e = cli::check_input_file(p, s.max_file_bytes)) return *e;
    }
    std::optional<TrustState> state = std::move(base);
    std::string envelope;  // the given trust list file, as verified
    if (!o.root.empty()) {
        auto root = cli::load_key_file(o.root);
        if (!root) return root.error();
        if (root->role != KeyRole::root)
            return make_error(Reason::key_file_malformed, o.root + ": not a root key");
        auto text = cli::read_file(o.trust_list, cli::kMaxTrustListBytes);
        if (!text) return text.error();
        auto loaded = TrustState::create(root->public_key, *text);  // §4.5
        if (!loaded) return naming(loaded.error(), o.trust_list);
        state = std::move(*loaded);
        envelope = std::move(*text);
    }
    Verifier v{std::move(*state), {}, {}, pick_lang(o.lang), {}, {}, {}, {}, {}, {}, {}};
    // §4.7: what earlier runs held comes before this run's files.
    if (!o.no_state) {
        const std::string dir = state_dir(o.state_dir);
        if (dir.empty())
            v.warnings.push_back(
                "no held state: set --state-dir, $TRACESEAL_STATE_DIR or $HOME (§4.7)");
        else {
            v.state_file = state_file_path(dir, v.state.root());
            auto held = apply_held_state(v.state_file, v.state, envelope);
            if (!held) {
                const std::string given = o.trust_list.empty() ? "trust list" : o.trust_list;
                return make_error(held.error().reason,
                                  given + ": " + held.error().detail + " (against the held state " +
                                      v.state_file + "; --no-state ignores it)");
            }
            v.trust_envelope = std::move(held->envelope);
            v.state_previous = std::move(held->previous);
            v.warnings = std::move(held->warnings);
        }
    }
    if (!o.at.empty()) v.at = *parse_time(o.at);
    if (!o.context.empty()) v.context = *parse_scan_context(o.context);
    for (const std::string& path : o.status) {
        auto data = cli::read_bytes_file(path, cli::kMaxStatusBytes);
        if (!data) return data.error();
        auto added = v.state.add_status(*data);
        if (!added && !v.state_file.empty() &&
            (added.error().reason == Reason::status_rollback ||
             added.error().reason == Reason::status_conflict))
            return make_error(
                added.error().reason,
                path + ": " + added.error().detail + " (against what is held: " + v.state_file +
                    " or an earlier --status; --no-state ignores " + "the held state)");
        if (!added) return naming(added.error(), path);
    }
    for (const std::string& path : o.checkpoint) {
        auto data = cli::read_bytes_file(path, cli::kMaxCheckpointBytes);
        if (!data) return data.error();
        // v1: the 119-byte "TSCP" checkpoint (§10.2); otherwise a v2 checkpoint note of a log
        // the trust list names (§10.9 "Held checkpoints").
        const bool v1 = data->size() >= 4 && std::equal(data->begin(), data->begin() + 4, "TSCP");
        if (!v1) {
            auto held = v.state.hold_log_checkpoint(std::string(data->begin(), data->end()));
            if (!held) return naming(held.error(), path);
            continue;
        }
        auto held = v.state.hold_checkpoint(*data);
        if (!held) return naming(held.error(), path);
    }
    if (!o.inspector_key.empty()) {
        auto k = cli::load_inspector_key(o.inspector_key);
        if (!k) return k.error();
        if (!k->secret)
            return make_error(
                Reason::key_file_malformed,
                o.inspector_key + ": --inspector-key needs the inspector's secret key file");
        v.inspector = k->secret;
    }
    const LogLookup logs = log_lookup(v.state);
    for (const std::string& path : o.provenance) {
        auto data = cli::read_bytes_file(path, cli::kMaxProvenanceBytes);
        if (!data) return data.error();
        if (is_bundle_v2(*data)) {
            const BoxKeyPair* inspector = v.inspector ? &*v.inspector : nullptr;
            v.bundles_v2.push_back(verify_bundle_v2_file(path, std::move(*data), logs, inspector));
            continue;
        }
        // Every code the bundle has records of must be complete (§10.4 step 5).
        auto p = v.state.verify_bundle(*data, "");
        if (!p) return naming(p.error(), path);
        v.bundles.push_back({path, std::move(*data), std::move(*p)});
    }
    if (!v.state_file.empty())
        if (auto e = save_held_state(v.state_file, v.state, v.trust_envelope, v.state_previous))
            v.warnings.push_back(*e);
    return v;
}

}  // namespace traceseal::platform
