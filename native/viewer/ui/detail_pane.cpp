// The detail pane: verdict, lifecycle state and status freshness, reasons in plain language,
// decoded fields, the image with the code's outline, and the provenance section.
#include <imgui.h>

#include <algorithm>

#include "ui/ui.h"
#include "ui_text.h"

namespace traceseal::viewer::ui {
namespace {

void field(const char* name, const std::string& value, bool dim = false) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextDisabled("%s", name);
    ImGui::TableSetColumnIndex(1);
    if (dim)
        ImGui::TextDisabled("%s", value.c_str());
    else
        ImGui::TextWrapped("%s", value.c_str());
}

void draw_fields(const Row& r, Lang L) {
    const Assessment& a = r.assessment;
    const bool verified = a.authentic;  // §6.1, decided by the core
    ImGui::TextUnformatted(tr(T::decoded_fields, L));
    if (a.fields && !verified) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.95f, 0.6f, 0.2f, 1));
        ImGui::TextWrapped("%s", tr(T::unverified_note, L));
        ImGui::PopStyleColor();
    }
    if (!ImGui::BeginTable("fields", 2,
                           ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_BordersInnerH))
        return;
    ImGui::TableSetupColumn("k", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 7);
    ImGui::TableSetupColumn("v", ImGuiTableColumnFlags_WidthStretch);
    const bool zh = L == Lang::zh_CN;
    if (a.fields) {
        const CodeFields& f = *a.fields;
        field(tr(T::f_code_number, L), format_code_number(f), !verified);
        field(tr(T::f_operator, L),
              verified ? (zh ? a.operator_name_zh : a.operator_name_en) + " (#" +
                             std::to_string(f.operator_id) + ")"
                       : "#" + std::to_string(f.operator_id),
              !verified);
        if (verified)
            field(tr(T::f_category, L), (zh ? a.category_name_zh : a.category_name_en) + " (#" +
                                            std::to_string(f.category) + ")");
        else
            field(tr(T::f_category, L), "#" + std::to_string(f.category), true);
        field(tr(T::f_issue_date, L), format_day(f.issue_day), !verified);
        field(tr(T::f_segment, L), std::to_string(f.segment), !verified);
        field(tr(T::f_serial, L), std::to_string(f.serial), !verified);
        field(tr(T::f_key_id, L), std::to_string(f.key_id), !verified);
        field(tr(T::f_version, L), std::to_string(f.version), !verified);
        field(tr(T::f_nonce, L), to_hex(f.nonce.data(), f.nonce.size()), !verified);
    }
    if (!a.text.empty()) field(tr(T::f_text, L), a.text);
    if (r.symbol) field(tr(T::f_symbol, L), r.symbol->format);
    field(tr(T::f_input, L), r.input);
    field(tr(T::f_checked_at, L), format_time(r.checked_at));
    field(tr(T::f_verified_at, L), format_time(r.verified_at));
    ImGui::EndTable();
}

void draw_image(const Row& r, Lang L) {
    if (r.path.empty()) return;
    ImGui::Spacing();
    ImGui::TextUnformatted(tr(T::image, L));
    const ImageTexture& tex = image_texture(r.path);
    if (tex.failed || !tex.id) {
        ImGui::TextDisabled("%s", tr(T::image_unavailable, L));
        return;
    }
    const float max_w = ImGui::GetContentRegionAvail().x;
    const float max_h = std::max(120.0f, ImGui::GetFontSize() * 11);
    const float k = std::min(max_w / tex.width, max_h / tex.height);
    const ImVec2 size(tex.width * k, tex.height * k);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(tex.id)), size);
    if (r.symbol) {
        ImVec2 pts[4];
        for (int i = 0; i < 4; ++i)
            pts[i] = ImVec2(origin.x + r.symbol->outline[i].x * k,
                            origin.y + r.symbol->outline[i].y * k);
        Rgba c = verdict_colour(r);
        ImGui::GetWindowDrawList()->AddPolyline(
            pts, 4, ImGui::GetColorU32(ImVec4(c.r, c.g, c.b, 1)), ImDrawFlags_Closed, 3.0f);
    }
}

const ImVec4 kOrange(0.95f, 0.6f, 0.15f, 1);

