// The demo world's inspectors (FORMAT.md §12): one per role, each enrolled by its agency, with a
// device key and an inspector key derived from the world's seed.
#pragma once

#include <string>
#include <vector>

#include "demo_world.h"

namespace traceseal::cli {

struct DemoInspector {
    InspectorRole role = InspectorRole::customs;
    std::string phone;
    KeyPair device;           // Ed25519: signs logins and queries
    BoxKeyPair box;           // X25519: opens sealed details
    std::string certificate;  // signed by the role's demo agency
};

// Customs, police and market regulator, phones +8613800000001..3, valid for ten years from the
// demo issue date.
std::vector<DemoInspector> demo_inspectors(const DemoWorld& w);

}  // namespace traceseal::cli
