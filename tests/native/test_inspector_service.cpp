// native/inspector (FORMAT.md §12.4–§12.8) through its HTTP handlers as functions: enrolment,
// one-time codes from the outbox, lockouts, sessions, replays, least data per role and the audit
// log that every answered query is in before its answer exists.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "../tools/tlog_world.h"
#include "bundle_records.h"
#include "demo_world.h"
#include "inspector_api.h"
#include "log_bundles.h"
#include "registry_log_world.h"
#include "temp_dir.h"
#include "vector_file.h"
#include "witness.h"

using namespace traceseal;
using namespace traceseal::inspector;
using service::HttpRequest;
using service::HttpResponse;
namespace tw = traceseal::tlog::testworld;

namespace {

constexpr const char* kPickedUp = tw::kCode;
constexpr const char* kAuditOrigin = "ts.example/audit/1";  // activate, sell, pickup in the story
const char* const kPhones[3] = {"+8613800000001", "+8613800000002", "+8613800000003"};

KeyPair device_of(int i) {
    return cli::demo_key("test-inspector/device-" + std::to_string(i), 1);
}
BoxKeyPair box_of(int i) {
    Seed s{};
    s[0] = static_cast<std::uint8_t>(i + 1);
    return box_keypair_from_seed(s);
}

// One service over a temporary registry file, outbox and audit log, with its own clock.
struct Fixture {
    testkit::TempDir dir{"inspector"};
    cli::DemoWorld world = cli::make_demo_world(1);
    TrustList trust = *verify_trust_list(world.trust_list, world.root.public_key);
    UnixTime clock = *parse_time("2026-12-01T09:00:00Z");
    std::uint64_t draws = 0;
    std::unique_ptr<InspectorStore> store =
        open_sqlite_inspector_store(dir.file("registry.sqlite")).value();
    FileOutboxSender sms{dir.file("outbox.jsonl"), [this] { return clock; }};
    KeyPair session_key = cli::demo_key("test-inspector/session", 1);
    KeyPair audit_key = cli::demo_key("test-inspector/audit", 1);
    std::unique_ptr<InspectorService> svc;
    std::unique_ptr<AuditLog> audit;
    std::unique_ptr<InspectorApi> api;
    tw::World log = tw::story();
    int bundles_built = 0;
    // The audit log's witness (§12.7), in process; `witness_down` makes it answer 500.
    log::KeySigner witness_key{"witness.example/audit-test", tlog::kSigTypeCosignatureV1,
                               cli::demo_key("test-inspector/witness", 1).secret_key};
    std::unique_ptr<log::Witness> witness;
    bool witness_down = false;

    Fixture() {
        ServiceConfig c;
        c.trust = &trust;
        c.session_key = session_key;
        c.clock = [this] { return clock; };
        c.random = [this](std::uint8_t* out, std::size_t n) {
            Bytes b = derive_bytes("test-inspector/random", ++draws, n);
            std::copy(b.begin(), b.end(), out);
        };
        svc = std::make_unique<InspectorService>(c, *store, sms);
        auto signer = std::make_unique<log::KeySigner>("ts.example/audit/1", tlog::kSigTypeEd25519,
                                                       audit_key.secret_key);
        witness = std::make_unique<log::Witness>(
            dir.file("witness"),
            std::vector<tlog::LogPolicy>{{kAuditOrigin, signer->vkey(), {}, 0}}, witness_key);
        registry::Cosigner cosign = [this](const std::string& req) {
            if (witness_down)
                return log::WitnessResponse{500, "", make_error(Reason::store_failed, "down")};
            return witness->add_checkpoint(req, clock);
        };
        auto a = AuditLog::open(dir.file("audit"), kAuditOrigin, std::move(signer), {cosign});
        REQUIRE(a);
        audit = std::move(*a);
        api = std::make_unique<InspectorApi>(
            *svc, *audit,
            [this](const std::string& code, const BundleRecipient& to) -> Result<Bytes> {
                if (!log.count.count(code))
                    return make_error(Reason::provenance_wrong_code, code + " has no events");
                ++bundles_built;
                tlog::BundleV2 b = log.bundle(code);
                seal_bundle_for(b, to.role, to.inspector_key, Seed{});
                return tlog::encode_bundle_v2(b);
            });
    }

