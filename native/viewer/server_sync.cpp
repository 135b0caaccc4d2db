// The viewer's server worker and how its outcomes change AppState (server_sync.h). Every file and
// bundle from the server is verified on the worker through TrustState and provenance_v2, exactly
// as the CLI verifies them; the UI thread takes only verified results.
#include "server_sync.h"

#include <dirent.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "app_state.h"
#include "files.h"
#include "held_state.h"
#include "inspector_key.h"

namespace traceseal::viewer {
namespace {

constexpr const char* kTimesFile = "synced-at.txt";  // "NAME<TAB>UNIX TIME" lines

void save_times(const std::string& dir, const std::map<std::string, UnixTime>& times) {
    std::string out;
    for (const auto& [name, t] : times) out += name + "\t" + std::to_string(t) + "\n";
    cli::write_file(dir + "/" + kTimesFile, out);
}

std::map<std::string, UnixTime> load_times(const std::string& dir) {
    std::map<std::string, UnixTime> out;
    auto text = cli::read_file(dir + "/" + kTimesFile, 1 << 20);
    if (!text) return out;
    std::istringstream in(*text);
    std::string line;
    while (std::getline(in, line)) {
        auto tab = line.find('\t');
        if (tab == std::string::npos) continue;
        out[line.substr(0, tab)] = std::atoll(line.c_str() + tab + 1);
    }
    return out;
}

std::string bundle_file(const std::string& dir, const std::string& code) {
    return dir + "/bundles/" + code + ".tspb";
}

// A copy of what the viewer holds, as a TrustState the update functions can change.
TrustState state_of(const AppState& s) {
    TrustState st(*s.trust.list);
    for (const StatusSnapshot& snap : s.status_data.snapshots) st.add_status(snap.bytes());
    for (const auto& [origin, held] : s.provenance.held_logs) st.hold_log_checkpoint(held.note());
    return st;
}

bool same_snapshots(const std::vector<StatusSnapshot>& a, const std::vector<StatusSnapshot>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].bytes() != b[i].bytes()) return false;
    return true;
}

// What the worker verified becomes the viewer's trust, status and held checkpoints.
bool apply_state(AppState& s, const TrustState& st, UnixTime now) {
    bool changed = false;
    const TrustList& list = st.trust_list();
    if (!s.trust.list || s.trust.list->signed_body() != list.signed_body()) {
        TrustSource t = s.trust;
        t.list = std::make_shared<const TrustList>(list);
        t.root = st.root();
        t.description = "synced from " + s.server.url;
        set_trust(s, std::move(t), now);
        changed = true;
    }
    s.provenance.held_logs = st.held_log_checkpoints();
    if (!same_snapshots(s.status_data.snapshots, st.snapshots())) {
        StatusSource src;
        src.snapshots = st.snapshots();
        src.description = "synced from " + s.server.url;
        set_status(s, std::move(src), now);
    }
    return changed;
}

void put_bundle(AppState& s, platform::BundleV2Result b) {
    auto& v2 = s.provenance.v2;
    v2.erase(std::remove_if(
                 v2.begin(), v2.end(),
                 [&](const platform::BundleV2Result& o) { return o.code_number == b.code_number; }),
             v2.end());
    v2.push_back(std::move(b));
}

bool session_reason(Reason r) {
    return r == Reason::session_expired || r == Reason::session_bad_signature ||
           r == Reason::session_malformed || r == Reason::session_mismatch;
}

}  // namespace

ServerWorker::ServerWorker(std::string url, TrustState state, std::string sync_dir,
                           int sync_seconds)
    : url_(std::move(url)),
      dir_(std::move(sync_dir)),
      seconds_(sync_seconds),
      state_(std::move(state)) {
    if (!dir_.empty()) good_at_ = load_times(dir_);
    jobs_.push_back(Job{Outcome::Kind::sync, {}, {}, {}, {}, {}});
    thread_ = std::thread([this] { run(); });
}

