// fork/exec with stdout on a pipe; the first line is read with a poll deadline so a service that
// fails to start cannot hang a test.
#include "service_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "files.h"

namespace traceseal::testkit {

ServiceProcess::~ServiceProcess() {
    if (pid_ > 0) stop(SIGKILL);
    if (out_ >= 0) close(out_);
}

bool ServiceProcess::start(const std::string& binary, const std::vector<std::string>& args) {
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0) return error_ = "pipe failed", false;
    pid_ = fork();
    if (pid_ == 0) {
        dup2(p[1], 1);
        std::vector<char*> argv{const_cast<char*>(binary.c_str())};
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execv(binary.c_str(), argv.data());
        _exit(127);
    }
    close(p[1]);
    out_ = p[0];
    std::string line;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (line.find('\n') == std::string::npos) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                        deadline - std::chrono::steady_clock::now())
                        .count();
        pollfd fd{out_, POLLIN, 0};
        if (left <= 0 || poll(&fd, 1, static_cast<int>(left)) <= 0)
            return error_ = "no first line within 20 s", false;
        char c;
        if (read(out_, &c, 1) != 1) return error_ = "exited before listening: " + line, false;
        line += c;
    }
    const std::string prefix = "listening on ";
    if (line.rfind(prefix, 0) != 0) return error_ = "first line: " + line, false;
    url_ = line.substr(prefix.size(), line.size() - prefix.size() - 1);
    return true;
}

int ServiceProcess::stop(int sig) {
    if (pid_ <= 0) return -1;
    kill(pid_, sig);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    char buf[4096];
    ssize_t n;
    while ((n = read(out_, buf, sizeof buf)) > 0) rest_.append(buf, static_cast<std::size_t>(n));
    return status;
}

std::string ServiceProcess::output() {
    return rest_;
}

std::string Till::envelope(const std::string& batch_id,
                           const std::vector<service::BatchStep>& steps,
                           UnixTime created_at) const {
    service::Batch b;
    b.batch_id = batch_id;
    b.operator_id = key.operator_id;
    b.created_at = created_at ? created_at : cli::now_utc();
    b.steps = steps;
    return service::sign_batch(service::format_batch(b), key);
}

Result<platform::HttpClientResponse> Till::post(const std::string& body) const {
    return platform::http_request("POST", url + "/v1/batches",
                                  {{"Content-Type", "application/json"}}, body);
}

Result<Till> load_till(const std::string& key_file, const std::string& url) {
    auto text = cli::read_file(key_file, cli::kMaxKeyFileBytes);
    if (!text) return text.error();
    auto k = service::parse_submission_key_file(*text);
    if (!k) return k.error();
    return Till{*k, url};
}

service::BatchStep step(LifecycleEvent e, std::vector<std::string> codes,
                        std::optional<std::size_t> received, const std::string& reason) {
    service::BatchStep s;
    s.event = e;
    if (e == LifecycleEvent::reissue || e == LifecycleEvent::replace) {
        s.old_code = codes.at(0);
        s.new_code = codes.at(1);
    } else {
        s.codes = std::move(codes);
    }
    s.received = received;
    s.info = {"till-test", "Sanya store", reason, cli::now_utc() - 60};
    return s;
}

std::string demo_code(std::uint32_t segment, std::uint32_t serial) {
    char b[24];
    std::snprintf(b, sizeof b, "%08u-%08u", segment, serial);
    return b;
}

}  // namespace traceseal::testkit
