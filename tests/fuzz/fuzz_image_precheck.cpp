// libFuzzer: the byte-level image checks that run before any decoder (image_precheck.h). Never a
// crash or a read past the input; what it accepts is one of the four formats, within the limits.
#include <cstdint>
#include <cstdlib>

#include "image_precheck.h"

using namespace traceseal::native;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto h = precheck_image(data, size);
    if (!h) return 0;
    if (h->width > kMaxImageSide || h->height > kMaxImageSide || h->jpeg_scans > kMaxJpegScans)
        std::abort();
    if (h->format != ImageFormat::jpeg && h->jpeg_scans != 0) std::abort();
    if (size < 2) std::abort();  // every accepted format has at least two magic bytes
    return 0;
}
