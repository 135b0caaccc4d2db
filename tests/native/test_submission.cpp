// FORMAT.md §11.1-§11.2 without sockets: submission certificates and revocations (each MUST-reject
// rule in order), batch envelopes and batches, key files, the rate limiter, the router and the
// published-file path rules.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "batch.h"
#include "demo_world.h"
#include "registry_api.h"
#include "router.h"
#include "static_files.h"
#include "submission.h"
#include "temp_dir.h"
#include "vector_file.h"

using namespace traceseal;
using namespace traceseal::service;

namespace {

constexpr UnixTime kNow = 1796000000;  // 2026-11-30

struct Fixture {
    cli::DemoWorld w = cli::make_demo_world(7);
    KeyPair till = cli::demo_key("test/till", 7);
    SubmissionCertificateBody body{1, 1, kNow - 86400, kNow + 86400, till.public_key};
    Bytes cert() const { return sign_submission_certificate(body, w.issuing[0].secret_key); }
};

Reason refused(const Result<SubmissionCertificateBody>& r) {
    REQUIRE_FALSE(r);
    return r.error().reason;
}

}  // namespace

TEST_CASE("a submission certificate is 121 bytes that verify under the operator's issuing key") {
    Fixture f;
    Bytes c = f.cert();
    CHECK(c.size() == kSubmissionCertificateSize);
    auto ok = verify_submission_certificate(c, f.w.body, kNow);
    REQUIRE(ok);
    CHECK(ok->operator_id == 1);
    CHECK(ok->public_key == f.till.public_key);
    CHECK(submission_key_id(f.till.public_key).size() == 16);
}

TEST_CASE("submission certificates: every MUST-reject rule of §11.1, in order") {
    Fixture f;
    Bytes c = f.cert();
    // Rule 1: structure.
    CHECK(refused(verify_submission_certificate(Bytes(c.begin(), c.end() - 1), f.w.body, kNow)) ==
          Reason::submission_certificate_malformed);
    Bytes magic = c;
    magic[0] = 'X';
    CHECK(refused(verify_submission_certificate(magic, f.w.body, kNow)) ==
          Reason::submission_certificate_malformed);
    Bytes version = c;
    version[4] = 2;
    CHECK(refused(verify_submission_certificate(version, f.w.body, kNow)) ==
          Reason::submission_certificate_malformed);
    Fixture inverted;
    std::swap(inverted.body.not_before, inverted.body.not_after);
    CHECK(refused(verify_submission_certificate(inverted.cert(), f.w.body, kNow)) ==
          Reason::submission_certificate_malformed);
    // Rule 2: key 3 is revoked in the demo trust list (listed only among the revoked).
    Fixture revoked;
    revoked.body.issuing_key_id = 3;
    CHECK(refused(verify_submission_certificate(
              sign_submission_certificate(revoked.body, f.w.issuing[2].secret_key), f.w.body,
              kNow)) == Reason::submission_key_revoked);
    // Rule 3: an issuing key the trust list does not have.
    Fixture unknown;
    unknown.body.issuing_key_id = 77;
    CHECK(refused(verify_submission_certificate(unknown.cert(), f.w.body, kNow)) ==
          Reason::submission_key_unknown);
    // Rule 4: key 2 belongs to operator 2.
    Fixture other;
    other.body.issuing_key_id = 2;
    CHECK(refused(verify_submission_certificate(other.cert(), f.w.body, kNow)) ==
          Reason::submission_not_authorized);
    // Rule 5: signed by another key, or one byte of the body changed.
    CHECK(refused(verify_submission_certificate(
              sign_submission_certificate(f.body, f.w.issuing[1].secret_key), f.w.body, kNow)) ==
          Reason::submission_bad_signature);
    Bytes flipped = c;
    flipped[40] ^= 1;
    CHECK(refused(verify_submission_certificate(flipped, f.w.body, kNow)) ==
          Reason::submission_bad_signature);
    // Rule 6: outside its validity.
    CHECK(refused(verify_submission_certificate(c, f.w.body, kNow + 2 * 86400)) ==
          Reason::submission_key_not_valid);
    CHECK(refused(verify_submission_certificate(c, f.w.body, kNow - 2 * 86400)) ==
          Reason::submission_key_not_valid);
}

