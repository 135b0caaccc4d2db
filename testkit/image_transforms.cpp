// Deterministic image degradations for the scan tests (no randomness beyond a fixed-seed LCG).
#include "image_transforms.h"

#include <stb/stb_image_write.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <stdexcept>

namespace traceseal::test {
namespace {

GrayImage make(int w, int h, std::uint8_t fill) {
    GrayImage out;
    out.width = w;
    out.height = h;
    out.pixels.assign(static_cast<std::size_t>(w) * h, fill);
    return out;
}

// Bilinear sample; outside the image gives `fill`.
double sample(const GrayImage& img, double x, double y, std::uint8_t fill) {
    const int x0 = static_cast<int>(std::floor(x)), y0 = static_cast<int>(std::floor(y));
    const double fx = x - x0, fy = y - y0;
    auto at = [&](int u, int v) -> double {
        if (u < 0 || v < 0 || u >= img.width || v >= img.height) return fill;
        return img.pixels[static_cast<std::size_t>(v) * img.width + u];
    };
    return at(x0, y0) * (1 - fx) * (1 - fy) + at(x0 + 1, y0) * fx * (1 - fy) +
           at(x0, y0 + 1) * (1 - fx) * fy + at(x0 + 1, y0 + 1) * fx * fy;
}

std::uint8_t clamp8(double v) {
    return static_cast<std::uint8_t>(std::clamp(std::lround(v), 0L, 255L));
}

// Solves the 8x8 system for the homography taking (u,v) of `from` to (x,y) of `to`.
std::vector<double> homography(const double (&from)[8], const double (&to)[8]) {
    double a[8][9] = {};
    for (int i = 0; i < 4; ++i) {
        const double u = from[2 * i], v = from[2 * i + 1], x = to[2 * i], y = to[2 * i + 1];
        double r1[9] = {u, v, 1, 0, 0, 0, -u * x, -v * x, x};
        double r2[9] = {0, 0, 0, u, v, 1, -u * y, -v * y, y};
        std::copy(r1, r1 + 9, a[2 * i]);
        std::copy(r2, r2 + 9, a[2 * i + 1]);
    }
    for (int c = 0; c < 8; ++c) {
        int p = c;
        for (int r = c + 1; r < 8; ++r)
            if (std::fabs(a[r][c]) > std::fabs(a[p][c])) p = r;
        std::swap(a[c], a[p]);
        for (int r = 0; r < 8; ++r) {
            if (r == c) continue;
            const double f = a[r][c] / a[c][c];
            for (int k = c; k < 9; ++k) a[r][k] -= f * a[c][k];
        }
    }
    std::vector<double> h(9, 1.0);
    for (int i = 0; i < 8; ++i) h[i] = a[i][8] / a[i][i];
    return h;
}

void append_bytes(void* ctx, void* data, int size) {
    auto* out = static_cast<std::vector<std::uint8_t>*>(ctx);
    out->insert(out->end(), static_cast<std::uint8_t*>(data),
                static_cast<std::uint8_t*>(data) + size);
}

std::uint32_t crc32(const std::uint8_t* p, std::size_t n) {
    std::uint32_t c = 0xffffffffu;
    for (std::size_t i = 0; i < n; ++i) {
        c ^= p[i];
        for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
    }
    return c ^ 0xffffffffu;
}

void put_be32(std::vector<std::uint8_t>& out, std::uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<std::uint8_t>(v >> s));
}

}  // namespace

GrayImage rotate(const GrayImage& img, double degrees, std::uint8_t fill) {
    const double a = degrees * M_PI / 180.0, c = std::cos(a), s = std::sin(a);
    const int w = static_cast<int>(std::ceil(std::fabs(img.width * c) + std::fabs(img.height * s)));
    const int h = static_cast<int>(std::ceil(std::fabs(img.width * s) + std::fabs(img.height * c)));
    GrayImage out = make(w, h, fill);
    const double cx = img.width / 2.0, cy = img.height / 2.0, ox = w / 2.0, oy = h / 2.0;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const double dx = x + 0.5 - ox, dy = y + 0.5 - oy;
            const double sx = c * dx - s * dy + cx - 0.5, sy = s * dx + c * dy + cy - 0.5;
            out.pixels[static_cast<std::size_t>(y) * w + x] = clamp8(sample(img, sx, sy, fill));
        }
    return out;
}

