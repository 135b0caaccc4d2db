// TempDir (see temp_dir.h).
#include "temp_dir.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace traceseal::testkit {

TempDir::TempDir(const std::string& name) {
    namespace fs = std::filesystem;
    path_ = (fs::temp_directory_path() / ("traceseal_" + name + "_" + std::to_string(::getpid())))
                .string();
    fs::remove_all(path_);
    fs::create_directories(path_);
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

std::string TempDir::write(const std::string& name, const std::string& data) const {
    std::ofstream(file(name), std::ios::binary) << data;
    return file(name);
}

}  // namespace traceseal::testkit
