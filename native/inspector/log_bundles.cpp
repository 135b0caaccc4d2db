// Bundles v2 for inspectors from the published log (log_bundles.h).
#include "log_bundles.h"

#include <algorithm>

#include "bundle_export.h"
#include "registry.h"

namespace traceseal::inspector {
namespace {

// The operator whose issuing key's segment ranges hold `segment` (§4.3), if any.
std::optional<std::uint16_t> operator_of(const TrustListBody& trust, std::uint32_t segment) {
    for (const IssuingKey& k : trust.issuing_keys)
        for (const SegmentRange& r : k.segments)
            if (r.first <= segment && segment <= r.last) return k.operator_id;
    return std::nullopt;
}

}  // namespace

BundleSource log_v2_bundles(LogBundleConfig c) {
    return [c = std::move(c)](const std::string& code, const BundleRecipient& to) -> Result<Bytes> {
        auto parts = registry::split_code_number(code);
        if (!parts) return make_error(Reason::request_malformed, code + " is not a code number");
        auto op = operator_of(c.trust, parts->first);
        if (!op)
            return make_error(
                Reason::provenance_wrong_code,
                "no issuing key of the trust list covers segment " + std::to_string(parts->first));
        if (std::find(c.log_operators.begin(), c.log_operators.end(), *op) == c.log_operators.end())
            return make_error(Reason::store_failed, "this service publishes no log of operator " +
                                                        std::to_string(*op) + " (--log)");
        auto store = registry::open_store(c.store_spec);
        if (!store) return store.error();
        registry::ExportConfig ec;
        ec.operator_id = *op;
        ec.dir = c.log_root + "/" + std::to_string(*op);
        auto draft = registry::export_bundle_draft_v2(**store, code, ec);
        // §12.8: events of the code past the published checkpoint (or no checkpoint yet) are
        // published first, so that the answer holds every event recorded before the query.
        const bool behind =
            draft ? draft->unpublished > 0 : draft.error().reason == Reason::store_failed;
        if (behind && c.publish) {
            if (auto e = c.publish()) return *e;
            draft = registry::export_bundle_draft_v2(**store, code, ec);
        }
        if (!draft) return draft.error();
        if (draft->unpublished > 0 && !c.publish)
            return make_error(Reason::store_failed,
                              code + " has events past the published checkpoint");
        Seed seal{};
        c.random(seal.data(), seal.size());
        seal_bundle_for(draft->bundle, to.role, to.inspector_key, seal);
        return tlog::encode_bundle_v2(draft->bundle);
    };
}

}  // namespace traceseal::inspector
