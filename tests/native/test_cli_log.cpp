// traceseal log / traceseal witness end to end (FORMAT.md §10.8–§10.14): a log published with
// the CLI, cosigned twice, then forked in front of the witness, which refuses with its reason.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

namespace fs = std::filesystem;

namespace {

struct Run {
    int status;
    std::string out;
};

// Runs a shell command line in `dir` with the CLI as $B; stdout and stderr together.
Run sh(const std::string& dir, const std::string& cmd) {
    const std::string line =
        "cd '" + dir + "' && B='" + TRACESEAL_CLI + "' && { " + cmd + "; } 2>&1";
    FILE* p = popen(line.c_str(), "r");
    REQUIRE(p != nullptr);
    std::string out;
    char buf[4096];
    while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
    const int rc = pclose(p);
    return {WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, out};
}

// Appends entries "TAG i" for i in [from, to) to the log in `log` (base64 lines on stdin).
std::string append(const std::string& log, int from, int to, const std::string& tag) {
    return "for i in $(seq " + std::to_string(from) + " " + std::to_string(to - 1) +
           "); do printf '" + tag + " %d' $i | base64; done | $B log append --dir " + log +
           " --origin ts.example/log/1 --key log.key.json";
}

}  // namespace

TEST_CASE("the witness command cosigns a growing log and refuses the operator's fork") {
    const fs::path dir =
        fs::temp_directory_path() / ("traceseal-cli-log-" + std::to_string(getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string d = dir.string();
    REQUIRE(sh(d,
               "$B keygen --role issuing --key-id 1 --out log && "
               "$B keygen --role issuing --key-id 2 --out w")
                .status == 0);
    Run vkey = sh(d, "$B log vkey --key log.key.json --origin ts.example/log/1");
    REQUIRE(vkey.status == 0);
    const std::string v = vkey.out.substr(0, vkey.out.find('\n'));
    CHECK(v.rfind("ts.example/log/1+", 0) == 0);
    const std::string witness =
        "$B witness add-checkpoint --state ws --key w.key.json --name "
        "witness.example/w1 --at 2026-12-01 --log '" +
        v + "'";

    REQUIRE(sh(d, append("log", 0, 300, "a")).status == 0);
    Run first = sh(d, "$B log request --dir log --old 0 | " + witness);
    CHECK(first.status == 0);
    CHECK(first.out.rfind("\xE2\x80\x94 witness.example/w1 ", 0) == 0);

    // The honest log grows; the witness checks the consistency proof from 300.
    REQUIRE(sh(d, "cp -r log fork && " + append("log", 300, 400, "a")).status == 0);
    CHECK(sh(d, "$B log request --dir log --old 300 | " + witness).status == 0);
    // Sent again, the witness has moved on: 409 with its size.
    Run again = sh(d, "$B log request --dir log --old 300 | " + witness);
    CHECK(again.status == 2);
    CHECK(again.out.find("witness_conflict (HTTP 409)") != std::string::npos);

    // The fork: the copy at 300 grows with other entries to 450, claiming consistency with 400.
    REQUIRE(sh(d, append("fork", 300, 450, "z")).status == 0);
    Run forked = sh(d, "$B log request --dir fork --old 400 | " + witness);
    CHECK(forked.status == 2);
    CHECK(forked.out.find("witness_inconsistent (HTTP 422)") != std::string::npos);
    // A bad request names the problem.
    Run bad = sh(d, "printf 'old x\\n\\n' | " + witness);
    CHECK(bad.status == 2);
    CHECK(bad.out.find("witness_bad_request (HTTP 400)") != std::string::npos);
    fs::remove_all(dir);
}
