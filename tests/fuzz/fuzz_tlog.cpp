// libFuzzer: the transparency log's parsers and verifiers (FORMAT.md §10.6–§10.14): signed
// notes, checkpoints against a policy, vkeys, witness requests, entry bundles, bundles v2 and
// Merkle proofs
// built from the input must be refused or accepted without crashing or hanging.
#include <cstdint>
#include <string>

#include "traceseal/traceseal.h"

using namespace traceseal;
using namespace traceseal::tlog;

namespace {

const LogPolicy& policy() {
    static const LogPolicy p = [] {
        Seed s{};
        s.fill(1);
        LogPolicy out;
        out.origin = "ts.example/log/1";
        out.log_key = make_vkey(out.origin, kSigTypeEd25519, keypair_from_seed(s).public_key.bytes);
        s.fill(2);
        out.witnesses.push_back(make_vkey("witness.example/w1", kSigTypeCosignatureV1,
                                          keypair_from_seed(s).public_key.bytes));
        out.quorum = 1;
        return out;
    }();
    return p;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    (void)verify_checkpoint_note(text, policy());
    (void)parse_vkey(text, kSigTypeEd25519);
    (void)base64_decode(text);
    if (auto r = parse_add_checkpoint(text)) {
        (void)witness_check(*r, policy(), std::nullopt);
        (void)witness_check(*r, policy(), WitnessRecord{3, empty_root()});
    }
    (void)parse_entry_bundle(Bytes(data, data + size));
    (void)verify_bundle_v2(Bytes(data, data + size), policy(), {{100, 199}}, "00000100-00000002",
                           nullptr);
    // The first 16 bytes as index and size, the rest as 32-byte proof hashes.
    if (size >= 16) {
        std::uint64_t a = 0, b = 0;
        for (int i = 0; i < 8; ++i) a = a << 8 | data[i], b = b << 8 | data[8 + i];
        Proof proof;
        for (std::size_t off = 16; off + 32 <= size && proof.size() < 70; off += 32)
            proof.emplace_back(data + off, data + off + 32);
        const Bytes h(32, 7);
        (void)verify_inclusion(a, b, h, proof, h);
        (void)verify_consistency(a, b, proof, h, h);
    }
    return 0;
}
