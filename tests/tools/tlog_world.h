// A small operator's log in memory for bundle v2 tests and vectors (FORMAT.md §10.11–§10.13):
// events of a few codes, the index entry, a checkpoint cosigned by 2 of 3 witnesses.
#pragma once

#include <map>

#include "traceseal/traceseal.h"

namespace traceseal::tlog::testworld {

inline constexpr const char* kOrigin = "ts.example/log/1";
inline constexpr const char* kCode = "00000100-00000002";

inline KeyPair key(std::uint8_t b) {
    Seed s{};
    s.fill(b);
    return keypair_from_seed(s);
}
inline Ed25519Sign signer(const KeyPair& kp) {
    return [sk = kp.secret_key.bytes](const Bytes& m) { return ed25519_sign(sk, m); };
}
inline Hash salt_of(std::uint64_t i, std::uint8_t kind) {
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

inline const std::vector<SegmentSpan> kSegments = {{100, 199}};

inline World story() {
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

}  // namespace traceseal::tlog::testworld
