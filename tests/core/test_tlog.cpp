// The transparency log core (core/src/merkle.cpp, note.cpp, checkpoint.cpp, tlog_tiles.cpp,
// witness.cpp; FORMAT.md §10 v2): proofs round-trip against a naive tree, the C2SP examples,
// tile paths, cosignature quorum and the witness refusing a fork.
#include <doctest/doctest.h>

#include "traceseal/traceseal.h"

using namespace traceseal;
using namespace traceseal::tlog;

namespace {

Bytes entry(std::uint64_t i) {
    std::string s = "entry " + std::to_string(i);
    return Bytes(s.begin(), s.end());
}
// RFC 9162 §2.1.1 MTH, straight from the definition.
Hash naive_root(std::uint64_t begin, std::uint64_t end) {
    const std::uint64_t n = end - begin;
    if (n == 0) return empty_root();
    if (n == 1) return leaf_hash(entry(begin));
    std::uint64_t k = 1;
    while (k * 2 < n) k *= 2;
    return node_hash(naive_root(begin, begin + k), naive_root(begin + k, end));
}
SubtreeHash naive_subtrees() {
    return [](int level, std::uint64_t index) -> std::optional<Hash> {
        const std::uint64_t w = std::uint64_t{1} << level;
        return naive_root(index * w, (index + 1) * w);
    };
}
Bytes bytes(const Hash& h) {
    return Bytes(h.begin(), h.end());
}
Proof proof_bytes(const std::vector<Hash>& p) {
    Proof out;
    for (const Hash& h : p) out.push_back(bytes(h));
    return out;
}
KeyPair key(std::uint8_t b) {
    Seed s{};
    s.fill(b);
    return keypair_from_seed(s);
}
Ed25519Sign signer(const KeyPair& kp) {
    return [sk = kp.secret_key.bytes](const Bytes& m) { return ed25519_sign(sk, m); };
}

constexpr const char* kOrigin = "ts.example/log/1";

struct World {
    KeyPair log = key(1), w1 = key(2), w2 = key(3), w3 = key(4);
    LogPolicy policy;
    World() {
        policy.origin = kOrigin;
        policy.log_key = make_vkey(kOrigin, kSigTypeEd25519, log.public_key.bytes);
        for (const KeyPair* w : {&w1, &w2, &w3})
            policy.witnesses.push_back(
                make_vkey("witness.example/w" + std::to_string(policy.witnesses.size() + 1),
                          kSigTypeCosignatureV1, w->public_key.bytes));
        policy.quorum = 2;
    }
    std::string text(std::uint64_t size) const {
        return format_checkpoint_text({kOrigin, size, naive_root(0, size), {}});
    }
    std::string signed_note(std::uint64_t size, int witnesses) const {
        const std::string t = text(size);
        std::string n = t + "\n" + sign_note_line(t, policy.log_key, signer(log));
        const KeyPair* keys[] = {&w1, &w2, &w3};
        for (int i = 0; i < witnesses; ++i)
            n += cosign_line(t, 1795000000 + i, policy.witnesses[i], signer(*keys[i]));
        return n;
    }
};

}  // namespace

TEST_CASE("CompactRange keeps the right edge: its root is MTH for every size") {
    CompactRange r;
    CHECK(r.root() == empty_root());
    for (std::uint64_t n = 0; n < 300; ++n) {
        r.append(leaf_hash(entry(n)));
        CAPTURE(n);
        REQUIRE(r.root() == naive_root(0, n + 1));
        // The subtrees completed by this append end at leaf n.
        for (const auto& c : r.completed()) {
            CHECK(((c.index + 1) << c.level) == n + 1);
            CHECK(c.hash == naive_root(c.index << c.level, (c.index + 1) << c.level));
        }
    }
}

TEST_CASE("generated inclusion and consistency proofs verify, and a changed bit is refused") {
    auto at = naive_subtrees();
    for (std::uint64_t size = 1; size <= 40; ++size) {
        const Bytes root = bytes(naive_root(0, size));
        for (std::uint64_t i = 0; i < size; ++i) {
            CAPTURE(size);
            CAPTURE(i);
            auto p = inclusion_proof(i, size, at);
            REQUIRE(p.has_value());
            const Bytes leaf = bytes(leaf_hash(entry(i)));
            CHECK_FALSE(verify_inclusion(i, size, leaf, proof_bytes(*p), root).has_value());
            CHECK(verify_inclusion(i, size, bytes(leaf_hash(entry(i + 1))), proof_bytes(*p), root)
                      ->reason == Reason::inclusion_proof_invalid);
            if (!p->empty()) {
                Proof bad = proof_bytes(*p);
                bad.back()[7] ^= 0x10;
                CHECK(verify_inclusion(i, size, leaf, bad, root).has_value());
            }
        }
        for (std::uint64_t m = 1; m <= size; ++m) {
            CAPTURE(m);
            auto p = consistency_proof(m, size, at);
            REQUIRE(p.has_value());
            const Bytes old_root = bytes(naive_root(0, m));
            CHECK_FALSE(verify_consistency(m, size, proof_bytes(*p), old_root, root).has_value());
            if (m < size) {
                Bytes forged = old_root;
                forged[0] ^= 1;
                CHECK(verify_consistency(m, size, proof_bytes(*p), forged, root)->reason ==
                      Reason::consistency_proof_invalid);
            }
        }
    }
    CHECK(range_root(0, 37, at) == naive_root(0, 37));
}

