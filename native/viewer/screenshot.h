// Reads the current GL framebuffer and writes it as a PNG (stb_image_write from Debian libstb).
#pragma once

#include <string>

namespace traceseal::viewer {

// GL rows come bottom-up; the file is top-down. Returns false with a message on stderr.
bool write_screenshot(const std::string& path, int width, int height);

}  // namespace traceseal::viewer
