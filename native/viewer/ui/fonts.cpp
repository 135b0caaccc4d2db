// Font atlas: Noto Sans CJK SC (face 2 of Debian's NotoSansCJK-Regular.ttc). The "Common" range
// lacks some characters the catalog uses, so every UI and catalog string is added to the range.
#include <imgui.h>

#include <cstdio>
#include <fstream>

#include "ui/ui.h"
#include "ui_text.h"

namespace traceseal::viewer::ui {
namespace {

constexpr const char* kFontPath = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
constexpr int kFontFaceSC = 2;  // fc-query: index 2 is "Noto Sans CJK SC"
ImFont* g_big = nullptr;
ImVector<ImWchar> g_ranges, g_big_ranges;  // must outlive the atlas build

}  // namespace

bool load_fonts(const std::string& extra, float size) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    g_big = nullptr;
    if (!std::ifstream(kFontPath)) {
        std::fprintf(stderr,
                     "traceseal-viewer: %s missing (apt-get install fonts-noto-cjk); "
                     "Chinese text will not show\n",
                     kFontPath);
        ImFontConfig cfg;
        cfg.SizePixels = size;
        io.Fonts->AddFontDefault(&cfg);
        return false;
    }
    std::string text = all_ui_text() + extra;
    ImFontGlyphRangesBuilder b;
    b.AddRanges(io.Fonts->GetGlyphRangesDefault());
    b.AddRanges(io.Fonts->GetGlyphRangesChineseSimplifiedCommon());
    b.AddText(text.c_str(), text.c_str() + text.size());
    g_ranges.clear();
    b.BuildRanges(&g_ranges);

    ImFontConfig cfg;
    cfg.FontNo = kFontFaceSC;
    cfg.OversampleH = 1;  // CJK glyphs are dense; 1x keeps the atlas small and still crisp
    cfg.PixelSnapH = true;
    io.Fonts->AddFontFromFileTTF(kFontPath, size, &cfg, g_ranges.Data);

    // The big font shows verdict banners and the lifecycle state: ASCII, those words.
    ImFontGlyphRangesBuilder bb;
    bb.AddRanges(io.Fonts->GetGlyphRangesDefault());
    for (Verdict v :
         {Verdict::genuine, Verdict::warning, Verdict::invalid, Verdict::foreign, Verdict::no_code})
        for (Lang l : {Lang::en, Lang::zh_CN}) bb.AddText(verdict_label(v, l));
    bb.AddText(tr(T::v_error, Lang::zh_CN));
    bb.AddText(tr(T::f_not_allocated, Lang::zh_CN));
    for (int st = 0; st <= int(CodeState::superseded); ++st) {
        const std::string zh(message(static_cast<CodeState>(st), Lang::zh_CN));
        bb.AddText(zh.c_str(), zh.c_str() + zh.size());
    }
    g_big_ranges.clear();
    bb.BuildRanges(&g_big_ranges);
    g_big = io.Fonts->AddFontFromFileTTF(kFontPath, size * 1.6f, &cfg, g_big_ranges.Data);
    return io.Fonts->Build();
}

void set_big_font(bool on) {
    if (!g_big) return;
    if (on)
        ImGui::PushFont(g_big);
    else
        ImGui::PopFont();
}

}  // namespace traceseal::viewer::ui
