// How one-time codes reach inspectors (FORMAT.md §12.4): an interface, so that a real SMS gateway
// is one class; the test and demo sender appends each message to an outbox file.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "traceseal/traceseal.h"

namespace traceseal::inspector {

class SmsSender {
  public:
    virtual ~SmsSender() = default;
    // The error text, if the message could not be handed on.
    virtual std::optional<std::string> send(const std::string& phone, const std::string& text) = 0;
};

// Appends {"time", "phone", "text"} as one JSON line (§12.4) to `path`, fsynced before it
// returns. `clock` gives the line's time.
class FileOutboxSender : public SmsSender {
  public:
    FileOutboxSender(std::string path, std::function<UnixTime()> clock);
    std::optional<std::string> send(const std::string& phone, const std::string& text) override;

  private:
    std::string path_;
    std::function<UnixTime()> clock_;
};

// The message text of a code (§12.4), in Chinese and English.
std::string login_code_message(const std::string& code);

}  // namespace traceseal::inspector
