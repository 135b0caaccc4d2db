// The UI string table and the text the font atlas must cover.
#include "ui_text.h"

namespace traceseal::viewer {
namespace {

struct Entry {
    const char* en;
    const char* zh;
};

constexpr Entry kTable[] = {
#define TRACESEAL_UI_ENTRY(id, en, zh) {en, zh},
    TRACESEAL_UI_TEXT(TRACESEAL_UI_ENTRY)
#undef TRACESEAL_UI_ENTRY
};

}  // namespace

const char* tr(T id, Lang lang) {
    const Entry& e = kTable[static_cast<int>(id)];
    return lang == Lang::zh_CN ? e.zh : e.en;
}

const char* verdict_label(Verdict v, Lang lang) {
    switch (v) {
        case Verdict::genuine:
            return tr(T::v_genuine, lang);
        case Verdict::warning:
            return tr(T::v_warning, lang);
        case Verdict::invalid:
            return tr(T::v_invalid, lang);
        case Verdict::foreign:
            return tr(T::v_foreign, lang);
        case Verdict::no_code:
            return tr(T::v_no_code, lang);
    }
    return "?";
}

const char* context_label(ScanContext c, Lang lang) {
    switch (c) {
        case ScanContext::consumer:
            return tr(T::ctx_consumer, lang);
        case ScanContext::inspector_shop:
            return tr(T::ctx_inspector_shop, lang);
        case ScanContext::inspector_port:
            return tr(T::ctx_inspector_port, lang);
    }
    return "?";
}

std::string all_ui_text() {
    std::string all;
    for (const Entry& e : kTable) (all += e.en) += e.zh;
    for (Lang lang : {Lang::zh_CN, Lang::en}) {
#define TRACESEAL_UI_REASON(name, verdict) all += message(Reason::name, lang);
        TRACESEAL_REASONS(TRACESEAL_UI_REASON)
#undef TRACESEAL_UI_REASON
        for (Verdict v : {Verdict::genuine, Verdict::warning, Verdict::invalid, Verdict::foreign,
                          Verdict::no_code})
            all += message(v, lang);
        all += resale_reminder(lang);
        for (int st = 0; st <= int(CodeState::superseded); ++st)
            all += message(static_cast<CodeState>(st), lang);
    }
    all += "中文English";
    return all;
}

}  // namespace traceseal::viewer
