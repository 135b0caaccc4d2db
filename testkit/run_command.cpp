// run_command (see run_command.h).
#include "run_command.h"

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace traceseal::testkit {

CommandRun run_command(const std::string& dir, const std::string& command,
                       const std::string& stdin_text) {
    namespace fs = std::filesystem;
    const fs::path in = fs::path(dir) / "stdin.txt", out = fs::path(dir) / "stdout.txt",
                   err = fs::path(dir) / "stderr.txt";
    std::ofstream(in, std::ios::binary) << stdin_text;
    const std::string line = "cd '" + dir + "' && { " + command + "; } <'" + in.string() + "' >'" +
                             out.string() + "' 2>'" + err.string() + "'";
    const int rc = std::system(line.c_str());
    CommandRun r;
    r.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    auto slurp = [](const fs::path& p) {
        std::ifstream f(p, std::ios::binary);
        std::stringstream s;
        s << f.rdbuf();
        return s.str();
    };
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
}

}  // namespace traceseal::testkit
