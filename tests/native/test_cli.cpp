// The traceseal CLI end to end: demo world, verify (images, stdin, JSON), exit codes, bad files,
// keygen/trust/mint with fresh keys. Runs the built binary (TRACESEAL_CLI).
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "hostile_images.h"
#include "image_transforms.h"
#include "run_command.h"
#include "traceseal/traceseal.h"

namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

using Run = traceseal::testkit::CommandRun;

// Runs `traceseal ARGS` in dir with stdin from a text; captures both streams.
// `env` (NAME=VALUE ...) goes in front of the command.
Run run(const std::string& dir, const std::string& args, const std::string& stdin_text = "",
        const std::string& env = "") {
    return traceseal::testkit::run_command(dir, env + " '" TRACESEAL_CLI "' " + args, stdin_text);
}

std::vector<Json> json_lines(const std::string& out) {
    std::vector<Json> v;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) {
        Json j = Json::parse(line, nullptr, false);
        REQUIRE_FALSE(j.is_discarded());
        v.push_back(j);
    }
    return v;
}

std::string join(const Json& args) {
    std::string s;
    for (const auto& a : args) s += " '" + a.get<std::string>() + "'";
    return s;
}

struct Demo {
    std::string dir;
    Json manifest;
    std::string verify;  // "verify <verify_args>"
};

Demo make_demo(const std::string& name, int seed, int count) {
    Demo d;
    d.dir = (fs::temp_directory_path() / ("traceseal_cli_" + name + "_" + std::to_string(getpid())))
                .string();
    fs::remove_all(d.dir);
    fs::create_directories(d.dir);
    Run r = run(d.dir, "demo --out world --seed " + std::to_string(seed) + " --count " +
                           std::to_string(count));
    REQUIRE(r.status == 0);
    std::ifstream f(fs::path(d.dir) / "world/manifest.json");
    d.manifest = Json::parse(f);
    d.verify = "verify" + join(d.manifest["verify_args"]);
    d.dir += "/world";
    return d;
}

void write_bytes(const fs::path& p, const std::vector<std::uint8_t>& b) {
    std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(b.data()), b.size());
}

}  // namespace

TEST_CASE("demo labels verify as the manifest expects, in text and JSON, at QR version <= 6-M") {
    Demo d = make_demo("a", 1, 10);
    REQUIRE(d.manifest["codes"].size() == 10);
    std::string labels;
    for (const auto& c : d.manifest["codes"]) {
        labels += " '" + c["label"].get<std::string>() + "'";
        CHECK(c["qr_version"].get<int>() <= 6);
        CHECK(c["ec_level"] == "M");
        CHECK(fs::exists(fs::path(d.dir) / c["label_svg"].get<std::string>()));
    }
    Run r = run(d.dir, d.verify + " --json" + labels);
    CHECK(r.status == 1);  // the demo has voided, superseded and resale-warning codes
    auto lines = json_lines(r.out);
    REQUIRE(lines.size() == 10);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        CAPTURE(i);
        const Json& c = d.manifest["codes"][i];
        CHECK(lines[i]["verdict"] == c["expected_verdict"]);
        CHECK(lines[i]["reasons"] == c["expected_reasons"]);
        CHECK(lines[i]["state"] == c["state"]);
        CHECK(lines[i]["context"] == "consumer");
        CHECK(lines[i]["text"] == c["text"]);
        CHECK(lines[i]["fields"]["code_number"] == c["code_number"]);
        CHECK(lines[i]["input"] == c["label"]);
        CHECK(lines[i]["format"] == "QRCode");
    }
    Run text = run(d.dir, d.verify + " --lang zh-CN" + labels);
    CHECK(text.status == 1);
    CHECK(text.out.find("关税未付 禁止倒卖") != std::string::npos);
    CHECK(text.out.find("已作废") != std::string::npos);
    // Without the status files every demo code is simply authentic (FORMAT.md §6.2).
    Run plain = run(
        d.dir, "verify --json --no-state --root root.pub.json --trust-list trust-list.json --at " +
                   d.manifest["clock"].get<std::string>() + labels);
    CHECK(plain.status == 0);
    for (const auto& l : json_lines(plain.out)) CHECK(l.find("state") == l.end());
}

TEST_CASE("the demo world has codes in every state, with the consumer verdicts of FORMAT.md §9.5") {
    Demo d = make_demo("states", 1, 10);
    std::map<std::string, std::string> verdict_of_state;
    for (const auto& c : d.manifest["codes"]) verdict_of_state[c["state"]] = c["expected_verdict"];
    const std::map<std::string, std::string> want = {
        {"issued", "warning"},    {"activated", "genuine"}, {"sold", "genuine"},
        {"picked_up", "warning"}, {"unbound", "genuine"},   {"voided", "invalid"},
        {"superseded", "invalid"}};
    CHECK(verdict_of_state == want);
    // At a port, sold-and-picked-up is expected and unsold goods are not (§9.5).
    std::string texts;
    for (const auto& c : d.manifest["codes"]) texts += c["text"].get<std::string>() + "\n";
    Run port = run(d.dir, d.verify + " --context inspector_port --json -", texts);
    auto lines = json_lines(port.out);
    REQUIRE(lines.size() == 10);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        CAPTURE(i);
        const std::string st = d.manifest["codes"][i]["state"];
        if (st == "picked_up") CHECK(lines[i]["verdict"] == "genuine");
        if (st == "activated" || st == "unbound")
            CHECK(lines[i]["reasons"] == Json::array({"sale_not_recorded"}));
    }
    // The registry's history holds the story and its hash chain.
    Run h = run(d.dir, "history --store registry.sqlite");
    CHECK(h.status == 0);
    CHECK(h.out.find("hash chain intact") != std::string::npos);
    CHECK(h.out.find("replace") != std::string::npos);
    CHECK(h.out.find("reissue") != std::string::npos);
    // Small worlds have fewer states but the same rules.
    Demo small = make_demo("small", 1, 2);
    REQUIRE(small.manifest["codes"].size() == 2);
    CHECK(small.manifest["codes"][0]["state"] == "sold");
    CHECK(small.manifest["codes"][1]["state"] == "voided");
}

