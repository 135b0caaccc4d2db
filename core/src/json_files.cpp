// JSON documents (FORMAT.md §4.2–4.4, §6.2, §12): key files, trust list body and envelope,
// reports, inspector certificates, requests, sessions and audit records. Past 600 lines because
// every signed JSON document shares one reader here, the only file that touches nlohmann.
// Untrusted input: parse without exceptions, read members with find(), never throwing accessors.
#include "json_files.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "traceseal/json_object.h"

namespace traceseal {
namespace {

using Json = nlohmann::json;

Error malformed(Reason reason, const std::string& what) {
    return make_error(reason, what);
}

const Json* member(const Json& obj, const char* name) {
    auto it = obj.find(name);
    return it == obj.end() ? nullptr : &*it;
}

// Reads members of one object, remembering the first problem (its message names the member).
class Reader {
  public:
    Reader(const Json& obj, Reason reason, std::string where)
        : obj_(obj), reason_(reason), where_(std::move(where)) {}

    bool ok() const { return !error_; }
    Error error() const { return *error_; }

    std::string str(const char* name, bool allow_empty = false) {
        const Json* v = member(obj_, name);
        if (!v || !v->is_string()) return fail(name, "must be a string"), "";
        std::string s = v->get<std::string>();
        if (s.empty() && !allow_empty) fail(name, "must not be empty");
        return s;
    }
    std::uint64_t uint(const char* name, std::uint64_t max) {
        const Json* v = member(obj_, name);
        if (!v || !v->is_number_unsigned() || v->get<std::uint64_t>() > max)
            return fail(name, "must be an integer from 0 to " + std::to_string(max)), 0;
        return v->get<std::uint64_t>();
    }
    UnixTime time(const char* name) {
        std::string s = str(name);
        if (!ok()) return 0;
        auto t = parse_time(s);
        if (!t || s.size() != 20) return fail(name, "must be a YYYY-MM-DDTHH:MM:SSZ time"), 0;
        return *t;
    }
    PublicKey key(const char* name) {
        PublicKey pk;
        std::string s = str(name);
        if (!ok()) return pk;
        auto bytes = from_hex(s);
        if (!bytes || bytes->size() != pk.bytes.size())
            return fail(name, "must be 64 lowercase hex digits"), pk;
        std::copy(bytes->begin(), bytes->end(), pk.bytes.begin());
        return pk;
    }
    const Json* array(const char* name) {
        const Json* v = member(obj_, name);
        if (!v || !v->is_array()) return fail(name, "must be an array"), nullptr;
        return v;
    }
    // Unknown members are refused: a newer format must raise "version".
    void only(std::initializer_list<const char*> names) {
        if (!ok()) return;
        for (auto it = obj_.begin(); it != obj_.end(); ++it) {
            bool known = false;
            for (const char* n : names) known = known || it.key() == n;
            if (!known) return fail(it.key().c_str(), "is not a known member");
        }
    }
    void fail(const std::string& name, const std::string& what) {
        if (!error_) error_ = make_error(reason_, where_ + "." + name + " " + what);
    }

