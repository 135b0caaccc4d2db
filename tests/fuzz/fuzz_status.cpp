// libFuzzer: status snapshots (FORMAT.md §9.3–9.4). The input is tried twice: as a whole file
// (framing, key, signature checks), and as the part after the segment certificate of a body that
// the fuzzer cannot sign itself — signed here with the demo issuing key so the Golomb set decoder
// behind the signature is reached. Never a crash; every decoded state is in range.
#include <cstdint>
#include <cstdlib>

#include "fuzz_world.h"

using namespace traceseal;

namespace {

void put_be(Bytes& out, std::uint64_t v, int n) {
    for (int i = n - 1; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

const Bytes& certificate() {
    static const Bytes cert = [] {
        SegmentCertificateBody b;
        b.operator_id = 1;
        b.segment = 100;
        b.first = 0;
        b.last = 9999;
        b.issued_at = 1793491200;
        return sign_segment_certificate(b, fuzz::world().demo.root);
    }();
    return cert;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto& w = fuzz::world();
    const PublicKey& root = w.demo.root.public_key;
    (void)verify_status_snapshot(Bytes(data, data + size), w.trust, root);

    Bytes body = {'T', 'S', 'S', 'T', 0x01};
    put_be(body, 1, 2);           // key_id
    put_be(body, 7, 8);           // sequence
    put_be(body, 1793491200, 8);  // issued_at 2026-11-01
    put_be(body, 1798761600, 8);  // valid_until 2027-01-01
    body.insert(body.end(), certificate().begin(), certificate().end());
    body.insert(body.end(), data, data + size);
    auto snap =
        verify_status_snapshot(sign_status_body(body, w.demo.issuing[0].secret_key), w.trust, root);
    if (!snap) return 0;
    std::uint64_t total = 0;
    for (int s = 0; s <= static_cast<int>(CodeState::superseded); ++s)
        total += snap->count(static_cast<CodeState>(s));
    if (total != 10000) std::abort();  // every serial of the certificate has exactly one state
    for (std::uint32_t serial : {0u, 1u, 4999u, 9999u})
        if (!snap->state_of(serial)) std::abort();
    if (snap->state_of(10000)) std::abort();
    StatusContext ctx;
    ctx.snapshots.push_back(*snap);
    CodeFields f = cli::demo_code_fields(1, size ? data[0] % 16 : 0);
    std::string text = mint_code_text(f, w.demo.issuing[0].secret_key, w.demo.body.label_prefix);
    (void)assessment_to_json(assess_text(text, w.trust, 1795350896, &ctx), "fuzz");
    return 0;
}