TEST_CASE("the demo world is reproducible from its seed") {
    Demo a = make_demo("r1", 5, 4), b = make_demo("r2", 5, 4);
    CHECK(a.manifest == b.manifest);
}

TEST_CASE("a second world's codes are not genuine against the first world's trust list") {
    Demo a = make_demo("w1", 1, 2), b = make_demo("w2", 2, 4);
    std::string texts;
    for (const auto& c : b.manifest["codes"]) texts += c["text"].get<std::string>() + "\n";
    Run r = run(a.dir, a.verify + " --json -", texts);
    CHECK(r.status == 1);
    auto lines = json_lines(r.out);
    REQUIRE(lines.size() == 4);
    for (const auto& l : lines) CHECK(l["verdict"] == "invalid");
    // And the second world's label image too.
    Run img = run(a.dir, a.verify + " '" + b.dir + "/" +
                             b.manifest["codes"][0]["label"].get<std::string>() + "'");
    CHECK(img.status == 1);
    CHECK(img.out.find("invalid") != std::string::npos);
}

TEST_CASE("stdin: altered, foreign and genuine lines; CRLF and blank lines") {
    Demo d = make_demo("s", 1, 2);
    std::string good = d.manifest["codes"][0]["text"];
    std::string altered = good;
    altered[40] = altered[40] == 'A' ? 'B' : 'A';
    Run r = run(d.dir, d.verify + " --json -",
                good + "\r\n\n" + altered + "\nhttps://example.com/product/123\n");
    CHECK(r.status == 1);
    auto lines = json_lines(r.out);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0]["verdict"] == "genuine");
    CHECK(lines[0]["input"] == "stdin:1");
    CHECK(lines[1]["verdict"] == "invalid");
    CHECK(lines[2]["verdict"] == "foreign");
    CHECK(lines[2]["reasons"][0] == "not_traceseal_code");
    Run junk =
        run(d.dir, d.verify + " --json -", std::string("\x00\xff\xfe binary junk\x01", 16) + "\n");
    CHECK(junk.status == 1);
    CHECK(json_lines(junk.out).at(0)["verdict"] == "foreign");
}

TEST_CASE("images: a QR with a product URL is foreign, a blank image is no_code") {
    Demo d = make_demo("i", 1, 2);
    write_bytes(fs::path(d.dir) / "blank.png",
                traceseal::test::encode_png(traceseal::test::blank(400, 300, 255)));
    Run r = run(d.dir, d.verify + " --json blank.png");
    CHECK(r.status == 1);
    auto lines = json_lines(r.out);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0]["verdict"] == "no_code");
    CHECK(lines[0]["reasons"][0] == "no_code_found");
    // A foreign QR photo from the shared corpus.
    std::string photo = std::string(TRACESEAL_CORPUS_DIR) + "/qrcode-1/1.png";
    Run f = run(d.dir, d.verify + " --json '" + photo + "'");
    CHECK(f.status == 1);
    auto fl = json_lines(f.out);
    REQUIRE(fl.size() >= 1);
    for (const auto& l : fl) CHECK(l["verdict"] == "foreign");
}

TEST_CASE("issue 10: hostile images get their reason within the budget; the batch goes on") {
    Demo d = make_demo("budget", 1, 1);
    using namespace traceseal::test;
    fs::path dir(d.dir);
    write_bytes(dir / "label.png", hdr_zero_run());  // stb loops forever on it (Radiance HDR)
    write_bytes(dir / "tiles.png", encode_png(finder_tiles(600, 3)));  // 32.8 s CPU in ZXing
    write_bytes(dir / "scans.jpg", jpeg_empty_scans(1024, 1024, 100000));
    const std::string genuine = d.manifest["codes"][0]["label"].get<std::string>();
    const auto t0 = std::chrono::steady_clock::now();
    Run r = run(d.dir, d.verify + " --json label.png tiles.png scans.jpg '" + genuine + "'");
    const double took =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    MESSAGE("HDR + finder tiles + 100,000-scan JPEG + a label: ", took, " s");
    CHECK(r.status == 2);
    CHECK(r.err.find("label.png") != std::string::npos);
    CHECK(r.err.find("image_unsupported") != std::string::npos);
    CHECK(r.err.find("tiles.png") != std::string::npos);
    CHECK(r.err.find("scans.jpg") != std::string::npos);
    CHECK(r.err.find("image_too_complex") != std::string::npos);
    auto lines = json_lines(r.out);
    REQUIRE(lines.size() == 1);  // the label after them is still verified
    CHECK(lines[0]["verdict"] == "genuine");
    // A hang guard, not a timing: before issue 10 the tiles alone took 59 s and the HDR never
    // ended; now 2 s of CPU bounds each image (30 s of wall clock on a starved machine).
    CHECK(took < 45);
    // Each alone, timed (the figures of the closing note).
    for (const char* one : {"label.png", "tiles.png", "scans.jpg"}) {
        const auto s0 = std::chrono::steady_clock::now();
        Run alone = run(d.dir, d.verify + " --no-state " + one);
        MESSAGE(std::string(one), ": ", alone.err.substr(0, alone.err.find('\n')), " in ",
                std::chrono::duration<double>(std::chrono::steady_clock::now() - s0).count(),
                " s (whole CLI run)");
        CHECK(alone.status == 2);
    }
    Run quick = run(d.dir, d.verify + " --image-seconds 0.3 tiles.png");
    CHECK(quick.status == 2);
    CHECK(quick.err.find("image_too_complex") != std::string::npos);
    CHECK(quick.err.find("0.3 s") != std::string::npos);
    for (const char* bad : {"0", "abc", "-1", "1e9"}) {
        CAPTURE(bad);
        Run u = run(d.dir, d.verify + " --image-seconds " + bad + " tiles.png");
        CHECK(u.status == 2);
        CHECK(u.err.find("--image-seconds") != std::string::npos);
    }
}