    std::string certificate(int i, UnixTime not_after = 0) {
        InspectorCertificateBody b;
        b.role = static_cast<InspectorRole>(i);
        b.agency = cli::demo_agency(world, b.role).id;
        b.phone = kPhones[i];
        b.device_key = device_of(i).public_key;
        b.inspector_key = box_of(i).public_key;
        b.not_before = *parse_time("2026-11-01T00:00:00Z");
        b.not_after = not_after ? not_after : *parse_time("2027-11-01T00:00:00Z");
        return sign_inspector_certificate(format_inspector_certificate_body(b), b.agency,
                                          world.agencies[i].secret_key);
    }
    HttpResponse call(const std::string& method, const std::string& target,
                      const std::string& body = {},
                      std::map<std::string, std::string> headers = {}) {
        HttpRequest r{method, target, std::move(headers), body, "127.0.0.1:1"};
        auto resp = api->handle(r);
        REQUIRE(resp);
        return *resp;
    }
    std::vector<std::string> outbox() {
        std::ifstream in(dir.file("outbox.jsonl"));
        std::vector<std::string> lines;
        for (std::string l; std::getline(in, l);) lines.push_back(l);
        return lines;
    }
    // The 6-digit code in the outbox's last message to `phone`.
    std::string last_code(const std::string& phone) {
        std::string code;
        for (const std::string& l : outbox()) {
            auto j = nlohmann::json::parse(l);
            if (j["phone"] != phone) continue;
            std::string text = j["text"];
            auto at = text.find("code ");
            REQUIRE(at != std::string::npos);
            code = text.substr(at + 5, 6);
        }
        REQUIRE(code.size() == 6);
        return code;
    }
    std::string signed_login(int i, const std::string& code, std::uint64_t nonce) {
        LoginRequest l{kPhones[i], code, clock, std::string(32, 'a')};
        l.nonce = to_hex(derive_bytes("nonce", nonce, 16).data(), 16);
        return sign_request(format_login_request(l), device_of(i).secret_key);
    }
    HttpResponse ask_code(int i) {
        return call("POST", "/v1/inspector/code",
                    "{\"phone\": \"" + std::string(kPhones[i]) + "\"}");
    }
    // Enrolment, a code and a login: the session token.
    std::string session(int i) {
        REQUIRE(call("POST", "/v1/inspector/enrolments", certificate(i)).status == 201);
        REQUIRE(ask_code(i).status == 202);
        HttpResponse r =
            call("POST", "/v1/inspector/login", signed_login(i, last_code(kPhones[i]), 1000 + i));
        REQUIRE(r.status == 200);
        return r.body;
    }
    std::uint64_t nonces = 0;
    HttpResponse fetch(int i, const std::string& token, const std::string& code,
                       const std::string& case_ref, std::string* request_out = nullptr,
                       const SecretKey* signer = nullptr) {
        auto s = verify_session(token, session_key.public_key, clock);
        REQUIRE(s);
        QueryRequest q{s->claims().session, code, case_ref, clock,
                       to_hex(derive_bytes("query-nonce", ++nonces, 16).data(), 16)};
        std::string req =
            sign_request(format_query_request(q), signer ? *signer : device_of(i).secret_key);
        if (request_out) *request_out = req;
        return fetch_raw(token, req, code);
    }
    HttpResponse fetch_raw(const std::string& token, const std::string& req,
                           const std::string& code) {
        auto b64 = [](const std::string& s) {
            return tlog::base64_encode(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
        };
        return call("GET", "/v1/inspector/provenance/" + code, "",
                    {{"authorization", "TraceSeal-Session " + b64(token)},
                     {"traceseal-request", b64(req)}});
    }
};

std::string reason_of(const HttpResponse& r) {
    auto j = nlohmann::json::parse(r.body, nullptr, false);
    return j.is_object() && j.contains("reason") ? j["reason"].get<std::string>() : "";
}

// The pickup record's details of an answer, verified first, as an inspector key opens them.
Result<Bytes> open_pickup(const HttpResponse& r, const BoxKeyPair& key) {
    Bytes bytes(r.body.begin(), r.body.end());
    REQUIRE(tlog::verify_bundle_v2(bytes, tw::World().policy, tw::kSegments, kPickedUp, nullptr));
    return testkit::open_details_of(bytes, "pickup", key);
}

}  // namespace

TEST_CASE("login with the code from the outbox gives a signed session of the certificate's role") {
    Fixture f;
    std::string token = f.session(1);
    auto s = verify_session(token, f.session_key.public_key, f.clock);
    REQUIRE(s);
    CHECK(s->claims().role == InspectorRole::police);
    CHECK(s->claims().phone == kPhones[1]);
    CHECK(s->claims().device_key == device_of(1).public_key);
    CHECK(s->claims().expires_at - s->claims().issued_at == kMaxSessionSeconds);
    // The code is spent.
    HttpResponse again =
        f.call("POST", "/v1/inspector/login", f.signed_login(1, f.last_code(kPhones[1]), 7));
    CHECK(again.status == 401);
    CHECK(reason_of(again) == "login_code_invalid");
    // The store holds no code in clear.
    std::ifstream db(f.dir.file("registry.sqlite"), std::ios::binary);
    std::stringstream ss;
    ss << db.rdbuf();
    CHECK(ss.str().find(f.last_code(kPhones[1])) == std::string::npos);
}

TEST_CASE("a session never outlives its certificate") {
    Fixture f;
    UnixTime end = f.clock + 3600;
    REQUIRE(f.call("POST", "/v1/inspector/enrolments", f.certificate(2, end)).status == 201);
    REQUIRE(f.ask_code(2).status == 202);
    HttpResponse r =
        f.call("POST", "/v1/inspector/login", f.signed_login(2, f.last_code(kPhones[2]), 1));
    REQUIRE(r.status == 200);
    CHECK(verify_session(r.body, f.session_key.public_key, f.clock)->claims().expires_at == end);
}

TEST_CASE("enrolment refuses certificates the trust list does not vouch for") {
    Fixture f;
    std::string cert = f.certificate(0);
    std::string forged = cert;
    forged.replace(forged.find(kPhones[0]), 14, "+8613899999999");
    HttpResponse r = f.call("POST", "/v1/inspector/enrolments", forged);
    CHECK(r.status == 403);
    CHECK(reason_of(r) == "inspector_bad_signature");
    CHECK(r.content_type == "application/problem+json");
    r = f.call("POST", "/v1/inspector/enrolments", "{}");
    CHECK(r.status == 400);
    CHECK(reason_of(r) == "inspector_certificate_malformed");
    f.clock = *parse_time("2027-11-01T00:00:00Z");
    r = f.call("POST", "/v1/inspector/enrolments", cert);
    CHECK(reason_of(r) == "inspector_certificate_not_valid");
}

TEST_CASE("five wrong codes lock the number for 15 minutes, whatever comes next") {
    Fixture f;
    REQUIRE(f.call("POST", "/v1/inspector/enrolments", f.certificate(0)).status == 201);
    REQUIRE(f.ask_code(0).status == 202);
    std::string good = f.last_code(kPhones[0]);
    std::string wrong = good == "000000" ? "111111" : "000000";
    for (int i = 0; i < 4; ++i) {
        HttpResponse r = f.call("POST", "/v1/inspector/login", f.signed_login(0, wrong, 10 + i));
        CHECK(r.status == 401);
        CHECK(reason_of(r) == "login_code_invalid");
    }
    // A new code does not reset the count.
    REQUIRE(f.ask_code(0).status == 202);
    good = f.last_code(kPhones[0]);
    wrong = good == "000000" ? "111111" : "000000";
    HttpResponse fifth = f.call("POST", "/v1/inspector/login", f.signed_login(0, wrong, 20));
    CHECK(fifth.status == 429);
    CHECK(reason_of(fifth) == "login_locked");
    HttpResponse right = f.call("POST", "/v1/inspector/login", f.signed_login(0, good, 21));
    CHECK(reason_of(right) == "login_locked");
    CHECK(reason_of(f.ask_code(0)) == "login_locked");
    f.clock += kLoginLockSeconds;
    REQUIRE(f.ask_code(0).status == 202);
    HttpResponse after =
        f.call("POST", "/v1/inspector/login", f.signed_login(0, f.last_code(kPhones[0]), 22));
    CHECK(after.status == 200);
}

TEST_CASE("codes expire after 5 minutes; unknown numbers get the same answer and no SMS") {
    Fixture f;
    REQUIRE(f.call("POST", "/v1/inspector/enrolments", f.certificate(0)).status == 201);
    REQUIRE(f.ask_code(0).status == 202);
    std::string code = f.last_code(kPhones[0]);
    f.clock += kLoginCodeSeconds;
    HttpResponse r = f.call("POST", "/v1/inspector/login", f.signed_login(0, code, 1));
    CHECK(reason_of(r) == "login_code_expired");
    std::size_t sent = f.outbox().size();
    HttpResponse unknown = f.call("POST", "/v1/inspector/code", "{\"phone\": \"+8613912345678\"}");
    CHECK(unknown.status == 202);
    CHECK(unknown.body == f.ask_code(0).body);
    CHECK(f.outbox().size() == sent + 1);  // only the enrolled number's
    CHECK(reason_of(f.call("POST", "/v1/inspector/code", "{\"phone\": \"123\"}")) ==
          "request_malformed");
}

TEST_CASE("a login is signed by the enrolled device, fresh and used once") {
    Fixture f;
    REQUIRE(f.call("POST", "/v1/inspector/enrolments", f.certificate(1)).status == 201);
    REQUIRE(f.ask_code(1).status == 202);
    std::string code = f.last_code(kPhones[1]);
    LoginRequest l{kPhones[1], code, f.clock, std::string(32, 'e')};
    HttpResponse r = f.call("POST", "/v1/inspector/login",
                            sign_request(format_login_request(l), device_of(0).secret_key));
    CHECK(reason_of(r) == "request_bad_signature");
    l.time = f.clock - kRequestWindow - 1;
    r = f.call("POST", "/v1/inspector/login",
               sign_request(format_login_request(l), device_of(1).secret_key));
    CHECK(reason_of(r) == "request_stale");
    std::string login = f.signed_login(1, code, 5);
    CHECK(f.call("POST", "/v1/inspector/login", login).status == 200);
    r = f.call("POST", "/v1/inspector/login", login);
    CHECK(r.status == 409);
    CHECK(reason_of(r) == "request_replayed");
}

TEST_CASE("least data: a market regulator cannot open the pickup details a police session can") {
    Fixture f;
    std::string police = f.session(1), market = f.session(2), customs = f.session(0);
    HttpResponse p = f.fetch(1, police, kPickedUp, "CASE-2026-0001");
    REQUIRE(p.status == 200);
    CHECK(p.content_type == "application/octet-stream");
    auto opened = open_pickup(p, box_of(1));
    REQUIRE(opened);
    CHECK(opened->size() > 32);
    HttpResponse m = f.fetch(2, market, kPickedUp, "");
    REQUIRE(m.status == 200);
    auto withheld = open_pickup(m, box_of(2));
    REQUIRE_FALSE(withheld);
    CHECK(withheld.error().reason == Reason::sealed_details_unreadable);
    // Not even with the police key: nothing was sealed for the market regulator's bundle.
    CHECK_FALSE(open_pickup(m, box_of(1)));
    HttpResponse c = f.fetch(0, customs, kPickedUp, "");
    REQUIRE(c.status == 200);
    CHECK(open_pickup(c, box_of(0)));
    CHECK_FALSE(open_pickup(c, box_of(1)));  // sealed to the customs officer's key only
}

TEST_CASE(
    "police queries need a case reference; replayed, expired or stolen sessions are refused") {
    Fixture f;
    std::string police = f.session(1);
    HttpResponse r = f.fetch(1, police, kPickedUp, "");
    CHECK(r.status == 403);
    CHECK(reason_of(r) == "case_reference_required");
    std::string req;
    REQUIRE(f.fetch(1, police, kPickedUp, "CASE-1", &req).status == 200);
    r = f.fetch_raw(police, req, kPickedUp);
    CHECK(r.status == 409);
    CHECK(reason_of(r) == "request_replayed");
    KeyPair thief = cli::demo_key("thief", 1);
    r = f.fetch(1, police, kPickedUp, "CASE-1", nullptr, &thief.secret_key);
    CHECK(reason_of(r) == "request_bad_signature");
    {
        auto s = verify_session(police, f.session_key.public_key, f.clock);
        QueryRequest other{s->claims().session, "00000100-00000001", "CASE-1", f.clock,
                           std::string(32, '7')};
        r = f.fetch_raw(police, sign_request(format_query_request(other), device_of(1).secret_key),
                        kPickedUp);  // a query for one code at another code's path
        CHECK(reason_of(r) == "request_malformed");
    }
    std::string forged = police;
    forged.replace(forged.find("police"), 6, "customs");
    REQUIRE(f.fetch(1, police, kPickedUp, "CASE-1", &req).status == 200);
    r = f.fetch_raw(forged, req, kPickedUp);
    CHECK(reason_of(r) == "session_bad_signature");
    f.clock += kMaxSessionSeconds;
    QueryRequest q{std::string(32, '0'), kPickedUp, "CASE-1", f.clock, std::string(32, '1')};
    std::string late_req = sign_request(format_query_request(q), device_of(1).secret_key);
    r = f.fetch_raw(police, late_req, kPickedUp);
    CHECK(r.status == 401);
    CHECK(reason_of(r) == "session_expired");
    r = f.call("GET", std::string("/v1/inspector/provenance/") + kPickedUp);
    CHECK(reason_of(r) == "session_malformed");
}

TEST_CASE("every answered query is in the audit log, signed by the device, before its answer") {
    Fixture f;
    std::string police = f.session(1), market = f.session(2);
    std::vector<std::string> answered;
    std::string req;
    REQUIRE(f.fetch(1, police, kPickedUp, "CASE-7", &req).status == 200);
    answered.push_back(req);
    REQUIRE(f.fetch(2, market, "00000100-00000001", "", &req).status == 200);
    answered.push_back(req);
    CHECK(f.fetch(1, police, kPickedUp, "").status == 403);  // refused: not recorded
    auto records = read_audit_log(f.dir.file("audit"));
    REQUIRE(records);
    REQUIRE(records->size() == 2);
    for (std::size_t i = 0; i < 2; ++i) {
        const AuditRecord& a = (*records)[i];
        CHECK(a.request == answered[i]);
        auto parsed = parse_signed_request(a.request);
        REQUIRE(parsed);
        CHECK_FALSE(verify_request_signature(*parsed, a.device_key));
        CHECK(parsed->query->code == a.code);
    }
    CHECK((*records)[0].role == InspectorRole::police);
    CHECK((*records)[0].case_reference == "CASE-7");
    CHECK((*records)[1].phone == kPhones[2]);
    // The published checkpoint is signed by the audit key, cosigned by the witness, and covers
    // both: an oversight reader verifies it all offline (§12.7).
    tlog::LogPolicy policy{
        kAuditOrigin,
        tlog::make_vkey(kAuditOrigin, tlog::kSigTypeEd25519, f.audit_key.public_key.bytes),
        {f.witness_key.vkey()},
        1};
    auto v = verify_audit_log(f.dir.file("audit"), policy);
    REQUIRE_MESSAGE(v, (v ? "" : v.error().detail));
    CHECK(v->checkpoint.size == 2);
    CHECK(v->witnesses == std::vector<std::string>{"witness.example/audit-test"});
    CHECK(v->records.size() == 2);
    // The witness holds the same checkpoint: it cosigned each of them in turn.
    REQUIRE(f.witness->latest(kAuditOrigin));
    CHECK(tlog::verify_checkpoint_note(*f.witness->latest(kAuditOrigin), policy)->body().size == 2);
    // A policy naming another witness refuses the log.
    tlog::LogPolicy other = policy;
    other.witnesses = {tlog::make_vkey("witness.example/other", tlog::kSigTypeCosignatureV1,
                                       cli::demo_key("other", 1).public_key.bytes)};
    auto refused = verify_audit_log(f.dir.file("audit"), other);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().reason == Reason::cosignature_quorum_not_met);
}

