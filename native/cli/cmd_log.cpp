// traceseal log / traceseal witness: publish a tlog-tiles log and cosign its checkpoints
// (FORMAT.md §10.8–§10.14; the library is native/log).
#include <cstdio>
#include <iostream>
#include <iterator>

#include "args.h"
#include "commands.h"
#include "files.h"
#include "log_writer.h"
#include "tile_reader.h"
#include "witness.h"

namespace traceseal::cli {
namespace {

constexpr const char* kLogHelp = R"(Usage:
  traceseal log vkey --key KEY --origin ORIGIN
  traceseal log append --dir DIR --origin ORIGIN --key KEY [--cosignatures FILE]
      entries on stdin, one base64 entry a line; then signs and publishes DIR/checkpoint
  traceseal log proof --dir DIR --size N (--index I | --old M)
      an inclusion (or consistency) proof from the tiles, one base64 hash a line
  traceseal log request --dir DIR --old M
      the tlog-witness add-checkpoint body from size M to DIR/checkpoint

KEY is a TraceSeal secret key file (traceseal keygen); the log's key name is its origin.
)";

constexpr const char* kWitnessHelp = R"(Usage:
  traceseal witness vkey --key KEY --name NAME
  traceseal witness add-checkpoint --state DIR --key KEY --name NAME --log VKEY [--log VKEY ...]
                                   [--request FILE] [--at TIME]
      one add-checkpoint request (stdin without --request): prints the cosignature line, or
      refuses with the reason and the tlog-witness HTTP status (409 prints the stored size)

The witness keeps, per log, the last checkpoint it cosigned in DIR, and never cosigns a fork.
)";

