// traceseal inspector audit: an oversight reader verifies a copy of the inspectors' audit log
// offline — its witnessed checkpoint, its tiles and every query's signature (FORMAT.md §12.7).
#include <cstdio>
#include <nlohmann/json.hpp>

#include "args.h"
#include "audit_read.h"
#include "commands.h"

namespace traceseal::cli {

int run_inspector_audit(const Args& a) {
    const std::string cmd = "inspector audit";
    auto dir = a.value("--dir");
    auto log_vkey = a.value("--log-vkey");
    if (!dir || !log_vkey)
        return fail(cmd, "--dir AUDIT_DIR and --log-vkey VKEY are required (FORMAT.md §12.7)");
    tlog::LogPolicy policy;
    auto lk = tlog::parse_vkey(*log_vkey, tlog::kSigTypeEd25519);
    if (!lk) return fail(cmd, "--log-vkey: " + std::string(to_string(lk.error().reason)));
    policy.origin = lk->name;
    policy.log_key = *lk;
    for (const std::string& w : a.values("--witness")) {
        auto wk = tlog::parse_vkey(w, tlog::kSigTypeCosignatureV1);
        if (!wk) return fail(cmd, "--witness: " + std::string(to_string(wk.error().reason)));
        policy.witnesses.push_back(*wk);
    }
    policy.quorum = policy.witnesses.size();
    if (auto q = a.value("--quorum")) {
        char* end = nullptr;
        unsigned long n = std::strtoul(q->c_str(), &end, 10);
        if (q->empty() || *end || n < 1 || n > policy.witnesses.size())
            return fail(cmd, "--quorum must be 1 to the number of --witness");
        policy.quorum = n;
    }
    if (policy.witnesses.empty())
        return fail(cmd, "at least one --witness: the audit log is witnessed (FORMAT.md §12.7)");
    auto v = inspector::verify_audit_log(*dir, policy);
    const bool json = a.flag("--json");
    if (!v) {
        if (json)
            std::printf("%s\n", nlohmann::json{{"audit_log", *dir},
                                               {"verified", false},
                                               {"reason", std::string(to_string(v.error().reason))},
                                               {"detail", v.error().detail}}
                                    .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                                    .c_str());
        else
            std::fprintf(stderr, "traceseal inspector audit: refused: %s: %s\n",
                         std::string(to_string(v.error().reason)).c_str(),
                         v.error().detail.c_str());
        return kExitNotGenuine;
    }
    if (json) {
        nlohmann::json records = nlohmann::json::array();
        for (const AuditRecord& r : v->records)
            records.push_back({{"time", format_time(r.time)},
                               {"phone", r.phone},
                               {"agency", r.agency},
                               {"role", std::string(to_string(r.role))},
                               {"code", r.code},
                               {"case_reference", r.case_reference},
                               {"session", r.session}});
        std::printf("%s\n", nlohmann::json{{"audit_log", *dir},
                                           {"verified", true},
                                           {"origin", v->checkpoint.origin},
                                           {"size", v->checkpoint.size},
                                           {"witnesses", v->witnesses},
                                           {"records", records}}
                                .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                                .c_str());
        return kExitOk;
    }
    std::string names;
    for (const auto& w : v->witnesses) names += (names.empty() ? "" : ", ") + w;
    std::printf("%s: audit log %s verified: %llu queries, cosigned by %s\n", dir->c_str(),
                v->checkpoint.origin.c_str(), static_cast<unsigned long long>(v->checkpoint.size),
                names.c_str());
    for (std::size_t i = 0; i < v->records.size(); ++i) {
        const AuditRecord& r = v->records[i];
        std::printf("  %zu %s %s %s (agency %u) %s%s%s\n", i, format_time(r.time).c_str(),
                    r.phone.c_str(), std::string(to_string(r.role)).c_str(), r.agency,
                    r.code.c_str(), r.case_reference.empty() ? "" : " case ",
                    r.case_reference.c_str());
    }
    return kExitOk;
}

}  // namespace traceseal::cli
