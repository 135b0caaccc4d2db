// The fixed world every fuzz target verifies against (demo seed 1), built once per process.
#pragma once

#include "demo_world.h"
#include "traceseal/traceseal.h"

namespace traceseal::fuzz {

struct World {
    cli::DemoWorld demo = cli::make_demo_world(1);
    TrustList trust = *verify_trust_list(demo.trust_list, demo.root.public_key);
};

inline const World& world() {
    static const World w;
    return w;
}

}  // namespace traceseal::fuzz
