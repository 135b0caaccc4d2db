// Modal dialogs: open (a small folder browser with recent folders), export, trust files; and
// the paste / demo-trust requests that need no dialog.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <system_error>

#include "export.h"
#include "files.h"
#include "inputs.h"
#include "trust_source.h"
#include "ui/ui.h"
#include "ui_text.h"

namespace fs = std::filesystem;

namespace traceseal::viewer::ui {
namespace {

// The common end of a modal dialog: Cancel (or Escape) closes it too; closing hands the keyboard
// back to the scanner field.
void finish_dialog(AppState& s, bool close) {
    ImGui::SameLine();
    if (ImGui::Button(tr(T::d_cancel, s.lang)) ||
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
        close = true;
    if (close) ImGui::CloseCurrentPopup(), s.focus_scanner = true;
    ImGui::EndPopup();
}

void list_dir(UiState& ui) {
    ui.browse_entries.clear();
    std::error_code ec;
    std::vector<std::string> dirs, files;
    for (fs::directory_iterator it(ui.browse_dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (name.empty() || name[0] == '.') continue;
        if (it->is_directory(ec))
            dirs.push_back(name + "/");
        else if (is_image_path(name) || is_text_path(name))
            files.push_back(name);
    }
    std::sort(dirs.begin(), dirs.end());
    std::sort(files.begin(), files.end());
    ui.browse_entries = dirs;
    ui.browse_entries.insert(ui.browse_entries.end(), files.begin(), files.end());
    ui.browse_picked.assign(ui.browse_entries.size(), 0);
}

void open_dialog(AppState& s, BatchPool& pool, UiState& ui) {
    const Lang L = s.lang;
    const ImVec2 size = ImGui::GetMainViewport()->WorkSize;
    ImGui::SetNextWindowSize(ImVec2(size.x * 0.7f, size.y * 0.7f), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal((std::string(tr(T::d_open_title, L)) + "###open").c_str())) return;
    if (ui.browse_dir.empty())
        ui.browse_dir = s.settings.recent_folders.empty() ? fs::current_path().string()
                                                          : s.settings.recent_folders[0];
    if (ui.browse_entries.empty() && ui.browse_picked.empty()) list_dir(ui);
    ImGui::TextUnformatted(tr(T::d_folder, L));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 5);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    if (ImGui::InputText("##dir", &ui.browse_dir, ImGuiInputTextFlags_EnterReturnsTrue))
        list_dir(ui);
    ImGui::SameLine();
    if (ImGui::Button(tr(T::d_up, L))) {
        ui.browse_dir = fs::path(ui.browse_dir).lexically_normal().parent_path().string();
        if (ui.browse_dir.empty()) ui.browse_dir = "/";
        list_dir(ui);
    }
    const float footer = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
    ImGui::BeginChild("recent", ImVec2(ImGui::GetContentRegionAvail().x * 0.3f, -footer), true);
    ImGui::TextDisabled("%s", tr(T::menu_recent, L));
    for (const auto& f : s.settings.recent_folders)
        if (ImGui::Selectable(f.c_str())) ui.browse_dir = f, list_dir(ui);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("entries", ImVec2(0, -footer), true);
    std::string enter;
    for (std::size_t i = 0; i < ui.browse_entries.size(); ++i) {
        const std::string& e = ui.browse_entries[i];
        bool picked = ui.browse_picked[i] != 0;
        if (ImGui::Selectable(e.c_str(), picked, ImGuiSelectableFlags_AllowDoubleClick)) {
            if (e.back() == '/' && ImGui::IsMouseDoubleClicked(0))
                enter = e;
            else
                ui.browse_picked[i] = !picked;
        }
    }
    ImGui::EndChild();
    if (!enter.empty())
        ui.browse_dir = (fs::path(ui.browse_dir) / enter).lexically_normal().string(), list_dir(ui);
    std::vector<std::string> chosen;
    for (std::size_t i = 0; i < ui.browse_entries.size(); ++i)
        if (ui.browse_picked[i])
            chosen.push_back((fs::path(ui.browse_dir) / ui.browse_entries[i]).string());
    ImGui::BeginDisabled(chosen.empty());
    bool go = ImGui::Button(tr(T::d_open_selected, L));
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button(tr(T::d_open_folder, L))) chosen = {ui.browse_dir}, go = true;
    ImGui::SameLine();
    bool close = ImGui::Button(tr(T::d_cancel, L)) ||
                 ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape));
    if (go) {
        open_paths(s, pool, chosen);
        close = true;
    }
    if (close) {
        ui.browse_entries.clear();
        ui.browse_picked.clear();
        ImGui::CloseCurrentPopup();
        s.focus_scanner = true;
    }
    ImGui::EndPopup();
}

