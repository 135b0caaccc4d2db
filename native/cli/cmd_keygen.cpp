// traceseal keygen: a fresh Ed25519 key pair as a public and a secret key file (FORMAT.md §4.2).
#include <cstdio>

#include "args.h"
#include "commands.h"
#include "files.h"

namespace traceseal::cli {

namespace {
constexpr const char* kHelp =
    R"(Usage: traceseal keygen --role root|issuing|agency|device|service [--key-id N] --out PREFIX

Creates PREFIX.pub.json (public key) and PREFIX.key.json (secret key, mode 0600).
The secret key is never printed. Existing secret key files are never overwritten.

Options:
  --role ROLE           root: signs trust lists; issuing: signs codes; agency: enrols
                        inspectors (FORMAT.md §12.1); device: an inspector's device, signs
                        logins and queries (§12.2); service: the registry service's
                        session-token and audit-log key (§12.6, §12.7)
  --key-id N            issuing keys: the id (1-65535) the trust list will give it;
                        agency keys: the agency's id in the trust list
  --out PREFIX          path prefix of the two files
)";
}  // namespace

int fail(const std::string& command, const std::string& message) {
    std::fprintf(stderr, "traceseal %s: %s\n", command.c_str(), message.c_str());
    return kExitUsage;
}

int run_keygen(const std::vector<std::string>& argv) {
    Args a(argv, {"--role", "--key-id", "--out"}, {});
    if (a.help()) return std::fputs(kHelp, stdout), kExitOk;
    if (!a.ok()) return fail("keygen", a.error());
    auto role = a.value("--role");
    auto out = a.value("--out");
    if (!role || (*role != "root" && *role != "issuing" && *role != "agency" && *role != "device" &&
                  *role != "service"))
        return fail("keygen", "--role must be root, issuing, agency, device or service");
    if (!out) return fail("keygen", "--out PREFIX is required");
    KeyFile k;
    k.role = *role == "root"      ? KeyRole::root
             : *role == "issuing" ? KeyRole::issuing
             : *role == "agency"  ? KeyRole::agency
             : *role == "device"  ? KeyRole::device
                                  : KeyRole::service;
    if (k.role == KeyRole::issuing || k.role == KeyRole::agency) {
        auto id = a.value("--key-id");
        auto n = id ? parse_int(*id, 1, 65535) : std::nullopt;
        if (!n) return fail("keygen", *role + " keys need --key-id from 1 to 65535");
        k.key_id = static_cast<std::uint16_t>(*n);
    }
    Seed seed;
    auto rnd = random_bytes(seed.size());
    std::copy(rnd.begin(), rnd.end(), seed.begin());
    KeyPair kp = keypair_from_seed(seed);
    k.public_key = kp.public_key;
    k.secret_key = kp.secret_key;
    std::string secret_path = *out + ".key.json", public_path = *out + ".pub.json";
    if (auto e = write_file(secret_path, format_secret_key_file(k), true))
        return fail("keygen", *e);
    if (auto e = write_file(public_path, format_public_key_file(k))) return fail("keygen", *e);
    std::printf("wrote %s (secret, mode 0600) and %s\n", secret_path.c_str(), public_path.c_str());
    if (k.role == KeyRole::root) std::printf("root key id %s\n", root_key_id(k.public_key).c_str());
    return kExitOk;
}

}  // namespace traceseal::cli
