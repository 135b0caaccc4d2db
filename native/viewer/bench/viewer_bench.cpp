// traceseal-viewer-bench: makes realistic label photos from the demo world and measures the
// viewer's batch throughput on 1 and 2 worker threads (docs/VIEWER.md). It also makes the small
// images the viewer smoke test needs and counts a screenshot's colours.
#include <stb/stb_image.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "app_state.h"
#include "batch.h"
#include "demo_world.h"
#include "files.h"
#include "image_transforms.h"
#include "inputs.h"
#include "minting.h"
#include "render_label.h"
#include "trust_source.h"

namespace fs = std::filesystem;
using namespace traceseal;

namespace {

constexpr const char* kUsage = R"(Usage:
  traceseal-viewer-bench photos --out DIR [--count N]   N label photos (default 1000) in DIR
  traceseal-viewer-bench throughput DIR [--threads 1,2] batch throughput over DIR's images
  traceseal-viewer-bench blank OUT.png                  a blank 640x480 image
  traceseal-viewer-bench foreign-qr OUT.png TEXT        a QR label of TEXT (not a TraceSeal code)
  traceseal-viewer-bench colours IMAGE                  distinct colours and non-background share
)";

int make_photos(const std::string& out, int count) {
    // 24 labels of the demo world (12 per operator key), and its root and trust list.
    const std::string world = out + "/world";
    const cli::DemoWorld w = cli::make_demo_world(1);
    if (auto e = cli::make_dirs(world + "/labels"))
        return std::fprintf(stderr, "%s\n", e->c_str()), 2;
    KeyFile root{KeyRole::root, 0, w.root.public_key, std::nullopt};
    for (const auto& [name, data] : {std::pair{"/root.pub.json", format_public_key_file(root)},
                                     std::pair{"/trust-list.json", w.trust_list}})
        if (auto e = cli::write_file(world + name, data))
            return std::fprintf(stderr, "%s\n", e->c_str()), 2;
    std::vector<std::string> labels;
    for (int k = 0; k < 2; ++k) {
        cli::MintPlan plan;
        plan.key = w.issuing[k];
        plan.key_id = plan.operator_id = static_cast<std::uint16_t>(k + 1);
        plan.prefix = w.body.label_prefix;
        plan.segment = k == 0 ? 100 : 200;
        plan.first_serial = 1;
        plan.count = 12;
        plan.categories = {static_cast<std::uint16_t>(k + 1)};
        plan.issue_day = static_cast<std::uint16_t>(day_of(*parse_time(cli::kDemoIssueDate)));
        plan.nonce = [](std::uint32_t) { return std::array<std::uint8_t, 8>{}; };
        auto minted = cli::mint_run(plan, world, "labels/");
        if (!minted) return std::fprintf(stderr, "%s\n", minted.error().detail.c_str()), 2;
        for (const auto& m : *minted) labels.push_back(world + "/" + m.label_png);
    }
    if (labels.empty()) return std::fprintf(stderr, "no demo labels\n"), 2;
    std::vector<native::GrayImage> base;
    for (const auto& l : labels) base.push_back(*native::load_image_file(l));
    fs::create_directories(out + "/photos");
    for (int i = 0; i < count; ++i) {
        // A hand-held photo: the label tilted -20..+20 degrees at 45-95 % scale, somewhere on a
        // 1024x768 grey table, slightly blurred, with sensor noise; every third one JPEG.
        const native::GrayImage& src = base[static_cast<std::size_t>(i) % base.size()];
        double angle = -20.0 + (i * 37 % 41);
        double factor = 0.45 + 0.05 * (i * 7 % 11);
        auto label = test::blur(test::scale(test::rotate(src, angle, 190), factor), 0.7);
        native::GrayImage img = test::blank(1024, 768, 190);
        const int ox = (i * 131) % std::max(1, img.width - label.width);
        const int oy = (i * 71) % std::max(1, img.height - label.height);
        for (int y = 0; y < label.height && oy + y < img.height; ++y)
            for (int x = 0; x < label.width && ox + x < img.width; ++x)
                img.pixels[static_cast<std::size_t>(oy + y) * img.width + ox + x] =
                    label.pixels[static_cast<std::size_t>(y) * label.width + x];
        img = test::add_noise(img, 6, static_cast<std::uint32_t>(i + 1));
        char name[64];
        bool jpeg = i % 3 == 2;
        std::snprintf(name, sizeof name, "/photos/photo_%04d.%s", i, jpeg ? "jpg" : "png");
        test::write_file(out + name, jpeg ? test::encode_jpeg(img, 85) : test::encode_png(img));
    }
    std::printf(
        "%d photos from %zu demo labels in %s/photos (trust: --root %s/root.pub.json "
        "--trust-list %s/trust-list.json)\n",
        count, labels.size(), out.c_str(), world.c_str(), world.c_str());
    return 0;
}

