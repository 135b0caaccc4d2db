// The main screen: menu, scanner field with its flash, progress, filters, results | details.
#include <imgui.h>
#include <imgui_internal.h>  // ClearActiveID: drop a multi-line paste from the field
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>

#include "files.h"
#include "ui/ui.h"
#include "ui_text.h"

namespace traceseal::viewer::ui {
namespace {

constexpr double kFlashSeconds = 0.9;

ImVec4 vec(Rgba c, float alpha = 1) {
    return ImVec4(c.r, c.g, c.b, c.a * alpha);
}

void draw_menu(AppState& s, UiState& ui, UnixTime now) {
    const Lang L = s.lang;
    if (!ImGui::BeginMenuBar()) return;
    if (ImGui::BeginMenu(tr(T::menu_file, L))) {
        if (ImGui::MenuItem(tr(T::menu_open, L), "Ctrl+O")) ui.request_open = true;
        if (ImGui::MenuItem(tr(T::menu_paste, L), "Ctrl+V")) ui.request_paste = true;
        if (ImGui::MenuItem(tr(T::menu_export, L), "Ctrl+E")) ui.request_export = true;
        if (ImGui::BeginMenu(tr(T::menu_recent, L), !s.settings.recent_folders.empty())) {
            for (const auto& f : s.settings.recent_folders)
                if (ImGui::MenuItem(f.c_str())) {
                    ui.browse_dir = f;
                    ui.browse_entries.clear();
                    ui.request_open = true;
                }
            ImGui::EndMenu();
        }
        ImGui::Separator();
        if (ImGui::MenuItem(tr(T::menu_load_trust, L))) ui.request_trust = true;
        if (ImGui::MenuItem(tr(T::menu_demo_trust, L), nullptr, s.trust.root_path.empty()))
            ui.request_demo_trust = true;
        if (ImGui::MenuItem(tr(T::menu_load_status, L))) ui.request_status = true;
        if (ImGui::MenuItem(tr(T::menu_load_provenance, L))) ui.request_provenance = true;
        if (ImGui::MenuItem(tr(T::menu_clear_status, L), nullptr, false,
                            !s.status_data.snapshots.empty()))
            set_status(s, StatusSource{}, now);
        if (ImGui::MenuItem(tr(T::menu_place, L))) ui.request_place = true;
        ImGui::Separator();
        if (ImGui::MenuItem(tr(T::menu_clear, L))) clear_results(s);
        if (ImGui::MenuItem(tr(T::menu_quit, L), "Ctrl+Q")) ui.quit = true;
        ImGui::EndMenu();
    }
    draw_server_menu(s, ui);
    if (ImGui::BeginMenu(tr(T::menu_language, L))) {
        if (ImGui::MenuItem("English", nullptr, L == Lang::en))
            s.lang = Lang::en, s.settings.lang = "en";
        if (ImGui::MenuItem("中文", nullptr, L == Lang::zh_CN))
            s.lang = Lang::zh_CN, s.settings.lang = "zh-CN";
        ImGui::EndMenu();
    }
    ImGui::EndMenuBar();
}

void draw_scanner_row(AppState& s, UiState& ui, UnixTime now) {
    const Lang L = s.lang;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(T::scanner, L));
    ImGui::SameLine();
    ImGui::TextDisabled("(F6)");
    ImGui::SameLine();
    // The flash: the field's frame takes the verdict colour and fades out.
    float flash = 0;
    Rgba fc{0, 0, 0, 0};
    if (s.flash) {
        flash = static_cast<float>(1.0 - (ui.clock - s.flash->started) / kFlashSeconds);
        Row probe;
        probe.assessment.verdict = s.flash->verdict;
        fc = verdict_colour(probe);
    }
    int pushed = 0;
    if (flash > 0) {
        ImGui::PushStyleColor(ImGuiCol_FrameBg, vec(fc, 0.25f + 0.55f * flash)), ++pushed;
        ImGui::PushStyleColor(ImGuiCol_Border, vec(fc, 1)), ++pushed;
    }
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 2.0f);
    if (ui.request_focus_scanner || s.focus_scanner) {
        ImGui::SetKeyboardFocusHere();
        ui.request_focus_scanner = s.focus_scanner = false;
    }
    const std::string before = s.scanner_text;
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.42f);
    if (ImGui::InputTextWithHint("##scanner", tr(T::scanner_hint, L), &s.scanner_text,
                                 ImGuiInputTextFlags_EnterReturnsTrue) &&
        submit_scan(s, now, ui.clock))
        ui.scroll_to_selected = true;  // the new row may be below the fold
    if (ui.undo_field_paste) {         // the lines went to paste_codes (dialogs.cpp) instead
        if (ImGui::IsItemActive()) ImGui::ClearActiveID();
        s.scanner_text = before;
        s.focus_scanner = true;
        ui.undo_field_paste = false;
    }
    ImGui::PopStyleVar();
    ImGui::PopStyleColor(pushed);

    // The last scan's verdict, big, beside the field.
    ImGui::SameLine();
    if (s.flash) {
        Row probe;
        probe.assessment.verdict = s.flash->verdict;
        set_big_font(true);
        ImGui::PushStyleColor(ImGuiCol_Button, vec(verdict_colour(probe)));
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, vec(verdict_colour(probe)));
        ImGui::PushStyleColor(ImGuiCol_ButtonActive, vec(verdict_colour(probe)));
        ImGui::Button(verdict_label(s.flash->verdict, L));
        ImGui::PopStyleColor(3);
        set_big_font(false);
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(s.flash->code_number.c_str());
        if (s.flash->state) {
            ImGui::SameLine();
            ImGui::TextUnformatted(std::string(message(*s.flash->state, L)).c_str());
        }
        ui.shown_scan = s.scan_count;
        ImGui::SameLine();
    }
    float buttons = ImGui::CalcTextSize(tr(T::open_btn, L)).x +
                    ImGui::CalcTextSize(tr(T::paste_btn, L)).x +
                    ImGui::CalcTextSize(tr(T::export_btn, L)).x +
                    6 * ImGui::GetStyle().FramePadding.x + 2 * ImGui::GetStyle().ItemSpacing.x;
    ImGui::SetCursorPosX(
        std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - buttons));
    if (ImGui::Button(tr(T::open_btn, L))) ui.request_open = true;
    ImGui::SameLine();
    if (ImGui::Button(tr(T::paste_btn, L))) ui.request_paste = true;
    ImGui::SameLine();
    if (ImGui::Button(tr(T::export_btn, L))) ui.request_export = true;
}