TEST_CASE("an audit checkpoint the witness does not cosign: the query is not answered") {
    Fixture f;
    std::string customs = f.session(0);
    REQUIRE(f.fetch(0, customs, kPickedUp, "").status == 200);
    f.witness_down = true;
    HttpResponse r = f.fetch(0, customs, kPickedUp, "");
    CHECK(r.status == 503);
    CHECK(reason_of(r) == "audit_failed");
    CHECK(r.body.find("down") != std::string::npos);
    CHECK(f.bundles_built == 1);
    CHECK(read_audit_log(f.dir.file("audit"))->size() == 1);  // nothing published past it
    // Back up: the next checkpoint covers the unanswered query's entry too (it was asked).
    f.witness_down = false;
    REQUIRE(f.fetch(0, customs, kPickedUp, "").status == 200);
    CHECK(read_audit_log(f.dir.file("audit"))->size() == 3);
    CHECK(f.bundles_built == 2);
}

TEST_CASE("a query the audit log cannot record is not answered") {
    Fixture f;
    std::string customs = f.session(0);
    // The checkpoint cannot be published: its path is a non-empty directory (no query yet, so
    // no checkpoint either).
    REQUIRE(::mkdir(f.dir.file("audit/checkpoint").c_str(), 0755) == 0);
    f.dir.write("audit/checkpoint/x", "x");
    HttpResponse r = f.fetch(0, customs, kPickedUp, "");
    CHECK(r.status == 503);
    CHECK(reason_of(r) == "audit_failed");
    CHECK(f.bundles_built == 0);
}

