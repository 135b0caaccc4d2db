// A shell command line run in a directory, as the CLI's end-to-end tests run the built binary:
// stdin from a given text, stdout and stderr captured apart, the exit status.
#pragma once

#include <string>

namespace traceseal::testkit {

struct CommandRun {
    int status = -1;  // the exit status; -1 if the command did not exit (a signal)
    std::string out, err;
};

// Runs `command` with /bin/sh in `dir`. The capture files (stdin.txt, stdout.txt, stderr.txt)
// live in `dir` and are replaced on every run.
CommandRun run_command(const std::string& dir, const std::string& command,
                       const std::string& stdin_text = "");

}  // namespace traceseal::testkit
