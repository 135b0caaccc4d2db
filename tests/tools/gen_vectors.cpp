// Generates tests/vectors/*.json (Wycheproof shape) from fixed seeds: one scenario per vector,
// one vector per MUST-reject rule of docs/FORMAT.md. Usage: gen_vectors OUT_DIR [--seeds DIR]
// CI regenerates into the build tree and diffs (tests/CMakeLists.txt: vectors_up_to_date).
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "demo_world.h"
#include "vector_writer.h"

using namespace traceseal;
using namespace traceseal::cli;
using Json = nlohmann::ordered_json;
using traceseal::vectors::Writer;

Json provenance_vectors();   // provenance_vectors.cpp
Json code_number_vectors();  // code_number_vectors.cpp
Json provenance_vectors();   // provenance_vectors.cpp
Json tlog_vectors();         // tlog_vectors.cpp
Json inspector_vectors();    // inspector_vectors.cpp
Json submission_vectors();   // submission_vectors.cpp

namespace {

constexpr std::uint64_t kSeed = 20261122;       // the vectors' world
constexpr std::uint64_t kOtherSeed = 20261123;  // another authority
constexpr const char* kAt = "2026-11-22T12:00:00Z";

CodeFields base_fields() {
    CodeFields f;
    f.key_id = 1;
    f.operator_id = 1;
    f.category = 1;
    f.issue_day = static_cast<std::uint16_t>(day_of(*parse_time("2026-11-01")));
    f.segment = 100;
    f.serial = 42;
    Bytes n = derive_bytes("traceseal-vectors/nonce", kSeed, 8);
    std::copy(n.begin(), n.end(), f.nonce.begin());
    return f;
}

std::string replace_first(std::string s, const std::string& from, const std::string& to) {
    s.replace(s.find(from), from.size(), to);
    return s;
}

// The token of a text minted under the world's prefix.
std::string token_of(const std::string& text) {
    return text.substr(kDemoPrefix.size());
}

Json code_vectors() {
    DemoWorld w = make_demo_world(kSeed, false);
    DemoWorld other = make_demo_world(kOtherSeed, false);
    const std::string prefix(kDemoPrefix);
    CodeFields f = base_fields();
    std::string good = mint_code_text(f, w.issuing[0].secret_key, prefix);
    Writer wr;
    auto code = [&](const char* comment, std::vector<std::string> flags, const std::string& text,
                    const char* expect, std::vector<std::string> reasons, const char* at = kAt) {
        wr.add({{"comment", comment},
                {"flags", flags},
                {"text", text},
                {"at", at},
                {"expect", expect},
                {"reasons", reasons}});
    };
    auto with = [&](auto change, const KeyPair& key) {
        CodeFields g = base_fields();
        change(g);
        return mint_code_text(g, key.secret_key, prefix);
    };
    auto k1 = w.issuing[0];

    code("genuine code", {"Valid"}, good, "genuine", {});
    {
        std::string lower = good;
        for (std::size_t i = 0; i < 18; ++i) lower[i] = static_cast<char>(std::tolower(lower[i]));
        code("scheme and host in lowercase, as a browser shows them",
             {"Valid", "CaseInsensitivePrefix"}, lower, "genuine", {});
    }
    code("trust list past expires_at: authentic but stale", {"StaleTrustList"}, good, "warning",
         {"trust_list_expired"}, "2031-06-01T00:00:00Z");
    {
        std::string t = good;
        t[prefix.size() + 10] = 'a';
        code("lowercase letter in the token", {"Alphabet"}, t, "invalid", {"token_bad_character"});
        t = good;
        t[prefix.size() + 10] = '/';
        code("slash in the token", {"Alphabet"}, t, "invalid", {"token_bad_character"});
        t = good;
        t[prefix.size() + 20] = ' ';
        code("space (QR alphanumeric, not base41) in the token", {"Alphabet"}, t, "invalid",
             {"token_bad_character"});
    }
    code("token truncated by its final byte (2 characters)", {"Length"},
         good.substr(0, good.size() - 2), "invalid", {"token_bad_length"});
    code("token truncated by one character", {"Length"}, good.substr(0, good.size() - 1), "invalid",
         {"token_bad_length"});
    code("token with an extra group appended", {"Length"}, good + "000", "invalid",
         {"token_bad_length"});
    code("empty token after the trusted prefix", {"Length"}, prefix, "invalid",
         {"token_bad_length"});
    {
        std::string t = good;
        t.replace(prefix.size() + 3, 3, ":::");
        code("3-character group above 65535", {"NonCanonical"}, t, "invalid",
             {"token_non_canonical"});
        t = good;
        t.replace(t.size() - 2, 2, "::");
        code("final 2-character group above 255", {"NonCanonical"}, t, "invalid",
             {"token_non_canonical"});
    }
    code("payload version 2, validly signed", {"Version"},
         with([](CodeFields& g) { g.version = 2; }, k1), "invalid", {"unsupported_version"});
    code("genuine token under another host (phishing label)", {"Prefix"},
         "HTTPS://TS.EXAMPLE.CN/C/" + token_of(good), "invalid", {"prefix_not_trusted"});
    code("genuine token under http:// instead of https://", {"Prefix"},
         "HTTP://TS.EXAMPLE/C/" + token_of(good), "invalid", {"prefix_not_trusted"});
    code("genuine token under another path", {"Prefix"}, "HTTPS://TS.EXAMPLE/D/" + token_of(good),
         "invalid", {"prefix_not_trusted"});
    code("genuine token under the trusted host, path in lowercase (paths compare exactly)",
         {"Prefix", "PathExact"}, "HTTPS://TS.EXAMPLE/c/" + token_of(good), "invalid",
         {"prefix_not_trusted"});
    code("genuine token on a phishing host, followed by ?x", {"Prefix", "QueryFragment"},
         "HTTPS://TS.EXAMPLE.CN/C/" + token_of(good) + "?x", "invalid", {"prefix_not_trusted"});
    code("genuine token on a phishing host, followed by #x", {"Prefix", "QueryFragment"},
         "https://ts-example.cn/C/" + token_of(good) + "#x", "invalid", {"prefix_not_trusted"});
    code("genuine token on the trusted prefix, followed by ?x", {"Alphabet", "QueryFragment"},
         good + "?x", "invalid", {"token_bad_character"});
    {
        // One spelling (§3.5): verifiers decode the token exactly as read. A front end that
        // upper-cased or percent-decoded it would turn these into genuine codes.
        std::string lower = good;
        for (std::size_t i = prefix.size(); i < lower.size(); ++i)
            lower[i] = static_cast<char>(std::tolower(lower[i]));
        code("whole token in lowercase (must not be upper-cased into a genuine code)",
             {"Alphabet", "OneSpelling"}, lower, "invalid", {"token_bad_character"});
        std::string pct = good;
        std::size_t star = pct.find_first_of("$*+-:", prefix.size());
        if (star == std::string::npos) std::abort();
        char hexbuf[4];
        std::snprintf(hexbuf, sizeof hexbuf, "%%%02X", static_cast<unsigned char>(pct[star]));
        pct.replace(star, 1, hexbuf);
        code("a token character percent-encoded (must not be percent-decoded)",
             {"Alphabet", "OneSpelling"}, pct, "invalid", {"token_bad_character"});
    }
    code("key id not in the trust list", {"Key"}, with([](CodeFields& g) { g.key_id = 9; }, k1),
         "invalid", {"unknown_key"});
    code("signed by the revoked key 3", {"Key"},
         with([](CodeFields& g) { g.key_id = 3; }, w.issuing[2]), "invalid", {"key_revoked"});
    {
        // Change the serial in the payload, keep the signature (base41 re-encoded).
        Bytes all = *decode_base41(token_of(good));
        all[14] ^= 0x01;
        code("payload serial changed, signature kept", {"Signature"}, prefix + encode_base41(all),
             "invalid", {"bad_signature"});
        all = *decode_base41(token_of(good));
        all[kPayloadSize + 5] ^= 0x80;
        code("one signature bit flipped", {"Signature"}, prefix + encode_base41(all), "invalid",
             {"bad_signature"});
        // S + L (the group order) is the same point equation but non-canonical: must fail.
        all = *decode_base41(token_of(good));
        static const std::uint8_t kL[32] = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58,
                                            0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
                                            0,    0,    0,    0,    0,    0,    0,    0,
                                            0,    0,    0,    0,    0,    0,    0,    0x10};
        unsigned carry = 0;
        for (int i = 0; i < 32; ++i) {
            unsigned s = all[kPayloadSize + 32 + i] + kL[i] + carry;
            all[kPayloadSize + 32 + i] = static_cast<std::uint8_t>(s);
            carry = s >> 8;
        }
        code("non-canonical signature scalar S + L", {"Signature", "Malleability"},
             prefix + encode_base41(all), "invalid", {"bad_signature"});
        all = *decode_base41(token_of(good));
        std::fill(all.begin() + kPayloadSize, all.end(), 0);
        code("all-zero signature", {"Signature"}, prefix + encode_base41(all), "invalid",
             {"bad_signature"});
    }
    code("same key id, signed by another authority's key", {"Signature", "OtherWorld"},
         mint_code_text(f, other.issuing[0].secret_key, prefix), "invalid", {"bad_signature"});
    code("key 1 signs for operator 2", {"Authority"},
         with([](CodeFields& g) { g.operator_id = 2; }, k1), "invalid", {"operator_mismatch"});
    code("key 1 signs segment 200 of key 2", {"Authority"},
         with([](CodeFields& g) { g.segment = 200; }, k1), "invalid", {"segment_not_authorized"});
    code("issued before the key's not_before", {"Authority"},
         with(
             [](CodeFields& g) {
                 g.issue_day = static_cast<std::uint16_t>(day_of(*parse_time("2025-06-01")));
             },
             k1),
         "invalid", {"key_not_valid_at_issue_date"});
    code("issue date two days after the verification time", {"Time"},
         with(
             [](CodeFields& g) {
                 g.issue_day = static_cast<std::uint16_t>(day_of(*parse_time("2026-11-24")));
             },
             k1),
         "invalid", {"issue_date_in_future"});
    code("issue date one day after the verification time (time zones)", {"Time", "Valid"},
         with(
             [](CodeFields& g) {
                 g.issue_day = static_cast<std::uint16_t>(day_of(*parse_time("2026-11-23")));
             },
             k1),
         "genuine", {});
    code("category not on the positive list", {"Authority"},
         with([](CodeFields& g) { g.category = 99; }, k1), "invalid", {"category_not_listed"});
    code("plain product URL", {"Foreign"}, "https://example.com/product/12345", "foreign",
         {"not_traceseal_code"});
    code("plain text", {"Foreign"}, "HELLO WORLD", "foreign", {"not_traceseal_code"});
    code("empty text", {"Foreign"}, "", "foreign", {"not_traceseal_code"});
    code("text longer than 4096 bytes", {"Foreign"}, good + std::string(4000, 'A'), "foreign",
         {"not_traceseal_code"});
    {
        std::string t = "HTTPS://SHOP.EXAMPLE/P/" + token_of(good);
        t.replace(t.size() - 6, 3, ":::");
        code("URL with a 131-character last segment that is no token", {"Foreign"}, t, "foreign",
             {"not_traceseal_code"});
    }
    Json doc;
    doc["algorithm"] = "TraceSeal code v1 (docs/FORMAT.md §3, §5, §6)";
    doc["generator"] = "tests/tools/gen_vectors.cpp";
    doc["numberOfTests"] = wr.id;
    doc["world"] = {
        {"seed", kSeed},
        {"root_public_key", format_public_key_file({KeyRole::root, 0, w.root.public_key, {}})},
        {"trust_list", w.trust_list}};
    doc["testGroups"] = Json::array({{{"type", "CodeVerify"}, {"tests", wr.tests}}});
    return doc;
}

