// Bundles v2 (core/src/bundle_v2.cpp, FORMAT.md §10.11–§10.13): a code's history in a witnessed
// log verifies; history rewritten, events dropped, reordered or duplicated, another code's
// bundle, a forged index and a rollback are each refused with their reason.
#include <doctest/doctest.h>

#include <map>

#include "traceseal/traceseal.h"

using namespace traceseal;
using namespace traceseal::tlog;

namespace {

constexpr const char* kOrigin = "ts.example/log/1";
constexpr const char* kCode = "00000100-00000002";

KeyPair key(std::uint8_t b) {
    Seed s{};
    s.fill(b);
    return keypair_from_seed(s);
}
Ed25519Sign signer(const KeyPair& kp) {
    return [sk = kp.secret_key.bytes](const Bytes& m) { return ed25519_sign(sk, m); };
}
Hash salt_of(std::uint64_t i, std::uint8_t kind) {
    Hash h{};
    h[0] = kind;
    for (int k = 0; k < 8; ++k) h[1 + k] = static_cast<std::uint8_t>(i >> (8 * k));
    return sha256(h.data(), h.size());
}

struct Story {
    std::string code;
    std::string type, state;
};

// An operator's log: events of several codes, then the index entry; checkpoint cosigned by
// 2 of 3 witnesses.
struct World {
    KeyPair log = key(1), w[3] = {key(2), key(3), key(4)};
    LogPolicy policy;
    std::vector<Bytes> entries;
    std::vector<Bytes> events;  // per entry (empty for the index entry)
    std::vector<Hash> salts;
    std::vector<Bytes> blobs;
    std::map<std::string, std::uint64_t> last;   // code -> 1 + index of its last event
    std::map<std::string, std::uint32_t> count;  // code -> events
    std::map<std::string, std::string> state;
    std::vector<Bytes> serial_leaves;  // segment 100, serials 1..8
    MapLeaf map100, map200;
    std::vector<Bytes> map;
    Hash map_root{};
    std::string note;

    World() {
        policy.origin = kOrigin;
        policy.log_key = make_vkey(kOrigin, kSigTypeEd25519, log.public_key.bytes);
        for (int i = 0; i < 3; ++i)
            policy.witnesses.push_back(make_vkey("witness.example/w" + std::to_string(i + 1),
                                                 kSigTypeCosignatureV1, w[i].public_key.bytes));
        policy.quorum = 2;
    }
    void add(const std::string& code, const std::string& type, const std::string& st) {
        const std::uint64_t index = entries.size();
        const Hash dsalt = salt_of(index, 2);
        const Bytes details =
            encode_details(1795000000 + index * 60, "till-" + std::to_string(index), "Sanya", "");
        Event e{code, last[code], type, st, "", details_commitment(dsalt, details)};
        const Bytes ev = encode_event(e);
        entries.push_back(event_entry(event_commitment(salt_of(index, 1), ev)));
        events.push_back(ev);
        salts.push_back(salt_of(index, 1));
        Bytes blob(dsalt.begin(), dsalt.end());
        blob.insert(blob.end(), details.begin(), details.end());
        blobs.push_back(blob);
        last[code] = index + 1;
        ++count[code];
        state[code] = st;
    }
    // The index entry and the checkpoint.
    void seal(std::uint64_t salt_round = 0) {
        const std::uint64_t covers = entries.size();
        serial_leaves.clear();
        for (std::uint32_t s = 1; s <= 8; ++s) {
            const std::string c = "00000100-0000000" + std::to_string(s);
            SerialLeaf l{count[c], last[c],
                         static_cast<std::uint8_t>(state.count(c) ? *parse_code_state(state[c])
                                                                  : CodeState::issued),
                         salt_of(covers * 100 + s + salt_round, 3)};
            serial_leaves.push_back(encode_serial_leaf(l));
        }
        map100 = {100, 1, 8, leaves_root(serial_leaves)};
        map200 = {200, 1, 4, leaves_root({encode_serial_leaf({})})};
        map = {encode_map_leaf(map100), encode_map_leaf(map200)};
        map_root = leaves_root(map);
        entries.push_back(index_entry(covers, map_root));
        events.emplace_back();
        salts.emplace_back();
        blobs.emplace_back();
        sign();
    }
    void sign(int witnesses = 2) {
        CompactRange r;
        for (const Bytes& e : entries) r.append(leaf_hash(e));
        const std::string text = format_checkpoint_text({kOrigin, entries.size(), r.root(), {}});
        note = text + "\n" + sign_note_line(text, policy.log_key, signer(log));
        for (int i = 0; i < witnesses; ++i)
            note += cosign_line(text, 1795000000, policy.witnesses[i], signer(w[i]));
    }
    std::vector<Hash> proof(std::uint64_t index) const {
        return leaves_proof(entries, index);  // entries are the leaves of the log itself
    }
    BundleV2 bundle(const std::string& code) const {
        BundleV2 b;
        b.checkpoint = note;
        b.code_number = code;
        b.map_root = map_root;
        b.index_proof = proof(entries.size() - 1);
        b.map_index = 0;
        b.map_size = 2;
        b.map_leaf = map100;
        b.map_proof = leaves_proof(map, 0);
        const std::uint32_t serial = static_cast<std::uint32_t>(std::stoul(code.substr(9)));
        auto sl = serial_leaves[serial - 1];
        ByteReaderLite r{sl};
        b.serial_leaf = r.leaf();
        b.serial_proof = leaves_proof(serial_leaves, serial - 1);
        for (std::uint64_t i = 0; i + 1 < entries.size(); ++i) {
            auto e = parse_event(events[i]);
            if (!e || e->code_number != code) continue;
            BundleEvent be{i, salts[i], events[i], proof(i), false, blobs[i]};
            b.events.push_back(be);
        }
        return b;
    }
    struct ByteReaderLite {
        const Bytes& b;
        SerialLeaf leaf() const {
            SerialLeaf l;
            for (int i = 0; i < 4; ++i) l.count = l.count << 8 | b[i];
            for (int i = 0; i < 8; ++i) l.last = l.last << 8 | b[4 + i];
            l.state = b[12];
            std::copy(b.begin() + 13, b.end(), l.salt.begin());
            return l;
        }
    };
};

const std::vector<SegmentSpan> kSegments = {{100, 199}};

Reason refused(const World& w, const BundleV2& b, const std::string& code = kCode,
               const VerifiedCheckpoint* held = nullptr) {
    auto r = verify_bundle_v2(encode_bundle_v2(b), w.policy, kSegments, code, held);
    REQUIRE_FALSE(r.has_value());
    return r.error().reason;
}

World story() {
    World w;
    w.add("00000100-00000001", "activate", "activated");
    w.add(kCode, "activate", "activated");
    w.add("00000100-00000003", "activate", "activated");
    w.add(kCode, "sell", "sold");
    w.add("00000100-00000001", "sell", "sold");
    w.add(kCode, "pickup", "picked_up");
    w.seal();
    return w;
}

}  // namespace

