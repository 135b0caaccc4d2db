// libFuzzer: request bodies of traceseal-registryd (FORMAT.md §11.2). Each input is tried as a
// whole POST /v1/batches body, and — since the fuzzer cannot sign — as the `signed` text of an
// envelope signed here with a demo submission key, so the batch parser and the registry rules
// behind the signature are reached (on an in-memory SQLite store holding segment 100). Also as a
// revocation request, a submission key file and a receipt. Never a crash; every answer is a
// receipt or a problem with a FORMAT.md reason word.
#include <cstdint>
#include <cstdlib>

#include "batch.h"
#include "fuzz_world.h"
#include "registry_api.h"
#include "submission.h"

using namespace traceseal;
using namespace traceseal::service;

namespace {

constexpr UnixTime kNow = 1796000000;

struct Harness {
    std::unique_ptr<StorePool> pool = StorePool::open("sqlite::memory:", 1).value();
    RateLimiter limiter{1e9};
    RegistryApi api{*pool, limiter, ApiConfig{fuzz::world().demo.body, [] { return kNow; }, {}}};
    SubmissionKey key;
    Harness() {
        const auto& w = fuzz::world().demo;
        SegmentCertificateBody seg{1, 100, 1, 10000, kNow - 86400};
        auto lease = pool->lease();
        registry::Registry(*lease).add_segment(sign_segment_certificate(seg, w.root),
                                               w.root.public_key);
        key.operator_id = 1;
        key.key = cli::demo_key("fuzz/till", 1);
        key.key_id = submission_key_id(key.key.public_key);
        SubmissionCertificateBody cb{1, 1, kNow - 86400, kNow + 86400, key.key.public_key};
        key.certificate = sign_submission_certificate(cb, w.issuing[0].secret_key);
    }
};

void check_answer(const HttpResponse& r) {
    if (r.status == 200 || r.status == 201) {
        if (!parse_receipt_events(r.body)) std::abort();
        return;
    }
    auto p = parse_problem(r.body);
    if (!p || !parse_reason(p->first) || r.content_type != "application/problem+json") std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Harness h;
    std::string text(reinterpret_cast<const char*>(data), size);
    HttpRequest req;
    req.method = "POST";
    req.target = "/v1/batches";
    req.body = text;
    check_answer(h.api.submit_batch(req));
    req.body = sign_batch(text, h.key);
    check_answer(h.api.submit_batch(req));
    req.body = text;
    HttpResponse rev = h.api.add_revocation(req);
    if (rev.status == 201) std::abort();  // the fuzzer cannot sign a revocation
    (void)parse_submission_key_file(text);
    (void)parse_receipt_events(text);
    (void)parse_submission_certificate(Bytes(data, data + size));
    return 0;
}
