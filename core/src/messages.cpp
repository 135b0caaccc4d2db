// Message catalog: plain-language zh-CN and en text for every verdict and reason (FORMAT.md §7).
// The test test_messages checks that every reason has both texts.
#include "traceseal/reason.h"
#include "traceseal/traceseal.h"

namespace traceseal {
namespace {

struct Text {
    std::string_view zh, en;
};

Text reason_text(Reason r) {
    switch (r) {
        case Reason::no_code_found:
            return {"图像中没有找到可读的二维码或条码。",
                    "No readable QR code or barcode was found."};
        case Reason::not_traceseal_code:
            return {"这不是海南离岛免税溯源码。",
                    "This is not a TraceSeal duty-free traceability code."};
        case Reason::token_bad_character:
            return {
                "溯源码含有不允许的字符，已被改动或损坏。",
                "The code contains characters that are not allowed: it was altered or damaged."};
        case Reason::token_bad_length:
            return {"溯源码长度不正确，已被截断或改动。",
                    "The code has the wrong length: it was truncated or altered."};
        case Reason::token_non_canonical:
            return {"溯源码编码无效，已被改动。",
                    "The code's encoding is invalid: it was altered."};
        case Reason::unsupported_version:
            return {"溯源码版本不受支持，请更新验证程序。",
                    "This code version is not supported; update the verifier."};
        case Reason::prefix_not_trusted:
            return {
                "标签网址不是官方验证网址，可能是仿冒标签。",
                "The label's web address is not the official one: it may be a counterfeit label."};
        case Reason::unknown_key:
            return {"签发密钥不在信任列表中。",
                    "The code was signed by a key that is not in the trust list."};
        case Reason::key_revoked:
            return {"签发密钥已被吊销，此码不可信。",
                    "The issuing key has been revoked: this code cannot be trusted."};
        case Reason::bad_signature:
            return {"签名无效：溯源码是伪造的或被改动过。",
                    "The signature is invalid: the code is forged or was altered."};
        case Reason::operator_mismatch:
            return {"溯源码中的经营主体与签发密钥不符。",
                    "The operator in the code does not match the issuing key's operator."};
        case Reason::segment_not_authorized:
            return {"此号段未授权给该签发密钥。",
                    "The issuing key is not authorised for this code segment."};
        case Reason::key_not_valid_at_issue_date:
            return {"签发日期不在签发密钥的有效期内。",
                    "The issue date is outside the issuing key's validity period."};
        case Reason::issue_date_in_future:
            return {"签发日期在未来，此码不可信。",
                    "The issue date is in the future: this code cannot be trusted."};
        case Reason::category_not_listed:
            return {"商品类别不在正面清单中。",
                    "The product category is not on the positive list."};
        case Reason::trust_list_expired:
            return {"信任列表已过期，请联网更新后再次验证。",
                    "The trust list has expired: go online to update it and check again."};
        case Reason::trust_list_malformed:
            return {"信任列表文件格式错误。", "The trust list file is malformed."};
        case Reason::trust_list_unsupported_version:
            return {"信任列表版本不受支持。", "The trust list version is not supported."};
        case Reason::trust_list_wrong_root:
            return {"信任列表不是由受信任的根密钥签发的。",
                    "The trust list was not issued by the pinned root key."};
        case Reason::trust_list_bad_signature:
            return {"信任列表签名无效，已被篡改。",
                    "The trust list's signature is invalid: it was tampered with."};
        case Reason::trust_list_invalid_prefix:
            return {"信任列表中的标签网址前缀无效。",
                    "The trust list's label URL prefix is invalid."};
        case Reason::trust_list_duplicate_key:
            return {"信任列表中有重复或冲突的密钥。",
                    "The trust list has duplicate or conflicting keys."};
        case Reason::trust_list_segment_conflict:
            return {"信任列表把同一号段授权给了两个经营主体的密钥，已拒绝。",
                    "The trust list gives one code segment to keys of two operators: refused."};
        case Reason::trust_list_bad_key:
            return {"信任列表中有无效的签发公钥（编号 0、小阶点或非规范编码），已拒绝。",
                    "The trust list has an unusable issuing key (key id 0, a small-order or "
                    "non-canonical public key): refused."};
        case Reason::trust_list_rollback:
            return {"新信任列表比当前的旧，已拒绝。",
                    "The new trust list is older than the current one: refused."};
        case Reason::trust_list_conflict:
            return {
                "新信任列表与当前列表序号相同但内容不同，已拒绝。",
                "The new trust list has the current sequence number but other content: refused."};
        case Reason::key_file_malformed:
            return {"密钥文件格式错误。", "The key file is malformed."};
        case Reason::time_malformed:
            return {"时间格式错误，应为 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM:SSZ。",
                    "Malformed time: use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ."};
        case Reason::image_unreadable:
            return {"无法读取图像文件。", "The image file cannot be read."};
        case Reason::image_corrupt:
            return {"图像文件已损坏或格式不受支持。",
                    "The image file is corrupt or not a supported format."};
        case Reason::image_too_large:
            return {"图像尺寸过大，已拒绝处理。", "The image is too large to process."};
        case Reason::file_unreadable:
            return {"无法读取文件。", "The file cannot be read."};
        case Reason::file_too_large:
            return {"文件过大，已拒绝读取。", "The file is too large: it was not read."};
        case Reason::not_a_regular_file:
            return {"这不是普通文件（设备、管道或目录），已拒绝读取。",
                    "This is not a regular file (a device, pipe or folder): it was not read."};
        case Reason::file_write_failed:
            return {"无法写入文件。", "The file cannot be written."};
        case Reason::state_malformed:
            return {"已保存的核验状态文件已损坏，本次未使用。",
                    "The saved verifier state file is damaged: it was not used."};
        case Reason::image_unsupported:
            return {"不支持的图像格式：请使用 PNG、JPEG、GIF 或 BMP。",
                    "Unsupported image format: use PNG, JPEG, GIF or BMP."};
        case Reason::image_too_complex:
            return {"图像在限定时间内无法完成识别（可能是恶意构造的文件），已停止处理。",
                    "The image could not be scanned within its time limit (it may be a hostile "
                    "file): scanning stopped."};
        case Reason::serial_not_allocated:
            return {"此序号不在分配给该经营主体的号段内，此码无效。",
                    "This serial number was never allocated to the operator: the code is invalid."};
        case Reason::code_voided:
            return {"此溯源码已作废，商品不应再以此码销售。",
                    "This code has been voided: no item should be sold with it."};
        case Reason::code_superseded:
            return {"此溯源码已被新码取代（重新赋码或换标），旧标签无效。",
                    "This code was replaced by a new one (re-issued or relabelled): the old label "
                    "is invalid."};
        case Reason::code_not_activated:
            return {"此溯源码从未激活：商品未登记入库，请向店员或监管人员核实。",
                    "This code was never activated: the item was not registered on arrival. Ask "
                    "staff or an inspector."};
        case Reason::resale_suspected:
            return {"此商品已售出并已提货。如有人再次向您出售，即属倒卖，离岛免税商品禁止倒卖。",
                    "This item was already sold and picked up. If someone is selling it to you "
                    "now, it is a prohibited resale of duty-free goods."};
        case Reason::sale_not_recorded:
            return {
                "此商品没有销售记录，却出现在店外，请核查。",
                "There is no recorded sale for this item, yet it is outside the shop: check it."};
        case Reason::clone_suspected:
            return {"同一溯源码在相距过远的两地先后被扫描，标签可能被复制。",
                    "The same code was scanned in two places too far apart for the time between: "
                    "the label may be copied."};
        case Reason::status_stale:
            return {"状态数据已过有效期，可能未包含最近的作废等变化，请联网更新。",
                    "The status data is out of date and may miss recent changes such as voids: go "
                    "online to update it."};
        case Reason::code_number_only:
            return {
                "这是标签上印的编号，不是二维码。编号是公开的，不能证明标签真伪：请扫描标签上的二维"
                "码。",
                "This is the number printed on the label, not its QR code. Numbers are public "
                "and cannot prove a label genuine: scan the label's QR code."};
        case Reason::status_missing:
            return {"没有此号段的状态数据（其他号段有），无法确认此码是否已作废或已售出。",
                    "There is no status data for this code's segment (other segments have it): "
                    "whether it was voided or sold cannot be checked."};
        case Reason::status_malformed:
            return {"状态快照文件格式错误或已截断。",
                    "The status snapshot file is malformed or truncated."};
        case Reason::status_unsupported_version:
            return {"状态快照版本不受支持。", "The status snapshot version is not supported."};
        case Reason::status_unknown_key:
            return {"状态快照的签名密钥不在信任列表中。",
                    "The status snapshot is signed by a key that is not in the trust list."};
        case Reason::status_key_not_valid:
            return {"状态快照的签发时间不在签名密钥的有效期内，已拒绝。",
                    "The status snapshot was issued outside its signing key's validity: refused."};
        case Reason::status_bad_signature:
            return {"状态快照签名无效，已被篡改。",
                    "The status snapshot's signature is invalid: it was tampered with."};
        case Reason::status_not_authorized:
            return {"签名密钥无权发布此号段的状态。",
                    "The signing key is not authorised to publish status for this segment."};
        case Reason::status_rollback:
            return {"新状态快照比当前的旧，已拒绝。",
                    "The new status snapshot is older than the current one: refused."};
        case Reason::status_conflict:
            return {"新状态快照与当前快照序号相同但内容不同，已拒绝。",
                    "The new status snapshot has the current sequence number but other content: "
                    "refused."};
        case Reason::segment_certificate_malformed:
            return {"号段证书格式错误。", "The segment certificate is malformed."};
        case Reason::segment_certificate_wrong_root:
            return {"号段证书不是由受信任的根密钥签发的。",
                    "The segment certificate was not issued by the pinned root key."};
        case Reason::segment_certificate_bad_signature:
            return {"号段证书签名无效，已被篡改。",
                    "The segment certificate's signature is invalid: it was tampered with."};
        case Reason::illegal_transition:
            return {"此操作不适用于该溯源码的当前状态，未作任何记录。",
                    "This step is not allowed in the code's current state; nothing was recorded."};
        case Reason::activation_count_mismatch:
            return {"激活数量与收货数量不符，整批未激活。",
                    "The number of codes activated differs from the goods received; the batch was "
                    "not activated."};
        case Reason::store_failed:
            return {"登记库读写失败，未作任何记录。",
                    "The registry store failed; nothing was recorded."};
        case Reason::provenance_malformed:
            return {"溯源记录文件格式错误或已截断。",
                    "The provenance bundle is malformed or truncated."};
        case Reason::provenance_unsupported_version:
            return {"溯源记录版本不受支持。", "The provenance bundle version is not supported."};
        case Reason::provenance_unknown_key:
            return {"溯源记录的检查点签名密钥不在信任列表中。",
                    "The provenance checkpoint is signed by a key that is not in the trust list."};
        case Reason::provenance_bad_signature:
            return {"溯源记录的检查点签名无效，记录可能被篡改。",
                    "The provenance checkpoint's signature is invalid: the record may have been "
                    "altered."};
        case Reason::provenance_key_not_valid:
            return {"溯源检查点的签发时间不在签名密钥的有效期内，已拒绝。",
                    "The provenance checkpoint was issued outside its signing key's validity: "
                    "refused."};
        case Reason::provenance_not_authorized:
            return {"签名密钥无权为此号段出具溯源记录。",
                    "The signing key may not vouch for this segment's history."};
        case Reason::provenance_broken_chain:
            return {"溯源事件与签名的日志不符，记录已被篡改。",
                    "The events do not match the signed log: the record was altered."};
        case Reason::provenance_incomplete:
            return {"溯源记录缺少此码的事件，或无法与已保存的检查点比对。",
                    "The bundle leaves out events of this code, or cannot be checked against the "
                    "checkpoint held."};
        case Reason::provenance_rollback:
            return {"溯源记录比已保存的检查点更旧，已拒绝。",
                    "The bundle is older than the checkpoint already held: refused."};
        case Reason::provenance_history_rewritten:
            return {
                "事件日志的历史已被改写，与之前的检查点不一致。",
                "The event log's history was rewritten: it disagrees with the earlier checkpoint."};
        case Reason::sealed_details_unreadable:
            return {"密封的销售/提货详情无法用此监管密钥打开。",
                    "The sealed sale/pickup details cannot be opened with this inspector key."};
        case Reason::inclusion_proof_invalid:
            return {"包含证明无效：该条目不在已签名的日志中。",
                    "The inclusion proof is invalid: the entry is not in the signed log."};
        case Reason::consistency_proof_invalid:
            return {"一致性证明无效：两个日志版本不是同一历史。",
                    "The consistency proof is invalid: the two log versions are not one history."};
        case Reason::note_malformed:
            return {"签名记录（signed note）格式错误。", "The signed note is malformed."};
        case Reason::checkpoint_malformed:
            return {"日志检查点格式错误（来源、大小或根哈希）。",
                    "The log checkpoint is malformed (origin, size or root hash)."};
        case Reason::vkey_malformed:
            return {"验证密钥（vkey）格式错误或密钥编号不符。",
                    "The verifier key (vkey) is malformed or its key id does not match."};
        case Reason::log_unknown_origin:
            return {"信任列表中没有此日志来源。", "The trust list does not name this log origin."};
        case Reason::checkpoint_unsigned:
            return {"检查点没有日志密钥的签名。",
                    "The checkpoint carries no signature by the log's key."};
        case Reason::checkpoint_bad_signature:
            return {"检查点上日志密钥的签名无效。",
                    "The log key's signature on the checkpoint does not verify."};
        case Reason::cosignature_invalid:
            return {"见证方的联署签名无效。", "A witness cosignature does not verify."};
        case Reason::cosignature_quorum_not_met:
            return {"见证方联署签名不足，无法排除日志分叉。",
                    "Too few witness cosignatures: a forked log cannot be ruled out."};
        case Reason::provenance_wrong_code:
            return {"溯源记录属于另一个码。", "The bundle is for another code."};
        case Reason::provenance_index_invalid:
            return {"号段索引证明无效，无法确认记录完整。",
                    "The segment index proof is invalid: completeness cannot be shown."};
        case Reason::provenance_duplicate_entry:
            return {"溯源记录中同一事件出现了两次。", "The bundle carries the same event twice."};
        case Reason::provenance_out_of_order:
            return {"溯源记录中的事件顺序被打乱。", "The bundle's events are out of order."};
        case Reason::provenance_details_mismatch:
            return {"事件详情与日志中的承诺不符。",
                    "The event details do not match the log's commitment."};
        case Reason::provenance_consistency_missing:
            return {"溯源记录缺少与已保存检查点的一致性证明。",
                    "The bundle lacks a consistency proof from the checkpoint held."};
        case Reason::witness_bad_request:
            return {"见证请求格式错误。", "The witness request is malformed."};
        case Reason::witness_conflict:
            return {"见证方上次联署的日志大小与请求不符。",
                    "The witness last cosigned another log size than the request names."};
        case Reason::witness_inconsistent:
            return {"日志与见证方上次联署的版本不一致（分叉），拒绝联署。",
                    "The log is inconsistent with what the witness last cosigned (a fork): not "
                    "cosigned."};
        // §11: inspectors online.
        case Reason::inspector_certificate_malformed:
            return {"检查员证书格式错误。", "The inspector certificate is malformed."};
        case Reason::inspector_unknown_agency:
            return {"检查员证书的签发机关不在信任列表中。",
                    "The inspector certificate names an agency that is not in the trust list."};
        case Reason::inspector_bad_signature:
            return {"检查员证书的机关签名无效。",
                    "The agency's signature on the inspector certificate does not verify."};
        case Reason::inspector_role_mismatch:
            return {"检查员的角色与签发机关不符。",
                    "The inspector's role is not the role of the agency that signed it."};
        case Reason::inspector_certificate_not_valid:
            return {"检查员证书不在有效期内。",
                    "The inspector certificate is not valid at this time."};
        case Reason::session_malformed:
            return {"登录会话格式错误，请重新登录。", "The session is malformed: log in again."};
        case Reason::session_bad_signature:
            return {"登录会话的签名无效，请重新登录。",
                    "The session's signature does not verify: log in again."};
        case Reason::session_expired:
            return {"登录会话已过期，请重新登录。", "The session has expired: log in again."};
        case Reason::session_mismatch:
            return {"请求不属于此登录会话。", "The request does not belong to this session."};
        case Reason::request_bad_signature:
            return {"请求的设备签名无效。", "The request's device signature does not verify."};
        case Reason::request_stale:
            return {"请求时间与服务器时间相差太大，请检查设备时钟。",
                    "The request's time is too far from the server's: check the device clock."};
        case Reason::request_replayed:
            return {"此请求已经提交过（重放），已拒绝。",
                    "This request was already submitted (a replay): refused."};
        case Reason::case_reference_required:
            return {"警方查询需要填写案件编号。", "A police query needs a case reference."};
        case Reason::login_code_invalid:
            return {"验证码错误。", "The one-time code is wrong."};
        case Reason::login_code_expired:
            return {"验证码已过期，请重新获取。",
                    "The one-time code has expired: request a new one."};
        case Reason::login_locked:
            return {"错误次数过多，此号码已被暂时锁定。",
                    "Too many wrong codes: this number is locked for a while."};
        case Reason::login_rate_limited:
            return {"此号码的验证码请求过多，请稍后再试。",
                    "Too many code requests for this number: try again later."};
        case Reason::audit_failed:
            return {"审计日志无法记录此查询，查询未予答复。",
                    "The audit log could not record the query, so it was not answered."};
        case Reason::log_tile_conflict:
            return {"日志瓦片已存在且内容不同，停止写入。",
                    "A log tile already exists with other bytes: writing stopped."};
        case Reason::server_unreachable:
            return {"无法连接登记服务（网络故障或超时），未作任何记录。",
                    "The registry service could not be reached (network failure or timeout); "
                    "nothing was recorded."};
        case Reason::server_response_invalid:
            return {"登记服务的应答无效或过大。",
                    "The registry service's answer was invalid or too large."};
        case Reason::request_malformed:
            return {"请求不是有效的 JSON 或 HTTP 请求。", "The request is not valid JSON or HTTP."};
        case Reason::request_too_large:
            return {"请求过大，已拒绝。", "The request is too large: refused."};
        case Reason::request_timeout:
            return {"请求发送太慢，连接已关闭。",
                    "The request arrived too slowly: the connection was closed."};
        case Reason::resource_not_found:
            return {"登记服务没有这个地址。", "The registry service has no such path."};
        case Reason::method_not_allowed:
            return {"该地址不接受这种请求方法。", "This path does not accept that request method."};
        case Reason::rate_limited:
            return {"提交过于频繁，请稍后重试。", "Too many submissions: retry later."};
        case Reason::service_unavailable:
            return {"登记服务暂时不可用（正在关闭或数据库故障），未作任何记录。",
                    "The registry service is unavailable for now (shutting down or its database "
                    "failed); nothing was recorded."};
        case Reason::submission_certificate_malformed:
            return {"提交密钥证书格式错误或签名无效。",
                    "The submission key certificate is malformed or its signature is invalid."};
        case Reason::submission_key_unknown:
            return {"提交密钥未登记。", "The submission key is not registered."};
        case Reason::submission_key_revoked:
            return {"提交密钥已被吊销。", "The submission key was revoked."};
        case Reason::submission_key_not_valid:
            return {"提交密钥在此时间不在有效期内。",
                    "The submission key is not valid at this time."};
        case Reason::submission_bad_signature:
            return {"提交批次的签名无效，已被改动或伪造。",
                    "The batch's signature is invalid: it was altered or forged."};
        case Reason::submission_not_authorized:
            return {
                "该提交密钥无权操作这个码（属于其他经营者）。",
                "This submission key may not touch this code (it belongs to another operator)."};
        case Reason::batch_malformed:
            return {"批次内容不符合格式（字段缺失或取值无效）。",
                    "The batch does not follow the format (a field is missing or invalid)."};
        case Reason::batch_conflict:
            return {"同一批次号已提交过不同的内容，已拒绝。",
                    "The same batch id was already submitted with other content: refused."};
    }
    return {"", ""};
}

}  // namespace

std::string_view message(Reason reason, Lang lang) {
    Text t = reason_text(reason);
    return lang == Lang::zh_CN ? t.zh : t.en;
}

std::string_view message(Verdict verdict, Lang lang) {
    bool zh = lang == Lang::zh_CN;
    switch (verdict) {
        case Verdict::genuine:
            return zh ? "正品：溯源码真实有效" : "Genuine: the traceability code is authentic";
        case Verdict::warning:
            return zh ? "注意：溯源码真实，但需留意"
                      : "Attention: the code is authentic, but needs attention";
        case Verdict::invalid:
            return zh ? "无效：不是有效的溯源码" : "Invalid: not a valid traceability code";
        case Verdict::foreign:
            return zh ? "非溯源码" : "Not a traceability code";
        case Verdict::no_code:
            return zh ? "未识别到二维码" : "No code found";
    }
    return "";
}

std::string_view message(CodeState s, Lang lang) {
    bool zh = lang == Lang::zh_CN;
    switch (s) {
        case CodeState::issued:
            return zh ? "已赋码，尚未激活" : "issued, not yet activated";
        case CodeState::activated:
            return zh ? "已激活入库，待售" : "activated in stock, for sale";
        case CodeState::sold:
            return zh ? "已售出，尚未提货" : "sold, not yet picked up";
        case CodeState::picked_up:
            return zh ? "已售出并已提货" : "sold and picked up";
        case CodeState::unbound:
            return zh ? "销售已撤销，可再次销售" : "sale cancelled, for sale again";
        case CodeState::voided:
            return zh ? "已作废" : "voided";
        case CodeState::superseded:
            return zh ? "已被新码取代" : "replaced by a new code";
    }
    return "";
}

std::string_view resale_reminder(Lang lang) {
    return lang == Lang::zh_CN ? "关税未付 禁止倒卖：离岛免税商品仅限本人自用，不得再次销售。"
                               : "Duty unpaid, resale prohibited: duty-free goods are for the "
                                 "buyer's own use and may not be resold.";
}

}  // namespace traceseal
