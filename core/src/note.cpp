// C2SP signed-note (FORMAT.md §10.9): canonical base64, note framing, key ids, vkeys, note and
// cosignature/v1 signature lines. Parsing follows golang.org/x/mod/sumdb/note's Open.
#include "crypto.h"
#include "traceseal/tlog.h"

namespace traceseal::tlog {
namespace {

constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kSigPrefix = "\xE2\x80\x94 ";  // U+2014 em dash, space

int b64_value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

Error note_error(std::string detail) {
    return make_error(Reason::note_malformed, std::move(detail));
}

// Decodes one UTF-8 code point at s[i]; -1 for an invalid sequence (overlong, surrogate, > 10FFFF).
long next_code_point(std::string_view s, std::size_t& i) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = b(i);
    const int n = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
    if (n < 0 || s.size() - i <= static_cast<std::size_t>(n)) return -1;
    long cp = n == 0 ? c : c & (0x3F >> n);
    for (int k = 1; k <= n; ++k) {
        if ((b(i + k) & 0xC0) != 0x80) return -1;
        cp = (cp << 6) | (b(i + k) & 0x3F);
    }
    static constexpr long kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
    i += n + 1;
    return cp;
}

// Go's unicode.IsSpace.
bool is_unicode_space(long cp) {
    switch (cp) {
        case '\t':
        case '\n':
        case '\v':
        case '\f':
        case '\r':
        case ' ':
        case 0x85:
        case 0xA0:
        case 0x1680:
        case 0x2028:
        case 0x2029:
        case 0x202F:
        case 0x205F:
        case 0x3000:
            return true;
        default:
            return cp >= 0x2000 && cp <= 0x200A;
    }
}

void put_be32(Bytes& out, std::uint32_t v) {
    for (int i = 3; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

}  // namespace

std::string base64_encode(const std::uint8_t* data, std::size_t n) {
    std::string out;
    out.reserve((n + 2) / 3 * 4);
    for (std::size_t i = 0; i < n; i += 3) {
        std::uint32_t v = data[i] << 16;
        if (i + 1 < n) v |= data[i + 1] << 8;
        if (i + 2 < n) v |= data[i + 2];
        out.push_back(kB64[(v >> 18) & 63]);
        out.push_back(kB64[(v >> 12) & 63]);
        out.push_back(i + 1 < n ? kB64[(v >> 6) & 63] : '=');
        out.push_back(i + 2 < n ? kB64[v & 63] : '=');
    }
    return out;
}

std::optional<Bytes> base64_decode(std::string_view text) {
    if (text.size() % 4 != 0) return std::nullopt;
    Bytes out;
    out.reserve(text.size() / 4 * 3);
    for (std::size_t i = 0; i < text.size(); i += 4) {
        const bool last = i + 4 == text.size();
        int pad = 0;
        if (last && text[i + 3] == '=') pad = text[i + 2] == '=' ? 2 : 1;
        std::uint32_t v = 0;
        for (int k = 0; k < 4 - pad; ++k) {
            int d = b64_value(text[i + k]);
            if (d < 0) return std::nullopt;
            v = (v << 6) | static_cast<std::uint32_t>(d);
        }
        v <<= 6 * pad;
        // One encoding per byte string: the bits under the padding must be zero.
        if ((pad == 1 && (v & 0xFF)) || (pad == 2 && (v & 0xFFFF))) return std::nullopt;
        out.push_back(static_cast<std::uint8_t>(v >> 16));
        if (pad < 2) out.push_back(static_cast<std::uint8_t>(v >> 8));
        if (pad < 1) out.push_back(static_cast<std::uint8_t>(v));
    }
    return out;
}

bool valid_key_name(std::string_view name) {
    if (name.empty()) return false;
    for (std::size_t i = 0; i < name.size();) {
        long cp = next_code_point(name, i);
        if (cp < 0 || cp == '+' || is_unicode_space(cp)) return false;
    }
    return true;
}

Result<Note> parse_note(std::string_view note) {
    if (note.size() > kMaxNoteSize)
        return note_error("longer than " + std::to_string(kMaxNoteSize) + " bytes");
    for (std::size_t i = 0; i < note.size();) {
        long cp = next_code_point(note, i);
        if (cp < 0) return note_error("not UTF-8");
        if (cp < 0x20 && cp != '\n') return note_error("a control character");
    }
    const std::size_t split = note.rfind("\n\n");
    if (split == std::string_view::npos) return note_error("no blank line before the signatures");
    Note out;
    out.text = std::string(note.substr(0, split + 1));
    std::string_view sigs = note.substr(split + 2);
    if (sigs.empty() || sigs.back() != '\n') return note_error("no signature lines");
    while (!sigs.empty()) {
        const std::size_t nl = sigs.find('\n');
        std::string_view line = sigs.substr(0, nl);
        sigs.remove_prefix(nl + 1);
        if (line.substr(0, kSigPrefix.size()) != kSigPrefix)
            return note_error("a signature line does not start with an em dash and a space");
        line.remove_prefix(kSigPrefix.size());
        const std::size_t sp = line.find(' ');
        if (sp == std::string_view::npos) return note_error("a signature line without a name");
        std::string_view name = line.substr(0, sp);
        auto sig = base64_decode(line.substr(sp + 1));
        if (!valid_key_name(name)) return note_error("a key name is empty or has a space or '+'");
        if (!sig || sig->size() < 5) return note_error("a signature is not base64 of 5+ bytes");
        NoteSignature s;
        s.name = std::string(name);
        s.key_id = static_cast<std::uint32_t>((*sig)[0]) << 24 | (*sig)[1] << 16 | (*sig)[2] << 8 |
                   (*sig)[3];
        s.signature.assign(sig->begin() + 4, sig->end());
        for (const NoteSignature& seen : out.signatures)
            if (seen.name == s.name && seen.key_id == s.key_id)
                return note_error("two signatures by " + s.name);
        out.signatures.push_back(std::move(s));
        if (out.signatures.size() > kMaxNoteSignatures)
            return note_error("more than " + std::to_string(kMaxNoteSignatures) + " signatures");
    }
    return out;
}

std::uint32_t note_key_id(std::string_view name, std::uint8_t type,
                          const std::array<std::uint8_t, 32>& public_key) {
    Bytes m(name.begin(), name.end());
    m.push_back(0x0A);
    m.push_back(type);
    m.insert(m.end(), public_key.begin(), public_key.end());
    Hash h = sha256(m.data(), m.size());
    return static_cast<std::uint32_t>(h[0]) << 24 | h[1] << 16 | h[2] << 8 | h[3];
}

Vkey make_vkey(std::string_view name, std::uint8_t type,
               const std::array<std::uint8_t, 32>& public_key) {
    return Vkey{std::string(name), note_key_id(name, type, public_key), type, public_key};
}

std::string format_vkey(const Vkey& key) {
    Bytes material{key.type};
    material.insert(material.end(), key.public_key.begin(), key.public_key.end());
    static constexpr char kHex[] = "0123456789abcdef";
    std::string id;
    for (int i = 7; i >= 0; --i) id.push_back(kHex[(key.key_id >> (4 * i)) & 15]);
    return key.name + "+" + id + "+" + base64_encode(material.data(), material.size());
}

Result<Vkey> parse_vkey(std::string_view text, std::uint8_t type) {
    auto bad = [](std::string d) { return make_error(Reason::vkey_malformed, std::move(d)); };
    const std::size_t p1 = text.find('+');
    const std::size_t p2 = p1 == std::string_view::npos ? p1 : text.find('+', p1 + 1);
    // The name has no '+'; the base64 key after the second one may.
    if (p2 == std::string_view::npos) return bad("not name+id+key");
    std::string_view name = text.substr(0, p1), id = text.substr(p1 + 1, p2 - p1 - 1);
    if (!valid_key_name(name)) return bad("the name is empty or has a space");
    if (id.size() != 8) return bad("the key id is not 8 hex digits");
    std::uint32_t key_id = 0;
    for (char c : id) {
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (d < 0) return bad("the key id is not lowercase hex");
        key_id = key_id << 4 | static_cast<std::uint32_t>(d);
    }
    auto material = base64_decode(text.substr(p2 + 1));
    if (!material || material->size() != 33) return bad("the key is not base64 of 33 bytes");
    if ((*material)[0] != type)
        return bad("signature type " + std::to_string((*material)[0]) + ", want " +
                   std::to_string(type));
    Vkey k;
    k.name = std::string(name);
    k.type = type;
    std::copy(material->begin() + 1, material->end(), k.public_key.begin());
    k.key_id = note_key_id(k.name, type, k.public_key);
    if (k.key_id != key_id) return bad("the key id does not match name and key");
    return k;
}

std::string format_signature_line(const NoteSignature& sig) {
    Bytes b;
    put_be32(b, sig.key_id);
    b.insert(b.end(), sig.signature.begin(), sig.signature.end());
    return std::string(kSigPrefix) + sig.name + " " + base64_encode(b.data(), b.size()) + "\n";
}

std::string sign_note_line(std::string_view text, const Vkey& key, const Ed25519Sign& sign) {
    auto sig = sign(Bytes(text.begin(), text.end()));
    Bytes b;
    put_be32(b, key.key_id);
    b.insert(b.end(), sig.begin(), sig.end());
    return std::string(kSigPrefix) + key.name + " " + base64_encode(b.data(), b.size()) + "\n";
}

Bytes cosignature_message(std::string_view text, std::uint64_t timestamp) {
    std::string m = std::string(kCosignatureHeader) + "\ntime " + std::to_string(timestamp) + "\n";
    m.append(text);
    return Bytes(m.begin(), m.end());
}

std::string cosign_line(std::string_view text, std::uint64_t timestamp, const Vkey& key,
                        const Ed25519Sign& sign) {
    auto sig = sign(cosignature_message(text, timestamp));
    Bytes b;
    put_be32(b, key.key_id);
    put_be32(b, static_cast<std::uint32_t>(timestamp >> 32));
    put_be32(b, static_cast<std::uint32_t>(timestamp));
    b.insert(b.end(), sig.begin(), sig.end());
    return std::string(kSigPrefix) + key.name + " " + base64_encode(b.data(), b.size()) + "\n";
}

bool verify_cosignature(std::string_view text, const NoteSignature& sig, const Vkey& key,
                        std::uint64_t* timestamp) {
    if (sig.signature.size() != 8 + 64 || key.type != kSigTypeCosignatureV1) return false;
    std::uint64_t ts = 0;
    for (int i = 0; i < 8; ++i) ts = ts << 8 | sig.signature[i];
    if (ts > kMaxTreeSize) return false;  // tlog-cosignature: MUST NOT exceed 2^63 - 1
    Bytes m = cosignature_message(text, ts);
    if (!crypto::verify_raw(key.public_key, m.data(), m.size(), sig.signature.data() + 8))
        return false;
    if (timestamp) *timestamp = ts;
    return true;
}

}  // namespace traceseal::tlog
