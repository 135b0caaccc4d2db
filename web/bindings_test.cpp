// Test-only embind functions, linked into the Node build (traceseal_core_node.cjs) and never
// shipped to the page: the status, provenance and Ed25519 vectors under WASM. Bytes are
// Uint8Arrays; the verifier state is the page binding's (binding_state.h).
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <algorithm>
#include <string>

#include "binding_state.h"
#include "traceseal/traceseal.h"

namespace traceseal::web {
namespace {

using emscripten::val;

Sighting sighting_of(const val& v) {
    return {v["latitude"].as<double>(), v["longitude"].as<double>(), to_unix(v["at"].as<double>())};
}

// assess() in another scan context with the code's prior sightings ([{latitude, longitude, at}])
// and the current one (or null): test-only.
std::string assess_in_context(const std::string& text, double now, const std::string& input,
                              const std::string& context, const val& prior, const val& here) {
    const VerifierState& st = state();
    if (!st.trust) return {};
    ScanFacts scan;
    scan.at = to_unix(now);
    scan.context = parse_scan_context(context).value_or(ScanContext::consumer);
    const unsigned n = prior["length"].as<unsigned>();
    for (unsigned i = 0; i < n; ++i) scan.prior_sightings.push_back(sighting_of(prior[i]));
    if (!here.isNull() && !here.isUndefined()) scan.here = sighting_of(here);
    return assess_typed_to_json(text, *st.trust, scan, input);
}

// A provenance bundle (§10) against the current trust list: {ok, records} or a refusal. held may
// be empty.
val verify_provenance_bytes(const val& bundle, const std::string& code, const val& held_bytes) {
    const VerifierState& st = state();
    if (!st.trust)
        return error_object(make_error(Reason::provenance_malformed, "no trust list yet"));
    std::optional<Checkpoint> held;
    Bytes h = bytes_of(held_bytes);
    if (!h.empty()) {
        Result<Checkpoint> c = verify_checkpoint(h, st.trust->trust_list());
        if (!c) return error_object(c.error());
        held = std::move(*c);
    }
    Result<Provenance> p = traceseal::verify_provenance(bytes_of(bundle), st.trust->trust_list(),
                                                        code, held ? &*held : nullptr);
    if (!p) return error_object(p.error());
    val o = val::object();
    o.set("ok", true);
    o.set("records", static_cast<double>(p->records().size()));
    return o;
}

// Opens record `index` of a verified bundle with an inspector's X25519 secret key (32 bytes).
val open_provenance_details(const val& bundle_bytes, unsigned index, const val& secret_bytes) {
    const VerifierState& st = state();
    Bytes bundle = bytes_of(bundle_bytes), secret = bytes_of(secret_bytes);
    if (!st.trust || secret.size() != 32)
        return error_object(make_error(Reason::sealed_details_unreadable, "bad input"));
    Result<Provenance> p =
        traceseal::verify_provenance(bundle, st.trust->trust_list(), "", nullptr);
    if (!p) return error_object(p.error());
    if (index >= p->records().size())
        return error_object(make_error(Reason::provenance_malformed, "no such record"));
    std::array<std::uint8_t, 32> sk{};
    std::copy(secret.begin(), secret.end(), sk.begin());
    Result<EventDetails> d = open_record_details(p->records()[index], box_keypair_from_secret(sk));
    if (!d) return error_object(d.error());
    val o = val::object();
    o.set("ok", true);
    o.set("actor", d->actor);
    o.set("place", d->place);
    o.set("time", format_time(d->time));
    return o;
}

// Plain Ed25519 (RFC 8032) for the crypto vectors (ed25519_v1.json): the WASM libsodium must
// reject exactly what the native one rejects. Wrong sizes: false.
bool ed25519_verify_bytes(const val& pk_bytes, const val& message, const val& signature_bytes) {
    Bytes pk = bytes_of(pk_bytes), sig = bytes_of(signature_bytes);
    if (pk.size() != 32 || sig.size() != kSignatureSize) return false;
    PublicKey key;
    std::copy(pk.begin(), pk.end(), key.bytes.begin());
    std::array<std::uint8_t, kSignatureSize> signature{};
    std::copy(sig.begin(), sig.end(), signature.begin());
    return ed25519_verify(key, bytes_of(message), signature);
}

}  // namespace
}  // namespace traceseal::web

EMSCRIPTEN_BINDINGS(traceseal_test) {
    using namespace traceseal::web;
    emscripten::function("assess_in_context", &assess_in_context);
    emscripten::function("verify_provenance", &verify_provenance_bytes);
    emscripten::function("open_provenance_details", &open_provenance_details);
    emscripten::function("ed25519_verify", &ed25519_verify_bytes);
}
