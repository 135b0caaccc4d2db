// Wiring of the inspector routes into traceseal-registryd (inspector_mount.h).
#include "inspector_mount.h"

#include "files.h"

namespace traceseal::inspector {
namespace {

Result<KeyFile> service_key(const std::string& path) {
    auto k = cli::load_key_file(path);
    if (!k) return k.error();
    if (k->role != KeyRole::service || !k->secret_key)
        return make_error(Reason::key_file_malformed,
                          path + ": not a service secret key file (keygen --role service)");
    return k;
}

}  // namespace

Result<std::unique_ptr<Mounted>> mount_inspectors(service::Router& router, MountConfig c) {
    auto m = std::make_unique<Mounted>();
    auto session = service_key(c.session_key_file);
    if (!session) return session.error();
    auto audit_key = service_key(c.audit_key_file);
    if (!audit_key) return audit_key.error();
    auto store = open_inspector_store(c.store_spec);
    if (!store) return store.error();
    m->store = std::move(*store);
    m->sms = std::make_unique<FileOutboxSender>(c.sms_outbox, c.clock);
    ServiceConfig sc{c.trust, {session->public_key, *session->secret_key}, c.clock, c.random};
    m->service = std::make_unique<InspectorService>(sc, *m->store, *m->sms);
    auto audit_signer = std::make_unique<log::KeySigner>(c.audit_origin, tlog::kSigTypeEd25519,
                                                         *audit_key->secret_key);
    // §12.7: the witnesses know the audit log by its origin and key, as any log's.
    tlog::LogPolicy policy;
    policy.origin = c.audit_origin;
    policy.log_key = audit_signer->vkey();
    std::vector<registry::Cosigner> cosigners;
    for (const auto& w : c.audit_witnesses) {
        auto k = log::load_key_signer(w.key_file, w.name, tlog::kSigTypeCosignatureV1);
        if (!k) return k.error();
        m->witness_keys.push_back(std::move(*k));
        m->witnesses.push_back(std::make_unique<log::Witness>(
            w.state_dir, std::vector<tlog::LogPolicy>{policy}, *m->witness_keys.back()));
        cosigners.push_back(
            [wp = m->witnesses.back().get(), clock = c.clock](const std::string& req) {
                return wp->add_checkpoint(req, clock());
            });
    }
    auto audit = AuditLog::open(c.audit_dir, c.audit_origin, std::move(audit_signer),
                                std::move(cosigners), c.audit_quorum);
    if (!audit) return audit.error();
    m->audit = std::move(*audit);
    for (const std::string& path : c.certificates) {
        auto text = cli::read_file(path, cli::kMaxKeyFileBytes);
        if (!text) return text.error();
        auto enrolled = m->service->enrol(*text);
        if (!enrolled)
            return make_error(enrolled.error().reason, path + ": " + enrolled.error().detail);
    }
    m->api = std::make_unique<InspectorApi>(*m->service, *m->audit, std::move(c.bundles));
    m->api->mount(router);
    return m;
}

}  // namespace traceseal::inspector