TEST_CASE("bundles v2 from the published log: sealed per role, published on demand first") {
    testlog::World w("inspector_log_bundles");
    testlog::story(w);  // serials 1-3 activated, 2 sold and picked up
    const std::string logs = w.dir.file("logs");
    auto publish = [&] { return registry::publish(*w.store, w.config(logs + "/1")); };
    REQUIRE(publish());
    int published = 0;
    bool publish_fails = false;
    TrustListBody trust;
    trust.issuing_keys = {
        {1, 1, keypair_from_seed(Seed{{9}}).public_key, {{100, 199}}, 0, 4000000000}};
    std::uint64_t draws = 0;
    BundleSource bundles =
        log_v2_bundles({w.dir.file("registry.sqlite"),
                        logs,
                        {1},
                        trust,
                        [&]() -> std::optional<Error> {
                            ++published;
                            if (publish_fails)
                                return make_error(Reason::cosignature_quorum_not_met, "0 of 2");
                            if (auto r = publish(); !r) return r.error();
                            return std::nullopt;
                        },
                        [&](std::uint8_t* out, std::size_t n) {
                            Bytes b = derive_bytes("test-log-bundles", ++draws, n);
                            std::copy(b.begin(), b.end(), out);
                        }});
    const std::vector<tlog::SegmentSpan> spans = {{100, 199}};
    auto fetch = [&](int serial, int role) {
        auto b = bundles(testlog::World::code(serial),
                         {static_cast<InspectorRole>(role), box_of(role).public_key});
        REQUIRE_MESSAGE(b, (b ? "" : b.error().detail));
        auto h =
            tlog::verify_bundle_v2(*b, w.policy(), spans, testlog::World::code(serial), nullptr);
        REQUIRE_MESSAGE(h, (h ? "" : h.error().detail));
        return *b;
    };
    const Bytes police = fetch(2, 1), market = fetch(2, 2), customs = fetch(2, 0);
    CHECK(testkit::open_details_of(police, "pickup", box_of(1)));
    CHECK(testkit::open_details_of(police, "sell", box_of(1)));
    for (const char* type : {"pickup", "sell"}) {
        auto withheld = testkit::open_details_of(market, type, box_of(2));
        REQUIRE_FALSE(withheld);
        CHECK(withheld.error().reason == Reason::sealed_details_unreadable);
        CHECK(tlog::parse_bundle_v2(market)->events[1].details_blob.empty());
    }
    CHECK(testkit::open_details_of(customs, "pickup", box_of(0)));
    CHECK_FALSE(testkit::open_details_of(customs, "pickup", box_of(1)));
    CHECK(published == 0);  // everything was under the published checkpoint

    // A sale after the last publication: the service publishes first, the bundle holds it.
    w.record(LifecycleEvent::sell, {1});
    const Bytes fresh = fetch(1, 1);
    CHECK(published == 1);
    auto h = tlog::verify_bundle_v2(fresh, w.policy(), spans, testlog::World::code(1), nullptr);
    REQUIRE(h->events().size() == 2);
    CHECK(h->events()[1].type == "sell");
    CHECK(testkit::open_details_of(fresh, "sell", box_of(1)));
    // A publication that fails: no bundle missing the event (§12.8).
    w.record(LifecycleEvent::sell, {3});
    publish_fails = true;
    auto refused = bundles(testlog::World::code(3), {InspectorRole::police, box_of(1).public_key});
    REQUIRE_FALSE(refused);
    CHECK(refused.error().reason == Reason::cosignature_quorum_not_met);
    CHECK(inspector_http_status(refused.error().reason) == 503);
    // Codes the service's logs do not cover.
    auto foreign = bundles("00000300-00000001", {InspectorRole::customs, box_of(0).public_key});
    REQUIRE_FALSE(foreign);
    CHECK(foreign.error().reason == Reason::provenance_wrong_code);
    publish_fails = false;
    auto past = bundles("00000100-00000099", {InspectorRole::customs, box_of(0).public_key});
    REQUIRE_FALSE(past);
    CHECK(past.error().reason == Reason::serial_not_allocated);
}

