// The batch worker pool: image decoding and verification on N threads (both cores by default);
// results are posted back and the UI thread moves them into the state (collect_results).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app_state.h"

namespace traceseal::viewer {

struct Job {
    std::uint64_t id = 0;
    std::string path;
    Source kind = Source::image;  // image or text_file
    std::shared_ptr<const TrustList> trust;
    std::optional<UnixTime> fixed_at;
    std::shared_ptr<const StatusContext> status;  // snapshots + context; null: no lifecycle rules
    native::ScanLimits limits;                    // the image's decode budget (--image-seconds)
};

struct JobOutput {
    std::uint64_t id = 0;
    std::vector<Row> rows;
    // What the rows were checked against: the UI re-checks them if either changed meanwhile.
    std::shared_ptr<const TrustList> trust;
    std::shared_ptr<const StatusContext> status;
};

// One job, synchronously: an image gives one row per symbol (or one no_code row, or one error
// row); a text file one row per non-empty line, named PATH:N.
JobOutput run_job(const Job& job, UnixTime now);
// Same as the CLI's outline member: {"format":"QRCode","outline":[[x,y],...]}.
std::string symbol_json(const native::DecodedSymbol& s);
Row assess_row(std::string_view text, const TrustList& trust, UnixTime at, UnixTime now,
               const StatusContext* status = nullptr);

class BatchPool {
  public:
    explicit BatchPool(int threads = 0);  // 0: std::thread::hardware_concurrency()
    ~BatchPool();
    BatchPool(const BatchPool&) = delete;
    BatchPool& operator=(const BatchPool&) = delete;

    void submit(Job job);
    std::vector<JobOutput> take_finished();  // never blocks
    void wait_idle();                        // until every submitted job has finished
    int threads() const { return static_cast<int>(workers_.size()); }
    // Called from a worker after each finished job (e.g. glfwPostEmptyEvent to wake the loop).
    void set_on_finished(std::function<void()> f);

  private:
    void work();
    std::mutex mu_;
    std::condition_variable cv_, idle_cv_;
    std::deque<Job> queue_;
    std::vector<JobOutput> finished_;
    std::size_t busy_ = 0;
    bool stop_ = false;
    std::function<void()> on_finished_;
    std::vector<std::thread> workers_;
};

}  // namespace traceseal::viewer
