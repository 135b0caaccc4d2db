// traceseal demo: a complete, reproducible demo world on disk, with manifest.json.
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <tuple>

#include "args.h"
#include "batch.h"
#include "commands.h"
#include "demo_inspectors.h"
#include "demo_lifecycle.h"
#include "demo_log.h"
#include "demo_world.h"
#include "files.h"
#include "inspector_key.h"
#include "minting.h"
#include "submission.h"

namespace traceseal::cli {

namespace {
constexpr const char* kHelp = R"(Usage: traceseal demo --out DIR [--seed N] [--count K]

Writes a complete demo world derived from the seed (same seed, same bytes):
  DIR/root.pub.json            the demo authority's root public key (pin this)
  DIR/trust-list.json          the trust list signed by that root
  DIR/trust-list-body.json     its body, for reading
  DIR/keys/DEMO-ONLY-*.key.json  demo secret keys (mode 0600): never use for real labels
  DIR/keys/DEMO-ONLY-log-N.key.json, DEMO-ONLY-witness.key.json  traceseal-registryd's demo
                               log keys (origin ts.example/log/N) and witness key
  DIR/keys/DEMO-ONLY-submit-N.key.json, .tsk  operator N's demo submission key for
                               traceseal-registryd, and its certificate (FORMAT.md §11.1)
  DIR/keys/DEMO-ONLY-agency-ROLE.key.json  the demo agencies' keys (FORMAT.md §12.1)
  DIR/keys/DEMO-ONLY-service-{session,audit}.key.json  traceseal-registryd's session-token and
                               audit-log keys (FORMAT.md §12.6, §12.7)
  DIR/keys/DEMO-ONLY-inspector-ROLE.*  one inspector per role (customs, police,
                               market_regulator): .device.key.json (signs queries), .key.json and
                               .pub.json (X25519, sealed details), .cert.json (enrolment, §12.2)
  DIR/labels/*.png, *.svg      K print-ready labels;  DIR/codes.txt  their code texts
  DIR/registry.sqlite          the operators' registry: a story that leaves codes in every state
  DIR/segment-S.tsc            the authority's segment certificates (FORMAT.md §9.2)
  DIR/status-S.tss             signed status snapshots v2 of segments 100 and 200 (§9.3)
  DIR/log/1/, DIR/log/2/       the operators' transparency logs (C2SP tlog-tiles, §10.8),
                               cosigned by the demo witness (its state in DIR/witness/)
  DIR/bundles/CODE.tspb        each code's provenance bundle v2 (§10.12), sale, pickup and
                               return details sealed to keys/DEMO-ONLY-inspector.key.json
  DIR/verify-args.txt          the manifest's verify_args, one per line (for shell scripts)
  DIR/manifest.json            {"clock", "verify_args": [...], "status_files": [...], "logs":
                               [{"origin", "operator", "dir"}], "codes": [{"text", "label",
                               "state", "expected_verdict", "expected_reasons", "bundle", ...}],
                               "inspectors": [{"role", "phone", "device_key", "inspector_key",
                               "certificate"}]} (paths relative to DIR)

expected_verdict is what `traceseal verify <verify_args>` says in its default context (consumer).
The demo keeps its own clock: its snapshots are frozen, so verify_args verify as of "clock"
(--at), and the labels verify the same in any year.

Options:
  --out DIR     output directory (created; existing demo files are replaced)
  --seed N      world seed (default 1)
  --count K     number of codes, 1-10000 (default 10: every state, a replacement and a re-issue)
)";
}  // namespace

int run_demo(const std::vector<std::string>& argv) {
    Args a(argv, {"--out", "--seed", "--count"}, {});
    if (a.help()) return std::fputs(kHelp, stdout), kExitOk;
    if (!a.ok()) return fail("demo", a.error());
    auto out = a.value("--out");
    if (!out) return fail("demo", "--out DIR is required");
    auto seed = parse_int(a.value("--seed").value_or("1"), 0, (1LL << 53));
    auto count = parse_int(a.value("--count").value_or("10"), 1, 10000);
    if (!seed || !count) return fail("demo", "--seed must be a number >= 0 and --count 1-10000");

    DemoWorld w = make_demo_world(static_cast<std::uint64_t>(*seed));
    const std::string& d = *out;
    for (const char* sub : {"/keys", "/labels", "/bundles"})
        if (auto e = make_dirs(d + sub)) return fail("demo", *e);
    KeyFile root{KeyRole::root, 0, w.root.public_key, w.root.secret_key};
    std::vector<std::pair<std::string, std::string>> files = {
        {d + "/root.pub.json", format_public_key_file(root)},
        {d + "/trust-list.json", w.trust_list},
        {d + "/trust-list-body.json", w.body_json + "\n"}};
    for (const auto& [path, data] : files)
        if (auto e = write_file(path, data)) return fail("demo", *e);
    if (auto e = write_file(d + "/keys/DEMO-ONLY-root.key.json", format_secret_key_file(root), true,
                            true))
        return fail("demo", *e);
    for (int i = 0; i < 3; ++i) {
        KeyFile k{KeyRole::issuing, static_cast<std::uint16_t>(i + 1), w.issuing[i].public_key,
                  w.issuing[i].secret_key};
        std::string base = d + "/keys/DEMO-ONLY-issuing-" + std::to_string(i + 1);
        if (auto e = write_file(base + ".pub.json", format_public_key_file(k)))
            return fail("demo", *e);
        if (auto e = write_file(base + ".key.json", format_secret_key_file(k), true, true))
            return fail("demo", *e);
    }

    // The logs' and the witness's keys (§10.9), and the inspector's (§10.16). Key ids 65001,
    // 65002 (logs) and 65003 (witness) only name the files, outside the trust list's key ids;
    // the trust list names these keys by vkey.
    for (int i = 0; i < 3; ++i) {
        const KeyPair& kp = i < 2 ? w.log_keys[i] : w.witness;
        const std::string name = i < 2 ? "log-" + std::to_string(i + 1) : "witness";
        KeyFile k{KeyRole::issuing, static_cast<std::uint16_t>(65001 + i), kp.public_key,
                  kp.secret_key};
        if (auto e = write_file(d + "/keys/DEMO-ONLY-" + name + ".key.json",
                                format_secret_key_file(k), true, true))
            return fail("demo", *e);
    }
    const BoxKeyPair inspector = demo_inspector(w);
    if (auto e = write_file(d + "/keys/DEMO-ONLY-inspector.key.json",
                            format_inspector_key(inspector, true), true, true))
        return fail("demo", *e);
    if (auto e = write_file(d + "/keys/DEMO-ONLY-inspector.pub.json",
                            format_inspector_key(inspector, false)))
        return fail("demo", *e);
    // The agencies and one enrolled inspector per role (FORMAT.md §12).
    nlohmann::json inspectors = nlohmann::json::array();
    for (int i = 0; i < 3; ++i) {
        const std::string role(to_string(static_cast<InspectorRole>(i)));
        KeyFile k{KeyRole::agency, static_cast<std::uint16_t>(i + 1), w.agencies[i].public_key,
                  w.agencies[i].secret_key};
        std::string base = d + "/keys/DEMO-ONLY-agency-" + role;
        if (auto e = write_file(base + ".pub.json", format_public_key_file(k)))
            return fail("demo", *e);
        if (auto e = write_file(base + ".key.json", format_secret_key_file(k), true, true))
            return fail("demo", *e);
    }
    // The registry service's own keys for sessions and audit-log checkpoints (§12.6, §12.7).
    for (const char* use : {"session", "audit"}) {
        KeyPair kp = demo_key(std::string("traceseal-demo/service-") + use, w.seed);
        KeyFile k{KeyRole::service, 0, kp.public_key, kp.secret_key};
        std::string base = d + "/keys/DEMO-ONLY-service-" + use;
        if (auto e = write_file(base + ".pub.json", format_public_key_file(k)))
            return fail("demo", *e);
        if (auto e = write_file(base + ".key.json", format_secret_key_file(k), true, true))
            return fail("demo", *e);
    }
    for (const DemoInspector& in : demo_inspectors(w)) {
        const std::string rel = "keys/DEMO-ONLY-inspector-" + std::string(to_string(in.role));
        KeyFile dev{KeyRole::device, 0, in.device.public_key, in.device.secret_key};
        std::vector<std::tuple<std::string, std::string, bool>> out = {
            {rel + ".device.key.json", format_secret_key_file(dev), true},
            {rel + ".device.pub.json", format_public_key_file(dev), false},
            {rel + ".key.json", format_inspector_key_file(in.box, true), true},
            {rel + ".pub.json", format_inspector_key_file(in.box, false), false},
            {rel + ".cert.json", in.certificate, false}};
        for (const auto& [path, data, secret] : out)
            if (auto e = write_file(d + "/" + path, data, secret, secret)) return fail("demo", *e);
        inspectors.push_back({{"role", std::string(to_string(in.role))},
                              {"phone", in.phone},
                              {"device_key", rel + ".device.key.json"},
                              {"inspector_key", rel + ".key.json"},
                              {"certificate", rel + ".cert.json"}});
    }

    // The lifecycle story in a fresh registry (FORMAT.md §9, docs/LIFECYCLE.md).
    // One submission key per operator (FORMAT.md §11.1), delegated by its issuing key for ten
    // years from the demo issue date, for `--server URL --key ...` against traceseal-registryd.
    for (std::uint16_t op = 1; op <= 2; ++op) {
        service::SubmissionKey sk;
        sk.operator_id = op;
        sk.key = demo_key("traceseal-demo/submit-" + std::to_string(op), w.seed);
        sk.key_id = service::submission_key_id(sk.key.public_key);
        UnixTime from = *parse_time(kDemoIssueDate);
        service::SubmissionCertificateBody body{op, op, from, from + 3650 * 86400LL,
                                                sk.key.public_key};
        sk.certificate = service::sign_submission_certificate(body, w.issuing[op - 1].secret_key);
        sk.comment = "DEMO ONLY: submission key of operator " + std::to_string(op);
        std::string base = d + "/keys/DEMO-ONLY-submit-" + std::to_string(op);
        if (auto e =
                write_file(base + ".key.json", service::format_submission_key_file(sk), true, true))
            return fail("demo", *e);
        if (auto e = write_file(base + ".tsk", sk.certificate)) return fail("demo", *e);
    }

    // Demo keys for traceseal-registryd's transparency logs (one per operator, origins
    // ts.example/log/1 and /2) and its in-process witness: Ed25519 secret key files (§4.2, role
    // issuing, outside the trust list's key ids).
    for (int k = 0; k < 3; ++k) {
        std::string name = k < 2 ? "log-" + std::to_string(k + 1) : "witness";
        KeyPair kp = demo_key("traceseal-demo/" + name, w.seed);
        KeyFile kf{KeyRole::issuing, static_cast<std::uint16_t>(65001 + k), kp.public_key,
                   kp.secret_key};
        if (auto e = write_file(d + "/keys/DEMO-ONLY-" + name + ".key.json",
                                format_secret_key_file(kf), true, true))
            return fail("demo", *e);
    }

    const std::string reg_path = d + "/registry.sqlite";
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        std::remove((reg_path + suffix).c_str());
    // Its details key derives from the seed: the same seed gives the same log (§10.17).
    const Bytes details_key = derive_bytes("traceseal-demo/details-key", w.seed, 32);
    std::array<std::uint8_t, 32> key{};
    std::copy(details_key.begin(), details_key.end(), key.begin());
    auto store = registry::create_sqlite_store_with_key(reg_path, key);
    if (!store) return fail("demo", store.error().detail);
    auto life = run_demo_lifecycle(w, static_cast<std::uint32_t>(*count), **store);
    if (!life)
        return fail("demo",
                    std::string(to_string(life.error().reason)) + ": " + life.error().detail);
    // The logs (§10.17): published afresh, cosigned by the demo witness.
    for (const char* sub : {"/log", "/witness"}) {
        std::error_code ec;
        std::filesystem::remove_all(d + sub, ec);
        std::filesystem::remove(d + sub + std::string(".lock"), ec);
    }
    for (int op = 1; op <= 2; ++op) {
        std::error_code ec;
        std::filesystem::remove(d + "/" + demo_log_dir(op) + ".lock", ec);
    }
    if (auto notes = publish_demo_logs(w, **store, d); !notes)
        return fail("demo",
                    std::string(to_string(notes.error().reason)) + ": " + notes.error().detail);
    nlohmann::json logs = nlohmann::json::array();
    for (const TrustedLog& l : w.body.logs)
        logs.push_back({{"origin", l.policy.origin},
                        {"operator", l.operator_id},
                        {"dir", demo_log_dir(l.operator_id)}});
    // The demo keeps its own clock: its frozen snapshots verify the same in any year.
    nlohmann::json verify_args = {"--root",          "root.pub.json", "--trust-list",
                                  "trust-list.json", "--at",          kDemoClock};
    nlohmann::json status_files = nlohmann::json::array();
    for (int k = 0; k < 2; ++k) {
        const std::string seg = std::to_string(kDemoSegments[k]);
        if (auto e = write_file(d + "/segment-" + seg + ".tsc", life->certificates[k]))
            return fail("demo", *e);
        if (auto e = write_file(d + "/status-" + seg + ".tss", life->snapshots[k]))
            return fail("demo", *e);
        verify_args.push_back("--status");
        verify_args.push_back("status-" + seg + ".tss");
        status_files.push_back("status-" + seg + ".tss");
    }

    // Codes alternate between the two operators' keys and segments.
    UnixTime issue = *parse_time(kDemoIssueDate);
    nlohmann::json codes = nlohmann::json::array();
    std::string texts;
    std::uint32_t n = static_cast<std::uint32_t>(*count);
    for (int k = 0; k < 2; ++k) {
        MintPlan plan;
        plan.key = w.issuing[k];
        plan.key_id = static_cast<std::uint16_t>(k + 1);
        plan.operator_id = static_cast<std::uint16_t>(k + 1);
        plan.prefix = std::string(kDemoPrefix);
        plan.segment = k == 0 ? 100 : 200;
        plan.first_serial = 1;
        plan.count = (n + (k == 0 ? 1 : 0)) / 2;
        if (plan.count == 0) continue;
        plan.categories =
            k == 0 ? std::vector<std::uint16_t>{1, 2, 3} : std::vector<std::uint16_t>{4, 5, 6};
        plan.issue_day = static_cast<std::uint16_t>(day_of(issue));
        std::uint64_t s = w.seed;
        plan.nonce = [s, k](std::uint32_t serial) {
            Bytes b = derive_bytes(
                "traceseal-demo/nonce-" + std::to_string(k + 1) + "-" + std::to_string(serial), s,
                8);
            std::array<std::uint8_t, 8> nonce{};
            std::copy(b.begin(), b.end(), nonce.begin());
            return nonce;
        };
        plan.caption = w.body.operators[k].name_zh + "  " + w.body.operators[k].name_en;
        auto minted = mint_run(plan, d, "labels/");
        if (!minted) return fail("demo", minted.error().detail);
        std::vector<std::string> numbers;
        for (const auto& m : *minted) numbers.push_back(format_code_number(m.fields));
        auto bundles = demo_bundles(w, **store, d, numbers);
        if (!bundles)
            return fail("demo", std::string(to_string(bundles.error().reason)) + ": " +
                                    bundles.error().detail);
        for (const auto& m : *minted) {
            const std::string bundle = "bundles/" + format_code_number(m.fields) + ".tspb";
            if (auto e = write_file(d + "/" + bundle, bundles->at(format_code_number(m.fields))))
                return fail("demo", *e);
            const Category* cat = w.body.find_category(m.fields.category);
            auto expected = demo_expected(life->states.at(format_code_number(m.fields)));
            nlohmann::json reasons = nlohmann::json::array();
            for (Reason r : expected.second) reasons.push_back(to_string(r));
            codes.push_back({{"text", m.text},
                             {"label", m.label_png},
                             {"label_svg", m.label_svg},
                             {"qr_version", m.qr_version},
                             {"ec_level", std::string(1, m.ec_level)},
                             {"code_number", format_code_number(m.fields)},
                             {"operator", m.fields.operator_id},
                             {"category", m.fields.category},
                             {"category_name", {{"en", cat->name_en}, {"zh", cat->name_zh}}},
                             {"key_id", m.fields.key_id},
                             {"issue_date", format_day(m.fields.issue_day)},
                             {"state", to_string(life->states.at(format_code_number(m.fields)))},
                             {"expected_verdict", to_string(expected.first)},
                             {"expected_reasons", reasons},
                             {"bundle", bundle}});
            texts += m.text + "\n";
        }
    }
    nlohmann::json manifest{{"type", "traceseal-demo-manifest"},
                            {"seed", w.seed},
                            {"label_prefix", w.body.label_prefix},
                            {"root_key_id", root_key_id(w.root.public_key)},
                            {"clock", kDemoClock},
                            {"verify_args", verify_args},
                            {"status_files", status_files},
                            {"registry", "registry.sqlite"},
                            {"logs", logs},
                            {"inspector_key", "keys/DEMO-ONLY-inspector.key.json"},
                            {"codes", codes},
                            {"inspectors", inspectors}};
    if (auto e = write_file(
            d + "/manifest.json",
            manifest.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"))
        return fail("demo", *e);
    if (auto e = write_file(d + "/codes.txt", texts)) return fail("demo", *e);
    // The same arguments one per line, for shell scripts without a JSON reader.
    std::string args_lines;
    for (const auto& a : verify_args) args_lines += a.get<std::string>() + "\n";
    if (auto e = write_file(d + "/verify-args.txt", args_lines)) return fail("demo", *e);
    std::printf(
        "demo world (seed %llu) in %s: %zu codes, labels in %s/labels, manifest %s/manifest.json\n",
        static_cast<unsigned long long>(w.seed), d.c_str(), codes.size(), d.c_str(), d.c_str());
    return kExitOk;
}

}  // namespace traceseal::cli
