// Code payloads and code texts (FORMAT.md §3): layout, minting, and parsing into claims.
#include <cstdio>

#include "byte_io.h"
#include "crypto.h"
#include "text_util.h"
#include "traceseal/traceseal.h"

namespace traceseal {
namespace {

std::uint32_t get_be(const Bytes& in, std::size_t pos, int n) {
    std::uint32_t v = 0;
    for (int i = 0; i < n; ++i) v = v << 8 | in[pos + i];
    return v;
}

CodeFields decode_payload(const Bytes& p) {
    CodeFields f;
    f.version = p[0];
    f.key_id = static_cast<std::uint16_t>(get_be(p, 1, 2));
    f.operator_id = static_cast<std::uint16_t>(get_be(p, 3, 2));
    f.category = static_cast<std::uint16_t>(get_be(p, 5, 2));
    f.issue_day = static_cast<std::uint16_t>(get_be(p, 7, 2));
    f.segment = get_be(p, 9, 3);
    f.serial = get_be(p, 12, 3);
    for (int i = 0; i < 8; ++i) f.nonce[i] = p[15 + i];
    return f;
}

// Strict token decoding (§3.5 steps 3–6): alphabet, length, canonical groups, version, size.
Result<UnverifiedCode> decode_token(std::string_view prefix, std::string_view token) {
    auto bytes = decode_base41(token);
    if (!bytes) return bytes.error();
    if (bytes->empty()) return make_error(Reason::token_bad_length, "empty token");
    if ((*bytes)[0] != kCodeVersion)
        return make_error(Reason::unsupported_version,
                          "code format version " + std::to_string((*bytes)[0]));
    if (bytes->size() != kPayloadSize + kSignatureSize)
        return make_error(Reason::token_bad_length, "token of " + std::to_string(token.size()) +
                                                        " characters, expected " +
                                                        std::to_string(kTokenLength));
    UnverifiedCode code;
    code.prefix = std::string(prefix);
    code.token = std::string(token);
    code.payload.assign(bytes->begin(), bytes->begin() + kPayloadSize);
    std::copy(bytes->begin() + kPayloadSize, bytes->end(), code.signature.begin());
    code.fields = decode_payload(code.payload);
    return code;
}

}  // namespace

bool CodeFields::operator==(const CodeFields& o) const {
    return version == o.version && key_id == o.key_id && operator_id == o.operator_id &&
           category == o.category && issue_day == o.issue_day && segment == o.segment &&
           serial == o.serial && nonce == o.nonce;
}

std::string format_code_number(const CodeFields& f) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%08u-%08u", static_cast<unsigned>(f.segment),
                  static_cast<unsigned>(f.serial));
    return buf;
}

Bytes encode_payload(const CodeFields& f) {
    Bytes p;
    p.reserve(kPayloadSize);
    p.push_back(f.version);
    put_be(p, f.key_id, 2);
    put_be(p, f.operator_id, 2);
    put_be(p, f.category, 2);
    put_be(p, f.issue_day, 2);
    put_be(p, f.segment & 0xFFFFFF, 3);
    put_be(p, f.serial & 0xFFFFFF, 3);
    p.insert(p.end(), f.nonce.begin(), f.nonce.end());
    return p;
}

std::string mint_code_text(const CodeFields& fields, const SecretKey& sk, std::string_view prefix) {
    Bytes token = encode_payload(fields);
    auto sig = crypto::sign(sk, kCodeContext, token.data(), token.size());
    token.insert(token.end(), sig.begin(), sig.end());
    return std::string(prefix) + encode_base41(token);
}

Result<UnverifiedCode> parse_code_text(std::string_view text, std::string_view trusted_prefix) {
    auto foreign = [] {
        return make_error(Reason::not_traceseal_code, "not a TraceSeal code text");
    };
    if (text.size() > kMaxCodeTextLength) return foreign();
    // §3.5 step 1: under the trusted prefix, every failure is a broken TraceSeal code.
    if (!trusted_prefix.empty() && starts_with_url_prefix(text, trusted_prefix))
        return decode_token(text.substr(0, trusted_prefix.size()),
                            text.substr(trusted_prefix.size()));
    // Step 2: elsewhere, only an http(s) URL whose last path segment is a whole, well-formed
    // token counts (a genuine token re-hosted on another site: prefix_not_trusted later).
    if (!starts_with_ascii_ci(text, "https://") && !starts_with_ascii_ci(text, "http://"))
        return foreign();
    // A query or fragment after the token does not make it foreign (a phishing URL with "?x").
    std::size_t scheme_end = text.find("://") + 3;
    std::string_view url = text.substr(0, text.find_first_of("?#", scheme_end));
    std::size_t slash = url.rfind('/');
    if (slash == std::string_view::npos || slash < scheme_end) return foreign();
    std::string_view token = url.substr(slash + 1);
    if (token.size() != kTokenLength) return foreign();
    auto code = decode_token(text.substr(0, slash + 1), token);
    if (!code) return foreign();
    return code;
}

}  // namespace traceseal
