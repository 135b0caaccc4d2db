// Sync from the published directory (registry_sync.h). Full subtree hashes for the consistency
// proof come from the served level tiles (tlog-tiles, §10.8), read as log::TileReader reads a
// directory; the proof is then checked by the core, never trusted.
#include "registry_sync.h"

#include <dirent.h>

#include <map>
#include <set>

#include "files.h"
#include "inspector_client.h"

namespace traceseal::platform {
namespace {

using Kind = SyncItem::Kind;

SyncItem make_item(Kind kind, std::string name, std::string url) {
    SyncItem i;
    i.kind = kind;
    i.name = std::move(name);
    i.url = std::move(url);
    return i;
}

Result<std::string> get(const std::string& url, const HttpClientOptions& http) {
    auto res = http_request("GET", url, {}, "", http);
    if (!res) return res.error();
    if (res->status == 404) return make_error(Reason::resource_not_found, url + ": HTTP 404");
    if (res->status != 200)
        return make_error(Reason::server_response_invalid,
                          url + ": HTTP " + std::to_string(res->status));
    return std::move(res->body);
}

std::string log_base(const std::string& server, std::uint16_t operator_id) {
    return endpoint(server, "/log/" + std::to_string(operator_id) + "/");
}

// Subtree hashes of a served log at `size`, each tile fetched once.
class HttpTiles {
  public:
    HttpTiles(std::string base, std::uint64_t size, const HttpClientOptions& http)
        : base_(std::move(base)), size_(size), http_(http) {}
    std::optional<tlog::Hash> subtree(int level, std::uint64_t index) {
        if (level < 0 || level >= 64) return std::nullopt;
        const int t = level / 8, h = level % 8;
        const std::uint64_t first = index << h, count = std::uint64_t{1} << h;
        const std::string* data = tile(t, first / tlog::kTileWidth);
        const std::uint64_t off = first % tlog::kTileWidth;
        if (!data || data->size() < (off + count) * 32) return std::nullopt;
        std::vector<tlog::Hash> row(count);
        for (std::uint64_t i = 0; i < count; ++i)
            std::copy(data->begin() + static_cast<long>((off + i) * 32),
                      data->begin() + static_cast<long>((off + i + 1) * 32), row[i].begin());
        while (row.size() > 1) {
            std::vector<tlog::Hash> up(row.size() / 2);
            for (std::size_t i = 0; i < up.size(); ++i)
                up[i] = tlog::node_hash(row[2 * i], row[2 * i + 1]);
            row.swap(up);
        }
        return row[0];
    }
    std::string error;