TEST_CASE("a code's bundle v2 verifies: its three events, in order, complete") {
    World w = story();
    const Bytes bytes = encode_bundle_v2(w.bundle(kCode));
    auto h = verify_bundle_v2(bytes, w.policy, kSegments, kCode, nullptr);
    REQUIRE(h.has_value());
    REQUIRE(h->events().size() == 3);
    CHECK(h->events()[0].type == "activate");
    CHECK(h->events()[2].state == "picked_up");
    CHECK(h->indices() == std::vector<std::uint64_t>{1, 3, 5});
    CHECK(h->checkpoint().witnesses().size() == 2);
    // A code with no events: an empty history the index vouches for.
    auto none = verify_bundle_v2(encode_bundle_v2(w.bundle("00000100-00000007")), w.policy,
                                 kSegments, "00000100-00000007", nullptr);
    REQUIRE(none.has_value());
    CHECK(none->events().empty());
    CAPTURE(bytes.size());
}

TEST_CASE("bundle v2: left out, reordered, duplicated, another code's, tampered") {
    World w = story();
    const BundleV2 good = w.bundle(kCode);
    BundleV2 b = good;
    b.events.erase(b.events.begin() + 1);  // the sale left out
    CHECK(refused(w, b) == Reason::provenance_incomplete);
    b = good;
    b.events.pop_back();  // the pickup left out (the resale warning would vanish)
    CHECK(refused(w, b) == Reason::provenance_incomplete);
    b = good;
    std::swap(b.events[1], b.events[2]);
    CHECK(refused(w, b) == Reason::provenance_out_of_order);
    b = good;
    b.events[2] = b.events[1];
    CHECK(refused(w, b) == Reason::provenance_duplicate_entry);
    CHECK(refused(w, good, "00000100-00000001") == Reason::provenance_wrong_code);
    b = w.bundle("00000100-00000001");
    b.code_number = kCode;  // relabelled: its serial's index leaf is not this serial's
    CHECK(refused(w, b) == Reason::provenance_index_invalid);
    b = good;
    b.events[1].event = w.events[4];  // another code's event (the same type) slipped in
    CHECK(refused(w, b) == Reason::provenance_wrong_code);
    b = good;
    {
        auto e = *parse_event(b.events[2].event);
        e.state = "sold";  // the pickup rewritten as a sale
        b.events[2].event = encode_event(e);
    }
    CHECK(refused(w, b) == Reason::inclusion_proof_invalid);
    b = good;
    b.events[0].details_blob[44] ^= 1;  // the activation's actor changed
    CHECK(refused(w, b) == Reason::provenance_details_mismatch);
    b = good;
    b.serial_leaf.count = 2;  // a forged index leaf
    CHECK(refused(w, b) == Reason::provenance_index_invalid);
    b = good;
    b.map_leaf = w.map200;
    b.map_index = 1;
    b.map_proof = leaves_proof(w.map, 1);  // a genuine leaf of another segment
    CHECK(refused(w, b) == Reason::provenance_wrong_code);
    CHECK(verify_bundle_v2(encode_bundle_v2(good), w.policy, {{200, 299}}, kCode, nullptr)
              .error()
              .reason == Reason::provenance_not_authorized);
    Bytes bytes = encode_bundle_v2(good);
    bytes.pop_back();
    CHECK(verify_bundle_v2(bytes, w.policy, kSegments, kCode, nullptr).error().reason ==
          Reason::provenance_malformed);
    bytes = encode_bundle_v2(good);
    bytes[4] = 3;
    CHECK(verify_bundle_v2(bytes, w.policy, kSegments, kCode, nullptr).error().reason ==
          Reason::provenance_unsupported_version);
    // One cosignature short of the quorum.
    World one = story();
    one.sign(1);
    CHECK(refused(one, one.bundle(kCode)) == Reason::cosignature_quorum_not_met);
}

