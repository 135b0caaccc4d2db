// The outbox SMS sender (FORMAT.md §12.4): one JSON line per message, appended and fsynced.
#include "sms_sender.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <nlohmann/json.hpp>

namespace traceseal::inspector {

FileOutboxSender::FileOutboxSender(std::string path, std::function<UnixTime()> clock)
    : path_(std::move(path)), clock_(std::move(clock)) {}

std::optional<std::string> FileOutboxSender::send(const std::string& phone,
                                                  const std::string& text) {
    static std::mutex mu;  // one line at a time from this process (O_APPEND keeps lines whole)
    std::lock_guard<std::mutex> lock(mu);
    std::string line =
        nlohmann::json{{"time", format_time(clock_())}, {"phone", phone}, {"text", text}}.dump() +
        "\n";
    int fd = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return "sms outbox " + path_ + ": " + std::strerror(errno);
    ssize_t n = ::write(fd, line.data(), line.size());
    bool ok = n == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
    std::string err = ok ? "" : std::strerror(errno);
    ::close(fd);
    if (!ok) return "sms outbox " + path_ + ": " + err;
    return std::nullopt;
}

std::string login_code_message(const std::string& code) {
    return "TraceSeal 验证码 " + code + "（5分钟内有效）/ code " + code + ", valid 5 minutes";
}

}  // namespace traceseal::inspector