void draw_progress(AppState& s, std::size_t shown) {
    const Lang L = s.lang;
    char buf[128];
    if (s.jobs_queued) {
        std::snprintf(buf, sizeof buf, "%s %zu / %zu",
                      batch_running(s) ? tr(T::checking, L) : tr(T::idle, L), s.jobs_done,
                      s.jobs_queued);
        ImGui::ProgressBar(float(s.jobs_done) / float(s.jobs_queued),
                           ImVec2(ImGui::GetFontSize() * 16, 0), buf);
    } else {
        ImGui::ProgressBar(0, ImVec2(ImGui::GetFontSize() * 16, 0), tr(T::idle, L));
    }
    ImGui::SameLine();
    ImGui::Text("%zu %s, %zu %s", s.rows.size(), tr(T::results, L), shown, tr(T::shown, L));
}

// The scan context (§9.5) and how much status data is loaded: both change every verdict.
void draw_context(AppState& s, UnixTime now) {
    const Lang L = s.lang;
    ImGui::SameLine();
    ImGui::TextDisabled("|");
    ImGui::SameLine();
    ImGui::TextUnformatted(tr(T::context, L));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 13);
    if (ImGui::BeginCombo("##context", context_label(s.context, L))) {
        for (ScanContext c : kContexts)
            if (ImGui::Selectable(context_label(c, L), c == s.context) && c != s.context)
                set_context(s, c, now);
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    if (s.status_data.snapshots.empty())
        ImGui::TextColored(ImVec4(0.95f, 0.6f, 0.15f, 1), "%s", tr(T::status_none, L));
    else
        ImGui::TextDisabled(tr(T::status_count, L), s.status_data.snapshots.size());
}

