// Trust lists (FORMAT.md §4): semantic checks, signing, verification against the pinned root,
// and the update rule that stops rollbacks.
#include <algorithm>
#include <set>

#include "crypto.h"
#include "json_files.h"
#include "text_util.h"
#include "traceseal/traceseal.h"

namespace traceseal {
namespace {

// §4.3 rule 5: an uppercase https URL of QR alphanumeric characters that leaves room for the
// token in a version 6-M symbol.
std::optional<std::string> prefix_problem(std::string_view p) {
    if (p.size() > kMaxPrefixLength)
        return "label_prefix is longer than " + std::to_string(kMaxPrefixLength) + " characters";
    if (p.substr(0, 8) != "HTTPS://") return "label_prefix must start with HTTPS://";
    if (p.size() < 10 || p.back() != '/' || p[8] == '/')
        return "label_prefix must be HTTPS://HOST/ or HTTPS://HOST/PATH/";
    for (char c : p) {
        bool ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
                  std::string_view("$*+-.:/").find(c) != std::string_view::npos;
        if (!ok) return std::string("label_prefix has character '") + c + "'";
    }
    return std::nullopt;
}

// §4.3 rule 8, §10.9: the logs a version-2 list names.
std::optional<Error> logs_problem(const TrustListBody& b) {
    auto bad = [](Reason r, std::string d) { return make_error(r, std::move(d)); };
    constexpr Reason kBad = Reason::trust_list_malformed;
    if (b.version < 2 && !b.logs.empty()) return bad(kBad, "logs need a version-2 trust list");
    std::set<std::string> origins;
    for (const TrustedLog& l : b.logs) {
        const tlog::LogPolicy& p = l.policy;
        const std::string where = "log " + p.origin;
        if (!tlog::valid_key_name(p.origin) || p.origin.find("://") != std::string::npos ||
            p.origin.back() == '/')
            return bad(kBad, "log origin \"" + p.origin + "\" is not <host>/<path>");
        if (!origins.insert(p.origin).second) return bad(kBad, where + " is listed twice");
        if (!b.find_operator(l.operator_id))
            return bad(kBad, where + " names operator " + std::to_string(l.operator_id) +
                                 ", which is not listed");
        if (p.witnesses.empty()) return bad(kBad, where + " has no witnesses");
        if (p.quorum < 1 || p.quorum > p.witnesses.size())
            return bad(kBad, where + ": quorum must be from 1 to the number of witnesses");
        auto usable = [](const tlog::Vkey& k) { return crypto::usable_public_key({k.public_key}); };
        if (p.log_key.name != p.origin || p.log_key.type != tlog::kSigTypeEd25519)
            return bad(Reason::trust_list_bad_key,
                       where + ": its vkey must be of type 0x01 named by the origin");
        if (!usable(p.log_key))
            return bad(Reason::trust_list_bad_key,
                       where + ": its key is a small-order or non-canonical Ed25519 key");
        std::set<std::string> names;
        std::set<std::array<std::uint8_t, 32>> keys;
        for (const tlog::Vkey& w : p.witnesses) {
            if (w.type != tlog::kSigTypeCosignatureV1 || !tlog::valid_key_name(w.name))
                return bad(Reason::trust_list_bad_key,
                           where + ": witness " + w.name + " must be a type 0x04 vkey");
            if (!usable(w))
                return bad(Reason::trust_list_bad_key,
                           where + ": witness " + w.name +
                               " has a small-order or non-canonical Ed25519 key");
            if (!names.insert(w.name).second || !keys.insert(w.public_key).second)
                return bad(Reason::trust_list_duplicate_key,
                           where + ": witness " + w.name + " is listed twice");
        }
    }
    return std::nullopt;
}

}  // namespace

Result<TrustListBody> check_trust_list_body(TrustListBody b) {
    auto bad = [](Reason r, std::string d) { return make_error(r, std::move(d)); };
    constexpr Reason kBad = Reason::trust_list_malformed;
    if (b.expires_at <= b.issued_at) return bad(kBad, "expires_at must be after issued_at");
    if (auto p = prefix_problem(b.label_prefix)) return bad(Reason::trust_list_invalid_prefix, *p);
    std::set<std::uint16_t> ops, cats, key_ids;
    std::set<std::array<std::uint8_t, 32>> pks;
    for (const auto& o : b.operators)
        if (!ops.insert(o.id).second)
            return bad(kBad, "operator id " + std::to_string(o.id) + " is listed twice");
    for (const auto& c : b.categories)
        if (!cats.insert(c.id).second)
            return bad(kBad, "category id " + std::to_string(c.id) + " is listed twice");
    for (const auto& k : b.issuing_keys) {
        std::string where = "issuing key " + std::to_string(k.key_id);
        if (!key_ids.insert(k.key_id).second || !pks.insert(k.public_key.bytes).second)
            return bad(Reason::trust_list_duplicate_key, where + " is listed twice");
        if (!ops.count(k.operator_id))
            return bad(kBad, where + " names operator " + std::to_string(k.operator_id) +
                                 ", which is not listed");
        if (k.not_after <= k.not_before)
            return bad(kBad, where + ": not_after must be after not_before");
        if (k.segments.empty()) return bad(kBad, where + " has no segments");
        for (const auto& s : k.segments)
            if (s.first > s.last)
                return bad(kBad, where + " has a segment range with first > last");
    }
    for (const auto& k : b.revoked_keys)
        if (!key_ids.insert(k.key_id).second || !pks.insert(k.public_key.bytes).second)
            return bad(Reason::trust_list_duplicate_key,
                       "revoked key " + std::to_string(k.key_id) + " is also listed elsewhere");
    // Rule 6: a segment belongs to one operator; two operators' keys on it would let either
    // sign (and publish status for) the other's codes.
    for (std::size_t i = 0; i < b.issuing_keys.size(); ++i)
        for (std::size_t j = i + 1; j < b.issuing_keys.size(); ++j) {
            const IssuingKey &x = b.issuing_keys[i], &y = b.issuing_keys[j];
            if (x.operator_id == y.operator_id) continue;
            for (const auto& s : x.segments)
                for (const auto& t : y.segments)
                    if (s.first <= t.last && t.first <= s.last)
                        return bad(Reason::trust_list_segment_conflict,
                                   "issuing keys " + std::to_string(x.key_id) + " and " +
                                       std::to_string(y.key_id) + " of operators " +
                                       std::to_string(x.operator_id) + " and " +
                                       std::to_string(y.operator_id) + " both cover segment " +
                                       std::to_string(std::max(s.first, t.first)));
        }
    // Rule 7: key id 0 is no key; a small-order or non-canonical key verifies nothing.
    for (const auto& k : b.issuing_keys) {
        if (k.key_id == 0) return bad(Reason::trust_list_bad_key, "issuing key id 0");
        if (!crypto::usable_public_key(k.public_key))
            return bad(Reason::trust_list_bad_key,
                       "issuing key " + std::to_string(k.key_id) +
                           " is a small-order or non-canonical Ed25519 public key");
    }
    for (const auto& k : b.revoked_keys)
        if (k.key_id == 0) return bad(Reason::trust_list_bad_key, "revoked key id 0");
    if (auto e = logs_problem(b)) return *e;
    return b;
}

Result<TrustListBody> parse_trust_list_body(std::string_view body_json) {
    auto b = parse_trust_list_json(body_json);
    if (!b) return b.error();
    return check_trust_list_body(std::move(*b));
}

std::string sign_trust_list(std::string_view body_json, const KeyPair& root) {
    auto sig =
        crypto::sign(root.secret_key, kTrustListContext,
                     reinterpret_cast<const std::uint8_t*>(body_json.data()), body_json.size());
    TrustEnvelope env{root_key_id(root.public_key), std::string(body_json),
                      Bytes(sig.begin(), sig.end())};
    return format_trust_envelope(env);
}

// §4.5: the key id is checked before the signature, and the signature before the body is read.
Result<TrustList> verify_trust_list(std::string_view envelope, const PublicKey& root) {
    auto env = parse_trust_envelope(envelope);
    if (!env) return env.error();
    if (env->root_key_id != root_key_id(root))
        return make_error(
            Reason::trust_list_wrong_root,
            "signed by root key " + env->root_key_id + ", pinned root is " + root_key_id(root));
    crypto::Signature sig;
    std::copy(env->signature.begin(), env->signature.end(), sig.begin());
    if (!crypto::verify(root, kTrustListContext,
                        reinterpret_cast<const std::uint8_t*>(env->signed_body.data()),
                        env->signed_body.size(), sig))
        return make_error(Reason::trust_list_bad_signature, "root signature does not verify");
    auto body = parse_trust_list_body(env->signed_body);
    if (!body) return body.error();
    TrustList t;
    t.body_ = std::move(*body);
    t.signed_body_ = std::move(env->signed_body);
    t.root_key_id_ = std::move(env->root_key_id);
    t.root_key_ = root;
    return t;
}

Result<TrustList> accept_trust_list_update(const TrustList& current, TrustList candidate) {
    std::uint64_t cur = current.body().sequence, cand = candidate.body().sequence;
    if (cand < cur)
        return make_error(Reason::trust_list_rollback, "sequence " + std::to_string(cand) +
                                                           " is older than " + std::to_string(cur));
    if (cand == cur && candidate.signed_body() != current.signed_body())
        return make_error(Reason::trust_list_conflict,
                          "sequence " + std::to_string(cand) + " with different content");
    return candidate;
}

const IssuingKey* TrustListBody::find_key(std::uint16_t id) const {
    for (const auto& k : issuing_keys)
        if (k.key_id == id) return &k;
    return nullptr;
}
const RevokedKey* TrustListBody::find_revoked(std::uint16_t id) const {
    for (const auto& k : revoked_keys)
        if (k.key_id == id) return &k;
    return nullptr;
}
const Operator* TrustListBody::find_operator(std::uint16_t id) const {
    for (const auto& o : operators)
        if (o.id == id) return &o;
    return nullptr;
}
const Category* TrustListBody::find_category(std::uint16_t id) const {
    for (const auto& c : categories)
        if (c.id == id) return &c;
    return nullptr;
}
const TrustedLog* TrustListBody::find_log(std::string_view origin) const {
    for (const auto& l : logs)
        if (l.policy.origin == origin) return &l;
    return nullptr;
}
std::vector<tlog::SegmentSpan> TrustListBody::operator_segments(std::uint16_t operator_id) const {
    std::vector<tlog::SegmentSpan> spans;
    for (const auto& k : issuing_keys)
        if (k.operator_id == operator_id)
            for (const auto& s : k.segments) spans.push_back({s.first, s.last});
    return spans;
}

}  // namespace traceseal
