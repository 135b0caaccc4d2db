// traceseal mint: N signed codes for a segment, with print-ready labels (PNG and SVG).
#include <cstdio>

#include "args.h"
#include "commands.h"
#include "files.h"
#include "minting.h"

namespace traceseal::cli {

namespace {
constexpr const char* kHelp =
    R"(Usage: traceseal mint --key ISSUING.key.json --root ROOT.pub.json --trust-list TRUST.json
                      --segment S --first SERIAL --count N --category C [--date YYYY-MM-DD]
                      [--caption TEXT] --out DIR

Signs N codes (serials SERIAL .. SERIAL+N-1 of segment S) with the issuing key, after checking
that the trust list authorises that key for the segment and lists the category. Writes
DIR/codes.txt (one code text per line), DIR/codes.jsonl (fields and QR version per code) and
DIR/labels/<segment>-<serial>.png and .svg. Each code gets a fresh 64-bit random nonce.

Options:
  --key FILE          issuing secret key file (from traceseal keygen --role issuing)
  --root FILE         pinned root public key;  --trust-list FILE  the signed trust list
  --segment S         segment number (0-16777215);  --first SERIAL  first serial (0-16777215)
  --count N           number of codes (1-100000)
  --category C        product category id from the trust list (repeat to cycle several)
  --date YYYY-MM-DD   issue date (default: today, UTC)
  --caption TEXT      extra line printed on each label
  --out DIR           output directory (created)
)";
}  // namespace

int run_mint(const std::vector<std::string>& argv) {
    Args a(argv,
           {"--key", "--root", "--trust-list", "--segment", "--first", "--count", "--category",
            "--date", "--caption", "--out"},
           {});
    if (a.help()) return std::fputs(kHelp, stdout), kExitOk;
    if (!a.ok()) return fail("mint", a.error());
    for (const char* req :
         {"--key", "--root", "--trust-list", "--segment", "--first", "--count", "--out"})
        if (!a.value(req)) return fail("mint", std::string(req) + " is required (see --help)");
    if (a.values("--category").empty()) return fail("mint", "--category is required");
    auto key = load_key_file(*a.value("--key"));
    if (!key) return fail("mint", key.error().detail);
    if (key->role != KeyRole::issuing || !key->secret_key)
        return fail("mint", *a.value("--key") + ": not an issuing SECRET key file");
    auto trust = load_trust(*a.value("--root"), *a.value("--trust-list"));
    if (!trust)
        return fail("mint",
                    std::string(to_string(trust.error().reason)) + ": " + trust.error().detail);
    auto segment = parse_int(*a.value("--segment"), 0, 0xFFFFFF);
    auto first = parse_int(*a.value("--first"), 0, 0xFFFFFF);
    auto count = parse_int(*a.value("--count"), 1, 100000);
    if (!segment || !first || !count)
        return fail("mint", "--segment, --first and --count must be numbers in range");
    if (*first + *count - 1 > 0xFFFFFF) return fail("mint", "serials would pass 16777215");

    const TrustListBody& t = trust->body();
    const IssuingKey* ik = t.find_key(key->key_id);
    if (!ik || !(ik->public_key == key->public_key))
        return fail("mint",
                    "issuing key " + std::to_string(key->key_id) + " is not in the trust list");
    bool in_segment = false;
    for (const auto& s : ik->segments)
        in_segment = in_segment || (*segment >= s.first && *segment <= s.last);
    if (!in_segment)
        return fail("mint", "the trust list does not authorise this key for segment " +
                                std::to_string(*segment));

    MintPlan plan;
    plan.key = {key->public_key, *key->secret_key};
    plan.key_id = key->key_id;
    plan.operator_id = ik->operator_id;
    plan.prefix = t.label_prefix;
    plan.segment = static_cast<std::uint32_t>(*segment);
    plan.first_serial = static_cast<std::uint32_t>(*first);
    plan.count = static_cast<std::uint32_t>(*count);
    for (const auto& c : a.values("--category")) {
        auto id = parse_int(c, 0, 0xFFFF);
        if (!id || !t.find_category(static_cast<std::uint16_t>(*id)))
            return fail("mint", "category " + c + " is not in the trust list");
        plan.categories.push_back(static_cast<std::uint16_t>(*id));
    }
    UnixTime date = now_utc();
    if (auto d = a.value("--date")) {
        auto parsed = parse_time(*d);
        if (!parsed) return fail("mint", parsed.error().detail);
        date = *parsed;
    }
    std::int64_t day = day_of(date);
    if (day < day_of(ik->not_before) || day > day_of(ik->not_after))
        return fail("mint", "the issue date is outside the key's validity in the trust list");
    plan.issue_day = static_cast<std::uint16_t>(day);
    plan.nonce = [](std::uint32_t) {
        std::array<std::uint8_t, 8> n{};
        auto r = random_bytes(8);
        std::copy(r.begin(), r.end(), n.begin());
        return n;
    };
    plan.caption = a.value("--caption").value_or("");

    std::string out = *a.value("--out");
    if (auto e = make_dirs(out + "/labels")) return fail("mint", *e);
    auto minted = mint_run(plan, out, "labels/");
    if (!minted) return fail("mint", minted.error().detail);
    // Self-check: every code just signed must verify as genuine against the trust list.
    std::string texts, lines;
    int max_version = 0;
    for (const auto& m : *minted) {
        Assessment as = assess_text(m.text, *trust, date);
        if (as.verdict != Verdict::genuine)
            return fail("mint", "self-check failed for " + format_code_number(m.fields) + ": " +
                                    std::string(to_string(as.reasons.at(0))));
        texts += m.text + "\n";
        lines += assessment_to_json(as, m.label_png,
                                    "{\"qr_version\":" + std::to_string(m.qr_version) +
                                        ",\"ec_level\":\"" + m.ec_level + "\",\"label_svg\":\"" +
                                        m.label_svg + "\"}") +
                 "\n";
        max_version = std::max(max_version, m.qr_version);
        std::printf("%s  QR version %d-%c  %s\n", format_code_number(m.fields).c_str(),
                    m.qr_version, m.ec_level, m.label_png.c_str());
    }
    if (auto e = write_file(out + "/codes.txt", texts)) return fail("mint", *e);
    if (auto e = write_file(out + "/codes.jsonl", lines)) return fail("mint", *e);
    std::printf("minted %zu codes into %s (largest QR: version %d)\n", minted->size(), out.c_str(),
                max_version);
    return kExitOk;
}

}  // namespace traceseal::cli