TEST_CASE("bundle v2 against a held checkpoint: growth, rollback, a rewritten history") {
    World w = story();
    auto held = verify_checkpoint_note(w.note, w.policy);
    REQUIRE(held.has_value());
    const std::uint64_t held_size = w.entries.size();
    // The log grows; the bundle carries a consistency proof from the held size.
    World grown = w;
    grown.add("00000100-00000004", "activate", "activated");
    grown.seal();
    BundleV2 b = grown.bundle(kCode);
    CHECK(refused(grown, b, kCode, &*held) == Reason::provenance_consistency_missing);
    b.held_size = held_size;
    auto at = [&](int level, std::uint64_t i) -> std::optional<Hash> {
        const std::uint64_t width = std::uint64_t{1} << level;
        CompactRange c;
        for (std::uint64_t k = i * width; k < (i + 1) * width; ++k)
            c.append(leaf_hash(grown.entries[k]));
        return c.root();
    };
    b.consistency = *consistency_proof(held_size, grown.entries.size(), at);
    CHECK(
        verify_bundle_v2(encode_bundle_v2(b), grown.policy, kSegments, kCode, &*held).has_value());
    // An older bundle than the held checkpoint: rollback.
    auto newer = verify_checkpoint_note(grown.note, grown.policy);
    CHECK(refused(w, w.bundle(kCode), kCode, &*newer) == Reason::provenance_rollback);
    // The operator rewrites history (the sale re-attributed) and re-signs, cosigned by
    // witnesses it controls: the held checkpoint catches it.
    World rewritten;
    rewritten.add("00000100-00000001", "activate", "activated");
    rewritten.add(kCode, "activate", "activated");
    rewritten.add("00000100-00000003", "activate", "activated");
    rewritten.add(kCode, "sell", "sold");
    rewritten.entries.back()[5] ^= 1;  // another commitment at entry 3
    rewritten.add("00000100-00000001", "sell", "sold");
    rewritten.add(kCode, "pickup", "picked_up");
    rewritten.seal();
    rewritten.add("00000100-00000004", "activate", "activated");
    rewritten.seal();
    auto at2 = [&](int level, std::uint64_t i) -> std::optional<Hash> {
        const std::uint64_t width = std::uint64_t{1} << level;
        CompactRange c;
        for (std::uint64_t k = i * width; k < (i + 1) * width; ++k)
            c.append(leaf_hash(rewritten.entries[k]));
        return c.root();
    };
    BundleV2 rb = rewritten.bundle("00000100-00000001");
    rb.held_size = held_size;
    rb.consistency = *consistency_proof(held_size, rewritten.entries.size(), at2);
    CHECK(refused(rewritten, rb, "00000100-00000001", &*held) ==
          Reason::provenance_history_rewritten);
}
