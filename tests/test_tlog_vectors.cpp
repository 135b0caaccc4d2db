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
