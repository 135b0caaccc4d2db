// A traceseal-registryd child process for tests and benchmarks: started with arguments, its
// "listening on http://HOST:PORT" line read, stopped by signal; plus a till that signs and posts
// batches (FORMAT.md §11.2) over the real HTTP client.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "batch.h"
#include "http_client.h"

namespace traceseal::testkit {

class ServiceProcess {
  public:
    ServiceProcess() = default;
    ServiceProcess(const ServiceProcess&) = delete;
    ~ServiceProcess();
    // Starts `binary args...`; false (with `error`) if it exits or says nothing within 20 s.
    bool start(const std::string& binary, const std::vector<std::string>& args);
    // Sends `sig` and waits; the exit status as waitpid gives it (-1 if it was not running).
    int stop(int sig);
    const std::string& url() const { return url_; }
    const std::string& error() const { return error_; }
    pid_t pid() const { return pid_; }
    std::string output();  // what it printed after the first line, once stopped

  private:
    pid_t pid_ = -1;
    int out_ = -1;
    std::string url_, error_, rest_;
};

// A till: one submission key, batches of steps, posted to a service.
struct Till {
    service::SubmissionKey key;
    std::string url;
    // The envelope of a batch (created now unless given).
    std::string envelope(const std::string& batch_id, const std::vector<service::BatchStep>& steps,
                         UnixTime created_at = 0) const;
    Result<platform::HttpClientResponse> post(const std::string& body) const;
};
Result<Till> load_till(const std::string& key_file, const std::string& url);
service::BatchStep step(LifecycleEvent e, std::vector<std::string> codes,
                        std::optional<std::size_t> received = std::nullopt,
                        const std::string& reason = "");
std::string demo_code(std::uint32_t segment, std::uint32_t serial);  // "SSSSSSSS-NNNNNNNN"

}  // namespace traceseal::testkit
