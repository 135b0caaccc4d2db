// The viewer against a real traceseal-registryd --demo on 127.0.0.1 (server_sync.h): sync, a
// tampered published file refused with the last good data kept, offline on the kept files with
// their age, and login + bundle fetch per role (FORMAT.md §11.4, §12).
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

#include "app_state.h"
#include "inspector_key.h"
#include "options.h"
#include "server_sync.h"
#include "temp_dir.h"

using namespace traceseal;
using namespace traceseal::viewer;
namespace fs = std::filesystem;

namespace {

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}
void spit(const std::string& path, const std::string& data) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << data;
}

// A demo world written by the CLI, once per process.
const std::string& demo_dir() {
    static testkit::TempDir dir("viewer_server_demo");
    static bool made = false;
    if (!made) {
        const std::string cmd =
            std::string(TRACESEAL_CLI) + " demo --out " + dir.path() + "/w > /dev/null 2>&1";
        REQUIRE(std::system(cmd.c_str()) == 0);
        made = true;
    }
    static const std::string path = dir.path() + "/w";
    return path;
}

struct Viewer {
    AppState s;
    std::unique_ptr<ServerWorker> w;
    Viewer(const std::string& url, const std::string& state_dir) {
        Options o;
        o.server = url;
        o.dump = "unused";  // headless: no settings, no scan log
        o.verify.state_dir = state_dir;
        REQUIRE_FALSE(start_state(s, o, "", 0).has_value());
        TrustState held = start_server_state(s, 0);
        w = std::make_unique<ServerWorker>(url, std::move(held), s.server.sync_dir, 3600);
    }
    // Applies outcomes until `done` (or 30 s).
    bool pump(const std::function<bool()>& done) {
        for (int i = 0; i < 1500; ++i) {
            apply_server_outcomes(s, *w, static_cast<UnixTime>(std::time(nullptr)));
            if (done() && !w->busy()) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return false;
    }
    const platform::SyncItem* item(const std::string& name) const {
        for (const auto& i : s.server.items)
            if (i.name == name) return &i;
        return nullptr;
    }
    // Logs in as the demo's inspector of `role`, with the code from the SMS outbox.
    void login(const std::string& role, const std::string& phone) {
        const std::string keys = demo_dir() + "/keys/DEMO-ONLY-inspector-" + role;
        s.server.phone = phone;
        s.server.device_key_path = keys + ".device.key.json";
        s.server.want_code = true;
        REQUIRE(pump([&] { return s.server.code_sent || s.server.login_error; }));
        REQUIRE_FALSE(s.server.login_error);
        s.server.code = code_from_outbox(demo_dir() + "/sms-outbox.jsonl", phone);
        REQUIRE(s.server.code.size() == 6);
        s.server.want_login = true;
        REQUIRE(pump([&] { return s.server.session || s.server.login_error; }));
        REQUIRE(s.server.session);
    }
};

// traceseal-registryd --demo on a free loopback port; its first line names the URL. (testkit's
// ServiceProcess cannot be used here: its header includes the service's batch.h, which the
// viewer's own batch.h shadows on this target's include path.)
struct Service {
    pid_t pid = -1;
    std::string url;
    Service() {
        const std::string demo = demo_dir();  // made here, not in the child
        int fds[2];
        REQUIRE(pipe(fds) == 0);
        pid = fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            dup2(fds[1], 1);
            close(fds[0]);
            execl(TRACESEAL_REGISTRYD, TRACESEAL_REGISTRYD, "--demo", demo.c_str(), "--listen",
                  "127.0.0.1:0", static_cast<char*>(nullptr));
            _exit(127);
        }
        close(fds[1]);
        std::string line;
        char c;
        while (read(fds[0], &c, 1) == 1 && c != '\n') line += c;
        close(fds[0]);
        const std::string prefix = "listening on ";
        REQUIRE_MESSAGE(line.rfind(prefix, 0) == 0, line);
        url = line.substr(prefix.size());
    }
    void stop() {
        if (pid < 0) return;
        kill(pid, SIGTERM);
        waitpid(pid, nullptr, 0);
        pid = -1;
    }
    ~Service() { stop(); }
};

const std::string kCode = "00000100-00000002";  // the demo's picked-up code: sale and pickup