  private:
    const std::string* tile(int level, std::uint64_t n) {
        auto key = std::make_pair(level, n);
        if (auto it = cache_.find(key); it != cache_.end()) return &it->second;
        const unsigned width = tlog::tile_width(level, n, size_);
        if (width == 0) return nullptr;
        const std::string url = base_ + tlog::tile_path(level, n, width);
        auto body = get(url, http_);
        if (!body || body->size() != width * 32u) {
            error = body ? url + ": not " + std::to_string(width) + " hashes" : body.error().detail;
            return nullptr;
        }
        return &cache_.emplace(key, std::move(*body)).first->second;
    }
    std::string base_;
    std::uint64_t size_;
    HttpClientOptions http_;
    std::map<std::pair<int, std::uint64_t>, std::string> cache_;
};

// The consistency proof from size1 to size2 of the log served at `base`.
Result<tlog::Proof> consistency_from_tiles(const std::string& base, std::uint64_t size1,
                                           std::uint64_t size2, const HttpClientOptions& http) {
    HttpTiles tiles(base, size2, http);
    auto p = tlog::consistency_proof(size1, size2,
                                     [&](int l, std::uint64_t i) { return tiles.subtree(l, i); });
    if (!p) return make_error(Reason::consistency_proof_invalid, tiles.error);
    tlog::Proof out;
    for (const tlog::Hash& h : *p) out.emplace_back(h.begin(), h.end());
    return out;
}

// §10.10 and the hold rule for a note of the log served at `base`, with the proof from the
// held size when it grew.
Result<tlog::VerifiedCheckpoint> hold_note(TrustState& state, const std::string& base,
                                           const std::string& note, const HttpClientOptions& http) {
    auto body = tlog::parse_checkpoint_text(note.substr(0, note.find("\n\n") + 1));
    tlog::Proof proof;
    if (body) {
        const tlog::VerifiedCheckpoint* held = state.held_log_checkpoint(body->origin);
        if (held && held->body().size < body->size && held->body().size > 0) {
            auto p = consistency_from_tiles(base, held->body().size, body->size, http);
            if (!p) return p.error();
            proof = std::move(*p);
        }
    }
    return state.hold_log_checkpoint(note, proof);
}

// The segments a log's published map names (index/<size-1>: 41-byte map leaves, §10.11).
std::vector<std::uint32_t> mapped_segments(const std::string& map) {
    std::vector<std::uint32_t> out;
    if (map.size() % 41 != 0) return out;
    for (std::size_t i = 0; i + 41 <= map.size(); i += 41) {
        auto b = [&](std::size_t k) {
            return static_cast<std::uint32_t>(static_cast<unsigned char>(map[i + k]));
        };
        out.push_back(b(0) << 16 | b(1) << 8 | b(2));
    }
    return out;
}

}  // namespace

std::size_t SyncReport::refused() const {
    std::size_t n = 0;
    for (const SyncItem& i : items) n += i.error.has_value();
    return n;
}

SyncReport sync_from_server(const std::string& server, TrustState& state,
                            const HttpClientOptions& http) {
    SyncReport r;
    r.at = cli::now_utc();
    SyncItem trust =
        make_item(Kind::trust_list, "trust list", endpoint(server, "/trust/trust-list.json"));
    auto text = get(trust.url, http);
    if (!text) {
        trust.error = text.error();
        r.items.push_back(std::move(trust));
        return r;  // nothing else is worth asking a server that does not answer this
    }
    r.reached = true;
    if (auto up = state.update_trust_list(*text); !up)
        trust.error = up.error();
    else
        trust.text = std::move(*text);
    r.items.push_back(std::move(trust));

    std::set<std::uint32_t> segments;
    for (const StatusSnapshot& s : state.snapshots()) segments.insert(s.certificate().segment);
    for (const TrustedLog& log : state.trust_list().body().logs) {
        const std::string base = log_base(server, log.operator_id);
        SyncItem item = make_item(Kind::checkpoint, log.policy.origin, base + "checkpoint");
        auto note = get(item.url, http);
        if (!note) {
            item.error = note.error();
        } else if (auto held = hold_note(state, base, *note, http); !held) {
            item.error = held.error();
        } else {
            item.text = held->note();
            const std::uint64_t size = held->body().size;
            if (size > 0)
                if (auto map = get(base + "index/" + std::to_string(size - 1), http))
                    for (std::uint32_t seg : mapped_segments(*map)) segments.insert(seg);
        }
        r.items.push_back(std::move(item));
    }
    for (std::uint32_t seg : segments) {
        SyncItem item = make_item(Kind::status, "status " + std::to_string(seg),
                                  endpoint(server, "/status/" + std::to_string(seg) + ".tss"));
        auto file = get(item.url, http);
        if (!file) {
            item.error = file.error();
        } else {
            Bytes bytes(file->begin(), file->end());
            if (auto s = state.add_status(bytes); !s)
                item.error = s.error();
            else
                item.bytes = std::move(bytes);
        }
        r.items.push_back(std::move(item));
    }
    return r;
}

std::optional<Error> hold_bundle_checkpoint(const std::string& server, TrustState& state,
                                            const Bytes& bundle, const HttpClientOptions& http) {
    auto parsed = tlog::parse_bundle_v2(bundle);
    if (!parsed) return std::nullopt;  // §10.13 says why when it is verified
    const std::string& note = parsed->checkpoint;
    auto body = tlog::parse_checkpoint_text(note.substr(0, note.find("\n\n") + 1));
    if (!body) return std::nullopt;
    const TrustedLog* log = state.log(body->origin);
    if (!log) return std::nullopt;  // log_unknown_origin, from verification
    const tlog::VerifiedCheckpoint* held = state.held_log_checkpoint(body->origin);
    if (held && held->body().size >= body->size) return std::nullopt;  // step 8 decides
    auto r = hold_note(state, log_base(server, log->operator_id), note, http);
    if (!r) return r.error();
    return std::nullopt;
}

std::vector<std::string> save_synced_files(const std::string& dir, const SyncReport& report,
                                           const TrustState& state) {
    std::vector<std::string> warnings;
    if (auto e = cli::make_dirs(dir)) return {*e};
    auto put = [&](const std::string& name, const std::string& data) {
        if (auto e = cli::write_file(dir + "/" + name, data)) warnings.push_back(*e);
    };
    for (const SyncItem& i : report.items) {
        if (i.error) continue;
        if (i.kind == Kind::trust_list) put("trust-list.json", i.text);
    }
    for (const StatusSnapshot& s : state.snapshots())
        put("status-" + std::to_string(s.certificate().segment) + ".tss",
            std::string(s.bytes().begin(), s.bytes().end()));
    for (const TrustedLog& log : state.trust_list().body().logs)
        if (const auto* held = state.held_log_checkpoint(log.policy.origin))
            put("checkpoint-" + std::to_string(log.operator_id) + ".txt", held->note());
    return warnings;
}

std::vector<std::string> load_synced_files(const std::string& dir, TrustState& state) {
    std::vector<std::string> warnings;
    auto warn = [&](const std::string& file, const Error& e) {
        warnings.push_back(dir + "/" + file + ": " + std::string(to_string(e.reason)) + ": " +
                           e.detail);
    };
    if (auto t = cli::read_file(dir + "/trust-list.json", cli::kMaxTrustListBytes))
        if (auto up = state.update_trust_list(*t); !up) warn("trust-list.json", up.error());
    for (const TrustedLog& log : state.trust_list().body().logs) {
        const std::string name = "checkpoint-" + std::to_string(log.operator_id) + ".txt";
        auto note = cli::read_file(dir + "/" + name, cli::kMaxCheckpointBytes);
        if (!note) continue;
        if (auto h = state.hold_log_checkpoint(*note); !h) warn(name, h.error());
    }
    std::vector<std::string> names;
    if (DIR* d = opendir(dir.c_str())) {
        while (dirent* e = readdir(d)) {
            std::string n = e->d_name;
            if (n.rfind("status-", 0) == 0 && n.size() > 11 &&
                n.compare(n.size() - 4, 4, ".tss") == 0)
                names.push_back(n);
        }
        closedir(d);
    }
    for (const std::string& n : names) {
        auto text = cli::read_file(dir + "/" + n, cli::kMaxStatusBytes);
        if (!text) continue;
        if (auto s = state.add_status(Bytes(text->begin(), text->end())); !s) warn(n, s.error());
    }
    return warnings;
}

}  // namespace traceseal::platform
