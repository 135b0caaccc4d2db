// traceseal-viewer: window, event loop and backends (GLFW + OpenGL 3 + Dear ImGui). Everything
// the viewer shows is in ui/, everything it knows in app_state.h. Headless mode (--screenshot,
// --dump-json, --bench-scan) runs the same screen under xvfb-run for tests and figures.
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "app_state.h"
#include "batch.h"
#include "export.h"
#include "files.h"
#include "headless.h"
#include "options.h"
#include "screenshot.h"
#include "trust_source.h"
#include "ui/ui.h"

using namespace traceseal;
using namespace traceseal::viewer;

namespace {

std::string help() {
    return R"(Usage: traceseal-viewer [--root ROOT.pub.json --trust-list TRUST.json] [--status FILE]...
                        [--context consumer|inspector_shop|inspector_port] [--at TIME]
                        [--provenance BUNDLE]... [--checkpoint HELD]...
                        [--inspector-key INSPECTOR.key.json]
                        [--lang en|zh-CN] [--threads N] [--image-seconds S]
                        [FILE|FOLDER...]
       traceseal-viewer [same options] --screenshot OUT.png --dump-json OUT.jsonl FILE...
       traceseal-viewer [same options] --bench-scan N FILE...

Opens images and text files of codes (one per line), or folders of them, and verifies every code
against the trust list (default: the embedded demo world, as `traceseal demo` makes it, with its
status snapshots). --status and --context are those of `traceseal verify` (FORMAT.md §9), except
that the viewer's default context is inspector_shop. Checked codes are recorded with the time and
the location set in File -> Location (the local scan log of the clone rule; not in headless mode).
--provenance (verified as `traceseal verify --provenance` does) gives the detail pane each code's
event timeline; --checkpoint refuses bundles that roll back or rewrite a kept checkpoint;
--inspector-key opens the sealed sale and pickup details.
Keys: Ctrl+O open, Ctrl+V paste codes, Ctrl+E export, F6 scanner field, Up/Down results, Ctrl+Q quit.

Headless (run under xvfb-run): --screenshot and --dump-json run the batch to the end, write the
main screen as PNG and the results as JSON Lines (the form of `traceseal verify --json`), and exit 0.
--bench-scan N types N codes into the scanner field and reports Enter-to-verdict-on-screen times.
--show trust|open|export|trust-files|status|provenance|place opens that tab or dialog first (for screenshots);
--select CODE_NUMBER shows that code in the detail pane (default: the first genuine image).

The options shared with `traceseal verify` (the same table, the same file rules):
)" + platform::verify_options_help();
}

UnixTime wall_clock() {
    return static_cast<UnixTime>(std::time(nullptr));
}

ui::UiState* g_ui = nullptr;
volatile std::sig_atomic_t g_stop = 0;  // SIGINT/SIGTERM: leave the loop, save settings
void on_signal(int) {
    g_stop = 1;
}
std::vector<std::string> g_dropped;

// True when the clipboard holds more than one non-empty line: a list of codes, not one scan.
bool clipboard_has_lines(GLFWwindow* win) {
    const char* clip = glfwGetClipboardString(win);
    int lines = 0;
    bool in_line = false;
    for (const char* p = clip; p && *p; ++p) {
        bool text = *p != '\n' && *p != '\r' && *p != ' ' && *p != '\t';
        if (text && !in_line) ++lines;
        if (*p == '\n')
            in_line = false;
        else if (text)
            in_line = true;
    }
    return lines > 1;
}

void on_key(GLFWwindow* win, int key, int, int action, int mods) {
    if (action != GLFW_PRESS) return;
    const bool ctrl = (mods & GLFW_MOD_CONTROL) != 0;
    if (ctrl && key == GLFW_KEY_O) g_ui->request_open = true;
    if (ctrl && key == GLFW_KEY_E) g_ui->request_export = true;
    if (ctrl && key == GLFW_KEY_Q) g_ui->quit = true;
    if (ctrl && key == GLFW_KEY_V) {
        // Outside text fields Ctrl+V pastes codes; inside the scanner field a multi-line
        // clipboard is a list of codes too (a single-line field would glue the lines together).
        const bool lines = clipboard_has_lines(win);
        if (!ImGui::GetIO().WantTextInput || lines) g_ui->request_paste = true;
        if (ImGui::GetIO().WantTextInput && lines) g_ui->undo_field_paste = true;
    }
    if (key == GLFW_KEY_F6) g_ui->request_focus_scanner = true;
}

