// tests/vectors/code_number_v1.json (FORMAT.md §6.3): typed code numbers against the status
// world of §9.6 (segment 100, serials 1-1000, serial 10 + k in state k, the rest activated).
// Part of gen_vectors.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "demo_world.h"
#include "vector_writer.h"

using namespace traceseal;
using Json = nlohmann::ordered_json;
using traceseal::vectors::Writer;

namespace {

constexpr const char* kAt = "2026-11-22T12:00:00Z";
constexpr const char* kIssued = "2026-11-20T00:00:00Z";
constexpr const char* kUntil = "2026-11-27T00:00:00Z";

}  // namespace

Json code_number_vectors() {
    cli::DemoWorld w = cli::make_demo_world(20261122, false);
    SegmentCertificate cert = *verify_segment_certificate(
        sign_segment_certificate({1, 100, 1, 1000, *parse_time("2026-10-01")}, w.root),
        w.root.public_key);
    std::vector<CodeState> states(1000, CodeState::activated);
    for (int k = 0; k < 7; ++k) states[9 + k] = static_cast<CodeState>(k);
    Bytes snapshot = sign_status_snapshot(
        cert, {1, 5, *parse_time(kIssued), *parse_time(kUntil), states}, w.issuing[0].secret_key);

    Writer wr;
    auto add = [&](std::string comment, std::vector<std::string> flags, const std::string& text,
                   const char* context, const char* at, const char* expect,
                   std::vector<std::string> reasons, Json state, Json number) {
        wr.add({{"comment", comment},
                {"flags", flags},
                {"text", text},
                {"context", context},
                {"at", at},
                {"expect", expect},
                {"reasons", reasons},
                {"state", state},
                {"code_number", number}});
    };
    auto num = [](int segment, int serial) {
        char b[24];
        std::snprintf(b, sizeof b, "%08d-%08d", segment, serial);
        return std::string(b);
    };
    const char* expect[7] = {"warning", "warning", "warning", "warning",
                             "warning", "invalid", "invalid"};
    const char* reason[7] = {"code_not_activated", nullptr, nullptr,
                             "resale_suspected",   nullptr, "code_voided",
                             "code_superseded"};
    for (int s = 0; s < 7; ++s) {
        std::string st(to_string(static_cast<CodeState>(s)));
        std::vector<std::string> rs = {"code_number_only"};
        if (reason[s]) rs.push_back(reason[s]);
        add("typed number of a code in state " + st + ": never genuine", {"StateTable"},
            num(100, 10 + s), "consumer", kAt, expect[s], rs, st, num(100, 10 + s));
    }
    add("picked-up number at a port: no resale warning, still only a number", {"StateTable"},
        num(100, 13), "inspector_port", kAt, "warning", {"code_number_only"}, "picked_up",
        num(100, 13));
    add("serial 1001 outside the certificate's 1-1000", {"Segment"}, num(100, 1001), "consumer",
        kAt, "invalid", {"code_number_only", "serial_not_allocated"}, nullptr, num(100, 1001));
    add("serial above 2^24 - 1 cannot exist", {"Segment"}, "00000100-16777216", "consumer", kAt,
        "invalid", {"code_number_only", "serial_not_allocated"}, "absent", "00000100-16777216");
    add("segment 300 belongs to no issuing key (untrusted segment)", {"Segment"}, num(300, 1),
        "consumer", kAt, "invalid", {"code_number_only", "segment_not_authorized"}, "absent",
        num(300, 1));
    add("segment 200 is operator 2's, with no snapshot: no state known", {"NoStatus"}, num(200, 15),
        "consumer", kAt, "warning", {"code_number_only"}, "absent", num(200, 15));
    add("status past valid_until", {"Stale"}, num(100, 42), "consumer", "2026-11-28T00:00:00Z",
        "warning", {"code_number_only", "status_stale"}, "activated", num(100, 42));
    add("voided number, stale status", {"Stale"}, num(100, 15), "consumer", "2026-11-28T00:00:00Z",
        "invalid", {"code_number_only", "code_voided", "status_stale"}, "voided", num(100, 15));
    add("stale status and expired trust list", {"Stale", "StaleTrustList"}, num(100, 12),
        "consumer", "2031-06-01T00:00:00Z", "warning",
        {"code_number_only", "status_stale", "trust_list_expired"}, "sold", num(100, 12));
    // Spellings people type.
    add("surrounding spaces and a newline", {"Parse"}, "  00000100-00000012\n", "consumer", kAt,
        "warning", {"code_number_only"}, "sold", num(100, 12));
    add("no separator", {"Parse"}, "0000010000000012", "consumer", kAt, "warning",
        {"code_number_only"}, "sold", num(100, 12));
    add("a space as separator", {"Parse"}, "00000100 00000012", "consumer", kAt, "warning",
        {"code_number_only"}, "sold", num(100, 12));
    add("full-width hyphen U+FF0D (Chinese input method)", {"Parse"},
        "00000100\xEF\xBC\x8D"
        "00000015",
        "consumer", kAt, "invalid", {"code_number_only", "code_voided"}, "voided", num(100, 15));
    add("7 digits after the hyphen: not a code number, not a code", {"Parse"}, "00000100-0000012",
        "consumer", kAt, "foreign", {"not_traceseal_code"}, "absent", nullptr);
    add("two hyphens: not a code number", {"Parse"}, "00000100--00000012", "consumer", kAt,
        "foreign", {"not_traceseal_code"}, "absent", nullptr);
    add("full-width digits are not ASCII digits", {"Parse"},
        "\xEF\xBC\x90\xEF\xBC\x90\xEF\xBC\x90\xEF\xBC\x90\xEF\xBC\x90\xEF\xBC\x91\xEF\xBC\x90\xEF"
        "\xBC\x90-00000012",
        "consumer", kAt, "foreign", {"not_traceseal_code"}, "absent", nullptr);

    Json doc;
    doc["algorithm"] = "TraceSeal typed code numbers (docs/FORMAT.md §6.3)";
    doc["generator"] = "tests/tools/code_number_vectors.cpp";
    doc["world"] = {
        {"seed", 20261122},
        {"root_public_key", format_public_key_file({KeyRole::root, 0, w.root.public_key, {}})},
        {"trust_list", w.trust_list}};
    doc["testGroups"] =
        Json::array({{{"type", "CodeNumberAssess"},
                      {"snapshots", Json::array({to_hex(snapshot.data(), snapshot.size())})},
                      {"tests", wr.tests}}});
    doc["numberOfTests"] = wr.id;
    return doc;
}
