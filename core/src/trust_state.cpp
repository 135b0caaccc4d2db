// The verifier's state (see traceseal/trust_state.h): the only place the update rules of
// FORMAT.md §4.6, §9.4 and §10.4 are applied for a front end.
#include "traceseal/trust_state.h"

#include "lifecycle.h"

namespace traceseal {

Result<TrustState> TrustState::create(const PublicKey& root, std::string_view trust_list) {
    auto list = verify_trust_list(trust_list, root);
    if (!list) return list.error();
    return TrustState(std::move(*list));
}

TrustState::TrustState(TrustList verified) : list_(std::move(verified)) {}

Result<TrustState::Dropped> TrustState::update_trust_list(std::string_view envelope) {
    auto candidate = verify_trust_list(envelope, root());
    if (!candidate) return candidate.error();
    auto accepted = accept_trust_list_update(list_, std::move(*candidate));
    if (!accepted) return accepted.error();
    Dropped dropped;
    std::vector<StatusSnapshot> kept;
    for (const StatusSnapshot& s : snapshots_)
        if (auto again = verify_status_snapshot(s.bytes(), *accepted, root()))
            kept.push_back(std::move(*again));
        else
            ++dropped.snapshots;
    std::map<LogId, Checkpoint> held;
    for (const auto& [log, c] : held_) {
        auto again = verify_checkpoint(c.bytes(), *accepted);
        if (again && log_of(*again, *accepted) == log)
            held.emplace(log, std::move(*again));
        else
            ++dropped.checkpoints;
    }
    HeldLogs held_logs;
    for (const auto& [origin, c] : held_logs_) {
        const TrustedLog* log = accepted->body().find_log(origin);
        auto again =
            log ? tlog::verify_checkpoint_note(c.note(), log->policy)
                : Result<tlog::VerifiedCheckpoint>(make_error(Reason::log_unknown_origin, origin));
        if (again)
            held_logs.emplace(origin, std::move(*again));
        else
            ++dropped.checkpoints;
    }
    list_ = std::move(*accepted);
    snapshots_ = std::move(kept);
    held_ = std::move(held);
    held_logs_ = std::move(held_logs);
    return dropped;
}

Result<StatusSnapshot> TrustState::add_status(const Bytes& file) {
    auto snap = verify_status_snapshot(file, list_, root());
    if (!snap) return snap.error();
    for (StatusSnapshot& cur : snapshots_)
        if (cur.certificate().segment == snap->certificate().segment) {
            auto accepted = accept_status_update(cur, std::move(*snap));
            if (!accepted) return accepted.error();
            cur = std::move(*accepted);
            return cur;
        }
    auto at = snapshots_.begin();
    while (at != snapshots_.end() && at->certificate().segment < snap->certificate().segment) ++at;
    return *snapshots_.insert(at, std::move(*snap));
}

LogId TrustState::log_of(const Checkpoint& c, const TrustList& trust) {
    const IssuingKey* key = trust.body().find_key(c.body().key_id);
    return key ? key->operator_id : 0;  // verify_checkpoint only makes checkpoints of listed keys
}

Result<Checkpoint> TrustState::hold_checkpoint(const Bytes& file) {
    auto c = verify_checkpoint(file, list_);
    if (!c) return c.error();
    const LogId log = log_of(*c, list_);
    auto it = held_.find(log);
    if (it != held_.end()) {
        const CheckpointBody &cur = it->second.body(), &cand = c->body();
        if (cand.count < cur.count)
            return make_error(Reason::provenance_rollback,
                              "log of operator " + std::to_string(log) + ": count " +
                                  std::to_string(cand.count) + " < held " +
                                  std::to_string(cur.count));
        if (cand.count == cur.count && cand.head != cur.head)
            return make_error(Reason::provenance_history_rewritten,
                              "log of operator " + std::to_string(log) +
                                  ": another head at count " + std::to_string(cur.count));
        it->second = std::move(*c);
        return it->second;
    }
    return held_.emplace(log, std::move(*c)).first->second;
}

Result<Provenance> TrustState::verify_bundle(const Bytes& bundle,
                                             std::string_view code_number) const {
    // The bundle names its log by its checkpoint: verified once alone to learn which log it is,
    // then (if a checkpoint of that log is held) again against it.
    auto alone = verify_provenance(bundle, list_, code_number, nullptr);
    if (!alone) return alone;
    auto it = held_.find(log_of(alone->checkpoint(), list_));
    if (it == held_.end()) return alone;
    return verify_provenance(bundle, list_, code_number, &it->second);
}

namespace {

// The origin a note claims (§10.10 steps 1–2, with their reasons): which policy applies.
Result<std::string> origin_of(std::string_view note) {
    auto n = tlog::parse_note(note);
    if (!n) return n.error();
    auto body = tlog::parse_checkpoint_text(n->text);
    if (!body) return body.error();
    return body->origin;
}

Error unknown_origin(const std::string& origin) {
    return make_error(Reason::log_unknown_origin, "the trust list names no log \"" + origin + "\"");
}

}  // namespace

const tlog::VerifiedCheckpoint* TrustState::held_log_checkpoint(std::string_view origin) const {
    auto it = held_logs_.find(origin);
    return it == held_logs_.end() ? nullptr : &it->second;
}

Result<tlog::VerifiedCheckpoint> TrustState::hold_log_checkpoint(std::string_view note,
                                                                 const tlog::Proof& consistency) {
    auto origin = origin_of(note);
    if (!origin) return origin.error();
    const TrustedLog* log = this->log(*origin);
    if (!log) return unknown_origin(*origin);
    auto c = tlog::verify_checkpoint_note(note, log->policy);
    if (!c) return c.error();
    auto it = held_logs_.find(*origin);
    if (it == held_logs_.end()) return held_logs_.emplace(*origin, std::move(*c)).first->second;
    // §10.9 "Held checkpoints", the rule of §10.13 step 8.
    const tlog::CheckpointBody &held = it->second.body(), &cand = c->body();
    const std::string where = "log " + *origin + ": ";
    if (cand.size < held.size)
        return make_error(Reason::provenance_rollback, where + "size " + std::to_string(cand.size) +
                                                           " < held " + std::to_string(held.size));
    if (cand.size == held.size) {
        if (cand.root != held.root)
            return make_error(Reason::provenance_history_rewritten,
                              where + "another root at size " + std::to_string(held.size));
        return it->second;
    }
    if (held.size > 0) {
        if (consistency.empty())
            return make_error(
                Reason::provenance_consistency_missing,
                where + "no consistency proof from the held size " + std::to_string(held.size));
        const Bytes r1(held.root.begin(), held.root.end()), r2(cand.root.begin(), cand.root.end());
        if (tlog::verify_consistency(held.size, cand.size, consistency, r1, r2))
            return make_error(Reason::provenance_history_rewritten,
                              where + "size " + std::to_string(cand.size) +
                                  " does not extend the held size " + std::to_string(held.size));
    }
    it->second = std::move(*c);
    return it->second;
}

Result<tlog::VerifiedHistory> TrustState::verify_bundle_v2(const Bytes& bundle,
                                                           std::string_view code_number) const {
    auto parsed = tlog::parse_bundle_v2(bundle);
    if (!parsed) return parsed.error();
    auto origin = origin_of(parsed->checkpoint);
    if (!origin) return origin.error();
    const TrustedLog* log = this->log(*origin);
    if (!log) return unknown_origin(*origin);
    return tlog::verify_bundle_v2(bundle, log->policy,
                                  list_.body().operator_segments(log->operator_id), code_number,
                                  held_log_checkpoint(*origin));
}

Result<tlog::VerifiedHistory> TrustState::accept_bundle_v2(const Bytes& bundle,
                                                           std::string_view code_number) {
    auto history = verify_bundle_v2(bundle, code_number);
    if (!history) return history;
    const tlog::VerifiedCheckpoint& c = history->checkpoint();
    auto it = held_logs_.find(c.body().origin);
    if (it == held_logs_.end())
        held_logs_.emplace(c.body().origin, c);
    else if (c.body().size > it->second.body().size)
        it->second = c;
    return history;
}

Assessment TrustState::assess(std::string_view text, const ScanFacts& scan) const {
    return assess_with_status(text, list_, scan, HeldStatus{snapshots_.data(), snapshots_.size()});
}

}  // namespace traceseal
