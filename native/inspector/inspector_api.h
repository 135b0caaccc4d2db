// The inspector routes of the registry service (FORMAT.md §12.8) as functions of an HttpRequest
// to an HttpResponse (native/service/http_message.h): enrolment, one-time code, login and the
// audited provenance query. traceseal-registryd mounts them; tests call them directly.
#pragma once

#include <functional>
#include <optional>

#include "audit_log.h"
#include "http_message.h"
#include "inspector_service.h"
#include "router.h"

namespace traceseal::inspector {

// Who a bundle is for: the exporter seals to `inspector_key` only what `role` may open (§12.3,
// seal_bundle_for in the core).
struct BundleRecipient {
    InspectorRole role = InspectorRole::customs;
    BoxPublicKey inspector_key;
};
// The bundle v2 of a code number for one recipient, or why not (e.g. provenance_wrong_code for a
// code the log has never seen).
using BundleSource =
    std::function<Result<Bytes>(const std::string& code_number, const BundleRecipient& to)>;

class InspectorApi {
  public:
    InspectorApi(InspectorService& service, AuditLog& audit, BundleSource bundles);

    // Adds the four routes of §12.8 to a registryd router.
    void mount(service::Router& router);
    // Any request under /v1/inspector/, else nullopt (not ours).
    std::optional<service::HttpResponse> handle(const service::HttpRequest& request);

    service::HttpResponse enrol(const service::HttpRequest& request);
    service::HttpResponse request_code(const service::HttpRequest& request);
    service::HttpResponse login(const service::HttpRequest& request);
    service::HttpResponse fetch_provenance(const service::HttpRequest& request,
                                           const std::string& code_number);

  private:
    InspectorService& service_;
    AuditLog& audit_;
    BundleSource bundles_;
};

// The HTTP status of a refusal (§12.8).
int inspector_http_status(Reason reason);

inline constexpr std::string_view kInspectorPrefix = "/v1/inspector/";

}  // namespace traceseal::inspector
