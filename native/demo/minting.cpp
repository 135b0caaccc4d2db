// Minting: payloads from a plan, Ed25519 signatures, QR symbols and label files.
#include "minting.h"

#include "files.h"
#include "render_label.h"

namespace traceseal::cli {

Result<std::vector<MintedCode>> mint_run(const MintPlan& plan, const std::string& label_dir,
                                         const std::string& label_name_prefix) {
    std::vector<MintedCode> out;
    out.reserve(plan.count);
    for (std::uint32_t i = 0; i < plan.count; ++i) {
        MintedCode m;
        CodeFields& f = m.fields;
        f.key_id = plan.key_id;
        f.operator_id = plan.operator_id;
        f.category = plan.categories[i % plan.categories.size()];
        f.issue_day = plan.issue_day;
        f.segment = plan.segment;
        f.serial = plan.first_serial + i;
        f.nonce = plan.nonce(f.serial);
        m.text = mint_code_text(f, plan.key.secret_key, plan.prefix);
        auto qr = native::make_qr(m.text, 'M');
        if (!qr) return qr.error();
        m.qr_version = qr->version;
        m.ec_level = qr->ec_level;
        if (!label_dir.empty()) {
            native::LabelText lt;
            lt.code_number = format_code_number(f);
            lt.caption = plan.caption;
            std::string name = label_name_prefix + lt.code_number;
            auto png = native::render_label_png(*qr, lt);
            if (!png) return png.error();
            m.label_png = name + ".png";
            m.label_svg = name + ".svg";
            // Labels can be rendered again from the codes: no fsync per file.
            if (auto e = write_file(label_dir + "/" + m.label_png, *png, false))
                return make_error(Reason::image_unreadable, *e);
            if (auto e = write_file(label_dir + "/" + m.label_svg,
                                    native::render_label_svg(*qr, lt), false, false, false))
                return make_error(Reason::image_unreadable, *e);
        }
        out.push_back(std::move(m));
    }
    return out;
}

}  // namespace traceseal::cli
