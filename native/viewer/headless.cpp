// The headless driver's input injection: it feeds ImGui's IO as the GLFW backend would (1.86
// indexes KeysDown by GLFW key codes), so the scanner field's own code path is what is timed.
#include "headless.h"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <cstdio>

namespace traceseal::viewer {

void select_showcase(AppState& s, const std::string& code) {
    const auto order = input_order(s);
    for (std::size_t i : order)
        if (!code.empty() && s.rows[i].assessment.fields &&
            format_code_number(*s.rows[i].assessment.fields) == code) {
            s.selected = i;
            return;
        }
    for (std::size_t i : order)
        if (!s.rows[i].error && s.rows[i].symbol &&
            s.rows[i].assessment.verdict == Verdict::genuine) {
            s.selected = i;
            return;
        }
    if (!order.empty()) s.selected = order.front();
}

bool headless_login_step(HeadlessLogin& l, AppState& s) {
    ServerState& sv = s.server;
    if (!sv.last_attempt) return false;  // the first sync is still running
    if (l.outbox.empty() || l.step == 3) return true;
    if (sv.login_error) {
        std::fprintf(stderr, "traceseal-viewer: login: %s: %s\n",
                     std::string(to_string(sv.login_error->reason)).c_str(),
                     sv.login_error->detail.c_str());
        l.step = 3;
        return true;
    }
    if (l.step == 0) {
        sv.want_code = true;
        l.step = 1;
    } else if (l.step == 1 && sv.code_sent && !sv.login_busy) {
        sv.code = code_from_outbox(l.outbox, sv.phone);
        sv.want_login = true;
        l.step = 2;
    } else if (l.step == 2 && sv.session && !sv.login_busy) {
        l.step = 3;
        return true;
    }
    return false;
}

// Steps, one frame each: 0 focus the field, 1 let the focus land, 2 type the code, 3 Enter
// (timer starts), 4 wait for the verdict (Enter released). A cycle that shows nothing within
// kMaxWaitFrames is counted as missed and started again.
constexpr int kMaxWaitFrames = 30;

void scan_bench_before_frame(ScanBench& b, ui::UiState& ui) {
    ImGuiIO& io = ImGui::GetIO();
    io.KeysDown[GLFW_KEY_ENTER] = b.step == 3;  // down for exactly one frame
    if (b.step == 0) ui.request_focus_scanner = true;
    if (b.step == 2)
        io.AddInputCharactersUTF8(
            b.codes[static_cast<std::size_t>(b.done) % b.codes.size()].c_str());
    if (b.step == 3) {
        b.t0 = std::chrono::steady_clock::now();
        b.frames = 0;
    }
}

void scan_bench_after_frame(ScanBench& b, const AppState& s, const ui::UiState& ui) {
    if (b.step < 3) return void(++b.step);
    ++b.frames;
    if (ui.shown_scan >= b.done + 1 + b.missed && s.scan_count >= b.done + 1 + b.missed) {
        glFinish();
        b.ms.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - b.t0)
                .count());
        b.frame_counts.push_back(b.frames);
        ++b.done;
        b.step = 0;
        return;
    }
    b.step = 4;
    if (b.frames > kMaxWaitFrames) {
        if (s.scan_count > b.done + b.missed) ++b.missed;  // a scan happened but was never shown
        ++b.missed_cycles;
        b.step = 0;
    }
}

void report_scan_bench(const ScanBench& b) {
    if (b.ms.empty()) return;
    std::vector<double> v = b.ms;
    std::sort(v.begin(), v.end());
    double sum = 0;
    for (double x : v) sum += x;
    const int max_frames = *std::max_element(b.frame_counts.begin(), b.frame_counts.end());
    std::printf(
        "scanner Enter -> verdict on screen: n=%zu  median %.2f ms  mean %.2f ms  p95 %.2f ms  "
        "max %.2f ms  frames<=%d  missed=%d\n",
        v.size(), v[v.size() / 2], sum / v.size(), v[v.size() * 95 / 100], v.back(), max_frames,
        b.missed_cycles);
}

}  // namespace traceseal::viewer
