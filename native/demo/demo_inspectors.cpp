// Demo inspectors (demo_inspectors.h): keys from (label, seed), certificates by the demo agencies.
#include "demo_inspectors.h"

namespace traceseal::cli {

std::vector<DemoInspector> demo_inspectors(const DemoWorld& w) {
    std::vector<DemoInspector> out;
    for (int i = 0; i < 3; ++i) {
        DemoInspector d;
        d.role = static_cast<InspectorRole>(i);
        const std::string label = "traceseal-demo/inspector-" + std::string(to_string(d.role));
        d.phone = "+861380000000" + std::to_string(i + 1);
        d.device = demo_key(label + "/device", w.seed);
        Bytes b = derive_bytes(label + "/box", w.seed, 32);
        Seed s{};
        std::copy(b.begin(), b.end(), s.begin());
        d.box = box_keypair_from_seed(s);
        const Agency agency = demo_agency(w, d.role);
        InspectorCertificateBody body;
        body.agency = agency.id;
        body.role = d.role;
        body.phone = d.phone;
        body.device_key = d.device.public_key;
        body.inspector_key = d.box.public_key;
        body.not_before = *parse_time(kDemoIssueDate);
        body.not_after = body.not_before + 3650 * 86400LL;
        d.certificate = sign_inspector_certificate(format_inspector_certificate_body(body),
                                                   agency.id, w.agencies[i].secret_key);
        out.push_back(std::move(d));
    }
    return out;
}

}  // namespace traceseal::cli