void select_code(AppState& s) {
    std::istringstream codes(slurp(demo_dir() + "/codes.txt"));
    std::string line;
    std::getline(codes, line), std::getline(codes, line);  // line 2: 00000100-00000002
    REQUIRE(paste_codes(s, line, static_cast<UnixTime>(std::time(nullptr))) == 1);
    s.selected = s.rows.size() - 1;
    REQUIRE(s.rows.back().assessment.fields);
    REQUIRE(format_code_number(*s.rows.back().assessment.fields) == kCode);
}

const TimelineEvent* event_of(const AppState& s, const std::string& type) {
    static std::vector<TimelineEvent> t;
    t = timeline_of(s.provenance, kCode);
    for (const TimelineEvent& e : t)
        if (e.type == type) return &e;
    return nullptr;
}

}  // namespace

TEST_CASE("sync from registryd; a tampered file is refused and the last good one kept; offline") {
    Service svc;
    testkit::TempDir state("viewer_server_state");
    UnixTime first_sync = 0;
    {
        Viewer v(svc.url, state.path());
        REQUIRE(v.pump([&] { return v.s.server.syncs >= 1; }));
        CHECK_FALSE(v.s.server.last_error);
        for (const auto& i : v.s.server.items) CHECK_MESSAGE(!i.error, i.name);
        CHECK(v.s.status_data.snapshots.size() == 2);
        CHECK(v.s.provenance.held_logs.size() == 2);
        REQUIRE(v.item("status 100"));
        REQUIRE(v.item("ts.example/log/1"));
        CHECK(fs::exists(v.s.server.sync_dir + "/status-100.tss"));
        CHECK(fs::exists(v.s.server.sync_dir + "/checkpoint-1.txt"));
        first_sync = *v.s.server.last_success;
        const Bytes good100 = v.s.status_data.snapshots[0].bytes();

        // Tamper with three published files: a status snapshot, the trust list, a checkpoint.
        const std::string pub = demo_dir() + "/public/";
        const std::string status = slurp(pub + "status/100.tss");
        std::string bad = status;
        bad[bad.size() - 1] ^= 1;  // the signature's last byte
        spit(pub + "status/100.tss", bad);
        const std::string trust = slurp(pub + "trust/trust-list.json");
        std::string bad_trust = trust;
        REQUIRE(bad_trust.find("DEMO") != std::string::npos);
        bad_trust.replace(bad_trust.find("DEMO"), 4, "DEMX");  // inside the signed body
        spit(pub + "trust/trust-list.json", bad_trust);
        const std::string cp = slurp(pub + "log/1/checkpoint");
        std::string bad_cp = cp;
        bad_cp[bad_cp.find('\n') + 1] = bad_cp[bad_cp.find('\n') + 1] == '9' ? '8' : '9';  // size
        spit(pub + "log/1/checkpoint", bad_cp);

        v.s.server.want_sync = true;
        REQUIRE(v.pump([&] { return v.s.server.syncs >= 2; }));
        REQUIRE(v.item("trust list")->error);
        CHECK(v.item("trust list")->error->reason == Reason::trust_list_bad_signature);
        REQUIRE(v.item("status 100")->error);
        CHECK(v.item("status 100")->error->reason == Reason::status_bad_signature);
        REQUIRE(v.item("ts.example/log/1")->error);
        CHECK(v.item("ts.example/log/1")->error->reason != Reason::server_unreachable);
        CHECK_FALSE(v.item("status 200")->error);
        // The last good data is what the viewer still uses.
        REQUIRE(v.s.status_data.snapshots.size() == 2);
        CHECK(v.s.status_data.snapshots[0].bytes() == good100);
        CHECK(v.s.provenance.held_logs.count("ts.example/log/1") == 1);
        CHECK(slurp(v.s.server.sync_dir + "/status-100.tss") ==
              std::string(good100.begin(), good100.end()));
        spit(pub + "status/100.tss", status);
        spit(pub + "log/1/checkpoint", cp);
        spit(pub + "trust/trust-list.json", trust);
    }
    // The server stops: a new run syncs in vain (server_unreachable) and works on the kept files.
    const std::string url = svc.url;
    svc.stop();
    Viewer v(url, state.path());
    CHECK(v.s.status_data.snapshots.size() == 2);  // before any sync: the kept files
    REQUIRE(v.s.server.last_success);
    CHECK(*v.s.server.last_success >= first_sync);
    REQUIRE(v.pump([&] { return v.s.server.syncs >= 1; }));
    REQUIRE(v.s.server.last_error);
    CHECK(v.s.server.last_error->reason == Reason::server_unreachable);
    CHECK(v.s.status_data.snapshots.size() == 2);
    CHECK(v.s.provenance.held_logs.size() == 2);
    select_code(v.s);
    REQUIRE(row_state(v.s.rows.back()));
    CHECK(*row_state(v.s.rows.back()) == CodeState::picked_up);
}

