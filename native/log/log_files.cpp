// POSIX file access of native/log (see log_files.h).
#include "log_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

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
    for (std::size_t pos = 1; pos <= path.size(); ++pos) {
        if (pos != path.size() && path[pos] != '/') continue;
        const std::string dir = path.substr(0, pos);
        if (mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST)
            return os_error(dir, "cannot create directory");
    }
    return std::nullopt;
}

std::optional<std::string> write_atomic(const std::string& path, const Bytes& data, bool durable) {
    const std::string dir = parent_of(path);
    if (auto e = make_dirs(dir)) return e;
    const std::string tmp = path + ".tmp-" + std::to_string(getpid());
    const int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return os_error(tmp, "cannot create");
    for (std::size_t off = 0; off < data.size();) {
        const ssize_t n = write(fd, data.data() + off, data.size() - off);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            std::string e = os_error(tmp, "cannot write");
            close(fd);
            unlink(tmp.c_str());
            return e;
        }
        off += static_cast<std::size_t>(n);
    }
    if ((durable && fsync(fd) != 0) || close(fd) != 0) {
        std::string e = os_error(tmp, "cannot sync");
        unlink(tmp.c_str());
        return e;
    }
    if (rename(tmp.c_str(), path.c_str()) != 0) {
        std::string e = os_error(path, "cannot rename into place");
        unlink(tmp.c_str());
        return e;
    }
    if (durable) {
        const int dfd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd < 0 || fsync(dfd) != 0) {
            std::string e = os_error(dir, "cannot sync directory");
            if (dfd >= 0) close(dfd);
            return e;
        }
        close(dfd);
    }
    return std::nullopt;
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
