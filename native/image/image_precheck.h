// Cheap checks on image file bytes before any decoder runs: the format by its magic bytes, the
// declared size, JPEG scan count, PNG chunk lengths, BMP data length. Linear in the file size,
// no allocation, no third-party code: the part of the image path a fuzzer can cover fully.
#pragma once

#include <cstddef>
#include <cstdint>

#include "traceseal/result.h"

namespace traceseal::native {

// The documented formats (docs/FORMAT.md §6.4); everything else is image_unsupported.
enum class ImageFormat { png, jpeg, gif, bmp };

struct ImageHeader {
    ImageFormat format = ImageFormat::png;
    long long width = -1, height = -1;  // declared size, -1 when the header does not say
    int jpeg_scans = 0;                 // SOS segments (JPEG only)
};

// Limits checked on the declared header dimensions before any pixel is decoded, so a
// decompression bomb costs no memory (reason image_too_large).
inline constexpr int kMaxImageSide = 16384;
inline constexpr long long kMaxImagePixels = 40LL * 1000 * 1000;
// A baseline JPEG has one scan per component, a progressive one about 10; each scan costs a pass
// over every block, so 100,000 empty scans once took stb 188 s (image_too_complex).
inline constexpr int kMaxJpegScans = 64;

// Reasons: image_corrupt (empty, a PNG chunk longer than the file, a BMP shorter than its
// rows), image_unsupported (not PNG, JPEG, GIF or BMP by magic bytes), image_too_large (declared
// size over the limits), image_too_complex (more than kMaxJpegScans scans).
traceseal::Result<ImageHeader> precheck_image(const std::uint8_t* data, std::size_t size);

}  // namespace traceseal::native
