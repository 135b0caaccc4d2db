// The tlog-tiles writer (log_writer.h). Level-t tiles hold the hashes of full subtrees of height
// 8t, so a subtree the right edge completes at a level divisible by 8 is the next hash of that
// level's tile (tlog-tiles "Merkle Tree").
#include "log_writer.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "log_files.h"
#include "tile_reader.h"

namespace traceseal::log {

using tlog::Hash;

namespace {

Error io_error(const std::string& detail) {
    return make_error(Reason::store_failed, detail);
}

Bytes hash_bytes(const std::vector<Hash>& hashes) {
    Bytes out;
    out.reserve(hashes.size() * 32);
    for (const Hash& h : hashes) out.insert(out.end(), h.begin(), h.end());
    return out;
}

}  // namespace

Result<LogWriter> LogWriter::open(const std::string& dir, const std::string& origin,
                                  LogWriterOptions options) {
    LogWriter w;
    w.dir_ = dir;
    w.origin_ = origin;
    w.options_ = options;
    if (auto e = make_dirs(dir)) return io_error(*e);
    const std::string lock_path = dir + ".lock";
    const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return io_error(lock_path + ": cannot open");
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd);
        return io_error(dir + ": another writer has the log open (" + lock_path + ")");
    }
    w.lock_ = std::shared_ptr<int>(new int(fd), [](int* p) {
        ::close(*p);  // releases the lock
        delete p;
    });
    std::string err;
    auto note_bytes = read_file(dir + "/checkpoint", &err);
    if (!note_bytes) {
        if (!err.empty()) return io_error(err);
        return w;  // a new log
    }
    // Our own checkpoint: its framing and body are checked; the signature was ours.
    auto note = tlog::parse_note(std::string(note_bytes->begin(), note_bytes->end()));
    if (!note) return make_error(note.error().reason, dir + "/checkpoint: " + note.error().detail);
    auto body = tlog::parse_checkpoint_text(note->text);
    if (!body) return make_error(body.error().reason, dir + "/checkpoint: " + body.error().detail);
    if (body->origin != origin)
        return make_error(Reason::log_unknown_origin,
                          dir + "/checkpoint is for " + body->origin + ", not " + origin);
    const std::uint64_t size = body->size;
    TileReader reader(dir, size);
    // The right edge: one full subtree per set bit of size, largest (leftmost) first.
    std::vector<Hash> roots;
    std::uint64_t begin = 0;
    for (int b = 63; b >= 0; --b) {
        if (!((size >> b) & 1)) continue;
        auto h = reader.subtree(b, begin >> b);
        if (!h) return io_error(reader.error());
        roots.push_back(*h);
        begin += std::uint64_t{1} << b;
    }
    w.range_ = tlog::CompactRange::from_subtrees(size, std::move(roots));
    if (w.range_.root() != body->root)
        return make_error(Reason::log_tile_conflict,
                          dir + ": the tiles do not give the checkpoint's root");
    for (int t = 0; t < 8; ++t) {
        const std::uint64_t n = (size >> (8 * t)) / tlog::kTileWidth;
        const unsigned width = tlog::tile_width(t, n, size);
        if (width == 0) continue;
        auto bytes = read_file(dir + "/" + tlog::tile_path(t, n, width), &err);
        if (!bytes || bytes->size() != width * 32u)
            return io_error(dir + "/" + tlog::tile_path(t, n, width) + ": missing or short");
        for (unsigned i = 0; i < width; ++i) {
            Hash h;
            std::copy(bytes->begin() + i * 32, bytes->begin() + (i + 1) * 32, h.begin());
            w.levels_[t].push_back(h);
        }
    }
    const unsigned ew = tlog::tile_width(0, size / tlog::kTileWidth, size);
    if (ew > 0) {
        auto bytes = read_file(dir + "/" + tlog::entries_path(size / tlog::kTileWidth, ew), &err);
        auto entries = bytes ? tlog::parse_entry_bundle(*bytes) : std::nullopt;
        if (!entries || entries->size() != ew)
            return io_error(dir + "/" + tlog::entries_path(size / tlog::kTileWidth, ew) +
                            ": missing or short");
        w.entries_ = std::move(*entries);
    }
    return w;
}

std::optional<Error> LogWriter::write_tile(const std::string& rel, const Bytes& data, bool full) {
    const std::string path = dir_ + "/" + rel;
    if (full) {
        // tlog-tiles: full tiles are immutable. One already there (a crash after writing it)
        // must hold exactly these bytes.
        std::string err;
        if (auto have = read_file(path, &err)) {
            if (*have == data) return std::nullopt;
            return make_error(Reason::log_tile_conflict, path + " exists with other bytes");
        }
        if (!err.empty()) return io_error(err);
    }
    if (auto e = write_atomic(path, data, false)) return io_error(*e);
    return std::nullopt;
}

Result<std::uint64_t> LogWriter::append(const Bytes& entry) {
    if (entry.size() > 0xFFFF)
        return make_error(Reason::provenance_malformed, "an entry longer than 65535 bytes");
    const std::uint64_t index = range_.size();
    const Hash leaf = tlog::leaf_hash(entry);
    range_.append(leaf);
    entries_.push_back(entry);
    if (entries_.size() == tlog::kTileWidth) {
        if (auto e = write_tile(tlog::entries_path(index / tlog::kTileWidth, tlog::kTileWidth),
                                tlog::encode_entry_bundle(entries_), true))
            return *e;
        entries_.clear();
    }
    levels_[0].push_back(leaf);
    for (const auto& c : range_.completed())
        if (c.level > 0 && c.level % 8 == 0 && c.level / 8 < 8)
            levels_[c.level / 8].push_back(c.hash);
    const std::uint64_t size = range_.size();
    for (int t = 0; t < 8; ++t) {
        if (levels_[t].size() < tlog::kTileWidth) continue;
        const std::uint64_t n = (size >> (8 * t)) / tlog::kTileWidth - 1;
        if (auto e =
                write_tile(tlog::tile_path(t, n, tlog::kTileWidth), hash_bytes(levels_[t]), true))
            return *e;
        levels_[t].clear();
    }
    return index;
}

Result<std::string> LogWriter::sign_checkpoint(Signer& log_key) {
    const std::uint64_t size = range_.size();
    for (int t = 0; t < 8; ++t) {
        if (levels_[t].empty()) continue;
        const std::uint64_t n = (size >> (8 * t)) / tlog::kTileWidth;
        const auto width = static_cast<unsigned>(levels_[t].size());
        if (auto e = write_tile(tlog::tile_path(t, n, width), hash_bytes(levels_[t]), false))
            return *e;
    }
    if (!entries_.empty()) {
        const auto width = static_cast<unsigned>(entries_.size());
        if (auto e = write_tile(tlog::entries_path(size / tlog::kTileWidth, width),
                                tlog::encode_entry_bundle(entries_), false))
            return *e;
    }
    // §10.8: every tile the checkpoint needs is on disk before the checkpoint is.
    if (options_.durable)
        if (auto e = sync_tree(dir_)) return io_error(*e);
    const std::string text = tlog::format_checkpoint_text({origin_, size, range_.root(), {}});
    return text + "\n" + tlog::sign_note_line(text, log_key.vkey(), log_key.as_function());
}

std::optional<Error> LogWriter::publish_checkpoint(const std::string& note) {
    if (auto e =
            write_atomic(dir_ + "/checkpoint", Bytes(note.begin(), note.end()), options_.durable))
        return io_error(*e);
    return std::nullopt;
}

}  // namespace traceseal::log
