// Native image path figures: batch throughput on 1 and 2 threads for N label photos (decode +
// scan + verify), peak memory, and the foreign-QR corpus read count (docs/PERFORMANCE.md).
// Usage: bench_images [N] [CORPUS_DIR]
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "demo_world.h"
#include "hostile_images.h"
#include "image_transforms.h"
#include "render_label.h"
#include "scan_image.h"

using namespace traceseal;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

std::vector<std::vector<std::uint8_t>> make_photos(const cli::DemoWorld& w, int n) {
    std::vector<std::vector<std::uint8_t>> photos;
    const int distinct = 50;  // distinct codes; photos cycle through them with other distortions
    std::vector<native::GrayImage> labels;
    for (int i = 0; i < distinct; ++i) {
        CodeFields f = cli::demo_code_fields(1, static_cast<std::uint32_t>(i));
        auto qr = native::make_qr(mint_code_text(f, w.issuing[0].secret_key, w.body.label_prefix));
        native::LabelText lt;
        lt.code_number = format_code_number(f);
        auto png = native::render_label_png(*qr, lt, 6);
        labels.push_back(*native::load_image_memory(png->data(), png->size()));
    }
    for (int i = 0; i < n; ++i) {
        const auto& l = labels[i % distinct];
        double angle = -12 + (i * 7) % 25, factor = 0.7 + ((i * 13) % 7) * 0.1;
        auto img = test::add_noise(test::scale(test::rotate(l, angle, 235), factor), 12, i + 1);
        photos.push_back(i % 2 ? test::encode_jpeg(img, 80) : test::encode_png(img));
    }
    return photos;
}

struct BatchResult {
    double seconds = 0;
    int genuine = 0;
};

BatchResult run_batch(const std::vector<std::vector<std::uint8_t>>& photos, const TrustList& trust,
                      int threads) {
    std::atomic<int> next{0}, genuine{0};
    const UnixTime at = *parse_time("2026-11-22");
    auto worker = [&] {
        for (int i; (i = next++) < static_cast<int>(photos.size());) {
            auto img = native::load_image_memory(photos[i].data(), photos[i].size());
            if (!img) continue;
            for (const auto& s : native::scan_image(*img))
                genuine += assess_text(s.text, trust, at).verdict == Verdict::genuine;
        }
    };
    auto t0 = Clock::now();
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
    return {std::chrono::duration<double>(Clock::now() - t0).count(), genuine.load()};
}

void corpus(const fs::path& root) {
    if (!fs::is_directory(root)) {
        std::printf("corpus: %s not found, skipped\n", root.c_str());
        return;
    }
    int images = 0, read = 0, parts = 0, parts_read = 0;
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(root))
        if (e.path().extension() == ".png") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    auto t0 = Clock::now();
    for (const auto& p : files) {
        ++images;
        fs::path txt = p;
        txt.replace_extension(".txt");
        if (!fs::exists(txt)) {
            // Structured-append parts (qrcode-7) have no text of their own.
            if (p.stem().string().find('-') == std::string::npos) continue;
            ++parts;
            auto img = native::load_image_file(p.string());
            if (img)
                for (const auto& s : native::scan_image(*img)) parts_read += s.sequence_index >= 0;
            continue;
        }
        std::ifstream in(txt, std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        auto img = native::load_image_file(p.string());
        if (!img) continue;
        for (const auto& s : native::scan_image(*img))
            if (s.text == ss.str()) {
                ++read;
                break;
            }
    }
    double secs = std::chrono::duration<double>(Clock::now() - t0).count();
    std::printf(
        "corpus %s: %d of %d images read (%d with their expected text + %d of %d "
        "structured-append parts), %.0f ms/image\n",
        root.c_str(), read + parts_read, images, read, parts_read, parts, secs * 1000 / images);
}

