// Native image edge: load photos (PNG, JPEG, GIF, BMP) as 8-bit luma and find every barcode in
// them, in-process (scan_image) or in a decoder process with a time and memory budget
// (scan_image_file, scan_worker.cpp).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "image_precheck.h"
#include "traceseal/result.h"

namespace traceseal::native {

struct Point {
    int x = 0, y = 0;
};

struct DecodedSymbol {
    std::string text;    // UTF-8 as decoded (a structured append part: its own part)
    std::string format;  // ZXing's name, e.g. "QRCode", "EAN-13"
    std::array<Point, 4>
        outline{};  // corners in image pixels: top-left, top-right, bottom-right, bottom-left
    int sequence_index = -1;  // structured append: 0-based part index, else -1
    int sequence_size = -1;   // structured append: number of parts, else -1
    std::string sequence_id;  // structured append: parity / file id, else empty
};

struct GrayImage {
    int width = 0, height = 0;
    std::vector<std::uint8_t> pixels;  // row-major, width * height bytes, no padding
};

// Reasons: image_unreadable (cannot open or read the file), image_unsupported (not PNG, JPEG,
// GIF or BMP by its magic bytes), image_corrupt (truncated, undecodable), image_too_large and
// image_too_complex (image_precheck.h). In-process: for trusted inputs (our own renders) and the
// viewer's preview; photos from outside go through scan_image_file.
traceseal::Result<std::vector<std::uint8_t>> read_image_file(const std::string& path);
traceseal::Result<GrayImage> load_image_file(const std::string& path);
traceseal::Result<GrayImage> load_image_memory(const std::uint8_t* data, std::size_t size);

// All distinct symbols (by text) found by every pass (scales, binarizers, inverted), in the
// order found; empty when there is none. Never throws on image content (std::bad_alloc aside).
std::vector<DecodedSymbol> scan_image(const GrayImage& img);
// The same, each symbol handed over as soon as it is found (the worker streams them).
void scan_image(const GrayImage& img, const std::function<void(const DecodedSymbol&)>& on_symbol);

// ---- Budgeted scan in a decoder process (scan_worker.cpp) ------------------------------------
// ZXing 1.4 cannot be cancelled and stb has inputs it never finishes, so the decoder runs in a
// forked process with a CPU-time and an address-space limit; results come back over a pipe.
inline constexpr double kDefaultImageSeconds = 2.0;
struct ScanLimits {
    double cpu_seconds = kDefaultImageSeconds;  // CPU time of the decoder process
    double wall_seconds = 0;        // 0: 10 x cpu_seconds + 10 (a starved or blocked decoder)
    std::size_t memory_mib = 1024;  // address space the decoder may add (not under ASan)
};
// The decoder process's body (scan_worker.cpp): scans the image, writes its records to `fd`,
// _exits. Called in the forked child, or by traceseal-scan-worker in sanitized builds.
[[noreturn]] void run_decoder_child(int fd, const std::uint8_t* data, std::size_t size,
                                    const ScanLimits& limits, std::size_t mapped);
struct ImageScan {
    std::vector<DecodedSymbol> symbols;     // every symbol found, also before an error
    std::optional<traceseal::Error> error;  // set: refused, or not scanned to the end
};
// Reasons as load_image_file, and image_too_complex when the budget ran out (the symbols found
// until then are kept). Never blocks longer than the wall-clock limit.
ImageScan scan_image_file(const std::string& path, const ScanLimits& limits = {});
ImageScan scan_image_bytes(const std::uint8_t* data, std::size_t size,
                           const ScanLimits& limits = {});

}  // namespace traceseal::native
