// One function per subcommand; each returns the process exit code (0, 1 or 2) and never exits.
#pragma once

#include <string>
#include <vector>

namespace traceseal::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitNotGenuine = 1;
inline constexpr int kExitUsage = 2;

int run_keygen(const std::vector<std::string>& args);
int run_trust(const std::vector<std::string>& args);
int run_mint(const std::vector<std::string>& args);
int run_verify(const std::vector<std::string>& args);
int run_demo(const std::vector<std::string>& args);
// segment, activate, sell, pickup, unbind, void, reissue, replace, snapshot, history.
int run_epcis(const std::vector<std::string>& args);
int run_registry(const std::string& command, const std::vector<std::string>& args);
// registry publish: the registry's transparency log (FORMAT.md §10.17, cmd_publish.cpp).
int run_registry_log(const std::vector<std::string>& args);
// log vkey|append|proof|request, witness vkey|add-checkpoint (FORMAT.md §10 v2, cmd_log.cpp).
int run_log(const std::vector<std::string>& args);
int run_witness(const std::vector<std::string>& args);

// Prints "traceseal <cmd>: <message>" on stderr and returns kExitUsage.
int fail(const std::string& command, const std::string& message);

}  // namespace traceseal::cli