TEST_CASE("login with the outbox's code; a bundle v2 fetched and verified; details per role") {
    Service svc;
    testkit::TempDir state("viewer_server_login");
    SUBCASE("police, with a case reference: sale and pickup opened") {
        Viewer v(svc.url, state.path());
        REQUIRE(v.pump([&] { return v.s.server.syncs >= 1; }));
        v.login("police", "+8613800000002");
        CHECK(v.s.server.session->claims.role == InspectorRole::police);
        CHECK(v.s.server.session->claims.agency == 2);
        auto key =
            cli::load_inspector_key(demo_dir() + "/keys/DEMO-ONLY-inspector-police.key.json");
        REQUIRE(key);
        v.s.provenance.inspector = *key->secret;
        select_code(v.s);
        v.pump([] { return true; });
        CHECK(v.s.server.requested.empty());  // police: nothing asked without a case reference
        v.s.server.case_reference = "CASE-2026-17";
        REQUIRE(
            v.pump([&] { return !v.s.server.requested.empty() && v.s.server.fetching.empty(); }));
        CHECK(v.s.server.fetch_errors.empty());
        REQUIRE(history_of(v.s.provenance, kCode));
        CHECK(refusals_of(v.s.provenance, kCode).empty());
        const TimelineEvent* sell = event_of(v.s, "sell");
        REQUIRE(sell);
        CHECK(sell->details.has_value());
        CHECK_FALSE(sell->unreadable);
        const TimelineEvent* pickup = event_of(v.s, "pickup");
        REQUIRE(pickup);
        CHECK(pickup->details.has_value());
        CHECK(fs::exists(v.s.server.sync_dir + "/bundles/" + kCode + ".tspb"));
    }
    SUBCASE("market regulator: the events, the sale and pickup withheld") {
        Viewer v(svc.url, state.path());
        REQUIRE(v.pump([&] { return v.s.server.syncs >= 1; }));
        v.login("market_regulator", "+8613800000003");
        auto key = cli::load_inspector_key(demo_dir() +
                                           "/keys/DEMO-ONLY-inspector-market_regulator.key.json");
        REQUIRE(key);
        v.s.provenance.inspector = *key->secret;
        select_code(v.s);
        REQUIRE(
            v.pump([&] { return !v.s.server.requested.empty() && v.s.server.fetching.empty(); }));
        CHECK(v.s.server.fetch_errors.empty());
        REQUIRE(history_of(v.s.provenance, kCode));
        const TimelineEvent* sell = event_of(v.s, "sell");
        REQUIRE(sell);
        CHECK(sell->sealed);
        CHECK_FALSE(sell->details.has_value());
        REQUIRE(sell->unreadable);
        CHECK(sell->unreadable->reason == Reason::sealed_details_unreadable);
        const TimelineEvent* activate = event_of(v.s, "activate");
        REQUIRE(activate);
        CHECK(activate->details.has_value());  // store and date: clear for every role
    }
    SUBCASE("an expired session is dropped and says so") {
        Viewer v(svc.url, state.path());
        REQUIRE(v.pump([&] { return v.s.server.syncs >= 1; }));
        v.login("customs", "+8613800000001");
        apply_server_outcomes(v.s, *v.w, v.s.server.session->claims.expires_at);
        CHECK_FALSE(v.s.server.session);
        REQUIRE(v.s.server.login_error);
        CHECK(v.s.server.login_error->reason == Reason::session_expired);
    }
}
