// Small hostile image files, generated (never checked in): each once stalled a decoder for
// minutes (issue 10). Used by test_scan_image, test_cli and bench_images.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "image_transforms.h"

namespace traceseal::test {

// A Radiance HDR file (stb reads it whatever the file is named): one RLE scanline whose first
// run count is 0. Debian's stb 2022-09 never advances on a count of 0 and loops forever.
inline std::vector<std::uint8_t> hdr_zero_run() {
    const std::string head = "#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y 1 +X 8\n";
    std::vector<std::uint8_t> b(head.begin(), head.end());
    for (std::uint8_t v : {2, 2, 0, 8}) b.push_back(v);  // RLE scanline of width 8, then EOF
    return b;
}

// A grey canvas tiled with QR finder patterns (7x7 modules: dark ring, light ring, dark 3x3),
// `module` px a module, a 1-module gap: ZXing 1.4's QR detector tries every triple of them.
inline GrayImage finder_tiles(int side, int module) {
    GrayImage g = blank(side, side, 255);
    const int period = 8 * module;
    for (int y = 0; y < side; ++y)
        for (int x = 0; x < side; ++x) {
            const int mx = (x % period) / module, my = (y % period) / module;
            if (mx > 6 || my > 6) continue;
            const int ring = std::max(std::abs(mx - 3), std::abs(my - 3));  // 0..3
            g.pixels[static_cast<std::size_t>(y) * side + x] = ring == 2 ? 255 : 0;
        }
    return g;
}

// A progressive JPEG (SOF2) of width x height, one component, followed by `scans` empty DC
// scans: stb decodes every block of the image once per scan.
inline std::vector<std::uint8_t> jpeg_empty_scans(int width, int height, int scans) {
    std::vector<std::uint8_t> b = {0xFF, 0xD8};
    auto seg = [&](std::uint8_t marker, std::vector<std::uint8_t> body) {
        b.push_back(0xFF);
        b.push_back(marker);
        const std::size_t len = body.size() + 2;
        b.push_back(static_cast<std::uint8_t>(len >> 8));
        b.push_back(static_cast<std::uint8_t>(len));
        b.insert(b.end(), body.begin(), body.end());
    };
    std::vector<std::uint8_t> dqt(65, 1);
    dqt[0] = 0;
    seg(0xDB, dqt);
    seg(0xC2,
        {8, static_cast<std::uint8_t>(height >> 8), static_cast<std::uint8_t>(height),
         static_cast<std::uint8_t>(width >> 8), static_cast<std::uint8_t>(width), 1, 1, 0x11, 0});
    std::vector<std::uint8_t> dht(17, 0);  // DC table 0: one code of length 1, symbol 0
    dht[0] = 0x00;
    dht[1] = 1;
    dht.push_back(0);
    seg(0xC4, dht);
    for (int i = 0; i < scans; ++i) seg(0xDA, {1, 1, 0x00, 0, 0, 0});
    b.push_back(0xFF);
    b.push_back(0xD9);
    return b;
}

}  // namespace traceseal::test