TEST_CASE("base64 is canonical: one encoding per byte string") {
    for (std::size_t n = 0; n < 10; ++n) {
        Bytes b(n);
        for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>(i * 37 + 200);
        CHECK(base64_decode(base64_encode(b.data(), b.size())) == b);
    }
    CHECK(base64_decode("Zm9v") == Bytes{'f', 'o', 'o'});
    CHECK_FALSE(base64_decode("Zm9").has_value());     // no padding
    CHECK_FALSE(base64_decode("Zg=").has_value());     // short padding
    CHECK_FALSE(base64_decode("Zh==").has_value());    // non-zero unused bits
    CHECK_FALSE(base64_decode("Zm9v\n").has_value());  // not in the alphabet
    CHECK_FALSE(base64_decode("Z=9v").has_value());    // padding inside
    CHECK_FALSE(base64_decode("Zm-_").has_value());    // URL alphabet
}

TEST_CASE("the signed-note example of C2SP verifies with its vkey") {
    // signed-note.md, "Verifier keys" / "Example".
    auto k = parse_vkey("example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
                        kSigTypeEd25519);
    REQUIRE(k.has_value());
    CHECK(k->name == "example.com/foo");
    CHECK(k->key_id == 0x530d903a);
    const std::string note =
        "This is an example message.\n\n\xE2\x80\x94 example.com/foo "
        "Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQ"
        "M=\n";
    auto n = parse_note(note);
    REQUIRE(n.has_value());
    CHECK(n->text == "This is an example message.\n");
    REQUIRE(n->signatures.size() == 1);
    CHECK(n->signatures[0].key_id == k->key_id);
    PublicKey pk;
    pk.bytes = k->public_key;
    std::array<std::uint8_t, 64> sig{};
    REQUIRE(n->signatures[0].signature.size() == 64);
    std::copy(n->signatures[0].signature.begin(), n->signatures[0].signature.end(), sig.begin());
    CHECK(ed25519_verify(pk, Bytes(n->text.begin(), n->text.end()), sig));
    sig[0] ^= 1;
    CHECK_FALSE(ed25519_verify(pk, Bytes(n->text.begin(), n->text.end()), sig));
    CHECK(format_vkey(*k) ==
          "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k");
    // The key id is bound to name and key: another id is a malformed vkey.
    CHECK(parse_vkey("example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
                     kSigTypeEd25519)
              .error()
              .reason == Reason::vkey_malformed);
    CHECK(parse_vkey("example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
                     kSigTypeCosignatureV1)
              .error()
              .reason == Reason::vkey_malformed);
}

TEST_CASE("tile paths and widths follow tlog-tiles") {
    CHECK(tile_path(0, 1234067, 0) == "tile/0/x001/x234/067");
    CHECK(tile_path(1, 5, 17) == "tile/1/005.p/17");
    CHECK(tile_path(2, 1000, 256) == "tile/2/x001/000");
    CHECK(entries_path(0, 112) == "tile/entries/000.p/112");
    // tlog-tiles: a tree of 70,000 has 273 full level-0 tiles and a partial of 112, one full
    // level-1 tile and a partial of 17, and a partial level-2 tile of width 1.
    CHECK(tile_width(0, 272, 70000) == 256);
    CHECK(tile_width(0, 273, 70000) == 112);
    CHECK(tile_width(0, 274, 70000) == 0);
    CHECK(tile_width(1, 0, 70000) == 256);
    CHECK(tile_width(1, 1, 70000) == 17);
    CHECK(tile_width(2, 0, 70000) == 1);
    CHECK(tile_width(3, 0, 70000) == 0);
    CHECK(tile_width(1, 0, 256) == 1);  // "a tree of size 256 ... a partial level 1 tile of 1"
    Bytes b = encode_entry_bundle({entry(1), Bytes{}, entry(22)});
    CHECK(parse_entry_bundle(b) == std::vector<Bytes>{entry(1), Bytes{}, entry(22)});
    b.pop_back();
    CHECK_FALSE(parse_entry_bundle(b).has_value());
}

