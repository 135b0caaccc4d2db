// Headless driver pieces (main.cpp's --screenshot, --dump-json, --bench-scan): which row to show,
// and the scanner-latency benchmark that types into the real scanner field through ImGui's
// input queue.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "app_state.h"
#include "ui/ui.h"

namespace traceseal::viewer {

// The row the screenshot shows in the detail pane: the first row whose code number is `code`
// (--select), else the first genuine code from an image.
void select_showcase(AppState& s, const std::string& code = {});

// --login-outbox (headless runs against `traceseal-registryd --demo`): after the first sync, ask
// for a code, read it from the demo's SMS outbox, log in. Returns true when there is nothing
// (more) to wait for: no outbox given, logged in, or a step failed (its reason is in s.server).
struct HeadlessLogin {
    std::string outbox;
    int step = 0;
};
bool headless_login_step(HeadlessLogin& l, AppState& s);

// One code per cycle: focus the field, type the code, press Enter (timer starts), wait until a
// rendered frame shows its verdict (glFinish; timer stops). One step per frame, as a keyboard
// wedge delivers keys over several frames.
struct ScanBench {
    int total = 0, done = 0, step = 0, frames = 0;
    int missed = 0, missed_cycles = 0;  // scans never shown; cycles that timed out
    std::vector<std::string> codes;
    std::chrono::steady_clock::time_point t0;
    std::vector<double> ms;
    std::vector<int> frame_counts;
};
void scan_bench_before_frame(ScanBench& b, ui::UiState& ui);  // before ImGui::NewFrame
void scan_bench_after_frame(ScanBench& b, const AppState& s,
                            const ui::UiState& ui);  // after rendering
void report_scan_bench(const ScanBench& b);          // one line on stdout

}  // namespace traceseal::viewer
