// A BundleSource over the issuer's registry for traceseal-registryd until the bundle v2 exporter
// of the transparency log lands: the code's v1 bundle (FORMAT.md §10.3) with a checkpoint signed
// by its operator's issuing key, sale and pickup details sealed to the inspector key only for the
// roles that may open them (§12.3) and withheld from the others.
#pragma once

#include <string>
#include <vector>

#include "inspector_api.h"

namespace traceseal::inspector {

BundleSource registry_v1_bundles(std::string store_spec, std::vector<KeyFile> issuing_keys,
                                 TrustListBody trust, Clock clock, Random random);

}  // namespace traceseal::inspector
