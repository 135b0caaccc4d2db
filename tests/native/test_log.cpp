// native/log: the tlog-tiles writer, proofs read back from tiles, resuming from a checkpoint,
// immutable full tiles, and the witness refusing a fork (FORMAT.md §10.8–§10.14).
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>

#include "log_files.h"
#include "log_writer.h"
#include "tile_reader.h"
#include "witness.h"

using namespace traceseal;
using namespace traceseal::log;
using tlog::Hash;
namespace fs = std::filesystem;

namespace {

constexpr const char* kOrigin = "ts.example/log/1";

std::string temp_dir(const char* name) {
    fs::path p =
        fs::temp_directory_path() / ("traceseal-test-log-" + std::to_string(getpid()) + "-" + name);
    fs::remove_all(p);
    return p.string();
}
Bytes entry(std::uint64_t i, char tag = 'a') {
    std::string s = std::string(1, tag) + " entry " + std::to_string(i);
    return Bytes(s.begin(), s.end());
}
SecretKey secret(std::uint8_t b) {
    Seed s{};
    s.fill(b);
    return keypair_from_seed(s).secret_key;
}
Bytes bytes(const Hash& h) {
    return Bytes(h.begin(), h.end());
}
tlog::Proof proof_bytes(const std::vector<Hash>& p) {
    tlog::Proof out;
    for (const Hash& h : p) out.push_back(bytes(h));
    return out;
}
tlog::LogPolicy policy_for(const Signer& log_key, const Signer& witness) {
    tlog::LogPolicy p;
    p.origin = kOrigin;
    p.log_key = log_key.vkey();
    p.witnesses = {witness.vkey()};
    p.quorum = 1;
    return p;
}

}  // namespace

TEST_CASE("the writer publishes tlog-tiles whose proofs verify, and resumes from a checkpoint") {
    const std::string dir = temp_dir("tiles");
    KeySigner key(kOrigin, tlog::kSigTypeEd25519, secret(1));
    tlog::CompactRange expect;
    std::vector<std::pair<std::uint64_t, Hash>> checkpoints;
    {
        auto w = LogWriter::open(dir, kOrigin);
        REQUIRE(w.has_value());
        for (std::uint64_t i = 0; i < 70000; ++i) {
            REQUIRE(w->append(entry(i)).has_value());
            expect.append(tlog::leaf_hash(entry(i)));
            if (i + 1 == 1000 || i + 1 == 65536 || i + 1 == 70000) {
                auto note = w->sign_checkpoint(key);
                REQUIRE(note.has_value());
                REQUIRE_FALSE(w->publish_checkpoint(*note).has_value());
                checkpoints.emplace_back(i + 1, w->root());
            }
        }
        CHECK(w->root() == expect.root());
    }
    // tlog-tiles' own example: 70,000 entries.
    CHECK(fs::file_size(dir + "/tile/0/272") == 8192);
    CHECK(fs::file_size(dir + "/tile/0/273.p/112") == 112 * 32);
    CHECK(fs::file_size(dir + "/tile/1/000") == 8192);
    CHECK(fs::file_size(dir + "/tile/1/001.p/17") == 17 * 32);
    CHECK(fs::file_size(dir + "/tile/2/000.p/1") == 32);
    CHECK(fs::exists(dir + "/tile/entries/273.p/112"));
    CHECK_FALSE(fs::exists(dir + "/tile/0/274"));

    for (auto [size, root] : checkpoints) {
        CAPTURE(size);
        for (std::uint64_t i : {std::uint64_t{0}, size / 3, size - 1}) {
            auto p = read_inclusion_proof(dir, i, size);
            REQUIRE(p.has_value());
            CHECK_FALSE(tlog::verify_inclusion(i, size, bytes(tlog::leaf_hash(entry(i))),
                                               proof_bytes(*p), bytes(root))
                            .has_value());
        }
        TileReader r(dir, size);
        CHECK(r.entry(size - 1) == entry(size - 1));
    }
    for (std::size_t a = 0; a < checkpoints.size(); ++a)
        for (std::size_t b = a + 1; b < checkpoints.size(); ++b) {
            auto p = read_consistency_proof(dir, checkpoints[a].first, checkpoints[b].first);
            REQUIRE(p.has_value());
            CHECK_FALSE(tlog::verify_consistency(checkpoints[a].first, checkpoints[b].first,
                                                 proof_bytes(*p), bytes(checkpoints[a].second),
                                                 bytes(checkpoints[b].second))
                            .has_value());
        }

    // Resume at 70000 and go on: the same tree as writing it in one go.
    auto w = LogWriter::open(dir, kOrigin);
    REQUIRE(w.has_value());
    // One writer at a time.
    auto second = LogWriter::open(dir, kOrigin);
    REQUIRE_FALSE(second.has_value());
    CHECK(second.error().reason == Reason::store_failed);
    CHECK(second.error().detail.find("another writer") != std::string::npos);
    CHECK(w->size() == 70000);
    CHECK(w->root() == expect.root());
    for (std::uint64_t i = 70000; i < 70300; ++i) {
        REQUIRE(w->append(entry(i)).has_value());
        expect.append(tlog::leaf_hash(entry(i)));
    }
    CHECK(w->root() == expect.root());
    auto note = w->sign_checkpoint(key);
    REQUIRE(note.has_value());
    REQUIRE_FALSE(w->publish_checkpoint(*note).has_value());
    auto p = read_inclusion_proof(dir, 70299, 70300);
    REQUIRE(p.has_value());
    CHECK_FALSE(tlog::verify_inclusion(70299, 70300, bytes(tlog::leaf_hash(entry(70299))),
                                       proof_bytes(*p), bytes(expect.root()))
                    .has_value());
    w = LogWriter::open(dir + "-other", kOrigin);  // releases the lock on dir
    CHECK(LogWriter::open(dir, "ts.example/log/2").error().reason == Reason::log_unknown_origin);
    fs::remove_all(dir);
    fs::remove_all(dir + "-other");
}

