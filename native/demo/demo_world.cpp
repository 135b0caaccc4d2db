// The demo world's contents: every key derives from (label, seed), so a seed is a whole world.
#include "demo_world.h"

namespace traceseal::cli {

KeyPair demo_key(std::string_view label, std::uint64_t seed) {
    Bytes b = derive_bytes(label, seed, 32);
    Seed s;
    std::copy(b.begin(), b.end(), s.begin());
    return keypair_from_seed(s);
}

CodeFields demo_code_fields(int key, std::uint32_t serial, std::uint16_t category) {
    CodeFields f;
    f.key_id = static_cast<std::uint16_t>(key);
    f.operator_id = static_cast<std::uint16_t>(key);
    f.category = category;
    f.issue_day = static_cast<std::uint16_t>(day_of(*parse_time(kDemoIssueDate)));
    f.segment = key == 2 ? 200 : 100;
    f.serial = serial;
    return f;
}

std::string demo_log_origin(int operator_id) {
    return "ts.example/log/" + std::to_string(operator_id);
}

Agency demo_agency(const DemoWorld& w, InspectorRole role) {
    static const char* const kNames[3][2] = {
        {"Haikou Customs (DEMO)", "海口海关（演示）"},
        {"Hainan Public Security (DEMO)", "海南省公安厅（演示）"},
        {"Hainan Market Regulation (DEMO)", "海南省市场监督管理局（演示）"}};
    int i = static_cast<int>(role);
    return {static_cast<std::uint16_t>(i + 1), role, kNames[i][0], kNames[i][1],
            w.agencies[i].public_key};
}

DemoWorld make_demo_world(std::uint64_t seed, bool agencies) {
    DemoWorld w;
    w.seed = seed;
    w.root = demo_key("traceseal-demo/root", seed);
    for (int i = 0; i < 3; ++i)
        w.issuing[i] = demo_key("traceseal-demo/issuing-" + std::to_string(i + 1), seed);
    TrustListBody& b = w.body;
    b.sequence = 1;
    b.issued_at = *parse_time("2026-11-01T00:00:00Z");
    b.expires_at = *parse_time("2031-01-01T00:00:00Z");
    b.authority =
        "Hainan Duty-Free Traceability Authority (DEMO, seed " + std::to_string(seed) + ")";
    b.label_prefix = std::string(kDemoPrefix);
    b.operators = {{1, "Demo Duty Free Sanya", "演示免税 三亚店"},
                   {2, "Demo Duty Free Haikou", "演示免税 海口店"}};
    // A few classes of the offshore duty-free positive list (离岛免税商品正面清单).
    b.categories = {{1, "Cosmetics", "化妆品"},     {2, "Watches", "手表"},
                    {3, "Jewellery", "首饰"},       {4, "Liquor", "酒类"},
                    {5, "Electronics", "电子产品"}, {6, "Handbags", "箱包"}};
    UnixTime from = *parse_time("2026-01-01T00:00:00Z"), to = *parse_time("2030-12-31T23:59:59Z");
    b.issuing_keys = {{1, 1, w.issuing[0].public_key, {{100, 199}}, from, to},
                      {2, 2, w.issuing[1].public_key, {{200, 299}}, from, to}};
    b.revoked_keys = {
        {3, w.issuing[2].public_key, *parse_time("2026-10-01T00:00:00Z"), "key_compromise"}};
    // The demo's snapshots are frozen at their issue time (demo_lifecycle.h): it allows them the
    // longest status_max_age (FORMAT.md §4.3); a real authority keeps the 72 h default.
    b.status_max_age = kMaxStatusMaxAge;
    // Version 2: the operators' logs and the demo witness (FORMAT.md §4.3 rule 8, §10.9).
    w.witness = demo_key("traceseal-demo/witness", seed);
    b.version = 2;
    for (int op = 1; op <= 2; ++op) {
        w.log_keys[op - 1] = demo_key("traceseal-demo/log-" + std::to_string(op), seed);
        TrustedLog log;
        log.operator_id = static_cast<std::uint16_t>(op);
        log.policy.origin = demo_log_origin(op);
        log.policy.log_key = tlog::make_vkey(log.policy.origin, tlog::kSigTypeEd25519,
                                             w.log_keys[op - 1].public_key.bytes);
        log.policy.witnesses = {tlog::make_vkey(kDemoWitnessName, tlog::kSigTypeCosignatureV1,
                                                w.witness.public_key.bytes)};
        log.policy.quorum = 1;
        b.logs.push_back(std::move(log));
    }
    for (int i = 0; i < 3; ++i) {
        auto role = static_cast<InspectorRole>(i);
        w.agencies[i] = demo_key("traceseal-demo/agency-" + std::string(to_string(role)), seed);
        if (agencies) b.agencies.push_back(demo_agency(w, role));
    }
    w.body_json = format_trust_list_body(b);
    w.trust_list = sign_trust_list(w.body_json, w.root);
    return w;
}

}  // namespace traceseal::cli
