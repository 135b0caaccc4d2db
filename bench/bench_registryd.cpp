// The registry service under load (issue 14 targets, docs/PERFORMANCE.md): events/s in signed
// batches from C concurrent tills against traceseal-registryd, next to a bare insert of the same
// rows into the same database in the same run, and p50/p99 batch latency at 500 events/s offered.
// Usage: bench_registryd REGISTRYD CLI WORKDIR [--store postgresql://...] [--clients C]
//        [--batch N] [--seconds S] [--latency-seconds L] [--label TEXT] [--service-arg ARG]...
// Ends with one Markdown table row (`scripts/bench.sh registryd` runs every store and prints the
// whole table).
// Without --store it runs on SQLite (WORKDIR/registry.sqlite). Segment 150 (serials 1..2^24-1,
// operator 1) is allocated first so the run never runs out of codes.
#include <libpq-fe.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>

#include "files.h"
#include "registry.h"
#include "service_process.h"

using namespace traceseal;
using namespace traceseal::testkit;
using Clock = std::chrono::steady_clock;

namespace {

std::atomic<std::uint32_t> next_serial{1};

std::vector<std::string> fresh_codes(int n) {
    std::vector<std::string> out;
    std::uint32_t first = next_serial.fetch_add(static_cast<std::uint32_t>(n));
    for (int i = 0; i < n; ++i)
        out.push_back(demo_code(150, first + static_cast<std::uint32_t>(i)));
    return out;
}

std::string loadavg() {
    char b[64] = "?";
    if (FILE* f = std::fopen("/proc/loadavg", "r")) {
        if (!std::fgets(b, sizeof b, f)) b[0] = 0;
        std::fclose(f);
    }
    std::string s(b);
    return s.substr(0, s.find(' '));  // the 1-minute average
}

// The nearest-rank percentile: the smallest sample with at least p of the samples at or below it
// (p99 of 300 samples is the fourth-worst; p = 1 is the worst).
double pct(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size()) - 1e-9));
    return v[std::min(v.size(), std::max<std::size_t>(rank, 1)) - 1];
}