// §4.3 rule 8: the `logs` member of version-2 lists (§10.9), one vector per rule.
template <typename Add>
void add_log_vectors(const DemoWorld& w, Add&& add) {
    using namespace traceseal::tlog;
    auto vkey_of = [&](const std::string& label, const std::string& name, std::uint8_t type) {
        return make_vkey(name, type, demo_key(label, w.seed).public_key.bytes);
    };
    TrustedLog log;
    log.operator_id = 1;
    log.policy.origin = "ts.example/log/1";
    log.policy.log_key = vkey_of("traceseal-vectors/log", "ts.example/log/1", kSigTypeEd25519);
    for (int i = 1; i <= 3; ++i)
        log.policy.witnesses.push_back(vkey_of("traceseal-vectors/witness-" + std::to_string(i),
                                               "witness.example/w" + std::to_string(i),
                                               kSigTypeCosignatureV1));
    log.policy.quorum = 2;
    auto v2 = [&](auto change) {
        TrustListBody b = w.body;
        b.version = 2;
        b.logs = {log};
        change(b);
        return sign_trust_list(format_trust_list_body(b), w.root);
    };
    // A body whose first log's member `name` is replaced (as JSON text) by `value`.
    const std::string good = [&] {
        TrustListBody b = w.body;
        b.version = 2;
        b.logs = {log};
        return format_trust_list_body(b);
    }();
    auto edited = [&](const std::string& from, const std::string& to) {
        return sign_trust_list(replace_first(good, from, to), w.root);
    };
    auto edited_json = [&](auto change) {
        Json j = Json::parse(good);
        change(j, j["logs"][0]);
        return sign_trust_list(j.dump(2), w.root);
    };
    const std::string log_vkey = format_vkey(log.policy.log_key);
    const std::string w1 = format_vkey(log.policy.witnesses[0]);
    auto flags = [](std::vector<std::string> f) {
        f.insert(f.begin(), "Logs");
        return f;
    };
    add("version 2 with a log cosigned by 2 of 3 witnesses", flags({"Valid"}), v2([](auto&) {}),
        "valid");
    add("version 2 without logs", flags({"Valid"}), v2([](TrustListBody& b) { b.logs.clear(); }),
        "valid");
    add("version 2, quorum 3 of 3", flags({"Valid"}),
        v2([](TrustListBody& b) { b.logs[0].policy.quorum = 3; }), "valid");
    add("logs in a version-1 body", flags({"Version"}),
        sign_trust_list(replace_first(good, "\"version\": 2", "\"version\": 1"), w.root),
        "trust_list_malformed");
    add("logs is not an array", flags({"Body"}),
        edited_json([](Json& j, Json&) { j["logs"] = "ts.example/log/1"; }),
        "trust_list_malformed");
    add("log is not an object", flags({"Body"}),
        edited_json([](Json& j, Json&) { j["logs"] = Json::array({1}); }), "trust_list_malformed");
    add("log with an unknown member", flags({"Body"}),
        edited_json([](Json&, Json& l) { l["mirror"] = "https://mirror.example/"; }),
        "trust_list_malformed");
    add("log without quorum", flags({"Body"}),
        edited_json([](Json&, Json& l) { l.erase("quorum"); }), "trust_list_malformed");
    add("quorum as a string", flags({"Body"}),
        edited_json([](Json&, Json& l) { l["quorum"] = "2"; }), "trust_list_malformed");
    add("witnesses not an array", flags({"Body"}),
        edited_json([&](Json&, Json& l) { l["witnesses"] = w1; }), "trust_list_malformed");
    add("witness vkey not a string", flags({"Body"}),
        edited_json([](Json&, Json& l) { l["witnesses"][0] = 7; }), "trust_list_malformed");
    add("origin with a scheme", flags({"Origin"}),
        v2([](TrustListBody& b) { b.logs[0].policy.origin = "https://ts.example/log/1"; }),
        "trust_list_malformed");
    add("origin ending in /", flags({"Origin"}),
        v2([](TrustListBody& b) { b.logs[0].policy.origin = "ts.example/log/1/"; }),
        "trust_list_malformed");
    add("origin with a space", flags({"Origin"}),
        v2([](TrustListBody& b) { b.logs[0].policy.origin = "ts.example/log 1"; }),
        "trust_list_malformed");
    add("empty origin", flags({"Origin"}), edited_json([](Json&, Json& l) { l["origin"] = ""; }),
        "trust_list_malformed");
    add("two logs with one origin", flags({"Origin"}),
        v2([&](TrustListBody& b) { b.logs.push_back(log); }), "trust_list_malformed");
    add("log of an unlisted operator", flags({"Body"}),
        v2([](TrustListBody& b) { b.logs[0].operator_id = 9; }), "trust_list_malformed");
    add("log without witnesses", flags({"Quorum"}), v2([](TrustListBody& b) {
            b.logs[0].policy.witnesses.clear();
            b.logs[0].policy.quorum = 1;
        }),
        "trust_list_malformed");
    add("quorum 0", flags({"Quorum"}), v2([](TrustListBody& b) { b.logs[0].policy.quorum = 0; }),
        "trust_list_malformed");
    add("quorum 4 of 3 witnesses", flags({"Quorum"}),
        v2([](TrustListBody& b) { b.logs[0].policy.quorum = 4; }), "trust_list_malformed");
    add("log vkey named by another origin", flags({"Vkey"}), v2([&](TrustListBody& b) {
            b.logs[0].policy.log_key =
                vkey_of("traceseal-vectors/log", "ts.example/log/2", kSigTypeEd25519);
        }),
        "trust_list_bad_key");
    add("log vkey of type 0x04 (a witness key)", flags({"Vkey"}),
        edited(log_vkey, format_vkey(vkey_of("traceseal-vectors/log", "ts.example/log/1",
                                             kSigTypeCosignatureV1))),
        "trust_list_bad_key");
    add("witness vkey of type 0x01 (a log key)", flags({"Vkey"}),
        edited(w1, format_vkey(vkey_of("traceseal-vectors/witness-1", "witness.example/w1",
                                       kSigTypeEd25519))),
        "trust_list_bad_key");
    {
        std::string wrong_id = log_vkey;
        const std::size_t p = wrong_id.find('+') + 1;
        wrong_id[p] = wrong_id[p] == '0' ? '1' : '0';
        add("log vkey whose key id is not its hash", flags({"Vkey"}), edited(log_vkey, wrong_id),
            "trust_list_bad_key");
    }
    add("log vkey that is not name+id+key", flags({"Vkey"}), edited(log_vkey, "ts.example/log/1"),
        "trust_list_bad_key");
    add("log key of small order (the identity point)", flags({"Vkey", "SmallOrderKey"}),
        v2([](TrustListBody& b) {
            std::array<std::uint8_t, 32> id{};
            id[0] = 1;
            b.logs[0].policy.log_key = make_vkey("ts.example/log/1", kSigTypeEd25519, id);
        }),
        "trust_list_bad_key");
    add("witness key of small order (order 8)", flags({"Vkey", "SmallOrderKey"}),
        v2([](TrustListBody& b) {
            Bytes k = *from_hex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05");
            std::array<std::uint8_t, 32> pk{};
            std::copy(k.begin(), k.end(), pk.begin());
            b.logs[0].policy.witnesses[2] =
                make_vkey("witness.example/w3", kSigTypeCosignatureV1, pk);
        }),
        "trust_list_bad_key");
    add("two witnesses with one name", flags({"Witness"}), v2([&](TrustListBody& b) {
            b.logs[0].policy.witnesses[1] =
                vkey_of("traceseal-vectors/witness-2", "witness.example/w1", kSigTypeCosignatureV1);
        }),
        "trust_list_duplicate_key");
    add("one witness key under two names", flags({"Witness"}), v2([&](TrustListBody& b) {
            b.logs[0].policy.witnesses[1] =
                vkey_of("traceseal-vectors/witness-1", "witness.example/w2", kSigTypeCosignatureV1);
        }),
        "trust_list_duplicate_key");
}