GrayImage scale(const GrayImage& img, double factor) {
    const int w = std::max(1, static_cast<int>(std::lround(img.width * factor)));
    const int h = std::max(1, static_cast<int>(std::lround(img.height * factor)));
    GrayImage out = make(w, h, 255);
    const double inv = 1.0 / factor;
    const int taps = std::max(1, static_cast<int>(std::ceil(inv)));  // box average when shrinking
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            double sum = 0;
            for (int j = 0; j < taps; ++j)
                for (int i = 0; i < taps; ++i) {
                    const double sx = (x + (i + 0.5) / taps) * inv - 0.5,
                                 sy = (y + (j + 0.5) / taps) * inv - 0.5;
                    sum += sample(img, std::clamp(sx, 0.0, img.width - 1.0),
                                  std::clamp(sy, 0.0, img.height - 1.0), 255);
                }
            out.pixels[static_cast<std::size_t>(y) * w + x] = clamp8(sum / (taps * taps));
        }
    return out;
}

GrayImage blur(const GrayImage& img, double sigma) {
    const int r = static_cast<int>(std::ceil(3 * sigma));
    std::vector<double> k(2 * r + 1);
    double total = 0;
    for (int i = -r; i <= r; ++i) total += k[i + r] = std::exp(-(i * i) / (2 * sigma * sigma));
    for (auto& v : k) v /= total;
    std::vector<double> tmp(img.pixels.size());
    auto px = [&](int x, int y) {
        return img.pixels[static_cast<std::size_t>(std::clamp(y, 0, img.height - 1)) * img.width +
                          std::clamp(x, 0, img.width - 1)];
    };
    for (int y = 0; y < img.height; ++y)
        for (int x = 0; x < img.width; ++x) {
            double s = 0;
            for (int i = -r; i <= r; ++i) s += k[i + r] * px(x + i, y);
            tmp[static_cast<std::size_t>(y) * img.width + x] = s;
        }
    GrayImage out = img;
    for (int y = 0; y < img.height; ++y)
        for (int x = 0; x < img.width; ++x) {
            double s = 0;
            for (int i = -r; i <= r; ++i)
                s +=
                    k[i + r] *
                    tmp[static_cast<std::size_t>(std::clamp(y + i, 0, img.height - 1)) * img.width +
                        x];
            out.pixels[static_cast<std::size_t>(y) * img.width + x] = clamp8(s);
        }
    return out;
}

GrayImage warp_perspective(const GrayImage& img, const double (&corners)[8], int width, int height,
                           std::uint8_t fill) {
    const double w = img.width, h = img.height;
    const double src[8] = {0, 0, w, 0, w, h, 0, h};
    const std::vector<double> m = homography(corners, src);  // output -> source
    GrayImage out = make(width, height, fill);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            const double X = x + 0.5, Y = y + 0.5;
            const double d = m[6] * X + m[7] * Y + m[8];
            const double sx = (m[0] * X + m[1] * Y + m[2]) / d,
                         sy = (m[3] * X + m[4] * Y + m[5]) / d;
            if (sx < 0 || sy < 0 || sx >= w || sy >= h) continue;
            out.pixels[static_cast<std::size_t>(y) * width + x] =
                clamp8(sample(img, sx - 0.5, sy - 0.5, fill));
        }
    return out;
}

GrayImage add_noise(const GrayImage& img, int amplitude, std::uint32_t seed) {
    GrayImage out = img;
    std::uint32_t state = seed;
    for (auto& v : out.pixels) {
        state = state * 1664525u + 1013904223u;
        const int n = static_cast<int>((state >> 8) % (2 * amplitude + 1)) - amplitude;
        v = clamp8(v + n);
    }
    return out;
}

GrayImage contrast(const GrayImage& img, int lo, int hi) {
    GrayImage out = img;
    for (auto& v : out.pixels) v = clamp8(lo + (hi - lo) * (v / 255.0));
    return out;
}

GrayImage invert(const GrayImage& img) {
    return contrast(img, 255, 0);
}

GrayImage side_by_side(const std::vector<GrayImage>& images, int gap, std::uint8_t fill) {
    int w = gap, h = 0;
    for (const auto& i : images) {
        w += i.width + gap;
        h = std::max(h, i.height);
    }
    GrayImage out = make(w, h + 2 * gap, fill);
    int x0 = gap;
    for (const auto& i : images) {
        for (int y = 0; y < i.height; ++y)
            std::copy_n(&i.pixels[static_cast<std::size_t>(y) * i.width], i.width,
                        &out.pixels[static_cast<std::size_t>(y + gap) * w + x0]);
        x0 += i.width + gap;
    }
    return out;
}

