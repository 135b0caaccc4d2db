// The trust panel: which root, which list, how fresh, and what each issuing key may sign.
#include <imgui.h>

#include "trust_source.h"
#include "ui/ui.h"
#include "ui_text.h"

namespace traceseal::viewer::ui {
namespace {

void row(const char* k, const std::string& v) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextDisabled("%s", k);
    ImGui::TableSetColumnIndex(1);
    ImGui::TextWrapped("%s", v.c_str());
}

std::string segments_text(const IssuingKey& k) {
    std::string o;
    for (const auto& r : k.segments)
        o += (o.empty() ? "" : ", ") + std::to_string(r.first) + "-" + std::to_string(r.last);
    return o;
}

}  // namespace

void draw_trust_panel(const AppState& s, UnixTime now) {
    const Lang L = s.lang;
    const bool zh = L == Lang::zh_CN;
    ImGui::BeginChild("trust");
    draw_server_section(s, now);  // the registry service first: how fresh all below is
    if (!s.trust.list) {
        ImGui::TextWrapped("%s", tr(T::t_not_loaded, L));
        if (s.trust.error)
            ImGui::TextWrapped("%s: %s", std::string(message(s.trust.error->reason, L)).c_str(),
                               s.trust.error->detail.c_str());
        ImGui::EndChild();
        return;
    }
    const TrustList& t = *s.trust.list;
    const TrustListBody& b = t.body();
    long long days = days_until_expiry(t, s.fixed_at.value_or(now));
    if (days >= 0)
        ImGui::TextColored(ImVec4(0.4f, 0.85f, 0.45f, 1), tr(T::t_fresh, L), days);
    else
        ImGui::TextColored(ImVec4(0.95f, 0.6f, 0.15f, 1), tr(T::t_expired, L), -days);
    if (ImGui::BeginTable("list", 2,
                          ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_BordersInnerH)) {
        ImGui::TableSetupColumn("k", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 7);
        ImGui::TableSetupColumn("v", ImGuiTableColumnFlags_WidthStretch);
        row(tr(T::t_source, L), s.trust.description);
        row(tr(T::t_authority, L), b.authority);
        row(tr(T::t_root_key, L), t.root_key_id());
        row(tr(T::t_sequence, L), std::to_string(b.sequence));
        row(tr(T::t_issued, L), format_time(b.issued_at));
        row(tr(T::t_expires, L), format_time(b.expires_at));
        row(tr(T::t_prefix, L), b.label_prefix);
        ImGui::EndTable();
    }
    ImGui::Spacing();
    ImGui::TextUnformatted(tr(T::t_issuing_keys, L));
    const ImGuiTableFlags tf =
        ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
    if (ImGui::BeginTable("keys", 5, tf)) {
        ImGui::TableSetupColumn(tr(T::f_key_id, L));
        ImGui::TableSetupColumn(tr(T::f_operator, L));
        ImGui::TableSetupColumn(tr(T::t_segments, L));
        ImGui::TableSetupColumn(tr(T::t_valid_from, L));
        ImGui::TableSetupColumn(tr(T::t_valid_until, L));
        ImGui::TableHeadersRow();
        for (const IssuingKey& k : b.issuing_keys) {
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::Text("%u", unsigned(k.key_id));
            ImGui::TableSetColumnIndex(1);
            const Operator* o = b.find_operator(k.operator_id);
            ImGui::TextUnformatted(o ? (zh ? o->name_zh : o->name_en).c_str() : "?");
            ImGui::TableSetColumnIndex(2);
            ImGui::TextUnformatted(segments_text(k).c_str());
            ImGui::TableSetColumnIndex(3);
            ImGui::TextUnformatted(format_time(k.not_before).substr(0, 10).c_str());
            ImGui::TableSetColumnIndex(4);
            ImGui::TextUnformatted(format_time(k.not_after).substr(0, 10).c_str());
        }
        ImGui::EndTable();
    }
    ImGui::Spacing();
    ImGui::TextUnformatted(tr(T::t_revoked_keys, L));
    if (b.revoked_keys.empty())
        ImGui::TextDisabled("%s", tr(T::none, L));
    else if (ImGui::BeginTable("revoked", 3, tf)) {
        ImGui::TableSetupColumn(tr(T::f_key_id, L));
        ImGui::TableSetupColumn(tr(T::t_revoked_at, L));
        ImGui::TableSetupColumn(tr(T::t_reason, L));
        ImGui::TableHeadersRow();
        for (const RevokedKey& k : b.revoked_keys) {
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::Text("%u", unsigned(k.key_id));
            ImGui::TableSetColumnIndex(1);
            ImGui::TextUnformatted(format_time(k.revoked_at).c_str());
            ImGui::TableSetColumnIndex(2);
            ImGui::TextUnformatted(k.reason.c_str());
        }
        ImGui::EndTable();
    }
    ImGui::Spacing();
    ImGui::TextUnformatted(tr(T::t_status, L));
    if (s.status_data.snapshots.empty())
        ImGui::TextDisabled("%s", tr(T::status_none, L));
    else if (ImGui::BeginTable("status", 5, tf)) {
        ImGui::TableSetupColumn(tr(T::f_segment, L));
        ImGui::TableSetupColumn(tr(T::t_sequence, L));
        ImGui::TableSetupColumn(tr(T::t_issued, L));
        ImGui::TableSetupColumn(tr(T::t_valid_until, L));
        ImGui::TableSetupColumn(tr(T::t_counts, L));
        ImGui::TableHeadersRow();
        const UnixTime at = s.fixed_at.value_or(now);
        for (const StatusSnapshot& snap : s.status_data.snapshots) {
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::Text("%u (%u-%u)", unsigned(snap.certificate().segment),
                        unsigned(snap.certificate().first), unsigned(snap.certificate().last));
            ImGui::TableSetColumnIndex(1);
            ImGui::Text("%llu", static_cast<unsigned long long>(snap.sequence()));
            ImGui::TableSetColumnIndex(2);
            ImGui::TextUnformatted(format_time(snap.issued_at()).substr(0, 10).c_str());
            ImGui::TableSetColumnIndex(3);
            // The rule a verdict's status_stale follows (FORMAT.md §9.4): valid_until, capped
            // by the trust list's status_max_age after issued_at.
            const UnixTime used_until = snap.used_until(t.body().status_max_age);
            const std::string until = format_time(used_until).substr(0, 10);
            if (at > used_until)
                ImGui::TextColored(ImVec4(0.95f, 0.6f, 0.15f, 1), "%s (status_stale)",
                                   until.c_str());
            else
                ImGui::TextUnformatted(until.c_str());
            ImGui::TableSetColumnIndex(4);
            std::string counts;
            for (CodeState c : kStates)
                if (std::uint64_t n = snap.count(c))
                    counts += (counts.empty() ? "" : ", ") + std::string(to_string(c)) + " " +
                              std::to_string(n);
            ImGui::TextUnformatted(counts.c_str());
        }
        ImGui::EndTable();
    }
    ImGui::Spacing();
    ImGui::TextUnformatted(tr(T::t_categories, L));
    std::string cats;
    for (const Category& c : b.categories)
        cats += (cats.empty() ? "" : ", ") + (zh ? c.name_zh : c.name_en);
    ImGui::TextWrapped("%s", cats.c_str());
    ImGui::EndChild();
}

}  // namespace traceseal::viewer::ui
