// tests/vectors/inspector_v1.json (FORMAT.md §12.9): one vector per rule of §12.1, §12.2, §12.5
// and §12.6 and the whole role table of §12.3, from fixed seeds (the vectors' demo world 20261122
// plus keys derive_bytes("traceseal-vectors/inspector/<name>", 20261122)). Part of gen_vectors.
#include <nlohmann/json.hpp>

#include "demo_world.h"
#include "traceseal/traceseal.h"
#include "vector_writer.h"

using namespace traceseal;
using Json = nlohmann::ordered_json;
using traceseal::vectors::Writer;

namespace {

constexpr std::uint64_t kSeed = 20261122;
constexpr const char* kAt = "2026-11-22T12:00:00Z";

KeyPair key(const std::string& name) {
    return cli::demo_key("traceseal-vectors/inspector/" + name, kSeed);
}
std::string hex16(const std::string& name) {
    Bytes b = derive_bytes("traceseal-vectors/inspector/" + name, kSeed, 16);
    return to_hex(b.data(), b.size());
}
std::string hex32(const std::array<std::uint8_t, 32>& b) {
    return to_hex(b.data(), b.size());
}
UnixTime t(const char* s) {
    return *parse_time(s);
}
std::string replace(std::string s, const std::string& from, const std::string& to) {
    s.replace(s.find(from), from.size(), to);
    return s;
}
Json group(const char* type, Json tests) {
    return {{"type", type}, {"tests", std::move(tests)}};
}

BoxKeyPair box_key() {
    Bytes b = derive_bytes("traceseal-vectors/inspector/box", kSeed, 32);
    Seed s{};
    std::copy(b.begin(), b.end(), s.begin());
    return box_keypair_from_seed(s);
}

// The vectors' world: the demo world of kSeed without agencies, then these three.
struct World {
    cli::DemoWorld demo = cli::make_demo_world(kSeed, false);
    KeyPair agency[3] = {key("agency-customs"), key("agency-police"), key("agency-market")};
    KeyPair device = key("device"), other_device = key("other-device"), session = key("session"),
            other_session = key("other-session");
    BoxKeyPair box = box_key();
    TrustListBody body;
    std::string trust_list;

