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
#include <functional>
#include <memory>
#include <new>
#include <set>
#include <string_view>
#include <utility>

#include "image_precheck.h"

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

const char* format_name(ImageFormat f) {
    switch (f) {
        case ImageFormat::png:
            return "PNG";
        case ImageFormat::jpeg:
            return "JPEG";
        case ImageFormat::gif:
            return "GIF";
        case ImageFormat::bmp:
            return "BMP";
    }
    return "image";
}

traceseal::Result<GrayImage> decode_checked(const std::uint8_t* data, std::size_t size) {
    if (size > static_cast<std::size_t>(kMaxFileBytes))
        return make_error(Reason::image_too_large, "file larger than 512 MiB");
    // Magic bytes, declared size, JPEG scans, PNG chunks, BMP length: before any stb code runs.
    auto header = precheck_image(data, size);
    if (!header) return header.error();
    const int len = static_cast<int>(size);
    int w = 0, h = 0, comp = 0;
    // Header only: the declared size is checked before a single pixel is inflated.
    if (!stbi_info_from_memory(data, len, &w, &h, &comp)) {
        const char* why = stbi_failure_reason();
        return make_error(Reason::image_corrupt, std::string("not a decodable ") +
                                                     format_name(header->format) + " image (" +
                                                     (why ? why : "unknown format") + ")");
    }
    if (w <= 0 || h <= 0 || w > kMaxImageSide || h > kMaxImageSide ||
        static_cast<long long>(w) * h > kMaxImagePixels)
        return make_error(Reason::image_too_large, "declared size " + std::to_string(w) + "x" +
                                                       std::to_string(h) +
                                                       " exceeds 16384 per side or 40 megapixels");
    // Keep alpha so transparent pixels can be put on white: a black-on-transparent code would
    // otherwise become black-on-black.
    const bool alpha = comp == 2 || comp == 4;
    int lw = 0, lh = 0, lc = 0;
    std::unique_ptr<stbi_uc, void (*)(void*)> px(
        stbi_load_from_memory(data, len, &lw, &lh, &lc, alpha ? 2 : 1), stbi_image_free);
    if (!px) {
        const char* why = stbi_failure_reason();
        if (why && std::string_view(why) == "outofmem")  // the worker's RLIMIT_AS
            return make_error(Reason::image_too_complex, "decoding needs more memory than allowed");
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
    bool matrix_only = false;  // 2D formats only: the linear readers are half of a pass's cost
};

// Every pass runs on every image (scan_image), so a symbol that only a later pass reads is never
// hidden by one an earlier pass read. On the zxing-qr corpus GlobalHistogram rescues
// uneven-contrast crops and bilinear upscaling rescues small photos whose modules are 2-3 px
// (73 -> 76 reads). Inversion reads light-on-dark prints (ZXing 1.4 has no tryInvert).
// Downscaling gives big photos a second scale besides ZXing's own factor-3 pyramid. Linear
// codes are looked for at the photo's own scale, upright; the inverted and rescaled passes look
// for 2D symbols only (our labels, and the phishing QR codes a phone's camera opens): that
// halves the cost of running them all (bench_images, docs/PERFORMANCE.md).
std::vector<Pass> plan_passes(const GrayImage& img) {
    using B = ZXing::Binarizer;
    std::vector<Pass> passes = {{1.0, false, B::LocalAverage, false},
                                {1.0, false, B::GlobalHistogram, false},
                                {1.0, true, B::LocalAverage, true}};
    const int small = std::min(img.width, img.height), large = std::max(img.width, img.height);
    if (large <= 1024) {
        passes.push_back({2.0, false, B::GlobalHistogram, true});
        passes.push_back({1.5, false, B::LocalAverage, true});
        passes.push_back({2.0, true, B::GlobalHistogram, true});
    }
    if (small >= 1000) {
        passes.push_back({0.5, false, B::LocalAverage, true});
        passes.push_back({0.25, false, B::LocalAverage, true});
    }
    passes.push_back({1.0, false, B::FixedThreshold, false});
    passes.push_back({1.0, true, B::GlobalHistogram, true});
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

traceseal::Result<std::vector<std::uint8_t>> read_image_file(const std::string& path) {
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
    return bytes;
}

traceseal::Result<GrayImage> load_image_file(const std::string& path) {
    auto bytes = read_image_file(path);
    if (!bytes) return bytes.error();
    auto img = decode_checked(bytes->data(), bytes->size());
    if (!img) return make_error(img.error().reason, path + ": " + img.error().detail);
    return img;
}

void scan_image(const GrayImage& img, const std::function<void(const DecodedSymbol&)>& on_symbol) {
    if (img.width <= 0 || img.height <= 0 ||
        img.pixels.size() != static_cast<std::size_t>(img.width) * img.height)
        return;
    std::set<std::string> seen;  // deduplicated by text: the same code seen twice is one code
    // Every pass runs: one that finds a symbol must not hide a second one (a light-on-dark
    // phishing QR beside a genuine label, a small or low-contrast label beside a foreign QR).
    for (const Pass& pass : plan_passes(img)) {
        const GrayImage t = transform(img, pass);
        auto hints = ZXing::DecodeHints()
                         .setFormats(pass.matrix_only ? kFormats & ZXing::BarcodeFormat::MatrixCodes
                                                      : kFormats)
                         .setTryHarder(true)
                         .setTryRotate(!pass.matrix_only)
                         .setTryDownscale(true)
                         .setBinarizer(pass.binarizer);
        ZXing::Results results;
        try {
            results = ZXing::ReadBarcodes(
                ZXing::ImageView(t.pixels.data(), t.width, t.height, ZXing::ImageFormat::Lum),
                hints);
        } catch (const std::bad_alloc&) {
            throw;  // the worker's memory limit: reported as image_too_complex
        } catch (...) {
            continue;  // a reader bug on one pass must not cost the other passes
        }
        for (const auto& r : results)
            if (r.isValid() && seen.insert(r.text()).second) on_symbol(to_symbol(r, pass.scale));
    }
}

std::vector<DecodedSymbol> scan_image(const GrayImage& img) {
    std::vector<DecodedSymbol> found;
    scan_image(img, [&](const DecodedSymbol& s) { found.push_back(s); });
    return found;
}

}  // namespace traceseal::native
