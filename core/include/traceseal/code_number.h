// Typed code numbers (FORMAT.md §6.3): what the signed data says about a printed number, never
// that the label carrying it is genuine.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "traceseal/trust_state.h"
#include "traceseal/verifier.h"

namespace traceseal {

struct CodeNumber {
    std::uint32_t segment = 0, serial = 0;  // as typed: may exceed 24 bits (then refused)
};
// "SSSSSSSS-NNNNNNNN" with surrounding ASCII whitespace; separator '-', ' ', U+FF0D or none.
std::optional<CodeNumber> parse_code_number(std::string_view text);
std::string format_code_number(const CodeNumber& number);  // "SSSSSSSS-NNNNNNNN"

// §6.3: reasons start with code_number_only; the verdict is warning at best. status may be null.
Assessment assess_code_number(const CodeNumber& number, const TrustList& trust, UnixTime at,
                              const StatusContext* status);
// The §6.2 object of a typed number: assessment_to_json plus "code_number".
std::string code_number_to_json(const Assessment& a, const CodeNumber& number,
                                std::string_view input);
// What a person typed or pasted, as a §6.2 object: a code number (§6.3) if it is one, else a
// code text (§3.5, §5, §9.5). status may be null.
std::string assess_typed_to_json(std::string_view text, const TrustList& trust, UnixTime at,
                                 const StatusContext* status, std::string_view input);
// The same against a verifier state (what the front ends hold): its trust list and the snapshot
// it holds for the number's segment (§9.4).
Assessment assess_code_number(const CodeNumber& number, const TrustState& state,
                              const ScanFacts& scan);
std::string assess_typed_to_json(std::string_view text, const TrustState& state,
                                 const ScanFacts& scan, std::string_view input);

}  // namespace traceseal
