// FORMAT.md §11.2's MUST-reject order, step by step; HTTP stays here, the rules stay in Registry.
#include "registry_api.h"

#include <cmath>

#include "batch.h"
#include "group_writer.h"
#include "submission.h"

namespace traceseal::service {
namespace {

HttpResponse json_answer(int status, std::string body) {
    HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    return r;
}

bool loopback(const std::string& peer) {
    return peer.rfind("127.", 0) == 0 || peer.rfind("::1", 0) == 0 || peer.rfind("[::1]", 0) == 0;
}

}  // namespace

HttpResponse problem_for(const Error& e) {
    if (e.reason == Reason::store_failed) return store_unavailable(e.detail);
    return problem(http_status_for(e.reason), std::string(to_string(e.reason)), e.detail);
}

HttpResponse store_unavailable(const std::string& detail) {
    HttpResponse r = problem(503, "store_failed", detail);
    r.headers.emplace_back("Retry-After", "1");
    return r;
}

std::vector<registry::SegmentRecord> RegistryApi::segments(registry::Store& store, bool refresh) {
    std::lock_guard<std::mutex> lock(segments_m_);
    if (refresh || segments_.empty()) {
        auto now = store.segments();
        if (!store.unavailable()) segments_ = std::move(now);
    }
    return segments_;
}

Result<std::unique_ptr<StorePool>> StorePool::open(const std::string& spec, std::size_t size) {
    auto pool = std::make_unique<StorePool>();
    for (std::size_t i = 0; i < std::max<std::size_t>(size, 1); ++i) {
        auto s = registry::open_store(spec);
        if (!s) return s.error();
        pool->free_.push_back(std::move(*s));
    }
    return pool;
}

StorePool::Lease StorePool::lease() {
    std::unique_lock<std::mutex> lock(m_);
    cv_.wait(lock, [&] { return !free_.empty(); });
    auto s = std::move(free_.back());
    free_.pop_back();
    return Lease(*this, std::move(s));
}

void StorePool::give_back(std::unique_ptr<registry::Store> s) {
    {
        std::lock_guard<std::mutex> lock(m_);
        free_.push_back(std::move(s));
    }
    cv_.notify_one();
}

bool RateLimiter::take(const std::string& key, std::chrono::steady_clock::time_point now,
                       int& retry_after) {
    std::lock_guard<std::mutex> lock(m_);
    const double burst = 2 * rate_;
    auto [it, fresh] = buckets_.try_emplace(key, Bucket{burst, now});
    Bucket& b = it->second;
    if (!fresh) {
        double elapsed = std::chrono::duration<double>(now - b.at).count();
        b.tokens = std::min(burst, b.tokens + elapsed * rate_);
        b.at = now;
    }
    if (b.tokens >= 1) {
        b.tokens -= 1;
        return true;
    }
    retry_after = std::max(1, static_cast<int>(std::ceil((1 - b.tokens) / rate_)));
    return false;
}

void RegistryApi::mount(Router& router) {
    router.add("POST", "/v1/batches", [this](const HttpRequest& r) { return submit_batch(r); });
    router.add("POST", "/v1/revocations",
               [this](const HttpRequest& r) { return add_revocation(r); });
    router.add("GET", "/v1/codes/", [this](const HttpRequest& r) { return code_state(r); });
    router.add("GET", "/v1/health", [this](const HttpRequest& r) { return health(r); });
    router.add("POST", "/v1/publish", [this](const HttpRequest& r) { return publish(r); });
}

HttpResponse RegistryApi::submit_batch(const HttpRequest& req) {
    const UnixTime received_at = config_.clock();
    auto env = parse_batch_envelope(req.body);  // rule 1
    if (!env) return problem_for(env.error());
    auto cert = verify_submission_certificate(env->certificate, config_.trust, received_at);
    if (!cert) return problem_for(cert.error());  // rule 2 (1-6)
    const std::string key_id = submission_key_id(cert->public_key);
    std::optional<StorePool::Lease> store;
    store.emplace(pool_.lease());
    auto rev = (*store)->find_revocation(key_id);
    if ((*store)->unavailable()) return store_unavailable((*store)->last_error());
    if (rev)  // rule 2 (7)
        return problem(
            401, "submission_key_revoked",
            "submission key " + key_id + " was revoked at " + format_time(rev->revoked_at));
    if (!verify_batch_signature(*env, cert->public_key))  // rule 3
        return problem(401, "submission_bad_signature",
                       "the batch's signature does not verify under submission key " + key_id);
    int retry_after = 1;
    if (!limiter_.take(key_id, std::chrono::steady_clock::now(), retry_after)) {  // rule 4
        HttpResponse r = problem(429, "rate_limited",
                                 "submission key " + key_id + " sent more batches than its rate");
        r.headers.emplace_back("Retry-After", std::to_string(retry_after));
        return r;
    }
    auto batch = parse_batch(env->signed_text, received_at);  // rule 5
    if (!batch) return problem_for(batch.error());
    if (batch->operator_id != cert->operator_id)
        return problem(403, "submission_not_authorized",
                       "the batch names operator " + std::to_string(batch->operator_id) +
                           ", the submission key is operator " + std::to_string(cert->operator_id) +
                           "'s");
    const std::string hash = batch_hash(env->signed_text);
    auto replay = [&](const registry::BatchRecord& old) {  // rule 6
        if (old.batch_hash == hash) {
            HttpResponse r = json_answer(200, old.receipt);
            r.headers.emplace_back("Idempotent-Replayed", "true");
            return r;
        }
        return problem(409, "batch_conflict",
                       "batch " + batch->batch_id + " was already recorded with other content (" +
                           old.batch_hash.substr(0, 16) + "...)");
    };
    auto find_old = [&](registry::Store& s) {
        return s.find_batch(batch->operator_id, batch->batch_id);
    };
    if (auto old = find_old(**store)) return replay(*old);
    if ((*store)->unavailable()) return store_unavailable((*store)->last_error());
    std::vector<registry::Registry::Step> steps;
    auto held = segments(**store, false);
    for (const BatchStep& s : batch->steps) {
        std::vector<std::string> codes = s.codes;
        if (!s.old_code.empty()) codes = {s.old_code, s.new_code};
        for (const std::string& code : codes) {  // rule 7
            auto seg = registry::Registry::segment_of(held, code);
            if (!seg && seg.error().reason == Reason::serial_not_allocated) {
                held = segments(**store, true);  // a segment added since
                if ((*store)->unavailable()) return store_unavailable((*store)->last_error());
                seg = registry::Registry::segment_of(held, code);
            }
            if (!seg) return problem_for(seg.error());
            if (seg->body.operator_id != batch->operator_id)
                return problem(403, "submission_not_authorized",
                               code + " is in segment " + std::to_string(seg->body.segment) +
                                   " of operator " + std::to_string(seg->body.operator_id) +
                                   ", not of operator " + std::to_string(batch->operator_id));
        }
        steps.push_back({s.event, s.codes, s.received, s.old_code, s.new_code, s.info});
    }
    std::string receipt;
    auto request = registry::Registry::prepare_steps(
        held, std::move(steps),
        [&](const std::vector<registry::Event>& events) {
            receipt = format_receipt(*batch, key_id, hash, received_at, events);
            registry::BatchRecord r;
            r.operator_id = batch->operator_id;
            r.batch_id = batch->batch_id;
            r.batch_hash = hash;
            r.submission_key_id = key_id;
            r.envelope = req.body;
            r.received_at = received_at;
            r.first_seq = events.empty() ? 0 : events.front().seq;
            r.last_seq = events.empty() ? 0 : events.back().seq;
            r.receipt = receipt;
            return r;
        },
        batch->operator_id, batch->batch_id);
    if (!request) return problem_for(request.error());  // rule 8 (counts, segments)
    registry::WriteResult done = make_error(Reason::store_failed, "not written");
    if (writer_) {
        store.reset();  // no pool connection held while the group writer works
        done = writer_->write(*request);
    } else {
        done = std::move((*store)->write_all({*request}).front());
    }
    if (!done) {
        if (done.error().reason == Reason::batch_conflict) {  // the same batch id, concurrently
            if (!store) store.emplace(pool_.lease());
            if (auto old = find_old(**store)) return replay(*old);
        }
        return problem_for(done.error());  // rule 8, or the store
    }
    return json_answer(201, receipt);
}

HttpResponse RegistryApi::add_revocation(const HttpRequest& req) {
    auto bytes = parse_revocation_request(req.body);
    if (!bytes) return problem_for(bytes.error());
    auto rev = verify_submission_revocation(*bytes, config_.trust);
    if (!rev) return problem_for(rev.error());
    auto store = pool_.lease();
    bool held = store->find_revocation(rev->submission_key_id).has_value();
    if (store->unavailable()) return store_unavailable(store->last_error());
    if (!held)
        if (auto e = store->add_revocation(
                {rev->submission_key_id, rev->operator_id, rev->revoked_at, *bytes}))
            return store_unavailable(*e);
    return json_answer(held ? 200 : 201, json_object({{"revoked", rev->submission_key_id}}));
}

HttpResponse RegistryApi::code_state(const HttpRequest& req) {
    std::string code = target_path(req.target).substr(std::string("/v1/codes/").size());
    if (!registry::split_code_number(code))
        return problem(400, "request_malformed", "not a code number SSSSSSSS-NNNNNNNN: " + code);
    auto store = pool_.lease();
    registry::Registry reg(*store);
    auto st = reg.state_of(code);
    if (store->unavailable()) return store_unavailable(store->last_error());
    if (!st) return problem_for(st.error());
    return json_answer(200, json_object({{"code", code}, {"state", std::string(to_string(*st))}}));
}

HttpResponse RegistryApi::health(const HttpRequest&) {
    auto store = pool_.lease();
    auto last = store->last_event();
    if (store->unavailable()) return store_unavailable(store->last_error());
    std::vector<std::pair<std::string, std::int64_t>> numbers = {{"events", last ? last->seq : 0}};
    if (writer_) {  // how well group commit groups: writes per transaction
        auto st = writer_->stats();
        numbers.emplace_back("write_groups", static_cast<std::int64_t>(st.groups));
        numbers.emplace_back("grouped_writes", static_cast<std::int64_t>(st.writes));
    }
    return json_answer(200, json_object({{"status", "ok"}}, numbers));
}

HttpResponse RegistryApi::publish(const HttpRequest& req) {
    if (!loopback(req.peer))
        return problem(403, "submission_not_authorized",
                       "publishing on demand is for loopback peers only");
    if (!config_.publish)
        return problem(404, "resource_not_found", "this service does not publish");
    auto r = config_.publish();
    if (!r) return problem_for(r.error());
    return json_answer(200, *r);
}

}  // namespace traceseal::service
