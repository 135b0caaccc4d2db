// Events that change AppState, and the filtered/sorted views the table draws.
#include "app_state.h"

#include <algorithm>
#include <cctype>

#include "batch.h"
#include "files.h"
#include "held_state.h"
#include "inputs.h"
#include "traceseal/trust_state.h"
#include "trust_source.h"

namespace traceseal::viewer {
namespace {

std::string_view trim(std::string_view t) {
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front()))) t.remove_prefix(1);
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.remove_suffix(1);
    return t;
}

bool contains_nocase(std::string_view hay, std::string_view needle) {
    auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) ==
               std::tolower(static_cast<unsigned char>(b));
    });
    return it != hay.end();
}

long long operator_key(const Row& r) {
    if (r.error) return -1;
    return r.assessment.fields ? r.assessment.fields->operator_id : 0;
}
long long segment_key(const Row& r) {
    if (r.error) return -1;
    return r.assessment.fields ? static_cast<long long>(r.assessment.fields->segment) : -1;
}
std::string code_number_of(const Row& r) {
    return r.assessment.fields ? format_code_number(*r.assessment.fields) : std::string();
}

UnixTime verify_time(const AppState& s, UnixTime now) {
    return s.fixed_at.value_or(now);
}

void refresh_status_ctx(AppState& s) {
    auto ctx = std::make_shared<StatusContext>();
    ctx->context = s.context;
    ctx->snapshots = s.status_data.snapshots;
    s.status_ctx = std::move(ctx);
}

// The code's signature held (§5): the lifecycle rules only run for such codes, and only their
// code numbers are facts worth logging.
bool authentic(const Assessment& a) {
    return a.authentic;
}

// The assessment with the row's own sightings (§9.5 clone rule) added to the shared context.
Assessment assess_with_sightings(const AppState& s, const Row& r) {
    if (!r.here || r.seen_before.empty())
        return assess_text(r.assessment.text, *s.trust.list, r.verified_at, s.status_ctx.get());
    StatusContext ctx = s.status_ctx ? *s.status_ctx : StatusContext{s.context, {}, {}, {}};
    for (const ScanLogEntry& e : r.seen_before) ctx.prior_sightings.push_back(e.sighting);
    ctx.here = r.here;
    return assess_text(r.assessment.text, *s.trust.list, r.verified_at, &ctx);
}

// Every new check of an authentic code, on the UI thread: look up the code's earlier sightings,
// assess again with them if there are any, then append this sighting to the log.
void log_sighting(AppState& s, Row& r) {
    if (!s.log_scans || !s.settings.place.set || !authentic(r.assessment)) return;
    const Place& p = s.settings.place;
    const std::string code = format_code_number(*r.assessment.fields);
    r.here = Sighting{p.latitude, p.longitude, r.checked_at};
    for (const ScanLogEntry& e : s.scan_log.entries)
        if (e.code_number == code) r.seen_before.push_back(e);
    if (!r.seen_before.empty()) r.assessment = assess_with_sightings(s, r);
    if (!append_scan(s.scan_log, ScanLogEntry{code, *r.here, p.name})) s.status = s.scan_log.error;
}

void recheck_all(AppState& s, UnixTime now) {
    if (!s.trust.list) return;
    for (Row& r : s.rows) {
        if (r.error || r.assessment.text.empty()) continue;
        r.verified_at = verify_time(s, now);
        r.assessment = assess_with_sightings(s, r);
    }
}

}  // namespace

std::size_t open_paths(AppState& s, BatchPool& pool, const std::vector<std::string>& paths) {
    if (!s.trust.list) {
        s.status = "no trust list loaded";
        return 0;
    }
    if (!batch_running(s)) s.jobs_queued = s.jobs_done = 0;
    std::size_t n = 0;
    for (const InputFile& f : expand_inputs(paths)) {
        if (!s.status_ctx) refresh_status_ctx(s);
        Job job{s.next_job++, f.path, f.kind, s.trust.list, s.fixed_at, s.status_ctx, {}};
        job.limits.cpu_seconds = s.image_seconds;
        pool.submit(std::move(job));
        ++s.jobs_queued;
        ++n;
    }
    for (const std::string& p : paths) remember_folder(s.settings, folder_of(p));
    return n;
}

