// The verifier's held state across runs (see held_state.h, FORMAT.md §4.7).
#include "held_state.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "files.h"
#include "traceseal/tlog.h"

namespace traceseal::platform {

namespace {

using Json = nlohmann::json;

Error malformed(const std::string& path, const std::string& what) {
    return make_error(Reason::state_malformed, path + ": " + what);
}

std::string ignored(const std::string& path, const Error& e) {
    // File errors already start with the path.
    std::string detail = e.detail.rfind(path + ":", 0) == 0 ? e.detail : path + ": " + e.detail;
    return "held state ignored: " + std::string(to_string(e.reason)) + ": " + detail;
}

}  // namespace

std::string state_dir(const std::string& option) {
    if (!option.empty()) return option;
    auto env = [](const char* name) {
        const char* v = std::getenv(name);
        return v ? std::string(v) : std::string();
    };
    if (std::string d = env("TRACESEAL_STATE_DIR"); !d.empty()) return d;
    if (std::string d = env("XDG_STATE_HOME"); !d.empty()) return d + "/traceseal";
    if (std::string d = env("HOME"); !d.empty()) return d + "/.local/state/traceseal";
    return {};
}

std::string state_file_path(const std::string& dir, const PublicKey& root) {
    return dir + "/" + root_key_id(root) + ".json";
}

Result<StateFile> read_state_file(const std::string& path, const PublicKey& root) {
    struct stat st {};
    if (lstat(path.c_str(), &st) != 0 && errno == ENOENT) return StateFile{};  // nothing held yet
    auto text = cli::read_file(path, kMaxStateBytes);
    if (!text) return text.error();
    const Json j = Json::parse(*text, nullptr, false);
    if (!j.is_object()) return malformed(path, "not a JSON object");
    auto type = j.find("type");
    auto version = j.find("version");
    auto id = j.find("root_key_id");
    if (type == j.end() || !type->is_string() || *type != kStateType)
        return malformed(path, std::string("type is not \"") + kStateType + "\"");
    if (version == j.end() || !version->is_number_integer() || *version != 1)
        return malformed(path, "version is not 1");
    if (id == j.end() || !id->is_string() || *id != root_key_id(root))
        return malformed(path, "root_key_id is not the pinned root's " + root_key_id(root));
    StateFile f;
    f.members = *text;
    if (auto t = j.find("trust_list"); t != j.end()) {
        if (!t->is_string()) return malformed(path, "trust_list is not a string");
        f.trust_list = t->get<std::string>();
    }
    if (auto s = j.find("status"); s != j.end()) {
        if (!s->is_array()) return malformed(path, "status is not an array");
        for (const Json& item : *s) {
            auto bytes =
                item.is_string() ? tlog::base64_decode(item.get<std::string>()) : std::nullopt;
            if (!bytes) return malformed(path, "a status item is not base64 text");
            f.status.push_back(std::move(*bytes));
        }
    }
    return f;
}

std::string format_state_file(const TrustState& state, const std::string& envelope,
                              const std::string& previous) {
    Json j = Json::parse(previous, nullptr, false);
    if (!j.is_object()) j = Json::object();
    j["type"] = kStateType;
    j["version"] = 1;
    j["root_key_id"] = root_key_id(state.root());
    if (envelope.empty())
        j.erase("trust_list");
    else
        j["trust_list"] = envelope;
    Json status = Json::array();
    for (const StatusSnapshot& s : state.snapshots())
        status.push_back(tlog::base64_encode(s.bytes().data(), s.bytes().size()));
    j["status"] = std::move(status);
    return j.dump(1, ' ', false, Json::error_handler_t::replace) + "\n";
}

Result<HeldLoad> apply_held_state(const std::string& path, TrustState& state,
                                  const std::string& envelope) {
    HeldLoad out{envelope, {}, {}};
    auto file = read_state_file(path, state.root());
    if (!file) {
        out.warnings.push_back(ignored(path, file.error()));
        return out;
    }
    out.previous = file->members;
    if (!file->trust_list.empty()) {
        auto held = TrustState::create(state.root(), file->trust_list);
        if (!held) {
            out.warnings.push_back(ignored(path, held.error()));
            return out;  // the whole file is suspect: none of it is used
        }
        // §4.6: the given list must be an update of the held one.
        if (!envelope.empty()) {
            auto updated = held->update_trust_list(envelope);
            if (!updated) return updated.error();
        } else {
            auto accepted = accept_trust_list_update(held->trust_list(), state.trust_list());
            if (!accepted) return accepted.error();
            // Without the given list's file, keep the held one's unless the given one is newer.
            if (accepted->signed_body() == held->trust_list().signed_body())
                out.envelope = file->trust_list;
        }
    }
    for (const Bytes& snapshot : file->status)
        if (auto added = state.add_status(snapshot); !added)
            out.warnings.push_back(
                "held status snapshot dropped: " + std::string(to_string(added.error().reason)) +
                ": " + path + ": " + added.error().detail);
    return out;
}

std::optional<std::string> save_held_state(const std::string& path, const TrustState& state,
                                           const std::string& envelope,
                                           const std::string& previous) {
    const std::string text = format_state_file(state, envelope, previous);
    if (text == previous) return std::nullopt;  // nothing new: no write, no fsync
    const std::size_t slash = path.rfind('/');
    if (slash != std::string::npos && slash > 0)
        if (auto e = cli::make_dirs(path.substr(0, slash)))
            return "held state not saved: file_write_failed: " + *e;
    if (auto e = cli::write_file(path, text)) return "held state not saved: " + *e;
    return std::nullopt;
}

}  // namespace traceseal::platform
