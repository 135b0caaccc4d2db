// tests/vectors/tlog_v2.json (FORMAT.md §10.15): one scenario per vector for every MUST-reject
// rule of §10.6–§10.10 and §10.14, from fixed seeds (keys: derive_bytes("traceseal-vectors/tlog",
// n)). Part of gen_vectors.
#include <nlohmann/json.hpp>

#include "tlog_world.h"
#include "traceseal/traceseal.h"
#include "vector_writer.h"

using namespace traceseal;
using namespace traceseal::tlog;
using Json = nlohmann::ordered_json;
using traceseal::vectors::Writer;

namespace {

constexpr const char* kOrigin = "ts.example/log/1";
constexpr const char* kEm = "\xE2\x80\x94 ";

KeyPair key(std::uint64_t n) {
    Bytes b = derive_bytes("traceseal-vectors/tlog", n, 32);
    Seed s{};
    std::copy(b.begin(), b.end(), s.begin());
    return keypair_from_seed(s);
}
Ed25519Sign signer(const KeyPair& kp) {
    return [sk = kp.secret_key.bytes](const Bytes& m) { return ed25519_sign(sk, m); };
}
std::string b64(const Bytes& b) {
    return base64_encode(b.data(), b.size());
}
std::string b64(const Hash& h) {
    return base64_encode(h);
}

// An in-memory tree of `n` entries "entry i" (subtree hashes from the definition).
struct Tree {
    std::vector<Hash> leaves;
    explicit Tree(std::uint64_t n) {
        for (std::uint64_t i = 0; i < n; ++i) {
            std::string e = "entry " + std::to_string(i);
            leaves.push_back(leaf_hash(reinterpret_cast<const std::uint8_t*>(e.data()), e.size()));
        }
    }
    SubtreeHash at() const {
        return [this](int level, std::uint64_t index) -> std::optional<Hash> {
            const std::uint64_t w = std::uint64_t{1} << level, b = index * w;
            if (b + w > leaves.size()) return std::nullopt;
            CompactRange r;
            for (std::uint64_t i = b; i < b + w; ++i) r.append(leaves[i]);
            return r.root();
        };
    }
    Hash root(std::uint64_t size) const { return *range_root(0, size, at()); }
};

Json hashes(const std::vector<Hash>& p) {
    Json a = Json::array();
    for (const Hash& h : p) a.push_back(b64(h));
    return a;
}

struct Keys {
    KeyPair log = key(1), w1 = key(2), w2 = key(3), w3 = key(4), stranger = key(9);
    LogPolicy policy;
    Keys() {
        policy.origin = kOrigin;
        policy.log_key = make_vkey(kOrigin, kSigTypeEd25519, log.public_key.bytes);
        const KeyPair* ws[] = {&w1, &w2, &w3};
        for (int i = 0; i < 3; ++i)
            policy.witnesses.push_back(make_vkey("witness.example/w" + std::to_string(i + 1),
                                                 kSigTypeCosignatureV1, ws[i]->public_key.bytes));
        policy.quorum = 2;
    }
    const KeyPair& witness(int i) const { return i == 0 ? w1 : i == 1 ? w2 : w3; }
    std::string log_line(const std::string& text) const {
        return sign_note_line(text, policy.log_key, signer(log));
    }
    std::string cosig(const std::string& text, int i, std::uint64_t ts = 1795000000) const {
        return cosign_line(text, ts + static_cast<std::uint64_t>(i), policy.witnesses[i],
                           signer(witness(i)));
    }
    Json policy_json() const {
        Json w = Json::array();
        for (const Vkey& k : policy.witnesses) w.push_back(format_vkey(k));
        return {{"origin", policy.origin},
                {"log_vkey", format_vkey(policy.log_key)},
                {"witnesses", w},
                {"quorum", policy.quorum}};
    }
};

// A raw signature line with the given bytes after the em dash.
std::string raw_line(const std::string& name, const Bytes& sig) {
    return kEm + name + " " + b64(sig) + "\n";
}
Bytes with_id(std::uint32_t id, const Bytes& rest) {
    Bytes b;
    for (int i = 3; i >= 0; --i) b.push_back(static_cast<std::uint8_t>(id >> (8 * i)));
    for (std::uint8_t x : rest) b.push_back(x);
    return b;
}

Json checkpoint_vectors(const Keys& k, const Tree& tree) {
    Writer v;
    const std::string text = format_checkpoint_text({kOrigin, 13, tree.root(13), {}});
    const std::string good = text + "\n" + k.log_line(text) + k.cosig(text, 0) + k.cosig(text, 1);
    // Notes are text; one that is not UTF-8 goes in base64 (`note_b64`), as JSON cannot hold it.
    auto add = [&](const char* comment, const char* flag, const std::string& note,
                   const char* expect) {
        const bool utf8 = std::string_view(comment).find("not UTF-8") == std::string_view::npos;
        Json t = {{"comment", comment}, {"flags", {flag}}};
        if (utf8)
            t["note"] = note;
        else
            t["note_b64"] =
                base64_encode(reinterpret_cast<const std::uint8_t*>(note.data()), note.size());
        t["expect"] = expect;
        v.add(t);
    };
    // Notes signed by the log and `n` witnesses over any text.
    auto signed_by = [&](const std::string& t, int n) {
        std::string s = t + "\n" + k.log_line(t);
        for (int i = 0; i < n; ++i) s += k.cosig(t, i);
        return s;
    };
    add("log signature and two of three witnesses", "Valid", good, "valid");
    add("all three witnesses", "Valid", signed_by(text, 3), "valid");
    add("an unknown key's line is ignored", "Valid",
        good + sign_note_line(text, make_vkey("other.example/x", 1, k.stranger.public_key.bytes),
                              signer(k.stranger)),
        "valid");
    add("an extension line (signed, opaque)", "Valid",
        signed_by(text.substr(0, text.size()) + "ext\n", 2), "valid");
    add("the empty tree", "Valid",
        signed_by(format_checkpoint_text({kOrigin, 0, empty_root(), {}}), 2), "valid");

    // §10.10 step 1: signed-note framing.
    add("longer than 16384 bytes", "NoteFraming",
        signed_by(std::string(kOrigin) + "\n13\n" + b64(tree.root(13)) + "\n" +
                      std::string(16400, 'e') + "\n",
                  2),
        "note_malformed");
    std::string bad_utf8 = good;
    bad_utf8[2] = static_cast<char>(0xC0);
    add("not UTF-8 (text re-signed would not help: the framing fails first)", "NoteFraming",
        bad_utf8, "note_malformed");
    add("a carriage return", "NoteFraming",
        signed_by(std::string(kOrigin) + "\r\n13\n" + b64(tree.root(13)) + "\n", 2),
        "note_malformed");
    add("no blank line before the signatures", "NoteFraming", text + k.log_line(text),
        "note_malformed");
    add("no signature lines", "NoteFraming", text + "\n", "note_malformed");
    add("a signature line without the em dash", "NoteFraming",
        text + "\n" + k.log_line(text).substr(std::string(kEm).size()), "note_malformed");
    add("a signature line without a final newline", "NoteFraming", good.substr(0, good.size() - 1),
        "note_malformed");
    add("a key name with '+'", "NoteFraming", good + raw_line("a+b", with_id(1, Bytes(64, 7))),
        "note_malformed");
    add("a signature that is not base64", "NoteFraming", good + kEm + "x.example AAAA!AAA\n",
        "note_malformed");
    add("a signature of 4 bytes (key id only)", "NoteFraming",
        good + raw_line("x.example", with_id(1, {})), "note_malformed");
    {
        std::string many = good;
        for (int i = 0; i < 31; ++i)
            many += raw_line("x.example/" + std::to_string(i), with_id(1, Bytes(64, 1)));
        add("more than 32 signature lines", "NoteFraming", many, "note_malformed");
    }
    add("the same witness twice (two timestamps)", "NoteFraming",
        good + k.cosig(text, 0, 1795000100), "note_malformed");

    // Step 2: the checkpoint body.
    auto body = [&](const std::string& t, const char* comment) {
        add(comment, "CheckpointBody", signed_by(t, 2), "checkpoint_malformed");
    };
    body(std::string(kOrigin) + "\n13\n", "two lines");
    body("\n13\n" + b64(tree.root(13)) + "\n", "an empty origin");
    body(std::string(kOrigin) + "\n013\n" + b64(tree.root(13)) + "\n",
         "a size with a leading zero");
    body(std::string(kOrigin) + "\n+13\n" + b64(tree.root(13)) + "\n", "a size with a sign");
    body(std::string(kOrigin) + "\n9223372036854775808\n" + b64(tree.root(13)) + "\n",
         "a size of 2^63");
    body(std::string(kOrigin) + "\n13\n" + b64(Bytes(31, 1)) + "\n", "a root of 31 bytes");
    {
        // The last character before the padding carries 2 unused bits: set one.
        static const std::string kAlphabet =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        std::string r = b64(tree.root(13));
        r[42] = kAlphabet[kAlphabet.find(r[42]) | 1];
        body(std::string(kOrigin) + "\n13\n" + r + "\n", "a root in non-canonical base64");
    }
    body(std::string(kOrigin) + "\n13\n" + b64(tree.root(13)) + "\n\nx\n",
         "an empty extension line");
    body(std::string(kOrigin) + "\n0\n" + b64(tree.root(13)) + "\n",
         "size 0 with a root other than SHA-256(\"\")");

    // Step 3: origin.
    const std::string other = format_checkpoint_text({"ts.example/log/2", 13, tree.root(13), {}});
    add("another log's origin", "Origin", signed_by(other, 2), "log_unknown_origin");

    // Step 4: the log's signature.
    add("no log signature, only cosignatures", "LogSignature",
        text + "\n" + k.cosig(text, 0) + k.cosig(text, 1), "checkpoint_unsigned");
    add("the log's name with another key id is ignored: unsigned", "LogSignature",
        text + "\n" +
            sign_note_line(text, make_vkey(kOrigin, 1, k.stranger.public_key.bytes),
                           signer(k.stranger)) +
            k.cosig(text, 0) + k.cosig(text, 1),
        "checkpoint_unsigned");
    {
        const std::string t14 = format_checkpoint_text({kOrigin, 14, tree.root(14), {}});
        const std::string line14 = k.log_line(t14);
        add("the log's signature of another checkpoint", "LogSignature",
            text + "\n" + line14 + k.cosig(text, 0) + k.cosig(text, 1), "checkpoint_bad_signature");
    }
    add("a log signature of 63 bytes", "LogSignature",
        text + "\n" + raw_line(kOrigin, with_id(k.policy.log_key.key_id, Bytes(63, 5))) +
            k.cosig(text, 0) + k.cosig(text, 1),
        "checkpoint_bad_signature");

    // Step 5: cosignatures.
    {
        const std::string t14 = format_checkpoint_text({kOrigin, 14, tree.root(14), {}});
        std::string moved = k.cosig(t14, 1);
        add("a cosignature of another checkpoint", "Cosignature",
            text + "\n" + k.log_line(text) + k.cosig(text, 0) + moved + k.cosig(text, 2),
            "cosignature_invalid");
    }
    {
        auto n = parse_note(good);
        Bytes sig = with_id(k.policy.witnesses[1].key_id, n->signatures[2].signature);
        sig[4 + 7] ^= 1;  // the timestamp, which the signature covers
        add("a cosignature whose timestamp was changed", "Cosignature",
            text + "\n" + k.log_line(text) + k.cosig(text, 0) + raw_line("witness.example/w2", sig),
            "cosignature_invalid");
        Bytes no_ts = with_id(
            k.policy.witnesses[1].key_id,
            Bytes(n->signatures[2].signature.begin() + 8, n->signatures[2].signature.end()));
        add("a cosignature without its timestamp (64 bytes)", "Cosignature",
            text + "\n" + k.log_line(text) + k.cosig(text, 0) +
                raw_line("witness.example/w2", no_ts),
            "cosignature_invalid");
    }
    add("a cosignature with a timestamp of 2^63", "Cosignature",
        text + "\n" + k.log_line(text) + k.cosig(text, 0) +
            cosign_line(text, std::uint64_t{1} << 63, k.policy.witnesses[1], signer(k.w2)),
        "cosignature_invalid");
    add("one witness of a quorum of two", "Quorum", signed_by(text, 1),
        "cosignature_quorum_not_met");
    add("a witness's key signing as log (type 0x01) does not count", "Quorum",
        text + "\n" + k.log_line(text) + k.cosig(text, 0) +
            sign_note_line(text, make_vkey("witness.example/w2", 1, k.w2.public_key.bytes),
                           signer(k.w2)),
        "cosignature_quorum_not_met");
    add("an unknown witness does not count", "Quorum",
        signed_by(text, 1) + cosign_line(text, 1795000000,
                                         make_vkey("witness.example/w9", kSigTypeCosignatureV1,
                                                   k.stranger.public_key.bytes),
                                         signer(k.stranger)),
        "cosignature_quorum_not_met");
    return {{"type", "CheckpointVerify"}, {"policy", k.policy_json()}, {"tests", v.tests}};
}

Json vkey_vectors(const Keys& k) {
    Writer v;
    const std::string good = format_vkey(k.policy.log_key);
    auto add = [&](const char* comment, const std::string& vkey, int type, const char* expect) {
        v.add({{"comment", comment}, {"vkey", vkey}, {"type", type}, {"expect", expect}});
    };
    add("the log's vkey", good, 1, "valid");
    add("a witness vkey", format_vkey(k.policy.witnesses[0]), 4, "valid");
    add("C2SP signed-note example",
        "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k", 1, "valid");
    add("a log key where a witness key is expected", good, 4, "vkey_malformed");
    const std::size_t p1 = good.find('+'), p2 = good.find('+', p1 + 1);
    std::string wrong_id = good;
    wrong_id[p1 + 1] = wrong_id[p1 + 1] == '0' ? '1' : '0';
    add("a key id that does not match name and key", wrong_id, 1, "vkey_malformed");
    std::string upper = good;
    for (std::size_t i = p1 + 1; i < p2; ++i) upper[i] = static_cast<char>(std::toupper(upper[i]));
    if (upper != good) add("an uppercase key id", upper, 1, "vkey_malformed");
    add("an empty name", good.substr(p1), 1, "vkey_malformed");
    add("a name with a space", "ts example" + good.substr(p1), 1, "vkey_malformed");
    add("two parts", good.substr(0, p2), 1, "vkey_malformed");
    add("a fourth part after the key", good + "+AA==", 1, "vkey_malformed");
    add("key material of 32 bytes (no type byte)",
        good.substr(0, p2 + 1) +
            b64(Bytes(k.log.public_key.bytes.begin(), k.log.public_key.bytes.end())),
        1, "vkey_malformed");
    return {{"type", "VkeyParse"}, {"tests", v.tests}};
}

Json merkle_vectors(const Tree& tree) {
    Writer inc, con;
    const std::uint64_t size = 13;
    const Hash root = tree.root(size);
    auto add_inc = [&](const char* comment, std::uint64_t index, std::uint64_t n,
                       const std::string& leaf, const Json& proof, const std::string& r,
                       const char* expect) {
        inc.add({{"comment", comment},
                 {"leafIdx", index},
                 {"treeSize", n},
                 {"leafHash", leaf},
                 {"proof", proof},
                 {"root", r},
                 {"expect", expect}});
    };
    const Json p5 = hashes(*inclusion_proof(5, size, tree.at()));
    add_inc("leaf 5 of 13", 5, size, b64(tree.leaves[5]), p5, b64(root), "valid");
    add_inc("leaf 12 of 13 (right edge)", 12, size, b64(tree.leaves[12]),
            hashes(*inclusion_proof(12, size, tree.at())), b64(root), "valid");
    add_inc("another leaf", 5, size, b64(tree.leaves[6]), p5, b64(root), "inclusion_proof_invalid");
    add_inc("index = size", 13, size, b64(tree.leaves[5]), p5, b64(root),
            "inclusion_proof_invalid");
    add_inc("a leaf hash of 31 bytes", 5, size, b64(Bytes(31, 0)), p5, b64(root),
            "inclusion_proof_invalid");
    Json short_hash = p5;
    short_hash[1] = b64(Bytes(31, 0));
    add_inc("a proof hash of 31 bytes", 5, size, b64(tree.leaves[5]), short_hash, b64(root),
            "inclusion_proof_invalid");
    Json extra = p5;
    extra.push_back(b64(root));
    add_inc("one hash too many", 5, size, b64(tree.leaves[5]), extra, b64(root),
            "inclusion_proof_invalid");
    add_inc("the root of 12 entries", 5, size, b64(tree.leaves[5]), p5, b64(tree.root(12)),
            "inclusion_proof_invalid");
    {
        // fuzz_tlog: index ^ (size - 1) with bit 63 set made a shift by 64 (undefined in C++).
        Json p64 = Json::array();
        for (int i = 0; i < 64; ++i) p64.push_back(b64(tree.leaves[i % 16]));
        add_inc("a tree of 2^63 + 2048 entries: an inner proof of 64 hashes", 0,
                (std::uint64_t{1} << 63) + 2048, b64(tree.leaves[0]), p64, b64(root),
                "inclusion_proof_invalid");
    }

    auto add_con = [&](const char* comment, std::uint64_t s1, std::uint64_t s2, const Json& proof,
                       const std::string& r1, const std::string& r2, const char* expect) {
        con.add({{"comment", comment},
                 {"size1", s1},
                 {"size2", s2},
                 {"proof", proof},
                 {"root1", r1},
                 {"root2", r2},
                 {"expect", expect}});
    };
    const Json c7 = hashes(*consistency_proof(7, size, tree.at()));
    add_con("7 -> 13", 7, size, c7, b64(tree.root(7)), b64(root), "valid");
    add_con("8 -> 13 (size1 a power of two)", 8, size,
            hashes(*consistency_proof(8, size, tree.at())), b64(tree.root(8)), b64(root), "valid");
    add_con("13 -> 13, empty proof", size, size, Json::array(), b64(root), b64(root), "valid");
    add_con("a forked old root (history rewritten)", 7, size, c7, b64(tree.root(6)), b64(root),
            "consistency_proof_invalid");
    add_con("size1 > size2", size, 7, c7, b64(root), b64(tree.root(7)),
            "consistency_proof_invalid");
    add_con("equal sizes, other roots", size, size, Json::array(), b64(root), b64(tree.root(12)),
            "consistency_proof_invalid");
    add_con("from the empty tree", 0, size, Json::array(), b64(empty_root()), b64(root),
            "consistency_proof_invalid");
    Json trunc = c7;
    trunc.erase(trunc.size() - 1);
    add_con("truncated proof", 7, size, trunc, b64(tree.root(7)), b64(root),
            "consistency_proof_invalid");
    return Json::array({{{"type", "MerkleInclusion"}, {"tests", inc.tests}},
                        {{"type", "MerkleConsistency"}, {"tests", con.tests}}});
}

Json tile_vectors() {
    Writer v;
    auto add = [&](const char* comment, int level, std::uint64_t index, unsigned width) {
        v.add({{"comment", comment},
               {"level", level},
               {"index", index},
               {"width", width},
               {"path", level < 0 ? entries_path(index, width) : tile_path(level, index, width)}});
    };
    add("tlog-tiles example index 1234067", 0, 1234067, 256);
    add("a partial level-1 tile", 1, 5, 17);
    add("index 1000", 2, 1000, 256);
    add("index 999", 0, 999, 256);
    add("a partial entry bundle (level -1: entries)", -1, 0, 112);
    add("a full entry bundle", -1, 1000000, 256);
    return {{"type", "TilePath"}, {"tests", v.tests}};
}

Json witness_vectors(const Keys& k, const Tree& tree) {
    Writer v;
    auto note = [&](std::uint64_t size) {
        const std::string t = format_checkpoint_text({kOrigin, size, tree.root(size), {}});
        return t + "\n" + k.log_line(t);
    };
    auto request = [&](std::uint64_t old, std::vector<Hash> proof, const std::string& cp) {
        std::string r = "old " + std::to_string(old) + "\n";
        for (const Hash& h : proof) r += b64(h) + "\n";
        return r + "\n" + cp;
    };
    auto add = [&](const char* comment, const Json& stored, const std::string& body,
                   const char* expect) {
        const int http =
            std::string(expect) == "valid" ? 200 : witness_http_status(*parse_reason(expect));
        v.add({{"comment", comment},
               {"stored", stored},
               {"request", body},
               {"expect", expect},
               {"http", http}});
    };
    auto rec = [&](std::uint64_t size, const Hash& root) {
        return Json{{"size", size}, {"root", b64(root)}};
    };
    auto cons = [&](std::uint64_t a, std::uint64_t b) {
        return *consistency_proof(a, b, tree.at());
    };
    add("first checkpoint, old 0", nullptr, request(0, {}, note(8)), "valid");
    add("append 8 -> 13 with a consistency proof", rec(8, tree.root(8)),
        request(8, cons(8, 13), note(13)), "valid");
    add("the same checkpoint again", rec(13, tree.root(13)), request(13, {}, note(13)), "valid");
    add("no old line", nullptr, "\n" + note(8), "witness_bad_request");
    add("old with a leading zero", nullptr, "old 08\n\n" + note(8), "witness_bad_request");
    add("a proof line that is not a hash", rec(8, tree.root(8)), "old 8\nAAAA\n\n" + note(13),
        "witness_bad_request");
    {
        std::vector<Hash> many(64, tree.root(1));
        add("64 proof lines", rec(8, tree.root(8)), request(8, many, note(13)),
            "witness_bad_request");
    }
    add("old above the checkpoint size", rec(8, tree.root(8)), request(14, {}, note(13)),
        "witness_bad_request");
    add("a checkpoint that is not a note", nullptr, "old 0\n\n" + std::string(kOrigin) + "\n",
        "note_malformed");
    {
        const std::string t = format_checkpoint_text({"ts.example/log/2", 8, tree.root(8), {}});
        add("an unknown origin (404)", nullptr, request(0, {}, t + "\n" + k.log_line(t)),
            "log_unknown_origin");
        const std::string t8 = format_checkpoint_text({kOrigin, 8, tree.root(8), {}});
        add("no log signature (403)", nullptr, request(0, {}, t8 + "\n" + k.cosig(t8, 0)),
            "checkpoint_unsigned");
        const std::string t9 = format_checkpoint_text({kOrigin, 9, tree.root(9), {}});
        add("the log's signature of another checkpoint (403)", nullptr,
            request(0, {}, t8 + "\n" + k.log_line(t9)), "checkpoint_bad_signature");
    }
    add("old size other than the stored one (409)", rec(8, tree.root(8)),
        request(7, cons(7, 13), note(13)), "witness_conflict");
    add("old 0 once something was cosigned (409)", rec(8, tree.root(8)), request(0, {}, note(13)),
        "witness_conflict");
    add("a proof with old 0 (422)", nullptr, request(0, cons(8, 13), note(13)),
        "witness_inconsistent");
    add("a fork: the stored root at 8 differs (422)", rec(8, tree.root(7)),
        request(8, cons(8, 13), note(13)), "witness_inconsistent");
    add("equal size with another root (422)", rec(13, tree.root(12)), request(13, {}, note(13)),
        "witness_inconsistent");
    {
        const std::string t0 = format_checkpoint_text({kOrigin, 0, tree.root(3), {}});
        add("size 0 with a root other than SHA-256(\"\") (422)", nullptr,
            request(0, {}, t0 + "\n" + k.log_line(t0)), "witness_inconsistent");
    }
    add("a proof that does not verify (422)", rec(8, tree.root(8)),
        request(8, cons(7, 13), note(13)), "witness_inconsistent");
    return {{"type", "WitnessAddCheckpoint"}, {"policy", k.policy_json()}, {"tests", v.tests}};
}

Json bundle_vectors() {
    namespace tw = traceseal::tlog::testworld;
    Writer v;
    tw::World w = tw::story();
    const BundleV2 good = w.bundle(tw::kCode);
    auto b64b = [](const Bytes& b) { return base64_encode(b.data(), b.size()); };
    auto add = [&](const char* comment, const Bytes& bundle, const std::string& code,
                   const std::string& held, const char* expect,
                   std::vector<std::uint32_t> segments = {100, 199}) {
        v.add({{"comment", comment},
               {"bundle", b64b(bundle)},
               {"code", code},
               {"segments", segments},
               {"held", held.empty() ? Json(nullptr) : Json(held)},
               {"expect", expect}});
    };
    auto add_b = [&](const char* comment, const BundleV2& b, const char* expect) {
        add(comment, encode_bundle_v2(b), tw::kCode, "", expect);
    };
    add_b("a code's three events, complete", good, "valid");
    add("a code without events", encode_bundle_v2(w.bundle("00000100-00000007")),
        "00000100-00000007", "", "valid");
    BundleV2 b = good;
    b.events.erase(b.events.begin() + 1);
    add_b("the sale left out", b, "provenance_incomplete");
    b = good;
    b.events.pop_back();
    add_b("the pickup left out (no resale warning)", b, "provenance_incomplete");
    b = good;
    std::swap(b.events[1], b.events[2]);
    add_b("pickup and sale swapped", b, "provenance_out_of_order");
    b = good;
    b.events[2] = b.events[1];
    add_b("the sale twice", b, "provenance_duplicate_entry");
    add("another code's bundle", encode_bundle_v2(good), "00000100-00000001", "",
        "provenance_wrong_code");
    b = good;
    b.events[1].event = w.events[4];
    add_b("another code's event slipped in", b, "provenance_wrong_code");
    b = good;
    b.map_leaf = w.map200;
    b.map_index = 1;
    b.map_proof = leaves_proof(w.map, 1);
    add_b("another segment's genuine index leaf", b, "provenance_wrong_code");
    b = good;
    {
        auto e = *parse_event(b.events[2].event);
        e.state = "sold";
        b.events[2].event = encode_event(e);
    }
    add_b("the pickup rewritten as a sale", b, "inclusion_proof_invalid");
    b = good;
    b.events[0].details_blob[44] ^= 1;
    add_b("the activation's actor changed", b, "provenance_details_mismatch");
    b = good;
    b.serial_leaf.count = 2;
    add_b("a forged index leaf", b, "provenance_index_invalid");
    b = good;
    b.map_root[0] ^= 1;
    add_b("a forged segment map", b, "provenance_index_invalid");
    add("a segment outside the operator's ranges", encode_bundle_v2(good), tw::kCode, "",
        "provenance_not_authorized", {200, 299});
    Bytes bytes = encode_bundle_v2(good);
    bytes.pop_back();
    add("truncated", bytes, tw::kCode, "", "provenance_malformed");
    bytes = encode_bundle_v2(good);
    bytes[4] = 3;
    add("bundle version 3", bytes, tw::kCode, "", "provenance_unsupported_version");
    {
        tw::World one = tw::story();
        one.sign(1);
        add_b("one cosignature, quorum two", one.bundle(tw::kCode), "cosignature_quorum_not_met");
    }
    {
        // The operator broke the chain: the pickup's prev points at the activation.
        tw::World c;
        c.add("00000100-00000001", "activate", "activated");
        c.add(tw::kCode, "activate", "activated");
        c.add(tw::kCode, "sell", "sold");
        c.last[tw::kCode] = 2;
        c.add(tw::kCode, "pickup", "picked_up");
        c.seal();
        add_b("an event whose prev skips the one before", c.bundle(tw::kCode),
              "provenance_broken_chain");
    }
    // Against a held checkpoint.
    const std::uint64_t held_size = w.entries.size();
    tw::World grown = w;
    grown.add("00000100-00000004", "activate", "activated");
    grown.seal();
    auto subtrees = [](const tw::World& x) {
        return [&x](int level, std::uint64_t i) -> std::optional<Hash> {
            const std::uint64_t width = std::uint64_t{1} << level;
            CompactRange c;
            for (std::uint64_t k = i * width; k < (i + 1) * width; ++k)
                c.append(leaf_hash(x.entries[k]));
            return c.root();
        };
    };
    b = grown.bundle(tw::kCode);
    add("grown since the held checkpoint, no consistency proof", encode_bundle_v2(b), tw::kCode,
        w.note, "provenance_consistency_missing");
    b.held_size = held_size;
    b.consistency = *consistency_proof(held_size, grown.entries.size(), subtrees(grown));
    add("grown since the held checkpoint, with its consistency proof", encode_bundle_v2(b),
        tw::kCode, w.note, "valid");
    add("older than the held checkpoint", encode_bundle_v2(good), tw::kCode, grown.note,
        "provenance_rollback");
    {
        tw::World r;
        r.add("00000100-00000001", "activate", "activated");
        r.add(tw::kCode, "activate", "activated");
        r.add("00000100-00000003", "activate", "activated");
        r.add(tw::kCode, "sell", "sold");
        r.entries.back()[5] ^= 1;
        r.add("00000100-00000001", "sell", "sold");
        r.add(tw::kCode, "pickup", "picked_up");
        r.seal();
        r.add("00000100-00000004", "activate", "activated");
        r.seal();
        BundleV2 rb = r.bundle("00000100-00000001");
        rb.held_size = held_size;
        rb.consistency = *consistency_proof(held_size, r.entries.size(), subtrees(r));
        add("history rewritten and re-signed (another entry 3)", encode_bundle_v2(rb),
            "00000100-00000001", w.note, "provenance_history_rewritten");
    }
    Json witnesses = Json::array();
    for (const Vkey& k : w.policy.witnesses) witnesses.push_back(format_vkey(k));
    const Json policy = {{"origin", w.policy.origin},
                         {"log_vkey", format_vkey(w.policy.log_key)},
                         {"witnesses", witnesses},
                         {"quorum", w.policy.quorum}};
    return {{"type", "BundleVerify"}, {"policy", policy}, {"tests", v.tests}};
}

}  // namespace

Json tlog_vectors() {
    Keys k;
    Tree tree(16);
    Json groups = Json::array();
    groups.push_back(checkpoint_vectors(k, tree));
    groups.push_back(vkey_vectors(k));
    for (const Json& g : merkle_vectors(tree)) groups.push_back(g);
    groups.push_back(tile_vectors());
    groups.push_back(witness_vectors(k, tree));
    groups.push_back(bundle_vectors());
    std::size_t n = 0;
    for (const Json& g : groups) n += g["tests"].size();
    Json doc;
    doc["algorithm"] = "TraceSeal transparency log v2 (docs/FORMAT.md §10.6-§10.15)";
    doc["generator"] = "tests/tools/tlog_vectors.cpp";
    doc["numberOfTests"] = n;
    doc["entries"] = "entry i = the ASCII text \"entry \" + decimal(i); leaf hashes RFC 6962";
    doc["testGroups"] = groups;
    return doc;
}