void export_dialog(AppState& s, UiState& ui, UnixTime now) {
    const Lang L = s.lang;
    ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 34, 0), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal((std::string(tr(T::d_export_title, L)) + "###export").c_str()))
        return;
    if (ui.export_path.empty()) {
        std::string dir =
            s.settings.export_dir.empty() ? fs::current_path().string() : s.settings.export_dir;
        ui.export_path = dir + "/traceseal-results.csv";
    }
    ImGui::TextUnformatted(tr(T::d_file, L));
    ImGui::SetNextItemWidth(-1);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    const bool enter =
        ImGui::InputText("##path", &ui.export_path, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::TextUnformatted(tr(T::d_format, L));
    ImGui::SameLine();
    int before = ui.export_format;
    ImGui::RadioButton("CSV", &ui.export_format, 0);
    ImGui::SameLine();
    ImGui::RadioButton("JSON Lines", &ui.export_format, 1);
    if (before != ui.export_format) {  // keep the extension in step with the format
        fs::path p(ui.export_path);
        ui.export_path = p.replace_extension(ui.export_format ? ".jsonl" : ".csv").string();
    }
    ImGui::Checkbox(tr(T::d_visible_only, L), &ui.export_visible_only);
    bool close = false;
    if (ImGui::Button(tr(T::d_save, L)) || enter) {
        auto which = ui.export_visible_only ? visible_rows(s, now) : input_order(s);
        std::string data =
            ui.export_format ? export_jsonl(s.rows, which) : export_csv(s.rows, which, L);
        if (auto err = cli::write_file(ui.export_path, data)) {
            s.status = std::string(tr(T::s_export_failed, L)) + ": " + *err;
        } else {
            s.status = std::string(tr(T::s_exported, L)) + ": " + ui.export_path;
            s.settings.export_dir = fs::path(ui.export_path).parent_path().string();
        }
        close = true;
    }
    finish_dialog(s, close);
}

void trust_dialog(AppState& s, UiState& ui, UnixTime now) {
    const Lang L = s.lang;
    ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 34, 0), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal((std::string(tr(T::d_trust_title, L)) + "###trust").c_str()))
        return;
    ImGui::TextUnformatted(tr(T::d_root_file, L));
    ImGui::SetNextItemWidth(-1);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    ImGui::InputText("##root", &ui.root_input);
    ImGui::TextUnformatted(tr(T::d_trust_file, L));
    ImGui::SetNextItemWidth(-1);
    const bool enter =
        ImGui::InputText("##trust", &ui.trust_input, ImGuiInputTextFlags_EnterReturnsTrue);
    bool close = false;
    if (ImGui::Button(tr(T::d_load, L)) || enter) {
        if (auto err = load_trust(s, ui.root_input, ui.trust_input, now)) {
            s.status = std::string(tr(T::s_trust_failed, L)) + ": " +
                       std::string(to_string(err->reason)) + " " + err->detail;
        } else {
            s.settings.root_path = ui.root_input;
            s.settings.trust_path = ui.trust_input;
            s.status = tr(T::s_trust_loaded, L);
            ui.fonts_dirty = true;
        }
        close = true;
    }
    finish_dialog(s, close);
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t end = std::min(text.find('\n', pos), text.size());
        std::string line = text.substr(pos, end - pos);
        while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back())))
            line.pop_back();
        while (!line.empty() && std::isspace(static_cast<unsigned char>(line.front())))
            line.erase(line.begin());
        if (!line.empty()) out.push_back(line);
        pos = end + 1;
    }
    return out;
}

// Files with `ext` in the trust list's folder, else the most recent folder, else the working one.
std::vector<std::string> find_files_beside_trust(const AppState& s, const char* ext) {
    fs::path dir = !s.trust.trust_path.empty()          ? fs::path(s.trust.trust_path).parent_path()
                   : !s.settings.recent_folders.empty() ? fs::path(s.settings.recent_folders[0])
                                                        : fs::current_path();
    if (dir.empty()) dir = ".";
    std::vector<std::string> out;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().extension() == ext) out.push_back(it->path().string());
    std::sort(out.begin(), out.end());
    if (out.size() > 8) out.resize(8);
    return out;
}