std::string read_all(std::istream& in) {
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

Result<std::unique_ptr<log::Signer>> signer_of(const Args& a, const char* name_option,
                                               std::uint8_t type) {
    auto key = a.value("--key");
    auto name = a.value(name_option);
    if (!key || !name)
        return make_error(Reason::key_file_malformed,
                          std::string("--key and ") + name_option + " are required");
    return log::load_key_signer(*key, *name, type);
}

int log_vkey(const std::vector<std::string>& argv) {
    Args a(argv, {"--key", "--origin"}, {});
    if (!a.ok()) return fail("log", a.error());
    auto s = signer_of(a, "--origin", tlog::kSigTypeEd25519);
    if (!s) return fail("log", s.error().detail);
    std::printf("%s\n", tlog::format_vkey((*s)->vkey()).c_str());
    return kExitOk;
}

int log_append(const std::vector<std::string>& argv) {
    Args a(argv, {"--dir", "--origin", "--key", "--cosignatures"}, {});
    if (!a.ok()) return fail("log", a.error());
    auto dir = a.value("--dir");
    if (!dir) return fail("log", "--dir is required");
    auto s = signer_of(a, "--origin", tlog::kSigTypeEd25519);
    if (!s) return fail("log", s.error().detail);
    auto w = log::LogWriter::open(*dir, *a.value("--origin"));
    if (!w) return fail("log", std::string(to_string(w.error().reason)) + ": " + w.error().detail);
    std::string line;
    std::uint64_t n = 0;
    while (std::getline(std::cin, line)) {
        if (line.empty()) continue;
        auto e = tlog::base64_decode(line);
        if (!e) return fail("log", "line " + std::to_string(n + 1) + " is not base64");
        auto r = w->append(*e);
        if (!r)
            return fail("log", std::string(to_string(r.error().reason)) + ": " + r.error().detail);
        ++n;
    }
    auto note = w->sign_checkpoint(**s);
    if (!note) return fail("log", note.error().detail);
    std::string published = *note;
    if (auto c = a.value("--cosignatures")) {
        auto lines = read_text_file(*c);
        if (!lines) return fail("log", lines.error().detail);
        published += *lines;
    }
    if (auto e = w->publish_checkpoint(published)) return fail("log", e->detail);
    std::printf("appended %llu entries; %s/checkpoint at size %llu\n",
                static_cast<unsigned long long>(n), dir->c_str(),
                static_cast<unsigned long long>(w->size()));
    return kExitOk;
}

int log_proof(const std::vector<std::string>& argv) {
    Args a(argv, {"--dir", "--size", "--index", "--old"}, {});
    if (!a.ok()) return fail("log", a.error());
    auto dir = a.value("--dir");
    auto size = a.value("--size") ? parse_int(*a.value("--size"), 1, (1LL << 62)) : std::nullopt;
    if (!dir || !size || (!a.value("--index") == !a.value("--old")))
        return fail("log", "--dir, --size and one of --index or --old are required");
    const long long n = *size;
    Result<std::vector<tlog::Hash>> p = make_error(Reason::inclusion_proof_invalid);
    if (auto i = a.value("--index")) {
        auto index = parse_int(*i, 0, n - 1);
        if (!index) return fail("log", "--index must be below --size");
        p = log::read_inclusion_proof(*dir, *index, n);
    } else {
        auto old = parse_int(*a.value("--old"), 0, n);
        if (!old) return fail("log", "--old must be at most --size");
        p = log::read_consistency_proof(*dir, *old, n);
    }
    if (!p) return fail("log", std::string(to_string(p.error().reason)) + ": " + p.error().detail);
    for (const tlog::Hash& h : *p) std::printf("%s\n", tlog::base64_encode(h).c_str());
    return kExitOk;
}

int log_request(const std::vector<std::string>& argv) {
    Args a(argv, {"--dir", "--old"}, {});
    if (!a.ok()) return fail("log", a.error());
    auto dir = a.value("--dir");
    auto old = a.value("--old") ? parse_int(*a.value("--old"), 0, (1LL << 62)) : std::nullopt;
    if (!dir || !old) return fail("log", "--dir and --old are required");
    auto cp = read_text_file(*dir + "/checkpoint");
    if (!cp) return fail("log", cp.error().detail);
    auto note = tlog::parse_note(*cp);
    auto body =
        note ? tlog::parse_checkpoint_text(note->text) : Result<tlog::CheckpointBody>(note.error());
    if (!body) return fail("log", *dir + "/checkpoint: " + body.error().detail);
    tlog::AddCheckpointRequest r;
    r.old_size = static_cast<std::uint64_t>(*old);
    r.checkpoint = *cp;
    if (r.old_size > 0 && r.old_size <= body->size) {
        auto p = log::read_consistency_proof(*dir, r.old_size, body->size);
        if (!p) return fail("log", p.error().detail);
        for (const tlog::Hash& h : *p) r.proof.emplace_back(h.begin(), h.end());
    }
    std::fputs(tlog::format_add_checkpoint(r).c_str(), stdout);
    return kExitOk;
}

int witness_add(const std::vector<std::string>& argv) {
    Args a(argv, {"--state", "--key", "--name", "--log", "--request", "--at"}, {});
    if (!a.ok()) return fail("witness", a.error());
    auto state = a.value("--state");
    if (!state || a.values("--log").empty())
        return fail("witness", "--state and at least one --log VKEY are required");
    auto s = signer_of(a, "--name", tlog::kSigTypeCosignatureV1);
    if (!s) return fail("witness", s.error().detail);
    std::vector<tlog::LogPolicy> logs;
    for (const std::string& v : a.values("--log")) {
        auto k = tlog::parse_vkey(v, tlog::kSigTypeEd25519);
        if (!k) return fail("witness", "--log " + v + ": " + k.error().detail);
        logs.push_back({k->name, *k, {}, 0});
    }
    std::string request;
    if (auto f = a.value("--request")) {
        auto t = read_text_file(*f);
        if (!t) return fail("witness", t.error().detail);
        request = *t;
    } else {
        request = read_all(std::cin);
    }
    UnixTime at = now_utc();
    if (auto t = a.value("--at")) {
        auto p = parse_time(*t);
        if (!p) return fail("witness", "--at: " + p.error().detail);
        at = *p;
    }
    log::Witness w(*state, logs, **s);
    log::WitnessResponse r = w.add_checkpoint(request, at);
    if (r.http == 200) return std::fputs(r.body.c_str(), stdout), kExitOk;
    std::fputs(r.body.c_str(), stdout);
    return fail("witness", std::string(to_string(r.error->reason)) + " (HTTP " +
                               std::to_string(r.http) + "): " + r.error->detail);
}

}  // namespace

int run_log(const std::vector<std::string>& args) {
    const std::string sub = args.empty() ? "" : args[0];
    const std::vector<std::string> rest(args.begin() + (args.empty() ? 0 : 1), args.end());
    if (sub == "vkey") return log_vkey(rest);
    if (sub == "append") return log_append(rest);
    if (sub == "proof") return log_proof(rest);
    if (sub == "request") return log_request(rest);
    std::fputs(kLogHelp, sub == "--help" ? stdout : stderr);
    return sub == "--help" ? kExitOk : kExitUsage;
}

int run_witness(const std::vector<std::string>& args) {
    const std::string sub = args.empty() ? "" : args[0];
    const std::vector<std::string> rest(args.begin() + (args.empty() ? 0 : 1), args.end());
    if (sub == "vkey") {
        Args a(rest, {"--key", "--name"}, {});
        if (!a.ok()) return fail("witness", a.error());
        auto s = signer_of(a, "--name", tlog::kSigTypeCosignatureV1);
        if (!s) return fail("witness", s.error().detail);
        std::printf("%s\n", tlog::format_vkey((*s)->vkey()).c_str());
        return kExitOk;
    }
    if (sub == "add-checkpoint") return witness_add(rest);
    std::fputs(kWitnessHelp, sub == "--help" ? stdout : stderr);
    return sub == "--help" ? kExitOk : kExitUsage;
}

}  // namespace traceseal::cli