TEST_CASE("at most 5 code requests per number per hour: 429 with Retry-After, enrolled or not") {
    Fixture f;
    REQUIRE(f.call("POST", "/v1/inspector/enrolments", f.certificate(0)).status == 201);
    auto retry_after = [](const HttpResponse& r) {
        for (const auto& [k, v] : r.headers)
            if (k == "Retry-After") return v;
        return std::string();
    };
    auto sms_to = [&](const std::string& phone) {
        int n = 0;
        for (const std::string& l : f.outbox()) n += nlohmann::json::parse(l)["phone"] == phone;
        return n;
    };
    const std::string unknown = "+8613900000009";
    auto ask_unknown = [&] {
        return f.call("POST", "/v1/inspector/code", "{\"phone\": \"" + unknown + "\"}");
    };
    for (int i = 0; i < kCodeRequestsPerWindow; ++i) {
        CHECK(f.ask_code(0).status == 202);
        CHECK(ask_unknown().status == 202);
        f.clock += 60;
    }
    CHECK(sms_to(kPhones[0]) == 5);
    HttpResponse r = f.ask_code(0);
    CHECK(r.status == 429);
    CHECK(reason_of(r) == "login_rate_limited");
    CHECK(retry_after(r) == "3300");  // the window opened 300 s ago
    // An unknown number is limited the same way: the answers do not tell them apart.
    HttpResponse u = ask_unknown();
    CHECK(u.status == 429);
    CHECK(reason_of(u) == "login_rate_limited");
    CHECK(retry_after(u) == "3300");
    CHECK(sms_to(kPhones[0]) == 5);  // nothing sent past the limit
    CHECK(sms_to(unknown) == 0);
    // The last code sent still logs in; the window closes on time.
    HttpResponse login =
        f.call("POST", "/v1/inspector/login", f.signed_login(0, f.last_code(kPhones[0]), 77));
    CHECK(login.status == 200);
    f.clock += 3299;
    CHECK(f.ask_code(0).status == 429);
    f.clock += 1;
    CHECK(f.ask_code(0).status == 202);
    CHECK(sms_to(kPhones[0]) == 6);
    // Another number is not affected.
    REQUIRE(f.call("POST", "/v1/inspector/enrolments", f.certificate(1)).status == 201);
    CHECK(f.ask_code(1).status == 202);
}

