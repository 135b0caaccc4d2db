// C2SP tlog-checkpoint bodies and their verification against a log policy: the log's Ed25519
// signature and a quorum of cosignature/v1 witnesses (FORMAT.md §10.9–§10.10).
#include <set>

#include "crypto.h"
#include "traceseal/tlog.h"

namespace traceseal::tlog {
namespace {

Error malformed(std::string detail) {
    return make_error(Reason::checkpoint_malformed, std::move(detail));
}

// tlog-checkpoint: ASCII decimal, no leading zeroes (unless 0). Sizes stay below 2^63.
std::optional<std::uint64_t> parse_decimal(std::string_view s) {
    if (s.empty() || s.size() > 19 || (s.size() > 1 && s[0] == '0')) return std::nullopt;
    std::uint64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (v > kMaxTreeSize) return std::nullopt;
    return v;
}

}  // namespace

Result<CheckpointBody> parse_checkpoint_text(std::string_view text, bool require_empty_root) {
    if (text.empty() || text.back() != '\n') return malformed("the text does not end in newline");
    std::vector<std::string_view> lines;
    for (std::string_view rest = text; !rest.empty();) {
        const std::size_t nl = rest.find('\n');
        lines.push_back(rest.substr(0, nl));
        rest.remove_prefix(nl + 1);
    }
    if (lines.size() < 3) return malformed("fewer than three lines");
    CheckpointBody body;
    if (lines[0].empty()) return malformed("empty origin");
    body.origin = std::string(lines[0]);
    auto size = parse_decimal(lines[1]);
    if (!size) return malformed("the size is not a decimal without leading zeros below 2^63");
    body.size = *size;
    auto root = base64_decode(lines[2]);
    if (!root || root->size() != 32) return malformed("the root is not base64 of 32 bytes");
    std::copy(root->begin(), root->end(), body.root.begin());
    if (require_empty_root && body.size == 0 && body.root != empty_root())
        return malformed("a size-0 checkpoint whose root is not SHA-256 of the empty string");
    for (std::size_t i = 3; i < lines.size(); ++i) {
        if (lines[i].empty()) return malformed("an empty extension line");
        body.extensions.emplace_back(lines[i]);
    }
    return body;
}

std::string format_checkpoint_text(const CheckpointBody& body) {
    std::string t =
        body.origin + "\n" + std::to_string(body.size) + "\n" + base64_encode(body.root) + "\n";
    for (const std::string& e : body.extensions) t += e + "\n";
    return t;
}

namespace {

// §10.10 steps 1–4: the note's framing, the checkpoint body, the origin and the log signature.
std::optional<Error> check_log(std::string_view text, const LogPolicy& policy, Note& note,
                               CheckpointBody& body) {
    auto parsed = parse_note(text);
    if (!parsed) return parsed.error();
    note = std::move(*parsed);
    auto b = parse_checkpoint_text(note.text);
    if (!b) return b.error();
    body = std::move(*b);
    if (body.origin != policy.origin)
        return make_error(Reason::log_unknown_origin, "origin " + body.origin);
    bool signed_by_log = false;
    for (const NoteSignature& s : note.signatures) {
        // signed-note: a known key is the pair (name, id); anything else is ignored.
        if (s.name != policy.log_key.name || s.key_id != policy.log_key.key_id) continue;
        if (s.signature.size() != 64 ||
            !crypto::verify_raw(policy.log_key.public_key,
                                reinterpret_cast<const std::uint8_t*>(note.text.data()),
                                note.text.size(), s.signature.data()))
            return make_error(Reason::checkpoint_bad_signature, "log key " + s.name);
        signed_by_log = true;
    }
    if (!signed_by_log)
        return make_error(Reason::checkpoint_unsigned, "no signature by " + policy.log_key.name);
    return std::nullopt;
}

}  // namespace

Result<VerifiedCheckpoint> verify_checkpoint_log_only(std::string_view text,
                                                      const LogPolicy& policy) {
    VerifiedCheckpoint v;
    Note note;
    if (auto e = check_log(text, policy, note, v.body_)) return *e;
    v.note_ = std::string(text);
    return v;
}

Result<VerifiedCheckpoint> verify_checkpoint_note(std::string_view text, const LogPolicy& policy) {
    VerifiedCheckpoint v;
    Note note;
    if (auto e = check_log(text, policy, note, v.body_)) return *e;
    std::set<std::string> valid;
    for (const NoteSignature& s : note.signatures) {
        for (const Vkey& w : policy.witnesses) {
            if (s.name != w.name || s.key_id != w.key_id) continue;
            if (!verify_cosignature(note.text, s, w))
                return make_error(Reason::cosignature_invalid, "witness " + w.name);
            valid.insert(w.name);
        }
    }
    if (valid.size() < policy.quorum)
        return make_error(Reason::cosignature_quorum_not_met,
                          std::to_string(valid.size()) + " valid witness cosignatures, quorum " +
                              std::to_string(policy.quorum));
    v.note_ = std::string(text);
    v.witnesses_.assign(valid.begin(), valid.end());
    return v;
}

}  // namespace traceseal::tlog
