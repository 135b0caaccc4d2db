// problem(): RFC 9457 answers carrying a FORMAT.md §7 reason word (built in batch.cpp, where the
// service's JSON lives).
#include "http_message.h"

#include "batch.h"

namespace traceseal::service {

HttpResponse problem(int status, const std::string& reason, const std::string& detail) {
    HttpResponse r;
    r.status = status;
    r.content_type = "application/problem+json";
    auto word = parse_reason(reason);
    r.body = word ? format_problem(status, *word, detail)
                  : json_object({{"type", "about:blank"}, {"reason", reason}, {"detail", detail}},
                                {{"status", status}});
    return r;
}

}  // namespace traceseal::service
