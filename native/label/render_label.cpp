// The one file that touches ZXing's writer, stb_truetype and stb_image_write: text -> QR symbol
// -> print-ready label. Debian's libstb.so carries the stb implementations, so no
// STB_*_IMPLEMENTATION macro is defined here.
#include "render_label.h"

#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>
#include <stb/stb_image_write.h>
#include <stb/stb_truetype.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>

namespace traceseal::native {
namespace {

using traceseal::Reason;

constexpr int kQuietZone = 4;  // modules, ISO/IEC 18004 §7.3.8
constexpr int kMaxModulePx = 64;

// ---- QR symbol ------------------------------------------------------------------------------

// ZXing 1.4's MultiFormatWriter maps setEccLevel(n) to QR level (n - 1) / 2 (C++ truncation):
// 0-2 -> L, 3-4 -> M, 5-6 -> Q, 7-8 -> H (measured by decoding, see tests). The level is then
// read back from the symbol's own format information, never assumed.
int zxing_ecc_param(char level) {
    switch (level) {
        case 'L':
            return 2;
        case 'M':
            return 4;
        case 'Q':
            return 6;
        case 'H':
            return 8;
        default:
            return -1;
    }
}

// ISO/IEC 18004 §7.9: the 2-bit level field of the format information.
char ec_level_of_bits(unsigned bits) {
    static const char kLevels[4] = {'M', 'L', 'H', 'Q'};
    return kLevels[bits & 3];
}

// BCH(15,5) format information for 5 data bits (level, mask), masked with 0x5412 (§7.9.1).
unsigned format_codeword(unsigned data) {
    unsigned rem = data << 10;
    for (int bit = 14; bit >= 10; --bit)
        if (rem & (1u << bit)) rem ^= 0x537u << (bit - 10);
    return ((data << 10) | rem) ^ 0x5412u;
}

// Reads both copies of the format information (§7.9.1, figure 25) and returns the level, or 0
// if the copies disagree or are not a valid codeword.
char read_ec_level(const QrSymbol& q) {
    auto dark = [&](int x, int y) {
        return q.modules[static_cast<std::size_t>(y) * q.size + x] != 0;
    };
    unsigned a = 0, b = 0;
    auto push = [](unsigned& v, bool bit) { v = (v << 1) | (bit ? 1u : 0u); };
    for (int x = 0; x <= 5; ++x) push(a, dark(x, 8));
    push(a, dark(7, 8));
    push(a, dark(8, 8));
    push(a, dark(8, 7));
    for (int y = 5; y >= 0; --y) push(a, dark(8, y));
    for (int y = q.size - 1; y >= q.size - 7; --y) push(b, dark(8, y));
    for (int x = q.size - 8; x < q.size; ++x) push(b, dark(x, 8));
    if (a != b) return 0;
    for (unsigned data = 0; data < 32; ++data)
        if (format_codeword(data) == a) return ec_level_of_bits(data >> 3);
    return 0;
}

bool needs_utf8(const std::string& s) {
    return std::any_of(s.begin(), s.end(),
                       [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

traceseal::Result<QrSymbol> encode_at(const std::string& text, char level) {
    ZXing::BitMatrix m;
    try {
        ZXing::MultiFormatWriter writer(ZXing::BarcodeFormat::QRCode);
        writer.setEccLevel(zxing_ecc_param(level)).setMargin(0);
        if (needs_utf8(text)) writer.setEncoding(ZXing::CharacterSet::UTF8);
        m = writer.encode(text, 0, 0);
    } catch (const std::exception& e) {
        return make_error(
            Reason::token_bad_length,
            std::string("text does not fit a QR symbol at level ") + level + " (" + e.what() + ")");
    }
    QrSymbol q;
    q.size = m.width();
    q.version = (q.size - 17) / 4;
    if (m.height() != q.size || q.size != 17 + 4 * q.version || q.version < 1 || q.version > 40)
        return make_error(Reason::token_bad_length, "QR writer returned a malformed symbol");
    q.modules.resize(static_cast<std::size_t>(q.size) * q.size);
    for (int y = 0; y < q.size; ++y)
        for (int x = 0; x < q.size; ++x)
            q.modules[static_cast<std::size_t>(y) * q.size + x] = m.get(x, y) ? 1 : 0;
    q.ec_level = read_ec_level(q);
    if (q.ec_level != level)
        return make_error(Reason::token_bad_length, std::string("QR writer produced level '") +
                                                        (q.ec_level ? q.ec_level : '?') +
                                                        "', not " + level);
    return q;
}

// ---- text -----------------------------------------------------------------------------------

std::vector<char32_t> decode_utf8(const std::string& s) {
    std::vector<char32_t> out;
    for (std::size_t i = 0; i < s.size();) {
        const unsigned char c = s[i];
        int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1f) : len == 3 ? (c & 0x0f) : (c & 0x07);
        bool ok = len > 0 && i + len <= s.size();
        for (int k = 1; ok && k < len; ++k) {
            const unsigned char d = s[i + k];
            ok = (d & 0xc0) == 0x80;
            cp = (cp << 6) | (d & 0x3f);
        }
        if (!ok || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            out.push_back(0xfffd);
            i += 1;
            continue;
        }
        if (cp >= 0x20 && cp != 0x7f) out.push_back(cp);  // control characters are not drawn
        i += len;
    }
    return out;
}

// Advance widths in em used where no font is at hand (SVG): Noto Sans CJK's digits and Latin
// average about 0.57 em, its space 0.22 em, ideographs and full-width forms 1 em.
double estimate_width_em(const std::vector<char32_t>& cps) {
    double w = 0;
    for (char32_t c : cps) w += c == U' ' ? 0.224 : c >= 0x2e80 ? 1.0 : 0.57;
    return w;
}

// ---- layout (shared by PNG and SVG) ---------------------------------------------------------

struct Line {
    std::vector<char32_t> text;
    double font_px = 0;   // em size
    double baseline = 0;  // y of the baseline
};

struct Layout {
    int module_px = 8;
    int qr_offset = 0;  // x of the quiet zone's left edge (the QR block is centred)
    int qr_block = 0;   // QR plus quiet zones, in px
    int width = 0, height = 0;
    std::vector<Line> lines;
};

// Sizes are in modules so the label scales with module_px: the code number is the largest text,
// the warning next, the caption smallest. `measure` returns a line's width in px.
template <typename Measure>
Layout plan_layout(const QrSymbol& q, const LabelText& t, int m, Measure measure) {
    Layout l;
    l.module_px = m;
    l.qr_block = (q.size + 2 * kQuietZone) * m;
    const double side = 2.0 * m;  // text margin on each side
    struct Spec {
        const std::string* s;
        double modules;
    };
    const Spec specs[] = {{&t.code_number, 4.5}, {&t.warning_zh, 4.0}, {&t.caption, 2.5}};
    double widest = 0;
    for (const Spec& sp : specs) {
        Line line;
        line.text = decode_utf8(*sp.s);
        if (line.text.empty()) continue;
        line.font_px = sp.modules * m;
        const double avail = l.qr_block - 2 * side;
        double w = measure(line.text, line.font_px);
        // Shrink a long line down to 60 %; past that the label grows wider instead.
        if (w > avail && w > 0) {
            const double f = std::max(0.6, avail / w);
            line.font_px *= f;
            w *= f;
        }
        widest = std::max(widest, w);
        l.lines.push_back(std::move(line));
    }
    l.width = std::max(l.qr_block, static_cast<int>(std::ceil(widest + 2 * side)));
    l.qr_offset = (l.width - l.qr_block) / 2;
    double y = l.qr_block;  // text starts below the bottom quiet zone
    for (Line& line : l.lines) {
        line.baseline = y + 0.9 * line.font_px;
        y += 1.35 * line.font_px;
    }
    l.height = static_cast<int>(std::ceil(y + (l.lines.empty() ? 0 : 1.5 * m)));
    return l;
}

bool symbol_is_valid(const QrSymbol& q) {
    return q.version >= 1 && q.version <= 40 && q.size == 17 + 4 * q.version &&
           q.modules.size() == static_cast<std::size_t>(q.size) * q.size;
}

// ---- PNG ------------------------------------------------------------------------------------

struct Font {
    std::vector<unsigned char> data;
    stbtt_fontinfo info{};
};

traceseal::Result<std::unique_ptr<Font>> load_font() {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(kLabelFontPath, "rb"),
                                                      std::fclose);
    if (!f)
        return make_error(Reason::image_unreadable,
                          std::string("font file ") + kLabelFontPath +
                              " not found: install the Debian package fonts-noto-cjk");
    auto font = std::make_unique<Font>();
    unsigned char buf[1 << 16];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f.get())) > 0;)
        font->data.insert(font->data.end(), buf, buf + n);
    // The collection holds JP, KR, SC, TC and HK faces; SC has the simplified Chinese glyph forms.
    int offset =
        stbtt_FindMatchingFont(font->data.data(), kLabelFontFamily, STBTT_MACSTYLE_DONTCARE);
    if (offset < 0) offset = stbtt_GetFontOffsetForIndex(font->data.data(), 0);
    if (offset < 0 || !stbtt_InitFont(&font->info, font->data.data(), offset))
        return make_error(Reason::image_unreadable,
                          std::string("font file ") + kLabelFontPath + " cannot be parsed");
    return font;
}

