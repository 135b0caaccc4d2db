// glReadPixels of the back buffer (call before swapping) -> flipped RGB -> PNG.
#include "screenshot.h"

#include <GL/gl.h>
#include <stb/stb_image_write.h>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace traceseal::viewer {

bool write_screenshot(const std::string& path, int width, int height) {
    std::vector<unsigned char> px(static_cast<std::size_t>(width) * height * 3);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, px.data());
    std::vector<unsigned char> flipped(px.size());
    const std::size_t stride = static_cast<std::size_t>(width) * 3;
    for (int y = 0; y < height; ++y)
        std::copy_n(&px[static_cast<std::size_t>(height - 1 - y) * stride], stride,
                    &flipped[static_cast<std::size_t>(y) * stride]);
    if (!stbi_write_png(path.c_str(), width, height, 3, flipped.data(), static_cast<int>(stride))) {
        std::fprintf(stderr, "traceseal-viewer: %s: cannot write the screenshot\n", path.c_str());
        return false;
    }
    return true;
}

}  // namespace traceseal::viewer
