// `traceseal verify --provenance` with bundles v2 (FORMAT.md §10.12–§10.13), end to end: a trust
// list naming the test world's log (tests/tools/tlog_world.h), the code's timeline in text and
// JSON with sealed details opened only by the inspector key, the held checkpoint from --checkpoint,
// and each refusal (reordered, dropped, a fork without the witnesses' quorum, a rewritten history)
// reported with its reason and exit 1. Runs the built binary (TRACESEAL_CLI).
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "../tools/tlog_world.h"
#include "demo_world.h"
#include "inspector_key.h"
#include "run_command.h"

namespace fs = std::filesystem;
using Json = nlohmann::json;
using namespace traceseal;
using namespace traceseal::tlog;
using namespace traceseal::tlog::testworld;

namespace {

// The demo world's clock (cli::kDemoClock), so no verdict here depends on today's date.
const std::string kAt = "--at 2026-11-17T00:00:00Z ";

using Run = testkit::CommandRun;

struct Dir {
    std::string path;
    Dir() {
        path = (fs::temp_directory_path() / ("cli_v2_" + std::to_string(::getpid()))).string();
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~Dir() { fs::remove_all(path); }
    void write(const std::string& name, const std::string& data) const {
        std::ofstream(fs::path(path) / name, std::ios::binary) << data;
    }
    void write(const std::string& name, const Bytes& data) const {
        write(name, std::string(data.begin(), data.end()));
    }
    Run run(const std::string& args) const {
        return testkit::run_command(path, "'" TRACESEAL_CLI "' " + args);
    }
};

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
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

// The story's bundle for `code` with every event after the first sealed to `to` (sale, pickup).
Bytes sealed(const BoxKeyPair& to, BundleV2 b) {
    for (BundleEvent& e : b.events)
        if (e.index != b.events.front().index) {
            Seed eph{};
            eph.fill(static_cast<std::uint8_t>(e.index));
            e.details_blob = seal_to(to.public_key, e.details_blob, eph);
            e.sealed = true;
        }
    return encode_bundle_v2(b);
}

// root.pub.json and a version-2 trust list naming the world's log for operator 1 (100–199).
void write_trust(const Dir& d, const World& w) {
    const cli::DemoWorld demo = cli::make_demo_world(1);
    TrustListBody body = demo.body;
    body.version = 2;
    body.logs = {{1, w.policy}};
    d.write("trust-list.json", sign_trust_list(format_trust_list_body(body), demo.root));
    d.write("root.pub.json", format_public_key_file({KeyRole::root, 0, demo.root.public_key, {}}));
}

}  // namespace

TEST_CASE("verify --provenance v2: the code's timeline in text and JSON, sealed details") {
    Dir d;
    const World w = story();
    write_trust(d, w);
    Seed s{};
    s.fill(7);
    const BoxKeyPair inspector = box_keypair_from_seed(s);
    s.fill(8);
    d.write("insp.key.json", cli::format_inspector_key(inspector, true));
    d.write("other.key.json", cli::format_inspector_key(box_keypair_from_seed(s), true));
    d.write("good.tspb", sealed(inspector, w.bundle(kCode)));
    const std::string verify = "verify --root root.pub.json --trust-list trust-list.json " + kAt;

    Run text = d.run(verify + "--lang en --provenance good.tspb");
    CAPTURE(text.out);
    CAPTURE(text.err);
    CHECK(text.status == 0);
    CHECK(has(text.out,
              "good.tspb: provenance verified: 00000100-00000002, log ts.example/log/1 "
              "of 7 entries, cosigned by witness.example/w1, witness.example/w2 "
              "(quorum 2 of 3)\n"));
    CHECK(has(text.out, "  1 activate  -> "));
    CHECK(has(text.out, "till-1, Sanya"));  // the activation's details are in clear
    CHECK(has(text.out, "  5 pickup    -> "));
    CHECK(std::count(text.out.begin(), text.out.end(), '[') == 2);  // sale and pickup sealed
    CHECK(has(text.out, "[details sealed for inspectors]"));
    Run zh = d.run(verify + "--lang zh-CN --provenance good.tspb");
    CHECK(has(zh.out, "详情已密封，仅监管人员可见"));

    Run j = d.run(verify + "--json --provenance good.tspb --inspector-key insp.key.json");
    CHECK(j.status == 0);
    auto lines = json_lines(j.out);
    REQUIRE(lines.size() == 1);
    const Json& p = lines[0]["provenance"];
    CHECK(lines[0]["input"] == "good.tspb");
    CHECK(p["version"] == 2);
    CHECK(p["code"] == kCode);
    CHECK(p["log"]["origin"] == kOrigin);
    CHECK(p["log"]["size"] == 7);
    CHECK(p["log"]["witnesses"].size() == 2);
    CHECK(p["log"]["quorum"] == 2);
    CHECK(p["log"]["held_size"].is_null());
    REQUIRE(p["events"].size() == 3);
    CHECK(p["events"][0]["index"] == 1);
    CHECK(p["events"][1]["type"] == "sell");
    CHECK(p["events"][1]["sealed"] == true);
    CHECK(p["events"][1]["details"]["actor"] == "till-3");
    CHECK(p["events"][2]["state"] == "picked_up");
    CHECK(p["events"][2]["details"]["place"] == "Sanya");
    // Another inspector's key: the history verifies, the sealed details do not open.
    Run o = d.run(verify + "--json --provenance good.tspb --inspector-key other.key.json");
    CAPTURE(o.out);
    CAPTURE(o.err);
    CHECK(o.status == 0);
    const auto olines = json_lines(o.out);
    REQUIRE(olines.size() == 1);
    const Json& oe = olines[0]["provenance"]["events"];
    CHECK(oe[1]["details"].is_null());
    CHECK(oe[1]["details_error"] == "sealed_details_unreadable");
    CHECK(oe[0]["details"]["actor"] == "till-1");
}

TEST_CASE("verify --provenance v2: refusals with their reason, exit 1; the held checkpoint") {
    Dir d;
    const World w = story();
    write_trust(d, w);
    const std::string verify = "verify --root root.pub.json --trust-list trust-list.json " + kAt;
    const BundleV2 good = w.bundle(kCode);
    d.write("good.tspb", encode_bundle_v2(good));
    BundleV2 b = good;
    std::swap(b.events[1], b.events[2]);
    d.write("reordered.tspb", encode_bundle_v2(b));
    b = good;
    b.events.erase(b.events.begin() + 1);
    d.write("dropped.tspb", encode_bundle_v2(b));
    World fork = story();
    fork.sign(1);  // the witnesses' quorum is missing: one cosignature of two needed
    d.write("fork.tspb", encode_bundle_v2(fork.bundle(kCode)));
    World rewritten;
    rewritten.add("00000100-00000001", "activate", "activated");
    rewritten.add(kCode, "activate", "activated");
    rewritten.add("00000100-00000003", "activate", "activated");
    rewritten.add(kCode, "sell", "sold");
    rewritten.add("00000100-00000001", "void", "voided");
    rewritten.add(kCode, "pickup", "picked_up");
    rewritten.seal();
    d.write("rewritten.tspb", encode_bundle_v2(rewritten.bundle(kCode)));
    d.write("held.note", w.note);

    for (const auto& [file, reason] : std::vector<std::pair<std::string, std::string>>{
             {"reordered.tspb", "provenance_out_of_order"},
             {"dropped.tspb", "provenance_incomplete"},
             {"fork.tspb", "cosignature_quorum_not_met"}}) {
        CAPTURE(file);
        Run r = d.run(verify + "--lang en --provenance " + file);
        CHECK(r.status == 1);
        CHECK(
            has(r.out, file + ": provenance refused for 00000100-00000002\n  - " + reason + ": "));
        Run j = d.run(verify + "--json --provenance " + file);
        CHECK(j.status == 1);
        auto lines = json_lines(j.out);
        REQUIRE(lines.size() == 1);
        CHECK(lines[0]["provenance"].is_null());
        CHECK(lines[0]["refused"]["reason"] == reason);
        CHECK(lines[0]["refused"]["code"] == kCode);
    }
    // The rewritten log verifies on its own; against the held checkpoint it is refused.
    CHECK(d.run(verify + "--provenance rewritten.tspb").status == 0);
    Run rw = d.run(verify + "--json --checkpoint held.note --provenance rewritten.tspb");
    CHECK(rw.status == 1);
    CHECK(json_lines(rw.out)[0]["refused"]["reason"] == "provenance_history_rewritten");
    Run held = d.run(verify + "--lang en --checkpoint held.note --provenance good.tspb");
    CHECK(held.status == 0);
    CHECK(has(held.out, ", consistent with the held checkpoint of 7 entries\n"));
    Run hj = d.run(verify + "--json --checkpoint held.note --provenance good.tspb");
    CHECK(json_lines(hj.out)[0]["provenance"]["log"]["held_size"] == 7);
    // One good and one refused bundle: both reported, in order; exit 1.
    Run both = d.run(verify + "--json --provenance good.tspb --provenance dropped.tspb");
    CHECK(both.status == 1);
    auto lines = json_lines(both.out);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0]["provenance"]["code"] == kCode);
    CHECK(lines[1]["refused"]["reason"] == "provenance_incomplete");
    // A held checkpoint of a log the trust list does not name: a load error naming the file.
    World other;
    other.policy.origin = "ts.example/log/2";
    d.write("other.note",
            format_checkpoint_text({"ts.example/log/2", 0, empty_root(), {}}) + "\n" +
                sign_note_line(
                    format_checkpoint_text({"ts.example/log/2", 0, empty_root(), {}}),
                    make_vkey("ts.example/log/2", kSigTypeEd25519, other.log.public_key.bytes),
                    signer(other.log)));
    Run unknown = d.run(verify + "--checkpoint other.note --provenance good.tspb");
    CHECK(unknown.status == 2);
    CHECK(has(unknown.err, "log_unknown_origin"));
    CHECK(has(unknown.err, "other.note"));
}