// The collection is ~20 MB and `mint` renders thousands of labels: load it once per process.
// The font is only read after initialisation, so sharing it between threads is safe.
traceseal::Result<const Font*> shared_font() {
    static const traceseal::Result<std::unique_ptr<Font>> kFont = load_font();
    if (!kFont) return kFont.error();
    return kFont->get();
}

double measure_px(const Font& font, const std::vector<char32_t>& cps, double font_px) {
    const float scale = stbtt_ScaleForMappingEmToPixels(&font.info, static_cast<float>(font_px));
    double w = 0;
    int prev = 0;
    for (char32_t c : cps) {
        const int g = stbtt_FindGlyphIndex(&font.info, static_cast<int>(c));
        int advance = 0, lsb = 0;
        stbtt_GetGlyphHMetrics(&font.info, g, &advance, &lsb);
        if (prev) w += scale * stbtt_GetGlyphKernAdvance(&font.info, prev, g);
        w += scale * advance;
        prev = g;
    }
    return w;
}

void draw_line(const Font& font, const Line& line, double x, std::vector<std::uint8_t>& canvas,
               int cw, int ch) {
    const float scale =
        stbtt_ScaleForMappingEmToPixels(&font.info, static_cast<float>(line.font_px));
    const int base = static_cast<int>(std::lround(line.baseline));
    std::vector<unsigned char> glyph;
    int prev = 0;
    for (char32_t c : line.text) {
        const int g = stbtt_FindGlyphIndex(&font.info, static_cast<int>(c));
        if (prev) x += scale * stbtt_GetGlyphKernAdvance(&font.info, prev, g);
        const int ix = static_cast<int>(std::floor(x));
        const float shift = static_cast<float>(x - ix);
        int x0, y0, x1, y1;
        stbtt_GetGlyphBitmapBoxSubpixel(&font.info, g, scale, scale, shift, 0, &x0, &y0, &x1, &y1);
        const int gw = x1 - x0, gh = y1 - y0;
        if (gw > 0 && gh > 0) {
            glyph.assign(static_cast<std::size_t>(gw) * gh, 0);
            stbtt_MakeGlyphBitmapSubpixel(&font.info, glyph.data(), gw, gh, gw, scale, scale, shift,
                                          0, g);
            for (int gy = 0; gy < gh; ++gy)
                for (int gx = 0; gx < gw; ++gx) {
                    const int px = ix + x0 + gx, py = base + y0 + gy;
                    if (px < 0 || py < 0 || px >= cw || py >= ch) continue;
                    auto& dst = canvas[static_cast<std::size_t>(py) * cw + px];
                    dst = std::min<int>(dst, 255 - glyph[static_cast<std::size_t>(gy) * gw + gx]);
                }
        }
        int advance = 0, lsb = 0;
        stbtt_GetGlyphHMetrics(&font.info, g, &advance, &lsb);
        x += scale * advance;
        prev = g;
    }
}

