// JSON documents (FORMAT.md §4.2–4.4, §6.2): key files, trust list body and envelope, reports.
// Untrusted input: parse without exceptions, read members with find(), never throwing accessors.
#include "json_files.h"

#include <algorithm>
#include <nlohmann/json.hpp>

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
    // A member named twice is refused (nlohmann keeps the last, other parsers the first): what a
    // signed document means must not depend on the parser that reads it.
    std::vector<std::vector<std::string>> open_objects;
    std::string duplicate;
    auto on_event = [&](int, Json::parse_event_t event, Json& parsed) {
        if (event == Json::parse_event_t::object_start) {
            open_objects.emplace_back();
        } else if (event == Json::parse_event_t::object_end) {
            if (!open_objects.empty()) open_objects.pop_back();
        } else if (event == Json::parse_event_t::key && !open_objects.empty() &&
                   parsed.is_string()) {
            std::vector<std::string>& keys = open_objects.back();
            const std::string& k = parsed.get_ref<const std::string&>();
            if (std::find(keys.begin(), keys.end(), k) != keys.end()) {
                if (duplicate.empty()) duplicate = k;
            } else {
                keys.push_back(k);
            }
        }
        return true;
    };
    Json j = Json::parse(text.begin(), text.end(), on_event, false);
    if (j.is_discarded()) return malformed(reason, std::string(what) + " is not valid JSON");
    if (!duplicate.empty())
        return malformed(reason, std::string(what) + " has the member \"" + duplicate + "\" twice");
    if (!j.is_object()) return malformed(reason, std::string(what) + " is not a JSON object");
    return j;
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
                "status_max_age", "logs"});
    else
        r.only({"type", "version", "sequence", "issued_at", "expires_at", "authority",
                "label_prefix", "operators", "categories", "issuing_keys", "revoked_keys",
                "status_max_age"});
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
Json key_file_json(const KeyFile& k, std::string_view type) {
    Json j{{"type", type}, {"version", 1}, {"role", k.role == KeyRole::root ? "root" : "issuing"}};
    if (k.role == KeyRole::issuing) j["key_id"] = k.key_id;
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
    } else if (role == "issuing") {
        k.role = KeyRole::issuing;
        k.key_id = static_cast<std::uint16_t>(r.uint("key_id", 0xFFFF));
    } else {
        r.fail("role", "must be \"root\" or \"issuing\"");
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

}  // namespace traceseal
