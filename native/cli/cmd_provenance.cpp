// traceseal provenance export / inspector keygen (FORMAT.md §10), and the provenance part of
// verify: bundles checked against the trust list and, if given, a checkpoint held from before.
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>

#include "args.h"
#include "bundle_export.h"
#include "commands.h"
#include "files.h"
#include "provenance_cli.h"
#include "registry.h"

namespace traceseal::cli {
namespace {

constexpr const char* kHelp = R"(Usage:
  traceseal provenance export --store STORE --log DIR --operator N --out BUNDLE CODE
                              [--inspector INSPECTOR.pub.json] [--held-size N]
  traceseal provenance export --store STORE --key ISSUING.key.json --out BUNDLE
                              [--segment S | CODE...] [--inspector INSPECTOR.pub.json]
                              [--checkpoint-out FILE] [--start N] [--at TIME]
  traceseal inspector keygen --out NAME      (NAME.key.json mode 0600, NAME.pub.json)

With --log, export writes CODE's bundle v2 (FORMAT.md §10.12) from operator N's log published in
DIR (traceseal registry publish): its entries, their proofs from the tiles, the index proofs and
the cosigned checkpoint. Sale, pickup and return details are sealed to the inspector's key
(withheld without --inspector). --held-size adds a consistency proof from a checkpoint size the
verifier holds.

Without --log, export writes a version-1 provenance bundle (FORMAT.md §10.3): the events of the codes (or of every code of
segment S that has events), the log's leaves from event N+1 (default 0: the whole log) and a
checkpoint of the log signed by the issuing key. Sale and pickup details are sealed to the
inspector's public key (without --inspector they are withheld). --checkpoint-out also writes the
checkpoint alone, for verifiers to keep (verify --checkpoint).
)";

int fail_reason(const std::string& cmd, const Error& e) {
    return fail(cmd, std::string(to_string(e.reason)) + ": " + e.detail);
}

Seed random_seed() {
    Bytes b = random_bytes(32);
    Seed s;
    std::copy(b.begin(), b.end(), s.begin());
    return s;
}

// Bundle v2 (§10.12) of one code from the published log.
int run_export_v2(const Args& a) {
    if (!a.value("--store") || !a.value("--operator") || !a.value("--out"))
        return fail("provenance", "--log needs --store, --operator and --out (see --help)");
    if (a.positional().size() != 2)
        return fail("provenance", "a bundle v2 is of one code: name exactly one CODE");
    auto op = parse_int(*a.value("--operator"), 1, 0xFFFF);
    if (!op) return fail("provenance", "--operator must be an operator id 1-65535");
    registry::ExportConfig c;
    c.operator_id = static_cast<std::uint16_t>(*op);
    c.dir = *a.value("--log");
    c.seal_seed = random_seed();
    if (auto h = a.value("--held-size")) {
        auto n = parse_int(*h, 0, (1LL << 62));
        if (!n) return fail("provenance", "--held-size must be a tree size");
        c.held_size = static_cast<std::uint64_t>(*n);
    }
    if (auto path = a.value("--inspector")) {
        auto k = load_inspector_key(*path);
        if (!k) return fail_reason("provenance", k.error());
        c.inspector = k->public_key;
    }
    auto f = registry::parse_code_ref(a.positional()[1]);
    if (!f) return fail_reason("provenance", f.error());
    auto store = registry::open_store(*a.value("--store"));
    if (!store) return fail_reason("provenance", store.error());
    const std::string code = format_code_number(*f);
    auto bundle = registry::export_bundle_v2(**store, code, c);
    if (!bundle) return fail_reason("provenance", bundle.error());
    if (auto e = write_file(*a.value("--out"), *bundle)) return fail("provenance", *e);
    std::printf("bundle v2 of %s from %s: %s (%zu bytes)\n", code.c_str(), c.dir.c_str(),
                a.value("--out")->c_str(), bundle->size());
    return kExitOk;
}

int run_export(const Args& a) {
    if (a.value("--log")) return run_export_v2(a);
    if (!a.value("--store") || !a.value("--key") || !a.value("--out"))
        return fail("provenance", "--store, --key and --out are required (see --help)");
    auto key = load_key_file(*a.value("--key"));
    if (!key) return fail_reason("provenance", key.error());
    if (key->role != KeyRole::issuing || !key->secret_key)
        return fail("provenance", "--key must be an issuing secret key file");
    UnixTime at = now_utc();
    if (auto t = a.value("--at")) {
        auto p = parse_time(*t);
        if (!p) return fail_reason("provenance", p.error());
        at = *p;
    }
    std::optional<BoxPublicKey> inspector;
    if (auto path = a.value("--inspector")) {
        auto k = load_inspector_key(*path);
        if (!k) return fail_reason("provenance", k.error());
        inspector = k->public_key;
    }
    auto start = parse_int(a.value("--start").value_or("0"), 0, 1LL << 40);
    if (!start) return fail("provenance", "--start must be a count of events");
    auto store = registry::open_store(*a.value("--store"));
    if (!store) return fail_reason("provenance", store.error());
    registry::Registry reg(**store);
    auto log = reg.log_events();
    if (!log) return fail_reason("provenance", log.error());
    std::vector<std::string> codes;
    if (auto seg = a.value("--segment")) {
        auto s = parse_int(*seg, 0, (1 << 24) - 1);
        if (!s) return fail("provenance", "--segment must be a segment number");
        std::set<std::string> seen;
        for (const auto& e : (*store)->events_in_segment(static_cast<std::uint32_t>(*s)))
            if (seen.insert(e.code).second) codes.push_back(e.code);
    }
    for (std::size_t i = 1; i < a.positional().size(); ++i) {
        const std::string& ref = a.positional()[i];
        auto f = registry::parse_code_ref(ref);
        if (!f) return fail_reason("provenance", f.error());
        codes.push_back(format_code_number(*f));
    }
    if (codes.empty()) return fail("provenance", "name CODE... or --segment S");
    Bytes checkpoint = sign_checkpoint(*log, key->key_id, at, *key->secret_key);
    Bytes bundle = build_provenance_bundle(
        *log, checkpoint, codes, static_cast<std::uint64_t>(*start), inspector, random_seed());
    if (auto e = write_file(*a.value("--out"), bundle)) return fail("provenance", *e);
    if (auto cp = a.value("--checkpoint-out"))
        if (auto e = write_file(*cp, checkpoint)) return fail("provenance", *e);
    std::printf(
        "provenance bundle of %zu code(s), log of %zu events, checkpoint by key %u: %s (%zu "
        "bytes)\n",
        codes.size(), log->size(), key->key_id, a.value("--out")->c_str(), bundle.size());
    return kExitOk;
}

}  // namespace