TEST_CASE("revocations are 89 bytes signed by the same issuing key") {
    Fixture f;
    SubmissionRevocationBody rb{1, 1, submission_key_id(f.till.public_key), kNow};
    Bytes r = sign_submission_revocation(rb, f.w.issuing[0].secret_key);
    CHECK(r.size() == kSubmissionRevocationSize);
    auto ok = verify_submission_revocation(r, f.w.body);
    REQUIRE(ok);
    CHECK(ok->submission_key_id == rb.submission_key_id);
    CHECK(ok->revoked_at == kNow);
    Bytes bad = r;
    bad[20] ^= 1;
    CHECK(verify_submission_revocation(bad, f.w.body).error().reason ==
          Reason::submission_bad_signature);
    CHECK(verify_submission_revocation(Bytes(r.begin(), r.end() - 1), f.w.body).error().reason ==
          Reason::submission_certificate_malformed);
    SubmissionRevocationBody other{1, 2, rb.submission_key_id, kNow};
    CHECK(verify_submission_revocation(sign_submission_revocation(other, f.w.issuing[1].secret_key),
                                       f.w.body)
              .error()
              .reason == Reason::submission_not_authorized);
}

TEST_CASE("a signed batch round-trips; the signature covers the exact signed text") {
    Fixture f;
    SubmissionKey k{1, submission_key_id(f.till.public_key), f.till, f.cert(), ""};
    Batch b;
    b.batch_id = "till-03/2026-12-01/000123";
    b.operator_id = 1;
    b.created_at = kNow;
    BatchStep s;
    s.event = LifecycleEvent::activate;
    s.codes = {"00000100-00000001", "00000100-00000002"};
    s.received = 2;
    s.info = {"warehouse 仓库", "Sanya", "", kNow - 100};
    b.steps = {s};
    std::string env = sign_batch(format_batch(b), k);
    auto e = parse_batch_envelope(env);
    REQUIRE(e);
    CHECK(verify_batch_signature(*e, f.till.public_key));
    CHECK_FALSE(verify_batch_signature(*e, f.w.issuing[0].public_key));
    auto parsed = parse_batch(e->signed_text, kNow);
    REQUIRE(parsed);
    CHECK(parsed->batch_id == b.batch_id);
    CHECK(parsed->steps.at(0).codes == s.codes);
    CHECK(parsed->steps.at(0).info.actor == "warehouse 仓库");
    CHECK(parsed->steps.at(0).info.time == kNow - 100);
    e->signed_text[e->signed_text.size() - 3] = ' ';
    CHECK_FALSE(verify_batch_signature(*e, f.till.public_key));
    CHECK(batch_hash("a") != batch_hash("b"));
}

TEST_CASE("batches: structure and values are batch_malformed, envelopes request_malformed") {
    auto bad_batch = [](const std::string& events, const std::string& extra = "") {
        std::string text = R"({"type":"traceseal-batch","version":1,"batch_id":"b/1","operator":1,)"
                           R"("created_at":"2026-11-30T00:00:00Z","events":)" +
                           events + extra + "}";
        auto r = parse_batch(text, kNow);
        CAPTURE(text);
        REQUIRE_FALSE(r);
        return r.error().reason;
    };
    const std::string t = R"("time":"2026-11-29T00:00:00Z","actor":"a","place":"p")";
    for (
        const std::string& events :
        {std::string("[]"), std::string("{}"), "[{\"event\":\"sell\"," + t + "}]",
         "[{\"event\":\"teleport\",\"codes\":[\"00000100-00000001\"]," + t + "}]",
         "[{\"event\":\"sell\",\"codes\":[\"100-1\"]," + t + "}]",
         "[{\"event\":\"sell\",\"codes\":[\"00000100-00000001\"],\"received\":1," + t + "}]",
         "[{\"event\":\"void\",\"codes\":[\"00000100-00000001\"]," + t + "}]",
         "[{\"event\":\"reissue\",\"codes\":[\"00000100-00000001\"],\"reason\":\"x\"," + t + "}]",
         "[{\"event\":\"sell\",\"codes\":[\"00000100-00000001\"],\"extra\":1," + t + "}]",
         std::string(
             R"([{"event":"sell","codes":["00000100-00000001"],"time":"2026-12-30T00:00:00Z","actor":"a","place":"p"}])"),
         std::string(
             R"([{"event":"sell","codes":["00000100-00000001"],"time":"2026-11-29","actor":"a","place":"p"}])"),
         std::string(
             R"([{"event":"sell","codes":["00000100-00000001"],"time":"2026-11-29T00:00:00Z","actor":"","place":"p"}])")}) {
        CHECK(bad_batch(events) == Reason::batch_malformed);
    }
    CHECK(bad_batch("[{\"event\":\"sell\",\"codes\":[\"00000100-00000001\"]," + t + "}]",
                    ",\"more\":1") == Reason::batch_malformed);
    std::string big = "[";
    for (int i = 0; i < 1001; ++i)
        big += std::string(i ? "," : "") +
               "{\"event\":\"sell\",\"codes\":[\"00000100-00000001\"]," + t + "}";
    CHECK(bad_batch(big + "]") == Reason::batch_malformed);
    CHECK(parse_batch_envelope("{").error().reason == Reason::request_malformed);
    CHECK(
        parse_batch_envelope(
            R"({"type":"traceseal-batch-envelope","version":1,"certificate":"00","signed":"{}","signature":"00"})")
            .error()
            .reason == Reason::request_malformed);
}

