// A bundle v2's records for tests (bundle_records.h).
#include "bundle_records.h"

namespace traceseal::testkit {

Result<Bytes> open_details_of(const Bytes& bundle, std::string_view type, const BoxKeyPair& key) {
    auto b = tlog::parse_bundle_v2(bundle);
    if (!b) return b.error();
    for (const tlog::BundleEvent& e : b->events) {
        auto event = tlog::parse_event(e.event);
        if (event && event->type == type) return open_bundle_details(e, key);
    }
    return make_error(Reason::provenance_malformed,
                      "the bundle has no " + std::string(type) + " record");
}

}  // namespace traceseal::testkit