TEST_CASE("full tiles are immutable: another history over them is log_tile_conflict") {
    const std::string dir = temp_dir("conflict");
    {
        auto w = LogWriter::open(dir, kOrigin);
        for (std::uint64_t i = 0; i < 256; ++i) REQUIRE(w->append(entry(i)).has_value());
    }
    // No checkpoint was written, so a second writer starts from nothing, with other entries.
    auto w = LogWriter::open(dir, kOrigin);
    REQUIRE(w.has_value());
    for (std::uint64_t i = 0; i < 255; ++i) REQUIRE(w->append(entry(i, 'b')).has_value());
    auto r = w->append(entry(255, 'b'));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().reason == Reason::log_tile_conflict);
    // A tampered tile of the right edge (the partial level-0 tile of 300) is found when the
    // writer resumes; tiles below the edge are not re-hashed (opening stays O(log N)).
    const std::string dir2 = temp_dir("tampered");
    KeySigner key(kOrigin, tlog::kSigTypeEd25519, secret(1));
    {
        auto w2 = LogWriter::open(dir2, kOrigin);
        for (std::uint64_t i = 0; i < 300; ++i) REQUIRE(w2->append(entry(i)).has_value());
        REQUIRE_FALSE(w2->publish_checkpoint(*w2->sign_checkpoint(key)).has_value());
    }
    auto tile = read_file(dir2 + "/tile/0/001.p/44");
    REQUIRE(tile.has_value());
    (*tile)[100] ^= 1;
    REQUIRE_FALSE(write_atomic(dir2 + "/tile/0/001.p/44", *tile, false).has_value());
    CHECK(LogWriter::open(dir2, kOrigin).error().reason == Reason::log_tile_conflict);
    fs::remove_all(dir);
    fs::remove_all(dir2);
}

