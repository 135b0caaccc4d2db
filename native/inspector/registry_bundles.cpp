// The interim v1 bundle source (registry_bundles.h).
#include "registry_bundles.h"

#include "registry.h"

namespace traceseal::inspector {

BundleSource registry_v1_bundles(std::string store_spec, std::vector<KeyFile> issuing_keys,
                                 TrustListBody trust, Clock clock, Random random) {
    return [=](const std::string& code, const BundleRecipient& to) -> Result<Bytes> {
        auto parts = registry::split_code_number(code);
        if (!parts) return make_error(Reason::request_malformed, code + " is not a code number");
        const KeyFile* signer = nullptr;
        for (const KeyFile& k : issuing_keys) {
            const IssuingKey* ik = trust.find_key(k.key_id);
            for (const SegmentRange& r : ik ? ik->segments : std::vector<SegmentRange>{})
                if (r.first <= parts->first && parts->first <= r.last) signer = &k;
        }
        if (!signer)
            return make_error(
                Reason::provenance_wrong_code,
                "no issuing key of this service covers segment " + std::to_string(parts->first));
        auto store = registry::open_store(store_spec);
        if (!store) return store.error();
        if ((*store)->events_for(code).empty())
            return make_error(Reason::provenance_wrong_code, code + " has no events");
        registry::Registry reg(**store);
        auto log = reg.log_events();
        if (!log) return log.error();
        // v1 seals sale and pickup details alike (§10.3): only roles that may open both get them.
        std::optional<BoxPublicKey> recipient;
        if (role_may_open(to.role, FieldGroup::sale) && role_may_open(to.role, FieldGroup::pickup))
            recipient = to.inspector_key;
        Seed seal{};
        random(seal.data(), seal.size());
        Bytes checkpoint = sign_checkpoint(*log, signer->key_id, clock(), *signer->secret_key);
        return build_provenance_bundle(*log, checkpoint, {code}, 0, recipient, seal);
    };
}

}  // namespace traceseal::inspector