TEST_CASE("submission key files: the reader refuses what §11.1 lists") {
    Fixture f;
    SubmissionKey k{1, submission_key_id(f.till.public_key), f.till, f.cert(), "till 3"};
    std::string text = format_submission_key_file(k);
    auto ok = parse_submission_key_file(text);
    REQUIRE(ok);
    CHECK(ok->key_id == k.key_id);
    CHECK(ok->certificate == k.certificate);
    auto with = [&](const std::string& from, const std::string& to) {
        std::string t = text;
        auto p = t.find(from);
        REQUIRE(p != std::string::npos);
        t.replace(p, from.size(), to);
        return parse_submission_key_file(t);
    };
    CHECK(with("\"operator\": 1", "\"operator\": 2").error().reason == Reason::key_file_malformed);
    CHECK(with("\"version\": 1", "\"version\": 2").error().reason == Reason::key_file_malformed);
    CHECK(with("\"comment\"", "\"remark\"").error().reason == Reason::key_file_malformed);
    CHECK(with(k.key_id, std::string(16, '0')).error().reason == Reason::key_file_malformed);
    SubmissionKey other = k;
    other.key = cli::demo_key("test/other", 7);
    other.key_id = submission_key_id(other.key.public_key);
    CHECK(parse_submission_key_file(format_submission_key_file(other)).error().reason ==
          Reason::key_file_malformed);  // the certificate names the first key
}

TEST_CASE("the rate limiter allows a burst of 2 x rate, then one per 1/rate seconds") {
    RateLimiter limiter(2);
    auto t0 = std::chrono::steady_clock::now();
    int retry = 0;
    for (int i = 0; i < 4; ++i) CHECK(limiter.take("k", t0, retry));
    CHECK_FALSE(limiter.take("k", t0, retry));
    CHECK(retry >= 1);
    CHECK(limiter.take("other", t0, retry));
    CHECK(limiter.take("k", t0 + std::chrono::milliseconds(600), retry));
    CHECK_FALSE(limiter.take("k", t0 + std::chrono::milliseconds(700), retry));
}

TEST_CASE("the router: exact routes, prefixes, 404 and 405 as problems") {
    Router r;
    r.add("GET", "/v1/health", [](const HttpRequest&) {
        return HttpResponse{200, "text/plain", {}, "h"};
    });
    r.add("GET", "/v1/", [](const HttpRequest&) {
        return HttpResponse{200, "text/plain", {}, "p"};
    });
    auto req = [](const char* m, const char* t) {
        HttpRequest q;
        q.method = m;
        q.target = t;
        return q;
    };
    CHECK(r.handle(req("GET", "/v1/health?x=1")).body == "h");
    CHECK(r.handle(req("GET", "/v1/codes/1")).body == "p");
    CHECK(r.handle(req("HEAD", "/v1/health")).body.empty());
    auto nf = r.handle(req("GET", "/nothing"));
    CHECK(nf.status == 404);
    CHECK(nf.content_type == "application/problem+json");
    CHECK(nf.body.find("\"reason\":\"resource_not_found\"") != std::string::npos);
    CHECK(r.handle(req("POST", "/v1/health")).status == 405);
}