void draw_filters(AppState& s) {
    const Lang L = s.lang;
    Filters& f = s.filters;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(T::filter_verdict, L));
    for (int v = 0; v < kVerdictCount; ++v) {
        ImGui::SameLine();
        Row probe;
        probe.assessment.verdict = static_cast<Verdict>(v);
        ImGui::PushStyleColor(ImGuiCol_CheckMark, vec(verdict_colour(probe)));
        ImGui::PushID(v);
        ImGui::Checkbox(verdict_label(static_cast<Verdict>(v), L), &f.verdict[v]);
        ImGui::PopID();
        ImGui::PopStyleColor();
    }
    ImGui::SameLine();
    ImGui::Checkbox(tr(T::file_errors, L), &f.show_errors);

    const float combo = ImGui::GetFontSize() * 9;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(T::filter_operator, L));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(combo);
    std::string current = tr(T::any, L);
    const TrustListBody* body = s.trust.list ? &s.trust.list->body() : nullptr;
    if (f.operator_id == 0)
        current = tr(T::none, L);
    else if (f.operator_id > 0) {
        const Operator* o =
            body ? body->find_operator(static_cast<std::uint16_t>(f.operator_id)) : nullptr;
        current =
            o ? (L == Lang::zh_CN ? o->name_zh : o->name_en) : "#" + std::to_string(f.operator_id);
    }
    if (ImGui::BeginCombo("##op", current.c_str())) {
        if (ImGui::Selectable(tr(T::any, L), f.operator_id == -1)) f.operator_id = -1;
        if (body)
            for (const auto& o : body->operators)
                if (ImGui::Selectable((L == Lang::zh_CN ? o.name_zh : o.name_en).c_str(),
                                      f.operator_id == o.id))
                    f.operator_id = o.id;
        if (ImGui::Selectable(tr(T::none, L), f.operator_id == 0)) f.operator_id = 0;
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::TextUnformatted(tr(T::filter_segment, L));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(combo * 0.7f);
    std::string seg = f.segment < 0 ? tr(T::any, L) : std::to_string(f.segment);
    if (ImGui::BeginCombo("##seg", seg.c_str())) {
        if (ImGui::Selectable(tr(T::any, L), f.segment < 0)) f.segment = -1;
        for (std::uint32_t v : seen_segments(s))
            if (ImGui::Selectable(std::to_string(v).c_str(), f.segment == v)) f.segment = v;
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::TextUnformatted(tr(T::filter_time, L));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(combo);
    const int mins[] = {0, 10, 60, 1440};
    const T names[] = {T::any, T::last_10_min, T::last_hour, T::last_day};
    int cur = 0;
    for (int i = 0; i < 4; ++i)
        if (f.within_minutes == mins[i]) cur = i;
    if (ImGui::BeginCombo("##time", tr(names[cur], L))) {
        for (int i = 0; i < 4; ++i)
            if (ImGui::Selectable(tr(names[i], L), cur == i)) f.within_minutes = mins[i];
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::TextUnformatted(tr(T::filter_state, L));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(combo);
    std::string st = f.state < 0 ? tr(T::any, L)
                     : f.state == kNoState
                         ? tr(T::no_state, L)
                         : std::string(message(static_cast<CodeState>(f.state), L));
    if (ImGui::BeginCombo("##state", st.c_str())) {
        if (ImGui::Selectable(tr(T::any, L), f.state < 0)) f.state = -1;
        for (CodeState c : kStates)
            if (ImGui::Selectable(std::string(message(c, L)).c_str(), f.state == int(c)))
                f.state = int(c);
        if (ImGui::Selectable(tr(T::no_state, L), f.state == kNoState)) f.state = kNoState;
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##search", tr(T::filter_search, L), &f.search);
}

}  // namespace

Rgba verdict_colour(const Row& r) {
    if (r.error) return {0.55f, 0.30f, 0.60f, 1};
    switch (r.assessment.verdict) {
        case Verdict::genuine:
            return {0.13f, 0.55f, 0.24f, 1};
        case Verdict::warning:
            return {0.85f, 0.55f, 0.05f, 1};
        case Verdict::invalid:
            return {0.80f, 0.16f, 0.16f, 1};
        case Verdict::foreign:
            return {0.25f, 0.42f, 0.65f, 1};
        case Verdict::no_code:
            return {0.45f, 0.45f, 0.45f, 1};
    }
    return {0.5f, 0.5f, 0.5f, 1};
}

const char* row_verdict_label(const Row& r, Lang lang) {
    return r.error ? tr(T::v_error, lang) : verdict_label(r.assessment.verdict, lang);
}

void draw_main_screen(AppState& s, BatchPool& pool, UiState& ui, UnixTime now) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0);
    ImGui::Begin("##main", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_MenuBar | ImGuiWindowFlags_NoBringToFrontOnFocus);
    ImGui::PopStyleVar();
    draw_menu(s, ui, now);
    draw_server_strip(s, now);
    draw_scanner_row(s, ui, now);
    std::vector<std::size_t> visible = visible_rows(s, now);
    draw_progress(s, visible.size());
    draw_context(s, now);
    draw_filters(s);
    ImGui::Separator();

    // Results | details, with a draggable splitter.
    const float status_h = ImGui::GetFrameHeightWithSpacing();
    ImVec2 avail = ImGui::GetContentRegionAvail();
    avail.y -= status_h;
    const float splitter = 6;
    float right = std::clamp(avail.x * s.settings.detail_width, 200.0f, avail.x - 200.0f);
    float left = avail.x - right - splitter;
    ImGui::BeginChild("results", ImVec2(left, avail.y));
    draw_results_table(s, ui, visible);
    ImGui::EndChild();
    ImGui::SameLine(0, 0);
    ImGui::InvisibleButton("##split", ImVec2(splitter, avail.y));
    if (ImGui::IsItemHovered() || ImGui::IsItemActive())
        ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
    if (ImGui::IsItemActive())
        s.settings.detail_width =
            std::clamp(s.settings.detail_width - ImGui::GetIO().MouseDelta.x / avail.x, 0.2f, 0.8f);
    ImGui::SameLine(0, 0);
    ImGui::BeginChild("side", ImVec2(right, avail.y));
    if (ImGui::BeginTabBar("sidetabs")) {
        const ImGuiTabItemFlags pick0 = ui.select_tab == 0 ? ImGuiTabItemFlags_SetSelected : 0;
        const ImGuiTabItemFlags pick1 = ui.select_tab == 1 ? ImGuiTabItemFlags_SetSelected : 0;
        ui.select_tab = -1;
        if (ImGui::BeginTabItem((std::string(tr(T::tab_details, s.lang)) + "###details").c_str(),
                                nullptr, pick0)) {
            draw_detail_pane(s, ui);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem((std::string(tr(T::tab_trust, s.lang)) + "###trust").c_str(),
                                nullptr, pick1)) {
            draw_trust_panel(s, now);
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    ImGui::EndChild();

    ImGui::Separator();
    if (!s.status.empty()) {
        ImGui::TextUnformatted(s.status.c_str());
        ImGui::SameLine();
    }
    ImGui::TextDisabled("%s", tr(T::keys_help, s.lang));
    ImGui::End();

    draw_dialogs(s, pool, ui, now);
    draw_login_dialog(s, ui, now);
}

}  // namespace traceseal::viewer::ui