// Status snapshot files (§9.4) or provenance bundles (§10.4): verified under the loaded trust
// list; a refused file changes nothing, and the dialog stays open with the reason word and its
// plain meaning.
void files_dialog(AppState& s, UiState& ui, UnixTime now, bool provenance) {
    const Lang L = s.lang;
    ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 36, 0), ImGuiCond_Appearing);
    const std::string title = provenance ? std::string(tr(T::d_prov_title, L)) + "###provenance"
                                         : std::string(tr(T::d_status_title, L)) + "###status";
    if (!ImGui::BeginPopupModal(title.c_str())) return;
    ImGui::TextUnformatted(tr(provenance ? T::d_prov_files : T::d_status_files, L));
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    ImGui::InputTextMultiline("##files", &ui.files_input,
                              ImVec2(-1, ImGui::GetTextLineHeight() * 4.5f));
    // Files beside the trust list (where `traceseal demo` writes them): click to add.
    if (ImGui::IsWindowAppearing())
        ui.files_found = find_files_beside_trust(s, provenance ? ".tsp" : ".tss");
    for (const std::string& f : ui.files_found)
        if (ImGui::SmallButton(("+ " + f).c_str())) {
            if (!ui.files_input.empty() && ui.files_input.back() != '\n') ui.files_input += '\n';
            ui.files_input += f + "\n";
        }
    if (!ui.files_error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.95f, 0.35f, 0.3f, 1));
        ImGui::TextWrapped("%s", ui.files_error.c_str());
        ImGui::PopStyleColor();
    }
    bool close = false;
    if (ImGui::Button(tr(T::d_load, L))) {
        const auto paths = lines_of(ui.files_input);
        auto err = provenance ? load_provenance(s, paths) : load_status(s, paths, now);
        if (err) {
            ui.files_error =
                std::string(tr(provenance ? T::s_prov_refused : T::s_status_refused, L)) + ": " +
                std::string(to_string(err->reason)) + " - " + std::string(message(err->reason, L)) +
                " (" + err->detail + ")";
            s.status = ui.files_error;
        } else {
            s.status = std::string(tr(provenance ? T::s_prov_loaded : T::s_status_loaded, L)) +
                       (paths.empty() ? "" : ": " + paths[0] + (paths.size() > 1 ? " ..." : ""));
            ui.files_input.clear();
            close = true;
        }
    }
    finish_dialog(s, close);
}

// Where the inspector is: the place every scan-log entry records (§9.5 clone rule).
void place_dialog(AppState& s, UiState& ui) {
    const Lang L = s.lang;
    ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 34, 0), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal((std::string(tr(T::d_place_title, L)) + "###place").c_str()))
        return;
    Place& p = ui.place_input;
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s", tr(T::d_place_note, L));
    ImGui::PopTextWrapPos();
    ImGui::TextUnformatted(tr(T::d_place_name, L));
    ImGui::SetNextItemWidth(-1);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    ImGui::InputText("##pname", &p.name);
    ImGui::TextUnformatted(tr(T::d_latitude, L));
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
    ImGui::InputDouble("##lat", &p.latitude, 0, 0, "%.5f");
    ImGui::TextUnformatted(tr(T::d_longitude, L));
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
    ImGui::InputDouble("##lon", &p.longitude, 0, 0, "%.5f");
    p.latitude = std::clamp(p.latitude, -90.0, 90.0);
    p.longitude = std::clamp(p.longitude, -180.0, 180.0);
    ImGui::Spacing();
    ImGui::TextDisabled("%s: %s", tr(T::d_log_file, L),
                        s.scan_log.path.empty() ? "-" : s.scan_log.path.c_str());
    ImGui::TextDisabled(tr(T::d_entries, L), s.scan_log.entries.size());
    if (!s.settings.place.set)
        ImGui::TextColored(ImVec4(0.95f, 0.6f, 0.15f, 1), "%s", tr(T::d_log_off, L));
    bool close = false;
    if (ImGui::Button(tr(T::d_save, L))) {
        s.settings.place = p;
        s.settings.place.set = true;
        close = true;
    }
    finish_dialog(s, close);
}

}  // namespace

void draw_dialogs(AppState& s, BatchPool& pool, UiState& ui, UnixTime now) {
    const Lang L = s.lang;
    if (ui.request_open)
        ImGui::OpenPopup((std::string(tr(T::d_open_title, L)) + "###open").c_str()),
            ui.request_open = false;
    if (ui.request_export)
        ImGui::OpenPopup((std::string(tr(T::d_export_title, L)) + "###export").c_str()),
            ui.request_export = false;
    if (ui.request_trust) {
        ui.root_input = s.trust.root_path;
        ui.trust_input = s.trust.trust_path;
        ImGui::OpenPopup((std::string(tr(T::d_trust_title, L)) + "###trust").c_str());
        ui.request_trust = false;
    }
    if (ui.request_status || ui.request_provenance) {
        ui.files_error.clear();
        ui.files_input.clear();
        ImGui::OpenPopup(ui.request_status
                             ? (std::string(tr(T::d_status_title, L)) + "###status").c_str()
                             : (std::string(tr(T::d_prov_title, L)) + "###provenance").c_str());
        ui.request_status = ui.request_provenance = false;
    }
    if (ui.request_place) {
        ui.place_input = s.settings.place;
        ImGui::OpenPopup((std::string(tr(T::d_place_title, L)) + "###place").c_str());
        ui.request_place = false;
    }
    if (ui.request_paste) {
        const char* clip = ImGui::GetClipboardText();
        if (clip) paste_codes(s, clip, now);
        ui.request_paste = false;
    }
    if (ui.request_demo_trust) {
        set_trust(s, demo_trust(), now);
        s.settings.root_path.clear();
        s.settings.trust_path.clear();
        ui.request_demo_trust = false;
        ui.fonts_dirty = true;
    }
    open_dialog(s, pool, ui);
    export_dialog(s, ui, now);
    trust_dialog(s, ui, now);
    files_dialog(s, ui, now, false);
    files_dialog(s, ui, now, true);
    place_dialog(s, ui);
}

}  // namespace traceseal::viewer::ui
