// Segment certificates and status snapshots (FORMAT.md §9.2–§9.4): binary layouts, signing,
// verification in the normative order, and the rollback rule.
#include <algorithm>
#include <map>

#include "byte_io.h"
#include "crypto.h"
#include "golomb.h"
#include "traceseal/traceseal.h"

namespace traceseal {
namespace {

constexpr std::string_view kCertMagic = "TSSC";
constexpr std::string_view kStatusMagic = "TSST";
constexpr std::size_t kCertBodySize = 32;
constexpr std::size_t kStatusHeaderSize = 4 + 1 + 2 + 8 + 8 + 8 + kSegmentCertificateSize + 1 + 1;
constexpr std::size_t kLogIndexSize = 8 + 32;  // version 2: covers || segment_root
constexpr std::size_t kSetHeaderSize = 1 + 1 + 4 + 4 + 4 + 4;
constexpr std::uint64_t kMaxTime = std::uint64_t{1} << 62;
constexpr std::uint32_t kMaxParameter = 1u << 24;
constexpr int kStateCount = 7;

crypto::Signature signature_at(const Bytes& b, std::size_t at) {
    crypto::Signature s{};
    std::copy(b.begin() + at, b.begin() + at + kSignatureSize, s.begin());
    return s;
}

std::array<std::uint8_t, 8> root_id_bytes(const PublicKey& root) {
    Bytes id = *from_hex(root_key_id(root));
    std::array<std::uint8_t, 8> out{};
    std::copy(id.begin(), id.end(), out.begin());
    return out;
}

struct Set {
    CodeState state;
    std::uint8_t mode;
    std::uint32_t count, m_gap, m_len;
    std::size_t bits_at, n_bytes;
};

// §9.3: one set's ranges from its bits; false on any content rule of §9.4 step 6.
bool decode_set(const Bytes& b, const Set& s, const SegmentCertificateBody& c,
                std::vector<SerialRange>& out) {
    if (s.mode > 1 || s.count == 0 || s.m_gap < 1 || s.m_len < 1 || s.m_gap > kMaxParameter ||
        s.m_len > kMaxParameter || (s.mode == 0 && s.m_len != 1))
        return false;
    const std::uint64_t span = std::uint64_t{c.last} - c.first + 1;
    if (s.count > span) return false;
    golomb::BitReader r(b.data() + s.bits_at, s.n_bytes);
    std::uint64_t next = c.first;  // lowest serial the next range may start at
    out.reserve(s.count);
    for (std::uint32_t i = 0; i < s.count; ++i) {
        std::uint64_t gap = 0, len = 0;
        if (next > c.last || !golomb::get(r, s.m_gap, c.last - next, gap)) return false;
        std::uint64_t start = next + gap;
        if (s.mode == 1 && !golomb::get(r, s.m_len, c.last - start, len)) return false;
        out.push_back({static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(start + len)});
        next = start + len + 1;
    }
    return r.only_padding_left();
}

}  // namespace

// ---- §9.2 -----------------------------------------------------------------------------------
Bytes sign_segment_certificate(const SegmentCertificateBody& c, const KeyPair& root) {
    Bytes body(kCertMagic.begin(), kCertMagic.end());
    body.push_back(1);
    auto id = root_id_bytes(root.public_key);
    body.insert(body.end(), id.begin(), id.end());
    put_be(body, c.operator_id, 2);
    put_be(body, c.segment, 3);
    put_be(body, c.first, 3);
    put_be(body, c.last, 3);
    put_be(body, static_cast<std::uint64_t>(c.issued_at), 8);
    auto sig = crypto::sign(root.secret_key, kSegmentContext, body.data(), body.size());
    body.insert(body.end(), sig.begin(), sig.end());
    return body;
}

Result<SegmentCertificate> verify_segment_certificate(const Bytes& cert, const PublicKey& root) {
    ByteReader r{cert};
    if (cert.size() != kSegmentCertificateSize || !r.magic(kCertMagic))
        return make_error(Reason::segment_certificate_malformed,
                          "a segment certificate is 96 bytes starting with TSSC");
    if (r.be(1) != 1) return make_error(Reason::segment_certificate_malformed, "version is not 1");
    auto want = root_id_bytes(root);
    if (!std::equal(want.begin(), want.end(), cert.begin() + r.pos))
        return make_error(
            Reason::segment_certificate_wrong_root,
            "signed by root " + to_hex(cert.data() + r.pos, 8) + ", pinned " + root_key_id(root));
    r.pos += 8;
    if (!crypto::verify(root, kSegmentContext, cert.data(), kCertBodySize,
                        signature_at(cert, kCertBodySize)))
        return make_error(Reason::segment_certificate_bad_signature,
                          "signature does not verify under the root");
    SegmentCertificate out;
    SegmentCertificateBody& c = out.body_;
    c.operator_id = static_cast<std::uint16_t>(r.be(2));
    c.segment = static_cast<std::uint32_t>(r.be(3));
    c.first = static_cast<std::uint32_t>(r.be(3));
    c.last = static_cast<std::uint32_t>(r.be(3));
    std::uint64_t t = r.be(8);
    if (c.first > c.last || t >= kMaxTime)
        return make_error(Reason::segment_certificate_malformed,
                          "first > last or time out of range");
    c.issued_at = static_cast<UnixTime>(t);
    out.bytes_ = cert;
    return out;
}

// ---- §9.3 (issuer) --------------------------------------------------------------------------
namespace {
Bytes encode_status_snapshot(const SegmentCertificate& cert, const StatusPlan& plan,
                             const SecretKey& key, const std::optional<StatusLogIndex>& log_index);
}  // namespace

Bytes sign_status_snapshot(const SegmentCertificate& cert, const StatusPlan& plan,
                           const SecretKey& key) {
    return encode_status_snapshot(cert, plan, key, std::nullopt);
}

Bytes sign_status_snapshot(const SegmentCertificate& cert, const StatusPlan& plan,
                           const SecretKey& key, const StatusLogIndex& log_index) {
    return encode_status_snapshot(cert, plan, key, log_index);
}

namespace {

Bytes encode_status_snapshot(const SegmentCertificate& cert, const StatusPlan& plan,
                             const SecretKey& key, const std::optional<StatusLogIndex>& log_index) {
    const SegmentCertificateBody& c = cert.body();
    // Runs of equal state; the most common state (by serials) becomes the base.
    std::map<int, std::vector<SerialRange>> runs;
    std::uint64_t per_state[kStateCount] = {};
    for (std::size_t i = 0; i < plan.states.size();) {
        std::size_t j = i;
        while (j + 1 < plan.states.size() && plan.states[j + 1] == plan.states[i]) ++j;
        int s = static_cast<int>(plan.states[i]);
        runs[s].push_back(
            {static_cast<std::uint32_t>(c.first + i), static_cast<std::uint32_t>(c.first + j)});
        per_state[s] += j - i + 1;
        i = j + 1;
    }
    int base = static_cast<int>(std::max_element(per_state, per_state + kStateCount) - per_state);

    Bytes body(kStatusMagic.begin(), kStatusMagic.end());
    body.push_back(log_index ? 2 : 1);
    put_be(body, plan.key_id, 2);
    put_be(body, plan.sequence, 8);
    put_be(body, static_cast<std::uint64_t>(plan.issued_at), 8);
    put_be(body, static_cast<std::uint64_t>(plan.valid_until), 8);
    body.insert(body.end(), cert.bytes().begin(), cert.bytes().end());
    if (log_index) {
        put_be(body, log_index->covers, 8);
        body.insert(body.end(), log_index->segment_root.begin(), log_index->segment_root.end());
    }
    body.push_back(static_cast<std::uint8_t>(base));
    body.push_back(static_cast<std::uint8_t>(runs.size() - (runs.count(base) ? 1 : 0)));
    for (const auto& [state, ranges] : runs) {
        if (state == base) continue;
        // Runs mode always works; points mode (every serial on its own, a run as gaps of 0) wins
        // for sparse sets with a few neighbours, e.g. random voids. Pick the fewer bits.
        std::vector<std::uint64_t> gaps, lens, point_gaps;
        std::uint64_t next = c.first, serials = 0;
        for (const auto& r : ranges) {
            gaps.push_back(r.first - next);
            lens.push_back(r.last - r.first);
            serials += std::uint64_t{r.last} - r.first + 1;
            next = std::uint64_t{r.last} + 1;
        }
        std::uint32_t m_gap = golomb::best_parameter(gaps), m_len = golomb::best_parameter(lens);
        std::uint64_t run_cost = 0;
        for (std::size_t i = 0; i < ranges.size(); ++i)
            run_cost += golomb::cost_bits(gaps[i], m_gap) + golomb::cost_bits(lens[i], m_len);
        std::uint8_t mode = 1;
        if (serials <= 2 * ranges.size()) {
            for (std::size_t i = 0; i < ranges.size(); ++i) {
                point_gaps.push_back(gaps[i]);
                for (std::uint64_t k = 0; k < lens[i]; ++k) point_gaps.push_back(0);
            }
            std::uint32_t m_point = golomb::best_parameter(point_gaps);
            std::uint64_t point_cost = 0;
            for (auto g : point_gaps) point_cost += golomb::cost_bits(g, m_point);
            if (point_cost <= run_cost) mode = 0, m_gap = m_point, m_len = 1;
        }
        golomb::BitWriter w;
        if (mode == 0)
            for (auto g : point_gaps) golomb::put(w, g, m_gap);
        else
            for (std::size_t i = 0; i < ranges.size(); ++i) {
                golomb::put(w, gaps[i], m_gap);
                golomb::put(w, lens[i], m_len);
            }
        Bytes bits = w.finish();
        body.push_back(static_cast<std::uint8_t>(state));
        body.push_back(mode);
        put_be(body, mode == 0 ? point_gaps.size() : ranges.size(), 4);
        put_be(body, m_gap, 4);
        put_be(body, m_len, 4);
        put_be(body, bits.size(), 4);
        body.insert(body.end(), bits.begin(), bits.end());
    }
    auto sig = crypto::sign(key, kStatusContext, body.data(), body.size());
    body.insert(body.end(), sig.begin(), sig.end());
    return body;
}

}  // namespace

Bytes sign_status_body(const Bytes& status_body, const SecretKey& key) {
    Bytes out = status_body;
    auto sig = crypto::sign(key, kStatusContext, out.data(), out.size());
    out.insert(out.end(), sig.begin(), sig.end());
    return out;
}

// ---- §9.4 (verifier) ------------------------------------------------------------------------
Result<StatusSnapshot> verify_status_snapshot(const Bytes& file, const TrustList& trust,
                                              const PublicKey& root) {
    auto malformed = [](std::string d) {
        return make_error(Reason::status_malformed, std::move(d));
    };
    // 1. Framing.
    ByteReader r{file};
    if (file.size() < kStatusHeaderSize + kSignatureSize || !r.magic(kStatusMagic))
        return malformed("not a status snapshot (too short or no TSST magic)");
    const std::uint64_t version = r.be(1);
    if (version != 1 && version != 2)
        return make_error(Reason::status_unsupported_version,
                          "version " + std::to_string(version) + " is not 1 or 2");
    if (version == 2 && file.size() < kStatusHeaderSize + kLogIndexSize + kSignatureSize)
        return malformed("a version-2 snapshot shorter than its header");
    StatusSnapshot s;
    s.key_id_ = static_cast<std::uint16_t>(r.be(2));
    s.sequence_ = r.be(8);
    std::uint64_t issued = r.be(8), until = r.be(8);
    Bytes cert(file.begin() + r.pos, file.begin() + r.pos + kSegmentCertificateSize);
    r.pos += kSegmentCertificateSize;
    std::uint64_t covers = 0;
    if (version == 2) {
        covers = r.be(8);
        std::array<std::uint8_t, 32> root{};
        std::copy(file.begin() + r.pos, file.begin() + r.pos + 32, root.begin());
        r.pos += 32;
        s.segment_root_ = root;
    }
    std::uint64_t base = r.be(1), n_sets = r.be(1);
    const std::size_t body_size = file.size() - kSignatureSize;
    std::vector<Set> sets;
    for (std::uint64_t i = 0; i < n_sets; ++i) {
        if (body_size - r.pos < kSetHeaderSize) return malformed("set header past the end");
        Set st{};
        std::uint64_t state = r.be(1);
        st.mode = static_cast<std::uint8_t>(r.be(1));
        st.count = static_cast<std::uint32_t>(r.be(4));
        st.m_gap = static_cast<std::uint32_t>(r.be(4));
        st.m_len = static_cast<std::uint32_t>(r.be(4));
        st.n_bytes = static_cast<std::size_t>(r.be(4));
        if (body_size - r.pos < st.n_bytes) return malformed("set bits past the end");
        if (state >= kStateCount) return malformed("state number " + std::to_string(state));
        st.state = static_cast<CodeState>(state);
        st.bits_at = r.pos;
        r.pos += st.n_bytes;
        sets.push_back(st);
    }
    if (r.pos != body_size) return malformed("bytes after the last set");
    // 2–3. Key, then the signature over the exact body bytes.
    const IssuingKey* key = trust.body().find_key(s.key_id_);
    if (!key)
        return make_error(
            Reason::status_unknown_key,
            "key " + std::to_string(s.key_id_) + " is not an issuing key of the trust list");
    if (!crypto::verify(key->public_key, kStatusContext, file.data(), body_size,
                        signature_at(file, body_size)))
        return make_error(Reason::status_bad_signature,
                          "signature does not verify under key " + std::to_string(s.key_id_));
    // 3a. The key must have been valid when it signed: an expired key's snapshot (any sequence)
    // must not override the real one.
    if (issued < static_cast<std::uint64_t>(std::max<UnixTime>(0, key->not_before)) ||
        issued > static_cast<std::uint64_t>(std::max<UnixTime>(0, key->not_after)))
        return make_error(Reason::status_key_not_valid,
                          "issued_at " + std::to_string(issued) + " is outside key " +
                              std::to_string(s.key_id_) + "'s validity " +
                              format_time(key->not_before) + " .. " + format_time(key->not_after));
    // 4. The embedded certificate.
    auto c = verify_segment_certificate(cert, root);
    if (!c) return c.error();
    s.cert_ = c->body();
    // 5. The key speaks for this operator's segment only.
    bool in_range = false;
    for (const auto& seg : key->segments)
        in_range = in_range || (s.cert_.segment >= seg.first && s.cert_.segment <= seg.last);
    if (key->operator_id != s.cert_.operator_id || !in_range)
        return make_error(Reason::status_not_authorized,
                          "key " + std::to_string(s.key_id_) +
                              " may not publish status for segment " +
                              std::to_string(s.cert_.segment) + " of operator " +
                              std::to_string(s.cert_.operator_id));
    // 6. Contents.
    if (issued >= kMaxTime || until >= kMaxTime || until <= issued)
        return malformed("valid_until must follow issued_at");
    if (version == 2) {
        if (covers >= tlog::kMaxTreeSize) return malformed("covers is not a log index");
        s.covers_ = covers;
    }
    if (base >= kStateCount) return malformed("base state number " + std::to_string(base));
    s.issued_at_ = static_cast<UnixTime>(issued);
    s.valid_until_ = static_cast<UnixTime>(until);
    s.base_ = static_cast<CodeState>(base);
    std::vector<SerialRange> all;
    int prev_state = -1;
    for (const Set& st : sets) {
        if (static_cast<int>(st.state) <= prev_state || st.state == s.base_)
            return malformed("set states must ascend and differ from the base state");
        prev_state = static_cast<int>(st.state);
        std::vector<SerialRange> ranges;
        if (!decode_set(file, st, s.cert_, ranges))
            return malformed("set of state " + std::string(to_string(st.state)) +
                             " does not decode");
        all.insert(all.end(), ranges.begin(), ranges.end());
        s.sets_.emplace_back(st.state, std::move(ranges));
    }
    std::sort(all.begin(), all.end(),
              [](const SerialRange& a, const SerialRange& b) { return a.first < b.first; });
    for (std::size_t i = 1; i < all.size(); ++i)
        if (all[i].first <= all[i - 1].last)
            return malformed("serial " + std::to_string(all[i].first) + " is in two sets");
    s.bytes_ = file;
    return s;
}

std::optional<CodeState> StatusSnapshot::state_of(std::uint32_t serial) const {
    if (serial < cert_.first || serial > cert_.last) return std::nullopt;
    for (const auto& [state, ranges] : sets_) {
        auto it =
            std::upper_bound(ranges.begin(), ranges.end(), serial,
                             [](std::uint32_t v, const SerialRange& r) { return v < r.first; });
        if (it != ranges.begin() && serial <= std::prev(it)->last) return state;
    }
    return base_;
}

std::uint64_t StatusSnapshot::count(CodeState s) const {
    std::uint64_t listed = 0, in_s = 0;
    for (const auto& [state, ranges] : sets_)
        for (const auto& r : ranges) {
            listed += r.last - r.first + 1;
            if (state == s) in_s += r.last - r.first + 1;
        }
    return s == base_ ? std::uint64_t{cert_.last} - cert_.first + 1 - listed : in_s;
}

Result<StatusSnapshot> accept_status_update(const StatusSnapshot& current,
                                            StatusSnapshot candidate) {
    if (candidate.certificate().segment != current.certificate().segment)
        return make_error(Reason::status_conflict, "snapshots are for different segments");
    if (candidate.sequence() < current.sequence())
        return make_error(Reason::status_rollback,
                          "sequence " + std::to_string(candidate.sequence()) + " is older than " +
                              std::to_string(current.sequence()));
    if (candidate.sequence() == current.sequence() && candidate.bytes() != current.bytes())
        return make_error(
            Reason::status_conflict,
            "same sequence " + std::to_string(current.sequence()) + ", other content");
    return candidate;
}

}  // namespace traceseal
