// libFuzzer: image file bytes -> decode (stb) -> scan (ZXing + retries). Never a crash, and
// bounded memory: huge declared dimensions are refused before decoding.
#include <cstdint>

#include "scan_image.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto img = traceseal::native::load_image_memory(data, size);
    if (img && static_cast<long long>(img->width) * img->height <= 1000 * 1000)
        (void)traceseal::native::scan_image(*img);
    return 0;
}