  private:
    const Json& obj_;
    Reason reason_;
    std::string where_;
    std::optional<Error> error_;
};

Result<Json> parse_object(std::string_view text, Reason reason, const char* what) {
    std::string why;
    auto j = parse_json_object<Json>(text, why);
    if (!j) return malformed(reason, std::string(what) + " " + why);
    return std::move(*j);
}

// type and version first, so a future format gets its own reason (§4.3 rule 1).
std::optional<Error> check_type(const Json& j, std::string_view type, Reason malformed_reason,
                                Reason version_reason, const char* what,
                                std::int64_t max_version = 1) {
    const Json* t = member(j, "type");
    if (!t || !t->is_string() || t->get<std::string>() != type)
        return malformed(malformed_reason,
                         std::string(what) + ".type must be \"" + std::string(type) + "\"");
    const Json* v = member(j, "version");
    if (!v || !v->is_number_integer())
        return malformed(malformed_reason, std::string(what) + ".version must be an integer");
    if (v->get<std::int64_t>() < 1 || v->get<std::int64_t>() > max_version)
        return malformed(version_reason,
                         std::string(what) + " version " + v->dump() + " is not supported");
    return std::nullopt;
}

Json names_json(const std::string& en, const std::string& zh) {
    return Json{{"en", en}, {"zh", zh}};
}

// §4.3 member `logs` (§10.9): structure and vkeys; trust_list.cpp checks the rest of rule 8.
std::optional<Error> read_trust_logs(const Json& arr, std::vector<TrustedLog>& out) {
    constexpr Reason kBad = Reason::trust_list_malformed;
    for (std::size_t i = 0; i < arr.size(); ++i) {
        const Json& e = arr[i];
        const std::string where = "trust list.logs[" + std::to_string(i) + "]";
        if (!e.is_object()) return malformed(kBad, where + " must be an object");
        Reader r(e, kBad, where);
        r.only({"origin", "operator", "vkey", "witnesses", "quorum"});
        TrustedLog log;
        log.policy.origin = r.str("origin");
        log.operator_id = static_cast<std::uint16_t>(r.uint("operator", 0xFFFF));
        const std::string vkey = r.str("vkey");
        const Json* witnesses = r.array("witnesses");
        log.policy.quorum = r.uint("quorum", 0xFFFF);
        if (!r.ok()) return r.error();
        auto log_key = tlog::parse_vkey(vkey, tlog::kSigTypeEd25519);
        if (!log_key)
            return malformed(
                Reason::trust_list_bad_key,
                where + ".vkey is not a log vkey (type 0x01): " + log_key.error().detail);
        log.policy.log_key = *log_key;
        for (std::size_t w = 0; w < witnesses->size(); ++w) {
            const Json& v = (*witnesses)[w];
            const std::string at = where + ".witnesses[" + std::to_string(w) + "]";
            if (!v.is_string()) return malformed(kBad, at + " must be a string");
            auto wk = tlog::parse_vkey(v.get<std::string>(), tlog::kSigTypeCosignatureV1);
            if (!wk)
                return malformed(Reason::trust_list_bad_key,
                                 at + " is not a witness vkey (type 0x04): " + wk.error().detail);
            log.policy.witnesses.push_back(*wk);
        }
        out.push_back(std::move(log));
    }
    return std::nullopt;
}

Json trust_logs_json(const std::vector<TrustedLog>& logs) {
    Json arr = Json::array();
    for (const TrustedLog& l : logs) {
        Json witnesses = Json::array();
        for (const tlog::Vkey& w : l.policy.witnesses) witnesses.push_back(tlog::format_vkey(w));
        arr.push_back({{"origin", l.policy.origin},
                       {"operator", l.operator_id},
                       {"vkey", tlog::format_vkey(l.policy.log_key)},
                       {"witnesses", witnesses},
                       {"quorum", l.policy.quorum}});
    }
    return arr;
}

}  // namespace

// ---- Agencies (§12.1): apart from the rest of the body, read after it ------------------------

namespace {

std::optional<Error> parse_agencies_json(const Json& j, TrustListBody& b) {
    constexpr Reason kBad = Reason::trust_list_malformed;
    const Json* arr = member(j, "agencies");
    if (!arr) return std::nullopt;  // optional member
    if (!arr->is_array()) return malformed(kBad, "trust list.agencies must be an array");
    for (std::size_t i = 0; i < arr->size(); ++i) {
        const Json& e = (*arr)[i];
        std::string where = "trust list.agencies[" + std::to_string(i) + "]";
        if (!e.is_object()) return malformed(kBad, where + " must be an object");
        Reader r(e, kBad, where);
        r.only({"id", "role", "name_en", "name_zh", "public_key"});
        Agency a;
        a.id = static_cast<std::uint16_t>(r.uint("id", 0xFFFF));
        std::string role = r.str("role");
        a.name_en = r.str("name_en");
        a.name_zh = r.str("name_zh");
        a.public_key = r.key("public_key");
        if (!r.ok()) return r.error();
        auto parsed = parse_inspector_role(role);
        if (!parsed)
            return malformed(kBad, where + ".role must be customs, police or market_regulator");
        a.role = *parsed;
        b.agencies.push_back(a);
    }
    return std::nullopt;
}

// Written only when there are agencies, so lists without them keep their bytes (§12.1).
void format_agencies_json(const TrustListBody& b, Json& j) {
    if (b.agencies.empty()) return;
    Json arr = Json::array();
    for (const Agency& a : b.agencies)
        arr.push_back({{"id", a.id},
                       {"role", std::string(to_string(a.role))},
                       {"name_en", a.name_en},
                       {"name_zh", a.name_zh},
                       {"public_key", to_hex(a.public_key.bytes.data(), 32)}});
    j["agencies"] = arr;
}

}  // namespace

// ---- Trust list -----------------------------------------------------------------------------

Result<TrustListBody> parse_trust_list_json(std::string_view body_json) {
    constexpr Reason kBad = Reason::trust_list_malformed;
    auto parsed = parse_object(body_json, kBad, "trust list body");
    if (!parsed) return parsed.error();
    const Json& j = *parsed;
    if (auto e = check_type(j, kTrustListType, kBad, Reason::trust_list_unsupported_version,
                            "trust list", kMaxTrustListVersion))
        return *e;
    TrustListBody b;
    b.version = static_cast<std::uint8_t>(j["version"].get<std::int64_t>());
    Reader r(j, kBad, "trust list");
    if (b.version >= 2)
        r.only({"type", "version", "sequence", "issued_at", "expires_at", "authority",
                "label_prefix", "operators", "categories", "issuing_keys", "revoked_keys",
                "status_max_age", "logs", "agencies"});
    else
        r.only({"type", "version", "sequence", "issued_at", "expires_at", "authority",
                "label_prefix", "operators", "categories", "issuing_keys", "revoked_keys",
                "status_max_age", "agencies"});
    if (j.find("status_max_age") != j.end()) {
        b.status_max_age = r.uint("status_max_age", kMaxStatusMaxAge);
        if (r.ok() && b.status_max_age < kMinStatusMaxAge)
            r.fail("status_max_age", "must be at least " + std::to_string(kMinStatusMaxAge));
    }
    b.sequence = r.uint("sequence", (std::uint64_t{1} << 53) - 1);
    b.issued_at = r.time("issued_at");
    b.expires_at = r.time("expires_at");
    b.authority = r.str("authority");
    b.label_prefix = r.str("label_prefix");
    const Json* ops = r.array("operators");
    const Json* cats = r.array("categories");
    const Json* keys = r.array("issuing_keys");
    const Json* revoked = r.array("revoked_keys");
    if (!r.ok()) return r.error();

    auto each = [&](const Json* arr, const char* name, auto&& read) -> std::optional<Error> {
        for (std::size_t i = 0; i < arr->size(); ++i) {
            const Json& e = (*arr)[i];
            std::string where = std::string("trust list.") + name + "[" + std::to_string(i) + "]";
            if (!e.is_object()) return malformed(kBad, where + " must be an object");
            Reader er(e, kBad, where);
            read(er, e);
            if (!er.ok()) return er.error();
        }
        return std::nullopt;
    };
    auto read_named = [](Reader& er, std::uint16_t& id, std::string& en, std::string& zh) {
        er.only({"id", "name_en", "name_zh"});
        id = static_cast<std::uint16_t>(er.uint("id", 0xFFFF));
        en = er.str("name_en");
        zh = er.str("name_zh");
    };
    std::optional<Error> e;
    e = each(ops, "operators", [&](Reader& er, const Json&) {
        Operator op;
        read_named(er, op.id, op.name_en, op.name_zh);
        b.operators.push_back(op);
    });
    if (!e)
        e = each(cats, "categories", [&](Reader& er, const Json&) {
            Category c;
            read_named(er, c.id, c.name_en, c.name_zh);
            b.categories.push_back(c);
        });
    if (!e)
        e = each(keys, "issuing_keys", [&](Reader& er, const Json& obj) {
            IssuingKey k;
            er.only({"key_id", "operator", "public_key", "segments", "not_before", "not_after"});
            k.key_id = static_cast<std::uint16_t>(er.uint("key_id", 0xFFFF));
            k.operator_id = static_cast<std::uint16_t>(er.uint("operator", 0xFFFF));
            k.public_key = er.key("public_key");
            k.not_before = er.time("not_before");
            k.not_after = er.time("not_after");
            const Json* segs = er.array("segments");
            if (!er.ok()) return;
            for (const Json& s : *segs) {
                if (!s.is_array() || s.size() != 2 || !s[0].is_number_unsigned() ||
                    !s[1].is_number_unsigned() || s[0].get<std::uint64_t>() > 0xFFFFFF ||
                    s[1].get<std::uint64_t>() > 0xFFFFFF)
                    return er.fail("segments",
                                   "entries must be [first, last] with 24-bit integers");
                k.segments.push_back({s[0].get<std::uint32_t>(), s[1].get<std::uint32_t>()});
            }
            (void)obj;
            b.issuing_keys.push_back(k);
        });
    if (!e)
        e = each(revoked, "revoked_keys", [&](Reader& er, const Json&) {
            RevokedKey k;
            er.only({"key_id", "public_key", "revoked_at", "reason"});
            k.key_id = static_cast<std::uint16_t>(er.uint("key_id", 0xFFFF));
            k.public_key = er.key("public_key");
            k.revoked_at = er.time("revoked_at");
            k.reason = er.str("reason");
            b.revoked_keys.push_back(k);
        });
    if (e) return *e;
    if (j.find("logs") != j.end()) {
        const Json* logs = r.array("logs");
        if (!r.ok()) return r.error();
        if (auto le = read_trust_logs(*logs, b.logs)) return *le;
    }
    if (auto agencies = parse_agencies_json(j, b)) return *agencies;
    return b;
}

std::string format_trust_list_body(const TrustListBody& b) {
    Json j;
    j["type"] = kTrustListType;
    j["version"] = b.version;
    j["sequence"] = b.sequence;
    j["issued_at"] = format_time(b.issued_at);
    j["expires_at"] = format_time(b.expires_at);
    j["authority"] = b.authority;
    j["label_prefix"] = b.label_prefix;
    j["operators"] = Json::array();
    for (const auto& o : b.operators)
        j["operators"].push_back({{"id", o.id}, {"name_en", o.name_en}, {"name_zh", o.name_zh}});
    j["categories"] = Json::array();
    for (const auto& c : b.categories)
        j["categories"].push_back({{"id", c.id}, {"name_en", c.name_en}, {"name_zh", c.name_zh}});
    j["issuing_keys"] = Json::array();
    for (const auto& k : b.issuing_keys) {
        Json segs = Json::array();
        for (const auto& s : k.segments) segs.push_back({s.first, s.last});
        j["issuing_keys"].push_back({{"key_id", k.key_id},
                                     {"operator", k.operator_id},
                                     {"public_key", to_hex(k.public_key.bytes.data(), 32)},
                                     {"segments", segs},
                                     {"not_before", format_time(k.not_before)},
                                     {"not_after", format_time(k.not_after)}});
    }
    j["revoked_keys"] = Json::array();
    for (const auto& k : b.revoked_keys)
        j["revoked_keys"].push_back({{"key_id", k.key_id},
                                     {"public_key", to_hex(k.public_key.bytes.data(), 32)},
                                     {"revoked_at", format_time(k.revoked_at)},
                                     {"reason", k.reason}});
    // Optional (§4.3): written only when it differs from the default, so lists stay as they were.
    if (b.status_max_age != kDefaultStatusMaxAge) j["status_max_age"] = b.status_max_age;
    if (!b.logs.empty()) j["logs"] = trust_logs_json(b.logs);
    format_agencies_json(b, j);
    return j.dump(2);
}

Result<TrustEnvelope> parse_trust_envelope(std::string_view text) {
    constexpr Reason kBad = Reason::trust_list_malformed;
    auto parsed = parse_object(text, kBad, "trust list file");
    if (!parsed) return parsed.error();
    if (auto e = check_type(*parsed, kSignedTrustListType, kBad,
                            Reason::trust_list_unsupported_version, "trust list file"))
        return *e;
    Reader r(*parsed, kBad, "trust list file");
    r.only({"type", "version", "root_key_id", "signed", "signature"});
    TrustEnvelope env;
    env.root_key_id = r.str("root_key_id");
    env.signed_body = r.str("signed");
    std::string sig = r.str("signature");
    if (!r.ok()) return r.error();
    auto sig_bytes = from_hex(sig);
    if (!sig_bytes || sig_bytes->size() != kSignatureSize)
        return malformed(kBad, "trust list file.signature must be 128 lowercase hex digits");
    env.signature = *sig_bytes;
    return env;
}

std::string format_trust_envelope(const TrustEnvelope& env) {
    Json j{{"type", kSignedTrustListType},
           {"version", 1},
           {"root_key_id", env.root_key_id},
           {"signed", env.signed_body},
           {"signature", to_hex(env.signature.data(), env.signature.size())}};
    return j.dump(2) + "\n";
}

// ---- Key files (§4.2) -----------------------------------------------------------------------

namespace {
const char* key_role_word(KeyRole role) {
    switch (role) {
        case KeyRole::root:
            return "root";
        case KeyRole::issuing:
            return "issuing";
        case KeyRole::agency:
            return "agency";
        case KeyRole::device:
            return "device";
        case KeyRole::service:
            return "service";
    }
    return "root";
}
Json key_file_json(const KeyFile& k, std::string_view type) {
    Json j{{"type", type}, {"version", 1}, {"role", key_role_word(k.role)}};
    if (k.role == KeyRole::issuing || k.role == KeyRole::agency) j["key_id"] = k.key_id;
    j["public_key"] = to_hex(k.public_key.bytes.data(), 32);
    return j;
}
}  // namespace

std::string format_public_key_file(const KeyFile& k) {
    return key_file_json(k, kPublicKeyType).dump(2) + "\n";
}

std::string format_secret_key_file(const KeyFile& k) {
    Json j = key_file_json(k, kSecretKeyType);
    j["secret_key"] = to_hex(k.secret_key->bytes.data(), 64);
    j["comment"] =
        "SECRET signing key: keep this file private (mode 0600), never share or print it";
    return j.dump(2) + "\n";
}

Result<KeyFile> parse_key_file(std::string_view text) {
    constexpr Reason kBad = Reason::key_file_malformed;
    auto parsed = parse_object(text, kBad, "key file");
    if (!parsed) return parsed.error();
    const Json& j = *parsed;
    const Json* type = member(j, "type");
    bool secret = type && type->is_string() && type->get<std::string>() == kSecretKeyType;
    if (auto e = check_type(j, secret ? kSecretKeyType : kPublicKeyType, kBad, kBad, "key file"))
        return *e;
    Reader r(j, kBad, "key file");
    KeyFile k;
    std::string role = r.str("role");
    if (role == "root") {
        k.role = KeyRole::root;
    } else if (role == "issuing" || role == "agency") {
        k.role = role == "issuing" ? KeyRole::issuing : KeyRole::agency;
        k.key_id = static_cast<std::uint16_t>(r.uint("key_id", 0xFFFF));
    } else if (role == "device" || role == "service") {
        k.role = role == "device" ? KeyRole::device : KeyRole::service;
    } else {
        r.fail("role", "must be \"root\", \"issuing\", \"agency\", \"device\" or \"service\"");
    }
    k.public_key = r.key("public_key");
    if (secret) {
        r.only({"type", "version", "role", "key_id", "public_key", "secret_key", "comment"});
        std::string sk_hex = r.str("secret_key");
        if (!r.ok()) return r.error();
        auto sk = from_hex(sk_hex);
        if (!sk || sk->size() != 64)
            return malformed(kBad, "key file.secret_key must be 128 lowercase hex digits");
        SecretKey s;
        std::copy(sk->begin(), sk->end(), s.bytes.begin());
        // libsodium's secret key embeds the public key; it must be the one declared (§4.2).
        Seed seed;
        std::copy(s.bytes.begin(), s.bytes.begin() + 32, seed.begin());
        KeyPair kp = keypair_from_seed(seed);
        if (!(kp.public_key == k.public_key) || kp.secret_key.bytes != s.bytes)
            return malformed(kBad, "key file.secret_key does not match its public_key");
        k.secret_key = s;
    } else {
        r.only({"type", "version", "role", "key_id", "public_key"});
    }
    if (!r.ok()) return r.error();
    return k;
}

// ---- Reports (§6.2) -------------------------------------------------------------------------

// ---- Inspector key files (§10.16) -----------------------------------------------------------

std::string format_inspector_key_file(const BoxKeyPair& kp, bool secret) {
    Json j = {{"type", std::string(kInspectorKeyType)},
              {"version", 1},
              {"public_key", to_hex(kp.public_key.bytes.data(), 32)}};
    if (secret) j["secret_key"] = to_hex(kp.secret_key.data(), 32);
    return j.dump(2) + "\n";
}

Result<InspectorKey> parse_inspector_key_file(std::string_view text) {
    constexpr Reason kBad = Reason::key_file_malformed;
    auto parsed = parse_object(text, kBad, "inspector key file");
    if (!parsed) return parsed.error();
    const Json& j = *parsed;
    if (auto e = check_type(j, kInspectorKeyType, kBad, kBad, "inspector key file")) return *e;
    Reader r(j, kBad, "inspector key file");
    InspectorKey k;
    k.public_key.bytes = r.key("public_key").bytes;
    if (member(j, "secret_key")) {
        r.only({"type", "version", "public_key", "secret_key"});
        const std::array<std::uint8_t, 32> sk = r.key("secret_key").bytes;
        if (!r.ok()) return r.error();
        BoxKeyPair kp = box_keypair_from_secret(sk);
        if (kp.public_key.bytes != k.public_key.bytes)
            return malformed(kBad, "inspector key file.secret_key does not match its public_key");
        k.secret = kp;
    } else {
        r.only({"type", "version", "public_key"});
    }
    if (!r.ok()) return r.error();
    return k;
}

std::string assessment_to_json(const Assessment& a, std::string_view input,
                               std::string_view extra_members) {
    Json j;
    j["input"] = std::string(input);
    j["verdict"] = to_string(a.verdict);
    j["reasons"] = Json::array();
    for (Reason r : a.reasons) j["reasons"].push_back(to_string(r));
    if (!a.text.empty()) j["text"] = a.text;
    if (a.fields) {
        const CodeFields& f = *a.fields;
        Json fields{{"version", f.version},
                    {"key_id", f.key_id},
                    {"operator", f.operator_id},
                    {"category", f.category},
                    {"issue_date", format_day(f.issue_day)},
                    {"segment", f.segment},
                    {"serial", f.serial},
                    {"code_number", format_code_number(f)},
                    {"nonce", to_hex(f.nonce.data(), f.nonce.size())}};
        if (!a.operator_name_en.empty())
            fields["operator_name"] = names_json(a.operator_name_en, a.operator_name_zh);
        if (!a.category_name_en.empty())
            fields["category_name"] = names_json(a.category_name_en, a.category_name_zh);
        j["fields"] = fields;
        j["verified"] = a.reminder;  // v1's name: genuine or warning (§6.2)
    }
    j["authentic"] = a.authentic;  // §6.1
    j["reminder"] = a.reminder;
    if (a.status) {  // §6.2, §9.5: only when status data covered the code's segment
        j["state"] = a.state ? Json(to_string(*a.state)) : Json(nullptr);
        if (a.context) j["context"] = to_string(*a.context);
        j["status"] = {{"sequence", a.status->sequence},
                       {"issued_at", format_time(a.status->issued_at)},
                       {"valid_until", format_time(a.status->valid_until)}};
    }
    if (!extra_members.empty()) {
        Json extra = Json::parse(extra_members.begin(), extra_members.end(), nullptr, false);
        if (extra.is_object())
            for (auto it = extra.begin(); it != extra.end(); ++it) j[it.key()] = it.value();
    }
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// ---- Inspectors online (§12): certificates, requests, sessions, audit records ---------------
// The semantics and signatures are inspector.cpp's; here only the JSON framing.

namespace {

std::string hex_member(Reader& r, const char* name, std::size_t bytes) {
    std::string s = r.str(name);
    if (!r.ok()) return s;
    auto b = from_hex(s);
    if (!b || b->size() != bytes)
        r.fail(name, "must be " + std::to_string(2 * bytes) + " lowercase hex digits");
    return s;
}

BoxPublicKey box_key(Reader& r, const char* name) {
    BoxPublicKey k;
    k.bytes = r.key(name).bytes;
    return k;
}

InspectorRole role_member(Reader& r, const char* name) {
    std::string w = r.str(name);
    if (!r.ok()) return InspectorRole::customs;
    auto role = parse_inspector_role(w);
    if (!role) r.fail(name, "must be customs, police or market_regulator");
    return role.value_or(InspectorRole::customs);
}

std::uint16_t agency_member(Reader& r) {
    auto id = static_cast<std::uint16_t>(r.uint("agency", 0xFFFF));
    if (r.ok() && id == 0) r.fail("agency", "must be from 1 to 65535");
    return id;
}

}  // namespace

Result<SignedEnvelope> parse_signed_envelope(std::string_view text, std::string_view type,
                                             Reason bad, bool with_agency) {
    auto parsed = parse_object(text, bad, std::string(type).c_str());
    if (!parsed) return parsed.error();
    if (auto e = check_type(*parsed, type, bad, bad, std::string(type).c_str())) return *e;
    Reader r(*parsed, bad, std::string(type));
    if (with_agency)
        r.only({"type", "version", "agency", "signed", "signature"});
    else
        r.only({"type", "version", "signed", "signature"});
    SignedEnvelope env;
    if (with_agency) env.agency = agency_member(r);
    env.signed_body = r.str("signed");
    std::string sig = hex_member(r, "signature", kSignatureSize);
    if (!r.ok()) return r.error();
    env.signature = *from_hex(sig);
    return env;
}

std::string format_signed_envelope(std::string_view type, std::optional<std::uint16_t> agency,
                                   std::string_view signed_body, const Bytes& signature) {
    Json j{{"type", std::string(type)},
           {"version", 1},
           {"signed", std::string(signed_body)},
           {"signature", to_hex(signature.data(), signature.size())}};
    if (agency) j["agency"] = *agency;
    return j.dump(2) + "\n";
}

Result<InspectorCertificateBody> parse_inspector_certificate_json(std::string_view body) {
    constexpr Reason kBad = Reason::inspector_certificate_malformed;
    auto parsed = parse_object(body, kBad, "inspector certificate body");
    if (!parsed) return parsed.error();
    if (auto e =
            check_type(*parsed, kInspectorCertBodyType, kBad, kBad, "inspector certificate body"))
        return *e;
    Reader r(*parsed, kBad, "inspector certificate body");
    r.only({"type", "version", "agency", "role", "phone", "device_key", "inspector_key",
            "not_before", "not_after"});
    InspectorCertificateBody b;
    b.agency = agency_member(r);
    b.role = role_member(r, "role");
    b.phone = r.str("phone");
    b.device_key = r.key("device_key");
    b.inspector_key = box_key(r, "inspector_key");
    b.not_before = r.time("not_before");
    b.not_after = r.time("not_after");
    if (!r.ok()) return r.error();
    return b;
}

std::string format_inspector_certificate_json(const InspectorCertificateBody& b) {
    Json j{{"type", std::string(kInspectorCertBodyType)},
           {"version", 1},
           {"agency", b.agency},
           {"role", std::string(to_string(b.role))},
           {"phone", b.phone},
           {"device_key", to_hex(b.device_key.bytes.data(), 32)},
           {"inspector_key", to_hex(b.inspector_key.bytes.data(), 32)},
           {"not_before", format_time(b.not_before)},
           {"not_after", format_time(b.not_after)}};
    return j.dump(2);
}

Result<SignedRequest> parse_request_body_json(std::string_view body) {
    constexpr Reason kBad = Reason::request_malformed;
    auto parsed = parse_object(body, kBad, "request body");
    if (!parsed) return parsed.error();
    const Json* type = member(*parsed, "type");
    bool login = type && type->is_string() && type->get<std::string>() == kLoginType;
    if (auto e = check_type(*parsed, login ? kLoginType : kQueryType, kBad, kBad, "request body"))
        return *e;
    Reader r(*parsed, kBad, login ? "login" : "query");
    SignedRequest req;
    if (login) {
        r.only({"type", "version", "phone", "code", "time", "nonce"});
        LoginRequest l;
        l.phone = r.str("phone");
        l.code = r.str("code");
        l.time = r.time("time");
        l.nonce = hex_member(r, "nonce", 16);
        req.login = l;
    } else {
        r.only({"type", "version", "session", "code", "case_reference", "time", "nonce"});
        QueryRequest q;
        q.session = hex_member(r, "session", 16);
        q.code = r.str("code");
        q.case_reference = r.str("case_reference", true);
        q.time = r.time("time");
        q.nonce = hex_member(r, "nonce", 16);
        req.query = q;
    }
    if (!r.ok()) return r.error();
    return req;
}

std::string format_login_json(const LoginRequest& l) {
    return Json{
        {"type", std::string(kLoginType)}, {"version", 1},    {"phone", l.phone}, {"code", l.code},
        {"time", format_time(l.time)},     {"nonce", l.nonce}}
        .dump();
}

std::string format_query_json(const QueryRequest& q) {
    return Json{{"type", std::string(kQueryType)},
                {"version", 1},
                {"session", q.session},
                {"code", q.code},
                {"case_reference", q.case_reference},
                {"time", format_time(q.time)},
                {"nonce", q.nonce}}
        .dump();
}

Result<SessionClaims> parse_session_claims_json(std::string_view text) {
    constexpr Reason kBad = Reason::session_malformed;
    auto parsed = parse_object(text, kBad, "session claims");
    if (!parsed) return parsed.error();
    if (auto e = check_type(*parsed, kSessionClaimsType, kBad, kBad, "session claims")) return *e;
    Reader r(*parsed, kBad, "session claims");
    r.only({"type", "version", "session", "phone", "role", "agency", "device_key", "inspector_key",
            "issued_at", "expires_at"});
    SessionClaims c;
    c.session = hex_member(r, "session", 16);
    c.phone = r.str("phone");
    c.role = role_member(r, "role");
    c.agency = agency_member(r);
    c.device_key = r.key("device_key");
    c.inspector_key = box_key(r, "inspector_key");
    c.issued_at = r.time("issued_at");
    c.expires_at = r.time("expires_at");
    if (!r.ok()) return r.error();
    return c;
}

std::string format_session_claims_json(const SessionClaims& c) {
    return Json{{"type", std::string(kSessionClaimsType)},
                {"version", 1},
                {"session", c.session},
                {"phone", c.phone},
                {"role", std::string(to_string(c.role))},
                {"agency", c.agency},
                {"device_key", to_hex(c.device_key.bytes.data(), 32)},
                {"inspector_key", to_hex(c.inspector_key.bytes.data(), 32)},
                {"issued_at", format_time(c.issued_at)},
                {"expires_at", format_time(c.expires_at)}}
        .dump();
}

std::string format_audit_record_json(const AuditRecord& a) {
    return Json{{"type", std::string(kAuditRecordType)},
                {"version", 1},
                {"time", format_time(a.time)},
                {"phone", a.phone},
                {"agency", a.agency},
                {"role", std::string(to_string(a.role))},
                {"code", a.code},
                {"case_reference", a.case_reference},
                {"session", a.session},
                {"device_key", to_hex(a.device_key.bytes.data(), 32)},
                {"request", a.request}}
        .dump();
}

Result<AuditRecord> parse_audit_record_json(std::string_view text) {
    constexpr Reason kBad = Reason::request_malformed;
    auto parsed = parse_object(text, kBad, "audit record");
    if (!parsed) return parsed.error();
    if (auto e = check_type(*parsed, kAuditRecordType, kBad, kBad, "audit record")) return *e;
    Reader r(*parsed, kBad, "audit record");
    r.only({"type", "version", "time", "phone", "agency", "role", "code", "case_reference",
            "session", "device_key", "request"});
    AuditRecord a;
    a.time = r.time("time");
    a.phone = r.str("phone");
    a.agency = agency_member(r);
    a.role = role_member(r, "role");
    a.code = r.str("code");
    a.case_reference = r.str("case_reference", true);
    a.session = hex_member(r, "session", 16);
    a.device_key = r.key("device_key");
    a.request = r.str("request");
    if (!r.ok()) return r.error();
    return a;
}

}  // namespace traceseal
