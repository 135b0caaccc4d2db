// tests/vectors/submission_v1.json (FORMAT.md §11.1-§11.2): submission certificates and
// revocations against the vectors' world, and the stateless checks of a batch envelope (rules
// 1-3 and 5). Part of gen_vectors.
#include <nlohmann/json.hpp>

#include "batch.h"
#include "demo_world.h"
#include "submission.h"
#include "vector_writer.h"

using namespace traceseal;
using namespace traceseal::service;
using Json = nlohmann::ordered_json;
using traceseal::vectors::Writer;

namespace {

constexpr const char* kAt = "2026-11-22T12:00:00Z";

std::string hex(const Bytes& b) {
    return to_hex(b.data(), b.size());
}

}  // namespace

Json submission_vectors() {
    cli::DemoWorld w = cli::make_demo_world(20261122);
    const UnixTime at = *parse_time(kAt);
    KeyPair till = cli::demo_key("traceseal-vectors/till", 20261122);
    KeyPair stranger = cli::demo_key("traceseal-vectors/stranger", 20261122);
    SubmissionCertificateBody body{1, 1, at - 86400, at + 86400, till.public_key};
    auto cert_with = [&](SubmissionCertificateBody b, const SecretKey& k) {
        return sign_submission_certificate(b, k);
    };
    const Bytes good = cert_with(body, w.issuing[0].secret_key);

    Writer certs;
    auto cert = [&](const char* comment, std::vector<std::string> flags, const Bytes& c,
                    const char* when, const char* expect) {
        certs.add({{"comment", comment},
                   {"flags", flags},
                   {"certificate", hex(c)},
                   {"at", when},
                   {"expect", expect}});
    };
    cert("a till key delegated by operator 1's issuing key", {"Valid"}, good, kAt, "valid");
    cert("120 bytes", {"Structure"}, Bytes(good.begin(), good.end() - 1), kAt,
         "submission_certificate_malformed");
    Bytes m = good;
    m[3] = 'C';
    cert("magic TSSC (a segment certificate's) instead of TSSK", {"Structure"}, m, kAt,
         "submission_certificate_malformed");
    Bytes v = good;
    v[4] = 2;
    cert("version 2", {"Structure"}, v, kAt, "submission_certificate_malformed");
    auto inverted = body;
    std::swap(inverted.not_before, inverted.not_after);
    cert("not_before after not_after", {"Structure"}, cert_with(inverted, w.issuing[0].secret_key),
         kAt, "submission_certificate_malformed");
    auto revoked = body;
    revoked.issuing_key_id = 3;
    cert("signed by issuing key 3, revoked in the trust list", {"Key"},
         cert_with(revoked, w.issuing[2].secret_key), kAt, "submission_key_revoked");
    auto unknown = body;
    unknown.issuing_key_id = 9;
    cert("issuing key 9 is not in the trust list", {"Key"},
         cert_with(unknown, w.issuing[0].secret_key), kAt, "submission_key_unknown");
    auto other = body;
    other.issuing_key_id = 2;
    cert("operator 1 claimed under operator 2's issuing key", {"Key"},
         cert_with(other, w.issuing[1].secret_key), kAt, "submission_not_authorized");
    cert("signed by operator 2's key under key id 1", {"Signature"},
         cert_with(body, w.issuing[1].secret_key), kAt, "submission_bad_signature");
    Bytes flipped = good;
    flipped[30] ^= 1;
    cert("one bit of the till's public key changed", {"Signature"}, flipped, kAt,
         "submission_bad_signature");
    cert("a day and a second after not_after", {"Validity"}, good, "2026-11-23T12:00:01Z",
         "submission_key_not_valid");
    cert("before not_before", {"Validity"}, good, "2026-11-21T11:59:59Z",
         "submission_key_not_valid");
    cert("at not_after exactly", {"Validity"}, good, "2026-11-23T12:00:00Z", "valid");

    Writer revs;
    auto rev = [&](const char* comment, std::vector<std::string> flags, const Bytes& r,
                   const char* expect) {
        revs.add(
            {{"comment", comment}, {"flags", flags}, {"revocation", hex(r)}, {"expect", expect}});
    };
    SubmissionRevocationBody rb{1, 1, submission_key_id(till.public_key), at};
    Bytes rgood = sign_submission_revocation(rb, w.issuing[0].secret_key);
    rev("operator 1 revokes its till key", {"Valid"}, rgood, "valid");
    rev("88 bytes", {"Structure"}, Bytes(rgood.begin(), rgood.end() - 1),
        "submission_certificate_malformed");
    Bytes rbad = rgood;
    rbad[12] ^= 1;
    rev("the key id changed after signing", {"Signature"}, rbad, "submission_bad_signature");
    SubmissionRevocationBody ro{1, 2, rb.submission_key_id, at};
    rev("operator 2's key revoking for operator 1", {"Key"},
        sign_submission_revocation(ro, w.issuing[1].secret_key), "submission_not_authorized");

    Writer batches;
    SubmissionKey key{1, submission_key_id(till.public_key), till, good, ""};
    Batch b;
    b.batch_id = "till-03/2026-11-22/000001";
    b.operator_id = 1;
    b.created_at = at - 5;
    BatchStep s;
    s.event = LifecycleEvent::sell;
    s.codes = {"00000100-00000042"};
    s.info = {"till-03", "Sanya store", "", at - 10};
    b.steps = {s};
    const std::string text = format_batch(b);
    auto batch = [&](const char* comment, std::vector<std::string> flags, const std::string& env,
                     const char* expect) {
        Json t{{"comment", comment},
               {"flags", flags},
               {"envelope", env},
               {"at", kAt},
               {"expect", expect}};
        if (std::string(expect) == "valid") {
            auto e = parse_batch_envelope(env);
            t["batch_hash"] = batch_hash(e->signed_text);
        }
        batches.add(t);
    };
    const std::string env = sign_batch(text, key);
    batch("one sale signed by the till", {"Valid"}, env, "valid");
    std::string tampered = env;
    tampered.replace(tampered.find("Sanya store"), 5, "Haiko");
    batch("the place changed after signing", {"Signature"}, tampered, "submission_bad_signature");
    SubmissionKey wrong = key;
    wrong.key = stranger;
    batch("signed by another key than the certificate's", {"Signature"}, sign_batch(text, wrong),
          "submission_bad_signature");
    batch("not JSON", {"Envelope"}, "{\"type\":", "request_malformed");
    std::string dup = env;
    dup.insert(1, "\"version\":1,");
    batch("version named twice", {"Envelope"}, dup, "request_malformed");
    std::string extra = env;
    extra.insert(1, "\"note\":\"x\",");
    batch("an unknown envelope member", {"Envelope"}, extra, "request_malformed");
    Batch op2 = b;
    op2.operator_id = 2;
    batch("operator 1's key signing a batch that names operator 2", {"Operator"},
          sign_batch(format_batch(op2), key), "submission_not_authorized");
    Batch future = b;
    future.steps[0].info.time = at + 301;
    batch("an event time 301 s after the receipt time", {"Batch"},
          sign_batch(format_batch(future), key), "batch_malformed");
    Batch skew = b;
    skew.steps[0].info.time = at + 300;
    batch("an event time 300 s after the receipt time (clock skew allowed)", {"Batch"},
          sign_batch(format_batch(skew), key), "valid");
    Batch noreason = b;
    noreason.steps[0].event = LifecycleEvent::void_;
    batch("void without a reason", {"Batch"}, sign_batch(format_batch(noreason), key),
          "batch_malformed");
    Batch nul = b;
    nul.steps[0].info.place = std::string("Sanya\0store", 11);
    batch("a NUL in the place (a PostgreSQL text column cannot keep it)", {"Batch"},
          sign_batch(format_batch(nul), key), "batch_malformed");
    Batch esc = b;
    esc.steps[0].info.actor = "till-03\x1b[2J";
    batch("an escape sequence in the actor", {"Batch"}, sign_batch(format_batch(esc), key),
          "batch_malformed");
    Batch c1 = b;
    c1.steps[0].info.reason =
        "sale\xc2\x85"
        "cancelled";  // U+0085, a C1 line break
    batch("a C1 control character (U+0085) in the reason", {"Batch"},
          sign_batch(format_batch(c1), key), "batch_malformed");
    Batch cjk = b;
    cjk.steps[0].info.place = "三亚国际免税城";
    batch("a place in Chinese", {"Batch", "Valid"}, sign_batch(format_batch(cjk), key), "valid");
    Batch badid = b;
    badid.batch_id = "till 03";
    batch("a space in the batch id", {"Batch"}, sign_batch(format_batch(badid), key),
          "batch_malformed");

    Json doc;
    doc["algorithm"] = "TraceSeal submission keys and signed batches (docs/FORMAT.md §11)";
    doc["generator"] = "tests/tools/submission_vectors.cpp";
    doc["world"] = {
        {"seed", 20261122},
        {"root_public_key", format_public_key_file({KeyRole::root, 0, w.root.public_key, {}})},
        {"trust_list", w.trust_list}};
    doc["testGroups"] =
        Json::array({{{"type", "SubmissionCertificateVerify"}, {"tests", certs.tests}},
                     {{"type", "SubmissionRevocationVerify"}, {"tests", revs.tests}},
                     {{"type", "BatchEnvelopeVerify"}, {"tests", batches.tests}}});
    doc["numberOfTests"] = certs.id + revs.id + batches.id;
    return doc;
}
