// The writer thread of GroupWriter: take everything waiting (up to max_events codes), write it
// in one transaction, hand each request its own result. A transaction that fails as a whole
// while the store is still reachable is retried one write at a time, so one write that the
// database refuses (not the rules: those refuse it alone inside the group) cannot fail the
// others of its group.
#include "group_writer.h"

#include <algorithm>
#include <optional>

namespace traceseal::service {

struct GroupWriter::Pending {
    const registry::WriteRequest* request;
    std::optional<registry::WriteResult> result;
};

GroupWriter::GroupWriter(std::unique_ptr<registry::Store> store, std::size_t max_events)
    : store_(std::move(store)), max_events_(max_events), thread_([this] { run(); }) {}

GroupWriter::~GroupWriter() {
    {
        std::lock_guard<std::mutex> lock(m_);
        stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
}

registry::WriteResult GroupWriter::write(const registry::WriteRequest& w) {
    Pending p{&w, std::nullopt};
    std::unique_lock<std::mutex> lock(m_);
    queue_.push_back(&p);
    cv_.notify_all();
    cv_.wait(lock, [&] { return p.result.has_value(); });
    return std::move(*p.result);
}

GroupWriter::Stats GroupWriter::stats() {
    std::lock_guard<std::mutex> lock(m_);
    return stats_;
}

void GroupWriter::run() {
    std::unique_lock<std::mutex> lock(m_);
    for (;;) {
        cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping, nothing left
        std::vector<Pending*> group;
        std::size_t events = 0;
        while (!queue_.empty()) {
            const std::size_t n = queue_.front()->request->codes.size();
            if (!group.empty() && events + n > max_events_) break;
            events += n;
            group.push_back(queue_.front());
            queue_.pop_front();
        }
        lock.unlock();
        std::vector<registry::WriteRequest> writes;
        writes.reserve(group.size());
        for (Pending* p : group) writes.push_back(*p->request);
        std::vector<registry::WriteResult> results;
        try {  // a build that throws must not end the process (the server catches handlers' too)
            results = store_->write_all(writes);
        } catch (const std::exception& e) {
            results.assign(writes.size(), make_error(Reason::store_failed,
                                                     std::string("internal error: ") + e.what()));
        }
        const bool whole_failed =
            group.size() > 1 && std::all_of(results.begin(), results.end(), [](const auto& r) {
                return !r && r.error().reason == Reason::store_failed;
            });
        if (whole_failed && !store_->unavailable())
            for (std::size_t i = 0; i < writes.size(); ++i) try {
                    results[i] = std::move(store_->write_all({writes[i]}).front());
                } catch (const std::exception& e) {
                    results[i] = make_error(Reason::store_failed, e.what());
                }
        lock.lock();
        for (std::size_t i = 0; i < group.size(); ++i) group[i]->result = std::move(results[i]);
        stats_.groups++;
        stats_.writes += group.size();
        cv_.notify_all();
    }
}

}  // namespace traceseal::service
