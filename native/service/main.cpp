// traceseal-registryd: options -> a Router with the registry API and the published files -> the
// Beast server. Prints "listening on http://HOST:PORT" as its first line (FORMAT.md §11).
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "files.h"
#include "group_writer.h"
#include "inspector_mount.h"
#include "log_bundles.h"
#include "publish.h"
#include "registry_api.h"
#include "server.h"
#include "static_files.h"

using namespace traceseal;
using namespace traceseal::service;

namespace {

constexpr const char* kHelp =
    R"(Usage: traceseal-registryd --demo DIR [--listen HOST:PORT] [options]
       traceseal-registryd --store STORE --root ROOT.pub.json --trust-list TRUST.json
                           [--public DIR] [--issuing-key KEY.json]... [--listen HOST:PORT] [options]

Takes signed event batches over HTTP/1.1 (docs/REGISTRY.md, FORMAT.md §11), records them under
the registry rules, and publishes the trust files and status snapshots into the public directory,
which it also serves at /trust/, /status/ and /log/.

  --demo DIR            serve a `traceseal demo --out DIR` world: store sqlite:DIR/registry.sqlite,
                        DIR/root.pub.json, DIR/trust-list.json, public DIR/public, demo issuing keys,
                        demo log keys and witness (ts.example/log/1 and /2) when the demo has them
  --store STORE         sqlite:PATH (or PATH) or postgresql://[USER@]HOST[:PORT]/DB
  --root, --trust-list  the authority's pinned root and the trust list it signed
  --public DIR          the published directory (default: none served, nothing published)
  --issuing-key FILE    an operator's issuing secret key, to sign its segments' snapshots (repeat)
  --log OP,ORIGIN,KEY   publish operator OP's transparency log (FORMAT.md §10.17) to
                        PUBLIC/log/OP/, signed by KEY (a secret key file) as ORIGIN (repeat)
  --witness NAME,KEY,STATE  an in-process witness cosigning every log (repeat)
  --sms-outbox FILE     serve the inspector routes (FORMAT.md §12.8), one-time codes appended to
                        FILE; with --session-key KEY --audit-key KEY (keygen --role service),
                        --audit-log DIR and --enrol CERT.json (repeat). --demo sets them all
  --site DIR            also serve the static web page (build/wasm/site) at /, so the page and
                        the inspector API share one origin (docs/WEB.md); /trust/ answers the
                        published trust files first, then the site's
  --listen HOST:PORT    default 127.0.0.1:8080; port 0 picks a free port
  --publish-interval S  publish every S seconds (default 300; 0: only at start, stop and on demand)
  --threads N           worker threads (default 4)    --rate N   batches/s per key (default 50)
  --group-commit 1|0    1 (default): one writer writes the batches waiting in one transaction
  --max-body BYTES      (default 1048576)   --request-timeout MS (default 10000)
  --idle-timeout MS     (default 30000)     --max-connections N  (default 512)
Prints "listening on http://HOST:PORT" first; SIGTERM drains and exits 0.
)";

int usage(const std::string& what) {
    std::fprintf(stderr, "traceseal-registryd: %s (see --help)\n", what.c_str());
    return 2;
}

bool number(const std::string& s, long long lo, long long hi, long long& out) {
    if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos)
        return false;
    out = std::stoll(s);
    return out >= lo && out <= hi;
}

}  // namespace