TEST_CASE("a checkpoint needs the log's signature and a quorum of valid cosignatures") {
    World w;
    auto ok = verify_checkpoint_note(w.signed_note(10, 2), w.policy);
    REQUIRE(ok.has_value());
    CHECK(ok->body().size == 10);
    CHECK(ok->witnesses().size() == 2);
    CHECK(verify_checkpoint_note(w.signed_note(10, 1), w.policy).error().reason ==
          Reason::cosignature_quorum_not_met);
    // The witness quorum does not matter to the witness itself.
    CHECK(verify_checkpoint_log_only(w.signed_note(10, 0), w.policy).has_value());
    // A cosignature over another tree size, moved onto this note.
    std::string other = w.signed_note(11, 3);
    std::string moved =
        w.signed_note(10, 1) + other.substr(other.rfind("\xE2\x80\x94 witness.example/w3"));
    CHECK(verify_checkpoint_note(moved, w.policy).error().reason == Reason::cosignature_invalid);
    // Unknown keys are ignored; a note with only them is unsigned.
    const std::string t = w.text(10);
    KeyPair stranger = key(9);
    std::string unsigned_note =
        t + "\n" +
        sign_note_line(t, make_vkey(kOrigin, kSigTypeEd25519, stranger.public_key.bytes),
                       signer(stranger));
    CHECK(verify_checkpoint_note(unsigned_note, w.policy).error().reason ==
          Reason::checkpoint_unsigned);
    LogPolicy elsewhere = w.policy;
    elsewhere.origin = "ts.example/log/2";
    CHECK(verify_checkpoint_note(w.signed_note(10, 2), elsewhere).error().reason ==
          Reason::log_unknown_origin);
}

TEST_CASE("the witness cosigns an append-only log and refuses a fork") {
    World w;
    auto at = naive_subtrees();
    auto req = [&](std::uint64_t old, std::uint64_t size) {
        AddCheckpointRequest r;
        r.old_size = old;
        if (old > 0) r.proof = proof_bytes(*consistency_proof(old, size, at));
        r.checkpoint = w.signed_note(size, 0);
        return r;
    };
    auto first = witness_check(req(0, 8), w.policy, std::nullopt);
    REQUIRE(first.has_value());
    CHECK(first->size == 8);
    auto second = witness_check(req(8, 13), w.policy, *first);
    REQUIRE(second.has_value());
    CHECK(second->root == naive_root(0, 13));
    // A request from a stale view is a conflict (409), with the stored size.
    auto stale = witness_check(req(8, 20), w.policy, *second);
    CHECK(stale.error().reason == Reason::witness_conflict);
    CHECK(stale.error().detail == "13");
    CHECK(witness_http_status(stale.error().reason) == 409);
    // A fork: the witness holds another root at size 13.
    WitnessRecord forked = *second;
    forked.root[3] ^= 1;
    auto fork = witness_check(req(13, 20), w.policy, forked);
    CHECK(fork.error().reason == Reason::witness_inconsistent);
    CHECK(witness_http_status(fork.error().reason) == 422);
    // The request body round-trips through its text form.
    auto parsed = parse_add_checkpoint(format_add_checkpoint(req(13, 20)));
    REQUIRE(parsed.has_value());
    CHECK(witness_check(*parsed, w.policy, *second).has_value());
    CHECK(parse_add_checkpoint("old 01\n\n" + w.signed_note(3, 0)).error().reason ==
          Reason::witness_bad_request);
}

TEST_CASE("event entries: the commitment opens to the event; nothing public names the code") {
    Event e;
    e.code_number = "00000100-00000001";
    e.prev = 0;
    e.type = "sell";
    e.state = "sold";
    e.details_hash = details_commitment(Hash{}, encode_details(1795000000, "till-4", "Sanya", ""));
    const Bytes ev = encode_event(e);
    auto back = parse_event(ev);
    REQUIRE(back.has_value());
    CHECK(back->code_number == e.code_number);
    CHECK(back->type == "sell");
    CHECK(back->details_hash == e.details_hash);
    Hash salt{};
    salt[0] = 1;
    const Bytes entry = event_entry(event_commitment(salt, ev));
    CHECK(entry.size() == 33);
    CHECK(entry[0] == kEventEntry);
    // The entry holds neither the code number nor an unsalted hash of it: another salt, another
    // entry for the same event.
    Hash salt2 = salt;
    salt2[31] = 9;
    CHECK(event_entry(event_commitment(salt2, ev)) != entry);
    CHECK(std::search(entry.begin(), entry.end(), e.code_number.begin(), e.code_number.end()) ==
          entry.end());
    CHECK(index_entry(12, Hash{}).size() == 41);

    auto malformed = [&](Event x) { return parse_event(encode_event(x)).error().reason; };
    Event x = e;
    x.code_number = "0000100-000000001";
    CHECK(malformed(x) == Reason::provenance_malformed);
    x = e;
    x.type = "steal";
    CHECK(malformed(x) == Reason::provenance_malformed);
    x = e;
    x.state = "lost";
    CHECK(malformed(x) == Reason::provenance_malformed);
    x = e;
    x.related = "1";
    CHECK(malformed(x) == Reason::provenance_malformed);
    Bytes longer = ev;
    longer.push_back(0);
    CHECK(parse_event(longer).error().reason == Reason::provenance_malformed);
}
