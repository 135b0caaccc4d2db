// The results table: sortable columns, coloured verdicts, arrow-key selection, clipped drawing
// (thousands of rows stay cheap).
#include <imgui.h>

#include <ctime>

#include "ui/ui.h"
#include "ui_text.h"

namespace traceseal::viewer::ui {
namespace {

enum Column {
    kOrder,
    kVerdict,
    kState,
    kCode,
    kOperator,
    kCategory,
    kSegment,
    kTime,
    kInput,
    kColumns
};

SortColumn sort_column_of(int column) {
    switch (column) {
        case kVerdict:
            return SortColumn::verdict;
        case kState:
            return SortColumn::state;
        case kCode:
            return SortColumn::code_number;
        case kOperator:
            return SortColumn::operator_id;
        case kSegment:
            return SortColumn::segment;
        case kInput:
            return SortColumn::input;
        case kTime:
            return SortColumn::time;
        default:
            return SortColumn::order;
    }
}

std::string local_clock(UnixTime t) {
    std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    localtime_r(&tt, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%H:%M:%S", &tm);
    return buf;
}

bool verified(const Row& r) {
    return !r.error && r.assessment.reminder;  // authentic and not withdrawn (§6.1)
}

void handle_keys(AppState& s, UiState& ui, const std::vector<std::size_t>& visible) {
    ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput || ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) return;
    int delta = 0;
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_DownArrow))) delta = 1;
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_UpArrow))) delta = -1;
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_PageDown))) delta = 10;
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_PageUp))) delta = -10;
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Home))) delta = -(1 << 20);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_End))) delta = 1 << 20;
    if (delta) {
        move_selection(s, visible, delta);
        ui.scroll_to_selected = true;
    }
}

}  // namespace

void draw_results_table(AppState& s, UiState& ui, const std::vector<std::size_t>& visible) {
    const Lang L = s.lang;
    handle_keys(s, ui, visible);
    const ImGuiTableFlags flags =
        ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders |
        ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX | ImGuiTableFlags_Resizable |
        ImGuiTableFlags_Reorderable | ImGuiTableFlags_Hideable | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("results", kColumns, flags)) return;
    const float em = ImGui::GetFontSize();
    ImGui::TableSetupScrollFreeze(2, 1);
    ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_DefaultSort, em * 2);
    ImGui::TableSetupColumn(tr(T::col_verdict, L), 0, em * 5);
    ImGui::TableSetupColumn(tr(T::col_state, L), 0, em * 9.5f);
    ImGui::TableSetupColumn(tr(T::col_code, L), 0, em * 8.6f);
    ImGui::TableSetupColumn(tr(T::col_operator, L), 0, em * 9.5f);
    ImGui::TableSetupColumn(tr(T::col_category, L), ImGuiTableColumnFlags_NoSort, em * 4.5f);
    ImGui::TableSetupColumn(tr(T::col_segment, L), 0, em * 3.6f);
    ImGui::TableSetupColumn(tr(T::col_time, L), 0, em * 4);
    ImGui::TableSetupColumn(tr(T::col_input, L), 0, em * 14);
    ImGui::TableHeadersRow();
    if (ImGuiTableSortSpecs* spec = ImGui::TableGetSortSpecs(); spec && spec->SpecsCount > 0) {
        s.sort.column = sort_column_of(spec->Specs[0].ColumnIndex);
        s.sort.ascending = spec->Specs[0].SortDirection != ImGuiSortDirection_Descending;
    }

    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(visible.size()));
    if (ui.scroll_to_selected && s.selected) {
        for (std::size_t i = 0; i < visible.size(); ++i)
            if (visible[i] == *s.selected) clipper.ForceDisplayRangeByIndices(int(i), int(i) + 1);
    }
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const std::size_t idx = visible[static_cast<std::size_t>(i)];
            const Row& r = s.rows[idx];
            const Assessment& a = r.assessment;
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(kOrder);
            const bool selected = s.selected && *s.selected == idx;
            char id[32];
            std::snprintf(id, sizeof id, "%d##r%zu", i + 1, idx);
            if (ImGui::Selectable(id, selected, ImGuiSelectableFlags_SpanAllColumns)) {
                s.selected = idx;
            }
            if (selected && ui.scroll_to_selected) {
                ImGui::SetScrollHereY(0.5f);
                ui.scroll_to_selected = false;
            }
            ImGui::TableSetColumnIndex(kVerdict);
            Rgba c = verdict_colour(r);
            ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg,
                                   ImGui::GetColorU32(ImVec4(c.r, c.g, c.b, 0.85f)));
            ImGui::TextUnformatted(row_verdict_label(r, L));
            if (auto worst = image_verdict(s, idx)) {  // one of several codes in one image
                ImGui::SameLine();
                ImGui::TextDisabled("(%s: %s)", tr(T::image_worst, L), verdict_label(*worst, L));
            }
            ImGui::TableSetColumnIndex(kState);
            if (auto st = row_state(r))
                ImGui::TextUnformatted(std::string(message(*st, L)).c_str());
            else if (a.status)  // status covered the segment, but not this serial
                ImGui::TextUnformatted(tr(T::f_not_allocated, L));
            ImGui::TableSetColumnIndex(kCode);
            if (a.fields) {
                std::string num = format_code_number(*a.fields);
                if (verified(r))
                    ImGui::TextUnformatted(num.c_str());
                else
                    ImGui::TextDisabled("%s", num.c_str());  // a claim, not a fact (§5)
            }
            ImGui::TableSetColumnIndex(kOperator);
            if (a.fields) {
                if (verified(r))
                    ImGui::TextUnformatted(L == Lang::zh_CN ? a.operator_name_zh.c_str()
                                                            : a.operator_name_en.c_str());
                else
                    ImGui::TextDisabled("#%u ?", unsigned(a.fields->operator_id));
            }
            ImGui::TableSetColumnIndex(kCategory);
            if (a.fields && verified(r))
                ImGui::TextUnformatted(L == Lang::zh_CN ? a.category_name_zh.c_str()
                                                        : a.category_name_en.c_str());
            ImGui::TableSetColumnIndex(kSegment);
            if (a.fields) {
                if (verified(r))
                    ImGui::Text("%u", unsigned(a.fields->segment));
                else
                    ImGui::TextDisabled("%u", unsigned(a.fields->segment));
            }
            ImGui::TableSetColumnIndex(kInput);
            ImGui::TextUnformatted(r.input.c_str());
            ImGui::TableSetColumnIndex(kTime);
            ImGui::TextUnformatted(local_clock(r.checked_at).c_str());
        }
    }
    ImGui::EndTable();
    ui.scroll_to_selected = false;  // done, or the selection is filtered out
}

}  // namespace traceseal::viewer::ui