int main(int argc, char** argv) {
    std::string demo, store_spec, root_file, trust_file, public_dir, listen = "127.0.0.1:8080";
    std::vector<std::string> issuing_files, enrol_files, log_specs, witness_specs;
    std::string sms_outbox, session_key, audit_key, audit_dir, site_dir;
    long long interval = 300, threads = 4, rate = 50, max_body = 1 << 20, request_ms = 10000,
              idle_ms = 30000, max_conn = 512, group_commit = 1;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--help" || a == "-h") return std::fputs(kHelp, stdout), 0;
        if (i + 1 >= argc) return usage(a + " needs a value or is unknown");
        std::string v = argv[++i];
        struct Num {
            const char* name;
            long long* out;
            long long lo, hi;
        };
        bool done = true;
        if (a == "--demo")
            demo = v;
        else if (a == "--store")
            store_spec = v;
        else if (a == "--root")
            root_file = v;
        else if (a == "--trust-list")
            trust_file = v;
        else if (a == "--public")
            public_dir = v;
        else if (a == "--issuing-key")
            issuing_files.push_back(v);
        else if (a == "--sms-outbox")
            sms_outbox = v;
        else if (a == "--session-key")
            session_key = v;
        else if (a == "--audit-key")
            audit_key = v;
        else if (a == "--audit-log")
            audit_dir = v;
        else if (a == "--enrol")
            enrol_files.push_back(v);
        else if (a == "--log")
            log_specs.push_back(v);
        else if (a == "--witness")
            witness_specs.push_back(v);
        else if (a == "--listen")
            listen = v;
        else if (a == "--site")
            site_dir = v;
        else
            done = false;
        if (done) continue;
        bool known = false;
        for (Num n :
             {Num{"--publish-interval", &interval, 0, 86400}, Num{"--threads", &threads, 1, 64},
              Num{"--rate", &rate, 1, 100000}, Num{"--max-body", &max_body, 1024, 64 << 20},
              Num{"--request-timeout", &request_ms, 100, 600000},
              Num{"--idle-timeout", &idle_ms, 100, 3600000},
              Num{"--max-connections", &max_conn, 1, 100000},
              Num{"--group-commit", &group_commit, 0, 1}}) {
            if (a != n.name) continue;
            known = true;
            if (!number(v, n.lo, n.hi, *n.out))
                return usage(a + " must be a number " + std::to_string(n.lo) + "-" +
                             std::to_string(n.hi));
        }
        if (!known) return usage("unknown option " + a);
    }
    if (!demo.empty()) {
        if (store_spec.empty()) store_spec = "sqlite:" + demo + "/registry.sqlite";
        if (root_file.empty()) root_file = demo + "/root.pub.json";
        if (trust_file.empty()) trust_file = demo + "/trust-list.json";
        if (public_dir.empty()) public_dir = demo + "/public";
        if (issuing_files.empty())
            for (int k = 1; k <= 2; ++k)
                issuing_files.push_back(demo + "/keys/DEMO-ONLY-issuing-" + std::to_string(k) +
                                        ".key.json");
        if (sms_outbox.empty()) {  // the inspector routes with the demo's inspectors (§12.10)
            sms_outbox = demo + "/sms-outbox.jsonl";
            session_key = demo + "/keys/DEMO-ONLY-service-session.key.json";
            audit_key = demo + "/keys/DEMO-ONLY-service-audit.key.json";
            audit_dir = demo + "/audit-log";
            for (const char* role : {"customs", "police", "market_regulator"})
                enrol_files.push_back(demo + "/keys/DEMO-ONLY-inspector-" + role + ".cert.json");
        }
        const std::string keys = demo + "/keys/DEMO-ONLY-";
        if (log_specs.empty() && access((keys + "log-1.key.json").c_str(), R_OK) == 0) {
            for (int k = 1; k <= 2; ++k)
                log_specs.push_back(std::to_string(k) + ",ts.example/log/" + std::to_string(k) +
                                    "," + keys + "log-" + std::to_string(k) + ".key.json");
            witness_specs.push_back("witness.example/demo," + keys + "witness.key.json," + demo +
                                    "/witness-state");
        }
    }
    if (!sms_outbox.empty() && (session_key.empty() || audit_key.empty() || audit_dir.empty()))
        return usage("--sms-outbox needs --session-key, --audit-key and --audit-log");
    if (store_spec.empty() || root_file.empty() || trust_file.empty())
        return usage("--demo DIR, or --store, --root and --trust-list, are required");
    auto colon = listen.rfind(':');
    if (colon == std::string::npos) return usage("--listen must be HOST:PORT");
    std::string host = listen.substr(0, colon), port = listen.substr(colon + 1);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);

    auto fail = [](const Error& e) {
        std::fprintf(stderr, "traceseal-registryd: %s: %s\n",
                     std::string(to_string(e.reason)).c_str(), e.detail.c_str());
        return 2;
    };
    auto trust = cli::load_trust(root_file, trust_file);
    if (!trust) return fail(trust.error());
    PublishConfig pc;
    pc.dir = public_dir;
    pc.root_file = root_file;
    pc.trust_file = trust_file;
    pc.root = trust->root_key();
    pc.trust = trust->body();
    for (const auto& f : issuing_files) {
        auto k = cli::load_key_file(f);
        if (!k) return fail(k.error());
        if (k->role != KeyRole::issuing || !k->secret_key)
            return usage(f + " is not an issuing secret key file");
        pc.issuing_keys.push_back(*k);
    }
    auto split3 = [](const std::string& v, std::string& a, std::string& b, std::string& c) {
        auto p = v.find(','), q = v.find(',', p == std::string::npos ? p : p + 1);
        if (p == std::string::npos || q == std::string::npos) return false;
        a = v.substr(0, p);
        b = v.substr(p + 1, q - p - 1);
        c = v.substr(q + 1);
        return !a.empty() && !b.empty() && !c.empty();
    };
    for (const auto& v : log_specs) {
        std::string op, origin, key;
        long long n = 0;
        if (!split3(v, op, origin, key) || !number(op, 1, 65535, n))
            return usage("--log must be OPERATOR,ORIGIN,KEYFILE");
        pc.logs.push_back({static_cast<std::uint16_t>(n), origin, key});
    }
    for (const auto& v : witness_specs) {
        std::string name, key, state;
        if (!split3(v, name, key, state)) return usage("--witness must be NAME,KEYFILE,STATEDIR");
        pc.witnesses.push_back({name, key, state});
    }
    if (!pc.logs.empty() && public_dir.empty()) return usage("--log needs --public DIR");
    ServerLimits limits;
    limits.max_body = static_cast<std::size_t>(max_body);
    limits.request_timeout = std::chrono::milliseconds(request_ms);
    limits.idle_timeout = std::chrono::milliseconds(idle_ms);
    limits.max_connections = static_cast<std::size_t>(max_conn);
    limits.threads = static_cast<int>(threads);
    // One store connection per worker, one for the publisher.
    auto pool = StorePool::open(store_spec, static_cast<std::size_t>(threads));
    if (!pool) return fail(pool.error());
    auto publish_store = registry::open_store(store_spec);
    if (!publish_store) return fail(publish_store.error());
    Publisher publisher(pc);
    if (auto e = publisher.open()) return fail(*e);
    std::mutex publish_m;
    auto publish_now = [&]() -> Result<std::string> {
        if (public_dir.empty()) return std::string("{\"published\":[]}");
        std::lock_guard<std::mutex> lock(publish_m);
        return publisher.publish(**publish_store, cli::now_utc());
    };
    if (auto r = publish_now(); !r) return fail(r.error());

    RateLimiter limiter(static_cast<double>(rate));
    ApiConfig api_config{trust->body(), [] { return cli::now_utc(); }, publish_now};
    // Group commit: the writer has its own store connection.
    std::unique_ptr<GroupWriter> writer;
    if (group_commit) {
        auto writer_store = registry::open_store(store_spec);
        if (!writer_store) return fail(writer_store.error());
        writer = std::make_unique<GroupWriter>(std::move(*writer_store));
    }
    RegistryApi api(**pool, limiter, api_config, writer.get());
    Router router;
    api.mount(router);
    if (!public_dir.empty())
        for (const char* prefix : {"/trust/", "/status/", "/log/"})
            if (site_dir.empty() || std::string(prefix) != "/trust/")
                mount_static(router, public_dir, prefix);
    if (!site_dir.empty()) mount_site(router, site_dir, public_dir);
    std::unique_ptr<inspector::Mounted> inspectors;
    if (!sms_outbox.empty()) {
        inspector::MountConfig mc;
        mc.store_spec = store_spec;
        mc.sms_outbox = sms_outbox;
        mc.session_key_file = session_key;
        mc.audit_key_file = audit_key;
        mc.audit_dir = audit_dir;
        mc.certificates = enrol_files;
        mc.trust = &*trust;
        mc.clock = [] { return cli::now_utc(); };
        mc.random = [](std::uint8_t* out, std::size_t n) {
            Bytes b = cli::random_bytes(n);
            std::copy(b.begin(), b.end(), out);
        };
        // §12.8: bundles v2 from the published logs, published on demand first.
        inspector::LogBundleConfig bc{store_spec, public_dir + "/log", {}, trust->body(), nullptr,
                                      mc.random};
        for (const auto& l : pc.logs) bc.log_operators.push_back(l.operator_id);
        bc.publish = [&publish_now]() -> std::optional<Error> {
            if (auto r = publish_now(); !r) return r.error();
            return std::nullopt;
        };
        mc.bundles = inspector::log_v2_bundles(std::move(bc));
        for (const auto& w : pc.witnesses)  // §12.7: the same witnesses cosign the audit log
            mc.audit_witnesses.push_back({w.name, w.key_file, w.state_dir});
        auto m = inspector::mount_inspectors(router, std::move(mc));
        if (!m) return fail(m.error());
        inspectors = std::move(*m);
    }

    Server server(router, limits);
    auto bound = server.listen(host, port);
    if (!bound) return fail(bound.error());
    std::printf("listening on http://%s\n", bound->c_str());
    std::fflush(stdout);

    std::mutex m;
    std::condition_variable cv;
    bool stopping = false;
    std::thread ticker([&] {
        std::unique_lock<std::mutex> lock(m);
        while (!stopping) {
            if (interval == 0) {
                cv.wait(lock, [&] { return stopping; });
                break;
            }
            if (cv.wait_for(lock, std::chrono::seconds(interval), [&] { return stopping; })) break;
            lock.unlock();
            if (auto r = publish_now(); !r)
                std::fprintf(stderr, "traceseal-registryd: publish: %s: %s\n",
                             std::string(to_string(r.error().reason)).c_str(),
                             r.error().detail.c_str());
            lock.lock();
        }
    });
    server.run([&] {
        {
            std::lock_guard<std::mutex> lock(m);
            stopping = true;
        }
        cv.notify_all();
    });
    ticker.join();
    int rc = 0;
    if (auto r = publish_now(); !r) rc = fail(r.error());
    std::printf("stopped\n");
    return rc;
}