std::size_t collect_results(AppState& s, BatchPool& pool) {
    std::size_t n = 0;
    for (JobOutput& out : pool.take_finished()) {
        ++s.jobs_done;
        // Trust, status data or context changed while the job ran: check its rows again now.
        const bool stale = out.trust != s.trust.list || out.status != s.status_ctx;
        for (Row& r : out.rows) {
            if (stale && s.trust.list && !r.error && !r.assessment.text.empty())
                r.assessment = assess_text(r.assessment.text, *s.trust.list, r.verified_at,
                                           s.status_ctx.get());
            log_sighting(s, r);
            s.rows.push_back(std::move(r)), ++n;
        }
    }
    return n;
}

std::optional<Verdict> image_verdict(const AppState& s, std::size_t i) {
    if (i >= s.rows.size() || s.rows[i].source != Source::image) return std::nullopt;
    const std::uint64_t job = s.rows[i].job_id;
    std::size_t first = i, last = i;  // a job's rows arrive together (collect_results)
    while (first > 0 && s.rows[first - 1].job_id == job) --first;
    while (last + 1 < s.rows.size() && s.rows[last + 1].job_id == job) ++last;
    if (first == last) return std::nullopt;
    Verdict worst = Verdict::no_code;
    for (std::size_t k = first; k <= last; ++k)
        worst =
            worse_verdict(worst, s.rows[k].error ? Verdict::invalid : s.rows[k].assessment.verdict);
    return worst;
}

bool batch_running(const AppState& s) {
    return s.jobs_done < s.jobs_queued;
}

std::optional<std::size_t> submit_scan(AppState& s, UnixTime now, double ui_clock) {
    std::string_view text = trim(s.scanner_text);
    if (text.empty() || !s.trust.list) {
        if (!s.trust.list) s.status = "no trust list loaded";
        s.scanner_text.clear();
        s.focus_scanner = true;
        return std::nullopt;
    }
    if (!s.status_ctx) refresh_status_ctx(s);
    Row r = assess_row(text, *s.trust.list, verify_time(s, now), now, s.status_ctx.get());
    log_sighting(s, r);
    r.job_id = s.next_job++;
    r.source = Source::scan;
    r.input = "scan:" + std::to_string(++s.scan_count);
    s.flash = ScanFlash{r.assessment.verdict, code_number_of(r), row_state(r), ui_clock};
    s.rows.push_back(std::move(r));
    s.selected = s.rows.size() - 1;
    s.scanner_text.clear();
    s.focus_scanner = true;
    return s.selected;
}

std::size_t paste_codes(AppState& s, std::string_view text, UnixTime now) {
    if (!s.trust.list) {
        s.status = "no trust list loaded";
        return 0;
    }
    if (!s.status_ctx) refresh_status_ctx(s);
    const std::uint64_t job = s.next_job++;
    std::size_t n = 0;
    while (!text.empty()) {
        std::size_t end = std::min(text.find('\n'), text.size());
        std::string_view line = trim(text.substr(0, end));
        text.remove_prefix(std::min(end + 1, text.size()));
        if (line.empty()) continue;
        Row r = assess_row(line.substr(0, 1 << 16), *s.trust.list, verify_time(s, now), now,
                           s.status_ctx.get());
        log_sighting(s, r);
        r.job_id = job;
        r.sub = static_cast<int>(n++);
        r.source = Source::paste;
        r.input = "paste:" + std::to_string(++s.paste_count);
        s.rows.push_back(std::move(r));
    }
    if (n) s.selected = s.rows.size() - n;
    return n;
}

void set_trust(AppState& s, TrustSource trust, UnixTime now) {
    s.trust = std::move(trust);
    if (!s.trust.list) return;
    // §9.4: a snapshot is only as good as the trust list it was checked against.
    TrustState st(*s.trust.list);
    for (const StatusSnapshot& snap : s.status_data.snapshots) st.add_status(snap.bytes());
    if (st.snapshots().size() != s.status_data.snapshots.size())
        s.status = "status snapshots dropped: the new trust data does not vouch for them";
    s.status_data.snapshots = st.snapshots();
    s.provenance = reverify_provenance(s.provenance, *s.trust.list);
    refresh_status_ctx(s);
    recheck_all(s, now);
}