Json trust_list_vectors() {
    DemoWorld w = make_demo_world(kSeed, false);
    DemoWorld other = make_demo_world(kOtherSeed, false);
    Writer wr;
    auto add = [&](const char* comment, std::vector<std::string> flags, const std::string& list,
                   const char* expect) {
        wr.add({{"comment", comment}, {"flags", flags}, {"trust_list", list}, {"expect", expect}});
    };
    auto signed_body = [&](auto change) {
        TrustListBody b = w.body;
        change(b);
        return sign_trust_list(format_trust_list_body(b), w.root);
    };
    auto signed_text = [&](const std::string& body) { return sign_trust_list(body, w.root); };
    auto replace = [](std::string s, const std::string& from, const std::string& to) {
        s.replace(s.find(from), from.size(), to);
        return s;
    };
    add("valid trust list", {"Valid"}, w.trust_list, "valid");
    add("signed body altered (sequence 1 -> 2)", {"Signature"},
        replace(w.trust_list, "\\\"sequence\\\": 1", "\\\"sequence\\\": 2"),
        "trust_list_bad_signature");
    add("signed by another root", {"Root"}, other.trust_list, "trust_list_wrong_root");
    {
        std::string forged = replace(other.trust_list, root_key_id(other.root.public_key),
                                     root_key_id(w.root.public_key));
        add("another root's signature claiming the pinned root's key id", {"Signature", "Root"},
            forged, "trust_list_bad_signature");
    }
    add("not JSON", {"Envelope"}, "not json {", "trust_list_malformed");
    add("JSON array instead of object", {"Envelope"}, "[]", "trust_list_malformed");
    add("envelope without signature", {"Envelope"},
        "{\"type\":\"traceseal-signed-trust-list\",\"version\":1,\"root_key_id\":\"" +
            root_key_id(w.root.public_key) + "\",\"signed\":\"{}\"}",
        "trust_list_malformed");
    add("signature of 63 bytes", {"Envelope"},
        replace(w.trust_list, "\"signature\": \"", "\"signature\": \"00"), "trust_list_malformed");
    add("envelope version 2", {"Version"},
        replace(w.trust_list, "\"version\": 1", "\"version\": 2"),
        "trust_list_unsupported_version");
    add("body version 3", {"Version"},
        signed_text(replace(w.body_json, "\"version\": 2", "\"version\": 3")),
        "trust_list_unsupported_version");
    add("body with an unknown member", {"Body"},
        signed_text(replace(w.body_json, "{", "{\n  \"extra\": true,")), "trust_list_malformed");
    add("body is not JSON", {"Body"}, signed_text("sequence=1"), "trust_list_malformed");
    add("expires_at not after issued_at", {"Body"},
        signed_body([](TrustListBody& b) { b.expires_at = b.issued_at; }), "trust_list_malformed");
    add("time without Z", {"Body"},
        signed_text(replace(w.body_json, "2031-01-01T00:00:00Z", "2031-01-01T00:00:00")),
        "trust_list_malformed");
    add("public key in uppercase hex", {"Body"},
        signed_text(replace(w.body_json, to_hex(w.issuing[0].public_key.bytes.data(), 32),
                            [&] {
                                std::string s = to_hex(w.issuing[0].public_key.bytes.data(), 32);
                                for (auto& c : s) c = static_cast<char>(std::toupper(c));
                                return s;
                            }())),
        "trust_list_malformed");
    add("issuing key names an unlisted operator", {"Body"},
        signed_body([](TrustListBody& b) { b.issuing_keys[0].operator_id = 7; }),
        "trust_list_malformed");
    add("segment range with first > last", {"Body"}, signed_body([](TrustListBody& b) {
            b.issuing_keys[0].segments = {{199, 100}};
        }),
        "trust_list_malformed");
    add("segment beyond 24 bits", {"Body"}, signed_text(replace(w.body_json, "199", "16777216")),
        "trust_list_malformed");
    add("label prefix in lowercase", {"Prefix"},
        signed_body([](TrustListBody& b) { b.label_prefix = "https://ts.example/c/"; }),
        "trust_list_invalid_prefix");
    add("label prefix of 24 characters (no room for a version 6-M label)", {"Prefix"},
        signed_body([](TrustListBody& b) { b.label_prefix = "HTTPS://TS.EXAMPLE.CN/C/"; }),
        "trust_list_invalid_prefix");
    add("label prefix with http://", {"Prefix"},
        signed_body([](TrustListBody& b) { b.label_prefix = "HTTP://TS.EXAMPLE/C/"; }),
        "trust_list_invalid_prefix");
    add("label prefix not ending in /", {"Prefix"},
        signed_body([](TrustListBody& b) { b.label_prefix = "HTTPS://TS.EXAMPLE/C"; }),
        "trust_list_invalid_prefix");
    add("key id listed twice", {"Keys"},
        signed_body([](TrustListBody& b) { b.issuing_keys[1].key_id = 1; }),
        "trust_list_duplicate_key");
    add("same public key under two key ids", {"Keys"}, signed_body([](TrustListBody& b) {
            b.issuing_keys[1].public_key = b.issuing_keys[0].public_key;
        }),
        "trust_list_duplicate_key");
    add("revoked key also listed as issuing", {"Keys"},
        signed_body([](TrustListBody& b) { b.revoked_keys[0].key_id = 2; }),
        "trust_list_duplicate_key");
    add("operator 2's key 2 also covers segments 150-199 of operator 1's key 1", {"Segments"},
        signed_body([](TrustListBody& b) {
            b.issuing_keys[1].segments = {{150, 299}};
        }),
        "trust_list_segment_conflict");
    add("operator 2's key 2 covers segment 199 only, in a second range", {"Segments"},
        signed_body([](TrustListBody& b) {
            b.issuing_keys[1].segments = {{200, 299}, {199, 199}};
        }),
        "trust_list_segment_conflict");
    {
        Seed s{};
        s[0] = 4;
        const PublicKey rotated = keypair_from_seed(s).public_key;
        add("two keys of the same operator on one segment (key rotation)", {"Valid", "Segments"},
            signed_body([&](TrustListBody& b) {
                IssuingKey k = b.issuing_keys[0];
                k.key_id = 4;
                k.public_key = rotated;
                b.issuing_keys.push_back(k);
            }),
            "valid");
    }
    add("issuing key id 0", {"Keys", "KeyId"},
        signed_body([](TrustListBody& b) { b.issuing_keys[0].key_id = 0; }), "trust_list_bad_key");
    add("revoked key id 0", {"Keys", "KeyId"},
        signed_body([](TrustListBody& b) { b.revoked_keys[0].key_id = 0; }), "trust_list_bad_key");
    auto with_key = [&](const char* hexkey) {
        return signed_body([&](TrustListBody& b) {
            Bytes k = *from_hex(hexkey);
            std::copy(k.begin(), k.end(), b.issuing_keys[1].public_key.bytes.begin());
        });
    };
    add("small-order issuing key (the identity point)", {"Keys", "SmallOrderKey"},
        with_key("0100000000000000000000000000000000000000000000000000000000000000"),
        "trust_list_bad_key");
    add("small-order issuing key of order 8 (26e8958f…)", {"Keys", "SmallOrderKey"},
        with_key("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"),
        "trust_list_bad_key");
    add("non-canonical issuing key encoding (y = p + 2)", {"Keys", "NonCanonicalKey"},
        with_key("efffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
        "trust_list_bad_key");
    add("status_max_age 86400 (one day)", {"Valid", "StatusMaxAge"},
        signed_body([](TrustListBody& b) { b.status_max_age = 86400; }), "valid");
    add("status_max_age below one hour", {"Body", "StatusMaxAge"},
        signed_body([](TrustListBody& b) { b.status_max_age = 3599; }), "trust_list_malformed");
    add("status_max_age above 90 days", {"Body", "StatusMaxAge"},
        signed_body([](TrustListBody& b) { b.status_max_age = kMaxStatusMaxAge + 1; }),
        "trust_list_malformed");

    add("body version 0", {"Version"},
        signed_text(replace(w.body_json, "\"version\": 2", "\"version\": 0")),
        "trust_list_unsupported_version");
    add_log_vectors(w, add);

    Json doc;
    doc["algorithm"] = "TraceSeal trust list v1 and v2 (docs/FORMAT.md §4, §10.9)";
    doc["generator"] = "tests/tools/gen_vectors.cpp";
    doc["numberOfTests"] = wr.id;
    doc["root_public_key"] = format_public_key_file({KeyRole::root, 0, w.root.public_key, {}});
    doc["testGroups"] = Json::array({{{"type", "TrustListVerify"}, {"tests", wr.tests}}});

    // §4.6 updates: current is always the world's sequence-1 list.
    Writer up;
    auto seq = [&](std::uint64_t n, const std::string& authority) {
        TrustListBody b = w.body;
        b.sequence = n;
        if (!authority.empty()) b.authority = authority;
        return sign_trust_list(format_trust_list_body(b), w.root);
    };
    std::string cur = seq(5, "");
    auto update = [&](const char* comment, const std::string& cand, const char* expect) {
        up.add({{"comment", comment},
                {"flags", {"Update"}},
                {"current", cur},
                {"candidate", cand},
                {"expect", expect}});
    };
    update("newer sequence replaces", seq(6, ""), "valid");
    update("older sequence is a rollback", seq(4, ""), "trust_list_rollback");
    update("same list again is accepted", cur, "valid");
    update("same sequence, other content", seq(5, "Another authority name"), "trust_list_conflict");
    doc["testGroups"].push_back({{"type", "TrustListUpdate"}, {"tests", up.tests}});
    doc["numberOfTests"] = wr.id + up.id;
    return doc;
}

// RFC 8032 §7.1 TEST 1–3 (seed, public key, message, signature), then edge cases that naive
// Ed25519 verifiers accept and libsodium rejects. Expectations are libsodium 1.0.18's, which both
// the native and the WASM build use.
Json ed25519_vectors() {
    struct Rfc {
        const char *seed, *pk, *msg, *sig;
    };
    const Rfc rfc[] = {
        {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
         "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
         "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701"
         "cf9b46bd25bf5f0595bbe24655141438e7a100b"},
        {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
         "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
         "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d"
         "0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
        {"c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
         "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
         "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f7609"
         "84dc6594a7c15e9716ed28dc027beceea1ec40a"},
    };
    Writer wr;
    auto add = [&](const char* comment, std::vector<std::string> flags, const std::string& pk,
                   const std::string& msg, const std::string& sig, const char* expect) {
        wr.add({{"comment", comment},
                {"flags", flags},
                {"public_key", pk},
                {"message", msg},
                {"signature", sig},
                {"expect", expect}});
    };
    for (int i = 0; i < 3; ++i) {
        // The generator refuses to write an RFC vector that libsodium does not reproduce.
        Seed seed;
        Bytes sb = *from_hex(rfc[i].seed);
        std::copy(sb.begin(), sb.end(), seed.begin());
        KeyPair kp = keypair_from_seed(seed);
        if (to_hex(kp.public_key.bytes.data(), 32) != rfc[i].pk) std::abort();
        std::string name = "RFC 8032 TEST " + std::to_string(i + 1);
        add(name.c_str(), {"Rfc8032"}, rfc[i].pk, rfc[i].msg, rfc[i].sig, "valid");
    }
    std::string sig1 = rfc[0].sig, pk1 = rfc[0].pk;
    add("RFC 8032 TEST 2 with its message changed", {"Rfc8032", "Modified"}, rfc[1].pk, "73",
        rfc[1].sig, "invalid");
    add("TEST 1 signature under TEST 2 key", {"Modified"}, rfc[1].pk, "", sig1, "invalid");
    {
        // S + L: the same equation, non-canonical scalar (malleability).
        Bytes s = *from_hex(sig1);
        static const std::uint8_t kL[32] = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58,
                                            0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
                                            0,    0,    0,    0,    0,    0,    0,    0,
                                            0,    0,    0,    0,    0,    0,    0,    0x10};
        unsigned carry = 0;
        for (int i = 0; i < 32; ++i) {
            unsigned v = s[32 + i] + kL[i] + carry;
            s[32 + i] = static_cast<std::uint8_t>(v);
            carry = v >> 8;
        }
        add("TEST 1 with S + L (non-canonical S)", {"NonCanonicalS", "Malleability"}, pk1, "",
            to_hex(s.data(), 64), "invalid");
        Bytes sl = *from_hex(sig1);
        std::copy(kL, kL + 32, sl.begin() + 32);
        add("S = L exactly", {"NonCanonicalS"}, pk1, "", to_hex(sl.data(), 64), "invalid");
    }
    const std::string identity = "0100000000000000000000000000000000000000000000000000000000000000";
    const std::string zero32(64, '0');
    add("small-order public key (identity), R = identity, S = 0: accepted by naive verifiers",
        {"SmallOrderKey"}, identity, "", identity + zero32, "invalid");
    add("small-order public key (identity) with TEST 1 signature", {"SmallOrderKey"}, identity, "",
        sig1, "invalid");
    add("small-order public key of order 8 (26e8958f…)", {"SmallOrderKey"},
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05", "", identity + zero32,
        "invalid");
    add("non-canonical public key encoding (y = p)", {"NonCanonicalKey"},
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", "", sig1, "invalid");
    add("small-order R (identity) with a valid key", {"SmallOrderR"}, pk1, "",
        identity + sig1.substr(64), "invalid");
    add("all-zero key and signature", {"Zero"}, zero32, "", zero32 + zero32, "invalid");
    Json doc;
    doc["algorithm"] = "Ed25519 (RFC 8032) as libsodium 1.0.18 verifies it";
    doc["generator"] = "tests/tools/gen_vectors.cpp";
    doc["numberOfTests"] = wr.id;
    doc["testGroups"] = Json::array({{{"type", "Ed25519Verify"}, {"tests", wr.tests}}});
    return doc;
}

// §9: status snapshots (binary, as lowercase hex) and the lifecycle rules over them.
Bytes be(std::uint64_t v, int n) {
    Bytes b;
    for (int i = n - 1; i >= 0; --i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    return b;
}
Bytes cat(std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}
std::string hex(const Bytes& b) {
    return to_hex(b.data(), b.size());
}
constexpr const char* kStatusIssued = "2026-11-20T00:00:00Z";
constexpr const char* kStatusUntil = "2026-11-27T00:00:00Z";

// Serials 10..16 of segment 100 are in each state of §9.1 in order; the rest are activated.
std::vector<CodeState> vector_states() {
    std::vector<CodeState> st(1000, CodeState::activated);
    for (int k = 0; k < 7; ++k) st[9 + k] = static_cast<CodeState>(k);
    return st;
}

// A status_body by hand: header, certificate, base state, then raw sets.
Bytes raw_status_body(std::uint16_t key_id, std::uint64_t seq, const Bytes& cert, std::uint8_t base,
                      std::vector<Bytes> sets, std::uint8_t version = 1,
                      const char* issued = kStatusIssued, const char* until = kStatusUntil) {
    Bytes b = cat({Bytes{'T', 'S', 'S', 'T', version}, be(key_id, 2), be(seq, 8),
                   be(static_cast<std::uint64_t>(*parse_time(issued)), 8),
                   be(static_cast<std::uint64_t>(*parse_time(until)), 8), cert,
                   Bytes{base, static_cast<std::uint8_t>(sets.size())}});
    for (const Bytes& s : sets) b.insert(b.end(), s.begin(), s.end());
    return b;
}
Bytes raw_set(std::uint8_t state, std::uint8_t mode, std::uint32_t count, std::uint32_t m_gap,
              std::uint32_t m_len, Bytes bits) {
    return cat(
        {Bytes{state, mode}, be(count, 4), be(m_gap, 4), be(m_len, 4), be(bits.size(), 4), bits});
}

Json status_vectors() {
    DemoWorld w = make_demo_world(kSeed, false);
    // These vectors use the default status_max_age (72 h), not the demo world's 90 days.
    w.body.status_max_age = kDefaultStatusMaxAge;
    w.body_json = format_trust_list_body(w.body);
    w.trust_list = sign_trust_list(w.body_json, w.root);
    DemoWorld other = make_demo_world(kOtherSeed, false);
    const PublicKey& root = w.root.public_key;
    SegmentCertificateBody cb{1, 100, 1, 1000, *parse_time("2026-10-01")};
    Bytes cert_bytes = sign_segment_certificate(cb, w.root);
    SegmentCertificate cert = *verify_segment_certificate(cert_bytes, root);
    auto plan = [&](std::uint64_t seq, std::uint16_t key_id = 1) {
        return StatusPlan{key_id, seq, *parse_time(kStatusIssued), *parse_time(kStatusUntil),
                          vector_states()};
    };
    Bytes good = sign_status_snapshot(cert, plan(5), w.issuing[0].secret_key);
    const SecretKey& k1 = w.issuing[0].secret_key;

    Writer wr;
    auto add = [&](const char* comment, std::vector<std::string> flags, const Bytes& snap,
                   const char* expect) {
        wr.add(
            {{"comment", comment}, {"flags", flags}, {"snapshot", hex(snap)}, {"expect", expect}});
    };
    add("valid snapshot: serials 10-16 in each state, the rest activated", {"Valid"}, good,
        "valid");
    {
        Bytes t = good;
        t[t.size() - kSignatureSize - 1] ^= 0x01;
        add("last byte of the set bits flipped", {"Signature", "Tampered"}, t,
            "status_bad_signature");
        t = good;
        t[4 + 1 + 2 + 7] ^= 0x01;
        add("sequence changed 5 -> 4 in the signed body", {"Signature", "Tampered"}, t,
            "status_bad_signature");
        t = good;
        t.back() ^= 0x80;
        add("signature bit flipped", {"Signature"}, t, "status_bad_signature");
    }
    add("truncated by one byte", {"Truncated"}, Bytes(good.begin(), good.end() - 1),
        "status_malformed");
    add("truncated to its signature", {"Truncated"}, Bytes(good.end() - kSignatureSize, good.end()),
        "status_malformed");
    add("empty file", {"Truncated"}, Bytes{}, "status_malformed");
    add("trailing byte after the signature", {"Framing"}, cat({good, Bytes{0}}),
        "status_malformed");
    {
        Bytes t = good;
        t[3] = 'X';
        add("wrong magic", {"Framing"}, t, "status_malformed");
    }
    add("version 3, validly signed", {"Version"},
        sign_status_body(raw_status_body(1, 5, cert_bytes, 1, {}, 3), k1),
        "status_unsupported_version");
    add("signed by another authority's key 1 (foreign)", {"Signature", "OtherWorld"},
        sign_status_snapshot(cert, plan(5), other.issuing[0].secret_key), "status_bad_signature");
    add("key id 9 is not in the trust list", {"Key"},
        sign_status_body(raw_status_body(9, 5, cert_bytes, 1, {}), k1), "status_unknown_key");
    add("signed by the revoked key 3", {"Key"},
        sign_status_snapshot(cert, plan(5, 3), w.issuing[2].secret_key), "status_unknown_key");
    add("signed by key 1 after its not_after, sequence 2^63 (an expired key overriding status)",
        {"Key", "KeyValidity"},
        sign_status_body(raw_status_body(1, std::uint64_t{1} << 63, cert_bytes, 5, {}, 1,
                                         "2031-01-02T00:00:00Z", "2031-01-03T00:00:00Z"),
                         k1),
        "status_key_not_valid");
    add("signed by key 1 before its not_before", {"Key", "KeyValidity"},
        sign_status_body(raw_status_body(1, 6, cert_bytes, 5, {}, 1, "2025-12-31T00:00:00Z",
                                         "2026-01-01T12:00:00Z"),
                         k1),
        "status_key_not_valid");
    add("operator 2's key 2 publishes for operator 1's segment 100", {"Authority"},
        sign_status_snapshot(cert, plan(5, 2), w.issuing[1].secret_key), "status_not_authorized");
    {
        SegmentCertificateBody c2 = cb;
        c2.segment = 150;
        c2.operator_id = 2;
        add("certificate gives segment 150 to operator 2; key 1 signs for it", {"Authority"},
            sign_status_body(raw_status_body(1, 5, sign_segment_certificate(c2, w.root), 1, {}),
                             k1),
            "status_not_authorized");
        add("certificate signed by another root", {"Certificate", "OtherWorld"},
            sign_status_body(raw_status_body(1, 5, sign_segment_certificate(cb, other.root), 1, {}),
                             k1),
            "segment_certificate_wrong_root");
        Bytes forged = cert_bytes;
        forged[4 + 1 + 8 + 2 + 3 + 4] ^= 0x01;  // last serial 1000 -> 1000 ^ 0x100
        add("certificate's last serial changed, its signature kept", {"Certificate", "Tampered"},
            sign_status_body(raw_status_body(1, 5, forged, 1, {}), k1),
            "segment_certificate_bad_signature");
        Bytes badver = cert_bytes;
        badver[4] = 2;
        add("certificate version 2", {"Certificate"},
            sign_status_body(raw_status_body(1, 5, badver, 1, {}), k1),
            "segment_certificate_malformed");
    }
    // Hand-made sets, each validly signed. Points {10}: gap 9 with m = 1 is nine 1s and a 0.
    const Bytes point10{0xff, 0x80};
    add("hand-made: voided {10}, the rest activated", {"Valid", "Sets"},
        sign_status_body(raw_status_body(1, 5, cert_bytes, 1, {raw_set(5, 0, 1, 1, 1, point10)}),
                         k1),
        "valid");
    add("serial 10 both voided and superseded", {"Sets"},
        sign_status_body(
            raw_status_body(1, 5, cert_bytes, 1,
                            {raw_set(5, 0, 1, 1, 1, point10), raw_set(6, 0, 1, 1, 1, point10)}),
            k1),
        "status_malformed");
    add("non-zero padding bit", {"Sets"},
        sign_status_body(
            raw_status_body(1, 5, cert_bytes, 1, {raw_set(5, 0, 1, 1, 1, {0xff, 0x81})}), k1),
        "status_malformed");
    add("gap 1000 with m = 1024 lands past serial 1000", {"Sets", "Range"},
        sign_status_body(
            raw_status_body(1, 5, cert_bytes, 1, {raw_set(5, 0, 1, 1024, 1, {0x7d, 0x00})}), k1),
        "status_malformed");
    // The 6 padding bits of point10 read as six gaps of 0 (serials 11-16): 7 ranges at most.
    add("count 8 but bits for 7 ranges", {"Sets", "Truncated"},
        sign_status_body(raw_status_body(1, 5, cert_bytes, 1, {raw_set(5, 0, 8, 1, 1, point10)}),
                         k1),
        "status_malformed");
    add("set for the base state", {"Sets"},
        sign_status_body(raw_status_body(1, 5, cert_bytes, 1, {raw_set(1, 0, 1, 1, 1, point10)}),
                         k1),
        "status_malformed");
    add("set states out of order", {"Sets"},
        sign_status_body(raw_status_body(1, 5, cert_bytes, 1,
                                         {raw_set(6, 0, 1, 1, 1, point10),
                                          raw_set(5, 0, 1, 1, 1, {0xff, 0xe0})}),
                         k1),
        "status_malformed");
    add("state number 7", {"Sets"},
        sign_status_body(raw_status_body(1, 5, cert_bytes, 1, {raw_set(7, 0, 1, 1, 1, point10)}),
                         k1),
        "status_malformed");
    add("m_len 2 in points mode", {"Sets"},
        sign_status_body(raw_status_body(1, 5, cert_bytes, 1, {raw_set(5, 0, 1, 1, 2, point10)}),
                         k1),
        "status_malformed");
    add("valid_until equal to issued_at", {"Time"},
        sign_status_body(raw_status_body(1, 5, cert_bytes, 1, {}, 1, kStatusIssued, kStatusIssued),
                         k1),
        "status_malformed");
    // Version 2 (§9.3): bound to a log index entry by covers and segment_root.
    {
        auto v2 = [&](std::uint64_t covers) {
            Bytes root = derive_bytes("traceseal-vectors/segment-root", kSeed, 32);
            StatusLogIndex index{covers, {}};
            std::copy(root.begin(), root.end(), index.segment_root.begin());
            return sign_status_snapshot(cert, plan(5), k1, index);
        };
        const Bytes good2 = v2(1234);
        add("version 2 bound to the index entry at 1234", {"Valid", "Version2"}, good2, "valid");
        Bytes t = good2;
        t[4 + 1 + 2 + 8 + 8 + 8 + kSegmentCertificateSize + 8] ^= 0x01;
        add("version 2, segment_root altered", {"Version2", "Tampered"}, t, "status_bad_signature");
        add("version 2, covers 2^63 (no log index)", {"Version2"}, v2(std::uint64_t{1} << 63),
            "status_malformed");
        add("version-1 layout labelled version 2", {"Version2", "Framing"},
            sign_status_body(raw_status_body(1, 5, cert_bytes, 1, {}, 2), k1), "status_malformed");
    }

    Json doc;
    doc["algorithm"] = "TraceSeal status snapshot v1 and v2 (docs/FORMAT.md §9)";
    doc["generator"] = "tests/tools/gen_vectors.cpp";
    doc["world"] = {{"seed", kSeed},
                    {"root_public_key", format_public_key_file({KeyRole::root, 0, root, {}})},
                    {"trust_list", w.trust_list}};
    doc["testGroups"] = Json::array({{{"type", "StatusVerify"}, {"tests", wr.tests}}});

    Writer up;
    auto update = [&](const char* comment, const Bytes& cand, const char* expect) {
        up.add({{"comment", comment},
                {"flags", {"Update"}},
                {"current", hex(good)},
                {"candidate", hex(cand)},
                {"expect", expect}});
    };
    update("newer sequence replaces", sign_status_snapshot(cert, plan(6), k1), "valid");
    update("older sequence is a rollback", sign_status_snapshot(cert, plan(4), k1),
           "status_rollback");
    update("same snapshot again is accepted", good, "valid");
    {
        StatusPlan p = plan(5);
        p.states[500] = CodeState::voided;
        update("same sequence, other content", sign_status_snapshot(cert, p, k1),
               "status_conflict");
    }
    doc["testGroups"].push_back({{"type", "StatusUpdate"}, {"tests", up.tests}});

    // §9.5: every state x context, then each rule.
    Writer as;
    const std::string prefix(kDemoPrefix);
    auto text_for = [&](std::uint32_t segment, std::uint32_t serial) {
        CodeFields f = base_fields();
        f.segment = segment;
        f.serial = serial;
        const KeyPair& k = segment >= 200 ? w.issuing[1] : w.issuing[0];
        if (segment >= 200) f.key_id = 2, f.operator_id = 2;
        return mint_code_text(f, k.secret_key, prefix);
    };
    auto assess = [&](std::string comment, std::vector<std::string> flags, const std::string& text,
                      const char* context, const char* at, const char* expect,
                      std::vector<std::string> reasons, Json state, Json sightings = Json::array(),
                      Json here = nullptr) {
        as.add({{"comment", comment},
                {"flags", flags},
                {"text", text},
                {"context", context},
                {"at", at},
                {"prior_sightings", sightings},
                {"here", here},
                {"expect", expect},
                {"reasons", reasons},
                {"state", state}});
    };
    struct Row {
        const char* verdict[3];
        const char* reason[3];
    };
    const Row table[7] = {
        {{"warning", "warning", "warning"},
         {"code_not_activated", "code_not_activated", "code_not_activated"}},
        {{"genuine", "genuine", "warning"}, {nullptr, nullptr, "sale_not_recorded"}},
        {{"genuine", "genuine", "genuine"}, {nullptr, nullptr, nullptr}},
        {{"warning", "warning", "genuine"}, {"resale_suspected", "resale_suspected", nullptr}},
        {{"genuine", "genuine", "warning"}, {nullptr, nullptr, "sale_not_recorded"}},
        {{"invalid", "invalid", "invalid"}, {"code_voided", "code_voided", "code_voided"}},
        {{"invalid", "invalid", "invalid"},
         {"code_superseded", "code_superseded", "code_superseded"}},
    };
    const char* contexts[3] = {"consumer", "inspector_shop", "inspector_port"};
    for (int s = 0; s < 7; ++s)
        for (int c = 0; c < 3; ++c) {
            std::string st(to_string(static_cast<CodeState>(s)));
            std::vector<std::string> rs;
            if (table[s].reason[c]) rs.push_back(table[s].reason[c]);
            assess("state " + st + ", context " + contexts[c], {"StateTable"},
                   text_for(100, 10 + s), contexts[c], kAt, table[s].verdict[c], rs, st);
        }
    for (const char* c : contexts)
        assess(std::string("serial 1001 outside the certificate's 1-1000, context ") + c,
               {"Segment"}, text_for(100, 1001), c, kAt, "invalid", {"serial_not_allocated"},
               nullptr);
    Json sanya = {{"latitude", 18.25}, {"longitude", 109.5}, {"at", "2026-11-22T11:50:00Z"}};
    Json haikou = {{"latitude", 20.02}, {"longitude", 110.35}, {"at", kAt}};
    assess("seen in Sanya 10 minutes before Haikou (215 km)", {"Clone"}, text_for(100, 42),
           "inspector_shop", kAt, "warning", {"clone_suspected"}, "activated", Json::array({sanya}),
           haikou);
    Json sanya_early = sanya;
    sanya_early["at"] = "2026-11-22T08:00:00Z";
    assess("seen in Sanya 4 hours before Haikou", {"Clone", "Valid"}, text_for(100, 42),
           "inspector_shop", kAt, "genuine", {}, "activated", Json::array({sanya_early}), haikou);
    Json near = {{"latitude", 18.26}, {"longitude", 109.5}, {"at", "2026-11-22T11:59:00Z"}};
    assess("seen 1 km away a minute earlier (within the 2 km slack)", {"Clone", "Valid"},
           text_for(100, 42), "inspector_port", kAt, "warning", {"sale_not_recorded"}, "activated",
           Json::array({near}), Json{{"latitude", 18.25}, {"longitude", 109.5}, {"at", kAt}});
    assess("clone on a voided code: invalid, both reasons", {"Clone"}, text_for(100, 15),
           "inspector_shop", kAt, "invalid", {"code_voided", "clone_suspected"}, "voided",
           Json::array({sanya}), haikou);
    assess("status past valid_until", {"Stale"}, text_for(100, 42), "consumer",
           "2026-11-28T00:00:00Z", "warning", {"status_stale"}, "activated");
    assess("voided code, stale status", {"Stale"}, text_for(100, 15), "consumer",
           "2026-11-28T00:00:00Z", "invalid", {"code_voided", "status_stale"}, "voided");
    assess("stale status and expired trust list", {"Stale", "StaleTrustList"}, text_for(100, 12),
           "consumer", "2031-06-01T00:00:00Z", "warning", {"status_stale", "trust_list_expired"},
           "sold");
    assess("status within 72 h of its issued_at (the default status_max_age)", {"Stale", "Valid"},
           text_for(100, 42), "consumer", "2026-11-22T23:59:59Z", "genuine", {}, "activated");
    assess(
        "status 72 h + 1 s after its issued_at, before its valid_until: status_max_age bounds it",
        {"Stale", "StatusMaxAge"}, text_for(100, 42), "consumer", "2026-11-23T00:00:01Z", "warning",
        {"status_stale"}, "activated");
    assess("segment 200 has no snapshot while segment 100 has one: status_missing",
           {"NoStatus", "StatusMissing"}, text_for(200, 15), "consumer", kAt, "warning",
           {"status_missing"}, "absent");
    assess(
        "segment 200 has no snapshot, and the code was in Sanya 10 minutes before Haikou: clone "
        "rule applies",
        {"NoStatus", "Clone", "StatusMissing"}, text_for(200, 15), "inspector_shop", kAt, "warning",
        {"clone_suspected", "status_missing"}, "absent", Json::array({sanya}), haikou);
    doc["testGroups"].push_back(
        {{"type", "StatusAssess"}, {"snapshots", Json::array({hex(good)})}, {"tests", as.tests}});
    doc["numberOfTests"] = wr.id + up.id + as.id;
    return doc;
}

// Fuzz seeds (scripts/fuzz.sh): every vector's input as one file per target.
bool write_seeds(const std::string& dir, const Json& codes, const Json& lists) {
    int n = 0;
    bool ok = true;
    auto put = [&](const std::string& sub, const std::string& data) {
        std::ofstream out(dir + "/" + sub + "/v" + std::to_string(++n), std::ios::binary);
        out << data;
        ok = ok && static_cast<bool>(out);
    };
    for (const auto& t : codes["testGroups"][0]["tests"])
        put("code_text", t["text"].get<std::string>());
    for (const auto& t : lists["testGroups"][0]["tests"])
        put("trust_list", t["trust_list"].get<std::string>());
    put("trust_list", codes["world"]["root_public_key"].get<std::string>());
    return ok;
}

bool write(const std::string& path, const Json& doc) {
    std::ofstream out(path, std::ios::binary);
    out << doc.dump(2) << "\n";
    return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2 && !(argc == 4 && std::string(argv[2]) == "--seeds")) {
        std::fprintf(stderr, "usage: gen_vectors OUT_DIR [--seeds SEED_DIR]\n");
        return 2;
    }
    std::string dir = argv[1];
    Json codes = code_vectors(), lists = trust_list_vectors();
    if (argc == 4 && !write_seeds(argv[3], codes, lists)) {
        std::fprintf(stderr, "gen_vectors: cannot write seeds into %s/{code_text,trust_list}\n",
                     argv[3]);
        return 2;
    }
    if (!write(dir + "/code_v1.json", codes) || !write(dir + "/trust_list_v1.json", lists) ||
        !write(dir + "/ed25519_v1.json", ed25519_vectors()) ||
        !write(dir + "/status_v1.json", status_vectors()) ||
        !write(dir + "/provenance_v1.json", provenance_vectors()) ||
        !write(dir + "/code_number_v1.json", code_number_vectors()) ||
        !write(dir + "/tlog_v2.json", tlog_vectors()) ||
        !write(dir + "/inspector_v1.json", inspector_vectors()) ||
        !write(dir + "/submission_v1.json", submission_vectors())) {
        std::fprintf(stderr, "gen_vectors: cannot write into %s\n", dir.c_str());
        return 2;
    }
    return 0;
}
