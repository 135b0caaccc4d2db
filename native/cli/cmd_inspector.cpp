// traceseal inspector enrol | login and provenance fetch (FORMAT.md §12): an agency signs an
// inspector certificate; an inspector logs in with a one-time code and fetches a code's bundle.
#include <cstdio>

#include "args.h"
#include "commands.h"
#include "files.h"
#include "provenance_cli.h"

namespace traceseal::cli {
namespace {

constexpr const char* kHelp = R"(Usage:
  traceseal inspector login --server URL --phone +86... --key DEVICE.key.json --out SESSION
  traceseal inspector audit --dir AUDIT_DIR --log-vkey VKEY --witness VKEY [--witness VKEY]...
                            [--quorum N] [--json]
  traceseal inspector enrol --agency-key AGENCY.key.json --role ROLE --phone +86...
                            --device-key DEVICE.pub.json --inspector-key INSPECTOR.pub.json
                            [--not-before TIME] [--not-after TIME] --out CERT.json
                            [--root ROOT.pub.json --trust-list TRUST.json]

enrol signs an inspector certificate (FORMAT.md §12.2) with the agency's key (keygen --role
agency; its key id is the agency id of the trust list): the inspector's phone number, role
(customs, police or market_regulator: the agency's), the Ed25519 device key (keygen --role device)
that signs logins and queries, and the X25519 inspector key (inspector keygen) that opens sealed
details. Valid from --not-before (default: now) until --not-after (default: a year later). With
--root and --trust-list the certificate is verified as a service would before it is written.

login asks the service for a one-time code (sent by SMS), reads it from standard input, signs the
login with the device key and writes the session (mode 0600) for provenance fetch.

audit verifies a copy of the service's audit log (FORMAT.md §12.7) offline, as an oversight reader:
the checkpoint signed by the audit key (--log-vkey, `traceseal log vkey --key AUDIT.key.json
--origin ts.example/audit/1`) and cosigned by at least --quorum (default: all) of the witnesses,
the tiles against it, and each query's signature by its device key; then lists the queries.
Exit 1 if anything is refused.
)";

}  // namespace

int run_inspector_login(const Args& a);  // cmd_inspector_login.cpp
int run_inspector_audit(const Args& a);  // cmd_inspector_audit.cpp

namespace {

int fail_reason(const std::string& cmd, const Error& e) {
    return fail(cmd, std::string(to_string(e.reason)) + ": " + e.detail);
}

int run_enrol(const Args& a) {
    const char* cmd = "inspector enrol";
    for (const char* required :
         {"--agency-key", "--role", "--phone", "--device-key", "--inspector-key", "--out"})
        if (!a.value(required)) return fail(cmd, std::string(required) + " is required");
    auto agency = load_key_file(*a.value("--agency-key"));
    if (!agency) return fail_reason(cmd, agency.error());
    if (agency->role != KeyRole::agency || !agency->secret_key)
        return fail(cmd, *a.value("--agency-key") + " is not an agency secret key file");
    auto device = load_key_file(*a.value("--device-key"));
    if (!device) return fail_reason(cmd, device.error());
    if (device->role != KeyRole::device)
        return fail(cmd,
                    *a.value("--device-key") + " is not a device key file (keygen --role device)");
    auto box = load_inspector_key(*a.value("--inspector-key"));
    if (!box) return fail_reason(cmd, box.error());
    auto role = parse_inspector_role(*a.value("--role"));
    if (!role) return fail(cmd, "--role must be customs, police or market_regulator");
    InspectorCertificateBody b;
    b.agency = agency->key_id;
    b.role = *role;
    b.phone = *a.value("--phone");
    if (!valid_phone(b.phone)) return fail(cmd, "--phone must be E.164: + and 8 to 15 digits");
    b.device_key = device->public_key;
    b.inspector_key = box->public_key;
    b.not_before = now_utc();
    if (auto v = a.value("--not-before")) {
        auto t = parse_time(*v);
        if (!t) return fail_reason(cmd, t.error());
        b.not_before = *t;
    }
    b.not_after = b.not_before + 365 * 86400;
    if (auto v = a.value("--not-after")) {
        auto t = parse_time(*v);
        if (!t) return fail_reason(cmd, t.error());
        b.not_after = *t;
    }
    if (b.not_after <= b.not_before) return fail(cmd, "--not-after must be after --not-before");
    std::string cert = sign_inspector_certificate(format_inspector_certificate_body(b), b.agency,
                                                  *agency->secret_key);
    if (a.value("--root") || a.value("--trust-list")) {
        if (!a.value("--root") || !a.value("--trust-list"))
            return fail(cmd, "--root and --trust-list go together");
        auto trust = load_trust(*a.value("--root"), *a.value("--trust-list"));
        if (!trust) return fail_reason(cmd, trust.error());
        auto v = verify_inspector_certificate(cert, *trust, std::max(b.not_before, now_utc()));
        if (!v) return fail_reason(cmd, v.error());
    }
    if (auto e = write_file(*a.value("--out"), cert)) return fail(cmd, *e);
    std::printf("inspector certificate: %s (%s, %s, agency %u, valid %s to %s)\n",
                a.value("--out")->c_str(), b.phone.c_str(), std::string(to_string(b.role)).c_str(),
                b.agency, format_time(b.not_before).c_str(), format_time(b.not_after).c_str());
    return kExitOk;
}

}  // namespace

int run_inspector_online(const std::vector<std::string>& argv) {
    Args a(argv,
           {"--agency-key", "--role", "--phone", "--device-key", "--inspector-key", "--out",
            "--not-before", "--not-after", "--root", "--trust-list", "--server", "--key", "--dir",
            "--log-vkey", "--witness", "--quorum"},
           {"--json"});
    if (a.help()) return std::fputs(kHelp, stdout), kExitOk;
    if (!a.ok()) return fail("inspector", a.error());
    const std::string action = a.positional().empty() ? "" : a.positional()[0];
    if (action == "enrol" && a.positional().size() == 1) return run_enrol(a);
    if (action == "login" && a.positional().size() == 1) return run_inspector_login(a);
    if (action == "audit" && a.positional().size() == 1) return run_inspector_audit(a);
    return fail("inspector",
                "usage: traceseal inspector keygen|enrol|login|audit ... (see --help)");
}

}  // namespace traceseal::cli
