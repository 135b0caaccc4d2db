// The CLI's platform edge: POSIX files, getrandom(2) and the clock.
#include "files.h"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>

namespace traceseal::cli {

Result<std::string> read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return make_error(Reason::image_unreadable,
                          path + ": cannot open (" + std::strerror(errno) + ")");
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) return make_error(Reason::image_unreadable, path + ": read error");
    return ss.str();
}

std::optional<std::string> write_file(const std::string& path, const std::string& data, bool secret,
                                      bool replace_secret, bool durable) {
    if (secret && !replace_secret && access(path.c_str(), F_OK) == 0)
        return path + ": already exists; refusing to overwrite a secret key";
    std::string tmp = path + ".tmp";
    int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, secret ? 0600 : 0644);
    if (fd < 0) return path + ": cannot create (" + std::strerror(errno) + ")";
    if (secret) fchmod(fd, 0600);
    std::size_t done = 0;
    while (done < data.size()) {
        ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            std::string err = path + ": write failed (" + std::strerror(errno) + ")";
            close(fd);
            unlink(tmp.c_str());
            return err;
        }
        done += static_cast<std::size_t>(n);
    }
    if ((durable && fsync(fd) != 0) || close(fd) != 0) {
        unlink(tmp.c_str());
        return path + ": write failed (" + std::strerror(errno) + ")";
    }
    if (rename(tmp.c_str(), path.c_str()) != 0) {
        unlink(tmp.c_str());
        return path + ": cannot rename into place (" + std::strerror(errno) + ")";
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
    auto text = read_text_file(path);
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
    auto text = read_text_file(trust_path);
    if (!text) return text.error();
    auto trust = verify_trust_list(*text, root->public_key);
    if (!trust) return make_error(trust.error().reason, trust_path + ": " + trust.error().detail);
    return trust;
}

}  // namespace traceseal::cli
