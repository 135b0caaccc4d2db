// Signing a run of codes and writing their labels: shared by `mint` and `demo`.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "traceseal/traceseal.h"

namespace traceseal::cli {

struct MintPlan {
    KeyPair key;
    std::uint16_t key_id = 0;
    std::uint16_t operator_id = 0;
    std::string prefix;
    std::uint32_t segment = 0;
    std::uint32_t first_serial = 0;
    std::uint32_t count = 0;
    std::vector<std::uint16_t> categories;  // cycled over the run
    std::uint16_t issue_day = 0;
    std::function<std::array<std::uint8_t, 8>(std::uint32_t serial)> nonce;
    std::string caption;  // printed on labels under the code number (may be empty)
};

struct MintedCode {
    std::string text;
    CodeFields fields;
    std::string label_png, label_svg;  // paths as written (empty if not rendered)
    int qr_version = 0;
    char ec_level = 'M';
};

// Signs every code of the plan; renders labels into label_dir (relative names returned with
// label_prefix_path prepended) unless label_dir is empty. Errors name the failing file.
Result<std::vector<MintedCode>> mint_run(const MintPlan& plan, const std::string& label_dir,
                                         const std::string& label_name_prefix);

}  // namespace traceseal::cli
