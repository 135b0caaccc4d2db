// The one verifier state of the WASM module and the helpers both binding files share
// (bindings.cpp for the page, bindings_test.cpp for the Node tests only): the core's TrustState,
// built once and changed only through its update functions (FORMAT.md §4.6, §9.4), as the CLI
// and the viewer change theirs.
#pragma once

#include <emscripten/val.h>

#include <cmath>
#include <optional>
#include <string>

#include "traceseal/traceseal.h"

namespace traceseal::web {

struct VerifierState {
    std::optional<TrustState> trust;  // set_trust / update_trust; snapshots via add_status
};
VerifierState& state();  // bindings.cpp

// JS numbers are doubles; the core's time is int64 seconds (no BigInt in Emscripten 3.1.6).
inline UnixTime to_unix(double seconds) {
    return static_cast<UnixTime>(std::floor(seconds));
}

inline emscripten::val error_object(const Error& e) {
    emscripten::val o = emscripten::val::object();
    o.set("ok", false);
    o.set("reason", std::string(to_string(e.reason)));
    o.set("verdict", std::string(to_string(verdict_of(e.reason))));
    o.set("detail", e.detail);
    return o;
}

// A Uint8Array (or ArrayBuffer view) from JS as bytes: one copy, no hex.
inline Bytes bytes_of(const emscripten::val& view) {
    return emscripten::convertJSArrayToNumberVector<std::uint8_t>(view);
}

}  // namespace traceseal::web
