// POSIX file access of native/log (see log_files.h).
#include "log_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "files.h"

namespace traceseal::log {
namespace {

std::string os_error(const std::string& path, const char* what) {
    return path + ": " + what + " (" + std::strerror(errno) + ")";
}

std::string parent_of(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    return slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

std::optional<std::string> make_dirs(const std::string& path) {
    return cli::make_dirs(path);
}

// The platform's one writer (native/platform/files.cpp: an exclusive mkstemp temporary beside
// the target, fsync when durable, rename, the directory fsynced), after creating the directory.
std::optional<std::string> write_atomic(const std::string& path, const Bytes& data, bool durable) {
    if (auto e = make_dirs(parent_of(path))) return e;
    return cli::write_file(path, data, durable);
}

std::optional<Bytes> read_file(const std::string& path, std::string* error) {
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno != ENOENT && error) *error = os_error(path, "cannot open");
        return std::nullopt;
    }
    Bytes out;
    std::uint8_t buf[65536];
    for (;;) {
        const ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            if (error) *error = os_error(path, "cannot read");
            close(fd);
            return std::nullopt;
        }
        if (n == 0) break;
        out.insert(out.end(), buf, buf + n);
    }
    close(fd);
    return out;
}

bool file_exists(const std::string& path) {
    struct stat st;
    return stat(path.c_str(), &st) == 0;
}

std::optional<std::string> sync_tree(const std::string& dir) {
    const int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return os_error(dir, "cannot open");
    const int rc = syncfs(fd);
    close(fd);
    if (rc != 0) return os_error(dir, "cannot sync");
    return std::nullopt;
}

}  // namespace traceseal::log
