// The viewer's state without GL: queueing, batch results, filters, sort, the scanner field,
// paste, trust changes and the CSV / JSON Lines exports (native/viewer/app_state.h).
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "../tools/tlog_world.h"
#include "app_state.h"
#include "batch.h"
#include "builders.h"
#include "demo_lifecycle.h"
#include "demo_world.h"
#include "export.h"
#include "hostile_images.h"
#include "image_transforms.h"
#include "options.h"
#include "render_label.h"
#include "settings.h"
#include "trust_source.h"

using namespace traceseal;
using namespace traceseal::viewer;
namespace fs = std::filesystem;

namespace {

const UnixTime kNow = *parse_time("2026-11-20T12:00:00Z");

std::string mint(int key, std::uint32_t serial, std::uint16_t category = 1) {
    static const cli::DemoWorld w = cli::make_demo_world(1);
    CodeFields f;
    f.key_id = f.operator_id = static_cast<std::uint16_t>(key);
    f.category = category;
    f.issue_day = static_cast<std::uint16_t>(day_of(*parse_time("2026-11-01")));
    f.segment = key == 1 ? 100 : 200;
    f.serial = serial;
    f.nonce = {1, 2, 3, 4, 5, 6, 7, static_cast<std::uint8_t>(serial)};
    return mint_code_text(f, w.issuing[key - 1].secret_key, cli::kDemoPrefix);
}

void write(const std::string& path, const std::string& data) {
    std::ofstream(path, std::ios::binary) << data;
}

void write_label(const std::string& path, const std::string& text) {
    auto qr = native::make_qr(text);
    REQUIRE(qr);
    native::LabelText t;
    t.code_number = "label";
    auto png = native::render_label_png(*qr, t, 4);
    REQUIRE(png);
    write(path, std::string(png->begin(), png->end()));
}

AppState fresh_state() {
    AppState s;
    s.fixed_at = kNow;
    set_trust(s, demo_trust(), kNow);
    REQUIRE(s.trust.list);
    return s;
}

struct TempDir {
    std::string path;
    TempDir() {
        path =
            (fs::temp_directory_path() / ("viewer_state_" + std::to_string(::getpid()))).string();
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
};

std::vector<std::string> inputs_of(const AppState& s, const std::vector<std::size_t>& which) {
    std::vector<std::string> v;
    for (std::size_t i : which) v.push_back(s.rows[i].input);
    return v;
}

}  // namespace

TEST_CASE("folders are queued as jobs; images and text lines become rows in input order") {
    TempDir dir;
    write_label(dir.path + "/a.png", mint(1, 1));
    write_label(dir.path + "/b.png", "HTTPS://WWW.EXAMPLE.COM/P/1");
    write(dir.path + "/codes.txt", mint(2, 7) + "\r\n\r\nhello, world\n");
    write(dir.path + "/notes.json", "{}");  // not an input type: skipped in folders
    for (int threads : {1, 2}) {
        CAPTURE(threads);
        AppState s = fresh_state();
        BatchPool pool(threads);
        CHECK(open_paths(s, pool, {dir.path, dir.path + "/missing.png"}) == 4);
        CHECK(s.jobs_queued == 4);
        pool.wait_idle();
        CHECK(collect_results(s, pool) == 5);
        CHECK_FALSE(batch_running(s));
        auto order = input_order(s);
        CHECK(inputs_of(s, order) ==
              std::vector<std::string>{dir.path + "/a.png", dir.path + "/b.png",
                                       dir.path + "/codes.txt:1", dir.path + "/codes.txt:3",
                                       dir.path + "/missing.png"});
        CHECK(s.rows[order[0]].assessment.verdict == Verdict::genuine);
        CHECK(s.rows[order[0]].symbol->format == "QRCode");
        CHECK(s.rows[order[1]].assessment.verdict == Verdict::foreign);
        CHECK(s.rows[order[2]].assessment.verdict == Verdict::genuine);
        CHECK(s.rows[order[3]].assessment.verdict == Verdict::foreign);
        REQUIRE(s.rows[order[4]].error);
        CHECK(s.rows[order[4]].error->reason == Reason::image_unreadable);
        CHECK(s.settings.recent_folders.front() == fs::path(dir.path).lexically_normal().string());
    }
}

TEST_CASE("a blank image is one no_code row") {
    TempDir dir;
    Job job{1, dir.path + "/blank.png", Source::image, demo_trust().list, kNow, nullptr, {}};
    auto png = test::encode_png(test::blank(320, 240, 250));
    write(job.path, std::string(png.begin(), png.end()));
    JobOutput out = run_job(job, kNow);
    REQUIRE(out.rows.size() == 1);
    if (out.rows[0].error) MESSAGE(out.rows[0].error->detail);
    CHECK_FALSE(out.rows[0].error);
    CHECK(out.rows[0].assessment.verdict == Verdict::no_code);
    CHECK(export_jsonl(out.rows, {0}) ==
          "{\"authentic\":false,\"input\":\"" + job.path +
              "\",\"reasons\":[\"no_code_found\"],\"reminder\":false,\"verdict\":\"no_code\"}\n");
}

TEST_CASE("scanner field: Enter verifies at once, flashes, clears and keeps focus") {
    AppState s = fresh_state();
    s.scanner_text = "  " + mint(1, 3) + "\r\n";
    s.focus_scanner = false;
    auto idx = submit_scan(s, kNow, 5.0);
    REQUIRE(idx);
    CHECK(s.rows[*idx].input == "scan:1");
    CHECK(s.rows[*idx].source == Source::scan);
    CHECK(s.rows[*idx].assessment.verdict == Verdict::genuine);
    CHECK(s.selected == idx);
    CHECK(s.scanner_text.empty());
    CHECK(s.focus_scanner);
    REQUIRE(s.flash);
    CHECK(s.flash->verdict == Verdict::genuine);
    CHECK(s.flash->code_number == "00000100-00000003");
    CHECK(s.flash->started == 5.0);

    std::string forged = mint(1, 4);
    forged[forged.size() - 5] = forged[forged.size() - 5] == 'A' ? 'B' : 'A';
    s.scanner_text = forged;
    idx = submit_scan(s, kNow, 6.0);
    REQUIRE(idx);
    CHECK(s.rows[*idx].input == "scan:2");
    CHECK(s.rows[*idx].assessment.verdict == Verdict::invalid);
    CHECK(s.flash->verdict == Verdict::invalid);

    s.scanner_text = "   ";
    CHECK_FALSE(submit_scan(s, kNow, 7.0));
    CHECK(s.rows.size() == 2);
}

TEST_CASE("paste: one code per line, CRLF and blank lines ignored") {
    AppState s = fresh_state();
    CHECK(paste_codes(s, mint(1, 1) + "\r\n\r\n" + mint(2, 2) + "\nHTTPS://EXAMPLE.COM/X\n",
                      kNow) == 3);
    CHECK(inputs_of(s, input_order(s)) ==
          std::vector<std::string>{"paste:1", "paste:2", "paste:3"});
    CHECK(s.rows[2].assessment.verdict == Verdict::foreign);
    CHECK(paste_codes(s, "\n\n", kNow) == 0);
}

TEST_CASE("filters: verdict, operator, segment, time, search") {
    AppState s = fresh_state();
    paste_codes(s, mint(1, 1) + "\n" + mint(2, 2) + "\n" + mint(2, 3) + "\nHTTPS://EXAMPLE.COM/X\n",
                kNow);
    s.rows[0].checked_at = kNow - 3600 * 2;
    CHECK(visible_rows(s, kNow).size() == 4);
    s.filters.verdict[static_cast<int>(Verdict::foreign)] = false;
    CHECK(visible_rows(s, kNow).size() == 3);
    s.filters.operator_id = 2;
    CHECK(inputs_of(s, visible_rows(s, kNow)) == std::vector<std::string>{"paste:2", "paste:3"});
    s.filters.operator_id = -1;
    s.filters.segment = 100;
    CHECK(inputs_of(s, visible_rows(s, kNow)) == std::vector<std::string>{"paste:1"});
    s.filters.segment = -1;
    s.filters.within_minutes = 60;
    CHECK(visible_rows(s, kNow).size() == 2);
    s.filters.within_minutes = 0;
    s.filters.search = "00000200-00000003";
    CHECK(inputs_of(s, visible_rows(s, kNow)) == std::vector<std::string>{"paste:3"});
    s.filters = Filters{};
    s.filters.operator_id = 0;  // rows without a decoded operator
    CHECK(inputs_of(s, visible_rows(s, kNow)) == std::vector<std::string>{"paste:4"});
    CHECK(seen_segments(s) == std::vector<std::uint32_t>{100, 200});
}

TEST_CASE("sort by column, both directions; ties keep input order") {
    AppState s = fresh_state();
    paste_codes(
        s, "HTTPS://EXAMPLE.COM/X\n" + mint(2, 2) + "\n" + mint(1, 1) + "\n" + mint(2, 1) + "\n",
        kNow);
    s.sort = {SortColumn::verdict, true};
    CHECK(inputs_of(s, visible_rows(s, kNow)) ==
          std::vector<std::string>{"paste:2", "paste:3", "paste:4", "paste:1"});
    s.sort = {SortColumn::segment, true};
    CHECK(inputs_of(s, visible_rows(s, kNow)) ==
          std::vector<std::string>{"paste:1", "paste:3", "paste:2", "paste:4"});
    s.sort = {SortColumn::code_number, false};
    CHECK(inputs_of(s, visible_rows(s, kNow)) ==
          std::vector<std::string>{"paste:2", "paste:4", "paste:3", "paste:1"});
    s.sort = {SortColumn::order, true};
    auto v = visible_rows(s, kNow);
    s.selected.reset();
    move_selection(s, v, 1);
    CHECK(s.selected == v[0]);
    move_selection(s, v, 2);
    CHECK(s.selected == v[2]);
    move_selection(s, v, 100);
    CHECK(s.selected == v[3]);
    move_selection(s, v, -1);
    CHECK(s.selected == v[2]);
}

TEST_CASE("new trust data re-assesses every code") {
    AppState s = fresh_state();
    paste_codes(s, mint(1, 1) + "\n", kNow);
    CHECK(s.rows[0].assessment.verdict == Verdict::genuine);
    set_trust(s, demo_trust(2), kNow);  // another world: its root does not know these keys
    CHECK(s.rows[0].assessment.verdict == Verdict::invalid);
    set_trust(s, demo_trust(1), kNow);
    CHECK(s.rows[0].assessment.verdict == Verdict::genuine);
}

TEST_CASE("exports: JSON Lines in the CLI's form, CSV with quoting") {
    AppState s = fresh_state();
    paste_codes(s, mint(1, 1) + "\nhello, \"world\"\n", kNow);
    Row refused;
    refused.job_id = 99;
    refused.input = "bad.png";
    refused.error = make_error(Reason::image_corrupt, "bad.png: truncated");
    s.rows.push_back(refused);
    auto order = input_order(s);
    std::string jsonl = export_jsonl(s.rows, order);
    CHECK(jsonl == assessment_to_json(s.rows[0].assessment, "paste:1") + "\n" +
                       assessment_to_json(s.rows[1].assessment, "paste:2") + "\n");

    Row image = s.rows[0];
    image.input = "labels/x.png";
    native::DecodedSymbol sym;
    sym.text = "t";
    sym.format = "QRCode";
    sym.outline = {{{1, 2}, {3, 4}, {5, 6}, {7, 8}}};
    image.symbol = sym;
    CHECK(export_jsonl({image}, {0}) ==
          assessment_to_json(image.assessment, "labels/x.png",
                             R"({"format":"QRCode","outline":[[1,2],[3,4],[5,6],[7,8]]})") +
              "\n");

    std::string csv = export_csv(s.rows, order, Lang::en);
    CHECK(
        csv.rfind("input,verdict,reasons,code_number,operator,operator_name,category,category_name,"
                  "issue_date,segment,serial,key_id,verified,checked_at,verified_at,text,state\r\n",
                  0) == 0);
    CHECK(csv.find("paste:1,genuine,,00000100-00000001,1,Demo Duty Free "
                   "Sanya,1,Cosmetics,2026-11-01,100,1,1,"
                   "true,2026-11-20T12:00:00Z,2026-11-20T12:00:00Z,HTTPS://TS.EXAMPLE/C/") !=
          std::string::npos);
    CHECK(csv.find("paste:2,foreign,not_traceseal_code,,,,,,,,,,false,2026-11-20T12:00:00Z,"
                   "2026-11-20T12:00:00Z,\"hello, \"\"world\"\"\",\r\n") != std::string::npos);
    CHECK(csv.find("bad.png,error,image_corrupt,") != std::string::npos);
    CHECK(export_csv(s.rows, {0}, Lang::zh_CN).find("演示免税 三亚店") != std::string::npos);
}

TEST_CASE("settings round trip; recent folders most recent first, bounded") {
    Settings s;
    s.lang = "zh-CN";
    for (int i = 0; i < 10; ++i) remember_folder(s, "/photos/" + std::to_string(i));
    remember_folder(s, "/photos/5");
    CHECK(s.recent_folders.size() == kMaxRecentFolders);
    CHECK(s.recent_folders.front() == "/photos/5");
    s.root_path = "root.pub.json";
    s.window_width = 1600;
    Settings t = parse_settings(format_settings(s));
    CHECK(t.lang == "zh-CN");
    CHECK(t.recent_folders == s.recent_folders);
    CHECK(t.root_path == "root.pub.json");
    CHECK(t.window_width == 1600);
    CHECK(parse_settings("garbage\nwindow_width=5\n").window_width == 640);
}

// ---- Lifecycle: status snapshots, scan context, the clone rule (FORMAT.md §9) ---------------

namespace {

// The demo world's certificates and snapshots (the story `traceseal demo` tells, 10 codes).
const cli::DemoLifecycle& demo_life() {
    static const cli::DemoLifecycle life = [] {
        auto store = registry::open_sqlite_store(":memory:");
        REQUIRE(store);
        auto l = cli::run_demo_lifecycle(cli::make_demo_world(1), kDemoCount, **store);
        REQUIRE(l);
        return *l;
    }();
    return life;
}

// A snapshot of segment 100 with every serial in `state`, at `sequence`.
Bytes segment100_snapshot(std::uint64_t sequence, CodeState state) {
    const cli::DemoWorld w = cli::make_demo_world(1);
    auto cert = verify_segment_certificate(demo_life().certificates[0], w.root.public_key);
    REQUIRE(cert);
    StatusPlan plan{1, sequence, kNow - 86400, kNow + 86400,
                    std::vector<CodeState>(cli::kDemoCertificateLast, state)};
    return sign_status_snapshot(*cert, plan, w.issuing[0].secret_key);
}

std::string write_bytes(const TempDir& dir, const std::string& name, const Bytes& b) {
    std::string path = dir.path + "/" + name;
    write(path, std::string(b.begin(), b.end()));
    return path;
}

}  // namespace

TEST_CASE("status files: states in rows, context re-checks, refused files change nothing") {
    TempDir dir;
    AppState s = fresh_state();
    CHECK(s.context == ScanContext::inspector_shop);
    paste_codes(s, mint(1, 1) + "\n" + mint(1, 2) + "\n" + mint(2, 1) + "\n", kNow);
    CHECK_FALSE(row_state(s.rows[1]));  // no status data yet: signature only
    CHECK(s.rows[1].assessment.verdict == Verdict::genuine);

    const std::string f100 = write_bytes(dir, "status-100.tss", demo_life().snapshots[0]);
    const std::string f200 = write_bytes(dir, "status-200.tss", demo_life().snapshots[1]);
    REQUIRE_FALSE(load_status(s, {f100, f200}, kNow));
    CHECK(s.status_data.snapshots.size() == 2);
    CHECK(row_state(s.rows[0]) == CodeState::sold);
    CHECK(row_state(s.rows[1]) == CodeState::picked_up);
    CHECK(s.rows[1].assessment.verdict == Verdict::warning);
    CHECK(s.rows[1].assessment.reasons == std::vector<Reason>{Reason::resale_suspected});
    CHECK(row_state(s.rows[2]) == CodeState::voided);
    CHECK(s.rows[2].assessment.verdict == Verdict::invalid);
    // The dump is what `traceseal verify --json --context inspector_shop --status ...` prints.
    CHECK(export_jsonl(s.rows, {1}).find(R"("context":"inspector_shop")") != std::string::npos);
    CHECK(export_jsonl(s.rows, {1}).find(R"("state":"picked_up")") != std::string::npos);
    CHECK(export_csv(s.rows, {1}, Lang::en).find(",picked_up\r\n") != std::string::npos);

    set_context(s, ScanContext::inspector_port, kNow);  // picked up goods belong at the port
    CHECK(s.rows[1].assessment.verdict == Verdict::genuine);
    set_context(s, ScanContext::inspector_shop, kNow);

    s.filters.state = int(CodeState::voided);
    CHECK(visible_rows(s, kNow) == std::vector<std::size_t>{2});
    s.filters.state = kNoState;
    CHECK(visible_rows(s, kNow).empty());
    s.filters.state = -1;

    // Tampered: one byte of the body changed -> the signature fails; nothing changes.
    Bytes bad = demo_life().snapshots[0];
    bad[40] ^= 1;
    auto err = load_status(s, {write_bytes(dir, "bad.tss", bad)}, kNow);
    REQUIRE(err);
    CHECK(err->reason == Reason::status_bad_signature);
    CHECK(err->detail.find("bad.tss") != std::string::npos);
    CHECK(row_state(s.rows[1]) == CodeState::picked_up);

    // Rollback: sequence 7, then sequence 3 for the same segment.
    AppState t = fresh_state();
    paste_codes(t, mint(1, 1) + "\n", kNow);
    REQUIRE_FALSE(load_status(
        t, {write_bytes(dir, "s7.tss", segment100_snapshot(7, CodeState::voided))}, kNow));
    CHECK(t.rows[0].assessment.reasons == std::vector<Reason>{Reason::code_voided});
    err =
        load_status(t, {write_bytes(dir, "s3.tss", segment100_snapshot(3, CodeState::sold))}, kNow);
    REQUIRE(err);
    CHECK(err->reason == Reason::status_rollback);
    CHECK(t.rows[0].assessment.reasons == std::vector<Reason>{Reason::code_voided});

    // Another world's trust list does not vouch for these snapshots: they are dropped.
    set_trust(s, demo_trust(2), kNow);
    CHECK(s.status_data.snapshots.empty());
}

TEST_CASE("clone rule: sightings 1,000 km and 10 minutes apart warn; the same place does not") {
    TempDir dir;
    const std::string log_path = dir.path + "/scan_log.jsonl";
    auto scan_from = [&](AppState& s, double lat, double lon, UnixTime at) {
        s.settings.place = Place{"here", lat, lon, true};
        s.scanner_text = mint(1, 1);  // sold: genuine in a shop without the clone rule
        auto idx = submit_scan(s, at, 0);
        REQUIRE(idx);
        return s.rows[*idx];
    };
    AppState s = fresh_state();
    s.log_scans = true;
    s.scan_log = load_scan_log(log_path);
    set_status(s, demo_status(s.trust), kNow);
    REQUIRE(s.status_data.snapshots.size() == 2);

    Row first = scan_from(s, 18.25, 109.50, kNow);  // Sanya
    CHECK(first.assessment.verdict == Verdict::genuine);
    CHECK(first.seen_before.empty());
    Row same = scan_from(s, 18.25, 109.50, kNow + 600);
    CHECK(same.assessment.verdict == Verdict::genuine);
    CHECK(same.seen_before.size() == 1);
    // 9 degrees of latitude north: about 1,000 km, ten minutes later.
    Row far = scan_from(s, 27.25, 109.50, kNow + 600);
    CHECK(distance_km(*first.here, *far.here) == doctest::Approx(1000.8).epsilon(0.01));
    CHECK(far.assessment.verdict == Verdict::warning);
    CHECK(far.assessment.reasons == std::vector<Reason>{Reason::clone_suspected});
    CHECK(far.seen_before.size() == 2);

    // The log is append-only JSON Lines and survives a restart: a new state sees the sightings.
    AppState t = fresh_state();
    t.log_scans = true;
    t.scan_log = load_scan_log(log_path);
    REQUIRE(t.scan_log.entries.size() == 3);
    CHECK(t.scan_log.entries[2].code_number == "00000100-00000001");
    CHECK(t.scan_log.entries[2].sighting.at == kNow + 600);
    set_status(t, demo_status(t.trust), kNow);
    CHECK(scan_from(t, 18.25, 109.50, kNow + 700).assessment.reasons ==
          std::vector<Reason>{Reason::clone_suspected});  // 1,000 km from the last sighting
    // Re-checks keep each row's own sightings: the warning stays after a context change.
    set_context(s, ScanContext::inspector_port, kNow);
    CHECK(s.rows[2].assessment.reasons == std::vector<Reason>{Reason::clone_suspected});
    CHECK(s.rows[1].assessment.verdict == Verdict::genuine);

    // Without a location, or when logging is off (headless runs), nothing is recorded.
    AppState u = fresh_state();
    u.scan_log = load_scan_log(log_path);
    u.log_scans = true;
    u.scanner_text = mint(1, 1);
    submit_scan(u, kNow, 0);
    CHECK(u.scan_log.entries.size() == 4);  // three from s, one from t
    // A torn last line (a crash mid-write) is skipped, the rest kept.
    CHECK(parse_scan_log(format_scan_log_entry(t.scan_log.entries[0]) + "\n{\"code\":\"0").size() ==
          1);
}

TEST_CASE("settings remember the location, scan context and status files") {
    Settings s;
    s.place = Place{"Sanya 三亚", 18.2528, 109.5119, true};
    s.context = "inspector_port";
    s.status_paths = {"a.tss", "b.tss"};
    Settings t = parse_settings(format_settings(s));
    CHECK(t.place.set);
    CHECK(t.place.name == "Sanya 三亚");
    CHECK(t.place.latitude == doctest::Approx(18.2528));
    CHECK(t.place.longitude == doctest::Approx(109.5119));
    CHECK(t.context == "inspector_port");
    CHECK(t.status_paths == s.status_paths);
    CHECK_FALSE(parse_settings("place_lat=91\nplace_lon=10\n").place.set);
    CHECK_FALSE(parse_settings("place_lat=10\n").place.set);
}

TEST_CASE("rows of a job that ran under older status data are checked again on arrival") {
    TempDir dir;
    const std::string codes = dir.path + "/codes.txt";
    write(codes, mint(2, 1) + "\n");  // voided in the demo story
    AppState s = fresh_state();
    BatchPool pool(1);
    REQUIRE(open_paths(s, pool, {codes}) == 1);
    pool.wait_idle();                           // checked with no status data
    set_status(s, demo_status(s.trust), kNow);  // loaded before the results arrive
    collect_results(s, pool);
    REQUIRE(s.rows.size() == 1);
    CHECK(row_state(s.rows[0]) == CodeState::voided);
    CHECK(s.rows[0].assessment.verdict == Verdict::invalid);
}

TEST_CASE(
    "provenance bundles: a code's events in log order, sealed details need the inspector key") {
    TempDir dir;
    const cli::DemoWorld w = cli::make_demo_world(1);
    auto ev = [](std::uint64_t seq, const char* code, const char* type, const char* state,
                 const char* place) {
        LogEvent e;
        e.seq = seq;
        e.code = code;
        e.type = type;
        e.state = state;
        e.details = EventDetails{kNow - 86400 + UnixTime(seq) * 60, "actor", place, ""};
        e.salt[0] = static_cast<std::uint8_t>(seq);
        return e;
    };
    const std::vector<LogEvent> log = {
        ev(1, "00000100-00000001", "activate", "activated", "Sanya bonded warehouse"),
        ev(2, "00000100-00000002", "activate", "activated", "Sanya bonded warehouse"),
        ev(3, "00000100-00000001", "sell", "sold", "Sanya store"),
        ev(4, "00000100-00000001", "pickup", "picked_up", "Meilan airport"),
    };
    const Bytes checkpoint = sign_checkpoint(log, 1, kNow, w.issuing[0].secret_key);
    Seed inspector_seed{}, seal_seed{};
    inspector_seed[0] = 7;
    const BoxKeyPair inspector = box_keypair_from_seed(inspector_seed);
    const Bytes bundle = build_provenance_bundle(log, checkpoint, {"00000100-00000001"}, 0,
                                                 inspector.public_key, seal_seed);
    const std::string path = write_bytes(dir, "p.tsp", bundle);

    AppState s = fresh_state();
    REQUIRE_FALSE(load_provenance(s, {path}));
    auto t = timeline_of(s.provenance, "00000100-00000001");
    REQUIRE(t.size() == 3);
    CHECK(t[0].type == "activate");
    CHECK(t[0].details);
    CHECK(t[0].details->place == "Sanya bonded warehouse");
    CHECK(t[1].type == "sell");
    CHECK(t[1].sealed);
    CHECK_FALSE(t[1].details);  // sealed for inspectors: no key loaded
    s.provenance.inspector = inspector;
    t = timeline_of(s.provenance, "00000100-00000001");
    REQUIRE(t[2].details);
    CHECK(t[2].details->place == "Meilan airport");
    CHECK(timeline_of(s.provenance, "00000100-00000009").empty());

    Bytes bad = bundle;
    bad[bad.size() / 2] ^= 1;
    AppState u = fresh_state();
    auto err = load_provenance(u, {write_bytes(dir, "bad.tsp", bad)});
    REQUIRE(err);
    CHECK(err->detail.find("bad.tsp") != std::string::npos);
    CHECK(u.provenance.bundles.empty());
}

namespace {

// A bundle v2 world (tests/tools/tlog_world.h) as the viewer meets it: its log behind the
// provenance source's lookup, the sale and pickup of kCode sealed to the inspector.
platform::LogLookup world_log(const tlog::testworld::World& w) {
    return [policy = w.policy](std::string_view origin) -> std::optional<platform::LogTrust> {
        if (origin != policy.origin) return std::nullopt;
        return platform::LogTrust{policy, tlog::testworld::kSegments, {}};
    };
}
tlog::BundleV2 sealed_v2(const tlog::testworld::World& w, const std::string& code,
                         const BoxKeyPair& to) {
    tlog::BundleV2 b = w.bundle(code);
    for (tlog::BundleEvent& e : b.events)
        if (e.index != b.events.front().index) {
            Seed eph{};
            eph.fill(static_cast<std::uint8_t>(e.index));
            e.details_blob = seal_to(to.public_key, e.details_blob, eph);
            e.sealed = true;
        }
    return b;
}

}  // namespace

TEST_CASE("provenance v2: the code's verified timeline; refused bundles kept with their reason") {
    using namespace tlog::testworld;
    TempDir dir;
    const World w = story();
    Seed is{};
    is.fill(7);
    const BoxKeyPair inspector = box_keypair_from_seed(is);
    const std::string good =
        write_bytes(dir, "good.tspb", encode_bundle_v2(sealed_v2(w, kCode, inspector)));
    AppState s = fresh_state();
    s.provenance.logs = world_log(w);
    s.provenance.inspector = inspector;
    REQUIRE_FALSE(load_provenance(s, {good}));
    auto t = timeline_of(s.provenance, kCode);
    REQUIRE(t.size() == 3);
    CHECK(t[0].v2);
    CHECK(t[0].seq == 1);  // the entry's index in the log
    CHECK(t[1].type == "sell");
    CHECK(t[1].sealed);
    REQUIRE(t[1].details);  // opened with the inspector key
    CHECK(t[1].details->actor == "till-3");
    CHECK(t[2].state == "picked_up");
    CHECK(t[2].details->place == "Sanya");
    const platform::HistoryV2* h = history_of(s.provenance, kCode);
    REQUIRE(h);
    CHECK(h->checkpoint.origin == kOrigin);
    CHECK(h->witnesses.size() == 2);
    CHECK(refusals_of(s.provenance, kCode).empty());

    // Reordered events for the same code: refused, kept as that code's refusal, the good
    // history still shown; the error names the file and the reason.
    tlog::BundleV2 b = w.bundle(kCode);
    std::swap(b.events[1], b.events[2]);
    auto err = load_provenance(s, {write_bytes(dir, "reordered.tspb", encode_bundle_v2(b))});
    REQUIRE(err);
    CHECK(err->reason == Reason::provenance_out_of_order);
    CHECK(err->detail.find("reordered.tspb") != std::string::npos);
    auto refused = refusals_of(s.provenance, kCode);
    REQUIRE(refused.size() == 1);
    CHECK(refused[0]->refused->reason == Reason::provenance_out_of_order);
    CHECK(timeline_of(s.provenance, kCode).size() == 3);
    // Another code's bundle with its sale dropped: only a refusal for that code.
    b = w.bundle("00000100-00000001");
    b.events.pop_back();
    REQUIRE(load_provenance(s, {write_bytes(dir, "dropped.tspb", encode_bundle_v2(b))}));
    CHECK(timeline_of(s.provenance, "00000100-00000001").empty());
    REQUIRE(refusals_of(s.provenance, "00000100-00000001").size() == 1);
    CHECK(refusals_of(s.provenance, "00000100-00000001")[0]->refused->reason ==
          Reason::provenance_incomplete);
    // New trust data: verified again under it (the lookup kept), the same results.
    set_trust(s, demo_trust(), kNow);
    CHECK(timeline_of(s.provenance, kCode).size() == 3);
    CHECK(refusals_of(s.provenance, kCode).size() == 1);

    // Without a log the trust list names: log_unknown_origin on the code it claims.
    AppState u = fresh_state();
    u.provenance.logs = [](std::string_view) -> std::optional<platform::LogTrust> {
        return std::nullopt;
    };
    REQUIRE(load_provenance(u, {good}));
    REQUIRE(refusals_of(u.provenance, kCode).size() == 1);
    CHECK(refusals_of(u.provenance, kCode)[0]->refused->reason == Reason::log_unknown_origin);
    CHECK(timeline_of(u.provenance, kCode).empty());
    // A truncated file: refused as malformed, naming no code.
    Bytes cut = encode_bundle_v2(w.bundle(kCode));
    cut.resize(40);
    auto e2 = load_provenance(u, {write_bytes(dir, "cut.tspb", cut)});
    REQUIRE(e2);
    CHECK(e2->reason == Reason::provenance_malformed);
}

TEST_CASE("start-up: the CLI's verify_args give the same trust, status files and context") {
    TempDir dir;
    const cli::DemoWorld w = cli::make_demo_world(1);
    KeyFile root{KeyRole::root, 0, w.root.public_key, std::nullopt};
    write(dir.path + "/root.pub.json", format_public_key_file(root));
    write(dir.path + "/trust-list.json", w.trust_list);
    const std::string f100 = write_bytes(dir, "status-100.tss", demo_life().snapshots[0]);
    const std::string f200 = write_bytes(dir, "status-200.tss", demo_life().snapshots[1]);
    const std::vector<std::string> verify_args = {"--root",       dir.path + "/root.pub.json",
                                                  "--trust-list", dir.path + "/trust-list.json",
                                                  "--status",     f100,
                                                  "--status",     f200};
    auto args = verify_args;
    args.insert(args.end(), {"--context", "inspector_port", "--at", "2026-11-20", "x.png"});
    Options o = parse_options(args);
    REQUIRE(o.error.empty());
    CHECK(o.files == std::vector<std::string>{"x.png"});
    AppState s;
    REQUIRE_FALSE(start_state(s, o, "", kNow));
    CHECK(s.context == ScanContext::inspector_port);
    CHECK(s.status_data.snapshots.size() == 2);
    CHECK(s.trust.root_path == dir.path + "/root.pub.json");
    paste_codes(s, mint(1, 2) + "\n", kNow);  // picked up: expected at a port
    CHECK(s.rows[0].assessment.verdict == Verdict::genuine);

    // Without --context the viewer checks as an inspector in a shop; without files, the embedded
    // demo world brings its own snapshots.
    AppState d;
    REQUIRE_FALSE(start_state(d, parse_options({"--at", "2026-11-20"}), "", kNow));
    CHECK(d.context == ScanContext::inspector_shop);
    CHECK(d.status_data.snapshots.size() == 2);

    // A tampered status file is fatal with the reason word, as `traceseal verify` exits 2.
    Bytes bad = demo_life().snapshots[0];
    bad[40] ^= 1;
    args = verify_args;
    args.insert(args.end(), {"--status", write_bytes(dir, "bad.tss", bad)});
    AppState t;
    auto fatal = start_state(t, parse_options(args), "", kNow);
    REQUIRE(fatal);
    CHECK(fatal->rfind("status_bad_signature: ", 0) == 0);
    CHECK(parse_options({"--context", "airport"}).error ==
          "--context must be consumer, inspector_shop or inspector_port");
    CHECK(parse_options({"--status", "a.tss"}).error == "--status needs --root and --trust-list");
}

TEST_CASE("File -> Load trust list refuses a rolled-back list (trust_list_rollback)") {
    TempDir dir;
    const cli::DemoWorld w = cli::make_demo_world(1);
    KeyFile root{KeyRole::root, 0, w.root.public_key, std::nullopt};
    write(dir.path + "/root.pub.json", format_public_key_file(root));
    write(dir.path + "/new.json", testkit::demo_list_variant(w, 5, false));  // key 3 revoked
    write(dir.path + "/old.json", testkit::demo_list_variant(w, 4, true));   // key 3 listed
    AppState s;
    s.fixed_at = kNow;
    REQUIRE_FALSE(load_trust(s, dir.path + "/root.pub.json", dir.path + "/new.json", kNow));
    REQUIRE(s.trust.list);
    const std::string code3 = testkit::demo_code(w, 3, 9);
    paste_codes(s, code3 + "\n", kNow);
    REQUIRE(s.rows.size() == 1);
    CHECK(s.rows[0].assessment.reasons == std::vector<Reason>{Reason::key_revoked});
    // The attack: an older root-signed list in which the since-revoked key is still listed.
    auto err = load_trust(s, dir.path + "/root.pub.json", dir.path + "/old.json", kNow);
    REQUIRE(err);
    CHECK(err->reason == Reason::trust_list_rollback);
    CHECK(err->detail.find("old.json") != std::string::npos);
    CHECK(s.trust.list->body().sequence == 5);
    CHECK(s.trust.trust_path == dir.path + "/new.json");
    CHECK(s.rows[0].assessment.verdict == Verdict::invalid);
    // A newer list is an update; a FIFO in place of the list is refused at once, naming it.
    write(dir.path + "/newer.json", testkit::demo_list_variant(w, 6, false));
    CHECK_FALSE(load_trust(s, dir.path + "/root.pub.json", dir.path + "/newer.json", kNow));
    CHECK(s.trust.list->body().sequence == 6);
    const std::string fifo = dir.path + "/list.fifo";
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    auto f = load_trust(s, dir.path + "/root.pub.json", fifo, kNow);
    REQUIRE(f);
    CHECK(f->reason == Reason::not_a_regular_file);
    CHECK(s.trust.list->body().sequence == 6);
}

TEST_CASE("start-up: checkpoints of two logs held side by side; FIFOs and devices refused") {
    TempDir dir;
    const cli::DemoWorld w = cli::make_demo_world(1);
    KeyFile root{KeyRole::root, 0, w.root.public_key, std::nullopt};
    write(dir.path + "/root.pub.json", format_public_key_file(root));
    write(dir.path + "/trust-list.json", w.trust_list);
    const auto log1 = testkit::demo_log(100, 6), log2 = testkit::demo_log(200, 3);
    auto bytes = [&](const std::string& name, const Bytes& b) { return write_bytes(dir, name, b); };
    const std::string cp1 = bytes("cp1.tscp", testkit::demo_checkpoint(w, log1, 1)),
                      cp2 = bytes("cp2.tscp", testkit::demo_checkpoint(w, log2, 2)),
                      b1 =
                          bytes("b1.tspb", testkit::demo_bundle(w, log1, 1, {"00000100-00000001"})),
                      b2 =
                          bytes("b2.tspb", testkit::demo_bundle(w, log2, 2, {"00000200-00000001"}));
    const std::vector<std::string> trust = {"--root", dir.path + "/root.pub.json", "--trust-list",
                                            dir.path + "/trust-list.json"};
    auto args = trust;
    args.insert(args.end(), {"--checkpoint", cp1, "--checkpoint", cp2, "--provenance", b1,
                             "--provenance", b2, "--at", "2026-11-20"});
    AppState s;
    auto fatal = start_state(s, parse_options(args), "", kNow);
    if (fatal) MESSAGE(*fatal);
    REQUIRE_FALSE(fatal);
    CHECK(s.provenance.held.size() == 2);
    CHECK(s.provenance.bundles.size() == 2);
    // Operator 1's checkpoint alone: operator 2's shorter log is not its business.
    args = trust;
    args.insert(args.end(), {"--checkpoint", cp1, "--provenance", b2});
    AppState one;
    CHECK_FALSE(start_state(one, parse_options(args), "", kNow));
    // Its own log's rule holds: operator 1's shorter bundle is a rollback.
    const std::string b1s = bytes(
        "b1s.tspb", testkit::demo_bundle(w, testkit::demo_log(100, 4), 1, {"00000100-00000001"}));
    args = trust;
    args.insert(args.end(), {"--checkpoint", cp1, "--provenance", b1s});
    AppState rb;
    auto r = start_state(rb, parse_options(args), "", kNow);
    REQUIRE(r);
    CHECK(r->rfind("provenance_rollback: ", 0) == 0);
    // Every file option: a FIFO or /dev/zero is refused at once, naming the file.
    const std::string fifo = dir.path + "/in.fifo";
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    for (const std::string opt : {"--status", "--checkpoint", "--provenance", "--inspector-key"})
        for (const std::string& bad : {fifo, std::string("/dev/zero")}) {
            CAPTURE(opt);
            CAPTURE(bad);
            args = trust;
            args.insert(args.end(), {opt, bad});
            AppState x;
            auto e = start_state(x, parse_options(args), "", kNow);
            REQUIRE(e);
            CHECK(e->rfind("not_a_regular_file: " + bad, 0) == 0);
        }
}

TEST_CASE("CSV export: cells a spreadsheet would evaluate are neutralised") {
    CHECK(csv_field("=HYPERLINK(\"http://evil\",\"x\")") ==
          "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"");
    CHECK(csv_field("+1") == "'+1");
    CHECK(csv_field("-1+2") == "'-1+2");
    CHECK(csv_field("@SUM(A1)") == "'@SUM(A1)");
    CHECK(csv_field("\tx") == "'\tx");
    CHECK(csv_field("\rx") == "\"'\rx\"");
    CHECK(csv_field("HTTPS://TS.EXAMPLE/C/X") == "HTTPS://TS.EXAMPLE/C/X");
    AppState s = fresh_state();
    paste_codes(s, "=HYPERLINK(\"http://evil.example\",\"open\")\n", kNow);
    REQUIRE(s.rows.size() == 1);
    CHECK(s.rows[0].assessment.verdict == Verdict::foreign);
    const std::string csv = export_csv(s.rows, {0}, Lang::en);
    CHECK(csv.find(",=HYPERLINK") == std::string::npos);
    CHECK(csv.find("\"'=HYPERLINK") != std::string::npos);
}

TEST_CASE(
    "issue 10: an image's rows carry its worst verdict; a stuck image is a row, not a stall") {
    TempDir dir;
    // A genuine label beside a light-on-dark foreign QR: two rows, both marked foreign.
    auto load_label = [&](const std::string& text) {
        const std::string p = dir.path + "/one.png";
        write_label(p, text);
        auto img = native::load_image_file(p);
        REQUIRE(img.has_value());
        return *img;
    };
    const auto pair = test::side_by_side(
        {load_label(mint(1, 3)), test::invert(load_label("HTTPS://WWW.EXAMPLE.COM/P/2"))}, 30);
    const auto png = test::encode_png(pair);
    write(dir.path + "/pair.png", std::string(png.begin(), png.end()));
    const auto tiles = test::encode_png(test::finder_tiles(600, 3));
    write(dir.path + "/tiles.png", std::string(tiles.begin(), tiles.end()));
    write_label(dir.path + "/single.png", mint(1, 4));
    AppState s = fresh_state();
    s.image_seconds = 0.5;
    BatchPool pool(2);
    REQUIRE(open_paths(
                s, pool,
                {dir.path + "/tiles.png", dir.path + "/pair.png", dir.path + "/single.png"}) == 3);
    pool.wait_idle();
    collect_results(s, pool);
    std::size_t genuine = 0, foreign = 0;
    for (std::size_t i = 0; i < s.rows.size(); ++i) {
        const Row& r = s.rows[i];
        CAPTURE(r.input);
        if (r.input == dir.path + "/pair.png") {
            REQUIRE(image_verdict(s, i).has_value());
            CHECK(*image_verdict(s, i) == Verdict::foreign);
            genuine += r.assessment.verdict == Verdict::genuine;
            foreign += r.assessment.verdict == Verdict::foreign;
        } else if (r.input == dir.path + "/tiles.png") {
            REQUIRE(r.error.has_value());
            CHECK(r.error->reason == Reason::image_too_complex);
        } else {
            CHECK(r.assessment.verdict == Verdict::genuine);
            CHECK_FALSE(image_verdict(s, i).has_value());  // one code: its own verdict says it
        }
    }
    CHECK(genuine == 1);
    CHECK(foreign == 1);
    CHECK(s.rows.size() == 4u);
}

TEST_CASE("--image-seconds sets the decode budget of image jobs; bad values are refused") {
    AppState s;
    CHECK_FALSE(start_state(s, parse_options({"--image-seconds", "0.5"}), "", kNow));
    CHECK(s.image_seconds == doctest::Approx(0.5));
    for (const char* bad : {"0", "abc", "1e9", "-2"}) {
        CAPTURE(bad);
        AppState t;
        auto err = start_state(t, parse_options({"--image-seconds", bad}), "", kNow);
        REQUIRE(err.has_value());
        CHECK(err->find("--image-seconds") != std::string::npos);
    }
}

TEST_CASE("held state across viewer runs (FORMAT.md §4.7): older snapshots and lists refused") {
    TempDir dir;
    const cli::DemoWorld w = cli::make_demo_world(1);
    KeyFile root{KeyRole::root, 0, w.root.public_key, std::nullopt};
    const std::string root_path = dir.path + "/root.pub.json", held = dir.path + "/held";
    write(root_path, format_public_key_file(root));
    write(dir.path + "/trust-5.json", testkit::demo_list_variant(w, 5, false));
    write(dir.path + "/trust-4.json", testkit::demo_list_variant(w, 4, false));
    const std::string newer =
        write_bytes(dir, "new.tss", segment100_snapshot(3, CodeState::voided));
    const std::string older = write_bytes(dir, "old.tss", segment100_snapshot(2, CodeState::sold));
    auto args = [&](const std::string& list, std::vector<std::string> more) {
        std::vector<std::string> a = {"--root", root_path, "--trust-list", dir.path + "/" + list};
        a.insert(a.end(), more.begin(), more.end());
        return parse_options(a);
    };
    const std::string code = mint(1, 1) + "\n";
    AppState first;
    REQUIRE_FALSE(start_state(first, args("trust-5.json", {"--status", newer, "--state-dir", held}),
                              "", kNow));
    const std::string file = held + "/" + root_key_id(w.root.public_key) + ".json";
    CHECK(first.state_file == file);
    REQUIRE(std::filesystem::is_regular_file(file));

    // A later viewer given the older snapshot refuses it, as `traceseal verify` does.
    AppState second;
    auto fatal = start_state(second, args("trust-5.json", {"--status", older, "--state-dir", held}),
                             "", kNow);
    REQUIRE(fatal);
    CHECK(fatal->rfind("status_rollback: " + older, 0) == 0);
    CHECK(fatal->find(file) != std::string::npos);
    // --no-state accepts it.
    AppState off;
    REQUIRE_FALSE(
        start_state(off, args("trust-5.json", {"--status", older, "--no-state"}), "", kNow));
    paste_codes(off, code, kNow);
    CHECK(off.rows[0].assessment.verdict == Verdict::genuine);
    CHECK(off.state_file.empty());

    // Without --status the held snapshot is used; File -> Load status refuses the older one.
    AppState third;
    REQUIRE_FALSE(start_state(third, args("trust-5.json", {"--state-dir", held}), "", kNow));
    paste_codes(third, code, kNow);
    CHECK(third.rows[0].assessment.reasons == std::vector<Reason>{Reason::code_voided});
    auto refused = load_status(third, {older}, kNow);
    REQUIRE(refused);
    CHECK(refused->reason == Reason::status_rollback);
    // An older trust list at start is refused too (the held one is sequence 5).
    AppState fourth;
    auto list_fatal = start_state(fourth, args("trust-4.json", {"--state-dir", held}), "", kNow);
    REQUIRE(list_fatal);
    CHECK(list_fatal->rfind("trust_list_rollback: " + dir.path + "/trust-4.json", 0) == 0);
    // ... and through File -> Load trust list; the embedded demo world (the same root, sequence
    // 1) is an older list too.
    auto load_old = load_trust(third, root_path, dir.path + "/trust-4.json", kNow);
    REQUIRE(load_old);
    CHECK(load_old->reason == Reason::trust_list_rollback);
    AppState demo;
    auto demo_fatal = start_state(demo, parse_options({"--state-dir", held}), "", kNow);
    REQUIRE(demo_fatal);
    CHECK(demo_fatal->rfind("trust_list_rollback: ", 0) == 0);

    // File -> Load trust list of another root checks what is held for that root.
    const cli::DemoWorld w2 = cli::make_demo_world(2);
    const std::string root2 = dir.path + "/root2.pub.json", held2 = dir.path + "/held2";
    write(root2,
          format_public_key_file(KeyFile{KeyRole::root, 0, w2.root.public_key, std::nullopt}));
    write(dir.path + "/w2-5.json", testkit::demo_list_variant(w2, 5, false));
    write(dir.path + "/w2-4.json", testkit::demo_list_variant(w2, 4, false));
    AppState seen;
    REQUIRE_FALSE(start_state(seen,
                              parse_options({"--root", root2, "--trust-list",
                                             dir.path + "/w2-5.json", "--state-dir", held2}),
                              "", kNow));
    AppState on_demo;
    REQUIRE_FALSE(start_state(on_demo, parse_options({"--state-dir", held2}), "", kNow));
    auto other_old = load_trust(on_demo, root2, dir.path + "/w2-4.json", kNow);
    REQUIRE(other_old);
    CHECK(other_old->reason == Reason::trust_list_rollback);
    CHECK(on_demo.trust.root == w.root.public_key);  // unchanged
    REQUIRE_FALSE(load_trust(on_demo, root2, dir.path + "/w2-5.json", kNow));
    CHECK(on_demo.state_file == held2 + "/" + root_key_id(w2.root.public_key) + ".json");

    // A damaged file: a warning in the status bar naming it, the verdicts without held state.
    write(file, "{\"type\":\"traceseal-verifier-state\",\"version\":1,\"root_key_id\":\"0\"}");
    AppState damaged;
    REQUIRE_FALSE(start_state(
        damaged, args("trust-5.json", {"--status", older, "--state-dir", held}), "", kNow));
    CHECK(damaged.status.find("held state ignored: state_malformed: " + file) == 0);
    paste_codes(damaged, code, kNow);
    CHECK(damaged.rows[0].assessment.verdict == off.rows[0].assessment.verdict);
    CHECK(damaged.rows[0].assessment.reasons == off.rows[0].assessment.reasons);
}