TEST_CASE("the witness cosigns the log's growth, persists it, and refuses a fork") {
    const std::string dir = temp_dir("witnessed"), fork_dir = temp_dir("fork"),
                      state = temp_dir("witness-state");
    KeySigner log_key(kOrigin, tlog::kSigTypeEd25519, secret(1));
    KeySigner witness_key("witness.example/w1", tlog::kSigTypeCosignatureV1, secret(2));
    const tlog::LogPolicy policy = policy_for(log_key, witness_key);
    auto w = LogWriter::open(dir, kOrigin);
    REQUIRE(w.has_value());
    auto grow = [&](LogWriter& lw, std::uint64_t to, char tag) {
        while (lw.size() < to) REQUIRE(lw.append(entry(lw.size(), tag)).has_value());
        auto n = lw.sign_checkpoint(log_key);
        REQUIRE(n.has_value());
        return *n;
    };
    auto request = [&](const std::string& log_dir, std::uint64_t old, std::uint64_t size,
                       const std::string& note) {
        tlog::AddCheckpointRequest r;
        r.old_size = old;
        if (old > 0) r.proof = proof_bytes(*read_consistency_proof(log_dir, old, size));
        r.checkpoint = note;
        return tlog::format_add_checkpoint(r);
    };

    const std::string note10 = grow(*w, 10, 'a');
    {
        Witness witness(state, {policy}, witness_key);
        auto r = witness.add_checkpoint(request(dir, 0, 10, note10), 1795000000);
        REQUIRE(r.http == 200);
        // The cosigned checkpoint meets a quorum of one.
        REQUIRE_FALSE(w->publish_checkpoint(note10 + r.body).has_value());
        CHECK(tlog::verify_checkpoint_note(note10 + r.body, policy).has_value());
    }
    // A new process (a new Witness) reads the persisted state.
    Witness witness(state, {policy}, witness_key);
    // A line posing as this witness in the request is not kept: the record stays readable.
    tlog::NoteSignature posing{"witness.example/w1", witness_key.vkey().key_id, Bytes(72, 0)};
    const std::string note300 = grow(*w, 300, 'a') + tlog::format_signature_line(posing);
    auto r = witness.add_checkpoint(request(dir, 10, 300, note300), 1795000100);
    CHECK(r.http == 200);
    CHECK(witness.latest(kOrigin)->find("\n300\n") != std::string::npos);

    // A stale client (old 10 again) gets 409 and the stored size.
    auto stale = witness.add_checkpoint(request(dir, 10, 300, note300), 1795000200);
    CHECK(stale.http == 409);
    CHECK(stale.body == "300\n");

    // The operator forks: same origin, same key, another history after entry 150.
    auto f = LogWriter::open(fork_dir, kOrigin);
    REQUIRE(f.has_value());
    for (std::uint64_t i = 0; i < 150; ++i) REQUIRE(f->append(entry(i, 'a')).has_value());
    const std::string fork400 = grow(*f, 400, 'z');
    auto forked = witness.add_checkpoint(request(fork_dir, 300, 400, fork400), 1795000300);
    CHECK(forked.http == 422);
    REQUIRE(forked.error.has_value());
    CHECK(forked.error->reason == Reason::witness_inconsistent);
    // Nothing was persisted: the honest log still extends.
    const std::string note500 = grow(*w, 500, 'a');
    CHECK(witness.add_checkpoint(request(dir, 300, 500, note500), 1795000400).http == 200);

    // A checkpoint of a log the witness does not know, and one not signed by the log.
    tlog::LogPolicy other = policy;
    other.origin = "ts.example/log/9";
    Witness stranger(state, {other}, witness_key);
    CHECK(stranger.add_checkpoint(request(dir, 0, 500, note500), 1795000500).http == 404);
    KeySigner impostor(kOrigin, tlog::kSigTypeEd25519, secret(7));
    auto g = LogWriter::open(temp_dir("impostor"), kOrigin);
    for (int i = 0; i < 3; ++i) REQUIRE(g->append(entry(i)).has_value());
    auto bad = g->sign_checkpoint(impostor);
    CHECK(witness.add_checkpoint(request(dir, 0, 3, *bad), 1795000600).http == 403);
    CHECK(witness.add_checkpoint("old 500\n\n" + *bad, 1795000600).http == 400);  // old > size
    fs::remove_all(dir);
    fs::remove_all(fork_dir);
    fs::remove_all(state);
    fs::remove_all(temp_dir("impostor"));
}
