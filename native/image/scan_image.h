// Native image edge: load photos (PNG/JPEG/BMP) as 8-bit luma and find every barcode in them.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

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

// Limits checked on the declared header dimensions before any pixel is decoded, so a
// decompression bomb costs no memory (reason image_too_large).
inline constexpr int kMaxImageSide = 16384;
inline constexpr long long kMaxImagePixels = 40LL * 1000 * 1000;

// Reasons: image_unreadable (cannot open or read the file), image_corrupt (not a decodable
// PNG/JPEG/BMP/GIF/TGA, truncated), image_too_large (over the limits above).
traceseal::Result<GrayImage> load_image_file(const std::string& path);
traceseal::Result<GrayImage> load_image_memory(const std::uint8_t* data, std::size_t size);

// All distinct symbols (by format and text) found in the image, in reading order of the first
// strategy that found them; empty when there is none. Never throws on any image content.
std::vector<DecodedSymbol> scan_image(const GrayImage& img);

}  // namespace traceseal::native