namespace {

// FORMAT.md §4.7: what is held now replaces the state file (nothing with --no-state).
void save_state(AppState& s) {
    if (s.state_file.empty() || !s.trust.list) return;
    TrustState st(*s.trust.list);
    for (const StatusSnapshot& snap : s.status_data.snapshots) st.add_status(snap.bytes());
    if (auto e = platform::save_held_state(s.state_file, st, s.trust_envelope, s.state_previous))
        s.status = *e;
    else
        s.state_previous = platform::format_state_file(st, s.trust_envelope, s.state_previous);
}

}  // namespace

std::optional<Error> load_trust(AppState& s, const std::string& root_path,
                                const std::string& trust_path, UnixTime now) {
    TrustSource t = load_trust_files(root_path, trust_path);
    if (!t.list) return t.error;
    auto text = cli::read_file(trust_path, cli::kMaxTrustListBytes);
    if (!text) return text.error();
    if (s.trust.list && s.trust.root == t.root) {
        // The same pinned root: the new list is an update of the current one (§4.6), so an
        // older list (one that still lists a since-revoked key) is refused.
        TrustState st(*s.trust.list);
        auto updated = st.update_trust_list(*text);
        if (!updated)
            return make_error(updated.error().reason, trust_path + ": " + updated.error().detail);
    } else if (!s.state_file.empty()) {
        // Another root: the new list must be an update of what earlier runs held for it (§4.7).
        const std::string dir = s.state_file.substr(0, s.state_file.rfind('/'));
        const std::string path = platform::state_file_path(dir, t.root);
        TrustState st(*t.list);
        auto held = platform::apply_held_state(path, st, *text);
        if (!held)
            return make_error(held.error().reason, trust_path + ": " + held.error().detail +
                                                       " (against the held state " + path + ")");
        for (const std::string& w : held->warnings) s.status = w;
        s.state_file = path;
        s.state_previous = held->previous;
    }
    s.trust_envelope = *text;
    set_trust(s, std::move(t), now);
    save_state(s);
    return std::nullopt;
}

void set_status(AppState& s, StatusSource status, UnixTime now) {
    s.status_data = std::move(status);
    refresh_status_ctx(s);
    recheck_all(s, now);
}

void set_context(AppState& s, ScanContext context, UnixTime now) {
    s.context = context;
    refresh_status_ctx(s);
    recheck_all(s, now);
}

std::optional<Error> load_status(AppState& s, const std::vector<std::string>& paths, UnixTime now) {
    if (!s.trust.list) return make_error(Reason::trust_list_malformed, "no trust list loaded");
    auto loaded = add_status_files(s.status_data, paths, *s.trust.list, s.trust.root);
    if (!loaded) return loaded.error();
    set_status(s, std::move(*loaded), now);
    save_state(s);
    return std::nullopt;
}

std::optional<Error> load_provenance(AppState& s, const std::vector<std::string>& paths) {
    if (!s.trust.list) return make_error(Reason::trust_list_malformed, "no trust list loaded");
    auto loaded = add_provenance_files(s.provenance, paths, *s.trust.list);
    if (!loaded) return loaded.error();
    const std::size_t before = s.provenance.v2.size();
    s.provenance = std::move(*loaded);
    for (std::size_t i = before; i < s.provenance.v2.size(); ++i)
        if (const auto& b = s.provenance.v2[i]; b.refused)
            return make_error(b.refused->reason, b.path + ": " + b.refused->detail);
    return std::nullopt;
}

std::optional<CodeState> row_state(const Row& r) {
    if (r.error || !r.assessment.status) return std::nullopt;
    return r.assessment.state;
}

void clear_results(AppState& s) {
    s.rows.clear();
    s.selected.reset();
    s.flash.reset();
}

