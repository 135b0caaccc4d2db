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

// ---- Transparency log (FORMAT.md §10 v2), for the vectors under WASM (tests/web/vectors.mjs):
// strings in, the reason word ("valid" or a reason) out. Lists are newline-terminated base64
// hashes or newline-joined vkeys.
std::string word_of(const std::optional<Error>& e) {
    return e ? std::string(to_string(e->reason)) : "valid";
}
// Each hash is terminated by '\n' (so [""] and [] differ); a hash that is not base64 is empty.
tlog::Proof proof_lines(const std::string& lines) {
    tlog::Proof p;
    for (std::size_t pos = 0; pos < lines.size();) {
        std::size_t nl = std::min(lines.find('\n', pos), lines.size());
        p.push_back(tlog::base64_decode(lines.substr(pos, nl - pos)).value_or(Bytes{}));
        pos = nl + 1;
    }
    return p;
}
// u64 values cross as decimal strings: JS numbers lose precision above 2^53 (the shared cases
// use 2^64 - 1).
std::optional<std::uint64_t> u64_of(const std::string& s) {
    if (s.empty() || s.size() > 20) return std::nullopt;
    unsigned __int128 v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + static_cast<unsigned>(c - '0');
    }
    if (v > UINT64_MAX) return std::nullopt;
    return static_cast<std::uint64_t>(v);
}
Bytes b64_bytes(const std::string& s) {
    return tlog::base64_decode(s).value_or(Bytes{});
}
std::optional<tlog::LogPolicy> policy_of(const std::string& origin, const std::string& log_vkey,
                                         const std::string& witnesses, double quorum) {
    tlog::LogPolicy p;
    p.origin = origin;
    auto k = tlog::parse_vkey(log_vkey, tlog::kSigTypeEd25519);
    if (!k) return std::nullopt;
    p.log_key = *k;
    for (std::size_t pos = 0; pos < witnesses.size();) {
        std::size_t nl = std::min(witnesses.find('\n', pos), witnesses.size());
        auto w = tlog::parse_vkey(witnesses.substr(pos, nl - pos), tlog::kSigTypeCosignatureV1);
        if (!w) return std::nullopt;
        p.witnesses.push_back(*w);
        pos = nl + 1;
    }
    p.quorum = static_cast<std::size_t>(quorum);
    return p;
}
// The note's exact bytes in base64 (a note that is not UTF-8 cannot cross as a JS string).
std::string tlog_verify_checkpoint(const std::string& note_b64, const std::string& origin,
                                   const std::string& log_vkey, const std::string& witnesses,
                                   double quorum) {
    auto p = policy_of(origin, log_vkey, witnesses, quorum);
    if (!p) return "vkey_malformed";
    auto note = tlog::base64_decode(note_b64);
    if (!note) return "note_malformed";
    auto r = tlog::verify_checkpoint_note(std::string(note->begin(), note->end()), *p);
    return r ? "valid" : std::string(to_string(r.error().reason));
}
std::string tlog_parse_vkey(const std::string& vkey, double type) {
    auto r = tlog::parse_vkey(vkey, static_cast<std::uint8_t>(type));
    return r ? "valid" : std::string(to_string(r.error().reason));
}
std::string tlog_verify_inclusion(const std::string& index, const std::string& size,
                                  const std::string& leaf, const std::string& proof,
                                  const std::string& root) {
    auto i = u64_of(index), n = u64_of(size);
    if (!i || !n) return "not_a_u64";
    return word_of(
        tlog::verify_inclusion(*i, *n, b64_bytes(leaf), proof_lines(proof), b64_bytes(root)));
}
std::string tlog_verify_consistency(const std::string& size1, const std::string& size2,
                                    const std::string& proof, const std::string& root1,
                                    const std::string& root2) {
    auto a = u64_of(size1), b = u64_of(size2);
    if (!a || !b) return "not_a_u64";
    return word_of(
        tlog::verify_consistency(*a, *b, proof_lines(proof), b64_bytes(root1), b64_bytes(root2)));
}
std::string tlog_tile_path(double level, double index, double width) {
    const auto i = static_cast<std::uint64_t>(index);
    const auto w = static_cast<unsigned>(width);
    return level < 0 ? tlog::entries_path(i, w) : tlog::tile_path(static_cast<int>(level), i, w);
}
// A bundle v2 (base64) for `code` under the policy, the operator's segments [first, last] and
// an optional held checkpoint note ('' for none).
std::string tlog_verify_bundle(const std::string& bundle_b64, const std::string& origin,
                               const std::string& log_vkey, const std::string& witnesses,
                               double quorum, double seg_first, double seg_last,
                               const std::string& code, const std::string& held_note) {
    auto p = policy_of(origin, log_vkey, witnesses, quorum);
    if (!p) return "vkey_malformed";
    std::optional<tlog::VerifiedCheckpoint> held;
    if (!held_note.empty()) {
        auto h = tlog::verify_checkpoint_note(held_note, *p);
        if (!h) return "held " + std::string(to_string(h.error().reason));
        held = *h;
    }
    const std::vector<tlog::SegmentSpan> segments = {
        {static_cast<std::uint32_t>(seg_first), static_cast<std::uint32_t>(seg_last)}};
    auto r =
        tlog::verify_bundle_v2(b64_bytes(bundle_b64), *p, segments, code, held ? &*held : nullptr);
    return r ? "valid" : std::string(to_string(r.error().reason));
}

// "word http" for one add-checkpoint request; stored_size < 0: never cosigned.
std::string tlog_witness_check(const std::string& request, const std::string& origin,
                               const std::string& log_vkey, double stored_size,
                               const std::string& stored_root) {
    auto p = policy_of(origin, log_vkey, "", 0);
    if (!p) return "vkey_malformed 400";
    auto req = tlog::parse_add_checkpoint(request);
    if (!req) return std::string(to_string(req.error().reason)) + " 400";
    std::optional<tlog::WitnessRecord> stored;
    if (stored_size >= 0) {
        tlog::WitnessRecord w;
        w.size = static_cast<std::uint64_t>(stored_size);
        Bytes r = b64_bytes(stored_root);
        if (r.size() == 32) std::copy(r.begin(), r.end(), w.root.begin());
        stored = w;
    }
    auto r = tlog::witness_check(*req, *p, stored);
    if (r) return "valid 200";
    return std::string(to_string(r.error().reason)) + " " +
           std::to_string(tlog::witness_http_status(r.error().reason));
}

}  // namespace
}  // namespace traceseal::web

EMSCRIPTEN_BINDINGS(traceseal_test) {
    using namespace traceseal::web;
    emscripten::function("assess_in_context", &assess_in_context);
    emscripten::function("verify_provenance", &verify_provenance_bytes);
    emscripten::function("open_provenance_details", &open_provenance_details);
    emscripten::function("ed25519_verify", &ed25519_verify_bytes);
    emscripten::function("tlog_verify_checkpoint", &tlog_verify_checkpoint);
    emscripten::function("tlog_parse_vkey", &tlog_parse_vkey);
    emscripten::function("tlog_verify_inclusion", &tlog_verify_inclusion);
    emscripten::function("tlog_verify_consistency", &tlog_verify_consistency);
    emscripten::function("tlog_tile_path", &tlog_tile_path);
    emscripten::function("tlog_witness_check", &tlog_witness_check);
    emscripten::function("tlog_verify_bundle", &tlog_verify_bundle);
}