// tests/vectors/inspector_v1.json's AuditLogVerify (FORMAT.md §12.7): an oversight reader's copy
// of the audit log, verified under the group's policy, each case with its reason.
TEST_CASE("AuditLogVerify vectors") {
    auto doc = test::load_vector_file("inspector_v1.json");
    int ran = 0;
    for (const auto& g : doc["testGroups"]) {
        if (g["type"] != "AuditLogVerify") continue;
        tlog::LogPolicy policy;
        policy.origin = g["policy"]["origin"];
        policy.log_key =
            *tlog::parse_vkey(g["policy"]["vkey"].get<std::string>(), tlog::kSigTypeEd25519);
        for (const auto& w : g["policy"]["witnesses"])
            policy.witnesses.push_back(
                *tlog::parse_vkey(w.get<std::string>(), tlog::kSigTypeCosignatureV1));
        policy.quorum = g["policy"]["quorum"];
        for (const auto& t : g["tests"]) {
            CAPTURE(t["tcId"].get<int>());
            CAPTURE(t["comment"].get<std::string>());
            std::vector<Bytes> entries;
            for (const auto& e : t["entries"])
                entries.push_back(*tlog::base64_decode(e.get<std::string>()));
            auto v = verify_audit_entries(t["checkpoint"].get<std::string>(), entries, policy);
            CHECK((v ? std::string("valid") : std::string(to_string(v.error().reason))) ==
                  t["expect"].get<std::string>());
            if (v) CHECK(v->records.size() == entries.size());
            ++ran;
        }
    }
    CHECK(ran == 10);
}
