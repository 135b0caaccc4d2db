// The viewer against a registry service (`--server URL`, FORMAT.md §11.4, §12): a background
// thread that syncs the published trust data at start and on a timer, and runs the inspector's
// code request, login and bundle fetches; the UI thread only posts jobs and applies outcomes
// (apply_server_outcomes), so it never waits on the network. No ImGui here.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "inspector_client.h"
#include "provenance_v2.h"
#include "registry_sync.h"
#include "traceseal/trust_state.h"

namespace traceseal::viewer {

struct AppState;

inline constexpr int kDefaultSyncSeconds = 60;

// What the UI shows about the server and the session (a member of AppState).
struct ServerState {
    std::string url;       // empty: no server
    std::string sync_dir;  // the last good files (state dir/sync/<root key id>); empty: none
    int sync_seconds = kDefaultSyncSeconds;
    std::optional<UnixTime> last_attempt, last_success;  // wall clock
    std::optional<Error> last_error;                     // of the last attempt (unreachable, ...)
    std::vector<platform::SyncItem> items;               // the last attempt's files
    std::map<std::string, UnixTime> good_at;             // file name -> when it was last taken
    // Requests from the UI, posted to the worker by apply_server_outcomes.
    bool want_sync = false, want_code = false, want_login = false;
    int syncs = 0;  // sync outcomes applied so far
    // Login (§12.4–§12.6).
    std::string phone, code, device_key_path, inspector_key_path, case_reference;
    bool code_sent = false, login_busy = false;
    std::optional<platform::ClientSession> session;
    std::string login_message;  // the last login result or error, for the dialog
    std::optional<Error> login_error;
    // Bundles fetched for the selected code (§12.8), verified offline on arrival.
    std::set<std::string> requested;            // code numbers asked this session
    std::string fetching;                       // the code being fetched, if any
    std::map<std::string, Error> fetch_errors;  // code -> why it was not answered
};

// The worker: one thread, one job at a time, in order.
class ServerWorker {
  public:
    // `state`: what the UI thread holds now (pinned root, trust list, snapshots, checkpoints).
    ServerWorker(std::string url, TrustState state, std::string sync_dir, int sync_seconds);
    ~ServerWorker();
    ServerWorker(const ServerWorker&) = delete;

    void sync_now();
    void request_code(std::string phone);
    void login(std::string phone, std::string code, std::string device_key_path);
    void fetch(std::string code, std::string case_reference, platform::ClientSession session,
               std::string device_key_path, std::optional<BoxKeyPair> inspector);
    bool busy() const;  // a job queued or running

    struct Outcome {
        enum class Kind { sync, code_sent, login, bundle } kind = Kind::sync;
        std::optional<TrustState> state;  // after a sync or a bundle's checkpoint: what is held
        platform::SyncReport report;
        std::optional<platform::ClientError> failure;
        std::optional<platform::ClientSession> session;
        std::string code;
        std::optional<platform::BundleV2Result> bundle;
        std::vector<std::string> warnings;        // files not saved
        std::map<std::string, UnixTime> good_at;  // file name -> when it was last taken
    };
    std::vector<Outcome> take_outcomes();
    void set_on_outcome(std::function<void()> f) { on_outcome_ = std::move(f); }

  private:
    struct Job {
        Outcome::Kind kind;
        std::string a, b, c;
        std::optional<platform::ClientSession> session;
        std::optional<BoxKeyPair> inspector;
    };
    void run();
    Outcome handle(const Job& job);
    void post(Job job);

    std::string url_, dir_;
    int seconds_;
    TrustState state_;  // the worker's own copy, changed only through its update functions
    mutable std::mutex m_;
    std::condition_variable cv_;
    std::deque<Job> jobs_;
    bool running_job_ = false, stop_ = false;
    std::vector<Outcome> done_;
    std::function<void()> on_outcome_;
    std::map<std::string, UnixTime> good_at_;
    std::thread thread_;
};

// The sync directory for a pinned root: DIR/sync/<root key id> of the state directory.
std::string sync_dir_for(const std::string& state_dir, const PublicKey& root);
// At start, before the first sync: the last good files of `dir` (verified again through the
// TrustState functions) and the bundles fetched before, applied to `s`; the times they were
// taken. Returns the TrustState the worker starts from.
TrustState start_server_state(AppState& s, UnixTime now);
// UI thread, each frame: applies finished jobs (new trust list, snapshots, checkpoints, the
// session, a verified bundle), drops an expired session, and asks for the selected code's bundle
// when logged in. Returns true when the trust list changed (new names for the font atlas).
bool apply_server_outcomes(AppState& s, ServerWorker& w, UnixTime now);
// The one-time code of the newest SMS for `phone` in a demo outbox file (§12.4), for headless
// runs and tests; empty if none.
std::string code_from_outbox(const std::string& outbox, const std::string& phone);

}  // namespace traceseal::viewer
