// traceseal log / traceseal witness end to end (FORMAT.md §10.8–§10.14): a log published with
// the CLI, cosigned twice, then forked in front of the witness, which refuses with its reason.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "run_command.h"

namespace fs = std::filesystem;

namespace {

using Run = traceseal::testkit::CommandRun;

// Runs a shell command line in `dir` with the CLI as $B; stdout and stderr together in out.
Run sh(const std::string& dir, const std::string& cmd) {
    return traceseal::testkit::run_command(dir, "B='" TRACESEAL_CLI "' && { " + cmd + "; } 2>&1");
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

TEST_CASE(
    "registry publish writes the registry's witnessed log; provenance export --log a bundle") {
    const fs::path dir =
        fs::temp_directory_path() / ("traceseal-cli-publish-" + std::to_string(getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string d = dir.string();
    REQUIRE(sh(d,
               "$B keygen --role root --out root && "
               "$B keygen --role issuing --key-id 1 --out log && "
               "$B keygen --role issuing --key-id 2 --out w && "
               "for r in a b; do $B segment allocate --root-key root.key.json --operator 1 "
               "--segment 100 --first 1 --last 50 --out seg.tsc --store $r.sqlite; done && "
               "for r in a b; do $B activate --store $r.sqlite --received 2 --actor a --place p "
               "--at 2026-12-01 00000100-00000001 00000100-00000002; done && "
               "$B sell --store a.sqlite --actor till --place Sanya --at 2026-12-01 "
               "00000100-00000001 && "
               "$B sell --store b.sqlite --actor till --place Sanya --at 2026-12-01 "
               "00000100-00000002")
                .status == 0);
    const std::string publish =
        " --operator 1 --origin ts.example/log/1 --log-key log.key.json --witness-key w.key.json "
        "--witness-name witness.example/w1 --witness-state ws --at 2026-12-01";
    Run first = sh(d, "$B registry publish --store a.sqlite --log loga" + publish);
    CHECK(first.status == 0);
    CHECK(first.out.find("size 4 (4 entries appended, new index entry), 1 cosignature(s)") !=
          std::string::npos);
    CHECK(fs::exists(dir / "loga/checkpoint"));
    CHECK(fs::file_size(dir / "loga/index/3") == 41);
    Run again = sh(d, "$B registry publish --store a.sqlite --log loga" + publish);
    CHECK(again.status == 0);
    CHECK(again.out.find("up to date at size 4") != std::string::npos);
    Run bundle = sh(d,
                    "$B inspector keygen --out insp >/dev/null && $B provenance export --store "
                    "a.sqlite --log loga --operator 1 --inspector insp.pub.json --out b.tspb "
                    "00000100-00000001");
    CHECK(bundle.status == 0);
    CHECK(bundle.out.find("bundle v2 of 00000100-00000001") != std::string::npos);
    CHECK(fs::file_size(dir / "b.tspb") > 500);
    // Another history under the same log key, shown to the same witness: refused, unpublished.
    Run fork = sh(d, "$B registry publish --store b.sqlite --log logb" + publish);
    CHECK(fork.status == 2);
    CHECK(fork.out.find("cosignature_quorum_not_met") != std::string::npos);
    CHECK(fork.out.find("witness_inconsistent") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "logb/checkpoint"));
    // The published tiles are a's: b's entries in a's directory are refused.
    Run mixed = sh(d, "$B registry publish --store b.sqlite --log loga" + publish);
    CHECK(mixed.status == 2);
    CHECK(mixed.out.find("log_tile_conflict") != std::string::npos);
    fs::remove_all(dir);
}
