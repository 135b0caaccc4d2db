// core/src/inspector.cpp (FORMAT.md §12): a whole enrolment, login and query as the core sees
// them, the role table used by exporters, and audit entries.
#include <doctest/doctest.h>

#include "demo_world.h"
#include "traceseal/traceseal.h"

using namespace traceseal;

namespace {

const cli::DemoWorld& world() {
    static const cli::DemoWorld w = cli::make_demo_world(15);
    return w;
}
const TrustList& trust() {
    static const TrustList t = *verify_trust_list(world().trust_list, world().root.public_key);
    return t;
}
KeyPair key(const char* label) {
    return cli::demo_key(label, 15);
}
UnixTime t(const char* s) {
    return *parse_time(s);
}

InspectorCertificateBody body(InspectorRole role, const KeyPair& device) {
    InspectorCertificateBody b;
    b.agency = cli::demo_agency(world(), role).id;
    b.role = role;
    b.phone = "+8613800000001";
    b.device_key = device.public_key;
    b.inspector_key.bytes[0] = 9;
    b.not_before = t("2026-11-01T00:00:00Z");
    b.not_after = t("2027-11-01T00:00:00Z");
    return b;
}

}  // namespace

TEST_CASE("the demo trust list names one agency per role, and they round-trip") {
    const auto& agencies = trust().body().agencies;
    REQUIRE(agencies.size() == 3);
    for (const Agency& a : agencies) {
        CAPTURE(a.id);
        CHECK(a.role == static_cast<InspectorRole>(a.id - 1));
        CHECK(a.public_key == world().agencies[a.id - 1].public_key);
    }
    auto again = parse_trust_list_body(format_trust_list_body(trust().body()));
    REQUIRE(again);
    CHECK(format_trust_list_body(*again) == trust().signed_body());
    // A list without agencies has no member at all (§12.1: its bytes are as before).
    cli::DemoWorld plain = cli::make_demo_world(15, false);
    CHECK(plain.body_json.find("agencies") == std::string::npos);
}

TEST_CASE("an agency certificate verifies and carries exactly what was signed") {
    KeyPair device = key("device");
    const InspectorRole role = InspectorRole::police;
    std::string cert = sign_inspector_certificate(
        format_inspector_certificate_body(body(role, device)), 2, world().agencies[1].secret_key);
    auto c = verify_inspector_certificate(cert, trust(), t("2026-12-01T00:00:00Z"));
    REQUIRE(c);
    CHECK(c->body().phone == "+8613800000001");
    CHECK(c->body().role == InspectorRole::police);
    CHECK(c->body().device_key == device.public_key);
    CHECK(c->body().inspector_key.bytes[0] == 9);
    CHECK(c->text() == cert);
    // A trust list of another authority knows no such agency key.
    cli::DemoWorld other = cli::make_demo_world(16);
    auto other_trust = verify_trust_list(other.trust_list, other.root.public_key);
    REQUIRE(other_trust);
    auto refused = verify_inspector_certificate(cert, *other_trust, t("2026-12-01T00:00:00Z"));
    REQUIRE_FALSE(refused);
    CHECK(refused.error().reason == Reason::inspector_bad_signature);
}

TEST_CASE("market regulators see no sale, pickup or return details; police no return") {
    using G = FieldGroup;
    for (G g : {G::state, G::operator_, G::product, G::event_types, G::store, G::event_dates})
        for (InspectorRole r :
             {InspectorRole::customs, InspectorRole::police, InspectorRole::market_regulator})
            CHECK(role_may_open(r, g));
    CHECK_FALSE(may_seal_details_to(InspectorRole::market_regulator, "sell"));
    CHECK_FALSE(may_seal_details_to(InspectorRole::market_regulator, "pickup"));
    CHECK(may_seal_details_to(InspectorRole::police, "pickup"));
    CHECK(may_seal_details_to(InspectorRole::police, "sell"));
    CHECK_FALSE(may_seal_details_to(InspectorRole::police, "unbind"));
    CHECK(may_seal_details_to(InspectorRole::customs, "unbind"));
    CHECK_FALSE(may_seal_details_to(InspectorRole::customs, "activate"));  // in clear anyway
    CHECK(case_reference_required(InspectorRole::police));
    CHECK_FALSE(case_reference_required(InspectorRole::customs));
    for (FieldGroup g : kFieldGroups) CHECK(parse_field_group(to_string(g)) == g);
}

TEST_CASE("a session and a query: the device key binds them") {
    KeyPair device = key("device"), service = key("service"), thief = key("thief");
    SessionClaims c;
    c.session = std::string(32, 'a');
    c.phone = "+8613800000001";
    c.role = InspectorRole::market_regulator;
    c.agency = 3;
    c.device_key = device.public_key;
    c.issued_at = t("2026-12-01T08:00:00Z");
    c.expires_at = c.issued_at + kMaxSessionSeconds;
    std::string token = sign_session(c, service.secret_key);
    QueryRequest q{c.session, "00000100-00000001", "", t("2026-12-01T09:00:00Z"),
                   std::string(32, 'b')};
    std::string query = sign_request(format_query_request(q), device.secret_key);
    auto v = verify_session_query(token, query, service.public_key, t("2026-12-01T09:00:10Z"));
    REQUIRE(v);
    CHECK(v->session.claims().role == InspectorRole::market_regulator);
    CHECK(v->request.query->code == "00000100-00000001");
    CHECK(v->request.text == query);
    // Someone holding the token but not the device key cannot use it.
    std::string stolen = sign_request(format_query_request(q), thief.secret_key);
    auto r = verify_session_query(token, stolen, service.public_key, t("2026-12-01T09:00:10Z"));
    REQUIRE_FALSE(r);
    CHECK(r.error().reason == Reason::request_bad_signature);
    auto late = verify_session_query(token, query, service.public_key, c.expires_at);
    REQUIRE_FALSE(late);
    CHECK(late.error().reason == Reason::session_expired);
}

TEST_CASE("audit entries round-trip and refuse anything else") {
    AuditRecord a;
    a.time = t("2026-12-01T09:00:00Z");
    a.phone = "+8613800000001";
    a.agency = 2;
    a.role = InspectorRole::police;
    a.code = "00000100-00000001";
    a.case_reference = "CASE-1";
    a.session = std::string(32, 'c');
    a.device_key = key("device").public_key;
    a.request = "{\"signed\": \"...\"}";
    Bytes e = audit_entry(a);
    CHECK(e[0] == kAuditEntry);
    auto back = parse_audit_entry(e);
    REQUIRE(back);
    CHECK(back->case_reference == "CASE-1");
    CHECK(back->role == InspectorRole::police);
    CHECK(back->request == a.request);
    CHECK(audit_entry(*back) == e);
    e[0] = 0x01;
    CHECK_FALSE(parse_audit_entry(e));
    CHECK_FALSE(parse_audit_entry(Bytes{}));
}

TEST_CASE("device and agency key files round-trip") {
    KeyPair k = key("device");
    for (KeyRole role : {KeyRole::device, KeyRole::agency}) {
        KeyFile f{role, role == KeyRole::agency ? std::uint16_t{2} : std::uint16_t{0}, k.public_key,
                  k.secret_key};
        auto p = parse_key_file(format_secret_key_file(f));
        REQUIRE(p);
        CHECK(p->role == role);
        CHECK(p->key_id == f.key_id);
        auto pub = parse_key_file(format_public_key_file(f));
        REQUIRE(pub);
        CHECK_FALSE(pub->secret_key);
    }
}
