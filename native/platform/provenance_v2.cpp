// Bundle v2 files (see provenance_v2.h): the log lookup, §10.13 through the core, the timeline.
#include "provenance_v2.h"

#include <memory>

namespace traceseal::platform {

bool is_bundle_v2(const Bytes& b) {
    return b.size() >= 5 && b[0] == 'T' && b[1] == 'S' && b[2] == 'P' && b[3] == 'B' && b[4] == 2;
}

LogLookup log_lookup(const TrustState& state) {
    // A copy: the lookup may outlive the caller's state (the viewer keeps it with its bundles).
    auto st = std::make_shared<const TrustState>(state);
    return [st](std::string_view origin) -> std::optional<LogTrust> {
        const TrustedLog* log = st->log(origin);
        if (!log) return std::nullopt;
        LogTrust t{log->policy, st->trust_list().body().operator_segments(log->operator_id), {}};
        if (const tlog::VerifiedCheckpoint* held = st->held_log_checkpoint(origin)) t.held = *held;
        return t;
    };
}

namespace {

// The origin a bundle's checkpoint claims, read before any check (§10.10 steps 1–2 decide).
Result<std::string> origin_of(const tlog::BundleV2& b) {
    auto note = tlog::parse_note(b.checkpoint);
    if (!note) return note.error();
    auto body = tlog::parse_checkpoint_text(note->text);
    if (!body) return body.error();
    return body->origin;
}

}  // namespace

BundleV2Result verify_bundle_v2_file(std::string path, Bytes bytes, const LogLookup& lookup,
                                     const BoxKeyPair* inspector) {
    BundleV2Result out{std::move(path), std::move(bytes), {}, {}, {}};
    auto parsed = tlog::parse_bundle_v2(out.bytes);
    if (!parsed) return out.refused = parsed.error(), out;
    out.code_number = parsed->code_number;
    auto origin = origin_of(*parsed);
    if (!origin) return out.refused = origin.error(), out;
    const std::optional<LogTrust> log = lookup(*origin);
    if (!log)
        return out.refused =
                   make_error(Reason::log_unknown_origin, "the trust list names no log " + *origin),
               out;
    const tlog::VerifiedCheckpoint* held = log->held ? &*log->held : nullptr;
    auto h = tlog::verify_bundle_v2(out.bytes, log->policy, log->segments, out.code_number, held);
    if (!h) return out.refused = h.error(), out;
    HistoryV2 v;
    v.code_number = out.code_number;
    v.checkpoint = h->checkpoint().body();
    v.witnesses = h->checkpoint().witnesses();
    v.quorum = log->policy.quorum;
    v.witnesses_listed = log->policy.witnesses.size();
    if (held) v.held_size = held->body().size;
    for (std::size_t i = 0; i < h->events().size(); ++i) {
        TimelineEntry e{h->indices()[i], h->events()[i], h->sealed(i), {}, {}};
        if (e.sealed && !inspector) {  // sealed for inspectors: nothing to open
            v.events.push_back(std::move(e));
            continue;
        }
        auto d = tlog::open_event_details(*h, i, inspector);
        if (d)
            e.details = *d;
        else
            e.unreadable = d.error();
        v.events.push_back(std::move(e));
    }
    out.history = std::move(v);
    return out;
}

}  // namespace traceseal::platform
