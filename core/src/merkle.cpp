// RFC 9162 §2.1 Merkle trees (FORMAT.md §10.6): hashing, proof verification ported from
// transparency-dev/merkle's proof/verify.go, proof generation from full-subtree hashes, and the
// O(log N) right edge a writer keeps.

#include "crypto.h"
#include "traceseal/tlog.h"

namespace traceseal::tlog {
namespace {

int bit_len(std::uint64_t x) {
    return x == 0 ? 0 : 64 - __builtin_clzll(x);
}
int ones(std::uint64_t x) {
    return __builtin_popcountll(x);
}
// Go's >> gives 0 for shifts of 64; C++'s is undefined (a tree of more than 2^63 leaves).
std::uint64_t shr(std::uint64_t x, int n) {
    return n >= 64 ? 0 : x >> n;
}
int trailing_zeros(std::uint64_t x) {
    return x == 0 ? 64 : __builtin_ctzll(x);
}
// The largest power of two strictly below n (n >= 2).
std::uint64_t split_point(std::uint64_t n) {
    return std::uint64_t{1} << (bit_len(n - 1) - 1);
}

Error inclusion_error(std::string detail) {
    return make_error(Reason::inclusion_proof_invalid, std::move(detail));
}
Error consistency_error(std::string detail) {
    return make_error(Reason::consistency_proof_invalid, std::move(detail));
}

bool to_hashes(const Proof& proof, std::size_t from, std::vector<Hash>& out) {
    for (std::size_t i = from; i < proof.size(); ++i) {
        if (proof[i].size() != 32) return false;
        Hash h;
        std::copy(proof[i].begin(), proof[i].end(), h.begin());
        out.push_back(h);
    }
    return true;
}
bool equal(const Hash& a, const Bytes& b) {
    return b.size() == a.size() && std::equal(a.begin(), a.end(), b.begin());
}

// verify.go: chainInner, chainInnerRight, chainBorderRight over proof[begin, end).
Hash chain_inner(Hash seed, const std::vector<Hash>& p, std::size_t begin, std::size_t end,
                 std::uint64_t index) {
    for (std::size_t i = begin; i < end; ++i)
        seed = ((index >> (i - begin)) & 1) == 0 ? node_hash(seed, p[i]) : node_hash(p[i], seed);
    return seed;
}
Hash chain_inner_right(Hash seed, const std::vector<Hash>& p, std::size_t begin, std::size_t end,
                       std::uint64_t index) {
    for (std::size_t i = begin; i < end; ++i)
        if ((index >> (i - begin)) & 1) seed = node_hash(p[i], seed);
    return seed;
}
Hash chain_border_right(Hash seed, const std::vector<Hash>& p, std::size_t begin) {
    for (std::size_t i = begin; i < p.size(); ++i) seed = node_hash(p[i], seed);
    return seed;
}

}  // namespace

Hash sha256(const std::uint8_t* data, std::size_t n) {
    return crypto::sha256({data, n});
}
Hash leaf_hash(const std::uint8_t* entry, std::size_t n) {
    const std::uint8_t prefix = 0x00;
    return crypto::sha256({&prefix, 1}, {entry, n});
}
Hash node_hash(const Hash& left, const Hash& right) {
    const std::uint8_t prefix = 0x01;
    return crypto::sha256({&prefix, 1}, {left.data(), 32}, {right.data(), 32});
}
Hash empty_root() {
    return crypto::sha256({});
}

Result<Hash> root_from_inclusion_proof(std::uint64_t index, std::uint64_t size, const Bytes& leaf,
                                       const Proof& proof) {
    if (index >= size)
        return inclusion_error("index " + std::to_string(index) + " is beyond size " +
                               std::to_string(size));
    if (leaf.size() != 32)
        return inclusion_error("leaf hash of " + std::to_string(leaf.size()) + " bytes");
    const int inner = bit_len(index ^ (size - 1));
    const int border = ones(shr(index, inner));
    if (proof.size() != static_cast<std::size_t>(inner + border))
        return inclusion_error("proof of " + std::to_string(proof.size()) + " hashes, want " +
                               std::to_string(inner + border));
    std::vector<Hash> p;
    if (!to_hashes(proof, 0, p)) return inclusion_error("a proof hash is not 32 bytes");
    Hash seed;
    std::copy(leaf.begin(), leaf.end(), seed.begin());
    Hash h = chain_inner(seed, p, 0, inner, index);
    return chain_border_right(h, p, inner);
}

std::optional<Error> verify_inclusion(std::uint64_t index, std::uint64_t size, const Bytes& leaf,
                                      const Proof& proof, const Bytes& root) {
    auto got = root_from_inclusion_proof(index, size, leaf, proof);
    if (!got) return got.error();
    if (!equal(*got, root)) return inclusion_error("the proof leads to another root");
    return std::nullopt;
}

std::optional<Error> verify_consistency(std::uint64_t size1, std::uint64_t size2,
                                        const Proof& proof, const Bytes& root1,
                                        const Bytes& root2) {
    if (size2 < size1)
        return consistency_error("size2 " + std::to_string(size2) + " < size1 " +
                                 std::to_string(size1));
    // verify.go: a proof from the empty tree proves nothing, so it is refused; callers starting
    // from nothing (tlog-witness "old 0") skip the check instead.
    if (size1 == 0) return consistency_error("consistency proof from the empty tree");
    if (size1 == size2) {
        if (!proof.empty()) return consistency_error("size1 = size2, but the proof is not empty");
        if (root1 != root2) return consistency_error("equal sizes with different roots");
        return std::nullopt;
    }
    if (proof.empty()) return consistency_error("empty proof");

    int inner = bit_len((size1 - 1) ^ (size2 - 1));
    const int border = ones(shr(size1 - 1, inner));
    const int shift = trailing_zeros(size1);
    inner -= shift;  // shift < inner because size1 < size2

    std::vector<Hash> p;
    std::size_t start = 1;
    Bytes seed_bytes = proof[0];
    if (size1 == (std::uint64_t{1} << shift)) seed_bytes = root1, start = 0;
    if (proof.size() != start + inner + border)
        return consistency_error("proof of " + std::to_string(proof.size()) + " hashes, want " +
                                 std::to_string(start + inner + border));
    if (seed_bytes.size() != 32 || !to_hashes(proof, start, p))
        return consistency_error("a proof hash or root is not 32 bytes");
    Hash seed;
    std::copy(seed_bytes.begin(), seed_bytes.end(), seed.begin());

    const std::uint64_t mask = (size1 - 1) >> shift;
    Hash h1 = chain_inner_right(seed, p, 0, inner, mask);
    h1 = chain_border_right(h1, p, inner);
    if (!equal(h1, root1)) return consistency_error("the proof does not lead to root1");
    Hash h2 = chain_inner(seed, p, 0, inner, mask);
    h2 = chain_border_right(h2, p, inner);
    if (!equal(h2, root2)) return consistency_error("the proof does not lead to root2");
    return std::nullopt;
}

std::optional<Hash> range_root(std::uint64_t begin, std::uint64_t end, const SubtreeHash& at) {
    const std::uint64_t n = end - begin;
    if (n == 0) return empty_root();
    if ((n & (n - 1)) == 0 && begin % n == 0) return at(trailing_zeros(n), begin / n);
    const std::uint64_t k = split_point(n);
    auto left = range_root(begin, begin + k, at);
    auto right = left ? range_root(begin + k, end, at) : std::nullopt;
    if (!right) return std::nullopt;
    return node_hash(*left, *right);
}

namespace {

// RFC 9162 §2.1.3.1 PATH(m, D[begin:end]).
bool path(std::uint64_t m, std::uint64_t begin, std::uint64_t end, const SubtreeHash& at,
          std::vector<Hash>& out) {
    const std::uint64_t n = end - begin;
    if (n <= 1) return true;
    const std::uint64_t k = split_point(n);
    std::optional<Hash> sibling;
    if (m < begin + k) {
        if (!path(m, begin, begin + k, at, out)) return false;
        sibling = range_root(begin + k, end, at);
    } else {
        if (!path(m, begin + k, end, at, out)) return false;
        sibling = range_root(begin, begin + k, at);
    }
    if (!sibling) return false;
    out.push_back(*sibling);
    return true;
}

// RFC 9162 §2.1.4.1 SUBPROOF(m, D[begin:end], b), m counted from begin.
bool subproof(std::uint64_t m, std::uint64_t begin, std::uint64_t end, bool b,
              const SubtreeHash& at, std::vector<Hash>& out) {
    const std::uint64_t n = end - begin;
    if (m == n) {
        if (b) return true;
        auto h = range_root(begin, end, at);
        if (!h) return false;
        out.push_back(*h);
        return true;
    }
    const std::uint64_t k = split_point(n);
    std::optional<Hash> other;
    if (m <= k) {
        if (!subproof(m, begin, begin + k, b, at, out)) return false;
        other = range_root(begin + k, end, at);
    } else {
        if (!subproof(m - k, begin + k, end, false, at, out)) return false;
        other = range_root(begin, begin + k, at);
    }
    if (!other) return false;
    out.push_back(*other);
    return true;
}

}  // namespace

std::optional<std::vector<Hash>> inclusion_proof(std::uint64_t index, std::uint64_t size,
                                                 const SubtreeHash& at) {
    if (index >= size) return std::nullopt;
    std::vector<Hash> out;
    if (!path(index, 0, size, at, out)) return std::nullopt;
    return out;
}

std::optional<std::vector<Hash>> consistency_proof(std::uint64_t size1, std::uint64_t size2,
                                                   const SubtreeHash& at) {
    if (size1 > size2) return std::nullopt;
    std::vector<Hash> out;
    if (size1 == 0 || size1 == size2) return out;
    if (!subproof(size1, 0, size2, true, at, out)) return std::nullopt;
    return out;
}

void CompactRange::append(const Hash& leaf) {
    completed_.clear();
    Hash h = leaf;
    int level = 0;
    std::uint64_t index = size_;
    completed_.push_back({0, index, h});
    while ((size_ >> level) & 1) {
        h = node_hash(stack_.back(), h);
        stack_.pop_back();
        ++level;
        index >>= 1;
        completed_.push_back({level, index, h});
    }
    stack_.push_back(h);
    ++size_;
}

Hash CompactRange::root() const {
    if (stack_.empty()) return empty_root();
    Hash h = stack_.back();
    for (std::size_t i = stack_.size() - 1; i-- > 0;) h = node_hash(stack_[i], h);
    return h;
}

CompactRange CompactRange::from_subtrees(std::uint64_t size, std::vector<Hash> roots) {
    CompactRange r;
    r.size_ = size;
    r.stack_ = std::move(roots);
    return r;
}

}  // namespace traceseal::tlog
