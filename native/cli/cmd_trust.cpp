// traceseal trust build|show: sign a trust-list body with the root key; show a verified list.
#include <cstdio>

#include "args.h"
#include "commands.h"
#include "files.h"

namespace traceseal::cli {

namespace {
constexpr const char* kHelp = R"(Usage:
  traceseal trust build --root-key ROOT.key.json --body BODY.json --out TRUST.json
  traceseal trust show --root ROOT.pub.json TRUST.json

build: checks BODY.json (the trust list body of docs/FORMAT.md §4.3: sequence, validity,
       label_prefix, operators, categories, issuing_keys, revoked_keys) and signs its exact
       bytes with the root secret key.
show:  verifies TRUST.json against the pinned root public key and prints what it says.
)";

int build(const Args& a) {
    auto root_path = a.value("--root-key"), body_path = a.value("--body"), out = a.value("--out");
    if (!root_path || !body_path || !out)
        return fail("trust build", "--root-key, --body and --out are required");
    auto root = load_key_file(*root_path);
    if (!root) return fail("trust build", root.error().detail);
    if (root->role != KeyRole::root || !root->secret_key)
        return fail("trust build", *root_path + ": not a root SECRET key file");
    auto body = read_text_file(*body_path);
    if (!body) return fail("trust build", body.error().detail);
    auto checked = parse_trust_list_body(*body);
    if (!checked)
        return fail("trust build", *body_path + ": " +
                                       std::string(to_string(checked.error().reason)) + ": " +
                                       checked.error().detail);
    KeyPair kp{root->public_key, *root->secret_key};
    if (auto e = write_file(*out, sign_trust_list(*body, kp))) return fail("trust build", *e);
    std::printf("wrote %s: sequence %llu, %zu issuing keys, %zu revoked, root key id %s\n",
                out->c_str(), static_cast<unsigned long long>(checked->sequence),
                checked->issuing_keys.size(), checked->revoked_keys.size(),
                root_key_id(kp.public_key).c_str());
    return kExitOk;
}

int show(const Args& a) {
    auto root = a.value("--root");
    if (!root || a.positional().size() != 2)
        return fail("trust show", "usage: traceseal trust show --root ROOT.pub.json TRUST.json");
    auto trust = load_trust(*root, a.positional()[1]);
    if (!trust)
        return fail("trust show",
                    std::string(to_string(trust.error().reason)) + ": " + trust.error().detail);
    const TrustListBody& b = trust->body();
    std::printf("trust list: verified, root key id %s\n", trust->root_key_id().c_str());
    std::printf("authority: %s\nsequence: %llu\nissued_at: %s\nexpires_at: %s\nlabel_prefix: %s\n",
                b.authority.c_str(), static_cast<unsigned long long>(b.sequence),
                format_time(b.issued_at).c_str(), format_time(b.expires_at).c_str(),
                b.label_prefix.c_str());
    for (const auto& o : b.operators)
        std::printf("operator %u: %s / %s\n", o.id, o.name_en.c_str(), o.name_zh.c_str());
    for (const auto& k : b.issuing_keys) {
        std::printf("issuing key %u: operator %u, valid %s .. %s, segments", k.key_id,
                    k.operator_id, format_time(k.not_before).c_str(),
                    format_time(k.not_after).c_str());
        for (const auto& s : k.segments) std::printf(" %u-%u", s.first, s.last);
        std::printf("\n");
    }
    for (const auto& k : b.revoked_keys)
        std::printf("revoked key %u: %s at %s\n", k.key_id, k.reason.c_str(),
                    format_time(k.revoked_at).c_str());
    return kExitOk;
}

}  // namespace

int run_trust(const std::vector<std::string>& argv) {
    Args a(argv, {"--root-key", "--body", "--out", "--root"}, {});
    if (a.help()) return std::fputs(kHelp, stdout), kExitOk;
    if (!a.ok()) return fail("trust", a.error());
    if (a.positional().empty()) return fail("trust", "expected 'build' or 'show' (see --help)");
    if (a.positional()[0] == "build") return build(a);
    if (a.positional()[0] == "show") return show(a);
    return fail("trust", "unknown action '" + a.positional()[0] + "' (build or show)");
}

}  // namespace traceseal::cli
