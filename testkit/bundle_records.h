// Reading a bundle v2 the way an inspector's client does, for tests: the sealed details of a
// record of one event type, opened with the inspector key (FORMAT.md §10.12, §12.3).
#pragma once

#include <string_view>

#include "traceseal/traceseal.h"

namespace traceseal::testkit {

// The details of the first record of event `type` in `bundle`, as open_bundle_details gives them
// (sealed_details_unreadable when withheld or sealed to another key); provenance_malformed when
// the bundle does not parse or has no record of that type. The bundle is NOT verified here.
Result<Bytes> open_details_of(const Bytes& bundle, std::string_view type, const BoxKeyPair& key);

}  // namespace traceseal::testkit
