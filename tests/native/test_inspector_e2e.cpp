// Inspectors end to end on 127.0.0.1 (FORMAT.md §12): registryd's Beast server and Router with
// the inspector routes mounted, driven by the `traceseal` CLI (inspector login with the code from
// the SMS outbox on stdin, provenance fetch) over libcurl.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "../tools/tlog_world.h"
#include "bundle_records.h"
#include "demo_inspectors.h"
#include "http_client.h"
#include "inspector_api.h"
#include "server.h"
#include "service_process.h"
#include "temp_dir.h"

using namespace traceseal;
using namespace traceseal::inspector;
namespace tw = traceseal::tlog::testworld;

namespace {

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

int run(const std::string& command) {
    int rc = std::system((command + " >/dev/null 2>&1").c_str());
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

struct Service {
    testkit::TempDir dir{"inspector_e2e"};
    cli::DemoWorld world = cli::make_demo_world(1);
    TrustList trust = *verify_trust_list(world.trust_list, world.root.public_key);
    std::vector<cli::DemoInspector> inspectors = cli::demo_inspectors(world);
    std::unique_ptr<InspectorStore> store =
        open_sqlite_inspector_store(dir.file("registry.sqlite")).value();
    FileOutboxSender sms{dir.file("outbox.jsonl"), [] { return cli_now(); }};
    KeyPair session_key = cli::demo_key("test-e2e/session", 1);
    std::unique_ptr<InspectorService> svc;
    std::unique_ptr<AuditLog> audit;
    std::unique_ptr<InspectorApi> api;
    tw::World log = tw::story();
    service::Router router;
    std::unique_ptr<service::Server> server;
    std::thread thread;
    std::string url;

    static UnixTime cli_now() { return static_cast<UnixTime>(std::time(nullptr)); }

    Service() {
        std::signal(SIGPIPE, SIG_IGN);  // a CLI that was refused before reading its stdin
        ServiceConfig c;
        c.trust = &trust;
        c.session_key = session_key;
        c.clock = cli_now;
        c.random = [](std::uint8_t* out, std::size_t n) {
            std::ifstream r("/dev/urandom", std::ios::binary);
            r.read(reinterpret_cast<char*>(out), static_cast<std::streamsize>(n));
        };
        svc = std::make_unique<InspectorService>(c, *store, sms);
        KeyPair audit_key = cli::demo_key("test-e2e/audit", 1);
        audit =
            AuditLog::open(dir.file("audit"), "ts.example/audit/1",
                           std::make_unique<log::KeySigner>(
                               "ts.example/audit/1", tlog::kSigTypeEd25519, audit_key.secret_key))
                .value();
        api = std::make_unique<InspectorApi>(
            *svc, *audit,
            [this](const std::string& code, const BundleRecipient& to) -> Result<Bytes> {
                if (!log.count.count(code))
                    return make_error(Reason::provenance_wrong_code, code + " has no events");
                tlog::BundleV2 b = log.bundle(code);
                seal_bundle_for(b, to.role, to.inspector_key, Seed{});
                return tlog::encode_bundle_v2(b);
            });
        api->mount(router);
        server = std::make_unique<service::Server>(router, service::ServerLimits{});
        auto bound = server->listen("127.0.0.1", "0");
        REQUIRE(bound);
        url = "http://" + *bound;
        thread = std::thread([this] { server->run([] {}); });
        // The demo files the CLI reads: each inspector's device key.
        for (const auto& in : inspectors) {
            KeyFile dev{KeyRole::device, 0, in.device.public_key, in.device.secret_key};
            dir.write(role(in) + ".device.key.json", format_secret_key_file(dev));
            REQUIRE(
                api->enrol({"POST", "/v1/inspector/enrolments", {}, in.certificate, ""}).status ==
                201);
        }
    }
    ~Service() {
        server->stop();
        thread.join();
    }
    static std::string role(const cli::DemoInspector& in) {
        return std::string(to_string(in.role));
    }
    std::vector<std::string> outbox() {
        std::ifstream in(dir.file("outbox.jsonl"));
        std::vector<std::string> lines;
        for (std::string l; std::getline(in, l);) lines.push_back(l);
        return lines;
    }
    // `traceseal inspector login`, typing `code` (the outbox's, if empty) once the SMS is sent.
    int login(const cli::DemoInspector& in, const std::string& typed = {}) {
        const std::size_t before = outbox().size();
        std::string cmd = std::string(TRACESEAL_CLI) + " inspector login --server " + url +
                          " --phone " + in.phone + " --key " +
                          dir.file(role(in) + ".device.key.json") + " --out " +
                          dir.file(role(in) + ".session") + " >/dev/null 2>&1";
        FILE* p = popen(cmd.c_str(), "w");
        REQUIRE(p);
        std::string code;
        for (int i = 0; i < 100 && outbox().size() == before; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        if (outbox().size() > before) {
            auto j = nlohmann::json::parse(outbox().back());
            std::string text = j["text"];
            code = text.substr(text.find("code ") + 5, 6);
        }
        std::string line = (typed.empty() ? code : typed) + "\n";
        std::fwrite(line.data(), 1, line.size(), p);
        int rc = pclose(p);
        return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    }
    int fetch(const cli::DemoInspector& in, const std::string& code, const std::string& out,
              const std::string& case_ref = {}) {
        return run(std::string(TRACESEAL_CLI) + " provenance fetch --server " + url +
                   " --session " + dir.file(role(in) + ".session") + " --out " + dir.file(out) +
                   (case_ref.empty() ? "" : " --case " + case_ref) + " " + code);
    }
    // The pickup details of a fetched bundle, verified first, as the inspector's key opens them.
    Result<Bytes> open_pickup(const std::string& file, const BoxKeyPair& key) {
        std::string s = slurp(dir.file(file));
        Bytes bytes(s.begin(), s.end());
        REQUIRE(tlog::verify_bundle_v2(bytes, log.policy, tw::kSegments, tw::kCode, nullptr));
        return testkit::open_details_of(bytes, "pickup", key);
    }
};

}  // namespace

TEST_CASE("login with the outbox's code, then least data per role, every fetch audited") {
    Service s;
    const auto& customs = s.inspectors[0];
    const auto& police = s.inspectors[1];
    const auto& market = s.inspectors[2];
    REQUIRE(s.login(police) == 0);
    REQUIRE(s.login(market) == 0);
    auto file = nlohmann::json::parse(slurp(s.dir.file("police.session")));
    auto claims = verify_session(file["token"].get<std::string>(), s.session_key.public_key,
                                 Service::cli_now());
    REQUIRE(claims);
    CHECK(claims->claims().role == InspectorRole::police);

    CHECK(s.fetch(police, tw::kCode, "police.tspb") == 1);  // no case reference: refused
    REQUIRE(s.fetch(police, tw::kCode, "police.tspb", "CASE-2026-15") == 0);
    REQUIRE(s.fetch(market, tw::kCode, "market.tspb") == 0);
    auto opened = s.open_pickup("police.tspb", police.box);
    CHECK(opened);
    auto withheld = s.open_pickup("market.tspb", market.box);
    REQUIRE_FALSE(withheld);
    CHECK(withheld.error().reason == Reason::sealed_details_unreadable);
    CHECK(s.fetch(market, "00000199-00000001", "none.tspb") == 1);  // not in the log

    auto records = read_audit_log(s.dir.file("audit"));
    REQUIRE(records);
    REQUIRE(records->size() == 3);  // the two answered and the one the log had no events for
    CHECK((*records)[0].case_reference == "CASE-2026-15");
    CHECK((*records)[1].role == InspectorRole::market_regulator);
    for (const auto& r : *records) {
        auto req = parse_signed_request(r.request);
        REQUIRE(req);
        CHECK_FALSE(verify_request_signature(*req, r.device_key));
    }
    (void)customs;
}

TEST_CASE("over HTTP: a replayed query and an expired session are refused") {
    Service s;
    const auto& police = s.inspectors[1];
    REQUIRE(s.login(police) == 0);
    auto file = nlohmann::json::parse(slurp(s.dir.file("police.session")));
    const std::string token = file["token"];
    auto claims = read_session_claims(token);
    REQUIRE(claims);
    QueryRequest q{claims->session, tw::kCode, "CASE-9", Service::cli_now(), std::string(32, '5')};
    const std::string req = sign_request(format_query_request(q), police.device.secret_key);
    auto b64 = [](const std::string& t) {
        return tlog::base64_encode(reinterpret_cast<const std::uint8_t*>(t.data()), t.size());
    };
    auto send = [&](const std::string& tok) {
        auto r = platform::http_request(
            "GET", s.url + "/v1/inspector/provenance/" + tw::kCode,
            {{"Authorization", "TraceSeal-Session " + b64(tok)}, {"TraceSeal-Request", b64(req)}},
            "");
        REQUIRE(r);
        return *r;
    };
    CHECK(send(token).status == 200);
    auto again = send(token);
    CHECK(again.status == 409);
    CHECK(again.body.find("request_replayed") != std::string::npos);
    SessionClaims old = *claims;
    old.issued_at -= kMaxSessionSeconds;
    old.expires_at = old.issued_at + 3600;
    auto expired = send(sign_session(old, s.session_key.secret_key));
    CHECK(expired.status == 401);
    CHECK(expired.body.find("session_expired") != std::string::npos);
    CHECK(read_audit_log(s.dir.file("audit"))->size() == 1);
}

TEST_CASE("over HTTP: the sixth code request of an hour is 429 with Retry-After") {
    Service s;
    const auto& customs = s.inspectors[0];
    auto ask = [&] {
        auto r = platform::http_request("POST", s.url + "/v1/inspector/code",
                                        {{"Content-Type", "application/json"}},
                                        "{\"phone\": \"" + customs.phone + "\"}");
        REQUIRE(r);
        return *r;
    };
    for (int i = 0; i < kCodeRequestsPerWindow; ++i) CHECK(ask().status == 202);
    auto limited = ask();
    CHECK(limited.status == 429);
    CHECK(limited.body.find("login_rate_limited") != std::string::npos);
    REQUIRE(limited.headers.count("retry-after"));
    const long left = std::stol(limited.headers["retry-after"]);
    CHECK(left > 3500);
    CHECK(left <= 3600);
    CHECK(s.outbox().size() == 5);
    CHECK(s.login(customs) == 1);  // the CLI is refused too, and says why
}

TEST_CASE("wrong codes typed at the CLI lock the number out") {
    Service s;
    const auto& customs = s.inspectors[0];
    for (int i = 0; i < 5; ++i) CHECK(s.login(customs, "000000") == 1);  // 1 in 10^6: no match
    CHECK(s.login(customs) == 1);  // locked: not even a new code is sent
    std::ifstream session(s.dir.file("customs.session"));
    CHECK_FALSE(session.good());
}

namespace {

// traceseal-registryd --demo DIR on 127.0.0.1 (a free port), stopped with SIGTERM.
struct Registryd {
    pid_t pid = -1;
    std::string url;
    explicit Registryd(const std::string& demo) {
        int out[2];
        REQUIRE(pipe(out) == 0);
        pid = fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            dup2(out[1], 1);
            close(out[0]);
            execl(TRACESEAL_REGISTRYD, TRACESEAL_REGISTRYD, "--demo", demo.c_str(), "--listen",
                  "127.0.0.1:0", "--publish-interval", "0", static_cast<char*>(nullptr));
            _exit(127);
        }
        close(out[1]);
        std::string line;
        char c;
        while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
        close(out[0]);
        REQUIRE_MESSAGE(line.rfind("listening on ", 0) == 0, line);
        url = line.substr(13);
    }
    ~Registryd() {
        kill(pid, SIGTERM);
        int st = 0;
        waitpid(pid, &st, 0);
    }
};

std::string run_out(const std::string& command) {
    std::string out;
    FILE* p = popen(command.c_str(), "r");
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
    pclose(p);
    return out;
}

}  // namespace

TEST_CASE(
    "traceseal-registryd --demo serves the inspector routes; verify opens what the role may") {
    std::signal(SIGPIPE, SIG_IGN);
    testkit::TempDir dir("inspector_registryd");
    const std::string cli = TRACESEAL_CLI, d = dir.file("demo");
    REQUIRE(run(cli + " demo --out " + d + " --count 10") == 0);
    auto manifest = nlohmann::json::parse(slurp(d + "/manifest.json"));
    REQUIRE(manifest["inspectors"].size() == 3);
    std::string picked_up;
    for (const auto& c : manifest["codes"])
        if (c["state"] == "picked_up") picked_up = c["code_number"];
    REQUIRE_FALSE(picked_up.empty());
    Registryd server(d);
    auto login = [&](const nlohmann::json& in) {
        const std::string outbox = d + "/sms-outbox.jsonl";
        std::size_t before = 0;
        {
            std::ifstream o(outbox);
            for (std::string l; std::getline(o, l);) ++before;
        }
        std::string role = in["role"];
        FILE* p = popen((cli + " inspector login --server " + server.url + " --phone " +
                         in["phone"].get<std::string>() + " --key " + d + "/" +
                         in["device_key"].get<std::string>() + " --out " + dir.file(role) +
                         ".session >/dev/null 2>&1")
                            .c_str(),
                        "w");
        std::vector<std::string> lines;
        for (int i = 0; i < 100 && lines.size() <= before; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            lines.clear();
            std::ifstream o(outbox);
            for (std::string l; std::getline(o, l);) lines.push_back(l);
        }
        REQUIRE(lines.size() > before);
        std::string text = nlohmann::json::parse(lines.back())["text"];
        std::string code = text.substr(text.find("code ") + 5, 6) + "\n";
        std::fwrite(code.data(), 1, code.size(), p);
        int rc = pclose(p);
        return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    };
    const auto& police = manifest["inspectors"][1];
    const auto& market = manifest["inspectors"][2];
    REQUIRE(police["role"] == "police");
    REQUIRE(login(police) == 0);
    REQUIRE(login(market) == 0);
    auto fetch = [&](const std::string& role, const std::string& extra) {
        return run(cli + " provenance fetch --server " + server.url + " --session " +
                   dir.file(role) + ".session --out " + dir.file(role) + ".tspb " + extra + " " +
                   picked_up);
    };
    REQUIRE(fetch("police", "--case CASE-2026-0042") == 0);
    REQUIRE(fetch("market_regulator", "") == 0);
    // Offline, as the inspector would: the bundle v2 against the demo's trust list (the log's
    // key and its witness), sealed details opened with the inspector key.
    auto verify = [&](const std::string& role, const nlohmann::json& in) {
        std::string out =
            run_out(cli + " verify --json --root " + d + "/root.pub.json --trust-list " + d +
                    "/trust-list.json --provenance " + dir.file(role) + ".tspb --inspector-key " +
                    d + "/" + in["inspector_key"].get<std::string>() + " 2>/dev/null");
        auto j = nlohmann::json::parse(out, nullptr, false);
        REQUIRE_MESSAGE(j.is_object(), out);
        REQUIRE_MESSAGE(j["provenance"].is_object(), out);
        CHECK(j["provenance"]["version"] == 2);
        CHECK(j["provenance"]["code"] == picked_up);
        CHECK(j["provenance"]["log"]["witnesses"] ==
              nlohmann::json::array({"witness.example/demo"}));
        for (const auto& e : j["provenance"]["events"])
            if (e["type"] == "pickup") return e["details"];
        FAIL("no pickup event of " << picked_up);
        return nlohmann::json();
    };
    CHECK(verify("police", police).is_object());          // opened with the police officer's key
    CHECK(verify("market_regulator", market).is_null());  // withheld from the market regulator
    // The oversight reader: the audit log verifies offline with its witness's cosignatures.
    const std::string audit_vkey =
        run_out(cli + " log vkey --key " + d +
                "/keys/DEMO-ONLY-service-audit.key.json --origin ts.example/audit/1");
    const std::string witness_vkey =
        run_out(cli + " witness vkey --key " + d +
                "/keys/DEMO-ONLY-witness.key.json --name witness.example/demo");
    REQUIRE(audit_vkey.size() > 1);
    REQUIRE(witness_vkey.size() > 1);
    auto audit = [&] {
        std::string out =
            run_out(cli + " inspector audit --json --dir " + d + "/audit-log --log-vkey " +
                    audit_vkey.substr(0, audit_vkey.size() - 1) + " --witness " +
                    witness_vkey.substr(0, witness_vkey.size() - 1));
        auto j = nlohmann::json::parse(out, nullptr, false);
        REQUIRE_MESSAGE(j.is_object(), out);
        CHECK_MESSAGE(j["verified"] == true, out);
        return j;
    };
    auto a = audit();
    CHECK(a["witnesses"] == nlohmann::json::array({"witness.example/demo"}));
    REQUIRE(a["records"].size() == 2);
    CHECK(a["records"][0]["case_reference"] == "CASE-2026-0042");
    CHECK(a["records"][0]["role"] == "police");
    CHECK(a["records"][1]["role"] == "market_regulator");
    // Without the witness's cosignature the reader refuses it (a log the audit key alone signed).
    std::string other = run_out(cli + " witness vkey --key " + d +
                                "/keys/DEMO-ONLY-log-1.key.json --name witness.example/other");
    REQUIRE(other.size() > 1);
    CHECK(run(cli + " inspector audit --dir " + d + "/audit-log --log-vkey " +
              audit_vkey.substr(0, audit_vkey.size() - 1) + " --witness " +
              other.substr(0, other.size() - 1)) == 1);

    // A sale recorded after the last publication (the timer is off): the service publishes on
    // demand first, so the police bundle holds it and its details open offline (§12.8).
    std::string activated;
    for (const auto& c : manifest["codes"])
        if (c["state"] == "activated" &&
            c["code_number"].get<std::string>().rfind("00000100", 0) == 0)
            activated = c["code_number"];
    REQUIRE_FALSE(activated.empty());
    auto till = testkit::load_till(d + "/keys/DEMO-ONLY-submit-1.key.json", server.url);
    REQUIRE(till);
    auto sold = till->post(
        till->envelope("till-e2e/0001", {testkit::step(LifecycleEvent::sell, {activated})}));
    REQUIRE(sold);
    REQUIRE_MESSAGE(sold->status == 201, sold->body);
    REQUIRE(run(cli + " provenance fetch --server " + server.url + " --session " +
                dir.file("police") + ".session --out " + dir.file("fresh.tspb") +
                " --case CASE-2026-0043 " + activated) == 0);
    {
        std::string out = run_out(
            cli + " verify --json --root " + d + "/root.pub.json --trust-list " + d +
            "/trust-list.json --provenance " + dir.file("fresh.tspb") + " --inspector-key " + d +
            "/" + police["inspector_key"].get<std::string>() + " 2>/dev/null");
        auto j = nlohmann::json::parse(out, nullptr, false);
        REQUIRE_MESSAGE(j.is_object(), out);
        const auto& events = j["provenance"]["events"];
        REQUIRE(events.size() == 2);
        CHECK(events[1]["type"] == "sell");
        CHECK(events[1]["details"]["actor"] == "till-test");
    }

    // The audit log cannot be cosigned (the witness's record of it is unreadable): the query is
    // refused with audit_failed, no bundle is written, and the verified log is unchanged.
    const std::string state =
        d + "/witness-state/" +
        to_hex(tlog::sha256(reinterpret_cast<const std::uint8_t*>("ts.example/audit/1"), 18).data(),
               32);
    REQUIRE(std::ifstream(state).good());
    std::ofstream(state, std::ios::trunc) << "not a checkpoint";
    std::string fetched_err =
        run_out(cli + " provenance fetch --server " + server.url + " --session " +
                dir.file("market_regulator") + ".session --out " + dir.file("refused.tspb") + " " +
                picked_up + " 2>&1");
    CHECK_MESSAGE(fetched_err.find("audit_failed") != std::string::npos, fetched_err);
    CHECK_FALSE(std::ifstream(dir.file("refused.tspb")).good());
    CHECK(audit()["records"].size() == 3);  // the two answers and the fresh one, nothing more
}