// The same rows as the service writes (events + code_states), without HTTP, signatures or rules.
double bare_insert(const std::string& spec, int clients, int batch, double seconds) {
    std::atomic<long> rows{0};
    std::atomic<bool> stop{false};
    std::uint32_t serial_base = 20000000;
    auto worker = [&](int c) {
        std::uint32_t serial = serial_base + static_cast<std::uint32_t>(c) * 1000000;
        const bool pg = spec.rfind("postgres", 0) == 0;
        PGconn* p = nullptr;
        sqlite3* s = nullptr;
        auto exec = [&](const std::string& sql) {
            if (pg) {
                PGresult* r = PQexec(p, sql.c_str());
                PQclear(r);
            } else {
                sqlite3_exec(s, sql.c_str(), nullptr, nullptr, nullptr);
            }
        };
        if (pg) {
            p = PQconnectdb(spec.c_str());
        } else {
            sqlite3_open(spec.substr(7).c_str(), &s);
            sqlite3_busy_timeout(s, 10000);
        }
        exec(
            "CREATE TABLE IF NOT EXISTS bare_events (seq BIGINT, code TEXT, segment BIGINT, serial "
            "BIGINT, type TEXT, state TEXT, actor TEXT, place TEXT, reason TEXT, time BIGINT, "
            "related TEXT, prev_hash TEXT, hash TEXT)");
        exec(
            "CREATE TABLE IF NOT EXISTS bare_states (segment BIGINT, serial BIGINT, state TEXT, "
            "last_seq BIGINT, PRIMARY KEY (segment, serial))");
        const std::string hash(64, 'a');
        while (!stop) {
            std::string sql = pg ? "BEGIN;" : "BEGIN IMMEDIATE;";
            for (int i = 0; i < batch; ++i, ++serial) {
                std::string code = demo_code(150, serial);
                sql += "INSERT INTO bare_events VALUES (" + std::to_string(serial) + ",'" + code +
                       "',150," + std::to_string(serial) +
                       ",'activate','activated','till','Sanya','',1796000000,'','" + hash + "','" +
                       hash + "');";
                sql += "INSERT INTO bare_states VALUES (150," + std::to_string(serial) +
                       ",'activated'," + std::to_string(serial) + ");";
            }
            sql += "COMMIT;";
            exec(sql);
            rows += batch;
        }
        if (p) PQfinish(p);
        if (s) sqlite3_close(s);
    };
    std::vector<std::thread> t;
    auto t0 = Clock::now();
    for (int c = 0; c < clients; ++c) t.emplace_back(worker, c);
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    stop = true;
    for (auto& x : t) x.join();
    return static_cast<double>(rows) / std::chrono::duration<double>(Clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr,
                     "usage: bench_registryd REGISTRYD CLI WORKDIR [--store S] [--clients C] "
                     "[--batch N] [--seconds S]\n");
        return 2;
    }
    std::string registryd = argv[1], cli_bin = argv[2], dir = argv[3], store_spec;
    std::vector<std::string> service_args;
    std::string label;
    int clients = 8, batch = 50;
    double seconds = 10, latency_seconds = 30;
    for (int i = 4; i + 1 < argc; i += 2) {
        std::string a = argv[i], v = argv[i + 1];
        if (a == "--store")
            store_spec = v;
        else if (a == "--clients")
            clients = std::stoi(v);
        else if (a == "--batch")
            batch = std::stoi(v);
        else if (a == "--seconds")
            seconds = std::stod(v);
        else if (a == "--latency-seconds")
            latency_seconds = std::stod(v);
        else if (a == "--service-arg")
            service_args.push_back(v);
        else if (a == "--label")
            label = v;
    }
    if (std::system((cli_bin + " demo --out '" + dir + "' >/dev/null").c_str()) != 0) return 1;
    if (store_spec.empty()) store_spec = "sqlite:" + dir + "/registry.sqlite";
    {
        auto store = registry::open_store(store_spec);
        if (!store) return std::fprintf(stderr, "%s\n", store.error().detail.c_str()), 1;
        auto root = cli::load_key_file(dir + "/keys/DEMO-ONLY-root.key.json");
        KeyPair kp{root->public_key, *root->secret_key};
        registry::Registry reg(**store);
        reg.add_segment(sign_segment_certificate({1, 150, 1, (1 << 24) - 1, cli::now_utc()}, kp),
                        kp.public_key);
    }
    const bool pg = store_spec.rfind("postgres", 0) == 0;
    ServiceProcess svc;
    std::vector<std::string> args = {"--store",
                                     store_spec,
                                     "--root",
                                     dir + "/root.pub.json",
                                     "--trust-list",
                                     dir + "/trust-list.json",
                                     "--listen",
                                     "127.0.0.1:0",
                                     "--rate",
                                     "100000",
                                     "--threads",
                                     std::to_string(clients),
                                     "--publish-interval",
                                     "0"};
    args.insert(args.end(), service_args.begin(), service_args.end());
    if (!svc.start(registryd, args)) return std::fprintf(stderr, "%s\n", svc.error().c_str()), 1;
    auto till = load_till(dir + "/keys/DEMO-ONLY-submit-1.key.json", svc.url());
    if (!till) return 1;
    std::printf("store %s, %d clients, %d events per batch, %.0f s per phase, load %s\n",
                pg ? "postgresql" : "sqlite", clients, batch, seconds, [] {
                    static char b[64] = "?";
                    if (FILE* f = std::fopen("/proc/loadavg", "r")) {
                        if (!std::fgets(b, sizeof b, f)) b[0] = 0;
                        std::fclose(f);
                    }
                    b[std::strcspn(b, "\n")] = 0;
                    return b;
                }());

    const std::string load_before = loadavg();
    double row_rate = 0, row_bare = 0, row_p50 = 0, row_p99 = 0;
    std::string groups = "-";
    // Phase 1: saturation, closed loop.
    std::atomic<long> events{0}, failures{0};
    std::atomic<bool> stop{false};
    std::atomic<int> ids{0};
    auto submit = [&](double* latency_ms) {
        auto codes = fresh_codes(batch);
        std::string env = till->envelope(
            "bench/" + std::to_string(ids++),
            {step(LifecycleEvent::activate, codes, static_cast<std::size_t>(batch))});
        auto t0 = Clock::now();
        auto r = till->post(env);
        if (latency_ms)
            *latency_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        if (r && r->status == 201)
            events += batch;
        else
            failures++;
    };
    {
        std::vector<std::thread> t;
        auto t0 = Clock::now();
        for (int c = 0; c < clients; ++c)
            t.emplace_back([&] {
                while (!stop) submit(nullptr);
            });
        std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
        stop = true;
        for (auto& x : t) x.join();
        double rate =
            static_cast<double>(events) / std::chrono::duration<double>(Clock::now() - t0).count();
        if (auto h = platform::http_request("GET", svc.url() + "/v1/health", {}, "")) {
            std::printf("health after the saturation phase: %s\n", h->body.c_str());
            auto num = [&](const char* name) {
                auto p = h->body.find(std::string("\"") + name + "\":");
                return p == std::string::npos
                           ? 0.0
                           : std::atof(h->body.c_str() + p + std::strlen(name) + 3);
            };
            if (num("write_groups") > 0) {
                char b[32];
                std::snprintf(b, sizeof b, "%.1f", num("grouped_writes") / num("write_groups"));
                groups = b;
            }
        }
        row_rate = rate;
        std::printf("service: %.0f events/s (%ld refused or failed)\n", rate, failures.load());
    }
    // Phase 2: 500 events/s offered (open loop: one batch every batch/500 s, spread on clients).
    {
        std::vector<std::pair<double, double>> samples;  // (latency ms, start offset s)
        std::mutex m;
        const double interval = static_cast<double>(batch) / 500.0;
        const int total = static_cast<int>(latency_seconds / interval);  // 300 by default
        std::atomic<int> next{0};
        auto start = Clock::now();
        std::vector<std::thread> t;
        for (int c = 0; c < clients; ++c)
            t.emplace_back([&] {
                for (int k; (k = next++) < total;) {
                    std::this_thread::sleep_until(start +
                                                  std::chrono::duration_cast<Clock::duration>(
                                                      std::chrono::duration<double>(k * interval)));
                    double ms = 0;
                    const double at = std::chrono::duration<double>(Clock::now() - start).count();
                    submit(&ms);
                    std::lock_guard<std::mutex> lock(m);
                    samples.emplace_back(ms, at);
                }
            });
        for (auto& x : t) x.join();
        std::vector<double> lat;
        for (const auto& sample : samples) lat.push_back(sample.first);
        std::printf(
            "at 500 events/s offered (%d batches of %d): p50 %.1f ms, p99 %.1f ms, max %.1f "
            "ms\n",
            total, batch, pct(lat, 0.5), pct(lat, 0.99), pct(lat, 1.0));
        row_p50 = pct(lat, 0.5), row_p99 = pct(lat, 0.99);
        std::sort(samples.rbegin(), samples.rend());
        std::printf("slowest batches (latency at start offset):");
        for (std::size_t i = 0; i < std::min<std::size_t>(5, samples.size()); ++i)
            std::printf(" %.1f ms at %.2f s", samples[i].first, samples[i].second);
        std::printf("\n");
    }
    // Phase 3, last so its writes (and the checkpoint they cause) do not land in the latency
    // phase: the bare insert of the same rows, same database, same run.
    row_bare = bare_insert(store_spec, clients, batch, seconds);
    std::printf("bare insert of the same rows: %.0f events/s; ratio %.0f %%\n", row_bare,
                100 * row_rate / row_bare);
    // One row of docs/PERFORMANCE.md's table (scripts/bench.sh registryd prints its header).
    std::printf("| %s | %.0f | %.0f | %.0f %% | %.1f ms / %.1f ms | %s | %s-%s |\n",
                label.empty() ? (pg ? "PostgreSQL" : "SQLite") : label.c_str(), row_rate, row_bare,
                row_bare > 0 ? 100 * row_rate / row_bare : 0.0, row_p50, row_p99, groups.c_str(),
                load_before.c_str(), loadavg().c_str());
    int st = svc.stop(SIGTERM);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
        std::fprintf(stderr,
                     "bench_registryd: the service did not exit 0 on SIGTERM (status %d%s%d)\n", st,
                     WIFSIGNALED(st) ? ", signal " : ", exit ",
                     WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
    return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 1;
}
