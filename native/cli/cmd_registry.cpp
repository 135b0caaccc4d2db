// The issuer's registry commands: segment allocate, activate, sell, pickup, unbind, void,
// reissue, replace, snapshot, history (docs/LIFECYCLE.md, FORMAT.md §9). Each refused step
// prints the reason word and records nothing.
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "args.h"
#include "batch.h"
#include "commands.h"
#include "files.h"
#include "http_client.h"
#include "log_projection.h"
#include "registry.h"

namespace traceseal::cli {
namespace {

constexpr const char* kCommon = R"(
Common options:
  --store STORE   the registry: a SQLite file (created if missing; also sqlite:FILE) or a
                  PostgreSQL URI postgresql://[USER@]HOST[:PORT]/DB (tables created if
                  missing; libpq's PG* variables and ~/.pgpass fill in what it leaves out)
  --server URL --key SUBMISSION.key.json
                  instead of --store: send the step as one signed batch to traceseal-registryd
                  at URL (FORMAT.md §11); same output and exit codes
  --actor NAME    who does it (required)      --place PLACE   where (required)
  --reason TEXT   why (required for unbind, void, reissue, replace)
  --at TIME       when (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ; default now)
CODE is a code number SSSSSSSS-NNNNNNNN or a code text; '-' reads them from stdin, one a line.
Illegal transitions (FORMAT.md §9.1) are refused with illegal_transition; nothing is recorded.
)";

std::string help_for(const std::string& cmd) {
    if (cmd == "segment")
        return "Usage: traceseal segment allocate --root-key AUTHORITY.key.json --operator N "
               "--segment S\n"
               "                                  --first A --last B --out CERT [--at TIME] "
               "[--store STORE]\n\n"
               "Signs a segment certificate (FORMAT.md §9.2, 96 bytes) giving serials A..B of "
               "segment S to\n"
               "operator N, and with --store records it in that registry.\n";
    if (cmd == "activate")
        return std::string(
                   "Usage: traceseal activate --store STORE --received N --actor A --place P "
                   "[--reason R] CODE...\n\n"
                   "Activates codes put on goods received: N must equal the number of codes, or "
                   "the whole\n"
                   "batch is refused (activation_count_mismatch).\n") +
               kCommon;
    if (cmd == "reissue" || cmd == "replace")
        return "Usage: traceseal " + cmd +
               " --store STORE --actor A --place P --reason R OLD NEW\n\n" +
               (cmd == "reissue" ? "Re-issues OLD (issued, activated or unbound) as NEW (an unused "
                                   "issued code).\n"
                                 : "Replaces the damaged label OLD (activated, sold, picked_up or "
                                   "unbound) by NEW;\n"
                                   "NEW takes OLD's state.\n") +
               kCommon;
    if (cmd == "snapshot")
        return "Usage: traceseal snapshot --store STORE --segment S --key ISSUING.key.json --root "
               "ROOT.pub.json\n"
               "                          --out FILE"
               " [--at TIME] [--valid-days D (default 7)]\n\n"
               "Writes the signed status snapshot of segment S (FORMAT.md §9.3) with the next "
               "sequence number.\n"
               "--from-log writes version 2: the states and segment_root of the last index entry "
               "of the\n"
               "operator's transparency log (traceseal registry publish first).\n";
    if (cmd == "history")
        return "Usage: traceseal history --store STORE [CODE]\n\n"
               "Prints the events of CODE (or the whole log) and checks the hash chain.\n";
    return "Usage: traceseal " + cmd + " --store STORE --actor A --place P [--reason R] CODE...\n" +
           kCommon;
}

int fail_reason(const std::string& cmd, const Error& e) {
    std::fprintf(stderr, "traceseal %s: %s: %s\n", cmd.c_str(),
                 std::string(to_string(e.reason)).c_str(), e.detail.c_str());
    return kExitUsage;
}

Result<UnixTime> time_option(const Args& a) {
    if (auto t = a.value("--at")) return parse_time(*t);
    return now_utc();
}

std::vector<std::string> code_args(const Args& a) {
    std::vector<std::string> out;
    for (const std::string& p : a.positional()) {
        if (p != "-") {
            out.push_back(p);
            continue;
        }
        std::string line;
        while (std::getline(std::cin, line))
            if (!line.empty()) out.push_back(line);
    }
    return out;
}

void print_event(const registry::Event& e) {
    std::printf("%lld %s %-9s -> %-10s %s  actor=%s place=%s reason=%s%s%s  %s\n",
                static_cast<long long>(e.seq), e.code.c_str(), e.type.c_str(), e.state.c_str(),
                format_time(e.time).c_str(), e.actor.c_str(), e.place.c_str(), e.reason.c_str(),
                e.related.empty() ? "" : " related=", e.related.c_str(),
                e.hash.substr(0, 16).c_str());
}

// --server: the step as a one-step batch (FORMAT.md §11.6); the receipt's events, or the
// problem's reason word as the error.
Result<std::vector<registry::Event>> submit_step(const std::string& server,
                                                 const std::string& key_file, LifecycleEvent event,
                                                 const std::vector<std::string>& codes,
                                                 std::optional<std::size_t> received,
                                                 const registry::EventInfo& info) {
    auto text = read_file(key_file, kMaxKeyFileBytes);
    if (!text) return text.error();
    auto key = service::parse_submission_key_file(*text);
    if (!key) return make_error(key.error().reason, key_file + ": " + key.error().detail);
    service::BatchStep step;
    step.event = event;
    step.info = info;
    std::vector<std::string> numbers;
    for (const std::string& c : codes) {
        auto f = registry::parse_code_ref(c);
        if (!f) return f.error();
        numbers.push_back(format_code_number(*f));
    }
    if (event == LifecycleEvent::reissue || event == LifecycleEvent::replace) {
        step.old_code = numbers[0];
        step.new_code = numbers[1];
    } else {
        step.codes = numbers;
        step.received = received;
    }
    service::Batch batch;
    Bytes nonce = random_bytes(8);
    batch.batch_id = "cli/" + key->key_id + "/" + to_hex(nonce.data(), nonce.size());
    batch.operator_id = key->operator_id;
    batch.created_at = now_utc();
    batch.steps = {step};
    std::string envelope = service::sign_batch(service::format_batch(batch), *key);
    std::string url = server;
    while (!url.empty() && url.back() == '/') url.pop_back();
    url += "/v1/batches";
    auto res =
        platform::http_request("POST", url, {{"Content-Type", "application/json"}}, envelope);
    if (!res) return res.error();
    if (res->status == 200 || res->status == 201) {
        auto events = service::parse_receipt_events(res->body);
        if (!events)
            return make_error(Reason::server_response_invalid, url + ": " + events.error().detail);
        return events;
    }
    auto p = service::parse_problem(res->body);
    auto reason = p ? parse_reason(p->first) : std::nullopt;
    if (!reason)
        return make_error(
            Reason::server_response_invalid,
            url + ": HTTP " + std::to_string(res->status) + " without a problem+json reason");
    return make_error(*reason, p->second);
}

int run_segment(const std::vector<std::string>& argv) {
    Args a(
        argv,
        {"--root-key", "--operator", "--segment", "--first", "--last", "--out", "--at", "--store"},
        {});
    if (a.help() || a.positional().empty())
        return std::fputs(help_for("segment").c_str(), a.help() ? stdout : stderr),
               a.help() ? kExitOk : kExitUsage;
    if (!a.ok()) return fail("segment", a.error());
    if (a.positional()[0] != "allocate")
        return fail("segment", "unknown subcommand " + a.positional()[0]);
    auto op = parse_int(a.value("--operator").value_or(""), 1, 65535);
    auto seg = parse_int(a.value("--segment").value_or(""), 0, (1 << 24) - 1);
    auto first = parse_int(a.value("--first").value_or(""), 0, (1 << 24) - 1);
    auto last = parse_int(a.value("--last").value_or(""), 0, (1 << 24) - 1);
    if (!op || !seg || !first || !last || *first > *last || !a.value("--root-key") ||
        !a.value("--out"))
        return fail("segment",
                    "--root-key, --operator, --segment, --first <= --last and --out are required");
    auto at = time_option(a);
    if (!at) return fail_reason("segment", at.error());
    auto key = load_key_file(*a.value("--root-key"));
    if (!key) return fail_reason("segment", key.error());
    if (key->role != KeyRole::root || !key->secret_key)
        return fail("segment", "--root-key must be a root secret key file");
    KeyPair root{key->public_key, *key->secret_key};
    SegmentCertificateBody body{static_cast<std::uint16_t>(*op), static_cast<std::uint32_t>(*seg),
                                static_cast<std::uint32_t>(*first),
                                static_cast<std::uint32_t>(*last), *at};
    Bytes cert = sign_segment_certificate(body, root);
    if (auto store_path = a.value("--store")) {
        auto store = registry::open_store(*store_path);
        if (!store) return fail_reason("segment", store.error());
        registry::Registry reg(**store);
        if (auto r = reg.add_segment(cert, root.public_key); !r)
            return fail_reason("segment", r.error());
    }
    if (auto e = write_file(*a.value("--out"), cert)) return fail("segment", *e);
    std::printf("segment %lld (serials %lld-%lld) allocated to operator %lld: %s\n", *seg, *first,
                *last, *op, a.value("--out")->c_str());
    return kExitOk;
}

int run_snapshot(const std::vector<std::string>& argv) {
    Args a(argv, {"--store", "--segment", "--key", "--root", "--out", "--at", "--valid-days"},
           {"--from-log"});
    if (a.help()) return std::fputs(help_for("snapshot").c_str(), stdout), kExitOk;
    if (!a.ok()) return fail("snapshot", a.error());
    auto seg = parse_int(a.value("--segment").value_or(""), 0, (1 << 24) - 1);
    auto days = parse_int(a.value("--valid-days").value_or("7"), 1, 3650);
    if (!seg || !days || !a.value("--store") || !a.value("--key") || !a.value("--root") ||
        !a.value("--out"))
        return fail("snapshot",
                    "--store, --segment, --key, --root and --out are required (see --help)");
    auto at = time_option(a);
    if (!at) return fail_reason("snapshot", at.error());
    auto key = load_key_file(*a.value("--key"));
    if (!key) return fail_reason("snapshot", key.error());
    if (key->role != KeyRole::issuing || !key->secret_key)
        return fail("snapshot", "--key must be an issuing secret key file");
    auto store = registry::open_store(*a.value("--store"));
    if (!store) return fail_reason("snapshot", store.error());
    registry::Registry reg(**store);
    const registry::SegmentRecord* rec = nullptr;
    auto segs = (*store)->segments();
    for (const auto& s : segs)
        if (s.body.segment == *seg) rec = &s;
    if (!rec)
        return fail("snapshot", "segment " + std::to_string(*seg) + " is not in the registry");
    std::optional<registry::StatusFromLog> from_log;
    if (a.flag("--from-log")) {
        auto l = registry::status_from_log(**store, static_cast<std::uint32_t>(*seg));
        if (!l) return fail_reason("snapshot", l.error());
        from_log = std::move(*l);
    }
    auto states = from_log ? Result<std::vector<CodeState>>(from_log->states)
                           : reg.segment_states(static_cast<std::uint32_t>(*seg));
    if (!states) return fail_reason("snapshot", states.error());
    auto root = load_key_file(*a.value("--root"));
    if (!root) return fail_reason("snapshot", root.error());
    auto cert = verify_segment_certificate(rec->certificate, root->public_key);
    if (!cert) return fail_reason("snapshot", cert.error());
    auto seq = (*store)->next_snapshot_sequence(static_cast<std::uint32_t>(*seg), *at);
    if (!seq) return fail("snapshot", "store_failed: " + (*store)->last_error());
    StatusPlan plan{key->key_id, *seq, *at, *at + *days * 86400, std::move(*states)};
    Bytes out = from_log ? sign_status_snapshot(*cert, plan, *key->secret_key, from_log->index)
                         : sign_status_snapshot(*cert, plan, *key->secret_key);
    if (auto e = write_file(*a.value("--out"), out)) return fail("snapshot", *e);
    std::printf("status snapshot of segment %lld, sequence %llu, valid until %s: %s (%zu bytes)\n",
                *seg, static_cast<unsigned long long>(*seq), format_time(plan.valid_until).c_str(),
                a.value("--out")->c_str(), out.size());
    return kExitOk;
}

int run_history(const std::vector<std::string>& argv) {
    Args a(argv, {"--store"}, {});
    if (a.help()) return std::fputs(help_for("history").c_str(), stdout), kExitOk;
    if (!a.ok() || !a.value("--store"))
        return fail("history", a.ok() ? "--store is required" : a.error());
    auto store = registry::open_store(*a.value("--store"));
    if (!store) return fail_reason("history", store.error());
    registry::Registry reg(**store);
    std::vector<registry::Event> ev;
    if (a.positional().empty()) {
        ev = (*store)->events();
    } else {
        auto f = registry::parse_code_ref(a.positional()[0]);
        if (!f) return fail_reason("history", f.error());
        ev = (*store)->events_for(format_code_number(*f));
    }
    for (const auto& e : ev) print_event(e);
    std::int64_t broken = reg.check_chain();
    if (broken) {
        std::fprintf(stderr, "traceseal history: hash chain broken at event %lld\n",
                     static_cast<long long>(broken));
        return kExitNotGenuine;
    }
    std::printf("hash chain intact (%zu events shown)\n", ev.size());
    return kExitOk;
}

}  // namespace