TEST_CASE("issue 10: every code in an image is reported, the worst first in the text output") {
    Demo d = make_demo("multi", 1, 1);
    using namespace traceseal::test;
    auto label = traceseal::native::load_image_file(
        d.dir + "/" + d.manifest["codes"][0]["label"].get<std::string>());
    REQUIRE(label.has_value());
    // A light-on-dark foreign QR (a phone's camera reads it) beside the genuine label.
    auto foreign =
        traceseal::native::load_image_file(std::string(TRACESEAL_CORPUS_DIR) + "/qrcode-1/1.png");
    REQUIRE(foreign.has_value());
    write_bytes(fs::path(d.dir) / "pair.png",
                encode_png(side_by_side({*label, invert(*foreign)}, 40)));
    Run j = run(d.dir, d.verify + " --json pair.png");
    CHECK(j.status == 1);
    auto lines = json_lines(j.out);
    REQUIRE(lines.size() == 2);
    std::multiset<std::string> verdicts;
    for (const auto& l : lines) verdicts.insert(l["verdict"].get<std::string>());
    CHECK(verdicts == std::multiset<std::string>{"foreign", "genuine"});
    Run t = run(d.dir, d.verify + " pair.png");
    CHECK(t.status == 1);
    CHECK(t.out.rfind("pair.png: foreign (worst of 2 codes)\n", 0) == 0);
    CHECK(t.out.find("  text: ") != std::string::npos);  // what the phishing QR says
}

TEST_CASE("degraded label photos still verify genuine through the CLI") {
    Demo d = make_demo("deg", 1, 1);
    auto img = traceseal::native::load_image_file(
        d.dir + "/" + d.manifest["codes"][0]["label"].get<std::string>());
    REQUIRE(img.has_value());
    using namespace traceseal::test;
    write_bytes(fs::path(d.dir) / "rot.png", encode_png(rotate(*img, 17)));
    write_bytes(fs::path(d.dir) / "jpeg.jpg", encode_jpeg(blur(scale(*img, 0.6), 0.8), 35));
    const double corners[8] = {60, 30, 420, 80, 400, 520, 30, 470};
    write_bytes(fs::path(d.dir) / "warp.png",
                encode_png(warp_perspective(*img, corners, 480, 560)));
    Run r = run(d.dir, d.verify + " --json rot.png jpeg.jpg warp.png");
    CHECK(r.status == 0);
    auto lines = json_lines(r.out);
    REQUIRE(lines.size() == 3);
    for (const auto& l : lines) CHECK(l["verdict"] == "genuine");
}

TEST_CASE("bad files exit 2 with a message naming the file") {
    Demo d = make_demo("bad", 1, 1);
    std::string label = d.manifest["codes"][0]["label"];
    std::ifstream f(fs::path(d.dir) / label, std::ios::binary);
    std::string png((std::istreambuf_iterator<char>(f)), {});
    std::ofstream(fs::path(d.dir) / "truncated.png", std::ios::binary)
        << png.substr(0, png.size() / 2);
    Run r = run(d.dir, d.verify + " truncated.png");
    CHECK(r.status == 2);
    CHECK(r.err.find("truncated.png") != std::string::npos);
    CHECK(r.err.find("image_corrupt") != std::string::npos);
    Run missing = run(d.dir, d.verify + " nowhere.png");
    CHECK(missing.status == 2);
    CHECK(missing.err.find("nowhere.png") != std::string::npos);
    // Other inputs are still reported when one is bad.
    Run mixed = run(d.dir, d.verify + " --json truncated.png '" + label + "'");
    CHECK(mixed.status == 2);
    CHECK(json_lines(mixed.out).size() == 1);
    // A tampered trust list is refused before anything is verified.
    std::ifstream tl(fs::path(d.dir) / "trust-list.json");
    std::string list((std::istreambuf_iterator<char>(tl)), {});
    list.replace(list.find("Sanya"), 5, "Sanyb");
    std::ofstream(fs::path(d.dir) / "tampered.json") << list;
    Run t = run(d.dir, "verify --root root.pub.json --trust-list tampered.json '" + label + "'");
    CHECK(t.status == 2);
    CHECK(t.err.find("trust_list_bad_signature") != std::string::npos);
}

TEST_CASE("usage: --help everywhere, unknown options and commands exit 2") {
    std::string dir = fs::temp_directory_path().string();
    for (const char* cmd : {"keygen", "trust", "mint", "verify", "demo"}) {
        CAPTURE(cmd);
        Run r = run(dir, std::string(cmd) + " --help");
        CHECK(r.status == 0);
        CHECK(r.out.find("Usage") != std::string::npos);
        Run bad = run(dir, std::string(cmd) + " --no-such-option");
        CHECK(bad.status == 2);
        CHECK(bad.err.find("--no-such-option") != std::string::npos);
    }
    CHECK(run(dir, "frobnicate").status == 2);
    CHECK(run(dir, "").status == 2);
    CHECK(run(dir, "verify --root x --trust-list y --at 2026-13-01 -").status == 2);
}

