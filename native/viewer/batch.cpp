// Worker threads run run_job; each job is independent (the trust list is shared read-only).
#include "batch.h"

#include <ctime>

#include "files.h"

namespace traceseal::viewer {

std::string symbol_json(const native::DecodedSymbol& s) {
    std::string o = "{\"format\":\"" + s.format + "\",\"outline\":[";
    for (std::size_t i = 0; i < s.outline.size(); ++i)
        o += (i ? ",[" : "[") + std::to_string(s.outline[i].x) + "," +
             std::to_string(s.outline[i].y) + "]";
    return o + "]}";
}

Row assess_row(std::string_view text, const TrustList& trust, UnixTime at, UnixTime now,
               const StatusContext* status) {
    Row r;
    r.assessment = assess_text(text, trust, at, status);
    r.checked_at = now;
    r.verified_at = at;
    return r;
}

JobOutput run_job(const Job& job, UnixTime now) {
    JobOutput out{job.id, {}, job.trust, job.status};
    const UnixTime at = job.fixed_at.value_or(now);
    auto add = [&](Row r) {
        r.job_id = job.id;
        r.sub = static_cast<int>(out.rows.size());
        r.source = job.kind;
        r.checked_at = now;
        r.verified_at = at;
        out.rows.push_back(std::move(r));
    };
    auto refuse = [&](const Error& e) {
        Row r;
        r.input = job.path;
        r.error = e;
        add(std::move(r));
    };
    if (!job.trust)
        return refuse(make_error(Reason::trust_list_malformed, "no trust list loaded")), out;

    if (job.kind == Source::text_file) {
        auto text = cli::read_text_file(job.path);
        if (!text) return refuse(text.error()), out;
        std::size_t line_no = 0, pos = 0;
        while (pos < text->size()) {
            std::size_t end = text->find('\n', pos);
            if (end == std::string::npos) end = text->size();
            std::string_view line(text->data() + pos, end - pos);
            pos = end + 1;
            ++line_no;
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            if (line.empty()) continue;
            Row r = assess_row(line.substr(0, 1 << 16), *job.trust, at, now, job.status.get());
            r.input = job.path + ":" + std::to_string(line_no);
            add(std::move(r));
        }
        return out;
    }

    // In a decoder process within the budget: one stuck image costs this worker its budget, not
    // the pool (native/image/scan_worker.cpp). Codes found before a failure are still shown.
    native::ImageScan scan = native::scan_image_file(job.path, job.limits);
    auto& symbols = scan.symbols;
    if (symbols.empty() && !scan.error) {
        Row r;
        r.assessment = no_code_assessment();
        r.input = r.path = job.path;
        add(std::move(r));
    }
    for (auto& s : symbols) {
        Row r = assess_row(s.text, *job.trust, at, now, job.status.get());
        r.input = r.path = job.path;
        r.symbol = std::move(s);
        add(std::move(r));
    }
    if (scan.error) refuse(*scan.error);
    return out;
}

BatchPool::BatchPool(int threads) {
    if (threads <= 0) threads = static_cast<int>(std::thread::hardware_concurrency());
    if (threads <= 0) threads = 1;
    for (int i = 0; i < threads; ++i) workers_.emplace_back([this] { work(); });
}

BatchPool::~BatchPool() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        stop_ = true;
        queue_.clear();
    }
    cv_.notify_all();
    for (auto& t : workers_) t.join();
}

void BatchPool::submit(Job job) {
    {
        std::lock_guard<std::mutex> lock(mu_);
        queue_.push_back(std::move(job));
    }
    cv_.notify_one();
}

std::vector<JobOutput> BatchPool::take_finished() {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<JobOutput> out;
    out.swap(finished_);
    return out;
}

void BatchPool::wait_idle() {
    std::unique_lock<std::mutex> lock(mu_);
    idle_cv_.wait(lock, [this] { return queue_.empty() && busy_ == 0; });
}

void BatchPool::set_on_finished(std::function<void()> f) {
    std::lock_guard<std::mutex> lock(mu_);
    on_finished_ = std::move(f);
}

void BatchPool::work() {
    for (;;) {
        Job job;
        {
            std::unique_lock<std::mutex> lock(mu_);
            cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
            if (stop_) return;
            job = std::move(queue_.front());
            queue_.pop_front();
            ++busy_;
        }
        JobOutput out = run_job(job, static_cast<UnixTime>(std::time(nullptr)));
        std::function<void()> notify;
        {
            std::lock_guard<std::mutex> lock(mu_);
            finished_.push_back(std::move(out));
            --busy_;
            notify = on_finished_;
            if (queue_.empty() && busy_ == 0) idle_cv_.notify_all();
        }
        if (notify) notify();
    }
}

}  // namespace traceseal::viewer