// Issue 10: the budgeted path (a decoder process per image, scan_worker.cpp) on the same photos,
// and the time each hostile file takes to get its answer.
void budgeted(const std::vector<std::vector<std::uint8_t>>& photos, const fs::path& root) {
    auto t0 = Clock::now();
    int read = 0;
    for (const auto& p : photos)
        read += !native::scan_image_bytes(p.data(), p.size()).symbols.empty();
    const double label_ms =
        std::chrono::duration<double>(Clock::now() - t0).count() * 1000 / photos.size();
    std::printf("budgeted (decoder process, 2 s CPU): %.1f ms/label photo, %d/%zu read\n", label_ms,
                read, photos.size());
    if (fs::is_directory(root)) {
        std::vector<fs::path> files;
        for (const auto& e : fs::recursive_directory_iterator(root))
            if (e.path().extension() == ".png") files.push_back(e.path());
        t0 = Clock::now();
        int over = 0;
        for (const auto& f : files) over += native::scan_image_file(f.string()).error.has_value();
        std::printf("budgeted corpus: %.0f ms/image, %d of %zu over budget or refused\n",
                    std::chrono::duration<double>(Clock::now() - t0).count() * 1000 / files.size(),
                    over, files.size());
    }
    struct Hostile {
        const char* name;
        std::vector<std::uint8_t> bytes;
    };
    for (const Hostile& h : {Hostile{"HDR named label.png", test::hdr_zero_run()},
                             Hostile{"PNG of 625 finder patterns (600 px)",
                                     test::encode_png(test::finder_tiles(600, 3))},
                             Hostile{"progressive JPEG, 100,000 empty scans",
                                     test::jpeg_empty_scans(1024, 1024, 100000)}}) {
        t0 = Clock::now();
        auto r = native::scan_image_bytes(h.bytes.data(), h.bytes.size());
        std::printf("hostile %s (%zu bytes): %s after %.2f s\n", h.name, h.bytes.size(),
                    r.error ? std::string(to_string(r.error->reason)).c_str() : "read",
                    std::chrono::duration<double>(Clock::now() - t0).count());
    }
}

}  // namespace

int main(int argc, char** argv) {
    int n = argc > 1 ? std::atoi(argv[1]) : 1000;
    cli::DemoWorld w = cli::make_demo_world(1);
    TrustList trust = *verify_trust_list(w.trust_list, w.root.public_key);
    auto photos = make_photos(w, n);
    std::size_t bytes = 0;
    for (const auto& p : photos) bytes += p.size();
    std::printf("%d label photos (rotated -12..12 deg, scaled 0.7-1.3, noise; PNG/JPEG), %.1f MB\n",
                n, bytes / 1e6);
    run_batch(
        std::vector<std::vector<std::uint8_t>>(photos.begin(), photos.begin() + std::min(n, 20)),
        trust, 2);  // warm-up
    // Alternate 1 and 2 threads and keep each one's best of three: other load on the machine
    // then slows both alike instead of skewing the ratio.
    BatchResult one, two;
    for (int r = 0; r < 3; ++r) {
        BatchResult a = run_batch(photos, trust, 1), b = run_batch(photos, trust, 2);
        if (r == 0 || a.seconds < one.seconds) one = a;
        if (r == 0 || b.seconds < two.seconds) two = b;
    }
    std::printf("best of 3 alternating runs each\n");
    std::printf("1 thread : %6.2f s  %7.1f photos/s  genuine %d/%d\n", one.seconds, n / one.seconds,
                one.genuine, n);
    std::printf("2 threads: %6.2f s  %7.1f photos/s  genuine %d/%d\n", two.seconds, n / two.seconds,
                two.genuine, n);
    std::printf("speed-up 2 vs 1 threads: %.2fx (hardware threads: %u)\n",
                one.seconds / two.seconds, std::thread::hardware_concurrency());
    corpus(argc > 2 ? fs::path(argv[2]) : fs::path(TRACESEAL_CORPUS_DIR_BENCH));
    budgeted(
        std::vector<std::vector<std::uint8_t>>(photos.begin(), photos.begin() + std::min(n, 200)),
        argc > 2 ? fs::path(argv[2]) : fs::path(TRACESEAL_CORPUS_DIR_BENCH));
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    std::printf("peak resident memory: %.1f MB\n", ru.ru_maxrss / 1024.0);
    return 0;
}
