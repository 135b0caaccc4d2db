// The one file that touches ZXing's reader and stb_image: photo bytes -> luma -> symbols.
// ZX_USE_UTF8 makes ZXing 1.4's Result::text() return UTF-8 std::string (its 1.x transition).
#define ZX_USE_UTF8 1

#include "scan_image.h"

#include <ZXing/ReadBarcode.h>
#include <stb/stb_image.h>
#include <stb/stb_image_resize.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <set>
#include <utility>

namespace traceseal::native {
namespace {

using traceseal::Reason;

// A file bigger than this cannot be an image within the pixel limits in any sane encoding.
constexpr long long kMaxFileBytes = 512LL * 1024 * 1024;

// Symbols a retail counter meets; ITF, Codabar, Code 93 and MaxiCode are left out because their
// readers produce false positives on textured photos and nothing we scan uses them.
const ZXing::BarcodeFormats kFormats =
    ZXing::BarcodeFormat::QRCode | ZXing::BarcodeFormat::MicroQRCode |
    ZXing::BarcodeFormat::DataMatrix | ZXing::BarcodeFormat::Aztec | ZXing::BarcodeFormat::PDF417 |
    ZXing::BarcodeFormat::EAN13 | ZXing::BarcodeFormat::EAN8 | ZXing::BarcodeFormat::UPCA |
    ZXing::BarcodeFormat::UPCE | ZXing::BarcodeFormat::Code128 | ZXing::BarcodeFormat::Code39 |
    ZXing::BarcodeFormat::DataBar | ZXing::BarcodeFormat::DataBarExpanded;

// ---- loading --------------------------------------------------------------------------------

// Declared width and height from the header of a PNG, JPEG, BMP or GIF, for files stb refuses to
// describe: stb's own overflow guard makes stbi_info fail on the largest bombs, and those must
// still be reported as image_too_large, not image_corrupt. Returns false if not found.
bool sniff_declared_size(const std::uint8_t* p, std::size_t n, long long& w, long long& h) {
    auto be16 = [&](std::size_t i) { return (p[i] << 8) | p[i + 1]; };
    auto le16 = [&](std::size_t i) { return p[i] | (p[i + 1] << 8); };
    auto be32 = [&](std::size_t i) {
        return (static_cast<long long>(be16(i)) << 16) | be16(i + 2);
    };
    auto le32 = [&](std::size_t i) {
        return static_cast<std::int32_t>(static_cast<std::uint32_t>(le16(i)) |
                                         (static_cast<std::uint32_t>(le16(i + 2)) << 16));
    };
    static const std::uint8_t kPng[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (n >= 24 && std::equal(kPng, kPng + 8, p) && std::equal(p + 12, p + 16, "IHDR")) {
        w = be32(16), h = be32(20);  // PNG §11.2.2
        return true;
    }
    if (n >= 10 && std::equal(p, p + 4, "GIF8")) {
        w = le16(6), h = le16(8);
        return true;
    }
    if (n >= 26 && p[0] == 'B' && p[1] == 'M') {
        if (le32(14) == 12) {
            w = le16(18), h = le16(20);  // BITMAPCOREHEADER
        } else {
            w = std::llabs(le32(18)), h = std::llabs(le32(22));  // negative height: top-down rows
        }
        return true;
    }
    if (n >= 4 && p[0] == 0xff && p[1] == 0xd8) {
        // Walk the marker segments to the first SOFn (ITU T.81 B.2.2).
        for (std::size_t i = 2; i + 9 < n;) {
            if (p[i] != 0xff) return false;
            const std::uint8_t m = p[i + 1];
            if (m == 0xff) {
                ++i;
                continue;
            }
            if (m == 0x01 || (m >= 0xd0 && m <= 0xd7)) {
                i += 2;
                continue;
            }
            if (m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc) {
                h = be16(i + 5), w = be16(i + 7);
                return true;
            }
            i += 2 + be16(i + 2);
        }
    }
    return false;
}

// stb's BMP reader fills a short file's missing rows with zeros instead of failing; an
// uncompressed BMP must hold every row (4-byte aligned) after its pixel data offset.
bool bmp_truncated(const std::uint8_t* p, std::size_t n, long long w, long long h) {
    if (n < 34 || p[0] != 'B' || p[1] != 'M') return false;
    auto le32 = [&](std::size_t i) {
        return static_cast<long long>(p[i] | (p[i + 1] << 8) | (p[i + 2] << 16) |
                                      (static_cast<std::uint32_t>(p[i + 3]) << 24));
    };
    const long long offset = le32(10), header = le32(14);
    if (header < 40) return false;
    const long long bpp = p[28] | (p[29] << 8), compression = le32(30);
    if (compression != 0 && compression != 3) return false;  // RLE: length not known upfront
    const long long row = (w * bpp + 31) / 32 * 4;
    return offset + row * h > static_cast<long long>(n);
}

// stb_image trusts a PNG chunk's declared length and grows its IDAT buffer to it before reading
// (found by fuzz_image: a 41 KB file made it allocate 2 GiB). Walk the chunks first: each must fit
// in the bytes that remain.
bool png_chunks_overrun(const std::uint8_t* p, std::size_t n) {
    static const std::uint8_t kSig[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    if (n < 8 || !std::equal(kSig, kSig + 8, p)) return false;
    std::size_t pos = 8;
    while (pos + 12 <= n) {
        const std::uint64_t len =
            (std::uint64_t{p[pos]} << 24) | (p[pos + 1] << 16) | (p[pos + 2] << 8) | p[pos + 3];
        if (len > n - pos - 12) return true;  // length + type + data + CRC past the end
        if (std::equal(p + pos + 4, p + pos + 8, "IEND")) return false;
        pos += 12 + static_cast<std::size_t>(len);
    }
    return false;  // truncated without a chunk claiming more: stb reports it
}

bool over_limits(long long w, long long h) {
    return w > kMaxImageSide || h > kMaxImageSide || w * h > kMaxImagePixels;
}

traceseal::Result<GrayImage> decode_checked(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return make_error(Reason::image_corrupt, "empty file: not an image");
    if (size > static_cast<std::size_t>(kMaxFileBytes))
        return make_error(Reason::image_too_large, "file larger than 512 MiB");
    const int len = static_cast<int>(size);
    int w = 0, h = 0, comp = 0;
    // Header only: the declared size is checked before a single pixel is inflated.
    if (!stbi_info_from_memory(data, len, &w, &h, &comp)) {
        long long dw = 0, dh = 0;
        if (sniff_declared_size(data, size, dw, dh) && over_limits(dw, dh))
            return make_error(Reason::image_too_large,
                              "declared size " + std::to_string(dw) + "x" + std::to_string(dh) +
                                  " exceeds 16384 per side or 40 megapixels");
        const char* why = stbi_failure_reason();
        return make_error(Reason::image_corrupt, std::string("not a PNG, JPEG or BMP image (") +
                                                     (why ? why : "unknown format") + ")");
    }
    if (w <= 0 || h <= 0 || over_limits(w, h))
        return make_error(Reason::image_too_large, "declared size " + std::to_string(w) + "x" +
                                                       std::to_string(h) +
                                                       " exceeds 16384 per side or 40 megapixels");
    if (bmp_truncated(data, size, w, h))
        return make_error(Reason::image_corrupt, "BMP pixel data is truncated");
    if (png_chunks_overrun(data, size))
        return make_error(Reason::image_corrupt,
                          "a PNG chunk is longer than the file (truncated or forged)");
    // Keep alpha so transparent pixels can be put on white: a black-on-transparent code would
    // otherwise become black-on-black.
    const bool alpha = comp == 2 || comp == 4;
    int lw = 0, lh = 0, lc = 0;
    std::unique_ptr<stbi_uc, void (*)(void*)> px(
        stbi_load_from_memory(data, len, &lw, &lh, &lc, alpha ? 2 : 1), stbi_image_free);
    if (!px) {
        const char* why = stbi_failure_reason();
        return make_error(Reason::image_corrupt, std::string("image data cannot be decoded (") +
                                                     (why ? why : "truncated") + ")");
    }
    if (lw != w || lh != h)
        return make_error(Reason::image_corrupt, "image size changed while decoding");
    GrayImage img;
    img.width = w;
    img.height = h;
    const std::size_t n = static_cast<std::size_t>(w) * h;
    img.pixels.resize(n);
    if (alpha) {
        for (std::size_t i = 0; i < n; ++i) {
            const unsigned y = px.get()[2 * i], a = px.get()[2 * i + 1];
            img.pixels[i] = static_cast<std::uint8_t>((y * a + 255 * (255 - a) + 127) / 255);
        }
    } else {
        std::copy(px.get(), px.get() + n, img.pixels.begin());
    }
    return img;
}

// ---- scanning -------------------------------------------------------------------------------

// One retry strategy: a pixel transform (scale factor, optional inversion) and a binarizer.
struct Pass {
    double scale = 1.0;
    bool invert = false;
    ZXing::Binarizer binarizer = ZXing::Binarizer::LocalAverage;
};

// The first three passes cost one image each; on the zxing-qr corpus GlobalHistogram rescues
// uneven-contrast crops and bilinear upscaling rescues small photos whose modules are 2-3 px
// (73 -> 76 reads). Inversion reads light-on-dark prints (ZXing 1.4 has no tryInvert).
// Downscaling gives big photos a second scale besides ZXing's own factor-3 pyramid.
std::vector<Pass> plan_passes(const GrayImage& img) {
    using B = ZXing::Binarizer;
    std::vector<Pass> passes = {{1.0, false, B::LocalAverage},
                                {1.0, false, B::GlobalHistogram},
                                {1.0, true, B::LocalAverage}};
    const int small = std::min(img.width, img.height), large = std::max(img.width, img.height);
    if (large <= 1024) {
        passes.push_back({2.0, false, B::GlobalHistogram});
        passes.push_back({1.5, false, B::LocalAverage});
        passes.push_back({2.0, true, B::GlobalHistogram});
    }
    if (small >= 1000) {
        passes.push_back({0.5, false, B::LocalAverage});
        passes.push_back({0.25, false, B::LocalAverage});
    }
    passes.push_back({1.0, false, B::FixedThreshold});
    passes.push_back({1.0, true, B::GlobalHistogram});
    return passes;
}

GrayImage transform(const GrayImage& src, const Pass& pass) {
    GrayImage out;
    out.width = std::max(1, static_cast<int>(src.width * pass.scale + 0.5));
    out.height = std::max(1, static_cast<int>(src.height * pass.scale + 0.5));
    if (pass.scale == 1.0) {
        out.pixels = src.pixels;
    } else {
        out.pixels.resize(static_cast<std::size_t>(out.width) * out.height);
        stbir_resize_uint8(src.pixels.data(), src.width, src.height, 0, out.pixels.data(),
                           out.width, out.height, 0, 1);
    }
    if (pass.invert)
        for (auto& v : out.pixels) v = static_cast<std::uint8_t>(255 - v);
    return out;
}

bool is_matrix(ZXing::BarcodeFormat f) {
    return ZXing::BarcodeFormats(ZXing::BarcodeFormat::MatrixCodes).testFlag(f);
}

DecodedSymbol to_symbol(const ZXing::Result& r, double scale) {
    DecodedSymbol s;
    s.text = r.text();
    s.format = ZXing::ToString(r.format());
    const auto& pos = r.position();
    for (int i = 0; i < 4; ++i)
        s.outline[i] = Point{static_cast<int>(pos[i].x / scale + 0.5),
                             static_cast<int>(pos[i].y / scale + 0.5)};
    s.sequence_index = r.sequenceIndex();
    s.sequence_size = r.sequenceSize();
    s.sequence_id = r.sequenceId();
    return s;
}

}  // namespace

traceseal::Result<GrayImage> load_image_memory(const std::uint8_t* data, std::size_t size) {
    if (data == nullptr && size != 0) return make_error(Reason::image_unreadable, "no image data");
    return decode_checked(data, size);
}

traceseal::Result<GrayImage> load_image_file(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        return make_error(
            Reason::image_unreadable,
            (std::filesystem::exists(path, ec) ? "not a regular file: " : "no such file: ") + path);
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), std::fclose);
    if (!f) return make_error(Reason::image_unreadable, "cannot open " + path);
    if (std::fseek(f.get(), 0, SEEK_END) != 0)
        return make_error(Reason::image_unreadable, "cannot seek in " + path);
    const long size = std::ftell(f.get());
    if (size < 0) return make_error(Reason::image_unreadable, "cannot read " + path);
    if (size > kMaxFileBytes)
        return make_error(Reason::image_too_large, path + " is larger than 512 MiB");
    std::rewind(f.get());
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
    if (size > 0 && std::fread(bytes.data(), 1, bytes.size(), f.get()) != bytes.size())
        return make_error(Reason::image_unreadable, "cannot read " + path);
    auto img = decode_checked(bytes.data(), bytes.size());
    if (!img) return make_error(img.error().reason, path + ": " + img.error().detail);
    return img;
}

std::vector<DecodedSymbol> scan_image(const GrayImage& img) {
    std::vector<DecodedSymbol> found;
    if (img.width <= 0 || img.height <= 0 ||
        img.pixels.size() != static_cast<std::size_t>(img.width) * img.height)
        return found;
    std::set<std::string> seen;  // deduplicated by text: the same code seen twice is one code
    for (const Pass& pass : plan_passes(img)) {
        const GrayImage t = transform(img, pass);
        auto hints = ZXing::DecodeHints()
                         .setFormats(kFormats)
                         .setTryHarder(true)
                         .setTryRotate(true)
                         .setTryDownscale(true)
                         .setBinarizer(pass.binarizer);
        ZXing::Results results;
        try {
            results = ZXing::ReadBarcodes(
                ZXing::ImageView(t.pixels.data(), t.width, t.height, ZXing::ImageFormat::Lum),
                hints);
        } catch (...) {
            continue;  // a reader bug on one pass must not cost the other passes
        }
        bool matrix_found = false;
        for (const auto& r : results) {
            if (!r.isValid()) continue;
            matrix_found = matrix_found || is_matrix(r.format());
            if (seen.insert(r.text()).second) found.push_back(to_symbol(r, pass.scale));
        }
        // Stop at the first pass that reads a 2D symbol (the common case costs one pass); a pass
        // that reads only a linear code goes on, since a shelf photo often shows an EAN-13 next
        // to the label we are looking for.
        if (matrix_found) break;
    }
    return found;
}

}  // namespace traceseal::native
