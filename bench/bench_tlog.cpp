// The transparency log at scale (FORMAT.md §10 v2): writes N event entries with the real writer
// (native/log, durable checkpoints every 10^6), prints entries/s, tile bytes per 10^6 entries,
// proof read + verify times, and computes bundle v2 sizes (§10.12) at 10^9 and 10^10 entries.
// The real bundle and its log policy go to DIR.bundle.json for the WASM figure
// (tests/web/bench_tlog.mjs verifies that same bundle under Node).
// Usage: bench_tlog [N (default 10^7)] [DIR (default build/bench-tlog)]
#include <sys/stat.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include "log_writer.h"
#include "tile_reader.h"

using namespace traceseal;
using namespace traceseal::log;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {

double ms_since(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

// event_entry = 0x01 || commitment (§10.7); the commitment here is SHA-256 of the index.
Bytes event_entry(std::uint64_t i) {
    std::uint8_t b[8];
    for (int k = 0; k < 8; ++k) b[k] = static_cast<std::uint8_t>(i >> (56 - 8 * k));
    const tlog::Hash c = tlog::sha256(b, 8);
    Bytes e(1 + c.size(), 0x01);
    std::copy(c.begin(), c.end(), e.begin() + 1);
    return e;
}

std::uint64_t bytes_under(const fs::path& p, bool entries) {
    std::uint64_t n = 0;
    for (const auto& e : fs::recursive_directory_iterator(p)) {
        if (!e.is_regular_file()) continue;
        const bool is_entries = e.path().string().find("/tile/entries/") != std::string::npos;
        if (is_entries == entries) n += e.file_size();
    }
    return n;
}

// Bytes the file system allocated for the files under p (st_blocks: whole blocks), and how many.
std::pair<std::uint64_t, std::uint64_t> disk_used(const fs::path& p) {
    std::uint64_t n = 0, files = 0;
    struct stat st;
    for (const auto& e : fs::recursive_directory_iterator(p))
        if (::lstat(e.path().c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
            n += static_cast<std::uint64_t>(st.st_blocks) * 512;
            ++files;
        }
    return {n, files};
}

tlog::Proof proof_bytes(const std::vector<tlog::Hash>& p) {
    tlog::Proof out;
    for (const auto& h : p) out.emplace_back(h.begin(), h.end());
    return out;
}

int ceil_log2(std::uint64_t n) {
    int k = 0;
    while ((std::uint64_t{1} << k) < n) ++k;
    return k;
}

// §10.12 byte count of a bundle for a code with `events` events in a log of `size` entries:
// worst-case event proofs (ceil(log2 size) hashes each), the index entry's exact proof (it is
// the last entry: RFC 9162 gives it popcount(size - 1) hashes), the operator's
// `segments` segments of `serials` serials each, the checkpoint note with 3 cosignatures as the
// writer and witness make them (measured `note_bytes`), details sealed (32 + 50 + 48 bytes).
std::size_t bundle_size(std::uint64_t size, int events, std::uint64_t segments,
                        std::uint64_t serials, std::size_t note_bytes) {
    const std::size_t proof_log = 1 + 32 * ceil_log2(size);
    std::size_t n = 5 + 4 + note_bytes + 4 + 17;
    n += 32 + 1 + 32 * static_cast<std::size_t>(__builtin_popcountll(size - 1));  // index entry
    n += 4 + 4 + 41 + 1 + 32 * ceil_log2(segments);                       // map leaf and proof
    n += 45 + 1 + 32 * ceil_log2(serials);                                // serial leaf and proof
    n += 2;                                                               // n_events
    const std::size_t event = (4 + 17) + 8 + (4 + 8) + (4 + 9) + 4 + 32;  // §10.7 `event`
    const std::size_t blob = 32 + (8 + 4 + 10 + 4 + 20 + 4) + 48;         // sealed details
    n += events * (8 + 32 + 4 + event + proof_log + 1 + 4 + blob);
    n += 8 + 1;  // no consistency proof
    return n;
}

}  // namespace

int main(int argc, char** argv) {
    const std::uint64_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10'000'000;
    const std::string dir = argc > 2 ? argv[2] : "build/bench-tlog";
    fs::remove_all(dir);
    const std::string origin = "ts.example/log/1";
    Seed seed{};
    seed.fill(7);
    KeySigner key(origin, tlog::kSigTypeEd25519, keypair_from_seed(seed).secret_key);
    auto w = LogWriter::open(dir, origin);
    if (!w) return std::fprintf(stderr, "%s\n", w.error().detail.c_str()), 2;

    // One real code's three events (§10.7) among the synthetic entries: activation, sale, pickup.
    const std::string code = "00000100-00000002";
    const std::uint64_t at[3] = {n / 8, n / 2, n - 2};
    const char* types[3] = {"activate", "sell", "pickup"};
    const char* states[3] = {"activated", "sold", "picked_up"};
    auto salt = [](std::uint64_t i, std::uint8_t kind) {
        std::uint8_t b[9] = {kind};
        for (int k = 0; k < 8; ++k) b[1 + k] = static_cast<std::uint8_t>(i >> (8 * k));
        return tlog::sha256(b, sizeof b);
    };
    std::vector<Bytes> real_events, real_blobs;
    for (int k = 0; k < 3; ++k) {
        const Bytes details = tlog::encode_details(1795000000 + k * 86400, "till-4", "Sanya", "");
        const tlog::Hash ds = salt(at[k], 2);
        tlog::Event e{code, k == 0 ? 0 : at[k - 1] + 1,           types[k], states[k],
                      "",   tlog::details_commitment(ds, details)};
        real_events.push_back(tlog::encode_event(e));
        Bytes blob(ds.begin(), ds.end());
        blob.insert(blob.end(), details.begin(), details.end());
        real_blobs.push_back(blob);
    }
    auto entry_at = [&](std::uint64_t i) {
        for (int k = 0; k < 3; ++k)
            if (i == at[k])
                return tlog::event_entry(tlog::event_commitment(salt(i, 1), real_events[k]));
        return event_entry(i);
    };
    std::vector<std::pair<std::uint64_t, tlog::Hash>> checkpoints;
    const auto t0 = Clock::now();
    double checkpoint_ms = 0;
    for (std::uint64_t i = 0; i < n; ++i) {
        if (auto r = w->append(entry_at(i)); !r)
            return std::fprintf(stderr, "%s\n", r.error().detail.c_str()), 2;
        if ((i + 1) % 1'000'000 == 0 || i + 1 == n) {
            const auto tc = Clock::now();
            auto note = w->sign_checkpoint(key);
            if (!note || w->publish_checkpoint(*note)) return 2;
            checkpoint_ms += ms_since(tc);
            checkpoints.emplace_back(i + 1, w->root());
        }
    }
    const double write_ms = ms_since(t0);
    const std::uint64_t tiles = bytes_under(dir, false), bundles = bytes_under(dir, true);
    const auto [used, files] = disk_used(dir);
    std::printf("entries written: %llu (33-byte event entries), %.1f s, %.0f entries/s\n",
                static_cast<unsigned long long>(n), write_ms / 1000, n / (write_ms / 1000));
    std::printf("checkpoints: %zu (syncfs + signed note each), %.1f ms each\n", checkpoints.size(),
                checkpoint_ms / checkpoints.size());
    std::printf(
        "hash tiles: %llu bytes = %.0f bytes per 10^6 entries; entry bundles: %llu bytes = "
        "%.0f per 10^6\n",
        static_cast<unsigned long long>(tiles), tiles / (n / 1e6),
        static_cast<unsigned long long>(bundles), bundles / (n / 1e6));
    std::printf("disk used: %llu files, %llu bytes allocated = %.0f per 10^6 entries\n",
                static_cast<unsigned long long>(files), static_cast<unsigned long long>(used),
                used / (n / 1e6));

    std::mt19937_64 rng(20261201);
    const auto [size, root] = checkpoints.back();
    const Bytes root_b(root.begin(), root.end());
    const int reps = 1000;
    double read_ms = 0, verify_ms = 0;
    std::size_t hashes = 0;
    for (int k = 0; k < reps; ++k) {
        const std::uint64_t i = rng() % size;
        auto tr = Clock::now();
        auto p = read_inclusion_proof(dir, i, size);
        read_ms += ms_since(tr);
        if (!p) return std::fprintf(stderr, "%s\n", p.error().detail.c_str()), 2;
        hashes += p->size();
        const tlog::Hash leaf = tlog::leaf_hash(entry_at(i));
        const auto pb = proof_bytes(*p);
        auto tv = Clock::now();
        auto e = tlog::verify_inclusion(i, size, Bytes(leaf.begin(), leaf.end()), pb, root_b);
        verify_ms += ms_since(tv);
        if (e) return std::fprintf(stderr, "inclusion failed: %s\n", e->detail.c_str()), 2;
    }
    std::printf(
        "inclusion proof at size %llu: %.1f hashes, read from tiles %.3f ms, verify %.4f "
        "ms (mean of %d)\n",
        static_cast<unsigned long long>(size), double(hashes) / reps, read_ms / reps,
        verify_ms / reps, reps);
    if (checkpoints.size() >= 2) {
        const auto [s1, r1] = checkpoints[checkpoints.size() / 2 - 1];
        auto tr = Clock::now();
        auto p = read_consistency_proof(dir, s1, size);
        const double cread = ms_since(tr);
        if (!p) return 2;
        const auto pb = proof_bytes(*p);
        auto tv = Clock::now();
        auto e = tlog::verify_consistency(s1, size, pb, Bytes(r1.begin(), r1.end()), root_b);
        const double cverify = ms_since(tv);
        if (e) return std::fprintf(stderr, "consistency failed\n"), 2;
        std::printf("consistency proof %llu -> %llu: %zu hashes, read %.3f ms, verify %.4f ms\n",
                    static_cast<unsigned long long>(s1), static_cast<unsigned long long>(size),
                    p->size(), cread, cverify);
    }

    // The checkpoint note as published: log signature + 3 cosignatures (lengths of real lines).
    auto note = *w->sign_checkpoint(key);
    std::string with_cosigs = note;
    for (int k = 1; k <= 3; ++k) {
        KeySigner wk("witness.example/w" + std::to_string(k), tlog::kSigTypeCosignatureV1,
                     keypair_from_seed(seed).secret_key);
        with_cosigs += tlog::cosign_line(note.substr(0, note.find("\n\n") + 1), 1795000000,
                                         wk.vkey(), wk.as_function());
    }
    std::printf("checkpoint note with 3 cosignatures: %zu bytes\n", with_cosigs.size());
    {
        // Bundle v2 verification work at 10^9 entries (§10.13): the cosigned checkpoint and six
        // inclusion proofs (3 events x 30 hashes, index entry 21, segment map 6, serial 20),
        // made valid by computing their roots.
        tlog::LogPolicy policy;
        policy.origin = origin;
        policy.log_key = key.vkey();
        for (int k = 1; k <= 3; ++k)
            policy.witnesses.push_back(tlog::make_vkey("witness.example/w" + std::to_string(k),
                                                       tlog::kSigTypeCosignatureV1,
                                                       keypair_from_seed(seed).public_key.bytes));
        policy.quorum = 3;
        struct P {
            std::uint64_t index, size;
            Bytes leaf, root;
            tlog::Proof proof;
        };
        std::vector<P> ps;
        const std::uint64_t g = 1'000'000'000;
        for (auto [i, sz] :
             std::vector<std::pair<std::uint64_t, std::uint64_t>>{{123456789, g},
                                                                  {456789012, g},
                                                                  {987654321, g},
                                                                  {g - 1, g},
                                                                  {40, 64},
                                                                  {765432, 1'000'000}}) {
            P q{i, sz, Bytes(32), {}, {}};
            for (auto& b : q.leaf) b = static_cast<std::uint8_t>(rng());
            const int inner = 64 - __builtin_clzll((i ^ (sz - 1)) | 1) - ((i ^ (sz - 1)) ? 0 : 1);
            const int n = inner + __builtin_popcountll(i >> inner);
            for (int k = 0; k < n; ++k) {
                Bytes h(32);
                for (auto& b : h) b = static_cast<std::uint8_t>(rng());
                q.proof.push_back(h);
            }
            auto root = tlog::root_from_inclusion_proof(i, sz, q.leaf, q.proof);
            if (!root)
                return std::fprintf(stderr, "synthetic proof: %s\n", root.error().detail.c_str()),
                       2;
            q.root.assign(root->begin(), root->end());
            ps.push_back(std::move(q));
        }
        const int n_rep = 200;
        const auto tn = Clock::now();
        for (int r = 0; r < n_rep; ++r)
            if (!tlog::verify_checkpoint_note(with_cosigs, policy))
                return std::fprintf(stderr, "checkpoint refused\n"), 2;
        const double note_ms = ms_since(tn) / n_rep;
        const auto tp = Clock::now();
        for (int r = 0; r < n_rep; ++r)
            for (const P& q : ps)
                if (tlog::verify_inclusion(q.index, q.size, q.leaf, q.proof, q.root)) return 2;
        const double proofs_ms = ms_since(tp) / n_rep;
        std::printf(
            "bundle v2 verification work at 10^9 entries (native): checkpoint note %.3f ms "
            "+ 6 inclusion proofs %.3f ms = %.3f ms\n",
            note_ms, proofs_ms, note_ms + proofs_ms);
    }
    for (std::uint64_t s : {std::uint64_t{1'000'000'000}, std::uint64_t{10'000'000'000}}) {
        // The note grows by the extra size digits.
        const std::size_t nb =
            with_cosigs.size() + std::to_string(s).size() - std::to_string(size).size();
        std::printf(
            "bundle v2, 3 events, 3 cosignatures, log of %.0e entries: %zu bytes "
            "(segments of 10^6 serials, 64 segments); %zu bytes (segments of 2^24, 1024 "
            "segments)\n",
            double(s), bundle_size(s, 3, 64, 1'000'000, nb), bundle_size(s, 3, 1024, 1u << 24, nb));
    }

    {
        // A real bundle v2 at n + 1 entries: the index entry (4 segments of 1000 serials) closes
        // the log, the checkpoint gets 3 cosignatures, the proofs are read from the tiles.
        std::vector<Bytes> serials(1000, tlog::encode_serial_leaf({}));
        tlog::SerialLeaf mine{3, at[2] + 1, 3, salt(2, 3)};
        serials[1] = tlog::encode_serial_leaf(mine);
        std::vector<Bytes> map;
        tlog::MapLeaf leaf100{};
        for (std::uint32_t sg = 100; sg < 104; ++sg) {
            tlog::MapLeaf ml{
                sg, 1, 1000,
                tlog::leaves_root(
                    sg == 100 ? serials : std::vector<Bytes>(1000, tlog::encode_serial_leaf({})))};
            if (sg == 100) leaf100 = ml;
            map.push_back(tlog::encode_map_leaf(ml));
        }
        const tlog::Hash map_root = tlog::leaves_root(map);
        if (!w->append(tlog::index_entry(n, map_root))) return 2;
        const std::string text = *w->sign_checkpoint(key);
        const std::string body = text.substr(0, text.find("\n\n") + 1);
        std::string note = text;
        tlog::LogPolicy policy;
        policy.origin = origin;
        policy.log_key = key.vkey();
        for (int k = 1; k <= 3; ++k) {
            Seed ws{};
            ws.fill(static_cast<std::uint8_t>(20 + k));
            KeySigner wk("witness.example/w" + std::to_string(k), tlog::kSigTypeCosignatureV1,
                         keypair_from_seed(ws).secret_key);
            note += tlog::cosign_line(body, 1795000000, wk.vkey(), wk.as_function());
            policy.witnesses.push_back(wk.vkey());
        }
        policy.quorum = 3;
        if (w->publish_checkpoint(note)) return 2;
        const std::uint64_t size = n + 1;
        tlog::BundleV2 b;
        b.checkpoint = note;
        b.code_number = code;
        b.map_root = map_root;
        b.index_proof = *read_inclusion_proof(dir, n, size);
        b.map_index = 0;
        b.map_size = static_cast<std::uint32_t>(map.size());
        b.map_leaf = leaf100;
        b.map_proof = tlog::leaves_proof(map, 0);
        b.serial_leaf = mine;
        b.serial_proof = tlog::leaves_proof(serials, 1);
        Seed is{};
        is.fill(9);
        const BoxKeyPair inspector = box_keypair_from_seed(is);
        for (int k = 0; k < 3; ++k) {
            tlog::BundleEvent e{at[k],          salt(at[k], 1),
                                real_events[k], *read_inclusion_proof(dir, at[k], size),
                                k > 0,          real_blobs[k]};
            if (e.sealed) e.details_blob = seal_to(inspector.public_key, real_blobs[k], is);
            b.events.push_back(e);
        }
        const Bytes bundle = tlog::encode_bundle_v2(b);
        const int reps = 100;
        const auto tv = Clock::now();
        for (int r = 0; r < reps; ++r) {
            auto h = tlog::verify_bundle_v2(bundle, policy, {{100, 199}}, code, nullptr);
            if (!h)
                return std::fprintf(stderr, "bundle refused: %s\n", h.error().detail.c_str()), 2;
        }
        std::printf(
            "measured bundle v2 at %llu entries (3 events, 2 sealed, 3 cosignatures, 4 "
            "segments of 1000): %zu bytes, verify_bundle_v2 %.3f ms (mean of %d)\n",
            static_cast<unsigned long long>(size), bundle.size(), ms_since(tv) / reps, reps);
        std::string witnesses;
        for (const tlog::Vkey& k : policy.witnesses)
            witnesses += (witnesses.empty() ? "\"" : ",\"") + tlog::format_vkey(k) + "\"";
        std::ofstream(dir + ".bundle.json")
            << "{\"bundle\":\"" << tlog::base64_encode(bundle.data(), bundle.size())
            << "\",\"origin\":\"" << origin << "\",\"log_vkey\":\""
            << tlog::format_vkey(policy.log_key) << "\",\"witnesses\":[" << witnesses
            << "],\"quorum\":3,\"segments\":[100,199],\"code\":\"" << code << "\",\"size\":" << size
            << "}\n";
        std::printf("(bundle and policy for the WASM figure: %s.bundle.json)\n", dir.c_str());
    }
    fs::remove_all(dir);
    return 0;
}