ServerWorker::~ServerWorker() {
    {
        std::lock_guard<std::mutex> lock(m_);
        stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
}

void ServerWorker::post(Job job) {
    {
        std::lock_guard<std::mutex> lock(m_);
        jobs_.push_back(std::move(job));
    }
    cv_.notify_all();
}

void ServerWorker::sync_now() {
    post(Job{Outcome::Kind::sync, {}, {}, {}, {}, {}});
}
void ServerWorker::request_code(std::string phone) {
    post(Job{Outcome::Kind::code_sent, std::move(phone), {}, {}, {}, {}});
}
void ServerWorker::login(std::string phone, std::string code, std::string device_key_path) {
    post(Job{Outcome::Kind::login,
             std::move(phone),
             std::move(code),
             std::move(device_key_path),
             {},
             {}});
}
void ServerWorker::fetch(std::string code, std::string case_reference,
                         platform::ClientSession session, std::string device_key_path,
                         std::optional<BoxKeyPair> inspector) {
    post(Job{Outcome::Kind::bundle, std::move(code), std::move(case_reference),
             std::move(device_key_path), std::move(session), std::move(inspector)});
}

bool ServerWorker::busy() const {
    std::lock_guard<std::mutex> lock(m_);
    return running_job_ || !jobs_.empty();
}

std::vector<ServerWorker::Outcome> ServerWorker::take_outcomes() {
    std::lock_guard<std::mutex> lock(m_);
    return std::move(done_);
}

void ServerWorker::run() {
    std::unique_lock<std::mutex> lock(m_);
    while (!stop_) {
        if (jobs_.empty()) {
            const bool woke = cv_.wait_for(lock, std::chrono::seconds(seconds_),
                                           [&] { return stop_ || !jobs_.empty(); });
            if (stop_) break;
            if (!woke) jobs_.push_back(Job{Outcome::Kind::sync, {}, {}, {}, {}, {}});
        }
        Job job = std::move(jobs_.front());
        jobs_.pop_front();
        running_job_ = true;
        lock.unlock();
        Outcome out = handle(job);
        lock.lock();
        done_.push_back(std::move(out));
        running_job_ = false;
        if (on_outcome_) on_outcome_();
    }
}

ServerWorker::Outcome ServerWorker::handle(const Job& job) {
    Outcome out;
    out.kind = job.kind;
    platform::HttpClientOptions http;
    http.connect_timeout_ms = 3000;
    http.timeout_ms = 20000;
    if (job.kind == Outcome::Kind::sync) {
        out.report = platform::sync_from_server(url_, state_, http);
        for (const platform::SyncItem& i : out.report.items)
            if (!i.error) good_at_[i.name] = out.report.at;
        if (!dir_.empty() && out.report.reached) {
            out.warnings = platform::save_synced_files(dir_, out.report, state_);
            save_times(dir_, good_at_);
        }
        out.state = state_;
    } else if (job.kind == Outcome::Kind::code_sent) {
        auto r = platform::request_login_code(url_, job.a, http);
        if (!r) out.failure = r.failure;
    } else if (job.kind == Outcome::Kind::login) {
        auto device = platform::load_device_key(job.c);
        if (!device) {
            out.failure = platform::ClientError{device.error(), false};
        } else if (auto r = platform::login(url_, job.a, job.b, *device, cli::now_utc(), http)) {
            out.session = *r.value;
        } else {
            out.failure = r.failure;
        }
    } else {
        out.code = job.a;
        auto device = platform::load_device_key(job.c);
        if (!device) {
            out.failure = platform::ClientError{device.error(), false};
            return out;
        }
        auto r = platform::fetch_bundle(*job.session, *device, job.a, job.b, cli::now_utc(), http);
        if (!r) {
            out.failure = r.failure;
            return out;
        }
        // Hold the checkpoint it proves against (with the proof from the held one), then
        // §10.13 offline, as `traceseal verify --provenance` does.
        platform::hold_bundle_checkpoint(url_, state_, *r.value, http);
        out.bundle = platform::verify_bundle_v2_file(url_ + " " + job.a, *r.value,
                                                     platform::log_lookup(state_),
                                                     job.inspector ? &*job.inspector : nullptr);
        if (!dir_.empty() && out.bundle->history) {
            cli::make_dirs(dir_ + "/bundles");
            cli::write_file(bundle_file(dir_, job.a), *r.value);
        }
        out.state = state_;
    }
    return out;
}

std::string sync_dir_for(const std::string& state_dir, const PublicKey& root) {
    if (state_dir.empty()) return {};
    const std::string file = platform::state_file_path(state_dir, root);  // DIR/<id>.json
    std::string id = file.substr(file.rfind('/') + 1);
    id = id.substr(0, id.size() - 5);
    return state_dir + "/sync/" + id;
}

TrustState start_server_state(AppState& s, UnixTime now) {
    TrustState st = state_of(s);
    ServerState& sv = s.server;
    if (sv.sync_dir.empty()) return st;
    for (const std::string& w : platform::load_synced_files(sv.sync_dir, st)) s.status = w;
    sv.good_at = load_times(sv.sync_dir);
    for (const auto& [name, t] : sv.good_at)
        if (!sv.last_success || t > *sv.last_success) sv.last_success = t;
    apply_state(s, st, now);
    // The bundles fetched in earlier runs, verified again now (offline).
    const std::string dir = sv.sync_dir + "/bundles";
    if (DIR* d = opendir(dir.c_str())) {
        while (dirent* e = readdir(d)) {
            std::string n = e->d_name;
            if (n.size() < 6 || n.compare(n.size() - 5, 5, ".tspb") != 0) continue;
            auto bytes = cli::read_file(dir + "/" + n, cli::kMaxProvenanceBytes);
            if (!bytes) continue;
            const BoxKeyPair* key = s.provenance.inspector ? &*s.provenance.inspector : nullptr;
            put_bundle(s, platform::verify_bundle_v2_file(dir + "/" + n,
                                                          Bytes(bytes->begin(), bytes->end()),
                                                          platform::log_lookup(st), key));
        }
        closedir(d);
    }
    return st;
}

bool apply_server_outcomes(AppState& s, ServerWorker& w, UnixTime now) {
    ServerState& sv = s.server;
    bool changed = false;
    for (ServerWorker::Outcome& o : w.take_outcomes()) {
        using Kind = ServerWorker::Outcome::Kind;
        if (o.kind == Kind::sync) {
            sv.last_attempt = o.report.at;
            ++sv.syncs;
            sv.items = o.report.items;
            sv.good_at = o.good_at.empty() ? sv.good_at : o.good_at;
            for (const platform::SyncItem& i : o.report.items)
                if (!i.error) sv.good_at[i.name] = o.report.at;
            sv.last_error.reset();
            if (!o.report.reached && !o.report.items.empty())
                sv.last_error = o.report.items.front().error;
            else
                sv.last_success = o.report.at;
            if (o.state) changed |= apply_state(s, *o.state, now);
            for (const std::string& warning : o.warnings) s.status = warning;
        } else if (o.kind == Kind::code_sent) {
            sv.login_busy = false;
            sv.code_sent = !o.failure;
            sv.login_error = o.failure ? std::optional<Error>(o.failure->error) : std::nullopt;
        } else if (o.kind == Kind::login) {
            sv.login_busy = false;
            if (o.session) {
                sv.session = o.session;
                sv.requested.clear();
                sv.login_error.reset();
                sv.code.clear();
                sv.code_sent = false;
            } else {
                sv.login_error = o.failure->error;
            }
        } else {
            sv.fetching.clear();
            if (o.failure) {
                sv.fetch_errors[o.code] = o.failure->error;
                if (session_reason(o.failure->error.reason)) {
                    sv.session.reset();
                    sv.login_error = o.failure->error;
                }
            } else {
                sv.fetch_errors.erase(o.code);
                if (o.state) changed |= apply_state(s, *o.state, now);
                put_bundle(s, std::move(*o.bundle));
            }
        }
    }
    if (sv.want_sync) w.sync_now();
    if (sv.want_code && !sv.login_busy) {
        sv.login_busy = true;
        sv.login_error.reset();
        w.request_code(sv.phone);
    }
    if (sv.want_login && !sv.login_busy) {
        sv.login_busy = true;
        sv.login_error.reset();
        w.login(sv.phone, sv.code, sv.device_key_path);
    }
    sv.want_sync = sv.want_code = sv.want_login = false;
    // A session past its expiry is dropped here (§12.6), before the service has to say so.
    if (sv.session && now >= sv.session->claims.expires_at) {
        sv.session.reset();
        sv.login_error = make_error(Reason::session_expired, "the session ended; log in again");
    }
    // The selected code's bundle, once per session (police: with a case reference, §12.3).
    if (sv.session && sv.fetching.empty() && s.selected && *s.selected < s.rows.size()) {
        const Row& r = s.rows[*s.selected];
        if (r.assessment.authentic && r.assessment.fields) {
            const std::string code = format_code_number(*r.assessment.fields);
            const bool needs_case = sv.session->claims.role == InspectorRole::police;
            if (!sv.requested.count(code) && (!needs_case || !sv.case_reference.empty())) {
                sv.requested.insert(code);
                sv.fetching = code;
                w.fetch(code, needs_case ? sv.case_reference : "", *sv.session, sv.device_key_path,
                        s.provenance.inspector);
            }
        }
    }
    return changed;
}

std::string code_from_outbox(const std::string& outbox, const std::string& phone) {
    std::ifstream in(outbox);
    std::string line, code;
    const std::regex re("code ([0-9]{6})");
    while (std::getline(in, line)) {
        if (line.find("\"" + phone + "\"") == std::string::npos) continue;
        std::smatch m;
        if (std::regex_search(line, m, re)) code = m[1];
    }
    return code;
}

}  // namespace traceseal::viewer
