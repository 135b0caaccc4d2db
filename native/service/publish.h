// What the service publishes (FORMAT.md §11.4) into its public directory, behind one function:
// the trust files, the newest status snapshot of every held segment (§9.3, signed by the
// segment operator's issuing key) and, when the log publisher is built in, the log.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "publisher.h"
#include "registry.h"

namespace traceseal::service {

struct PublishConfig {
    std::string dir;                    // the public directory (served at /trust, /status, /log)
    std::string root_file, trust_file;  // copied to dir/trust/
    PublicKey root;
    TrustListBody trust;
    std::vector<KeyFile> issuing_keys;  // secret keys; a segment without one is skipped
    UnixTime valid_for = 7 * 86400;     // snapshot validity
    // Operators' transparency logs (FORMAT.md §10.17), published to dir/log/<operator>/ by
    // registry::publish, each cosigned by every witness below (in process).
    struct Log {
        std::uint16_t operator_id = 0;
        std::string origin, key_file;
    };
    struct Witness {
        std::string name, key_file, state_dir;
    };
    std::vector<Log> logs;
    std::vector<Witness> witnesses;
};

class Publisher {
  public:
    explicit Publisher(PublishConfig config) : config_(std::move(config)) {}
    ~Publisher();
    // Loads the log and witness keys; errors name the file.
    std::optional<Error> open();
    // Publishes now; a JSON list of what was written. Serialised: one publication at a time.
    // Segments whose log has not grown since the last publication keep their snapshot.
    Result<std::string> publish(registry::Store& store, UnixTime now);
    const PublishConfig& config() const { return config_; }

  private:
    PublishConfig config_;
    std::vector<std::unique_ptr<log::Signer>> log_keys_, witness_keys_;
    std::vector<std::unique_ptr<log::Witness>> witnesses_;
    std::mutex m_;
    std::int64_t published_seq_ = -1;
};

}  // namespace traceseal::service
