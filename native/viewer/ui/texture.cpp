// The selected image as a GL texture (one at a time; reloaded when the selection changes).
#include <GL/gl.h>

#include <algorithm>

#include "scan_image.h"
#include "ui/ui.h"

namespace traceseal::viewer::ui {
namespace {
ImageTexture g_tex;
constexpr int kMaxSide = 4096;  // within every GL 3.0 implementation's texture limit
}  // namespace

const ImageTexture& image_texture(const std::string& path) {
    if (path == g_tex.path) return g_tex;
    if (g_tex.id) {
        GLuint id = g_tex.id;
        glDeleteTextures(1, &id);
    }
    g_tex = ImageTexture{};
    g_tex.path = path;
    auto img = native::load_image_file(path);
    if (!img) {
        g_tex.failed = true;
        return g_tex;
    }
    // Nearest-neighbour reduction for huge photos; outlines are scaled by the same factor at draw.
    int step = 1;
    while (img->width / step > kMaxSide || img->height / step > kMaxSide) ++step;
    const int w = img->width / step, h = img->height / step;
    std::vector<unsigned char> rgba(static_cast<std::size_t>(w) * h * 4);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            unsigned char v =
                img->pixels[static_cast<std::size_t>(y) * step * img->width + x * step];
            unsigned char* p = &rgba[(static_cast<std::size_t>(y) * w + x) * 4];
            p[0] = p[1] = p[2] = v;
            p[3] = 255;
        }
    GLuint id = 0;
    glGenTextures(1, &id);
    glBindTexture(GL_TEXTURE_2D, id);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
    g_tex.id = id;
    g_tex.width = img->width;  // original size: outlines are in these pixels
    g_tex.height = img->height;
    return g_tex;
}

}  // namespace traceseal::viewer::ui
