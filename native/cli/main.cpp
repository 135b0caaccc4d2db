// traceseal: the issuer-side and verification CLI. Maps the subcommand to one function.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "commands.h"
#include "provenance_cli.h"

namespace {

constexpr const char* kUsage = R"(traceseal - signed duty-free traceability codes (溯源码)

Usage: traceseal <command> [options]

Commands:
  keygen   create a root or issuing key pair (secret file mode 0600)
  trust    build and sign a trust list, or show a verified one
  mint     sign N codes for a segment and render their labels (PNG, SVG)
  verify   verify codes in images or text against a trust list
  demo     create a complete, reproducible demo world

Issuer registry (FORMAT.md §9, docs/LIFECYCLE.md):
  segment allocate   sign a segment certificate (authority)
  activate, sell, pickup, unbind, void, reissue, replace   record lifecycle events
  snapshot           sign the status snapshot of a segment
  history            show events and check the hash chain
  provenance export  a provenance bundle with a signed checkpoint of the event log (§10)
  inspector keygen   an inspector's X25519 key pair (sealed sale and pickup details)
  epcis export       the events as an EPCIS 2.0 JSON document (CBV bizStep/disposition)

Transparency log (FORMAT.md §10 v2):
  log vkey|append|proof|request   publish a C2SP tlog-tiles log, proofs from its tiles
  witness vkey|add-checkpoint     cosign a log's checkpoints; refuses a fork
  registry publish                the registry's log: index, tiles, cosigned checkpoint

Run 'traceseal <command> --help' for a command's options.
Exit status: 0 all genuine / success, 1 some result not genuine, 2 usage or I/O error.
)";

}  // namespace

int main(int argc, char** argv) {
    using namespace traceseal::cli;
    if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") ||
        !std::strcmp(argv[1], "help")) {
        std::fputs(kUsage, argc < 2 ? stderr : stdout);
        return argc < 2 ? kExitUsage : kExitOk;
    }
    std::string cmd = argv[1];
    std::vector<std::string> args(argv + 2, argv + argc);
    if (cmd == "keygen") return run_keygen(args);
    if (cmd == "trust") return run_trust(args);
    if (cmd == "mint") return run_mint(args);
    if (cmd == "verify") return run_verify(args);
    if (cmd == "demo") return run_demo(args);
    if (cmd == "provenance") return run_provenance(args);
    if (cmd == "inspector") return run_inspector(args);
    if (cmd == "epcis") return run_epcis(args);
    if (cmd == "log") return run_log(args);
    if (cmd == "witness") return run_witness(args);
    if (cmd == "registry") return run_registry_log(args);
    for (const char* r : {"segment", "activate", "sell", "pickup", "unbind", "void", "reissue",
                          "replace", "snapshot", "history"})
        if (cmd == r) return run_registry(cmd, args);
    std::fprintf(stderr, "traceseal: unknown command '%s' (see traceseal --help)\n", cmd.c_str());
    return kExitUsage;
}
