// Everything traceseal-registryd needs to serve the inspector routes (FORMAT.md §12.8): the
// tables in its store, the SMS outbox, the session and audit keys, the audit log, enrolments
// given at start, and the routes on its Router.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "inspector_api.h"
#include "witness.h"

namespace traceseal::inspector {

struct MountConfig {
    std::string store_spec;        // the registry's store: the inspector tables live beside it
    std::string sms_outbox;        // FileOutboxSender's file
    std::string session_key_file;  // keygen --role service
    std::string audit_dir, audit_origin = "ts.example/audit/1";
    std::string audit_key_file;  // keygen --role service
    // The witnesses that cosign every audit checkpoint (§12.7): name, cosignature/v1 key file,
    // state directory (the registry's witnesses: the same files as --witness).
    struct Witness {
        std::string name, key_file, state_dir;
    };
    std::vector<Witness> audit_witnesses;
    std::size_t audit_quorum = 0;           // 0: every witness
    std::vector<std::string> certificates;  // enrolled at start (e.g. the demo's)
    const TrustList* trust = nullptr;
    Clock clock;
    Random random;
    BundleSource bundles;
};

class Mounted {
  public:
    std::unique_ptr<InspectorStore> store;
    std::unique_ptr<FileOutboxSender> sms;
    std::unique_ptr<InspectorService> service;
    std::vector<std::unique_ptr<log::Signer>> witness_keys;
    std::vector<std::unique_ptr<log::Witness>> witnesses;
    std::unique_ptr<AuditLog> audit;
    std::unique_ptr<InspectorApi> api;
};

// Errors name the file or the certificate that was refused.
Result<std::unique_ptr<Mounted>> mount_inspectors(service::Router& router, MountConfig config);

}  // namespace traceseal::inspector
