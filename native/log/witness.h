// A witness (C2SP tlog-witness add-checkpoint, FORMAT.md §10.14): per log it keeps the last
// checkpoint it cosigned, cosigns only consistent extensions of it, and refuses a fork.
#pragma once

#include <string>
#include <vector>

#include "signer.h"
#include "traceseal/traceseal.h"

namespace traceseal::log {

struct WitnessResponse {
    int http = 200;              // tlog-witness status: 200, 400, 403, 404, 409, 422, 500
    std::string body;            // 200: the cosignature line; 409: the stored size and newline
    std::optional<Error> error;  // why not 200
};

class Witness {
  public:
    // `state_dir` holds one file per log: the last checkpoint cosigned, with the cosignature.
    Witness(std::string state_dir, std::vector<tlog::LogPolicy> logs, Signer& key)
        : dir_(std::move(state_dir)), logs_(std::move(logs)), key_(key) {}
    // One add-checkpoint request body; `now` is the cosignature's timestamp. Checking the old
    // size and persisting the new checkpoint happen under one lock (tlog-witness).
    WitnessResponse add_checkpoint(const std::string& request, UnixTime now);
    // The last checkpoint cosigned for `origin` (with the cosignature), if any.
    std::optional<std::string> latest(const std::string& origin) const;

  private:
    std::string state_path(const std::string& origin) const;
    std::string dir_;
    std::vector<tlog::LogPolicy> logs_;
    Signer& key_;
};

}  // namespace traceseal::log
