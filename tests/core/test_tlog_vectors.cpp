// The shared RFC 6962 proof cases of transparency-dev/merkle (../shared/vectors/
// transparency-dev-merkle, README there) against core/src/merkle.cpp (FORMAT.md §10.6).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "traceseal/tlog.h"

using namespace traceseal;
using namespace traceseal::tlog;
using Json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::vector<fs::path> cases(const char* kind) {
    std::vector<fs::path> out;
    const fs::path dir = fs::path(TRACESEAL_MERKLE_VECTORS_DIR) / "testdata" / kind;
    REQUIRE_MESSAGE(fs::is_directory(dir), "missing shared vectors: " << dir.string());
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file() && e.path().extension() == ".json") out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

Json load(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    Json j = Json::parse(ss.str(), nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    return j;
}

// Hashes are standard padded base64; "" is the empty byte string (an invalid hash).
Bytes b64(const Json& j) {
    auto b = base64_decode(j.get<std::string>());
    REQUIRE(b.has_value());
    return *b;
}
Proof proof_of(const Json& j) {
    Proof p;
    if (j.is_array())
        for (const Json& h : j) p.push_back(b64(h));
    return p;
}

}  // namespace

TEST_CASE("transparency-dev inclusion cases") {
    int n = 0, valid = 0;
    for (const fs::path& p : cases("inclusion")) {
        CAPTURE(p.string());
        Json t = load(p);
        auto err =
            verify_inclusion(t["leafIdx"].get<std::uint64_t>(), t["treeSize"].get<std::uint64_t>(),
                             b64(t["leafHash"]), proof_of(t["proof"]), b64(t["root"]));
        CHECK(err.has_value() == t["wantErr"].get<bool>());
        if (err) CHECK(err->reason == Reason::inclusion_proof_invalid);
        valid += !err;
        ++n;
    }
    MESSAGE(n << " inclusion cases, " << valid << " verify");
    CHECK(n == 98);
}

TEST_CASE("transparency-dev consistency cases") {
    int n = 0, valid = 0;
    for (const fs::path& p : cases("consistency")) {
        CAPTURE(p.string());
        Json t = load(p);
        auto err =
            verify_consistency(t["size1"].get<std::uint64_t>(), t["size2"].get<std::uint64_t>(),
                               proof_of(t["proof"]), b64(t["root1"]), b64(t["root2"]));
        CHECK(err.has_value() == t["wantErr"].get<bool>());
        if (err) CHECK(err->reason == Reason::consistency_proof_invalid);
        valid += !err;
        ++n;
    }
    MESSAGE(n << " consistency cases, " << valid << " verify");
    CHECK(n == 98);
}

// ---- Our own vectors: tests/vectors/tlog_v2.json (FORMAT.md §10.15) --------------------------

namespace {

LogPolicy policy_of(const Json& j) {
    LogPolicy p;
    p.origin = j["origin"].get<std::string>();
    auto log = parse_vkey(j["log_vkey"].get<std::string>(), kSigTypeEd25519);
    REQUIRE(log.has_value());
    p.log_key = *log;
    for (const Json& w : j["witnesses"]) {
        auto k = parse_vkey(w.get<std::string>(), kSigTypeCosignatureV1);
        REQUIRE(k.has_value());
        p.witnesses.push_back(*k);
    }
    p.quorum = j["quorum"].get<std::size_t>();
    return p;
}

std::string word(const std::optional<Error>& e) {
    return e ? std::string(to_string(e->reason)) : "valid";
}
template <typename T>
std::string word(const Result<T>& r) {
    return r ? "valid" : std::string(to_string(r.error().reason));
}

std::string run(const Json& group, const Json& t) {
    const std::string type = group["type"].get<std::string>();
    if (type == "CheckpointVerify") {
        std::string note;
        if (t.contains("note_b64")) {
            Bytes b = b64(t["note_b64"]);
            note.assign(b.begin(), b.end());
        } else {
            note = t["note"].get<std::string>();
        }
        return word(verify_checkpoint_note(note, policy_of(group["policy"])));
    }
    if (type == "VkeyParse")
        return word(parse_vkey(t["vkey"].get<std::string>(), t["type"].get<std::uint8_t>()));
    if (type == "MerkleInclusion")
        return word(verify_inclusion(t["leafIdx"].get<std::uint64_t>(),
                                     t["treeSize"].get<std::uint64_t>(), b64(t["leafHash"]),
                                     proof_of(t["proof"]), b64(t["root"])));
    if (type == "MerkleConsistency")
        return word(verify_consistency(t["size1"].get<std::uint64_t>(),
                                       t["size2"].get<std::uint64_t>(), proof_of(t["proof"]),
                                       b64(t["root1"]), b64(t["root2"])));
    if (type == "TilePath") {
        const int level = t["level"].get<int>();
        const auto index = t["index"].get<std::uint64_t>();
        const auto width = t["width"].get<unsigned>();
        const std::string got =
            level < 0 ? entries_path(index, width) : tile_path(level, index, width);
        return got == t["path"].get<std::string>() ? "valid" : "path " + got;
    }
    if (type == "WitnessAddCheckpoint") {
        auto req = parse_add_checkpoint(t["request"].get<std::string>());
        if (!req) return word(req);
        std::optional<WitnessRecord> stored;
        if (!t["stored"].is_null()) {
            WitnessRecord w;
            w.size = t["stored"]["size"].get<std::uint64_t>();
            Bytes root = b64(t["stored"]["root"]);
            REQUIRE(root.size() == 32);
            std::copy(root.begin(), root.end(), w.root.begin());
            stored = w;
        }
        auto r = witness_check(*req, policy_of(group["policy"]), stored);
        CHECK((r ? 200 : witness_http_status(r.error().reason)) == t["http"].get<int>());
        return word(r);
    }
    if (type == "BundleVerify") {
        const LogPolicy policy = policy_of(group["policy"]);
        std::optional<VerifiedCheckpoint> held;
        if (!t["held"].is_null()) {
            auto h = verify_checkpoint_note(t["held"].get<std::string>(), policy);
            REQUIRE(h.has_value());
            held = *h;
        }
        const std::vector<SegmentSpan> segments = {
            {t["segments"][0].get<std::uint32_t>(), t["segments"][1].get<std::uint32_t>()}};
        return word(verify_bundle_v2(b64(t["bundle"]), policy, segments,
                                     t["code"].get<std::string>(), held ? &*held : nullptr));
    }
    FAIL("unknown test group type " << type);
    return "";
}

}  // namespace

TEST_CASE("tlog_v2.json: notes, checkpoints, vkeys, proofs, tile paths, the witness") {
    std::ifstream in(std::string(TRACESEAL_VECTORS_DIR) + "/tlog_v2.json");
    REQUIRE(in);
    std::stringstream ss;
    ss << in.rdbuf();
    Json doc = Json::parse(ss.str(), nullptr, false);
    REQUIRE_FALSE(doc.is_discarded());
    std::size_t n = 0;
    for (const Json& group : doc["testGroups"]) {
        for (const Json& t : group["tests"]) {
            CAPTURE(group["type"].get<std::string>());
            CAPTURE(t["tcId"].get<int>());
            CAPTURE(t["comment"].get<std::string>());
            const std::string want = t.contains("expect") ? t["expect"].get<std::string>() : "";
            CHECK(run(group, t) == (group["type"] == "TilePath" ? "valid" : want));
            ++n;
        }
    }
    MESSAGE(n << " tlog_v2 vectors");
    CHECK(n == doc["numberOfTests"].get<std::size_t>());
}
