// A fresh directory under the system temp dir, removed with everything in it at scope exit.
#pragma once

#include <string>

namespace traceseal::testkit {

class TempDir {
  public:
    explicit TempDir(const std::string& name);  // <tmp>/traceseal_<name>_<pid>
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }
    std::string file(const std::string& name) const { return path_ + "/" + name; }
    // Writes `data` to file(name) and returns its path.
    std::string write(const std::string& name, const std::string& data) const;

  private:
    std::string path_;
};

}  // namespace traceseal::testkit
