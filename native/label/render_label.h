// Native label edge: encode a code text as a QR symbol and draw the print-ready label (PNG, SVG).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "traceseal/result.h"

namespace traceseal::native {

struct QrSymbol {
    int version = 0;      // 1..40; size == 17 + 4 * version
    char ec_level = 'M';  // 'L', 'M', 'Q' or 'H', as read back from the encoded symbol
    int size = 0;         // modules per side, without quiet zone
    std::vector<std::uint8_t> modules;  // size * size, row-major, 1 = dark
};

// Encodes `text` at error correction level `min_ec_level` or, when a stronger level fits in the
// same version, at the strongest such level. The symbol is decoded back before it is returned,
// so its text, version and level are checked facts. Errors: token_bad_length (text too long for
// any QR symbol at that level), token_bad_character (min_ec_level not one of L, M, Q, H).
traceseal::Result<QrSymbol> make_qr(const std::string& text, char min_ec_level = 'M');

struct LabelText {
    std::string code_number;                       // e.g. "00000123-00000045"
    std::string warning_zh = "关税未付 禁止倒卖";  // UTF-8
    std::string caption;  // e.g. operator + category; may be empty or Chinese
};

// Font for label text (Debian fonts-noto-cjk); the "Noto Sans CJK SC" face of the collection.
inline constexpr const char* kLabelFontPath =
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
inline constexpr const char* kLabelFontFamily = "Noto Sans CJK SC";

// PNG file bytes (8-bit grey): white label, QR with a 4-module quiet zone, then the code number,
// the warning and the caption, centred. module_px: 1..64 pixels per module.
// Errors: image_unreadable (font file missing: names the file and fonts-noto-cjk),
// image_corrupt (malformed QrSymbol), image_too_large (module_px out of range).
traceseal::Result<std::vector<std::uint8_t>> render_label_png(const QrSymbol& qr,
                                                              const LabelText& text,
                                                              int module_px = 8);

// Standalone SVG of the same layout: the QR as one <path>, text as <text> in kLabelFontFamily,
// XML-escaped. Needs no font file (text widths are estimated).
std::string render_label_svg(const QrSymbol& qr, const LabelText& text);

}  // namespace traceseal::native