// State (plain words and the spec word) and the status data it came from (§9.3, §9.5).
void draw_state(const AppState& s, const Row& r, Lang L) {
    const Assessment& a = r.assessment;
    if (!a.status) {
        if (a.fields && a.authentic) ImGui::TextDisabled("%s", tr(T::f_no_status, L));
        return;
    }
    if (!ImGui::BeginTable("state", 2, ImGuiTableFlags_SizingStretchProp)) return;
    ImGui::TableSetupColumn("k", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 7);
    ImGui::TableSetupColumn("v", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextDisabled("%s", tr(T::f_state, L));
    ImGui::TableSetColumnIndex(1);
    set_big_font(true);
    ImGui::TextUnformatted(a.state ? std::string(message(*a.state, L)).c_str()
                                   : tr(T::f_not_allocated, L));
    set_big_font(false);
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%s", a.state ? std::string(to_string(*a.state)).c_str() : "");
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextDisabled("%s", tr(T::context, L));
    ImGui::TableSetColumnIndex(1);
    ImGui::TextWrapped("%s", context_label(a.context.value_or(s.context), L));
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextDisabled("%s", tr(T::f_status_data, L));
    ImGui::TableSetColumnIndex(1);
    const std::string issued = format_time(a.status->issued_at),
                      until = format_time(a.status->valid_until);
    ImGui::TextWrapped(tr(T::f_status_stamp, L),
                       static_cast<unsigned long long>(a.status->sequence), issued.c_str(),
                       until.c_str());
    if (r.verified_at > a.status->valid_until) {  // status_stale, said plainly
        ImGui::PushStyleColor(ImGuiCol_Text, kOrange);
        ImGui::TextWrapped(tr(T::f_status_stale, L), until.c_str());
        ImGui::PopStyleColor();
    } else {
        ImGui::TextColored(ImVec4(0.4f, 0.85f, 0.45f, 1), "%s", tr(T::f_status_fresh, L));
    }
    ImGui::EndTable();
}

// The local scan log's earlier sightings of this code (the clone rule's evidence, §9.5).
void draw_sightings(const Row& r, Lang L) {
    if (r.seen_before.empty() || !r.here) return;
    ImGui::Spacing();
    ImGui::TextUnformatted(tr(T::seen_before, L));
    for (const ScanLogEntry& e : r.seen_before) {
        const double km = distance_km(e.sighting, *r.here);
        ImGui::BulletText(tr(T::seen_entry, L), format_time(e.sighting.at).c_str(), e.place.c_str(),
                          km);
    }
}

// §10.13: v2 bundles for this code that were refused, each with its reason from the catalog.
bool draw_refusals(const AppState& s, const std::string& code, Lang L) {
    const auto refused = refusals_of(s.provenance, code);
    if (refused.empty()) return false;
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.95f, 0.45f, 0.4f, 1));
    ImGui::TextWrapped("%s", tr(T::prov_refused, L));
    ImGui::PopStyleColor();
    for (const platform::BundleV2Result* b : refused) {
        const Reason reason = b->refused->reason;
        ImGui::Bullet();
        ImGui::TextWrapped("%s", std::string(message(reason, L)).c_str());
        ImGui::Indent();
        ImGui::TextDisabled("%s", std::string(to_string(reason)).c_str());
        ImGui::PushTextWrapPos(0);
        ImGui::TextDisabled("%s: %s", b->path.c_str(), b->refused->detail.c_str());
        ImGui::PopTextWrapPos();
        ImGui::Unindent();
    }
    return true;
}

// The log a v2 timeline was verified in: origin, size, the witnesses that cosigned, the held
// checkpoint it extends.
void draw_log_heading(const platform::HistoryV2& h, Lang L) {
    std::string names;
    for (const std::string& w : h.witnesses) names += (names.empty() ? "" : ", ") + w;
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled(tr(T::prov_log, L), h.checkpoint.origin.c_str(),
                        static_cast<unsigned long long>(h.checkpoint.size), names.c_str(), h.quorum,
                        h.witnesses_listed);
    if (h.held_size)
        ImGui::TextDisabled(tr(T::prov_held, L), static_cast<unsigned long long>(*h.held_size));
    ImGui::PopTextWrapPos();
}