GrayImage pad(const GrayImage& img, int border, std::uint8_t fill) {
    return side_by_side({img}, border, fill);
}

GrayImage blank(int width, int height, std::uint8_t value) {
    return make(width, height, value);
}

std::vector<std::uint8_t> encode_png(const GrayImage& img) {
    return encode_png_raw(img.pixels, img.width, img.height, 1);
}

std::vector<std::uint8_t> encode_png_raw(const std::vector<std::uint8_t>& samples, int width,
                                         int height, int channels) {
    std::vector<std::uint8_t> out;
    if (!stbi_write_png_to_func(append_bytes, &out, width, height, channels, samples.data(),
                                width * channels))
        throw std::runtime_error("stbi_write_png_to_func failed");
    return out;
}

std::vector<std::uint8_t> encode_bmp(const GrayImage& img) {
    std::vector<std::uint8_t> out;
    if (!stbi_write_bmp_to_func(append_bytes, &out, img.width, img.height, 1, img.pixels.data()))
        throw std::runtime_error("stbi_write_bmp_to_func failed");
    return out;
}

std::vector<std::uint8_t> encode_jpeg(const GrayImage& img, int quality) {
    std::vector<std::uint8_t> out;
    if (!stbi_write_jpg_to_func(append_bytes, &out, img.width, img.height, 1, img.pixels.data(),
                                quality))
        throw std::runtime_error("stbi_write_jpg_to_func failed");
    return out;
}

std::vector<std::uint8_t> png_header_only(std::uint32_t width, std::uint32_t height) {
    std::vector<std::uint8_t> out = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    put_be32(out, 13);
    const std::size_t type_at = out.size();
    out.insert(out.end(), {'I', 'H', 'D', 'R'});
    put_be32(out, width);
    put_be32(out, height);
    out.insert(out.end(), {8, 0, 0, 0, 0});  // 8-bit greyscale, deflate, no filter, no interlace
    put_be32(out, crc32(&out[type_at], out.size() - type_at));
    return out;
}

std::vector<std::uint8_t> jpeg_header_only(std::uint16_t width, std::uint16_t height) {
    const auto hi = [](unsigned v) { return static_cast<std::uint8_t>(v >> 8); };
    const auto lo = [](unsigned v) { return static_cast<std::uint8_t>(v & 0xff); };
    // SOI, SOF0 (length 11: 8-bit precision, height, width, one component 1x1 using table 0).
    return {0xff,       0xd8,      0xff,      0xc0, 0, 11,   8, hi(height),
            lo(height), hi(width), lo(width), 1,    1, 0x11, 0};
}

std::vector<std::uint8_t> bmp_header_only(std::int32_t width, std::int32_t height) {
    std::vector<std::uint8_t> out = {'B', 'M'};
    auto le32 = [&](std::uint32_t v) {
        for (int s = 0; s < 32; s += 8) out.push_back(static_cast<std::uint8_t>(v >> s));
    };
    auto le16 = [&](std::uint16_t v) {
        out.push_back(static_cast<std::uint8_t>(v));
        out.push_back(static_cast<std::uint8_t>(v >> 8));
    };
    le32(54);  // file size (header only)
    le32(0);
    le32(54);  // pixel data offset
    le32(40);  // BITMAPINFOHEADER
    le32(static_cast<std::uint32_t>(width));
    le32(static_cast<std::uint32_t>(height));
    le16(1);   // planes
    le16(24);  // bits per pixel
    for (int i = 0; i < 6; ++i) le32(0);
    return out;
}

std::vector<std::uint8_t> gif_header_only(std::uint16_t width, std::uint16_t height) {
    return {'G',
            'I',
            'F',
            '8',
            '9',
            'a',
            static_cast<std::uint8_t>(width),
            static_cast<std::uint8_t>(width >> 8),
            static_cast<std::uint8_t>(height),
            static_cast<std::uint8_t>(height >> 8),
            0,
            0,
            0};
}

void write_file(const std::string& path, const std::vector<std::uint8_t>& bytes) {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
    if (!f) throw std::runtime_error("cannot write " + path);
}

}  // namespace traceseal::test
