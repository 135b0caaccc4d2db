// Byte-level checks of image files before stb sees them (see image_precheck.h). Every read is
// bounds-checked against `n`; the walks only move forward, so each is linear in the file.
#include "image_precheck.h"

#include <algorithm>
#include <cstdlib>
#include <string>

namespace traceseal::native {
namespace {

using traceseal::Reason;

const std::uint8_t kPngSignature[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};

struct Bytes {
    const std::uint8_t* p;
    std::size_t n;
    unsigned be16(std::size_t i) const { return (p[i] << 8) | p[i + 1]; }
    unsigned le16(std::size_t i) const { return p[i] | (p[i + 1] << 8); }
    long long be32(std::size_t i) const {
        return (static_cast<long long>(be16(i)) << 16) | be16(i + 2);
    }
    std::int32_t le32(std::size_t i) const {
        return static_cast<std::int32_t>(static_cast<std::uint32_t>(le16(i)) |
                                         (static_cast<std::uint32_t>(le16(i + 2)) << 16));
    }
};

bool detect(const Bytes& b, ImageFormat& f) {
    if (b.n >= 8 && std::equal(kPngSignature, kPngSignature + 8, b.p))
        return f = ImageFormat::png, true;
    if (b.n >= 3 && b.p[0] == 0xFF && b.p[1] == 0xD8 && b.p[2] == 0xFF)
        return f = ImageFormat::jpeg, true;
    if (b.n >= 6 && (std::equal(b.p, b.p + 6, "GIF87a") || std::equal(b.p, b.p + 6, "GIF89a")))
        return f = ImageFormat::gif, true;
    if (b.n >= 2 && b.p[0] == 'B' && b.p[1] == 'M') return f = ImageFormat::bmp, true;
    return false;
}

// stb_image trusts a PNG chunk's declared length and grows its IDAT buffer to it before reading
// (found by fuzz_image: a 41 KB file made it allocate 2 GiB). Each chunk must fit in the bytes
// that remain.
bool png_chunks_overrun(const Bytes& b) {
    std::size_t pos = 8;
    while (pos + 12 <= b.n) {
        const std::uint64_t len = static_cast<std::uint64_t>(b.be32(pos));
        if (len > b.n - pos - 12) return true;  // length + type + data + CRC past the end
        if (std::equal(b.p + pos + 4, b.p + pos + 8, "IEND")) return false;
        pos += 12 + static_cast<std::size_t>(len);
    }
    return false;  // truncated without a chunk claiming more: stb reports it
}

// Walks the marker segments (ITU T.81 B.2): the size from the first SOFn, and every SOS with its
// entropy-coded data (which ends at the first 0xFF not followed by 0x00 or RSTn).
void walk_jpeg(const Bytes& b, ImageHeader& h) {
    std::size_t i = 2;
    while (i + 1 < b.n) {
        if (b.p[i] != 0xFF) return;  // stb reports the corruption
        const std::uint8_t m = b.p[i + 1];
        if (m == 0xFF) {
            ++i;
            continue;
        }
        if (m == 0xD9) return;  // EOI
        if (m == 0x01 || (m >= 0xD0 && m <= 0xD7)) {
            i += 2;
            continue;
        }
        if (i + 3 >= b.n) return;
        const std::size_t len = b.be16(i + 2);
        if (h.width < 0 && m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC &&
            i + 8 < b.n) {
            h.height = b.be16(i + 5);
            h.width = b.be16(i + 7);
        }
        i += 2 + len;
        if (m != 0xDA) continue;
        ++h.jpeg_scans;
        while (i + 1 < b.n && !(b.p[i] == 0xFF && b.p[i + 1] != 0x00 &&
                                !(b.p[i + 1] >= 0xD0 && b.p[i + 1] <= 0xD7)))
            ++i;
    }
}

// stb's BMP reader fills a short file's missing rows with zeros instead of failing; an
// uncompressed BMP must hold every row (4-byte aligned) after its pixel data offset.
bool bmp_truncated(const Bytes& b, long long w, long long h) {
    if (b.n < 34) return false;
    const long long offset = static_cast<std::uint32_t>(b.le32(10));
    const long long header = static_cast<std::uint32_t>(b.le32(14));
    if (header < 40) return false;
    const long long bpp = b.le16(28);
    const long long compression = static_cast<std::uint32_t>(b.le32(30));
    if (compression != 0 && compression != 3) return false;  // RLE: length not known upfront
    const long long row = (w * bpp + 31) / 32 * 4;
    return offset + row * h > static_cast<long long>(b.n);
}

ImageHeader read_header(const Bytes& b, ImageFormat f) {
    ImageHeader h;
    h.format = f;
    switch (f) {
        case ImageFormat::png:
            if (b.n >= 24 && std::equal(b.p + 12, b.p + 16, "IHDR"))
                h.width = b.be32(16), h.height = b.be32(20);  // PNG §11.2.2
            break;
        case ImageFormat::gif:
            if (b.n >= 10) h.width = b.le16(6), h.height = b.le16(8);
            break;
        case ImageFormat::bmp:
            if (b.n >= 26) {
                if (b.le32(14) == 12) {
                    h.width = b.le16(18), h.height = b.le16(20);  // BITMAPCOREHEADER
                } else {
                    h.width = std::llabs(b.le32(18));  // negative height: top-down rows
                    h.height = std::llabs(b.le32(22));
                }
            }
            break;
        case ImageFormat::jpeg:
            walk_jpeg(b, h);
            break;
    }
    return h;
}

}  // namespace

traceseal::Result<ImageHeader> precheck_image(const std::uint8_t* data, std::size_t size) {
    if (data == nullptr || size == 0)
        return make_error(Reason::image_corrupt, "empty file: not an image");
    const Bytes b{data, size};
    ImageFormat f;
    if (!detect(b, f))
        return make_error(Reason::image_unsupported,
                          "not a PNG, JPEG, GIF or BMP file (by its first bytes)");
    ImageHeader h = read_header(b, f);
    if (h.width > kMaxImageSide || h.height > kMaxImageSide ||
        (h.width > 0 && h.height > 0 && h.width * h.height > kMaxImagePixels))
        return make_error(Reason::image_too_large, "declared size " + std::to_string(h.width) +
                                                       "x" + std::to_string(h.height) +
                                                       " exceeds 16384 per side or 40 megapixels");
    if (h.jpeg_scans > kMaxJpegScans)
        return make_error(Reason::image_too_complex, "JPEG with " + std::to_string(h.jpeg_scans) +
                                                         " scans (at most " +
                                                         std::to_string(kMaxJpegScans) + ")");
    if (f == ImageFormat::png && png_chunks_overrun(b))
        return make_error(Reason::image_corrupt,
                          "a PNG chunk is longer than the file (truncated or forged)");
    if (f == ImageFormat::bmp && h.width > 0 && bmp_truncated(b, h.width, h.height))
        return make_error(Reason::image_corrupt, "BMP pixel data is truncated");
    return h;
}

}  // namespace traceseal::native
