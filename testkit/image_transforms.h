// Test helpers: deterministic photo-like degradations of a GrayImage, and image file bytes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "scan_image.h"

namespace traceseal::test {

using native::GrayImage;

// Rotates by `degrees` (counter-clockwise) about the centre onto a canvas that holds the whole
// result; uncovered pixels are `fill`. Bilinear.
GrayImage rotate(const GrayImage& img, double degrees, std::uint8_t fill = 255);
// Bilinear resampling by `factor` (area-averaged when shrinking).
GrayImage scale(const GrayImage& img, double factor);
// Separable Gaussian blur with standard deviation `sigma` pixels.
GrayImage blur(const GrayImage& img, double sigma);
// Maps the image's corners to `corners` (tl, tr, br, bl; x,y pairs in output pixels) on a
// width x height canvas filled with `fill`.
GrayImage warp_perspective(const GrayImage& img, const double (&corners)[8], int width, int height,
                           std::uint8_t fill = 200);
// Adds uniform noise in [-amplitude, amplitude] from a fixed-seed generator.
GrayImage add_noise(const GrayImage& img, int amplitude, std::uint32_t seed = 1);
// Maps 0..255 linearly onto lo..hi.
GrayImage contrast(const GrayImage& img, int lo, int hi);
GrayImage invert(const GrayImage& img);
// Places images left to right with `gap` pixels of `fill` around and between them.
GrayImage side_by_side(const std::vector<GrayImage>& images, int gap, std::uint8_t fill = 255);
// Puts the image on a larger canvas of `fill` with `border` pixels on each side.
GrayImage pad(const GrayImage& img, int border, std::uint8_t fill);
GrayImage blank(int width, int height, std::uint8_t value);

std::vector<std::uint8_t> encode_png(const GrayImage& img);
// PNG of interleaved 8-bit samples with `channels` (1 grey, 2 grey+alpha, 3 RGB, 4 RGBA).
std::vector<std::uint8_t> encode_png_raw(const std::vector<std::uint8_t>& samples, int width,
                                         int height, int channels);
std::vector<std::uint8_t> encode_bmp(const GrayImage& img);
std::vector<std::uint8_t> encode_jpeg(const GrayImage& img, int quality);
// A syntactically valid PNG signature + IHDR declaring width x height, and no pixel data.
std::vector<std::uint8_t> png_header_only(std::uint32_t width, std::uint32_t height);
// The same for baseline JPEG (SOI, SOF0), BMP (file + BITMAPINFOHEADER) and GIF (screen
// descriptor): headers that declare a size and carry no image data.
std::vector<std::uint8_t> jpeg_header_only(std::uint16_t width, std::uint16_t height);
std::vector<std::uint8_t> bmp_header_only(std::int32_t width, std::int32_t height);
std::vector<std::uint8_t> gif_header_only(std::uint16_t width, std::uint16_t height);

void write_file(const std::string& path, const std::vector<std::uint8_t>& bytes);

}  // namespace traceseal::test
