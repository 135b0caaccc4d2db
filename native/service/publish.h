// What the service publishes (FORMAT.md §11.4) into its public directory, behind one function:
// the trust files, the newest status snapshot of every held segment (§9.3, signed by the
// segment operator's issuing key) and, when the log publisher is built in, the log.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "registry.h"

namespace traceseal::service {

struct PublishConfig {
    std::string dir;                    // the public directory (served at /trust, /status, /log)
    std::string root_file, trust_file;  // copied to dir/trust/
    PublicKey root;
    TrustListBody trust;
    std::vector<KeyFile> issuing_keys;  // secret keys; a segment without one is skipped
    UnixTime valid_for = 7 * 86400;     // snapshot validity
};

class Publisher {
  public:
    explicit Publisher(PublishConfig config) : config_(std::move(config)) {}
    // Publishes now; a JSON list of what was written. Serialised: one publication at a time.
    // Segments whose log has not grown since the last publication keep their snapshot.
    Result<std::string> publish(registry::Store& store, UnixTime now);
    const PublishConfig& config() const { return config_; }

  private:
    PublishConfig config_;
    std::mutex m_;
    std::int64_t published_seq_ = -1;
};

}  // namespace traceseal::service
