// The viewer's ImGui layer: the only code that calls ImGui. It reads AppState, calls the event
// functions of app_state.h, and keeps its own transient widget state in UiState.
#pragma once

#include <string>
#include <vector>

#include "app_state.h"
#include "batch.h"

namespace traceseal::viewer::ui {

struct UiState {
    // Requests from shortcuts (main.cpp's key callback) and menus.
    bool request_open = false, request_export = false, request_paste = false, request_trust = false,
         request_demo_trust = false, request_status = false, request_place = false,
         request_provenance = false, request_login = false;
    bool request_focus_scanner = true;
    bool undo_field_paste = false;  // the scanner field must not keep a multi-line paste
    bool quit = false;
    bool fonts_dirty = false;  // trust names changed: main rebuilds the font atlas
    bool scroll_to_selected = false;
    int select_tab = -1;  // 0 details, 1 trust data: selected once, then -1
    bool headless = false;
    double clock = 0;    // seconds, for the scan flash
    int shown_scan = 0;  // highest scan number whose verdict a drawn frame shows (latency bench)

    // Open dialog.
    std::string browse_dir;
    std::vector<std::string> browse_entries;  // names; folders end with '/'
    std::vector<char> browse_picked;
    // Export dialog.
    std::string export_path;
    int export_format = 0;  // 0 CSV, 1 JSON Lines
    bool export_visible_only = true;
    // Trust dialog.
    std::string root_input, trust_input;
    // Status / provenance dialog: paths one per line; the last refusal stays shown in it.
    std::string files_input, files_error;
    std::vector<std::string> files_found;  // *.tss / *.tsp files offered for a click
    // Location dialog.
    Place place_input;
};

// Fonts: Noto Sans CJK SC with Latin + common simplified Chinese + every character of
// all_ui_text() and `extra` (names from the trust list). Returns false if the font is missing
// (ImGui's built-in Latin font is used then).
bool load_fonts(const std::string& extra, float size);

void draw_main_screen(AppState& s, BatchPool& pool, UiState& ui, UnixTime now);

// Parts of the main screen (one file each).
void draw_results_table(AppState& s, UiState& ui, const std::vector<std::size_t>& visible);
void draw_detail_pane(AppState& s, UiState& ui);
void draw_trust_panel(const AppState& s, UnixTime now);
void draw_dialogs(AppState& s, BatchPool& pool, UiState& ui, UnixTime now);
// The registry service (server_panel.cpp): the one-line freshness strip, the Server menu, the
// login dialog, the trust tab's section and the detail pane's fetch state.
void draw_server_strip(const AppState& s, UnixTime now);
void draw_server_menu(AppState& s, UiState& ui);
void draw_login_dialog(AppState& s, UiState& ui, UnixTime now);
void draw_server_section(const AppState& s, UnixTime now);
void draw_fetch_state(AppState& s, const Row& r);
std::string age_text(UnixTime then, UnixTime now, Lang lang);

// Shared look.
struct Rgba {
    float r, g, b, a;
};
Rgba verdict_colour(const Row& r);
const char* row_verdict_label(const Row& r, Lang lang);
void set_big_font(bool on);

// One GL texture of the selected image (grey, as the scanner saw it).
struct ImageTexture {
    unsigned id = 0;
    int width = 0, height = 0;
    std::string path;
    bool failed = false;
};
const ImageTexture& image_texture(const std::string& path);

}  // namespace traceseal::viewer::ui