int throughput(const std::string& dir, const std::vector<int>& thread_counts) {
    auto trust = viewer::demo_trust();
    auto files = viewer::expand_inputs({dir});
    std::string load;
    if (FILE* f = std::fopen("/proc/loadavg", "r")) {
        char buf[128] = {};
        if (std::fgets(buf, sizeof buf, f)) load = buf;
        std::fclose(f);
    }
    std::printf("%zu inputs from %s; %u hardware threads; load average before: %s", files.size(),
                dir.c_str(), std::thread::hardware_concurrency(), load.c_str());
    double base = 0;
    for (int threads : thread_counts) {
        viewer::BatchPool pool(threads);
        timespec c0{}, c1{};
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
        auto t0 = std::chrono::steady_clock::now();
        std::uint64_t id = 0;
        for (const auto& f : files)
            pool.submit({++id, f.path, f.kind, trust.list, std::nullopt, nullptr, {}});
        pool.wait_idle();
        double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
        double cpu = (c1.tv_sec - c0.tv_sec) + (c1.tv_nsec - c0.tv_nsec) / 1e9;
        std::map<std::string, int> verdicts;
        for (auto& out : pool.take_finished())
            for (auto& r : out.rows)
                ++verdicts[r.error ? "error" : std::string(to_string(r.assessment.verdict))];
        if (base == 0) base = secs;
        // cpu/wall shows how many cores the run actually got (other processes share them).
        std::printf(
            "threads=%d  %.2f s  %.1f photos/s  %.1f ms/photo  speedup x%.2f  cpu %.2f s (%.2f "
            "cores)  ",
            threads, secs, files.size() / secs, 1000.0 * secs / files.size(), base / secs, cpu,
            cpu / secs);
        for (auto& [v, n] : verdicts) std::printf(" %s=%d", v.c_str(), n);
        std::printf("\n");
        std::fflush(stdout);
    }
    return 0;
}

int colours(const std::string& path) {
    int w = 0, h = 0, n = 0;
    unsigned char* px = stbi_load(path.c_str(), &w, &h, &n, 3);
    if (!px) return std::fprintf(stderr, "%s: cannot read\n", path.c_str()), 2;
    std::map<unsigned, long> counts;
    for (long i = 0; i < long(w) * h; ++i)
        ++counts[(unsigned(px[3 * i]) << 16) | (unsigned(px[3 * i + 1]) << 8) | px[3 * i + 2]];
    stbi_image_free(px);
    long top = 0;
    for (auto& [c, k] : counts) top = std::max(top, k);
    std::printf("%dx%d distinct_colours=%zu non_background=%.3f\n", w, h, counts.size(),
                1.0 - double(top) / (double(w) * h));
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> a(argv + 1, argv + argc);
    if (a.empty() || a[0] == "--help") return std::fputs(kUsage, stdout), a.empty() ? 2 : 0;
    if (a[0] == "photos" && a.size() >= 3 && a[1] == "--out")
        return make_photos(a[2],
                           a.size() >= 5 && a[3] == "--count" ? std::atoi(a[4].c_str()) : 1000);
    if (a[0] == "throughput" && a.size() >= 2) {
        std::vector<int> threads = {1, 2};
        if (a.size() >= 4 && a[2] == "--threads") {
            threads.clear();
            for (std::size_t p = 0; p < a[3].size();) {
                threads.push_back(std::atoi(a[3].c_str() + p));
                p = a[3].find(',', p);
                p = p == std::string::npos ? a[3].size() : p + 1;
            }
        }
        return throughput(a[1], threads);
    }
    if (a[0] == "blank" && a.size() == 2)
        return test::write_file(a[1], test::encode_png(test::blank(640, 480, 235))), 0;
    if (a[0] == "foreign-qr" && a.size() == 3) {
        auto qr = native::make_qr(a[2]);
        if (!qr) return std::fprintf(stderr, "make_qr failed\n"), 2;
        native::LabelText text;
        text.warning_zh.clear();
        auto png = native::render_label_png(*qr, text, 6);
        if (!png) return std::fprintf(stderr, "%s\n", png.error().detail.c_str()), 2;
        return test::write_file(a[1], *png), 0;
    }
    if (a[0] == "colours" && a.size() == 2) return colours(a[1]);
    std::fputs(kUsage, stderr);
    return 2;
}
