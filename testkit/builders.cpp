// Builders of signed test data (see builders.h).
#include "builders.h"

namespace traceseal::testkit {

std::string demo_list_variant(const cli::DemoWorld& w, std::uint64_t sequence, bool key3_active) {
    TrustListBody b = w.body;
    b.sequence = sequence;
    if (key3_active) {
        b.revoked_keys.clear();
        b.issuing_keys.push_back({3,
                                  1,
                                  w.issuing[2].public_key,
                                  {{300, 399}},
                                  b.issuing_keys[0].not_before,
                                  b.issuing_keys[0].not_after});
    }
    return sign_trust_list(format_trust_list_body(b), w.root);
}

std::string demo_code(const cli::DemoWorld& w, int key, std::uint32_t serial) {
    CodeFields f = cli::demo_code_fields(key == 3 ? 1 : key, serial);
    if (key == 3) {
        f.key_id = 3;
        f.segment = 300;
    }
    return mint_code_text(f, w.issuing[key - 1].secret_key, w.body.label_prefix);
}

LogEvent log_event(std::uint64_t seq, const std::string& code, const std::string& type,
                   const std::string& state, const std::string& actor) {
    LogEvent e;
    e.seq = seq;
    e.code = code;
    e.type = type;
    e.state = state;
    e.details = {1'790'000'000 + static_cast<UnixTime>(seq) * 3600, actor, "Sanya store", ""};
    e.salt.fill(static_cast<std::uint8_t>(seq));
    return e;
}

std::vector<LogEvent> demo_log(std::uint32_t segment, std::size_t n) {
    static const char* kSteps[3][2] = {
        {"activate", "activated"}, {"sell", "sold"}, {"pickup", "picked_up"}};
    std::vector<LogEvent> log;
    for (std::size_t i = 0; i < n; ++i) {
        CodeFields f;
        f.segment = segment;
        f.serial = static_cast<std::uint32_t>(i / 3 + 1);
        log.push_back(log_event(i + 1, format_code_number(f), kSteps[i % 3][0], kSteps[i % 3][1],
                                "desk-" + std::to_string(i % 3)));
    }
    return log;
}

Bytes demo_checkpoint(const cli::DemoWorld& w, const std::vector<LogEvent>& log, int key) {
    return sign_checkpoint(log, static_cast<std::uint16_t>(key), 1'790'100'000,
                           w.issuing[key - 1].secret_key);
}

Bytes demo_bundle(const cli::DemoWorld& w, const std::vector<LogEvent>& log, int key,
                  const std::vector<std::string>& codes) {
    Seed seal{};
    seal.fill(9);
    return build_provenance_bundle(log, demo_checkpoint(w, log, key), codes, 0, std::nullopt, seal);
}

}  // namespace traceseal::testkit
