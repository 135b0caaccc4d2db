// The registry service in the UI (ui.h): how fresh the synced data is, the login dialog, and
// the selected code's fetch. Everything it changes goes through ServerState's request flags;
// the worker (server_sync.h) does the network.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <cstdio>

#include "inspector_key.h"
#include "ui/ui.h"
#include "ui_text.h"

namespace traceseal::viewer::ui {
namespace {

const ImVec4 kRed(0.95f, 0.35f, 0.3f, 1), kOrange(0.95f, 0.7f, 0.3f, 1),
    kGreen(0.45f, 0.85f, 0.45f, 1);

std::string fmt(const char* f, const std::string& a, const std::string& b = {},
                const std::string& c = {}) {
    char buf[512];
    std::snprintf(buf, sizeof buf, f, a.c_str(), b.c_str(), c.c_str());
    return buf;
}

std::string reason_line(const Error& e, Lang L) {
    return std::string(to_string(e.reason)) + " - " + std::string(message(e.reason, L));
}

std::string agency_name(const AppState& s, std::uint16_t id) {
    const Agency* a = s.trust.list ? s.trust.list->body().find_agency(id) : nullptr;
    if (!a) return "agency " + std::to_string(id);
    return s.lang == Lang::zh_CN ? a->name_zh : a->name_en;
}

}  // namespace

std::string age_text(UnixTime then, UnixTime now, Lang L) {
    const long long d = static_cast<long long>(now) - static_cast<long long>(then);
    char buf[64];
    if (d < 90)
        std::snprintf(buf, sizeof buf, tr(T::age_s, L), d < 0 ? 0 : d);
    else if (d < 90 * 60)
        std::snprintf(buf, sizeof buf, tr(T::age_min, L), d / 60);
    else if (d < 48 * 3600)
        std::snprintf(buf, sizeof buf, tr(T::age_h, L), d / 3600);
    else
        std::snprintf(buf, sizeof buf, tr(T::age_d, L), d / 86400);
    return buf;
}

void draw_server_strip(const AppState& s, UnixTime now) {
    const ServerState& sv = s.server;
    if (sv.url.empty()) return;
    const Lang L = s.lang;
    const std::string synced =
        sv.last_success ? age_text(*sv.last_success, now, L) : tr(T::srv_never, L);
    if (!sv.last_attempt)
        ImGui::TextDisabled("%s", fmt(tr(T::srv_syncing, L), sv.url).c_str());
    else if (sv.last_error)
        ImGui::TextColored(
            kOrange, "%s",
            fmt(tr(T::srv_offline, L), std::string(to_string(sv.last_error->reason)), synced)
                .c_str());
    else
        ImGui::TextColored(kGreen, "%s", fmt(tr(T::srv_synced, L), sv.url, synced).c_str());
    int refused = 0;
    for (const platform::SyncItem& i : sv.items) refused += i.error && !sv.last_error;
    if (refused > 0) {
        ImGui::SameLine();
        ImGui::TextColored(kRed, tr(T::srv_refused, L), refused);
    }
    ImGui::SameLine();
    ImGui::TextDisabled("|");
    ImGui::SameLine();
    if (sv.session) {
        const SessionClaims& c = sv.session->claims;
        ImGui::TextUnformatted(fmt(tr(T::srv_logged_in, L), std::string(to_string(c.role)),
                                   agency_name(s, c.agency), format_time(c.expires_at))
                                   .c_str());
    } else {
        ImGui::TextDisabled("%s", tr(T::srv_not_logged_in, L));
    }
}

void draw_server_menu(AppState& s, UiState& ui) {
    const Lang L = s.lang;
    if (!ImGui::BeginMenu(tr(T::menu_server, L))) return;
    if (ImGui::MenuItem(tr(T::menu_sync_now, L), nullptr, false, !s.server.url.empty()))
        s.server.want_sync = true;
    if (ImGui::MenuItem(tr(T::menu_login, L), nullptr, false, !s.server.url.empty()))
        ui.request_login = true;
    if (ImGui::MenuItem(tr(T::menu_logout, L), nullptr, false, s.server.session.has_value()))
        s.server.session.reset();
    ImGui::EndMenu();
}

void draw_login_dialog(AppState& s, UiState& ui, UnixTime) {
    const Lang L = s.lang;
    const std::string title = std::string(tr(T::d_login_title, L)) + "###login";
    if (ui.request_login) {
        ImGui::OpenPopup(title.c_str());
        ui.request_login = false;
    }
    ImGui::SetNextWindowSize(ImVec2(680, 0), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    ServerState& sv = s.server;
    ImGui::TextDisabled("%s", sv.url.c_str());
    ImGui::PushItemWidth(440);
    ImGui::InputText(tr(T::login_phone, L), &sv.phone);
    ImGui::InputText(tr(T::login_device_key, L), &sv.device_key_path);
    if (ImGui::InputText(tr(T::login_inspector_key, L), &sv.inspector_key_path,
                         ImGuiInputTextFlags_EnterReturnsTrue) ||
        ImGui::IsItemDeactivatedAfterEdit()) {
        auto k = cli::load_inspector_key(sv.inspector_key_path);
        if (k && k->secret)
            s.provenance.inspector = *k->secret, sv.requested.clear();
        else
            s.status = std::string(tr(T::login_key_refused, L)) + ": " +
                       (k ? "not a secret key file" : k.error().detail);
    }
    if (ImGui::Button(tr(T::login_send, L)) && !sv.login_busy) sv.want_code = true;
    if (sv.code_sent) {
        ImGui::SameLine();
        ImGui::TextColored(kGreen, "%s", fmt(tr(T::login_sent, L), sv.phone).c_str());
    }
    ImGui::InputText(tr(T::login_code, L), &sv.code, ImGuiInputTextFlags_CharsDecimal);
    ImGui::PopItemWidth();
    if (ImGui::Button(tr(T::login_submit, L)) && !sv.login_busy) sv.want_login = true;
    ImGui::SameLine();
    if (ImGui::Button(tr(T::login_close, L))) ImGui::CloseCurrentPopup();
    if (sv.login_busy) ImGui::TextDisabled("%s", tr(T::login_busy, L));
    if (sv.login_error) {
        ImGui::PushTextWrapPos(640);
        ImGui::TextColored(kRed, "%s", reason_line(*sv.login_error, L).c_str());
        ImGui::TextDisabled("%s", sv.login_error->detail.c_str());
        ImGui::PopTextWrapPos();
    }
    if (sv.session) {
        const SessionClaims& c = sv.session->claims;
        ImGui::Separator();
        ImGui::TextColored(kGreen, "%s",
                           fmt(tr(T::srv_logged_in, L), std::string(to_string(c.role)),
                               agency_name(s, c.agency), format_time(c.expires_at))
                               .c_str());
    }
    ImGui::EndPopup();
}

void draw_server_section(const AppState& s, UnixTime now) {
    const ServerState& sv = s.server;
    if (sv.url.empty()) return;
    const Lang L = s.lang;
    ImGui::Separator();
    ImGui::TextUnformatted(tr(T::srv_section, L));
    draw_server_strip(s, now);
    ImGui::PushTextWrapPos(0);
    if (sv.last_error) ImGui::TextDisabled("%s", sv.last_error->detail.c_str());
    if (s.trust.list) {
        const TrustListBody& b = s.trust.list->body();
        ImGui::BulletText(tr(T::srv_list_age, L), static_cast<unsigned long long>(b.sequence),
                          format_time(b.issued_at).c_str(), age_text(b.issued_at, now, L).c_str());
    }
    for (const StatusSnapshot& snap : s.status_data.snapshots)
        ImGui::BulletText(tr(T::srv_status_age, L), snap.certificate().segment,
                          static_cast<unsigned long long>(snap.sequence()),
                          format_time(snap.issued_at()).c_str(),
                          age_text(snap.issued_at(), now, L).c_str());
    for (const auto& [origin, held] : s.provenance.held_logs) {
        auto t = sv.good_at.find(origin);
        ImGui::BulletText(
            tr(T::srv_log_age, L), origin.c_str(),
            static_cast<unsigned long long>(held.body().size),
            t == sv.good_at.end() ? tr(T::srv_never, L) : age_text(t->second, now, L).c_str());
    }
    for (const platform::SyncItem& i : sv.items) {
        if (!i.error || sv.last_error) continue;
        ImGui::TextColored(kRed, "%s: %s", i.name.c_str(), tr(T::srv_item_refused, L));
        ImGui::Indent();
        ImGui::TextWrapped("%s", reason_line(*i.error, L).c_str());
        ImGui::TextDisabled("%s", i.error->detail.c_str());
        auto t = sv.good_at.find(i.name);
        if (t != sv.good_at.end())
            ImGui::TextDisabled(tr(T::srv_item_kept, L), age_text(t->second, now, L).c_str());
        ImGui::Unindent();
    }
    ImGui::PopTextWrapPos();
}

void draw_fetch_state(AppState& s, const Row& r) {
    ServerState& sv = s.server;
    if (sv.url.empty() || !r.assessment.authentic || !r.assessment.fields) return;
    const Lang L = s.lang;
    const std::string code = format_code_number(*r.assessment.fields);
    ImGui::PushTextWrapPos(0);
    if (!sv.session) {
        ImGui::TextDisabled("%s", tr(T::fetch_login, L));
    } else {
        if (sv.session->claims.role == InspectorRole::police) {
            ImGui::SetNextItemWidth(220);
            ImGui::InputText(tr(T::fetch_case, L), &sv.case_reference);
            if (sv.case_reference.empty()) ImGui::TextDisabled("%s", tr(T::fetch_case_needed, L));
        }
        if (sv.fetching == code) ImGui::TextDisabled("%s", tr(T::fetch_busy, L));
        auto e = sv.fetch_errors.find(code);
        if (e != sv.fetch_errors.end()) {
            ImGui::TextColored(kRed, "%s", tr(T::fetch_failed, L));
            ImGui::TextWrapped("%s", reason_line(e->second, L).c_str());
            ImGui::TextDisabled("%s", e->second.detail.c_str());
        }
        if (sv.fetching.empty() && ImGui::SmallButton(tr(T::fetch_again, L)))
            sv.requested.erase(code);  // asked again on the next frame
    }
    ImGui::PopTextWrapPos();
}

}  // namespace traceseal::viewer::ui