TEST_CASE("issuer workflow with fresh keys: keygen, trust build, mint, verify") {
    fs::path dir = fs::temp_directory_path() / ("traceseal_cli_issuer_" + std::to_string(getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::string d = dir.string();
    REQUIRE(run(d, "keygen --role root --out root").status == 0);
    REQUIRE(run(d, "keygen --role issuing --key-id 7 --out op").status == 0);
    struct stat st;
    REQUIRE(stat((dir / "root.key.json").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK(run(d, "keygen --role root --out root").status == 2);  // never overwrites a secret
    Run kg = run(d, "keygen --role issuing --key-id 8 --out op8");
    std::ifstream sk(dir / "op8.key.json");
    std::string secret = Json::parse(sk)["secret_key"];
    CHECK(kg.out.find(secret.substr(0, 16)) == std::string::npos);  // never printed

    std::ifstream pubf(dir / "op.pub.json");
    std::string pk = Json::parse(pubf)["public_key"];
    Json body = {{"type", "traceseal-trust-list"},
                 {"version", 1},
                 {"sequence", 3},
                 {"issued_at", "2026-01-01T00:00:00Z"},
                 {"expires_at", "2030-01-01T00:00:00Z"},
                 {"authority", "Test authority"},
                 {"label_prefix", "HTTPS://T.EXAMPLE/"},
                 {"operators", {{{"id", 4}, {"name_en", "Op"}, {"name_zh", "经营主体"}}}},
                 {"categories", {{{"id", 9}, {"name_en", "Perfume"}, {"name_zh", "香水"}}}},
                 {"issuing_keys",
                  {{{"key_id", 7},
                    {"operator", 4},
                    {"public_key", pk},
                    {"segments", {{10, 20}}},
                    {"not_before", "2026-01-01T00:00:00Z"},
                    {"not_after", "2027-01-01T00:00:00Z"}}}},
                 {"revoked_keys", Json::array()}};
    std::ofstream(dir / "body.json") << body.dump(2);
    Run tb = run(d, "trust build --root-key root.key.json --body body.json --out trust.json");
    REQUIRE(tb.status == 0);
    CHECK(run(d, "trust show --root root.pub.json trust.json").out.find("issuing key 7") !=
          std::string::npos);
    Run m = run(d,
                "mint --key op.key.json --root root.pub.json --trust-list trust.json --segment 12 "
                "--first 1000 "
                "--count 3 --category 9 --date 2026-06-01 --out batch");
    REQUIRE(m.status == 0);
    CHECK(m.out.find("QR version") != std::string::npos);
    Run refused = run(d,
                      "mint --key op.key.json --root root.pub.json --trust-list trust.json "
                      "--segment 30 --first 1 "
                      "--count 1 --category 9 --date 2026-06-01 --out batch2");
    CHECK(refused.status == 2);
    CHECK(refused.err.find("segment 30") != std::string::npos);
    std::ifstream codes(dir / "batch/codes.txt");
    std::string texts((std::istreambuf_iterator<char>(codes)), {});
    Run v = run(d,
                "verify --json --at 2026-07-01 --root root.pub.json --trust-list trust.json - "
                "batch/labels/00000012-00001001.png",
                texts);
    CHECK(v.status == 0);
    auto lines = json_lines(v.out);
    REQUIRE(lines.size() == 4);
    for (const auto& l : lines) CHECK(l["verdict"] == "genuine");
    CHECK(lines[3]["fields"]["serial"] == 1001);
    // After the list expires, the same codes are authentic but need attention.
    Run stale = run(
        d, "verify --json --at 2030-06-01 --root root.pub.json --trust-list trust.json -", texts);
    CHECK(stale.status == 1);
    CHECK(json_lines(stale.out).at(0)["verdict"] == "warning");
}

TEST_CASE("hostile files and input: clear errors, exit 2, bounded memory, never a crash") {
    Demo d = make_demo("hostile", 1, 1);
    using namespace traceseal::test;
    fs::path dir(d.dir);
    std::ofstream(dir / "empty.png", std::ios::binary).flush();
    write_bytes(dir / "bomb.png", png_header_only(100000, 100000));
    write_bytes(dir / "bomb.jpg", jpeg_header_only(65000, 65000));
    write_bytes(dir / "bomb.gif", gif_header_only(65535, 65535));
    std::ofstream(dir / "text.png") << "this is not an image\n";
    fs::create_directories(dir / "a_directory.png");
    struct Case {
        const char* file;
        const char* reason;
    };
    for (Case c :
         {Case{"empty.png", "image_corrupt"}, Case{"bomb.png", "image_too_large"},
          Case{"bomb.jpg", "image_too_large"}, Case{"bomb.gif", "image_too_large"},
          Case{"text.png", "image_unsupported"}, Case{"a_directory.png", "image_unreadable"}}) {
        CAPTURE(c.file);
        Run r = run(d.dir, d.verify + " --json " + c.file);
        CHECK(r.status == 2);
        CHECK(r.err.find(c.file) != std::string::npos);
        CHECK(r.err.find(c.reason) != std::string::npos);
        CHECK(r.out.empty());
    }
    // A 10 MB line without a newline, and many long lines: each is one foreign result.
    std::string huge(10 << 20, 'A');
    Run r = run(d.dir, d.verify + " --json -", huge + "\n" + std::string(5000, '/') + "\n");
    CHECK(r.status == 1);
    auto lines = json_lines(r.out);
    REQUIRE(lines.size() == 2);
    for (const auto& l : lines) CHECK(l["verdict"] == "foreign");
    CHECK(r.out.size() < 20000);  // the report does not echo megabytes back
}

TEST_CASE("provenance export and verify --provenance: sealed details need the inspector key") {
    Demo d = make_demo("prov", 1, 10);
    REQUIRE(run(d.dir, "inspector keygen --out insp").status == 0);
    Run e = run(d.dir,
                "provenance export --store registry.sqlite --key keys/DEMO-ONLY-issuing-1.key.json "
                "--inspector insp.pub.json --checkpoint-out cp.tscp --out p.tspb --at 2026-11-16 "
                "00000100-00000002");
    REQUIRE(e.status == 0);
    Run plain = run(d.dir, d.verify + " --json --provenance p.tspb");
    CHECK(plain.status == 0);
    auto lines = json_lines(plain.out);
    REQUIRE(lines.size() == 1);
    const Json& events = lines[0]["provenance"]["events"];
    REQUIRE(events.size() == 3);
    CHECK(events[0]["type"] == "activate");
    CHECK(events[0]["details"]["actor"] == "warehouse-sanya");
    CHECK(events[1]["type"] == "sell");
    CHECK(events[1]["sealed"] == true);
    CHECK(events[1]["details"].is_null());  // unreadable without the inspector key
    CHECK(plain.out.find("till-4") == std::string::npos);
    Run insp =
        run(d.dir,
            d.verify +
                " --json --provenance p.tspb --checkpoint cp.tscp --inspector-key insp.key.json");
    CHECK(insp.status == 0);
    auto il = json_lines(insp.out);
    REQUIRE(il.size() == 1);
    CHECK(il[0]["provenance"]["events"][1]["details"]["actor"] == "till-4");
    CHECK(il[0]["provenance"]["events"][2]["details"]["place"] == "Meilan airport pickup");
    // Another inspector's key opens nothing.
    REQUIRE(run(d.dir, "inspector keygen --out other").status == 0);
    Run other = run(d.dir, d.verify + " --json --provenance p.tspb --inspector-key other.key.json");
    CHECK(json_lines(other.out)[0]["provenance"]["events"][1]["details"].is_null());
    // Operator 2's key cannot vouch for segment 100; a flipped byte is refused.
    run(d.dir,
        "provenance export --store registry.sqlite --key keys/DEMO-ONLY-issuing-2.key.json --out "
        "bad.tspb "
        "00000100-00000002");
    Run bad = run(d.dir, d.verify + " --provenance bad.tspb");
    CHECK(bad.status == 2);
    CHECK(bad.err.find("provenance_not_authorized") != std::string::npos);
    std::ifstream f(fs::path(d.dir) / "p.tspb", std::ios::binary);
    std::string b((std::istreambuf_iterator<char>(f)), {});
    b[200] ^= 1;
    std::ofstream(fs::path(d.dir) / "t.tspb", std::ios::binary) << b;
    Run t = run(d.dir, d.verify + " --provenance t.tspb");
    CHECK(t.status == 2);
    CHECK(t.err.find("provenance_") != std::string::npos);
    // New events after the held checkpoint: still consistent.
    REQUIRE(run(d.dir,
                "sell --store registry.sqlite --actor till-1 --place 'Sanya store' --at 2026-11-17 "
                "00000100-00000004")
                .status == 0);
    run(d.dir,
        "provenance export --store registry.sqlite --key keys/DEMO-ONLY-issuing-1.key.json --out "
        "p2.tspb "
        "--segment 100");
    Run later = run(d.dir, d.verify + " --provenance p2.tspb --checkpoint cp.tscp");
    CHECK(later.status == 0);
    CHECK(later.out.find("consistent with the held checkpoint") != std::string::npos);
}

TEST_CASE("epcis export: EPCIS 2.0 document with CBV bizStep and disposition") {
    Demo d = make_demo("epcis", 1, 10);
    Run r = run(d.dir, "epcis export --store registry.sqlite --at 2026-11-16");
    REQUIRE(r.status == 0);
    Json doc = Json::parse(r.out, nullptr, false);
    REQUIRE_FALSE(doc.is_discarded());
    CHECK(doc["type"] == "EPCISDocument");
    CHECK(doc["schemaVersion"] == "2.0");
    CHECK(doc["@context"][0] == "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld");
    CHECK(doc["creationDate"] == "2026-11-16T00:00:00Z");
    const std::map<std::string, std::array<std::string, 4>> want = {
        {"activate", {"ObjectEvent", "ADD", "commissioning", "active"}},
        {"sell", {"ObjectEvent", "OBSERVE", "retail_selling", "retail_sold"}},
        {"pickup", {"ObjectEvent", "OBSERVE", "departing", "retail_sold"}},
        {"unbind", {"ObjectEvent", "OBSERVE", "receiving", "sellable_accessible"}},
        {"void", {"ObjectEvent", "DELETE", "decommissioning", "inactive"}},
        {"reissue", {"TransformationEvent", "", "commissioning", "active"}},
        {"replace", {"TransformationEvent", "", "commissioning", "active"}}};
    std::set<std::string> seen;
    for (const Json& e : doc["epcisBody"]["eventList"]) {
        std::string kind = e["ts:event"];
        CAPTURE(kind);
        REQUIRE(want.count(kind) == 1);
        seen.insert(kind);
        const auto& w = want.at(kind);
        CHECK(e["type"] == w[0]);
        CHECK(e["bizStep"] == w[2]);
        CHECK(e["disposition"] == w[3]);
        CHECK(e["eventTimeZoneOffset"] == "+08:00");
        CHECK(e["eventTime"].get<std::string>().size() == 20);
        CHECK(e["eventID"].get<std::string>().rfind("urn:traceseal:event:", 0) == 0);
        CHECK(e["readPoint"]["id"].get<std::string>().find(' ') == std::string::npos);
        if (w[0] == "ObjectEvent") {
            CHECK(e["action"] == w[1]);
            CHECK(e["epcList"].size() == 1);
        } else {
            CHECK(e.find("action") == e.end());
            CHECK(e["inputEPCList"].size() == 1);
            CHECK(e["outputEPCList"].size() == 1);
        }
    }
    CHECK(seen.size() == want.size());
    // Only one code's events.
    Run one = run(d.dir, "epcis export --store registry.sqlite 00000200-00000004");
    Json o = Json::parse(one.out, nullptr, false);
    CHECK(o["epcisBody"]["eventList"].size() == 2);  // activate, reissue
}

TEST_CASE("a FIFO, /dev/zero or an oversized file as an input file option exits 2 at once") {
    Demo d = make_demo("fifo", 1, 4);
    REQUIRE(run(d.dir, "inspector keygen --out insp").status == 0);
    REQUIRE(run(d.dir,
                "provenance export --store registry.sqlite --key "
                "keys/DEMO-ONLY-issuing-1.key.json --checkpoint-out cp.tscp --out p.tspb "
                "--segment 100")
                .status == 0);
    const std::string fifo = d.dir + "/input.fifo";
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    std::ofstream(fs::path(d.dir) / "big.tscp", std::ios::binary) << std::string(17 << 10, 'x');
    const std::map<std::string, std::string> good = {
        {"--root", "root.pub.json"},    {"--trust-list", "trust-list.json"},
        {"--status", "status-100.tss"}, {"--provenance", "p.tspb"},
        {"--checkpoint", "cp.tscp"},    {"--inspector-key", "insp.key.json"}};
    for (const auto& [option, bad] : std::map<std::string, std::string>{
             {"input.fifo", "not_a_regular_file"}, {"/dev/zero", "not_a_regular_file"}}) {
        for (const auto& [name, path] : good) {
            std::string args = "verify";
            for (const auto& [n, p] : good) args += " " + n + " '" + (n == name ? option : p) + "'";
            CAPTURE(args);
            // timeout: before, a FIFO blocked forever and /dev/zero grew to gigabytes.
            Run r = traceseal::testkit::run_command(
                d.dir, "timeout 20 '" TRACESEAL_CLI "' " + args + " - >/dev/null");
            CHECK(r.status == 2);
            CHECK(r.err.find(bad) != std::string::npos);
            CHECK(r.err.find(option) != std::string::npos);
        }
    }
    Run big = run(d.dir,
                  "verify --root root.pub.json --trust-list trust-list.json --provenance "
                  "p.tspb --checkpoint big.tscp -");
    CHECK(big.status == 2);
    CHECK(big.err.find("file_too_large") != std::string::npos);
    CHECK(big.err.find("big.tscp") != std::string::npos);
    // The trust commands read their files under the same rules.
    Run show = run(d.dir, "trust show --root root.pub.json /dev/zero");
    CHECK(show.status == 2);
    CHECK(show.err.find("not_a_regular_file") != std::string::npos);
}

TEST_CASE("a pre-created or symlinked PATH.tmp cannot capture a new secret key") {
    fs::path dir = fs::temp_directory_path() / ("traceseal_cli_tmp_" + std::to_string(getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    // Another local user's traps in a shared directory: op.key.json.tmp as a symlink to a file
    // they can read, and in.key.json.tmp as a world-readable file they own.
    fs::create_symlink(dir / "stolen", dir / "op.key.json.tmp");
    std::ofstream(dir / "in.key.json.tmp") << "";
    fs::permissions(dir / "in.key.json.tmp", fs::perms(0666));
    REQUIRE(run(dir.string(), "keygen --role root --out op").status == 0);
    REQUIRE(run(dir.string(), "inspector keygen --out in").status == 0);
    CHECK_FALSE(fs::exists(dir / "stolen"));
    CHECK(fs::is_symlink(dir / "op.key.json.tmp"));
    CHECK(fs::file_size(dir / "in.key.json.tmp") == 0);
    for (const char* f : {"op.key.json", "in.key.json"}) {
        CAPTURE(f);
        struct stat st {};
        REQUIRE(lstat((dir / f).c_str(), &st) == 0);
        CHECK(S_ISREG(st.st_mode));
        CHECK((st.st_mode & 0777) == 0600);
    }
    // A secret key is never replaced, not even through a symlink at its own name.
    fs::create_symlink(dir / "stolen2", dir / "again.key.json");
    Run again = run(dir.string(), "keygen --role root --out again");
    CHECK(again.status == 2);
    CHECK_FALSE(fs::exists(dir / "stolen2"));
    // No temporaries are left behind.
    for (const auto& e : fs::directory_iterator(dir))
        CHECK(e.path().filename().string().rfind(".op.key.json.", 0) != 0);
    fs::remove_all(dir);
}

TEST_CASE("text that is not UTF-8 (a GBK store name) is replaced in JSON output, never an abort") {
    Demo d = make_demo("gbk", 1, 10);
    REQUIRE(run(d.dir, "inspector keygen --out insp").status == 0);
    // "三亚店" in GBK, as a till might send it.
    REQUIRE(run(d.dir,
                "sell --store registry.sqlite --actor till-9 --place \"$(printf "
                "'\\310\\375\\321\\307\\265\\352')\" --at 2026-11-17 00000100-00000004")
                .status == 0);
    REQUIRE(run(d.dir,
                "provenance export --store registry.sqlite --key "
                "keys/DEMO-ONLY-issuing-1.key.json --inspector insp.pub.json --out g.tspb "
                "00000100-00000004")
                .status == 0);
    Run v = run(d.dir, d.verify + " --json --provenance g.tspb --inspector-key insp.key.json");
    CHECK(v.status == 0);
    auto lines = json_lines(v.out);
    REQUIRE(lines.size() == 1);
    bool replaced = false;
    for (const Json& e : lines[0]["provenance"]["events"])
        if (e["type"] == "sell" && e["details"].is_object())
            replaced =
                e["details"]["place"].get<std::string>().find("\xef\xbf\xbd") != std::string::npos;
    CHECK(replaced);
    Run e = run(d.dir, "epcis export --store registry.sqlite --at 2026-11-18");
    CHECK(e.status == 0);
    CHECK_FALSE(Json::parse(e.out, nullptr, false).is_discarded());
}

TEST_CASE("checkpoints of two logs held side by side (verify --checkpoint, repeatable)") {
    Demo d = make_demo("twolog", 1, 10);
    const std::string key1 = "keys/DEMO-ONLY-issuing-1.key.json",
                      key2 = "keys/DEMO-ONLY-issuing-2.key.json";
    REQUIRE(run(d.dir, "provenance export --store registry.sqlite --key " + key2 +
                           " --checkpoint-out cp2.tscp --out p2.tspb --segment 200")
                .status == 0);
    REQUIRE(run(d.dir,
                "sell --store registry.sqlite --actor till-1 --place 'Sanya store' --at "
                "2026-11-17 00000100-00000004")
                .status == 0);
    REQUIRE(run(d.dir, "provenance export --store registry.sqlite --key " + key1 +
                           " --checkpoint-out cp1.tscp --out p1.tspb --segment 100")
                .status == 0);
    // Operator 1's checkpoint (one event more) says nothing about operator 2's bundle: before,
    // it was applied to it and refused it as provenance_rollback.
    Run r = run(d.dir, d.verify + " --provenance p2.tspb --checkpoint cp1.tscp");
    CHECK(r.status == 0);
    CHECK(r.err == "");
    Run both = run(d.dir, d.verify +
                              " --provenance p1.tspb --provenance p2.tspb --checkpoint cp1.tscp "
                              "--checkpoint cp2.tscp");
    CHECK(both.status == 0);
    CHECK(both.out.find("p1.tspb: provenance verified") != std::string::npos);
    CHECK(both.out.find("p2.tspb: provenance verified") != std::string::npos);
    // Its own log's rule still holds: an older bundle of operator 1 is a rollback.
    REQUIRE(run(d.dir, "provenance export --store registry.sqlite --key " + key1 +
                           " --checkpoint-out cp1b.tscp --out p1b.tspb --segment 100")
                .status == 0);
    REQUIRE(run(d.dir,
                "pickup --store registry.sqlite --actor desk --place 'Meilan' --at "
                "2026-11-18 00000100-00000004")
                .status == 0);
    REQUIRE(run(d.dir, "provenance export --store registry.sqlite --key " + key1 +
                           " --checkpoint-out cp1c.tscp --out p1c.tspb --segment 100")
                .status == 0);
    Run rb = run(d.dir, d.verify + " --provenance p1b.tspb --checkpoint cp1c.tscp");
    CHECK(rb.status == 2);
    CHECK(rb.err.find("provenance_rollback") != std::string::npos);
}

TEST_CASE("authentic and reminder (FORMAT.md §6.1) for every demo code, in JSON and text") {
    Demo d = make_demo("remind", 1, 10);
    std::string labels;
    for (const auto& c : d.manifest["codes"]) labels += " '" + c["label"].get<std::string>() + "'";
    auto lines = json_lines(run(d.dir, d.verify + " --json" + labels).out);
    REQUIRE(lines.size() == d.manifest["codes"].size());
    int warnings = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string expected = d.manifest["codes"][i]["expected_verdict"];
        CAPTURE(expected);
        const bool shown = expected == "genuine" || expected == "warning";
        // Authentic (§6.1): the signature holds, even where §9.5 withdrew the code.
        bool withdrawn = expected == "invalid";
        for (const auto& r : d.manifest["codes"][i]["expected_reasons"])
            withdrawn = withdrawn && (r == "code_voided" || r == "code_superseded" ||
                                      r == "serial_not_allocated");
        CHECK(lines[i]["authentic"] == (shown || withdrawn));
        CHECK(lines[i]["reminder"] == shown);
        CHECK(lines[i]["verified"] == shown);
        warnings += expected == "warning";
        // The text output shows the reminder exactly when `reminder` says so.
        Run t = run(d.dir, d.verify + " --lang en '" +
                               d.manifest["codes"][i]["label"].get<std::string>() + "'");
        CHECK((t.out.find("resale prohibited") != std::string::npos) == shown);
    }
    CHECK(warnings > 0);  // the demo has a resale warning: the reminder matters most there
}

TEST_CASE("held state across runs (FORMAT.md §4.7): an older snapshot or trust list is refused") {
    Demo d = make_demo("held", 1, 10);
    const std::string state = d.dir + "/held";
    // The demo's verify_args carry its clock (--at); the runs without them are given it too.
    const std::string keep = " --state-dir '" + state + "'";
    const std::string clock = " --at " + d.manifest["clock"].get<std::string>();
    std::string texts;
    for (const auto& c : d.manifest["codes"]) texts += c["text"].get<std::string>() + "\n";
    // A newer snapshot of segment 100 (sequence 2), seen in a first run.
    REQUIRE(run(d.dir,
                "snapshot --store registry.sqlite --segment 100 --key "
                "keys/DEMO-ONLY-issuing-1.key.json --root root.pub.json --out new-100.tss --at "
                "2026-11-16T12:00:00Z")
                .status == 0);
    Run first = run(d.dir, d.verify + " --status new-100.tss --json" + keep + " -", texts);
    CHECK(first.status == 1);  // the demo has voided and resale codes
    CHECK(first.err == "");
    const std::string file = state + "/" + d.manifest["root_key_id"].get<std::string>() + ".json";
    REQUIRE(fs::is_regular_file(file));
    {
        std::ifstream f(file);
        Json j = Json::parse(f, nullptr, false);
        CHECK(j["type"] == "traceseal-verifier-state");
        CHECK(j["version"] == 1);
        CHECK(j["root_key_id"] == d.manifest["root_key_id"]);
        CHECK(j["status"].size() == 2);
        CHECK(j["trust_list"].is_string());
    }

    // A second run given the older (still unexpired) snapshot: refused, naming both files.
    Run older = run(d.dir, d.verify + keep + " -", texts);
    CHECK(older.status == 2);
    CHECK(older.out == "");
    CHECK(older.err.find("status_rollback: status-100.tss") != std::string::npos);
    CHECK(older.err.find(file) != std::string::npos);
    // --no-state: the same run is accepted, with the verdicts of the manifest.
    Run off = run(d.dir, d.verify + " --json --no-state -", texts);
    CHECK(off.status == 1);
    std::vector<Json> lines = json_lines(off.out);
    REQUIRE(lines.size() == d.manifest["codes"].size());
    for (std::size_t i = 0; i < lines.size(); ++i)
        CHECK(lines[i]["verdict"] == d.manifest["codes"][i]["expected_verdict"]);
    CHECK(run(d.dir, d.verify + " --no-state --state-dir x -", texts).status == 2);

    // Held snapshots are used in a run given no --status at all; without state there is none.
    const std::string bare = "verify --root root.pub.json --trust-list trust-list.json --json";
    Run held = run(d.dir, bare + clock + keep + " -", texts);
    Run none = run(d.dir, bare + clock + " --no-state -", texts);
    CHECK(held.out == first.out);
    CHECK(none.status == 0);  // no status data: every code is just genuine
    CHECK(none.out.find("code_voided") == std::string::npos);
    CHECK(held.out.find("code_voided") != std::string::npos);

    // An older trust list after a newer one: trust_list_rollback, with the held state only.
    std::ifstream bf(fs::path(d.dir) / "trust-list-body.json");
    Json body = Json::parse(bf);
    body["sequence"] = body["sequence"].get<long long>() + 1;
    std::ofstream(fs::path(d.dir) / "body-2.json") << body.dump(2);
    REQUIRE(run(d.dir,
                "trust build --root-key keys/DEMO-ONLY-root.key.json --body body-2.json --out "
                "trust-2.json")
                .status == 0);
    const std::string newer = "verify --root root.pub.json --trust-list trust-2.json";
    CHECK(run(d.dir, newer + " --status new-100.tss" + clock + keep + " -", texts).status == 1);
    Run old_list = run(d.dir, bare + clock + keep + " -", texts);
    CHECK(old_list.status == 2);
    CHECK(old_list.err.find("trust_list_rollback: trust-list.json") != std::string::npos);
    CHECK(run(d.dir, bare + " --no-state -", texts).status <= 1);

    // A damaged state file: a warning naming it, the verdicts of a run without held state, and
    // the file replaced by this run's state.
    for (const std::string& damage :
         {std::string("{not json"),
          std::string("{\"type\":\"traceseal-verifier-state\","
                      "\"version\":2}"),
          std::string("{\"type\":\"traceseal-verifier-state\",\"version\":1,\"root_key_id\":\"" +
                      d.manifest["root_key_id"].get<std::string>() +
                      "\",\"trust_list\":\"{}\",\"status\":[]}"),
          std::string("{\"type\":\"traceseal-verifier-state\",\"version\":1,\"root_key_id\":\"" +
                      d.manifest["root_key_id"].get<std::string>() + "\",\"status\":[\"@@\"]}"),
          std::string("\xff\xfe\x00garbage", 10)}) {
        CAPTURE(damage);
        std::ofstream(file, std::ios::binary) << damage;
        Run warned = run(d.dir, d.verify + " --json" + keep + " -", texts);
        CHECK(warned.status == 1);
        CHECK(warned.err.find("warning: held state ignored: ") != std::string::npos);
        CHECK(warned.err.find(file) != std::string::npos);
        CHECK(warned.out == off.out);
        Run again = run(d.dir, d.verify + " --json" + keep + " -", texts);
        CHECK(again.err == "");  // replaced by a valid file
        CHECK(again.out == off.out);
        fs::remove(file);
    }
    // An unreadable state directory entry (a folder where the file should be) warns too.
    fs::create_directories(file);
    Run dir_file = run(d.dir, d.verify + keep + " -", texts);
    CHECK(dir_file.status == 1);
    CHECK(dir_file.err.find("held state ignored: not_a_regular_file") != std::string::npos);
    CHECK(dir_file.err.find("held state not saved: file_write_failed") != std::string::npos);
    fs::remove_all(file);

    // One file per root: a second world's runs never see the first world's held state.
    Demo other = make_demo("held2", 2, 4);
    CHECK(run(d.dir, d.verify + keep + " -", texts).status == 1);
    Run second = run(other.dir, other.verify + keep + " -", "");
    CHECK(second.status == 0);
    CHECK(second.err == "");
    std::size_t files = 0;
    for (const auto& e : fs::directory_iterator(state)) files += e.path().extension() == ".json";
    CHECK(files == 2);
}

TEST_CASE("held state defaults: $TRACESEAL_STATE_DIR, else $XDG_STATE_HOME, else ~/.local/state") {
    Demo d = make_demo("heldenv", 1, 4);
    const std::string id = d.manifest["root_key_id"].get<std::string>();
    // run() starts the CLI itself; the environment goes in front with `env`.
    auto env_run = [&](const std::string& env) {
        return run(d.dir, d.verify + " -", "",
                   "env -u TRACESEAL_STATE_DIR -u XDG_STATE_HOME " + env)
            .status;
    };
    // Four demo codes: none voided or picked up, so all genuine (exit 0).
    CHECK(env_run("TRACESEAL_STATE_DIR='" + d.dir + "/a'") == 0);
    CHECK(fs::is_regular_file(d.dir + "/a/" + id + ".json"));
    CHECK(env_run("XDG_STATE_HOME='" + d.dir + "/b'") == 0);
    CHECK(fs::is_regular_file(d.dir + "/b/traceseal/" + id + ".json"));
    CHECK(env_run("HOME='" + d.dir + "/c'") == 0);
    CHECK(fs::is_regular_file(d.dir + "/c/.local/state/traceseal/" + id + ".json"));
    CHECK(env_run("-u HOME") == 0);  // nowhere to hold: a warning, the same verdicts
}

TEST_CASE("the demo keeps its own clock: its labels verify the same when today is in 2030") {
    Demo d = make_demo("clock", 1, 10);
    const std::string clock = d.manifest["clock"].get<std::string>();
    CHECK(clock == "2026-11-17T00:00:00Z");
    const Json& args = d.manifest["verify_args"];
    bool has_clock = false;
    for (std::size_t i = 0; i + 1 < args.size(); ++i)
        has_clock |= args[i] == "--at" && args[i + 1] == clock;
    CHECK(has_clock);
    std::ifstream lines_file(fs::path(d.dir) / "verify-args.txt");
    std::stringstream lines;
    lines << lines_file.rdbuf();
    CHECK(lines.str().find("--at\n" + clock + "\n") != std::string::npos);
    std::string labels;
    for (const auto& c : d.manifest["codes"]) labels += " '" + c["label"].get<std::string>() + "'";
    // The real clock says 2030-06-01 (LD_PRELOAD shim): the trust list (to 2031) still holds,
    // but the frozen snapshots are long past status_max_age.
    const std::string in_2030 =
        "TRACESEAL_FAKE_NOW=" + std::to_string(*traceseal::parse_time("2030-06-01T00:00:00Z")) +
        " LD_PRELOAD='" TRACESEAL_FAKE_CLOCK "'" +
        " ASAN_OPTIONS=\"${ASAN_OPTIONS:+$ASAN_OPTIONS:}"
        "verify_asan_link_order=0\"";
    std::string no_clock;  // verify_args without the demo's --at
    for (std::size_t i = 0; i < args.size(); ++i)
        if (args[i] == "--at")
            ++i;
        else
            no_clock += " '" + args[i].get<std::string>() + "'";
    Run stale = run(d.dir, "verify --json --no-state" + no_clock + labels, "", in_2030);
    auto stale_lines = json_lines(stale.out);
    REQUIRE(stale_lines.size() == 10);
    for (const auto& l : stale_lines) {
        CAPTURE(l.dump());
        CHECK(l["reasons"].dump().find("status_stale") != std::string::npos);
    }
    // --at 2030 says the same: the snapshots are stale then.
    Run at_2030 = run(d.dir, "verify --json --no-state --at 2030-06-01" + no_clock + labels);
    CHECK(at_2030.out == stale.out);
    // With the demo's own clock, today's date does not matter: the manifest's verdicts.
    Run r = run(d.dir, d.verify + " --json --no-state" + labels, "", in_2030);
    CHECK(r.status == 1);
    auto got = json_lines(r.out);
    REQUIRE(got.size() == 10);
    for (std::size_t i = 0; i < got.size(); ++i) {
        CAPTURE(i);
        CHECK(got[i]["verdict"] == d.manifest["codes"][i]["expected_verdict"]);
        CHECK(got[i]["reasons"] == d.manifest["codes"][i]["expected_reasons"]);
    }
    CHECK(r.out == run(d.dir, d.verify + " --json --no-state" + labels).out);
}
