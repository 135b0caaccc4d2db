// The witness's add-checkpoint rules of C2SP tlog-witness (FORMAT.md §10.14), without I/O: the
// caller holds the lock, persists the returned record and signs the cosignature.
#include "traceseal/tlog.h"

namespace traceseal::tlog {
namespace {

Error bad_request(std::string detail) {
    return make_error(Reason::witness_bad_request, std::move(detail));
}

std::optional<std::uint64_t> parse_size(std::string_view s) {
    if (s.empty() || s.size() > 19 || (s.size() > 1 && s[0] == '0')) return std::nullopt;
    std::uint64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return v;
}

}  // namespace

Result<AddCheckpointRequest> parse_add_checkpoint(std::string_view body) {
    AddCheckpointRequest r;
    auto next_line = [&](std::string_view& line) {
        const std::size_t nl = body.find('\n');
        if (nl == std::string_view::npos) return false;
        line = body.substr(0, nl);
        body.remove_prefix(nl + 1);
        return true;
    };
    std::string_view line;
    if (!next_line(line) || line.substr(0, 4) != "old ") return bad_request("no old size line");
    auto old = parse_size(line.substr(4));
    if (!old) return bad_request("the old size is not a decimal without leading zeros");
    r.old_size = *old;
    for (;;) {
        if (!next_line(line)) return bad_request("no blank line before the checkpoint");
        if (line.empty()) break;
        auto h = base64_decode(line);
        if (!h || h->size() != 32) return bad_request("a proof line is not base64 of 32 bytes");
        r.proof.push_back(std::move(*h));
        if (r.proof.size() > kMaxProofHashes) return bad_request("more than 63 proof lines");
    }
    if (body.empty()) return bad_request("no checkpoint");
    r.checkpoint = std::string(body);
    return r;
}

std::string format_add_checkpoint(const AddCheckpointRequest& r) {
    std::string out = "old " + std::to_string(r.old_size) + "\n";
    for (const Bytes& h : r.proof) out += base64_encode(h.data(), h.size()) + "\n";
    return out + "\n" + r.checkpoint;
}

Result<WitnessRecord> witness_check(const AddCheckpointRequest& request, const LogPolicy& log,
                                    const std::optional<WitnessRecord>& stored) {
    // Step 1: the checkpoint's framing and body, and the old size against it (400).
    auto note = parse_note(request.checkpoint);
    if (!note) return note.error();
    auto body = parse_checkpoint_text(note->text, false);
    if (!body) return body.error();
    if (request.old_size > body->size)
        return bad_request("old size " + std::to_string(request.old_size) +
                           " above the checkpoint's " + std::to_string(body->size));
    // tlog-witness: a size-0 checkpoint must have the empty tree's root, else 422.
    if (body->size == 0 && body->root != empty_root())
        return make_error(Reason::witness_inconsistent,
                          "a size-0 checkpoint whose root is not SHA-256 of the empty string");
    // Step 2: origin (404) and the log's signature (403).
    auto cp = verify_checkpoint_log_only(request.checkpoint, log);
    if (!cp) return cp.error();
    // Step 3: the old size must be what this witness last cosigned (409).
    const WitnessRecord have = stored.value_or(WitnessRecord{0, empty_root()});
    if (request.old_size != have.size)
        return make_error(Reason::witness_conflict, std::to_string(have.size));
    // Step 4: consistency from the stored checkpoint, never a fork (422).
    if (have.size == 0) {
        // tlog-witness: the empty tree is consistent with every tree; the proof MUST be empty.
        if (!request.proof.empty())
            return make_error(Reason::witness_inconsistent, "a proof from old size 0");
        return WitnessRecord{body->size, body->root};
    }
    const Bytes old_root(have.root.begin(), have.root.end());
    const Bytes new_root(body->root.begin(), body->root.end());
    if (auto e = verify_consistency(have.size, body->size, request.proof, old_root, new_root))
        return make_error(Reason::witness_inconsistent, e->detail);
    return WitnessRecord{body->size, body->root};
}

int witness_http_status(Reason reason) {
    switch (reason) {
        case Reason::log_unknown_origin:
            return 404;
        case Reason::checkpoint_unsigned:
        case Reason::checkpoint_bad_signature:
            return 403;
        case Reason::witness_conflict:
            return 409;
        case Reason::witness_inconsistent:
            return 422;
        default:
            return 400;
    }
}

}  // namespace traceseal::tlog
