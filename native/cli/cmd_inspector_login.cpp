// traceseal inspector login and provenance fetch (FORMAT.md §12.4–§12.8): the one-time code from
// stdin, a session file, and a signed query whose answer is a bundle v2 for the inspector's role.
// The exchanges themselves are platform/inspector_client.h, shared with the viewer.
#include <cstdio>
#include <iostream>

#include "args.h"
#include "commands.h"
#include "files.h"
#include "inspector_client.h"
#include "provenance_cli.h"

namespace traceseal::cli {
namespace {

constexpr int kExitRefused = 1;

int refused(const char* cmd, const Error& e, bool by_server) {
    std::fprintf(stderr, "traceseal %s: %s: %s\n", cmd, std::string(to_string(e.reason)).c_str(),
                 e.detail.c_str());
    return by_server ? kExitRefused : kExitUsage;
}
int refused(const char* cmd, const platform::ClientError& e) {
    return refused(cmd, e.error, e.by_server);
}

}  // namespace

int run_inspector_login(const Args& a) {
    const char* cmd = "inspector login";
    for (const char* required : {"--server", "--phone", "--key", "--out"})
        if (!a.value(required)) return fail(cmd, std::string(required) + " is required");
    const std::string server = *a.value("--server"), phone = *a.value("--phone");
    if (!valid_phone(phone)) return fail(cmd, "--phone must be E.164: + and 8 to 15 digits");
    auto device = platform::load_device_key(*a.value("--key"));
    if (!device) return refused(cmd, device.error(), false);
    auto sent = platform::request_login_code(server, phone);
    if (!sent) return refused(cmd, sent.failure);
    std::fprintf(stderr,
                 "a one-time code was sent to %s; type it and press Enter: ", phone.c_str());
    std::string code;
    if (!std::getline(std::cin, code)) return fail(cmd, "no one-time code on standard input");
    while (!code.empty() && (code.back() == '\r' || code.back() == ' ')) code.pop_back();
    auto session = platform::login(server, phone, code, *device, now_utc());
    if (!session) return refused(cmd, session.failure);
    if (auto e = write_file(*a.value("--out"),
                            platform::format_session_file(*session.value, *a.value("--key")), true,
                            true))
        return fail(cmd, *e);
    const SessionClaims& claims = session.value->claims;
    std::printf("session: %s (%s, agency %u, until %s)\n", a.value("--out")->c_str(),
                std::string(to_string(claims.role)).c_str(), claims.agency,
                format_time(claims.expires_at).c_str());
    return kExitOk;
}

int run_provenance_fetch(const std::vector<std::string>& argv) {
    const char* cmd = "provenance fetch";
    Args a(std::vector<std::string>(argv.begin() + 1, argv.end()),
           {"--server", "--session", "--out", "--case"}, {});
    if (a.help()) {
        std::puts(
            "Usage: traceseal provenance fetch --server URL --session SESSION --out B.tspb\n"
            "                                  [--case REFERENCE] CODE_NUMBER\n\n"
            "Asks the registry service for the code's bundle v2 as the session's role may\n"
            "see it (FORMAT.md §12.3); the query is signed by the device key and recorded in\n"
            "the audit log before the answer. Police queries need --case. Verify the bundle\n"
            "offline with traceseal verify --provenance B.tspb --inspector-key ...");
        return kExitOk;
    }
    if (!a.ok()) return fail(cmd, a.error());
    for (const char* required : {"--server", "--session", "--out"})
        if (!a.value(required)) return fail(cmd, std::string(required) + " is required");
    if (a.positional().size() != 1) return fail(cmd, "give exactly one code number");
    auto file = platform::read_session_file(*a.value("--session"));
    if (!file && file.error().reason == Reason::key_file_malformed)
        return fail(cmd, file.error().detail);
    if (!file) return refused(cmd, file.error(), false);
    auto device = platform::load_device_key(file->device_key_path);
    if (!device) return refused(cmd, device.error(), false);
    auto number = parse_code_number(a.positional()[0]);
    if (!number) return fail(cmd, a.positional()[0] + " is not a code number SSSSSSSS-NNNNNNNN");
    platform::ClientSession session = file->session;
    session.server = *a.value("--server");
    const std::string code = format_code_number(*number);
    auto res =
        platform::fetch_bundle(session, *device, code, a.value("--case").value_or(""), now_utc());
    if (!res) return refused(cmd, res.failure);
    if (auto e = write_file(*a.value("--out"), *res.value)) return fail(cmd, *e);
    std::printf("bundle of %s for %s: %s (%zu bytes)\n", code.c_str(),
                std::string(to_string(session.claims.role)).c_str(), a.value("--out")->c_str(),
                res.value->size());
    return kExitOk;
}

}  // namespace traceseal::cli