void append_bytes(void* ctx, void* data, int size) {
    auto* out = static_cast<std::vector<std::uint8_t>*>(ctx);
    const auto* p = static_cast<const std::uint8_t*>(data);
    out->insert(out->end(), p, p + size);
}

// ---- SVG ------------------------------------------------------------------------------------

std::string xml_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&apos;";
                break;
            default:
                // XML 1.0 forbids C0 controls other than tab, LF and CR.
                if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r')
                    out += c;
        }
    }
    return out;
}

std::string fmt(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    std::string s = buf;
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s;
}

// Re-encodes accepted code points so the SVG never carries invalid UTF-8.
std::string encode_utf8(const std::vector<char32_t>& cps) {
    std::string s;
    for (char32_t c : cps) {
        if (c < 0x80) {
            s += static_cast<char>(c);
        } else if (c < 0x800) {
            s += static_cast<char>(0xc0 | (c >> 6));
            s += static_cast<char>(0x80 | (c & 0x3f));
        } else if (c < 0x10000) {
            s += static_cast<char>(0xe0 | (c >> 12));
            s += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
            s += static_cast<char>(0x80 | (c & 0x3f));
        } else {
            s += static_cast<char>(0xf0 | (c >> 18));
            s += static_cast<char>(0x80 | ((c >> 12) & 0x3f));
            s += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
            s += static_cast<char>(0x80 | (c & 0x3f));
        }
    }
    return s;
}

}  // namespace

