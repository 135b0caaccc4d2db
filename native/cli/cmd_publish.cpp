// traceseal registry publish: the registry's log as a witnessed tlog-tiles directory
// (FORMAT.md §10.17; the library is native/registry/publisher.h).
#include <cstdio>

#include "args.h"
#include "commands.h"
#include "files.h"
#include "publisher.h"

namespace traceseal::cli {
namespace {

constexpr const char* kHelp = R"(Usage:
  traceseal registry publish --store STORE --operator N --log DIR --origin ORIGIN --log-key KEY
      [--witness-key KEY --witness-name NAME --witness-state DIR]... [--quorum Q] [--at TIME]

Publishes operator N's log from the registry (FORMAT.md §10.17): appends the index entry to the
store, writes the tiles, entry bundles and index/<covers> under DIR, signs the checkpoint with
the log key (named ORIGIN) and has each witness cosign it (in process: its secret key file, its
name and its state directory; it refuses a fork). DIR/checkpoint is written only with Q
cosignatures (default: every witness). Publishing again resumes after a crash; with nothing new
it changes nothing. --at is the witnesses' clock (default now).
)";

int fail_reason(const Error& e) {
    return fail("registry", std::string(to_string(e.reason)) + ": " + e.detail);
}

int publish(const Args& a) {
    for (const char* o : {"--store", "--operator", "--log", "--origin", "--log-key"})
        if (!a.value(o)) return fail("registry", std::string(o) + " is required (see --help)");
    auto op = parse_int(*a.value("--operator"), 1, 0xFFFF);
    if (!op) return fail("registry", "--operator must be an operator id 1-65535");
    const auto wkeys = a.values("--witness-key"), wnames = a.values("--witness-name"),
               wstates = a.values("--witness-state");
    if (wkeys.size() != wnames.size() || wkeys.size() != wstates.size())
        return fail("registry",
                    "each witness needs --witness-key, --witness-name and "
                    "--witness-state");
    UnixTime now = now_utc();
    if (auto t = a.value("--at")) {
        auto p = parse_time(*t);
        if (!p) return fail_reason(p.error());
        now = *p;
    }
    auto log_key =
        log::load_key_signer(*a.value("--log-key"), *a.value("--origin"), tlog::kSigTypeEd25519);
    if (!log_key) return fail_reason(log_key.error());
    tlog::LogPolicy seen_by_witness;  // a witness checks the log's signature only
    seen_by_witness.origin = *a.value("--origin");
    seen_by_witness.log_key = (*log_key)->vkey();
    std::vector<std::unique_ptr<log::Signer>> witness_keys;
    std::vector<std::unique_ptr<log::Witness>> witnesses;
    registry::PublishConfig c;
    for (std::size_t i = 0; i < wkeys.size(); ++i) {
        auto k = log::load_key_signer(wkeys[i], wnames[i], tlog::kSigTypeCosignatureV1);
        if (!k) return fail_reason(k.error());
        witness_keys.push_back(std::move(*k));
        witnesses.push_back(std::make_unique<log::Witness>(
            wstates[i], std::vector<tlog::LogPolicy>{seen_by_witness}, *witness_keys.back()));
        c.witnesses.push_back([w = witnesses.back().get(), now](const std::string& request) {
            return w->add_checkpoint(request, now);
        });
    }
    if (auto q = a.value("--quorum")) {
        auto n = parse_int(*q, 1, static_cast<long long>(wkeys.size()));
        if (!n) return fail("registry", "--quorum must be 1 to the number of witnesses");
        c.quorum = static_cast<std::size_t>(*n);
    }
    c.operator_id = static_cast<std::uint16_t>(*op);
    c.dir = *a.value("--log");
    c.origin = *a.value("--origin");
    c.log_key = log_key->get();
    auto store = registry::open_store(*a.value("--store"));
    if (!store) return fail_reason(store.error());
    auto r = registry::publish(**store, c);
    if (!r) return fail_reason(r.error());
    if (r->unchanged)
        std::printf("%s: up to date at size %llu\n", c.dir.c_str(),
                    static_cast<unsigned long long>(r->size));
    else
        std::printf("%s: size %llu (%llu entries appended%s), %zu cosignature(s)\n", c.dir.c_str(),
                    static_cast<unsigned long long>(r->size),
                    static_cast<unsigned long long>(r->appended),
                    r->index_added ? ", new index entry" : "", r->cosignatures);
    for (const Error& e : r->refusals)
        std::fprintf(stderr, "traceseal registry: a witness refused: %s: %s\n",
                     std::string(to_string(e.reason)).c_str(), e.detail.c_str());
    return kExitOk;
}

}  // namespace

int run_registry_log(const std::vector<std::string>& argv) {
    Args a(argv,
           {"--store", "--operator", "--log", "--origin", "--log-key", "--witness-key",
            "--witness-name", "--witness-state", "--quorum", "--at"},
           {});
    if (a.help()) return std::fputs(kHelp, stdout), kExitOk;
    if (!a.ok()) return fail("registry", a.error());
    if (a.positional().empty() || a.positional()[0] != "publish")
        return fail("registry", "usage: traceseal registry publish ... (see --help)");
    return publish(a);
}

}  // namespace traceseal::cli
