// The witness (witness.h): the rules are the core's witness_check; this file adds the lock, the
// durable state and the cosignature.
#include "witness.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "log_files.h"

namespace traceseal::log {
namespace {

WitnessResponse refuse(const Error& e, std::string body = {}) {
    WitnessResponse r;
    r.http = e.reason == Reason::store_failed ? 500 : tlog::witness_http_status(e.reason);
    r.body = std::move(body);
    r.error = e;
    return r;
}

// An exclusive flock(2) on a lock file, released on destruction.
class FileLock {
  public:
    explicit FileLock(const std::string& path)
        : fd_(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644)) {
        if (fd_ >= 0 && flock(fd_, LOCK_EX) != 0) ::close(fd_), fd_ = -1;
    }
    ~FileLock() {
        if (fd_ >= 0) ::close(fd_);  // closing releases the lock
    }
    bool ok() const { return fd_ >= 0; }

  private:
    int fd_;
};

}  // namespace

std::string Witness::state_path(const std::string& origin) const {
    // tlog-witness names a log by the SHA-256 of its origin, hex, lowercase.
    const tlog::Hash h =
        tlog::sha256(reinterpret_cast<const std::uint8_t*>(origin.data()), origin.size());
    return dir_ + "/" + to_hex(h.data(), h.size());
}

std::optional<std::string> Witness::latest(const std::string& origin) const {
    auto b = read_file(state_path(origin));
    if (!b) return std::nullopt;
    return std::string(b->begin(), b->end());
}

WitnessResponse Witness::add_checkpoint(const std::string& request, UnixTime now) {
    auto req = tlog::parse_add_checkpoint(request);
    if (!req) return refuse(req.error());
    auto note = tlog::parse_note(req->checkpoint);
    if (!note) return refuse(note.error());
    auto body = tlog::parse_checkpoint_text(note->text);
    if (!body) return refuse(body.error());
    const tlog::LogPolicy* policy = nullptr;
    for (const tlog::LogPolicy& p : logs_)
        if (p.origin == body->origin) policy = &p;
    if (!policy) return refuse(make_error(Reason::log_unknown_origin, body->origin));

    if (auto e = make_dirs(dir_)) return refuse(make_error(Reason::store_failed, *e));
    const std::string path = state_path(policy->origin);
    FileLock lock(path + ".lock");
    if (!lock.ok()) return refuse(make_error(Reason::store_failed, path + ".lock: cannot lock"));

    std::optional<tlog::WitnessRecord> stored;
    std::string err;
    if (auto have = read_file(path, &err)) {
        auto n = tlog::parse_note(std::string(have->begin(), have->end()));
        auto b = n ? tlog::parse_checkpoint_text(n->text) : Result<tlog::CheckpointBody>(n.error());
        if (!b) return refuse(make_error(Reason::store_failed, path + ": " + b.error().detail));
        stored = tlog::WitnessRecord{b->size, b->root};
    } else if (!err.empty()) {
        return refuse(make_error(Reason::store_failed, err));
    }
    auto next = tlog::witness_check(*req, *policy, stored);
    if (!next) {
        if (next.error().reason == Reason::witness_conflict)
            return refuse(next.error(), std::to_string(stored ? stored->size : 0) + "\n");
        return refuse(next.error());
    }
    const std::string line = tlog::cosign_line(note->text, static_cast<std::uint64_t>(now),
                                               key_.vkey(), key_.as_function());
    // Persist before answering (tlog-witness), still under the lock: the note text, the log's
    // signature it verified and this cosignature — nothing else the request carried (a line
    // posing as this witness's would make the record unreadable).
    std::string record = note->text + "\n";
    for (const tlog::NoteSignature& s : note->signatures)
        if (s.name == policy->log_key.name && s.key_id == policy->log_key.key_id)
            record += tlog::format_signature_line(s);
    record += line;
    if (auto e = write_atomic(path, Bytes(record.begin(), record.end()), true))
        return refuse(make_error(Reason::store_failed, *e));
    WitnessResponse ok;
    ok.body = line;
    return ok;
}

}  // namespace traceseal::log