int run_registry(const std::string& cmd, const std::vector<std::string>& argv) {
    if (cmd == "segment") return run_segment(argv);
    if (cmd == "snapshot") return run_snapshot(argv);
    if (cmd == "history") return run_history(argv);
    Args a(argv,
           {"--store", "--server", "--key", "--actor", "--place", "--reason", "--at", "--received"},
           {});
    if (a.help()) return std::fputs(help_for(cmd).c_str(), stdout), kExitOk;
    if (!a.ok()) return fail(cmd, a.error());
    auto event = parse_lifecycle_event(cmd);
    if (!event) return fail(cmd, "unknown registry command");
    const bool remote = a.value("--server").has_value();
    if (remote && (a.value("--store") || !a.value("--key")))
        return fail(cmd, "--server needs --key SUBMISSION.key.json, and no --store");
    if ((!remote && !a.value("--store")) || !a.value("--actor") || !a.value("--place"))
        return fail(cmd,
                    "--store (or --server and --key), --actor and --place are required "
                    "(see --help)");
    const bool needs_reason = *event == LifecycleEvent::unbind || *event == LifecycleEvent::void_ ||
                              *event == LifecycleEvent::reissue ||
                              *event == LifecycleEvent::replace;
    if (needs_reason && a.value("--reason").value_or("").empty())
        return fail(cmd, "--reason is required");
    auto at = time_option(a);
    if (!at) return fail_reason(cmd, at.error());
    std::vector<std::string> codes = code_args(a);
    if (codes.empty()) return fail(cmd, "no CODE given");
    registry::EventInfo info{*a.value("--actor"), *a.value("--place"),
                             a.value("--reason").value_or(""), *at};
    const bool pair = *event == LifecycleEvent::reissue || *event == LifecycleEvent::replace;
    if (pair && codes.size() != 2) return fail(cmd, "give exactly OLD and NEW");
    std::optional<std::size_t> received;
    if (auto r = a.value("--received"); r && !pair) {
        auto n = parse_int(*r, 0, 100000000);
        if (!n) return fail(cmd, "--received must be a count");
        received = static_cast<std::size_t>(*n);
    }
    Result<std::vector<registry::Event>> done = std::vector<registry::Event>{};
    if (remote) {
        done = submit_step(*a.value("--server"), *a.value("--key"), *event, codes, received, info);
    } else {
        auto store = registry::open_store(*a.value("--store"));
        if (!store) return fail_reason(cmd, store.error());
        registry::Registry reg(**store);
        done = pair ? reg.record_successor(*event, codes[0], codes[1], info)
                    : reg.record(*event, codes, info, received);
    }
    if (!done) return fail_reason(cmd, done.error());
    for (const auto& e : *done) print_event(e);
    return kExitOk;
}

}  // namespace traceseal::cli
