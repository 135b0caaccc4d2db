// The registry service's handlers (FORMAT.md §11.2-§11.4): signed batches, revocations, code
// states, health and publish-on-demand, as functions of HttpRequest -> HttpResponse over a pool
// of stores and the same Registry rules the CLI uses.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "registry.h"
#include "router.h"

namespace traceseal::service {

// One store connection per concurrent request; lease() waits for a free one.
class StorePool {
  public:
    static Result<std::unique_ptr<StorePool>> open(const std::string& spec, std::size_t size);
    class Lease {
      public:
        Lease(StorePool& pool, std::unique_ptr<registry::Store> s)
            : pool_(pool), s_(std::move(s)) {}
        Lease(const Lease&) = delete;
        Lease(Lease&& o) noexcept : pool_(o.pool_), s_(std::move(o.s_)) {}
        ~Lease() {
            if (s_) pool_.give_back(std::move(s_));
        }
        registry::Store& operator*() { return *s_; }
        registry::Store* operator->() { return s_.get(); }

      private:
        StorePool& pool_;
        std::unique_ptr<registry::Store> s_;
    };
    Lease lease();

  private:
    void give_back(std::unique_ptr<registry::Store> s);
    std::mutex m_;
    std::condition_variable cv_;
    std::vector<std::unique_ptr<registry::Store>> free_;
};

// A token bucket per submission key: `rate` batches per second, bursts of 2 x rate.
class RateLimiter {
  public:
    explicit RateLimiter(double rate) : rate_(rate) {}
    // True if a batch may go now; otherwise the seconds to wait (>= 1) in retry_after.
    bool take(const std::string& key, std::chrono::steady_clock::time_point now, int& retry_after);

  private:
    struct Bucket {
        double tokens;
        std::chrono::steady_clock::time_point at;
    };
    double rate_;
    std::mutex m_;
    std::map<std::string, Bucket> buckets_;
};

struct ApiConfig {
    TrustListBody trust;                           // the registry's trust list (verified at start)
    std::function<UnixTime()> clock;               // receipt time
    std::function<Result<std::string>()> publish;  // POST /v1/publish; JSON answer
};

class GroupWriter;

class RegistryApi {
  public:
    // With `writer`, accepted batches are written through it (group commit); without, each one
    // in its own transaction on a leased store.
    RegistryApi(StorePool& pool, RateLimiter& limiter, ApiConfig config,
                GroupWriter* writer = nullptr)
        : pool_(pool), limiter_(limiter), config_(std::move(config)), writer_(writer) {}
    void mount(Router& router);

    HttpResponse submit_batch(const HttpRequest& request);
    HttpResponse add_revocation(const HttpRequest& request);
    HttpResponse code_state(const HttpRequest& request);
    HttpResponse health(const HttpRequest& request);
    HttpResponse publish(const HttpRequest& request);

  private:
    // The held segments; read again when a code is in none of them (segments are only ever
    // added, so what is cached stays true).
    std::vector<registry::SegmentRecord> segments(registry::Store& store, bool refresh);
    StorePool& pool_;
    RateLimiter& limiter_;
    ApiConfig config_;
    GroupWriter* writer_;
    std::mutex segments_m_;
    std::vector<registry::SegmentRecord> segments_;
};

// 503 store_failed with Retry-After: the store cannot be reached now (nothing was recorded).
HttpResponse store_unavailable(const std::string& detail);

// A problem answer for an Error, with the status FORMAT.md §11.3 gives its reason.
HttpResponse problem_for(const Error& e);

}  // namespace traceseal::service
