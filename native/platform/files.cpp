// The CLI's platform edge: POSIX files, getrandom(2) and the clock.
#include "files.h"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>

namespace traceseal::cli {

Result<std::string> read_file(const std::string& path, std::size_t max_bytes) {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it.
    int fd = open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return make_error(Reason::file_unreadable,
                          path + ": cannot open (" + std::strerror(errno) + ")");
    struct stat st {};
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return make_error(Reason::not_a_regular_file,
                          path + ": not a regular file (a device, pipe or folder)");
    }
    if (static_cast<std::uint64_t>(st.st_size) > max_bytes) {
        close(fd);
        return make_error(Reason::file_too_large, path + ": " + std::to_string(st.st_size) +
                                                      " bytes, the limit is " +
                                                      std::to_string(max_bytes));
    }
    std::string data;
    data.resize(static_cast<std::size_t>(st.st_size) + 1);  // +1: notice a file still growing
    std::size_t done = 0;
    while (done < data.size()) {
        ssize_t n = ::read(fd, &data[done], data.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            std::string err = path + ": read error (" + std::strerror(errno) + ")";
            close(fd);
            return make_error(Reason::file_unreadable, err);
        }
        if (n == 0) break;
        done += static_cast<std::size_t>(n);
        if (done > max_bytes) {
            close(fd);
            return make_error(Reason::file_too_large,
                              path + ": more than " + std::to_string(max_bytes) + " bytes");
        }
        if (done == data.size()) data.resize(std::min(data.size() * 2, max_bytes + 1));
    }
    close(fd);
    data.resize(done);
    return data;
}

std::optional<Error> check_input_file(const std::string& path, std::size_t max_bytes) {
    struct stat st {};
    if (stat(path.c_str(), &st) != 0)
        return make_error(Reason::file_unreadable,
                          path + ": cannot open (" + std::strerror(errno) + ")");
    if (!S_ISREG(st.st_mode))
        return make_error(Reason::not_a_regular_file,
                          path + ": not a regular file (a device, pipe or folder)");
    if (static_cast<std::uint64_t>(st.st_size) > max_bytes)
        return make_error(Reason::file_too_large, path + ": " + std::to_string(st.st_size) +
                                                      " bytes, the limit is " +
                                                      std::to_string(max_bytes));
    return std::nullopt;
}

Result<std::string> read_text_file(const std::string& path) {
    return read_file(path, kMaxInputFileBytes);
}

Result<Bytes> read_bytes_file(const std::string& path, std::size_t max_bytes) {
    auto data = read_file(path, max_bytes);
    if (!data) return data.error();
    return Bytes(data->begin(), data->end());
}

namespace {

std::string write_error(const std::string& path, const std::string& what) {
    return std::string(to_string(Reason::file_write_failed)) + ": " + path + ": " + what + " (" +
           std::strerror(errno) + ")";
}

}  // namespace

// One writer for keys and outputs: the temporary is created exclusively (mkstemp: O_CREAT |
// O_EXCL, a name nobody can guess, never following a symlink) in the target's own directory,
// written, fsynced and renamed over the target. A pre-created or symlinked PATH.tmp is never
// touched. Secret files without replace_secret are linked into place (link(2) refuses an
// existing name, symlinks included), so an existing key is never replaced.
std::optional<std::string> write_file(const std::string& path, const std::string& data, bool secret,
                                      bool replace_secret, bool durable) {
    struct stat st {};
    if (secret && !replace_secret && lstat(path.c_str(), &st) == 0)
        return path + ": already exists; refusing to overwrite a secret key";
    const std::size_t slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash + 1);
    const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
    std::string tmp = (slash == std::string::npos ? std::string() : dir) + "." + base + ".XXXXXX";
    int fd = mkostemp(&tmp[0], O_CLOEXEC);  // mode 0600
    if (fd < 0) return write_error(path, "cannot create a temporary file beside it");
    if (!secret && fchmod(fd, 0644) != 0) {
        std::string err = write_error(path, "cannot set the mode");
        close(fd);
        unlink(tmp.c_str());
        return err;
    }
    std::size_t done = 0;
    while (done < data.size()) {
        ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            std::string err = write_error(path, "write failed");
            close(fd);
            unlink(tmp.c_str());
            return err;
        }
        done += static_cast<std::size_t>(n);
    }
    if ((durable && fsync(fd) != 0) || close(fd) != 0) {
        std::string err = write_error(path, "write failed");
        unlink(tmp.c_str());
        return err;
    }
    if (secret && !replace_secret) {
        if (link(tmp.c_str(), path.c_str()) != 0) {
            std::string err = errno == EEXIST
                                  ? path + ": already exists; refusing to overwrite a secret key"
                                  : write_error(path, "cannot move into place");
            unlink(tmp.c_str());
            return err;
        }
        unlink(tmp.c_str());
    } else if (rename(tmp.c_str(), path.c_str()) != 0) {
        std::string err = write_error(path, "cannot rename into place");
        unlink(tmp.c_str());
        return err;
    }
    if (durable) {  // the rename itself
        int dfd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd >= 0) fsync(dfd), close(dfd);
    }
    return std::nullopt;
}

std::optional<std::string> write_file(const std::string& path,
                                      const std::vector<std::uint8_t>& data, bool durable) {
    return write_file(path, std::string(data.begin(), data.end()), false, false, durable);
}

std::optional<std::string> make_dirs(const std::string& path) {
    std::string cur;
    std::size_t pos = 0;
    while (pos != std::string::npos) {
        pos = path.find('/', pos + 1);
        cur = path.substr(0, pos);
        if (cur.empty()) continue;
        if (mkdir(cur.c_str(), 0755) != 0 && errno != EEXIST)
            return cur + ": cannot create directory (" + std::strerror(errno) + ")";
    }
    return std::nullopt;
}

std::vector<std::uint8_t> random_bytes(std::size_t n) {
    std::vector<std::uint8_t> out(n);
    std::size_t done = 0;
    while (done < n) {
        ssize_t r = getrandom(out.data() + done, n - done, 0);
        if (r < 0) {
            if (errno == EINTR) continue;
            std::abort();  // no entropy: never mint predictable keys
        }
        done += static_cast<std::size_t>(r);
    }
    return out;
}

UnixTime now_utc() {
    return static_cast<UnixTime>(std::time(nullptr));
}

Result<KeyFile> load_key_file(const std::string& path) {
    auto text = read_file(path, kMaxKeyFileBytes);
    if (!text) return text.error();
    auto key = parse_key_file(*text);
    if (!key) return make_error(key.error().reason, path + ": " + key.error().detail);
    return key;
}

Result<TrustList> load_trust(const std::string& root_path, const std::string& trust_path) {
    auto root = load_key_file(root_path);
    if (!root) return root.error();
    if (root->role != KeyRole::root)
        return make_error(Reason::key_file_malformed, root_path + ": not a root key");
    auto text = read_file(trust_path, kMaxTrustListBytes);
    if (!text) return text.error();
    auto trust = verify_trust_list(*text, root->public_key);
    if (!trust) return make_error(trust.error().reason, trust_path + ": " + trust.error().detail);
    return trust;
}

}  // namespace traceseal::cli