    World() {
        body = demo.body;
        const char* names[3][2] = {{"Customs", "海关"}, {"Police", "公安"}, {"Market", "市场监管"}};
        for (int i = 0; i < 3; ++i)
            body.agencies.push_back({static_cast<std::uint16_t>(i + 1),
                                     static_cast<InspectorRole>(i), names[i][0], names[i][1],
                                     agency[i].public_key});
        trust_list = sign_trust_list(format_trust_list_body(body), demo.root);
    }
    InspectorCertificateBody cert_body(InspectorRole role) const {
        InspectorCertificateBody b;
        b.agency = static_cast<std::uint16_t>(static_cast<int>(role) + 1);
        b.role = role;
        b.phone = "+8613800000002";
        b.device_key = device.public_key;
        b.inspector_key = box.public_key;
        b.not_before = t("2026-11-01T00:00:00Z");
        b.not_after = t("2027-11-01T00:00:00Z");
        return b;
    }
    std::string root_file() const {
        return format_public_key_file({KeyRole::root, 0, demo.root.public_key, {}});
    }
};

Json agency_vectors(const World& w) {
    Writer wr;
    auto add = [&](const char* comment, const TrustListBody& b, const char* expect) {
        wr.add({{"comment", comment},
                {"trust_list", sign_trust_list(format_trust_list_body(b), w.demo.root)},
                {"expect", expect}});
    };
    auto raw = [&](const char* comment, const std::string& body, const char* expect) {
        wr.add({{"comment", comment},
                {"trust_list", sign_trust_list(body, w.demo.root)},
                {"expect", expect}});
    };
    add("three agencies, one per role", w.body, "valid");
    add("no agencies (the member is left out)", w.demo.body, "valid");
    const std::string good = format_trust_list_body(w.body);
    raw("agencies is not an array", replace(good, "\"agencies\": [", "\"agencies\": {\"x\": ["),
        "trust_list_malformed");
    raw("an agency with an unknown member", replace(good, "\"id\": 1,", "\"id\": 1, \"extra\": 1,"),
        "trust_list_malformed");
    raw("an agency role other than the three", replace(good, "\"police\"", "\"army\""),
        "trust_list_malformed");
    raw("an agency without name_zh", replace(good, "\"name_zh\": \"海关\",", ""),
        "trust_list_malformed");
    TrustListBody b = w.body;
    b.agencies[0].id = 0;
    add("agency id 0", b, "trust_list_malformed");
    b = w.body;
    b.agencies[2].id = 2;
    add("agency id listed twice", b, "trust_list_malformed");
    b = w.body;
    b.agencies[1].public_key = PublicKey{};  // the all-zero key is of small order
    add("agency key of small order", b, "trust_list_bad_key");
    b = w.body;
    b.agencies[1].public_key = b.agencies[0].public_key;
    add("two agencies with one key", b, "trust_list_duplicate_key");
    b = w.body;
    b.agencies[1].public_key = b.issuing_keys[0].public_key;
    add("an agency key that is also an issuing key", b, "trust_list_duplicate_key");
    b = w.body;
    b.agencies[1].public_key = b.revoked_keys[0].public_key;
    add("an agency key that is also a revoked key", b, "trust_list_duplicate_key");
    return group("TrustListAgencies", wr.tests);
}

Json certificate_vectors(const World& w) {
    Writer wr;
    auto add = [&](const char* comment, const std::string& cert, const char* expect,
                   const char* at = kAt) {
        Json v{{"comment", comment}, {"certificate", cert}, {"at", at}, {"expect", expect}};
        wr.add(v);
    };
    const InspectorRole police = InspectorRole::police;
    auto sign = [&](const InspectorCertificateBody& b, int signer, std::uint16_t outer) {
        return sign_inspector_certificate(format_inspector_certificate_body(b), outer,
                                          w.agency[signer].secret_key);
    };
    const std::string good = sign(w.cert_body(police), 1, 2);
    add("police officer enrolled by the police agency", good, "valid");
    add("customs officer", sign(w.cert_body(InspectorRole::customs), 0, 1), "valid");
    add("market regulator", sign(w.cert_body(InspectorRole::market_regulator), 2, 3), "valid");
    // Step 1: the outer object.
    add("not JSON", "{\"type\":", "inspector_certificate_malformed");
    add("outer object with an unknown member", replace(good, "{", "{\n  \"extra\": 1,"),
        "inspector_certificate_malformed");
    add("outer version 2", replace(good, "\"version\": 1", "\"version\": 2"),
        "inspector_certificate_malformed");
    add("outer agency 0", replace(good, "\"agency\": 2,", "\"agency\": 0,"),
        "inspector_certificate_malformed");
    // Step 2: the agency is looked up before the signature is checked.
    add("agency not in the trust list", sign(w.cert_body(police), 1, 9),
        "inspector_unknown_agency");
    // Step 3.
    add("signed by the customs agency, claiming the police agency", sign(w.cert_body(police), 0, 2),
        "inspector_bad_signature");
    add("body altered after signing (phone)", replace(good, "+8613800000002", "+8613800000003"),
        "inspector_bad_signature");
    // Step 4: the body, signed.
    InspectorCertificateBody b = w.cert_body(police);
    b.phone = "13800000002";
    add("phone without +", sign(b, 1, 2), "inspector_certificate_malformed");
    b = w.cert_body(police);
    b.phone = "+0123456789";
    add("phone starting with 0", sign(b, 1, 2), "inspector_certificate_malformed");
    b = w.cert_body(police);
    b.device_key = PublicKey{};
    add("device key of small order", sign(b, 1, 2), "inspector_certificate_malformed");
    b = w.cert_body(police);
    b.not_after = b.not_before;
    add("not_after equal to not_before", sign(b, 1, 2), "inspector_certificate_malformed");
    add("body with an unknown member",
        sign_inspector_certificate(replace(format_inspector_certificate_body(w.cert_body(police)),
                                           "{", "{\n  \"extra\": 1,"),
                                   2, w.agency[1].secret_key),
        "inspector_certificate_malformed");
    // Step 5.
    b = w.cert_body(police);
    b.agency = 1;
    add("body names another agency than the outer object", sign(b, 1, 2),
        "inspector_role_mismatch");
    b = w.cert_body(police);
    b.role = InspectorRole::customs;
    add("police agency enrolling a customs officer", sign(b, 1, 2), "inspector_role_mismatch");
    b = w.cert_body(InspectorRole::market_regulator);
    b.role = InspectorRole::police;
    add("market regulation agency enrolling a police officer", sign(b, 2, 3),
        "inspector_role_mismatch");
    // Step 6.
    add("before not_before", good, "inspector_certificate_not_valid", "2026-10-31T23:59:59Z");
    add("at not_after", good, "inspector_certificate_not_valid", "2027-11-01T00:00:00Z");
    add("last second of validity", good, "valid", "2027-10-31T23:59:59Z");
    return group("InspectorCertificate", wr.tests);
}

Json role_vectors() {
    Writer wr;
    for (InspectorRole role :
         {InspectorRole::customs, InspectorRole::police, InspectorRole::market_regulator})
        for (FieldGroup g : kFieldGroups)
            wr.add({{"comment", std::string(to_string(role)) + " / " + std::string(to_string(g))},
                    {"role", std::string(to_string(role))},
                    {"group", std::string(to_string(g))},
                    {"expect", role_may_open(role, g) ? "open" : "closed"}});
    Writer seal;
    for (InspectorRole role :
         {InspectorRole::customs, InspectorRole::police, InspectorRole::market_regulator})
        for (const char* type :
             {"activate", "sell", "pickup", "unbind", "void", "reissue", "replace", "successor"}) {
            auto g = details_group(type);
            seal.add({{"comment", std::string(to_string(role)) + " / " + type},
                      {"role", std::string(to_string(role))},
                      {"event_type", type},
                      {"expect", !g                                ? "clear"
                                 : may_seal_details_to(role, type) ? "sealed"
                                                                   : "withheld"}});
        }
    return Json::array({group("RoleAccess", wr.tests), group("SealDecision", seal.tests)});
}

LoginRequest good_login() {
    return {"+8613800000002", "123456", t(kAt), hex16("login-nonce")};
}
QueryRequest good_query() {
    return {hex16("session-id"), "00000100-00000042", "CASE-2026-0042", t(kAt),
            hex16("query-nonce")};
}

Json request_vectors(const World& w) {
    Writer wr;
    auto add = [&](const char* comment, const std::string& req, const char* expect) {
        wr.add({{"comment", comment}, {"request", req}, {"expect", expect}});
    };
    const SecretKey& dk = w.device.secret_key;
    const std::string login = sign_request(format_login_request(good_login()), dk);
    const std::string query = sign_request(format_query_request(good_query()), dk);
    add("login signed by the device key", login, "valid");
    add("query signed by the device key", query, "valid");
    QueryRequest q = good_query();
    q.case_reference = "";
    add("query without a case reference (framing allows it)",
        sign_request(format_query_request(q), dk), "valid");
    add("login signed by another key",
        sign_request(format_login_request(good_login()), w.other_device.secret_key),
        "request_bad_signature");
    add("login body altered after signing (code)", replace(login, "123456", "123457"),
        "request_bad_signature");
    add("not JSON", "[", "request_malformed");
    add("envelope with an unknown member", replace(login, "{", "{\n  \"extra\": 1,"),
        "request_malformed");
    LoginRequest l = good_login();
    l.code = "12345";
    add("login code of 5 digits", sign_request(format_login_request(l), dk), "request_malformed");
    l = good_login();
    l.code = "12345a";
    add("login code with a letter", sign_request(format_login_request(l), dk), "request_malformed");
    l = good_login();
    l.phone = "+86 138";
    add("login phone not E.164", sign_request(format_login_request(l), dk), "request_malformed");
    l = good_login();
    l.nonce = "ABCDEF0123456789ABCDEF0123456789";
    add("nonce in uppercase hex", sign_request(format_login_request(l), dk), "request_malformed");
    q = good_query();
    q.code = "100-42";
    add("query code not a code number", sign_request(format_query_request(q), dk),
        "request_malformed");
    q = good_query();
    q.code = "16777216-00000001";
    add("query segment beyond 24 bits", sign_request(format_query_request(q), dk),
        "request_malformed");
    q = good_query();
    q.case_reference = std::string(65, 'C');
    add("case reference of 65 characters", sign_request(format_query_request(q), dk),
        "request_malformed");
    q = good_query();
    q.case_reference = "CASE\n1";
    add("case reference with a control character", sign_request(format_query_request(q), dk),
        "request_malformed");
    add("body of an unknown type",
        sign_request(replace(format_login_request(good_login()), "traceseal-login", "traceseal-x"),
                     dk),
        "request_malformed");
    add("body member twice",
        sign_request(replace(format_login_request(good_login()), "{", "{\"code\":\"000000\","), dk),
        "request_malformed");
    return group("RequestVerify", wr.tests);
}

Json session_vectors(const World& w) {
    Writer wr;
    SessionClaims c;
    c.session = hex16("session-id");
    c.phone = "+8613800000002";
    c.role = InspectorRole::police;
    c.agency = 2;
    c.device_key = w.device.public_key;
    c.inspector_key = w.box.public_key;
    c.issued_at = t("2026-11-22T08:00:00Z");
    c.expires_at = t("2026-11-22T16:00:00Z");
    const std::string token = sign_session(c, w.session.secret_key);
    const std::string query = sign_request(format_query_request(good_query()), w.device.secret_key);
    auto add = [&](const char* comment, const std::string& tok, const std::string& req,
                   const char* at, const char* expect) {
        wr.add({{"comment", comment},
                {"token", tok},
                {"request", req},
                {"at", at},
                {"expect", expect}});
    };
    add("police session and its query", token, query, kAt, "valid");
    add("token not JSON", "x", query, kAt, "session_malformed");
    SessionClaims long_one = c;
    long_one.expires_at = c.issued_at + kMaxSessionSeconds + 1;
    add("session longer than 8 h", sign_session(long_one, w.session.secret_key), query, kAt,
        "session_malformed");
    SessionClaims backwards = c;
    backwards.expires_at = c.issued_at;
    add("session ending when it starts", sign_session(backwards, w.session.secret_key), query, kAt,
        "session_malformed");
    add("signed by another service key", sign_session(c, w.other_session.secret_key), query, kAt,
        "session_bad_signature");
    add("claims altered after signing (role)", replace(token, "police", "customs"), query, kAt,
        "session_bad_signature");
    add("at expires_at", token, query, "2026-11-22T16:00:00Z", "session_expired");
    add("301 s before issued_at", token, query, "2026-11-22T07:54:59Z", "session_expired");
    add("300 s before issued_at (clock skew allowed)", token, query, "2026-11-22T07:55:00Z",
        "valid");
    add("query signed by another device", token,
        sign_request(format_query_request(good_query()), w.other_device.secret_key), kAt,
        "request_bad_signature");
    QueryRequest q = good_query();
    q.session = hex16("another-session");
    add("query naming another session", token,
        sign_request(format_query_request(q), w.device.secret_key), kAt, "session_mismatch");
    add("a login where a query belongs", token,
        sign_request(format_login_request(good_login()), w.device.secret_key), kAt,
        "request_malformed");
    return group("SessionVerify", wr.tests);
}

// §12.7: a copy of the audit log as an oversight reader gets it — the checkpoint note and every
// entry it covers — verified under the audit policy (audit key, one witness, quorum 1).
constexpr const char* kAuditOrigin = "ts.example/audit/1";
constexpr const char* kAuditWitness = "witness.example/demo";

tlog::Vkey audit_vkey(const KeyPair& k) {
    return tlog::make_vkey(kAuditOrigin, tlog::kSigTypeEd25519, k.public_key.bytes);
}
tlog::Vkey witness_vkey(const KeyPair& k) {
    return tlog::make_vkey(kAuditWitness, tlog::kSigTypeCosignatureV1, k.public_key.bytes);
}
tlog::Ed25519Sign signer_of(const KeyPair& k) {
    return [sk = k.secret_key.bytes](const Bytes& m) { return tlog::ed25519_sign(sk, m); };
}

Json audit_vectors(const World& w) {
    Writer wr;
    const KeyPair audit = key("audit"), witness = key("witness");
    auto record = [&](const QueryRequest& q, const SecretKey& signer) {
        AuditRecord r;
        r.time = t(kAt);
        r.phone = "+8613800000002";
        r.agency = 2;
        r.role = InspectorRole::police;
        r.code = q.code;
        r.case_reference = q.case_reference;
        r.session = q.session;
        r.device_key = w.device.public_key;
        r.request = sign_request(format_query_request(q), signer);
        return r;
    };
    QueryRequest q2 = good_query();
    q2.code = "00000100-00000007";
    q2.nonce = hex16("query-nonce-2");
    const std::vector<Bytes> good = {audit_entry(record(good_query(), w.device.secret_key)),
                                     audit_entry(record(q2, w.device.secret_key))};
    // The note over `entries`, signed by `log_key` and cosigned by `cosigners`.
    auto note = [&](const std::vector<Bytes>& entries, const KeyPair& log_key,
                    const std::vector<KeyPair>& cosigners) {
        tlog::CompactRange r;
        for (const Bytes& e : entries) r.append(tlog::leaf_hash(e));
        const std::string text =
            tlog::format_checkpoint_text({kAuditOrigin, entries.size(), r.root(), {}});
        std::string n = text + "\n" +
                        tlog::sign_note_line(text,
                                             tlog::make_vkey(kAuditOrigin, tlog::kSigTypeEd25519,
                                                             log_key.public_key.bytes),
                                             signer_of(log_key));
        for (const KeyPair& c : cosigners)
            n += tlog::cosign_line(text, 1795000000, witness_vkey(c), signer_of(c));
        return n;
    };
    auto add = [&](const char* comment, const std::string& checkpoint,
                   const std::vector<Bytes>& entries, const char* expect) {
        Json es = Json::array();
        for (const Bytes& e : entries) es.push_back(tlog::base64_encode(e.data(), e.size()));
        wr.add({{"comment", comment},
                {"checkpoint", checkpoint},
                {"entries", es},
                {"expect", expect}});
    };
    add("two queries, signed by the audit key, cosigned by the witness",
        note(good, audit, {witness}), good, "valid");
    add("signed by the audit key only: no cosignature", note(good, audit, {}), good,
        "cosignature_quorum_not_met");
    add("cosigned by a witness the policy does not name", note(good, audit, {key("other-witness")}),
        good, "cosignature_quorum_not_met");
    add("signed by another key under the audit log's name",
        note(good, key("other-audit"), {witness}), good, "checkpoint_unsigned");
    add("an entry left out of the copy", note(good, audit, {witness}), {good[0]},
        "log_tile_conflict");
    add("an entry changed after the checkpoint", note(good, audit, {witness}),
        {good[0], audit_entry(record(q2, w.other_device.secret_key))}, "log_tile_conflict");
    const std::vector<Bytes> forged = {good[0], audit_entry(record(q2, w.other_device.secret_key))};
    add("a query not signed by the recorded device key", note(forged, audit, {witness}), forged,
        "request_bad_signature");
    AuditRecord moved = record(q2, w.device.secret_key);
    moved.case_reference = "CASE-OTHER";
    const std::vector<Bytes> relabelled = {good[0], audit_entry(moved)};
    add("a record whose case reference is not the signed query's",
        note(relabelled, audit, {witness}), relabelled, "request_malformed");
    Bytes not_audit = good[1];
    not_audit[0] = 0x01;
    const std::vector<Bytes> foreign = {good[0], not_audit};
    add("an entry that is not an audit entry (0x01)", note(foreign, audit, {witness}), foreign,
        "request_malformed");
    add("an empty audit log, cosigned", note({}, audit, {witness}), {}, "valid");
    Json g = group("AuditLogVerify", wr.tests);
    g["policy"] = {{"origin", kAuditOrigin},
                   {"vkey", tlog::format_vkey(audit_vkey(audit))},
                   {"witnesses", Json::array({tlog::format_vkey(witness_vkey(witness))})},
                   {"quorum", 1}};
    return g;
}

}  // namespace

Json inspector_vectors() {
    World w;
    Json groups = Json::array({agency_vectors(w), certificate_vectors(w), request_vectors(w),
                               session_vectors(w), audit_vectors(w)});
    for (auto& g : role_vectors()) groups.push_back(g);
    std::size_t n = 0;
    for (const auto& g : groups) n += g["tests"].size();
    return {{"algorithm", "TraceSeal inspectors online (docs/FORMAT.md §12)"},
            {"generator", "tests/tools/inspector_vectors.cpp"},
            {"numberOfTests", n},
            {"world",
             {{"root_public_key", w.root_file()},
              {"trust_list", w.trust_list},
              {"device_key", hex32(w.device.public_key.bytes)},
              {"session_key", hex32(w.session.public_key.bytes)}}},
            {"testGroups", groups}};
}
