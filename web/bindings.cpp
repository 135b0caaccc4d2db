// The embind surface of the core for the browser worker and Node tests: plain JS values out.
// The only file that touches embind (STYLE.md). State: the one trust list the worker has
// accepted, kept here so the core stays free of globals; every function returns a fresh object.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

#include "traceseal/traceseal.h"

namespace {

using emscripten::val;
using namespace traceseal;

std::optional<TrustList> g_trust;      // the accepted trust list (set_trust / update_trust)
std::optional<PublicKey> g_root;       // its pinned root, for segment certificates (§9.2)
std::vector<StatusSnapshot> g_status;  // accepted status snapshots, one per segment (§9.4)

// JS numbers are doubles; the core's time is int64 seconds (no BigInt in Emscripten 3.1.6).
UnixTime to_unix(double seconds) {
    return static_cast<UnixTime>(std::floor(seconds));
}

val error_object(const Error& e) {
    val o = val::object();
    o.set("ok", false);
    o.set("reason", std::string(to_string(e.reason)));
    o.set("verdict", std::string(to_string(verdict_of(e.reason))));
    o.set("detail", e.detail);
    return o;
}

// What the page shows about a trust list: "trust list as of <issued_at>".
val trust_info(const TrustList& t, double now) {
    const TrustListBody& b = t.body();
    val o = val::object();
    o.set("ok", true);
    o.set("sequence", static_cast<double>(b.sequence));
    o.set("issued_at", format_time(b.issued_at));
    o.set("expires_at", format_time(b.expires_at));
    o.set("expired", to_unix(now) > b.expires_at);
    o.set("authority", b.authority);
    o.set("label_prefix", b.label_prefix);
    o.set("root_key_id", t.root_key_id());
    return o;
}

Result<TrustList> load(const std::string& root_key_json, const std::string& trust_list_json) {
    Result<KeyFile> root = parse_key_file(root_key_json);
    if (!root) return root.error();
    if (root->role != KeyRole::root)
        return make_error(Reason::key_file_malformed, "not a root public key file");
    Result<TrustList> t = verify_trust_list(trust_list_json, root->public_key);
    if (t) g_root = root->public_key;
    return t;
}

// Verifies a trust list against the pinned root key and makes it the current one,
// unconditionally (first load, or the copy the deployer shipped when nothing is stored).
val set_trust(const std::string& root_key_json, const std::string& trust_list_json, double now) {
    Result<TrustList> t = load(root_key_json, trust_list_json);
    if (!t) return error_object(t.error());
    g_trust = std::move(*t);
    g_status.clear();  // snapshots were verified against the previous list
    return trust_info(*g_trust, now);
}

// A refreshed trust list: verified, then accepted only if it does not roll back (§4.6).
// Result has "replaced": true when the current list changed.
val update_trust(const std::string& root_key_json, const std::string& trust_list_json, double now) {
    Result<TrustList> t = load(root_key_json, trust_list_json);
    if (!t) return error_object(t.error());
    if (!g_trust) {
        g_trust = std::move(*t);
        val o = trust_info(*g_trust, now);
        o.set("replaced", true);
        return o;
    }
    const bool same = t->signed_body() == g_trust->signed_body();
    Result<TrustList> accepted = accept_trust_list_update(*g_trust, std::move(*t));
    if (!accepted) return error_object(accepted.error());
    g_trust = std::move(*accepted);
    val o = trust_info(*g_trust, now);
    o.set("replaced", !same);
    return o;
}

val current_trust(double now) {
    if (!g_trust) return val::null();
    return trust_info(*g_trust, now);
}

// What the page shows about a status snapshot: "status of segment S as of <issued_at>".
val status_info(const StatusSnapshot& s, double now) {
    val o = val::object();
    o.set("ok", true);
    o.set("segment", static_cast<double>(s.certificate().segment));
    o.set("operator", static_cast<double>(s.certificate().operator_id));
    o.set("sequence", static_cast<double>(s.sequence()));
    o.set("issued_at", format_time(s.issued_at()));
    o.set("valid_until", format_time(s.valid_until()));
    o.set("stale", to_unix(now) > s.valid_until());
    return o;
}

// A status snapshot (hex of the binary file) verified against the current trust list and
// accepted under the rollback rule for its segment (§9.4).
val add_status(const std::string& snapshot_hex, double now) {
    if (!g_trust || !g_root)
        return error_object(make_error(Reason::status_malformed, "no trust list yet"));
    Result<Bytes> bytes = from_hex(snapshot_hex);
    if (!bytes) return error_object(make_error(Reason::status_malformed, "not hex"));
    Result<StatusSnapshot> s = verify_status_snapshot(*bytes, *g_trust, *g_root);
    if (!s) return error_object(s.error());
    for (StatusSnapshot& cur : g_status)
        if (cur.certificate().segment == s->certificate().segment) {
            Result<StatusSnapshot> accepted = accept_status_update(cur, std::move(*s));
            if (!accepted) return error_object(accepted.error());
            cur = std::move(*accepted);
            return status_info(cur, now);
        }
    g_status.push_back(std::move(*s));
    return status_info(g_status.back(), now);
}

void clear_status() {
    g_status.clear();
}

Sighting sighting_of(const val& v) {
    return {v["latitude"].as<double>(), v["longitude"].as<double>(), to_unix(v["at"].as<double>())};
}

// One code text -> the JSON object of `traceseal verify --json` (§6.2), as a string. With
// accepted status snapshots the lifecycle rules apply in the consumer context (§9.5).
std::string assess(const std::string& text, double now, const std::string& input) {
    if (!g_trust) return {};
    if (g_status.empty())
        return assessment_to_json(assess_text(text, *g_trust, to_unix(now)), input);
    StatusContext ctx;
    ctx.snapshots = g_status;
    return assessment_to_json(assess_text(text, *g_trust, to_unix(now), &ctx), input);
}

// The same in another scan context with the code's prior sightings ([{latitude, longitude,
// at (Unix seconds)}]) and the current one (or null): for the status vectors under WASM.
std::string assess_in_context(const std::string& text, double now, const std::string& input,
                              const std::string& context, const val& prior, const val& here) {
    if (!g_trust) return {};
    StatusContext ctx;
    ctx.context = parse_scan_context(context).value_or(ScanContext::consumer);
    ctx.snapshots = g_status;
    const unsigned n = prior["length"].as<unsigned>();
    for (unsigned i = 0; i < n; ++i) ctx.prior_sightings.push_back(sighting_of(prior[i]));
    if (!here.isNull() && !here.isUndefined()) ctx.here = sighting_of(here);
    return assessment_to_json(assess_text(text, *g_trust, to_unix(now), &ctx), input);
}

std::string assess_no_code(const std::string& input) {
    return assessment_to_json(no_code_assessment(), input);
}

// Provenance bundles (FORMAT.md §10) against the current trust list, for the provenance vectors
// under WASM: {ok, reason, records} ; held_hex may be empty.
val verify_provenance_hex(const std::string& bundle_hex, const std::string& code,
                          const std::string& held_hex) {
    if (!g_trust)
        return error_object(make_error(Reason::provenance_malformed, "no trust list yet"));
    Result<Bytes> bundle = from_hex(bundle_hex);
    if (!bundle) return error_object(make_error(Reason::provenance_malformed, "not hex"));
    std::optional<Checkpoint> held;
    if (!held_hex.empty()) {
        Result<Bytes> h = from_hex(held_hex);
        if (!h)
            return error_object(
                make_error(Reason::provenance_malformed, "held checkpoint is not hex"));
        Result<Checkpoint> c = verify_checkpoint(*h, *g_trust);
        if (!c) return error_object(c.error());
        held = std::move(*c);
    }
    Result<Provenance> p = verify_provenance(*bundle, *g_trust, code, held ? &*held : nullptr);
    if (!p) return error_object(p.error());
    val o = val::object();
    o.set("ok", true);
    o.set("records", static_cast<double>(p->records().size()));
    return o;
}

// Opens record `index` of a verified bundle with an inspector's X25519 secret key (hex).
val open_provenance_details_hex(const std::string& bundle_hex, unsigned index,
                                const std::string& secret_hex) {
    Result<Bytes> bundle = from_hex(bundle_hex), secret = from_hex(secret_hex);
    if (!g_trust || !bundle || !secret || secret->size() != 32)
        return error_object(make_error(Reason::sealed_details_unreadable, "bad input"));
    Result<Provenance> p = verify_provenance(*bundle, *g_trust, "", nullptr);
    if (!p) return error_object(p.error());
    if (index >= p->records().size())
        return error_object(make_error(Reason::provenance_malformed, "no such record"));
    std::array<std::uint8_t, 32> sk{};
    std::copy(secret->begin(), secret->end(), sk.begin());
    Result<EventDetails> d = open_record_details(p->records()[index], box_keypair_from_secret(sk));
    if (!d) return error_object(d.error());
    val o = val::object();
    o.set("ok", true);
    o.set("actor", d->actor);
    o.set("place", d->place);
    o.set("time", format_time(d->time));
    return o;
}

// Plain Ed25519 (RFC 8032) over hex inputs, for the crypto vectors (ed25519_v1.json) under WASM:
// the WASM libsodium must reject exactly what the native one rejects. Bad hex or sizes: false.
bool ed25519_verify_hex(const std::string& pk_hex, const std::string& message_hex,
                        const std::string& signature_hex) {
    Result<Bytes> pk = from_hex(pk_hex), msg = from_hex(message_hex), sig = from_hex(signature_hex);
    if (!pk || !msg || !sig || pk->size() != 32 || sig->size() != kSignatureSize) return false;
    PublicKey key;
    std::copy(pk->begin(), pk->end(), key.bytes.begin());
    std::array<std::uint8_t, kSignatureSize> signature{};
    std::copy(sig->begin(), sig->end(), signature.begin());
    return ed25519_verify(key, *msg, signature);
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

// The message catalog for one language: {verdicts: {word: text}, reasons: {word: text},
// reminder: text}, so the page uses the core's words.
val messages(const std::string& lang_tag) {
    const Lang lang = lang_tag.rfind("zh", 0) == 0 ? Lang::zh_CN : Lang::en;
    val verdicts = val::object();
    for (Verdict v :
         {Verdict::genuine, Verdict::warning, Verdict::invalid, Verdict::foreign, Verdict::no_code})
        verdicts.set(std::string(to_string(v)), std::string(message(v, lang)));
    val reasons = val::object();
#define TRACESEAL_SET(name, verdict) reasons.set(#name, std::string(message(Reason::name, lang)));
    TRACESEAL_REASONS(TRACESEAL_SET)
#undef TRACESEAL_SET
    val states = val::object();
    for (int i = 0; i <= static_cast<int>(CodeState::superseded); ++i)
        states.set(std::string(to_string(static_cast<CodeState>(i))),
                   std::string(message(static_cast<CodeState>(i), lang)));
    val o = val::object();
    o.set("lang", std::string(lang == Lang::zh_CN ? "zh-CN" : "en"));
    o.set("states", states);
    o.set("verdicts", verdicts);
    o.set("reasons", reasons);
    o.set("reminder", std::string(resale_reminder(lang)));
    return o;
}

}  // namespace

EMSCRIPTEN_BINDINGS(traceseal) {
    emscripten::function("set_trust", &set_trust);
    emscripten::function("update_trust", &update_trust);
    emscripten::function("current_trust", &current_trust);
    emscripten::function("assess", &assess);
    emscripten::function("assess_no_code", &assess_no_code);
    emscripten::function("add_status", &add_status);
    emscripten::function("clear_status", &clear_status);
    emscripten::function("assess_in_context", &assess_in_context);
    emscripten::function("verify_provenance_hex", &verify_provenance_hex);
    emscripten::function("open_provenance_details_hex", &open_provenance_details_hex);
    emscripten::function("messages", &messages);
    emscripten::function("ed25519_verify_hex", &ed25519_verify_hex);
    emscripten::function("tlog_verify_checkpoint", &tlog_verify_checkpoint);
    emscripten::function("tlog_parse_vkey", &tlog_parse_vkey);
    emscripten::function("tlog_verify_inclusion", &tlog_verify_inclusion);
    emscripten::function("tlog_verify_consistency", &tlog_verify_consistency);
    emscripten::function("tlog_tile_path", &tlog_tile_path);
    emscripten::function("tlog_witness_check", &tlog_witness_check);
    emscripten::function("tlog_verify_bundle", &tlog_verify_bundle);
}
