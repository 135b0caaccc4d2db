// Group commit for the registry service: one writer thread drains the batches the request
// threads hand it and writes as many as are waiting in ONE store transaction (Store::write_all),
// so the writer lock, the round trips and the commit's fsync are paid once per group, not once
// per batch. A request thread waits for its own result, which exists only after the COMMIT.
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

#include "store.h"

namespace traceseal::service {

class GroupWriter {
  public:
    // `max_events`: a group stops growing past this many codes (the first write always goes).
    explicit GroupWriter(std::unique_ptr<registry::Store> store, std::size_t max_events = 20000);
    ~GroupWriter();  // finishes the writes handed over, then stops
    GroupWriter(const GroupWriter&) = delete;
    GroupWriter& operator=(const GroupWriter&) = delete;

    // Hands `w` to the writer thread and waits for its result (after the group's COMMIT).
    registry::WriteResult write(const registry::WriteRequest& w);

    struct Stats {
        std::uint64_t groups = 0, writes = 0;
    };
    Stats stats();

  private:
    struct Pending;
    void run();
    std::unique_ptr<registry::Store> store_;
    std::size_t max_events_;
    std::mutex m_;
    std::condition_variable cv_;
    std::deque<Pending*> queue_;
    bool stop_ = false;
    Stats stats_;
    std::thread thread_;
};

}  // namespace traceseal::service