TEST_CASE("published paths: safe segments only, no way out of the directory") {
    for (const char* ok : {"trust/root.pub.json", "log/tile/0/x001/234", "status/100.tss"})
        CHECK(safe_relative_path(ok));
    for (const char* bad : {"", "/etc/passwd", "trust/../x", "trust/.x", "trust//x", "trust/",
                            "trust/a%2e", "trust/a b", "..", "trust/\xe4\xb8\xad"})
        CHECK_FALSE(safe_relative_path(bad));
    testkit::TempDir d("static");
    std::filesystem::create_directories(d.file("pub/trust"));
    d.write("pub/trust/a.json", "{}");
    d.write("secret", "s");
    std::filesystem::create_symlink(d.file("secret"), d.file("pub/trust/link"));
    std::filesystem::create_directory_symlink(d.path(), d.file("pub/up"));
    CHECK(serve_file(d.file("pub"), "trust/a.json").status == 200);
    CHECK(serve_file(d.file("pub"), "trust/a.json").body == "{}");
    CHECK(serve_file(d.file("pub"), "trust/link").status == 404);
    CHECK(serve_file(d.file("pub"), "up/secret").status == 404);
    CHECK(serve_file(d.file("pub"), "trust").status == 404);  // a folder
}

TEST_CASE("every service reason has the status FORMAT.md §11.3 gives it") {
    CHECK(http_status_for(Reason::request_malformed) == 400);
    CHECK(http_status_for(Reason::submission_bad_signature) == 401);
    CHECK(http_status_for(Reason::submission_not_authorized) == 403);
    CHECK(http_status_for(Reason::batch_conflict) == 409);
    CHECK(http_status_for(Reason::illegal_transition) == 409);
    CHECK(http_status_for(Reason::request_too_large) == 413);
    CHECK(http_status_for(Reason::activation_count_mismatch) == 422);
    CHECK(http_status_for(Reason::rate_limited) == 429);
    CHECK(http_status_for(Reason::store_failed) == 503);
}

// tests/vectors/submission_v1.json: the generated cases of FORMAT.md §11.1-§11.2, in the order the
// service applies the rules (envelope, certificate, signature, batch, operator).
TEST_CASE("submission vectors") {
    nlohmann::json doc = test::load_vector_file("submission_v1.json");
    auto root = parse_key_file(doc["world"]["root_public_key"].get<std::string>());
    REQUIRE(root);
    auto trust = verify_trust_list(doc["world"]["trust_list"].get<std::string>(), root->public_key);
    REQUIRE(trust);
    const TrustListBody& tb = trust->body();
    auto word = [](const Error& e) { return std::string(to_string(e.reason)); };
    int run = 0;
    for (const auto& g : doc["testGroups"]) {
        const std::string type = g["type"];
        for (const auto& t : g["tests"]) {
            CAPTURE(t["tcId"].get<int>());
            CAPTURE(t["comment"].get<std::string>());
            const std::string expect = t["expect"];
            std::string got = "valid";
            if (type == "SubmissionCertificateVerify") {
                auto c =
                    verify_submission_certificate(*from_hex(t["certificate"].get<std::string>()),
                                                  tb, *parse_time(t["at"].get<std::string>()));
                if (!c) got = word(c.error());
            } else if (type == "SubmissionRevocationVerify") {
                auto r =
                    verify_submission_revocation(*from_hex(t["revocation"].get<std::string>()), tb);
                if (!r) got = word(r.error());
            } else {
                REQUIRE(type == "BatchEnvelopeVerify");
                const UnixTime at = *parse_time(t["at"].get<std::string>());
                auto env = parse_batch_envelope(t["envelope"].get<std::string>());
                if (!env) {
                    got = word(env.error());
                } else if (auto c = verify_submission_certificate(env->certificate, tb, at); !c) {
                    got = word(c.error());
                } else if (!verify_batch_signature(*env, c->public_key)) {
                    got = "submission_bad_signature";
                } else if (auto b = parse_batch(env->signed_text, at); !b) {
                    got = word(b.error());
                } else if (b->operator_id != c->operator_id) {
                    got = "submission_not_authorized";
                } else {
                    CHECK(batch_hash(env->signed_text) == t["batch_hash"].get<std::string>());
                }
            }
            CHECK(got == expect);
            ++run;
        }
    }
    CHECK(run == doc["numberOfTests"].get<int>());
}