void on_drop(GLFWwindow*, int count, const char** paths) {
    for (int i = 0; i < count; ++i) g_dropped.push_back(paths[i]);
}

}  // namespace

int main(int argc, char** argv) {
    Options opt = parse_options(std::vector<std::string>(argv + 1, argv + argc));
    if (opt.help) return std::fputs(help().c_str(), stdout), 0;
    if (!opt.error.empty())
        return std::fprintf(stderr, "traceseal-viewer: %s (see --help)\n", opt.error.c_str()), 2;
    const bool headless = opt.headless();

    AppState s;
    const std::string cfg = headless ? std::string() : config_dir();
    const UnixTime start = wall_clock();
    if (auto fatal = start_state(s, opt, cfg, start))
        return std::fprintf(stderr, "traceseal-viewer: %s\n", fatal->c_str()), 2;

    if (!glfwInit())
        return std::fprintf(stderr, "traceseal-viewer: cannot open a display (GLFW init failed)\n"),
               2;
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    const int w0 = headless ? 1280 : s.settings.window_width,
              h0 = headless ? 800 : s.settings.window_height;
    GLFWwindow* win = glfwCreateWindow(w0, h0, "TraceSeal inspector", nullptr, nullptr);
    if (!win)
        return glfwTerminate(),
               std::fprintf(stderr, "traceseal-viewer: cannot create an OpenGL 3.0 window\n"), 2;
    glfwMakeContextCurrent(win);
    glfwSwapInterval(headless ? 0 : 1);

    ui::UiState ui;
    ui.headless = headless;
    g_ui = &ui;
    glfwSetKeyCallback(win, on_key);  // before the backend: it chains to callbacks set earlier
    glfwSetDropCallback(win, on_drop);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    static std::string ini_path;
    ini_path = make_config_dir(cfg) ? cfg + "/imgui.ini" : std::string();
    io.IniFilename = ini_path.empty() ? nullptr : ini_path.c_str();
    // Readable at laptop scale: 18 px text, times the monitor's content scale on HiDPI screens.
    float scale_x = 1, scale_y = 1;
    glfwGetWindowContentScale(win, &scale_x, &scale_y);
    const float ui_scale = std::clamp(scale_x, 1.0f, 3.0f);
    const float font_px = 18.0f * ui_scale;
    ImGui::StyleColorsDark();
    ImGui::GetStyle().FrameRounding = 3;
    ImGui::GetStyle().CellPadding = ImVec2(6, 3);
    ImGui::GetStyle().ScaleAllSizes(ui_scale);
    ui::load_fonts(s.trust.list ? trust_display_text(*s.trust.list) : "", font_px);
    ImGui_ImplGlfw_InitForOpenGL(win, true);
    ImGui_ImplOpenGL3_Init("#version 130");

    // --server: the worker syncs at once and on its timer; it starts from the last good files.
    std::unique_ptr<ServerWorker> server;
    if (!s.server.url.empty() && s.trust.list) {
        TrustState held = start_server_state(s, start);
        server = std::make_unique<ServerWorker>(s.server.url, std::move(held), s.server.sync_dir,
                                                s.server.sync_seconds);
        server->set_on_outcome([] { glfwPostEmptyEvent(); });
    }
    HeadlessLogin login;
    login.outbox = opt.login_outbox;

    BatchPool pool(opt.threads);
    pool.set_on_finished([] { glfwPostEmptyEvent(); });
    if (!opt.files.empty()) open_paths(s, pool, opt.files);
    if (opt.show == "trust") ui.select_tab = 1;
    ui.request_open = opt.show == "open";
    ui.request_export = opt.show == "export";
    ui.request_trust = opt.show == "trust-files";
    ui.request_status = opt.show == "status";
    ui.request_provenance = opt.show == "provenance";
    ui.request_place = opt.show == "place";
    ui.request_login = opt.show == "login";

    ScanBench bench;
    bench.total = opt.bench_scan;
    int settled_frames = 0;
    bool dumped = false;
    int rung_for = 0;
    int exit_code = 0;
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    while (!glfwWindowShouldClose(win) && !ui.quit && !g_stop) {
        if (headless)
            glfwPollEvents();
        else
            glfwWaitEventsTimeout(
                batch_running(s) || (s.flash && ui.clock - s.flash->started < 1.0) ? 0.03 : 0.5);
        collect_results(s, pool);
        if (server && apply_server_outcomes(s, *server, wall_clock())) ui.fonts_dirty = true;
        if (!g_dropped.empty()) open_paths(s, pool, g_dropped), g_dropped.clear();
        if (ui.fonts_dirty) {
            ui::load_fonts(s.trust.list ? trust_display_text(*s.trust.list) : "", font_px);
            ImGui_ImplOpenGL3_DestroyFontsTexture();
            ImGui_ImplOpenGL3_CreateFontsTexture();
            ui.fonts_dirty = false;
        }
        ui.clock = glfwGetTime();
        const bool benching =
            headless && dumped && bench.done < bench.total && bench.missed_cycles < 20;
        if (benching) scan_bench_before_frame(bench, ui);

        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGui::NewFrame();
        ui::draw_main_screen(s, pool, ui, wall_clock());
        ImGui::Render();
        int fw = 0, fh = 0;
        glfwGetFramebufferSize(win, &fw, &fh);
        glViewport(0, 0, fw, fh);
        glClearColor(0.1f, 0.1f, 0.12f, 1);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

        if (!headless && s.scan_count != rung_for) std::fputc('\a', stderr);  // the bell, per scan
        rung_for = s.scan_count;
        if (headless) {
            // With --server the screenshot waits for the first sync, the --login-outbox login
            // and the selected code's bundle.
            if (server &&
                !(headless_login_step(login, s) && !server->busy() && s.server.fetching.empty()))
                settled_frames = 0;
            if (benching) scan_bench_after_frame(bench, s, ui);
            if (!batch_running(s) && !dumped && ++settled_frames == 2) {
                select_showcase(s, opt.select);
                if (!opt.dump.empty()) {
                    if (auto err = cli::write_file(opt.dump, export_jsonl(s.rows, input_order(s))))
                        std::fprintf(stderr, "traceseal-viewer: %s\n", err->c_str()), exit_code = 2;
                }
                for (const Row& r : s.rows)
                    if (r.error)
                        std::fprintf(stderr, "traceseal-viewer: %s: %s (%s)\n", r.input.c_str(),
                                     r.error->detail.c_str(),
                                     std::string(to_string(r.error->reason)).c_str());
                for (const Row& r : s.rows)
                    if (!r.assessment.text.empty()) bench.codes.push_back(r.assessment.text);
                if (bench.codes.empty()) bench.codes.push_back("HTTPS://EXAMPLE.COM/PRODUCT/1");
                dumped = true;
                settled_frames = 0;
            } else if (dumped && !benching && ++settled_frames == 3) {
                if (!opt.screenshot.empty() && !write_screenshot(opt.screenshot, fw, fh))
                    exit_code = 2;
                ui.quit = true;
            }
        }
        glfwSwapBuffers(win);
    }
    report_scan_bench(bench);

    if (!headless) {
        glfwGetWindowSize(win, &s.settings.window_width, &s.settings.window_height);
        s.settings.context = std::string(to_string(s.context));
        // Status files are remembered with the trust files they were checked against.
        s.settings.status_paths.clear();
        if (!s.settings.root_path.empty() && s.trust.root_path == s.settings.root_path)
            for (const std::string& p : s.status_data.paths)
                s.settings.status_paths.push_back(std::filesystem::absolute(p).string());
        save_settings(cfg, s.settings);
    }
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(win);
    glfwTerminate();
    return exit_code;
}