int run_provenance(const std::vector<std::string>& argv) {
    Args a(argv,
           {"--store", "--key", "--out", "--segment", "--inspector", "--checkpoint-out", "--start",
            "--at", "--log", "--operator", "--held-size"},
           {});
    if (a.help()) return std::fputs(kHelp, stdout), kExitOk;
    if (!a.ok()) return fail("provenance", a.error());
    if (a.positional().empty() || a.positional()[0] != "export")
        return fail("provenance", "usage: traceseal provenance export ... (see --help)");
    return run_export(a);
}

int run_inspector(const std::vector<std::string>& argv) {
    Args a(argv, {"--out"}, {});
    if (a.help()) return std::fputs(kHelp, stdout), kExitOk;
    if (!a.ok() || a.positional().empty() || a.positional()[0] != "keygen" || !a.value("--out"))
        return fail("inspector", "usage: traceseal inspector keygen --out NAME");
    BoxKeyPair kp = box_keypair_from_seed(random_seed());
    const std::string base = *a.value("--out");
    if (auto e = write_file(base + ".key.json", format_inspector_key(kp, true), true))
        return fail("inspector", *e);
    if (auto e = write_file(base + ".pub.json", format_inspector_key(kp, false)))
        return fail("inspector", *e);
    std::printf("inspector key: %s.key.json (secret, 0600), %s.pub.json\n", base.c_str(),
                base.c_str());
    return kExitOk;
}

// ---- verify --provenance ------------------------------------------------------------------
std::string provenance_json(const Provenance& p, const std::string& input,
                            const std::vector<std::optional<EventDetails>>& opened) {
    nlohmann::json events = nlohmann::json::array();
    for (std::size_t i = 0; i < p.records().size(); ++i) {
        const ProvenanceRecord& r = p.records()[i];
        nlohmann::json d = nullptr;
        if (opened[i])
            d = {{"time", format_time(opened[i]->time)},
                 {"actor", opened[i]->actor},
                 {"place", opened[i]->place},
                 {"reason", opened[i]->reason}};
        events.push_back({{"seq", r.seq},
                          {"code", r.code},
                          {"type", r.type},
                          {"state", r.state},
                          {"related", r.related},
                          {"sealed", r.sealed},
                          {"details", d}});
    }
    const CheckpointBody& c = p.checkpoint().body();
    nlohmann::json j = {{"input", input},
                        {"provenance",
                         {{"checkpoint",
                           {{"key_id", c.key_id},
                            {"count", c.count},
                            {"head", to_hex(c.head.data(), c.head.size())},
                            {"issued_at", format_time(c.issued_at)}}},
                          {"events", events}}}};
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);  // non-UTF-8: U+FFFD
}

}  // namespace traceseal::cli
