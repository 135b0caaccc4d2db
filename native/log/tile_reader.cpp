// Reading tiles back (tile_reader.h): a full subtree of height h below a tile level is the MTH of
// 2^h consecutive hashes of one tile (tlog-tiles: "the levels between ... are reconstructed by
// hashing").
#include "tile_reader.h"

#include "log_files.h"

namespace traceseal::log {

using tlog::Hash;

const Bytes* TileReader::tile(int level, std::uint64_t n) {
    auto key = std::make_pair(level, n);
    auto it = cache_.find(key);
    if (it != cache_.end()) return &it->second;
    const unsigned width = tlog::tile_width(level, n, size_);
    if (width == 0) {
        error_ = "no tile " + std::to_string(level) + "/" + std::to_string(n) + " at size " +
                 std::to_string(size_);
        return nullptr;
    }
    const std::string path = dir_ + "/" + tlog::tile_path(level, n, width);
    auto bytes = read_file(path, &error_);
    if (!bytes || bytes->size() != width * 32u) {
        if (bytes || error_.empty())
            error_ = path + ": missing or not " + std::to_string(width) + " hashes";
        return nullptr;
    }
    return &cache_.emplace(key, std::move(*bytes)).first->second;
}

std::optional<Hash> TileReader::subtree(int level, std::uint64_t index) {
    if (level < 0 || level >= 64) return std::nullopt;
    const int t = level / 8, h = level % 8;
    const std::uint64_t first = index << h, count = std::uint64_t{1} << h;
    const Bytes* data = tile(t, first / tlog::kTileWidth);
    const std::uint64_t off = first % tlog::kTileWidth;
    if (!data || data->size() < (off + count) * 32) return std::nullopt;
    std::vector<Hash> row(count);
    for (std::uint64_t i = 0; i < count; ++i)
        std::copy(data->begin() + static_cast<long>((off + i) * 32),
                  data->begin() + static_cast<long>((off + i + 1) * 32), row[i].begin());
    for (; row.size() > 1;) {
        std::vector<Hash> up(row.size() / 2);
        for (std::size_t i = 0; i < up.size(); ++i)
            up[i] = tlog::node_hash(row[2 * i], row[2 * i + 1]);
        row.swap(up);
    }
    return row[0];
}

std::optional<Bytes> TileReader::entry(std::uint64_t index) {
    if (index >= size_) return std::nullopt;
    const std::uint64_t n = index / tlog::kTileWidth;
    const unsigned width = tlog::tile_width(0, n, size_);
    const std::string path = dir_ + "/" + tlog::entries_path(n, width);
    auto bytes = read_file(path, &error_);
    auto entries = bytes ? tlog::parse_entry_bundle(*bytes) : std::nullopt;
    if (!entries || entries->size() != width) {
        error_ = path + ": missing or not " + std::to_string(width) + " entries";
        return std::nullopt;
    }
    return (*entries)[index % tlog::kTileWidth];
}

Result<std::vector<Hash>> read_inclusion_proof(const std::string& dir, std::uint64_t index,
                                               std::uint64_t size) {
    TileReader r(dir, size);
    auto p = tlog::inclusion_proof(index, size, r.as_function());
    if (!p) return make_error(Reason::inclusion_proof_invalid, r.error());
    return *p;
}

Result<std::vector<Hash>> read_consistency_proof(const std::string& dir, std::uint64_t size1,
                                                 std::uint64_t size2) {
    TileReader r(dir, size2);
    auto p = tlog::consistency_proof(size1, size2, r.as_function());
    if (!p) return make_error(Reason::consistency_proof_invalid, r.error());
    return *p;
}

}  // namespace traceseal::log
