// A registry with a published, witnessed log for the publisher and exporter tests (FORMAT.md
// §10.17): operator 1 holds segment 100 (serials 1–20), its log is cosigned by 2 of 2 witnesses
// kept in process.
#pragma once

#include <doctest/doctest.h>

#include <memory>

#include "publisher.h"
#include "registry.h"
#include "temp_dir.h"

namespace traceseal::testlog {

inline constexpr const char* kOrigin = "ts.example/log/1";

inline SecretKey secret(std::uint8_t b) {
    Seed s{};
    s.fill(b);
    return keypair_from_seed(s).secret_key;
}

struct Witnesses {
    log::KeySigner keys[2] = {{"witness.example/w1", tlog::kSigTypeCosignatureV1, secret(11)},
                              {"witness.example/w2", tlog::kSigTypeCosignatureV1, secret(12)}};
    std::unique_ptr<log::Witness> w[2];
    Witnesses(const std::string& state, const tlog::Vkey& log_key) {
        tlog::LogPolicy p;
        p.origin = kOrigin;
        p.log_key = log_key;
        for (int i = 0; i < 2; ++i)
            w[i] = std::make_unique<log::Witness>(state + "/w" + std::to_string(i + 1),
                                                  std::vector<tlog::LogPolicy>{p}, keys[i]);
    }
    std::vector<registry::Cosigner> cosigners(UnixTime now = 1795000000) {
        std::vector<registry::Cosigner> out;
        for (auto& x : w)
            out.push_back([wp = x.get(), now](const std::string& req) {
                return wp->add_checkpoint(req, now);
            });
        return out;
    }
};

// One registry file, its log directory, and the keys.
struct World {
    testkit::TempDir dir;
    std::unique_ptr<registry::Store> store;
    KeyPair root = keypair_from_seed(Seed{});
    log::KeySigner log_key{kOrigin, tlog::kSigTypeEd25519, secret(10)};

    explicit World(const std::string& name, const std::string& witness_state = {})
        : dir(name),
          witnesses(witness_state.empty() ? dir.file("witness") : witness_state, log_key.vkey()) {
        auto s = registry::open_sqlite_store(dir.file("registry.sqlite"));
        REQUIRE(s.has_value());
        store = std::move(*s);
        registry::Registry r(*store);
        REQUIRE(r.add_segment(sign_segment_certificate({1, 100, 1, 20, 0}, root), root.public_key));
    }
    Witnesses witnesses;

    std::string log_dir() const { return dir.file("log"); }
    static std::string code(int serial) {
        std::string n = std::to_string(serial);
        return "00000100-" + std::string(8 - n.size(), '0') + n;
    }
    void record(LifecycleEvent e, std::vector<int> serials, const std::string& actor = "till") {
        std::vector<std::string> codes;
        for (int s : serials) codes.push_back(code(s));
        registry::Registry r(*store);
        auto done = r.record(
            e, codes, {actor, "Sanya", e == LifecycleEvent::unbind ? "return" : "", 1795000000},
            e == LifecycleEvent::activate ? std::optional<std::size_t>(codes.size())
                                          : std::nullopt);
        REQUIRE_MESSAGE(done.has_value(), (done ? "" : done.error().detail));
    }
    registry::PublishConfig config(std::string dir_override = {}) {
        registry::PublishConfig c;
        c.operator_id = 1;
        c.dir = dir_override.empty() ? log_dir() : dir_override;
        c.origin = kOrigin;
        c.log_key = &log_key;
        c.witnesses = witnesses.cosigners();
        c.writer.durable = false;  // tests: no fsync
        return c;
    }
    Result<registry::PublishReport> publish() { return registry::publish(*store, config()); }
    // What the trust list says about this log.
    tlog::LogPolicy policy() const {
        tlog::LogPolicy p;
        p.origin = kOrigin;
        p.log_key = log_key.vkey();
        for (const auto& k : witnesses.keys) p.witnesses.push_back(k.vkey());
        p.quorum = 2;
        return p;
    }
};

// The story most tests start from: three codes activated, one sold, one picked up.
inline void story(World& w) {
    w.record(LifecycleEvent::activate, {1, 2, 3});
    w.record(LifecycleEvent::sell, {2});
    w.record(LifecycleEvent::pickup, {2});
}

}  // namespace traceseal::testlog
