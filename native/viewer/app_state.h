// The viewer's state: a plain struct changed only by the event functions below (no ImGui, no GL),
// so tests drive it exactly as the UI does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "provenance_source.h"
#include "scan_image.h"
#include "scan_log.h"
#include "server_sync.h"
#include "settings.h"
#include "status_source.h"
#include "traceseal/traceseal.h"

namespace traceseal::viewer {

class BatchPool;

enum class Source { image, text_file, scan, paste };

// One result line: one code found (or one no_code image, or one refused file).
struct Row {
    std::uint64_t job_id = 0;
    int sub = 0;        // index of the code within its job (input order = job_id, sub)
    std::string input;  // as in `traceseal verify --json`: the path, or FILE:N, scan:N, paste:N
    std::string path;   // the image file, for the detail pane; empty for text
    Source source = Source::image;
    Assessment assessment;
    std::optional<native::DecodedSymbol> symbol;  // format and outline (image inputs)
    std::optional<Error> error;                   // the file was refused: no assessment
    UnixTime checked_at = 0;                      // wall clock when it was checked
    UnixTime verified_at = 0;                     // the `at` of the verification
    // Clone rule (§9.5): where this check happened and the code's sightings before it, kept so a
    // re-check (new trust, status or context) gives the same answer.
    std::optional<Sighting> here;
    std::vector<ScanLogEntry> seen_before;
};

// What the trust panel shows and every verification uses.
struct TrustSource {
    std::shared_ptr<const TrustList> list;  // null when loading failed
    std::string description;                // "demo world (seed 1)" or the file paths
    std::string root_path, trust_path;      // empty for the embedded demo world
    PublicKey root;  // the pinned root (status snapshots are checked under it)
    std::optional<Error> error;
};

enum class SortColumn { order, input, verdict, state, operator_id, segment, code_number, time };
struct Sort {
    SortColumn column = SortColumn::order;
    bool ascending = true;
};

inline constexpr int kVerdictCount = 5;
inline constexpr int kNoState = 7;
struct Filters {
    bool verdict[kVerdictCount] = {true, true, true, true, true};  // indexed by Verdict
    bool show_errors = true;
    int operator_id = -1;    // -1: any; 0: rows without a decoded operator
    long long segment = -1;  // -1: any
    int within_minutes = 0;  // 0: any time; else checked within the last N minutes
    int state = -1;          // -1: any; 0..6: that CodeState (§9.1); kNoState: no status data
    std::string search;      // substring of input, text or code number
};

struct ScanFlash {
    Verdict verdict = Verdict::no_code;
    std::string code_number;
    std::optional<CodeState> state;  // when status data covered the code
    double started = 0;              // ui clock, seconds
};

struct AppState {
    Lang lang = Lang::en;
    TrustSource trust;
    std::optional<UnixTime> fixed_at;                     // --at; otherwise the clock at each check
    double image_seconds = native::kDefaultImageSeconds;  // --image-seconds: decode budget
    std::vector<Row> rows;
    std::uint64_t next_job = 1;
    std::size_t jobs_queued = 0, jobs_done = 0;  // progress of the current batch
    int scan_count = 0, paste_count = 0;
    Filters filters;
    Sort sort;
    std::optional<std::size_t> selected;  // index into rows
    std::string scanner_text;             // the scanner field's contents
    bool focus_scanner = true;            // the UI moves keyboard focus there when set
    std::optional<ScanFlash> flash;
    std::string status;  // last message for the status bar
    Settings settings;
    // Lifecycle (§9): verified snapshots, the scan context, and the local scan log.
    StatusSource status_data;
    ScanContext context = ScanContext::inspector_shop;  // inspectors' tool: a selling context
    std::shared_ptr<const StatusContext> status_ctx;    // snapshots + context, shared with workers
    ScanLog scan_log;
    bool log_scans = false;       // record sightings (needs settings.place; off in headless runs)
    ProvenanceSource provenance;  // §10 bundles: the detail pane's event timeline
    // Held state across runs (FORMAT.md §4.7): its file (empty: --no-state), the trust list file
    // held, the file's members as read. File -> Load rewrites it.
    std::string state_file, trust_envelope, state_previous;
    ServerState server;  // --server: sync, login and fetched bundles (server_sync.h)
};

// ---- events ---------------------------------------------------------------------------------
// Files and folders (recursed) become jobs on the pool; text files give one row per line.
// Returns the number of jobs queued.
std::size_t open_paths(AppState& s, BatchPool& pool, const std::vector<std::string>& paths);
// Moves finished job results into s.rows; returns how many rows arrived.
std::size_t collect_results(AppState& s, BatchPool& pool);
bool batch_running(const AppState& s);
// FORMAT.md §6.4: the worst verdict of the image that row `i` came from (a refused or
// incompletely scanned image counts as invalid), when that image gave more than one row.
std::optional<Verdict> image_verdict(const AppState& s, std::size_t i);
// A keyboard-wedge scan (Enter pressed): verified at once on the calling thread, selected,
// flashed; the field is cleared and keeps focus. Returns the row index, or nothing if blank.
std::optional<std::size_t> submit_scan(AppState& s, UnixTime now, double ui_clock);
// Clipboard text: one code per non-empty line. Returns the number of rows added.
std::size_t paste_codes(AppState& s, std::string_view text, UnixTime now);
// New trust data: every row with a code text is assessed again under it.
// Snapshots are verified again under the new list; ones it no longer vouches for are dropped.
void set_trust(AppState& s, TrustSource trust, UnixTime now);
// File -> Load trust list: the root and list files. Under the root already pinned the list must
// pass §4.6 against the current one (trust_list_rollback, trust_list_conflict): a refused list
// changes nothing. Another root starts again from its list.
std::optional<Error> load_trust(AppState& s, const std::string& root_path,
                                const std::string& trust_path, UnixTime now);
// New status data or scan context: every row is assessed again (with its own sightings).
void set_status(AppState& s, StatusSource status, UnixTime now);
void set_context(AppState& s, ScanContext context, UnixTime now);
// Loads provenance bundles (§10.4, §10.13) on top of the current ones; a refused v1 or unreadable
// file changes nothing. A v2 bundle that does not verify is kept as that code's refusal (the
// detail pane shows it) and its error returned.
std::optional<Error> load_provenance(AppState& s, const std::vector<std::string>& paths);
// Loads status snapshot files on top of the current ones; a refused file changes nothing and
// leaves its reason in s.status. Returns the error, if any.
std::optional<Error> load_status(AppState& s, const std::vector<std::string>& paths, UnixTime now);
void clear_results(AppState& s);

// ---- views ----------------------------------------------------------------------------------
bool row_matches(const AppState& s, const Row& r, UnixTime now);
// Indices of rows that pass the filters, in the current sort order (ties: input order).
std::vector<std::size_t> visible_rows(const AppState& s, UnixTime now);
// All rows in input order (job, then code within the job): the order of --dump-json.
std::vector<std::size_t> input_order(const AppState& s);
// Moves the selection by delta within `visible` (arrow keys); selects the first when none.
void move_selection(AppState& s, const std::vector<std::size_t>& visible, int delta);
// The lifecycle state a row shows (status data covered its segment and serial), else nullopt.
std::optional<CodeState> row_state(const Row& r);
// Distinct segments among the rows (for the filter's choices), ascending.
std::vector<std::uint32_t> seen_segments(const AppState& s);

}  // namespace traceseal::viewer