// §10: a verified bundle's events for this code, oldest first: time, event, the state after it,
// actor and place (sale and pickup details only with the inspector key).
bool draw_timeline(const AppState& s, const Row& r, Lang L) {
    if (!r.assessment.fields) return false;
    const std::string code = format_code_number(*r.assessment.fields);
    const bool refused = draw_refusals(s, code, L);
    const std::vector<TimelineEvent> events = timeline_of(s.provenance, code);
    if (events.empty()) return refused;
    const platform::HistoryV2* h = history_of(s.provenance, code);
    ImGui::TextDisabled("%s", tr(h ? T::prov_timeline_v2 : T::prov_timeline, L));
    if (h) draw_log_heading(*h, L);
    if (!ImGui::BeginTable("timeline", 4,
                           ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_BordersInnerH))
        return true;
    const float em = ImGui::GetFontSize();
    const std::string widest = std::to_string(events.back().seq);
    ImGui::TableSetupColumn("seq", ImGuiTableColumnFlags_WidthFixed,
                            std::max(em * 1.2f, ImGui::CalcTextSize(widest.c_str()).x));
    ImGui::TableSetupColumn("time", ImGuiTableColumnFlags_WidthFixed,
                            ImGui::CalcTextSize("2026-12-01 00:00").x);
    ImGui::TableSetupColumn("event", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("who", ImGuiTableColumnFlags_WidthStretch, 1.2f);
    for (const TimelineEvent& e : events) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::TextDisabled("%llu", static_cast<unsigned long long>(e.seq));
        ImGui::TableSetColumnIndex(1);
        if (e.details) {  // "YYYY-MM-DD HH:MM" UTC
            const std::string t = format_time(e.details->time);
            ImGui::TextUnformatted((t.substr(0, 10) + " " + t.substr(11, 5)).c_str());
        }
        ImGui::TableSetColumnIndex(2);
        auto st = parse_code_state(e.state);
        std::string what = e.type + " -> " + (st ? std::string(message(*st, L)) : e.state);
        if (e.code != code)
            what += " (" + e.code + ")";  // the old code of a re-issue/replacement
        else if (!e.related.empty())
            what += " (" + e.related + ")";
        ImGui::TextWrapped("%s", what.c_str());
        ImGui::TableSetColumnIndex(3);
        if (e.details)
            ImGui::TextWrapped("%s, %s%s%s", e.details->actor.c_str(), e.details->place.c_str(),
                               e.details->reason.empty() ? "" : ": ", e.details->reason.c_str());
        else if (e.unreadable)  // sealed details that did not open: the catalog's words
            ImGui::TextWrapped("%s (%s)", std::string(message(e.unreadable->reason, L)).c_str(),
                               std::string(to_string(e.unreadable->reason)).c_str());
        else
            ImGui::TextDisabled("%s", tr(T::prov_sealed, L));
    }
    ImGui::EndTable();
    return true;
}

// §9/§10: the state from the snapshot; the history only from a provenance bundle.
void draw_provenance(const AppState& s, const Row& r, Lang L) {
    ImGui::TextUnformatted(tr(T::provenance, L));
    if (draw_timeline(s, r, L)) return;
    const Assessment& a = r.assessment;
    if (!a.status || !a.state) {
        ImGui::TextDisabled("%s", tr(T::prov_no_state, L));
        return;
    }
    ImGui::BulletText("%s: %s (%s)", tr(T::f_state, L), std::string(message(*a.state, L)).c_str(),
                      std::string(to_string(*a.state)).c_str());
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s", tr(T::prov_state_only, L));
    ImGui::PopTextWrapPos();
}

}  // namespace

void draw_detail_pane(AppState& s, UiState&) {
    const Lang L = s.lang;
    ImGui::BeginChild("detail");
    if (!s.selected || *s.selected >= s.rows.size()) {
        ImGui::TextDisabled("%s", tr(T::no_selection, L));
        ImGui::EndChild();
        return;
    }
    const Row& r = s.rows[*s.selected];
    Rgba c = verdict_colour(r);
    set_big_font(true);
    ImGui::TextColored(ImVec4(c.r * 1.25f, c.g * 1.25f, c.b * 1.25f, 1), "%s",
                       row_verdict_label(r, L));
    set_big_font(false);
    if (r.error) {
        ImGui::TextWrapped("%s", tr(T::file_refused, L));
        ImGui::TextWrapped("%s: %s", std::string(to_string(r.error->reason)).c_str(),
                           std::string(message(r.error->reason, L)).c_str());
        ImGui::TextDisabled("%s", r.error->detail.c_str());
        ImGui::EndChild();
        return;
    }
    const Assessment& a = r.assessment;
    ImGui::TextWrapped("%s", std::string(message(a.verdict, L)).c_str());
    if (a.reminder) {  // §6.1: warnings too (a resale warning is where it matters most)
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.95f, 0.75f, 0.3f, 1));
        ImGui::TextWrapped("%s", std::string(resale_reminder(L)).c_str());
        ImGui::PopStyleColor();
    }
    ImGui::Spacing();
    draw_state(s, r, L);
    ImGui::Spacing();
    ImGui::TextUnformatted(tr(T::reasons, L));
    if (a.reasons.empty()) ImGui::BulletText("%s", tr(T::no_reasons, L));
    for (Reason reason : a.reasons) {
        ImGui::Bullet();
        ImGui::TextWrapped("%s", std::string(message(reason, L)).c_str());
        ImGui::Indent();
        ImGui::TextDisabled("%s", std::string(to_string(reason)).c_str());
        ImGui::Unindent();
    }
    draw_sightings(r, L);
    ImGui::Separator();
    draw_fetch_state(s, r);
    draw_provenance(s, r, L);  // before the image: the code's story is what inspectors ask for
    draw_image(r, L);
    ImGui::Separator();
    draw_fields(r, L);
    ImGui::EndChild();
}

}  // namespace traceseal::viewer::ui