bool row_matches(const AppState& s, const Row& r, UnixTime now) {
    const Filters& f = s.filters;
    if (r.error ? !f.show_errors : !f.verdict[static_cast<int>(r.assessment.verdict)]) return false;
    if (f.operator_id >= 0 && operator_key(r) != f.operator_id) return false;
    if (f.segment >= 0 && segment_key(r) != f.segment) return false;
    if (f.within_minutes > 0 && now - r.checked_at > UnixTime(f.within_minutes) * 60) return false;
    if (f.state >= 0) {
        auto st = row_state(r);
        if (f.state == kNoState ? st.has_value() : (!st || int(*st) != f.state)) return false;
    }
    if (!f.search.empty()) {
        std::string_view q = trim(f.search);
        if (!contains_nocase(r.input, q) && !contains_nocase(r.assessment.text, q) &&
            !contains_nocase(code_number_of(r), q))
            return false;
    }
    return true;
}

std::vector<std::size_t> visible_rows(const AppState& s, UnixTime now) {
    std::vector<std::size_t> v;
    for (std::size_t i = 0; i < s.rows.size(); ++i)
        if (row_matches(s, s.rows[i], now)) v.push_back(i);
    auto order_less = [&](std::size_t a, std::size_t b) {
        const Row &x = s.rows[a], &y = s.rows[b];
        return std::tie(x.job_id, x.sub) < std::tie(y.job_id, y.sub);
    };
    auto cmp = [&](std::size_t a, std::size_t b) -> int {  // <0, 0, >0 on the sort column
        const Row &x = s.rows[a], &y = s.rows[b];
        auto three = [](auto p, auto q) { return p < q ? -1 : (q < p ? 1 : 0); };
        switch (s.sort.column) {
            case SortColumn::order:
                return 0;
            case SortColumn::input:
                return three(x.input, y.input);
            case SortColumn::verdict:
                return three(x.error ? 99 : int(x.assessment.verdict),
                             y.error ? 99 : int(y.assessment.verdict));
            case SortColumn::state: {
                auto key = [](const Row& r) {
                    auto st = row_state(r);
                    return st ? int(*st) : 99;
                };
                return three(key(x), key(y));
            }
            case SortColumn::operator_id:
                return three(operator_key(x), operator_key(y));
            case SortColumn::segment:
                return three(segment_key(x), segment_key(y));
            case SortColumn::code_number:
                return three(code_number_of(x), code_number_of(y));
            case SortColumn::time:
                return three(x.checked_at, y.checked_at);
        }
        return 0;
    };
    std::stable_sort(v.begin(), v.end(), [&](std::size_t a, std::size_t b) {
        int c = cmp(a, b);
        if (c != 0) return s.sort.ascending ? c < 0 : c > 0;
        return s.sort.ascending ? order_less(a, b) : order_less(b, a);
    });
    return v;
}

std::vector<std::size_t> input_order(const AppState& s) {
    std::vector<std::size_t> v(s.rows.size());
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = i;
    std::stable_sort(v.begin(), v.end(), [&](std::size_t a, std::size_t b) {
        return std::tie(s.rows[a].job_id, s.rows[a].sub) <
               std::tie(s.rows[b].job_id, s.rows[b].sub);
    });
    return v;
}

void move_selection(AppState& s, const std::vector<std::size_t>& visible, int delta) {
    if (visible.empty()) return;
    auto it = s.selected ? std::find(visible.begin(), visible.end(), *s.selected) : visible.end();
    if (it == visible.end()) {
        s.selected = delta >= 0 ? visible.front() : visible.back();
        return;
    }
    long pos = static_cast<long>(it - visible.begin()) + delta;
    pos = std::clamp(pos, 0L, static_cast<long>(visible.size()) - 1);
    s.selected = visible[static_cast<std::size_t>(pos)];
}

std::vector<std::uint32_t> seen_segments(const AppState& s) {
    std::vector<std::uint32_t> v;
    for (const Row& r : s.rows)
        if (!r.error && r.assessment.fields) v.push_back(r.assessment.fields->segment);
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
}

}  // namespace traceseal::viewer
