// The viewer's own UI strings in en and zh-CN (reasons and verdicts come from the core catalog,
// traceseal::message). No ImGui here: the font loader also reads every string to build the
// glyph ranges, so no Chinese character the UI shows can be missing from the atlas.
#pragma once

#include <string>
#include <string_view>

#include "traceseal/traceseal.h"

namespace traceseal::viewer {

// clang-format off
#define TRACESEAL_UI_TEXT(X)                                                                    \
    X(app_title, "TraceSeal inspector", "TraceSeal 稽查查验")                                      \
    X(menu_file, "File", "文件")                                                                 \
    X(menu_open, "Open files or folder...", "打开文件或文件夹...")                                  \
    X(menu_paste, "Paste codes", "粘贴溯源码")                                                     \
    X(menu_export, "Export results...", "导出结果...")                                             \
    X(menu_load_trust, "Load trust data...", "加载信任数据...")                                    \
    X(menu_demo_trust, "Use the demo world", "使用演示数据")                                       \
    X(menu_clear, "Clear results", "清空结果")                                                    \
    X(menu_recent, "Recent folders", "最近的文件夹")                                                \
    X(menu_quit, "Quit", "退出")                                                                 \
    X(menu_language, "Language", "语言")                                                         \
    X(scanner, "Scanner", "扫码枪")                                                               \
    X(scanner_hint, "Scan or type a code, then Enter", "扫码或输入溯源码后按回车")                    \
    X(open_btn, "Open...", "打开...")                                                            \
    X(paste_btn, "Paste", "粘贴")                                                                \
    X(export_btn, "Export...", "导出...")                                                        \
    X(checking, "Checking", "查验中")                                                             \
    X(idle, "Ready", "就绪")                                                                     \
    X(results, "results", "条结果")                                                               \
    X(shown, "shown", "条显示")                                                                   \
    X(filter_verdict, "Verdict", "结论")                                                          \
    X(filter_operator, "Operator", "经营主体")                                                     \
    X(filter_segment, "Segment", "号段")                                                          \
    X(filter_time, "Checked", "查验时间")                                                          \
    X(filter_search, "Search", "搜索")                                                            \
    X(any, "Any", "全部")                                                                        \
    X(none, "None", "无")                                                                        \
    X(last_10_min, "Last 10 minutes", "最近10分钟")                                                 \
    X(last_hour, "Last hour", "最近1小时")                                                         \
    X(last_day, "Last 24 hours", "最近24小时")                                                      \
    X(file_errors, "File errors", "文件错误")                                                      \
    X(col_input, "Input", "来源")                                                                \
    X(col_verdict, "Verdict", "结论")                                                             \
    X(col_code, "Code number", "溯源编号")                                                         \
    X(col_operator, "Operator", "经营主体")                                                        \
    X(col_category, "Category", "商品类别")                                                        \
    X(col_segment, "Segment", "号段")                                                             \
    X(col_time, "Checked", "查验时间")                                                             \
    X(v_genuine, "Genuine", "真品")                                                               \
    X(v_warning, "Warning", "需注意")                                                              \
    X(v_invalid, "Invalid", "无效")                                                               \
    X(v_foreign, "Not TraceSeal", "非溯源码")                                                       \
    X(v_no_code, "No code", "无码")                                                               \
    X(v_error, "File error", "文件错误")                                                           \
    X(image_worst, "image", "整图")                                                                \
    X(tab_details, "Details", "详情")                                                             \
    X(tab_trust, "Trust data", "信任数据")                                                         \
    X(no_selection, "Select a result to see its details.", "选择一条结果查看详情。")                   \
    X(decoded_fields, "Decoded fields", "解码字段")                                                \
    X(unverified_note, "Unverified claims: names are not shown for codes that fail.",             \
      "未经验证的声明：验证失败的码不显示名称。")                                                        \
    X(f_code_number, "Code number", "溯源编号")                                                    \
    X(f_operator, "Operator", "经营主体")                                                          \
    X(f_category, "Category", "商品类别")                                                          \
    X(f_issue_date, "Issue date", "签发日期")                                                       \
    X(f_segment, "Segment", "号段")                                                               \
    X(f_serial, "Serial", "序号")                                                                 \
    X(f_key_id, "Key id", "密钥编号")                                                              \
    X(f_version, "Format version", "格式版本")                                                      \
    X(f_nonce, "Nonce", "随机数")                                                                 \
    X(f_text, "Code text", "码文本")                                                              \
    X(f_symbol, "Symbol", "码制")                                                                 \
    X(f_input, "Input", "来源")                                                                  \
    X(f_checked_at, "Checked at", "查验时间")                                                       \
    X(f_verified_at, "Verified as of", "验证基准时间")                                               \
    X(reasons, "Reasons", "原因")                                                                 \
    X(no_reasons, "No problems found.", "未发现问题。")                                               \
    X(image, "Image", "图像")                                                                    \
    X(image_unavailable, "The image cannot be shown.", "无法显示图像。")                              \
    X(provenance, "Provenance", "流转记录")                                                        \
    X(file_refused, "This file could not be read.", "无法读取此文件。")                               \
    X(t_source, "Source", "来源")                                                                 \
    X(t_authority, "Authority", "发布机构")                                                        \
    X(t_root_key, "Root key id", "根密钥编号")                                                      \
    X(t_sequence, "Sequence", "序列号")                                                            \
    X(t_issued, "Issued", "发布时间")                                                              \
    X(t_expires, "Expires", "到期时间")                                                            \
    X(t_fresh, "Valid for %lld more days", "还有%lld天到期")                                         \
    X(t_expired, "Expired %lld days ago: update the trust data", "已过期%lld天：请更新信任数据")       \
    X(t_prefix, "Label URL prefix", "标签网址前缀")                                                  \
    X(t_issuing_keys, "Issuing keys", "签发密钥")                                                   \
    X(t_segments, "Segments", "号段")                                                             \
    X(t_valid_from, "Valid from", "生效")                                                          \
    X(t_valid_until, "Valid until", "失效")                                                        \
    X(t_revoked_keys, "Revoked keys", "已吊销密钥")                                                  \
    X(t_revoked_at, "Revoked at", "吊销时间")                                                       \
    X(t_reason, "Reason", "原因")                                                                 \
    X(t_operators, "Operators", "经营主体")                                                        \
    X(t_categories, "Categories", "商品类别")                                                       \
    X(t_not_loaded, "No trust data loaded.", "未加载信任数据。")                                      \
    X(d_open_title, "Open files or folder", "打开文件或文件夹")                                      \
    X(d_folder, "Folder", "文件夹")                                                               \
    X(d_up, "Up", "上一级")                                                                      \
    X(d_open_selected, "Open selected", "打开所选")                                                 \
    X(d_open_folder, "Open this folder", "打开整个文件夹")                                           \
    X(d_cancel, "Cancel", "取消")                                                                 \
    X(d_export_title, "Export results", "导出结果")                                                 \
    X(d_file, "File", "文件")                                                                    \
    X(d_format, "Format", "格式")                                                                \
    X(d_visible_only, "Only the rows shown (filters)", "仅导出当前显示的行")                           \
    X(d_save, "Save", "保存")                                                                    \
    X(d_trust_title, "Load trust data", "加载信任数据")                                             \
    X(d_root_file, "Root public key (--root)", "根公钥文件 (--root)")                               \
    X(d_trust_file, "Trust list (--trust-list)", "信任列表文件 (--trust-list)")                      \
    X(d_load, "Load", "加载")                                                                    \
    X(menu_load_status, "Load status snapshots...", "加载状态快照...")                             \
    X(menu_load_provenance, "Load provenance bundles...", "加载溯源包...")                          \
    X(menu_clear_status, "Clear status data", "清除状态数据")                                       \
    X(menu_place, "Location and scan log...", "当前位置与扫码记录...")                               \
    X(col_state, "State", "状态")                                                               \
    X(filter_state, "State", "状态")                                                            \
    X(no_state, "No status data", "无状态数据")                                                    \
    X(context, "Scan context", "扫码场景")                                                       \
    X(ctx_consumer, "Consumer (before buying)", "消费者（购买前）")                                   \
    X(ctx_inspector_shop, "Inspector: shop or market", "稽查：门店或市场")                            \
    X(ctx_inspector_port, "Inspector: port or pickup point", "稽查：口岸或提货点")                     \
    X(status_none, "No status data: signatures only", "无状态数据：仅验证签名")                          \
    X(status_count, "Status data: %zu segments", "状态数据：%zu个号段")                                \
    X(f_state, "State", "状态")                                                                 \
    X(f_status_data, "Status data", "状态数据")                                                  \
    X(f_status_stamp, "sequence %llu, issued %s, valid until %s",                                \
      "序列号%llu，发布于%s，有效期至%s")                                                             \
    X(f_status_fresh, "Up to date", "在有效期内")                                                   \
    X(f_status_stale, "Out of date since %s: a code voided after that would not show as voided",  \
      "自%s起已过期：此后作废的码不会显示为作废")                                                        \
    X(f_not_allocated, "Serial outside the segment's certificate", "序号不在号段证书范围内")             \
    X(f_no_status, "No status data covers this code's segment: only its signature was checked.",  \
      "没有覆盖此码号段的状态数据：仅验证了签名。")                                                       \
    X(seen_before, "Seen before (local scan log)", "此前扫码记录（本机）")                              \
    X(seen_entry, "%s  %s  %.0f km from here", "%s  %s  距此%.0f公里")                               \
    X(prov_state_only,                                                                         \
      "Only the current state is known: status snapshots carry each code's state, not its "     \
      "history. The event timeline (activation, sale, pickup, with actor and place) needs "      \
      "a provenance bundle (File -> Load provenance bundles); none loaded covers this code.",    \
      "仅知当前状态：状态快照只记录每个码的状态，不含历史。完整的流转时间线（激活、销售、提货及其经办人和地点）" \
      "需要溯源包（文件 -> 加载溯源包），已加载的溯源包均不含此码。")                                                                   \
    X(prov_no_state, "No lifecycle data for this code.", "此码没有生命周期数据。")                      \
    X(t_status, "Status snapshots", "状态快照")                                                   \
    X(t_counts, "States", "各状态数量")                                                           \
    X(d_status_title, "Load status snapshots", "加载状态快照")                                       \
    X(d_status_files, "Status snapshot files (.tss), one per line", "状态快照文件（.tss），每行一个")   \
    X(d_prov_title, "Load provenance bundles", "加载溯源包")                                        \
    X(d_prov_files, "Provenance bundles (.tsp), one per line", "溯源包文件（.tsp），每行一个")          \
    X(prov_timeline, "Event timeline (verified provenance bundle)", "流转时间线（已验证的溯源包）")        \
    X(prov_sealed, "details sealed for inspectors", "详情已密封，仅监管人员可见")                       \
    X(prov_timeline_v2, "Event timeline (verified in the witnessed log)",                        \
      "流转时间线（已在见证日志中验证）")                                                               \
    X(prov_log, "Log %s, %llu entries, cosigned by %s (%zu of %zu witnesses needed)",            \
      "日志 %s，共%llu条，由 %s 联署（需%zu/%zu个见证方）")                                              \
    X(prov_held, "Consistent with the checkpoint held from before (%llu entries)",               \
      "与此前保存的检查点一致（%llu条）")                                                              \
    X(prov_refused, "Provenance refused: this code's history does not verify",                   \
      "溯源包被拒绝：此码的流转记录未通过验证")                                                          \
    X(d_place_title, "Location and scan log", "当前位置与扫码记录")                                   \
    X(d_place_name, "Place name", "地点名称")                                                     \
    X(d_latitude, "Latitude (degrees, north +)", "纬度（度，北为正）")                                 \
    X(d_longitude, "Longitude (degrees, east +)", "经度（度，东为正）")                                \
    X(d_place_note,                                                                            \
      "Each verified code is recorded here with the time and this place, so a label seen in two " \
      "places too far apart is flagged (clone_suspected).",                                     \
      "每个通过验证的码都会连同时间和此地点记录在本机，同一标签若在相距过远的两地出现将被标记（clone_suspected）。") \
    X(d_log_file, "Scan log", "扫码记录文件")                                                      \
    X(d_log_off, "Not recording: set a location first.", "未记录：请先设置当前位置。")                   \
    X(d_entries, "%zu sightings", "%zu条记录")                                                    \
    X(s_status_loaded, "Status data loaded", "状态数据已加载")                                       \
    X(s_status_refused, "Status data refused", "状态数据被拒绝")                                     \
    X(s_prov_loaded, "Provenance loaded", "溯源包已加载")                                           \
    X(s_prov_refused, "Provenance refused", "溯源包被拒绝")                                          \
    X(s_exported, "Exported", "已导出")                                                           \
    X(s_export_failed, "Export failed", "导出失败")                                                \
    X(s_trust_loaded, "Trust data loaded", "信任数据已加载")                                         \
    X(s_trust_failed, "Trust data refused", "信任数据被拒绝")                                        \
    X(menu_server, "Server", "服务器") \
    X(menu_sync_now, "Sync now", "立即同步") \
    X(menu_login, "Inspector login...", "稽查人员登录...") \
    X(menu_logout, "Log out", "退出登录") \
    X(srv_synced, "Server %s: synced %s", "服务器 %s：%s已同步") \
    X(srv_syncing, "Server %s: syncing...", "服务器 %s：正在同步...") \
    X(srv_offline, "Offline (%s): working on the data synced %s", "离线（%s）：使用%s同步的数据") \
    X(srv_never, "never", "从未") \
    X(srv_refused, "%d file(s) from the server refused", "服务器的 %d 个文件被拒绝") \
    X(srv_logged_in, "Logged in: %s, %s, until %s", "已登录：%s，%s，有效至 %s") \
    X(srv_not_logged_in, "Not logged in", "未登录") \
    X(srv_section, "Registry service", "登记服务") \
    X(srv_item_ok, "verified, taken %s", "已验证，%s获取") \
    X(srv_item_refused, "refused", "被拒绝") \
    X(srv_item_kept, "kept from %s", "保留%s的数据") \
    X(srv_list_age, "trust list sequence %llu, issued %s (%s)", "信任列表序号 %llu，签发于 %s（%s）") \
    X(srv_status_age, "status %u: sequence %llu, issued %s (%s)", "状态 %u：序号 %llu，签发于 %s（%s）") \
    X(srv_log_age, "%s: %llu entries, taken %s", "%s：%llu 条记录，%s获取") \
    X(d_login_title, "Inspector login", "稽查人员登录") \
    X(login_phone, "Phone (E.164)", "手机号（E.164）") \
    X(login_device_key, "Device key file", "设备密钥文件") \
    X(login_inspector_key, "Inspector key file (opens sealed details)", "稽查密钥文件（打开密封详情）") \
    X(login_send, "Send code", "发送验证码") \
    X(login_code, "One-time code", "验证码") \
    X(login_submit, "Log in", "登录") \
    X(login_sent, "A code was sent to %s (valid 5 minutes).", "验证码已发送至 %s（5分钟内有效）。") \
    X(login_busy, "Waiting for the server...", "等待服务器...") \
    X(login_close, "Close", "关闭") \
    X(login_key_refused, "Inspector key refused", "稽查密钥被拒绝") \
    X(fetch_busy, "Fetching this code's history from the server...", "正在从服务器获取此码的流转记录...") \
    X(fetch_failed, "The server did not answer the history:", "服务器未提供流转记录：") \
    X(fetch_case, "Case reference", "案件编号") \
    X(fetch_again, "Fetch history", "获取流转记录") \
    X(fetch_login, "Log in (Server menu) to fetch this code's history.", "登录（服务器菜单）后可获取此码的流转记录。") \
    X(fetch_case_needed, "Police queries need a case reference.", "公安查询需要案件编号。") \
    X(age_s, "%lld s ago", "%lld 秒前") \
    X(age_min, "%lld min ago", "%lld 分钟前") \
    X(age_h, "%lld h ago", "%lld 小时前") \
    X(age_d, "%lld days ago", "%lld 天前") \
    X(keys_help, "Ctrl+O open   Ctrl+V paste   Ctrl+E export   F6 scanner   Up/Down results",    \
      "Ctrl+O 打开   Ctrl+V 粘贴   Ctrl+E 导出   F6 扫码枪   上/下 选择结果")
// clang-format on

enum class T {
#define TRACESEAL_UI_ENUM(id, en, zh) id,
    TRACESEAL_UI_TEXT(TRACESEAL_UI_ENUM)
#undef TRACESEAL_UI_ENUM
};

const char* tr(T id, Lang lang);
// Short verdict label for tables and banners.
const char* verdict_label(Verdict v, Lang lang);
const char* context_label(ScanContext c, Lang lang);
// Every string the UI can show in either language, the core catalog's included: for glyphs.
std::string all_ui_text();

}  // namespace traceseal::viewer