traceseal::Result<QrSymbol> make_qr(const std::string& text, char min_ec_level) {
    static const char kOrder[] = "LMQH";
    const char* start = min_ec_level ? std::strchr(kOrder, min_ec_level) : nullptr;
    if (!start)
        return make_error(
            Reason::token_bad_character,
            std::string("error correction level must be L, M, Q or H, not '") + min_ec_level + "'");
    auto best = encode_at(text, *start);
    if (!best) return best;
    // A stronger level that still fits the same version costs no label area: take it.
    for (const char* l = start + 1; *l; ++l) {
        auto up = encode_at(text, *l);
        if (!up || up->version != best->version) break;
        best = std::move(up);
    }
    return best;
}

traceseal::Result<std::vector<std::uint8_t>> render_label_png(const QrSymbol& qr,
                                                              const LabelText& text,
                                                              int module_px) {
    if (!symbol_is_valid(qr))
        return make_error(Reason::image_corrupt, "malformed QR symbol (size, version, modules)");
    if (module_px < 1 || module_px > kMaxModulePx)
        return make_error(Reason::image_too_large,
                          "module_px must be 1.." + std::to_string(kMaxModulePx));
    auto font = shared_font();
    if (!font) return font.error();
    const Font& f = **font;
    const Layout l = plan_layout(
        qr, text, module_px,
        [&](const std::vector<char32_t>& cps, double px) { return measure_px(f, cps, px); });
    std::vector<std::uint8_t> canvas(static_cast<std::size_t>(l.width) * l.height, 255);
    const int origin = kQuietZone * module_px;
    for (int y = 0; y < qr.size; ++y)
        for (int x = 0; x < qr.size; ++x) {
            if (!qr.modules[static_cast<std::size_t>(y) * qr.size + x]) continue;
            for (int dy = 0; dy < module_px; ++dy) {
                auto* row =
                    &canvas[static_cast<std::size_t>(origin + y * module_px + dy) * l.width];
                std::fill_n(row + l.qr_offset + origin + x * module_px, module_px, 0);
            }
        }
    for (const Line& line : l.lines) {
        const double w = measure_px(f, line.text, line.font_px);
        draw_line(f, line, (l.width - w) / 2.0, canvas, l.width, l.height);
    }
    std::vector<std::uint8_t> png;
    if (!stbi_write_png_to_func(append_bytes, &png, l.width, l.height, 1, canvas.data(), l.width))
        return make_error(Reason::image_corrupt, "PNG encoding failed");
    return png;
}

std::string render_label_svg(const QrSymbol& qr, const LabelText& text) {
    const int m = 8;  // user units per module: the same geometry as the PNG at module_px = 8
    const Layout l = plan_layout(qr, text, m, [](const std::vector<char32_t>& cps, double px) {
        return estimate_width_em(cps) * px;
    });
    std::string svg;
    svg += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(l.width) +
           "\" height=\"" + std::to_string(l.height) + "\" viewBox=\"0 0 " +
           std::to_string(l.width) + " " + std::to_string(l.height) + "\">\n";
    svg += "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n";
    if (symbol_is_valid(qr)) {
        // One subpath per horizontal run of dark modules, in module units.
        std::string d;
        for (int y = 0; y < qr.size; ++y)
            for (int x = 0; x < qr.size;) {
                if (!qr.modules[static_cast<std::size_t>(y) * qr.size + x]) {
                    ++x;
                    continue;
                }
                int run = 0;
                while (x + run < qr.size &&
                       qr.modules[static_cast<std::size_t>(y) * qr.size + x + run])
                    ++run;
                d += "M" + std::to_string(x) + " " + std::to_string(y) + "h" + std::to_string(run) +
                     "v1h-" + std::to_string(run) + "z";
                x += run;
            }
        const int origin = kQuietZone * m;
        svg += "<path transform=\"translate(" + std::to_string(l.qr_offset + origin) + " " +
               std::to_string(origin) + ") scale(" + std::to_string(m) +
               ")\" shape-rendering=\"crispEdges\" fill=\"#000\" stroke=\"none\" d=\"" + d +
               "\"/>\n";
    }
    for (const Line& line : l.lines) {
        svg += "<text x=\"" + fmt(l.width / 2.0) + "\" y=\"" + fmt(line.baseline) +
               "\" font-family=\"" + std::string(kLabelFontFamily) + "\" font-size=\"" +
               fmt(line.font_px) + "\" text-anchor=\"middle\" fill=\"#000\" stroke=\"none\">" +
               xml_escape(encode_utf8(line.text)) + "</text>\n";
    }
    svg += "</svg>\n";
    return svg;
}

}  // namespace traceseal::native
