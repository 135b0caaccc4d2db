// The inspector mode's embind surface (FORMAT.md §12, issue 15): request bodies and their exact
// signing input, the signed request around a signature made by a WebCrypto key, libsodium
// signing for browsers without Ed25519 in WebCrypto, key files, the session's claims, and a
// bundle v2 verified against the held trust list and checkpoints with the timeline of
// native/platform/provenance_v2 (the same function the CLI and the viewer call). Plain values
// out; the worker (web/site/inspector_worker.js) calls these, never the page.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <algorithm>
#include <string>

#include "binding_state.h"
#include "provenance_v2.h"
#include "traceseal/traceseal.h"

namespace traceseal::web {
namespace {

using emscripten::val;

val uint8_array(const std::uint8_t* data, std::size_t n) {
    return val::global("Uint8Array")
        .new_(emscripten::typed_memory_view(n, data))
        .call<val>("slice");
}

std::optional<InspectorRole> role_of(const std::string& word) {
    return parse_inspector_role(word);
}

// {ok, body, message}: the body's JSON text and the exact bytes a device key signs (§12.5).
val body_object(const std::string& body) {
    Bytes m = request_signing_input(body);
    val o = val::object();
    o.set("ok", true);
    o.set("body", body);
    o.set("message", uint8_array(m.data(), m.size()));
    return o;
}

bool nonce_ok(const std::string& nonce) {
    return nonce.size() == 32 && std::all_of(nonce.begin(), nonce.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

val login_body(const std::string& phone, const std::string& code, double now,
               const std::string& nonce) {
    const bool six_digits = code.size() == 6 && std::all_of(code.begin(), code.end(), [](char c) {
                                return c >= '0' && c <= '9';
                            });
    if (!valid_phone(phone))
        return error_object(make_error(Reason::request_malformed, "phone is not E.164"));
    if (!six_digits)
        return error_object(make_error(Reason::login_code_invalid, "the code is 6 digits"));
    if (!nonce_ok(nonce))
        return error_object(make_error(Reason::request_malformed, "nonce: 32 lowercase hex"));
    return body_object(format_login_request({phone, code, to_unix(now), nonce}));
}

// The code number of what the inspector typed or scanned: a printed number (§6.3) as it is, or
// a code text whose signature and trust chain hold (its payload's number).
Result<std::string> code_number_of(const std::string& text, double now) {
    if (auto n = parse_code_number(text)) return format_code_number(*n);
    if (!state().trust) return make_error(Reason::request_malformed, "no trust list yet");
    Assessment a = state().trust->assess(text, ScanFacts{to_unix(now), {}, {}, {}});
    if (a.fields && a.authentic) return format_code_number(*a.fields);
    if (!a.reasons.empty()) return make_error(a.reasons.front(), "not a code of this trust list");
    return make_error(Reason::request_malformed, "not a code number SSSSSSSS-NNNNNNNN");
}

val query_body(const std::string& session, const std::string& code_text,
               const std::string& case_reference, double now, const std::string& nonce) {
    auto code = code_number_of(code_text, now);
    if (!code) return error_object(code.error());
    if (!valid_case_reference(case_reference))
        return error_object(
            make_error(Reason::request_malformed, "case reference: 0-64 printable ASCII"));
    if (!nonce_ok(nonce) || !nonce_ok(session))
        return error_object(make_error(Reason::request_malformed, "session and nonce: 32 hex"));
    val o =
        body_object(format_query_request({session, *code, case_reference, to_unix(now), nonce}));
    o.set("code_number", *code);
    return o;
}

// The request around a signature made elsewhere; '' if it is not 64 bytes.
std::string signed_request(const std::string& body, const val& signature) {
    Bytes s = bytes_of(signature);
    if (s.size() != kSignatureSize) return {};
    std::array<std::uint8_t, kSignatureSize> sig{};
    std::copy(s.begin(), s.end(), sig.begin());
    return format_signed_request(body, sig);
}

// libsodium signing in the worker (browsers without WebCrypto Ed25519); '' on a wrong size.
std::string sign_with(const std::string& body, const val& secret) {
    Bytes s = bytes_of(secret);
    if (s.size() != 64) return {};
    SecretKey k;
    std::copy(s.begin(), s.end(), k.bytes.begin());
    return sign_request(body, k);
}

std::string device_public_file(const PublicKey& pk) {
    KeyFile f{KeyRole::device, 0, pk, std::nullopt};
    return format_public_key_file(f);
}

// A device key pair from 32 random bytes (crypto.getRandomValues in the worker: the core draws
// no randomness).
val device_key_from_seed(const val& seed_bytes) {
    Bytes s = bytes_of(seed_bytes);
    if (s.size() != 32) return error_object(make_error(Reason::key_file_malformed, "seed: 32"));
    Seed seed{};
    std::copy(s.begin(), s.end(), seed.begin());
    KeyPair kp = keypair_from_seed(seed);
    val o = val::object();
    o.set("ok", true);
    o.set("public_key", to_hex(kp.public_key.bytes.data(), 32));
    o.set("secret", uint8_array(kp.secret_key.bytes.data(), 64));
    o.set("public_file", device_public_file(kp.public_key));
    return o;
}

// The public key file (§4.2, role device) of a 32-byte public key, for `inspector enrol`.
std::string device_public_file_of(const val& public_key) {
    Bytes b = bytes_of(public_key);
    if (b.size() != 32) return {};
    PublicKey pk;
    std::copy(b.begin(), b.end(), pk.bytes.begin());
    return device_public_file(pk);
}

val box_key_object(const BoxKeyPair& kp) {
    val o = val::object();
    o.set("ok", true);
    o.set("kind", std::string("inspector"));
    o.set("public_key", to_hex(kp.public_key.bytes.data(), 32));
    o.set("secret", uint8_array(kp.secret_key.data(), 32));
    o.set("public_file", format_inspector_key_file(kp, false));
    return o;
}

val box_key_from_seed(const val& seed_bytes) {
    Bytes s = bytes_of(seed_bytes);
    if (s.size() != 32) return error_object(make_error(Reason::key_file_malformed, "seed: 32"));
    Seed seed{};
    std::copy(s.begin(), s.end(), seed.begin());
    return box_key_object(box_keypair_from_seed(seed));
}

// A device secret key file (§4.2, role device) or an inspector secret key file (§10.16).
val read_key_file(const std::string& text) {
    if (text.find("traceseal-inspector-key") != std::string::npos) {
        Result<InspectorKey> k = parse_inspector_key_file(text);
        if (!k) return error_object(k.error());
        if (!k->secret)
            return error_object(make_error(Reason::key_file_malformed,
                                           "a public inspector key file: the .key.json is needed"));
        return box_key_object(*k->secret);
    }
    Result<KeyFile> k = parse_key_file(text);
    if (!k) return error_object(k.error());
    if (k->role != KeyRole::device || !k->secret_key)
        return error_object(make_error(Reason::key_file_malformed,
                                       "not a device secret key file (keygen --role device)"));
    val o = val::object();
    o.set("ok", true);
    o.set("kind", std::string("device"));
    o.set("public_key", to_hex(k->public_key.bytes.data(), 32));
    o.set("secret", uint8_array(k->secret_key->bytes.data(), 64));
    o.set("public_file", device_public_file(k->public_key));
    return o;
}

val may_open_object(InspectorRole role) {
    val groups = val::object();
    for (FieldGroup g : kFieldGroups) groups.set(std::string(to_string(g)), role_may_open(role, g));
    return groups;
}

// The claims of the session token this browser holds, NOT verified (§12.10: the client is not
// the verifier; the service checks the token on every query).
val session_claims(const std::string& token, double now) {
    Result<SessionClaims> c = read_session_claims(token);
    if (!c) return error_object(c.error());
    val o = val::object();
    o.set("ok", true);
    o.set("session", c->session);
    o.set("phone", c->phone);
    o.set("role", std::string(to_string(c->role)));
    o.set("agency", static_cast<double>(c->agency));
    o.set("device_key", to_hex(c->device_key.bytes.data(), 32));
    o.set("inspector_key", to_hex(c->inspector_key.bytes.data(), 32));
    o.set("issued_at", format_time(c->issued_at));
    o.set("expires_at", format_time(c->expires_at));
    o.set("expired", to_unix(now) >= c->expires_at);
    o.set("case_reference_required", case_reference_required(c->role));
    o.set("may_open", may_open_object(c->role));
    return o;
}

val details_object(const EventDetails& d) {
    val o = val::object();
    o.set("time", format_time(d.time));
    o.set("actor", d.actor);
    o.set("place", d.place);
    o.set("reason", d.reason);
    return o;
}

// §10.13 through platform::verify_bundle_v2_file against the held trust list and the checkpoint
// held for the bundle's log; on success the bundle's checkpoint is held (it extends the held
// one). `role` says which sealed groups the page may expect opened; `box_secret` (32 bytes, or
// empty) opens them.
val verify_bundle(const val& bundle_bytes, const std::string& code, const std::string& role,
                  const val& box_secret) {
    std::optional<TrustState>& st = state().trust;
    if (!st) return error_object(make_error(Reason::provenance_malformed, "no trust list yet"));
    Bytes secret = bytes_of(box_secret);
    std::optional<BoxKeyPair> inspector;
    if (secret.size() == 32) {
        std::array<std::uint8_t, 32> sk{};
        std::copy(secret.begin(), secret.end(), sk.begin());
        inspector = box_keypair_from_secret(sk);
    }
    Bytes bytes = bytes_of(bundle_bytes);
    if (!platform::is_bundle_v2(bytes))
        return error_object(
            make_error(Reason::provenance_unsupported_version, "not a bundle v2 (TSPB 0x02)"));
    platform::BundleV2Result r = platform::verify_bundle_v2_file(
        "", bytes, platform::log_lookup(*st), inspector ? &*inspector : nullptr);
    if (r.refused) return error_object(*r.refused);
    if (!code.empty() && r.code_number != code)
        return error_object(make_error(Reason::provenance_wrong_code,
                                       "the bundle is of " + r.code_number + ", not " + code));
    auto held = st->accept_bundle_v2(bytes, r.code_number);
    if (!held) return error_object(held.error());
    const platform::HistoryV2& h = *r.history;
    const std::optional<InspectorRole> as = role_of(role);
    val events = val::array();
    for (const platform::TimelineEntry& e : h.events) {
        val o = val::object();
        o.set("index", static_cast<double>(e.index));
        o.set("type", e.event.type);
        o.set("state", e.event.state);
        o.set("related", e.event.related);
        o.set("sealed", e.sealed);
        const auto group = details_group(e.event.type);
        o.set("group", group ? val(std::string(to_string(*group))) : val::null());
        o.set("may_open", !group || (as && role_may_open(*as, *group)));
        o.set("details", e.details ? details_object(*e.details) : val::null());
        o.set("unreadable",
              e.unreadable ? val(std::string(to_string(e.unreadable->reason))) : val::null());
        events.call<void>("push", o);
    }
    val witnesses = val::array();
    for (const std::string& w : h.witnesses) witnesses.call<void>("push", w);
    val o = val::object();
    o.set("ok", true);
    o.set("code_number", h.code_number);
    o.set("origin", h.checkpoint.origin);
    o.set("size", static_cast<double>(h.checkpoint.size));
    o.set("witnesses", witnesses);
    o.set("quorum", static_cast<double>(h.quorum));
    o.set("held_size", h.held_size ? val(static_cast<double>(*h.held_size)) : val::null());
    o.set("checkpoint", held->checkpoint().note());  // now held: the worker keeps it
    o.set("events", events);
    return o;
}

// A checkpoint note kept from before (IndexedDB), held again under §10.9's rule.
val hold_checkpoint(const std::string& note) {
    std::optional<TrustState>& st = state().trust;
    if (!st) return error_object(make_error(Reason::checkpoint_malformed, "no trust list yet"));
    auto c = st->hold_log_checkpoint(note);
    if (!c) return error_object(c.error());
    val o = val::object();
    o.set("ok", true);
    o.set("origin", c->body().origin);
    o.set("size", static_cast<double>(c->body().size));
    return o;
}

}  // namespace
}  // namespace traceseal::web

EMSCRIPTEN_BINDINGS(traceseal_inspector) {
    using namespace traceseal::web;
    emscripten::function("inspector_login_body", &login_body);
    emscripten::function("inspector_query_body", &query_body);
    emscripten::function("inspector_signed_request", &signed_request);
    emscripten::function("inspector_sign_request", &sign_with);
    emscripten::function("inspector_device_key_from_seed", &device_key_from_seed);
    emscripten::function("inspector_device_public_file", &device_public_file_of);
    emscripten::function("inspector_box_key_from_seed", &box_key_from_seed);
    emscripten::function("inspector_read_key_file", &read_key_file);
    emscripten::function("inspector_session_claims", &session_claims);
    emscripten::function("inspector_verify_bundle", &verify_bundle);
    emscripten::function("inspector_hold_checkpoint", &hold_checkpoint);
}
