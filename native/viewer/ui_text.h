// The viewer's own UI strings in en and zh-CN (reasons and verdicts come from the core catalog,
// traceseal::message). No ImGui here: the font loader also reads every string to build the
// glyph ranges, so no Chinese character the UI shows can be missing from the atlas.
#pragma once

#include <string>
#include <string_view>

#include "traceseal/reason.h"

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
    X(provenance_later, "The provenance timeline arrives with lifecycle data.",                   \
      "流转时间线将在生命周期数据接入后显示。")                                                           \
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
    X(s_exported, "Exported", "已导出")                                                           \
    X(s_export_failed, "Export failed", "导出失败")                                                \
    X(s_trust_loaded, "Trust data loaded", "信任数据已加载")                                         \
    X(s_trust_failed, "Trust data refused", "信任数据被拒绝")                                        \
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
// Every string the UI can show in either language, the core catalog's included: for glyphs.
std::string all_ui_text();

}  // namespace traceseal::viewer
