// Message catalog: plain-language zh-CN and en text for every verdict and reason (FORMAT.md §7).
// The test test_messages checks that every reason has both texts.
#include "traceseal/reason.h"

namespace traceseal {
namespace {

struct Text {
    std::string_view zh, en;
};

Text reason_text(Reason r) {
    switch (r) {
        case Reason::no_code_found:
            return {"图像中没有找到可读的二维码或条码。", "No readable QR code or barcode was found."};
        case Reason::not_traceseal_code:
            return {"这不是海南离岛免税溯源码。", "This is not a TraceSeal duty-free traceability code."};
        case Reason::token_bad_character:
            return {"溯源码含有不允许的字符，已被改动或损坏。",
                    "The code contains characters that are not allowed: it was altered or damaged."};
        case Reason::token_bad_length:
            return {"溯源码长度不正确，已被截断或改动。",
                    "The code has the wrong length: it was truncated or altered."};
        case Reason::token_non_canonical:
            return {"溯源码编码无效，已被改动。", "The code's encoding is invalid: it was altered."};
        case Reason::unsupported_version:
            return {"溯源码版本不受支持，请更新验证程序。",
                    "This code version is not supported; update the verifier."};
        case Reason::prefix_not_trusted:
            return {"标签网址不是官方验证网址，可能是仿冒标签。",
                    "The label's web address is not the official one: it may be a counterfeit label."};
        case Reason::unknown_key:
            return {"签发密钥不在信任列表中。", "The code was signed by a key that is not in the trust list."};
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
            return {"签发日期在未来，此码不可信。", "The issue date is in the future: this code cannot be trusted."};
        case Reason::category_not_listed:
            return {"商品类别不在正面清单中。", "The product category is not on the positive list."};
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
            return {"信任列表中的标签网址前缀无效。", "The trust list's label URL prefix is invalid."};
        case Reason::trust_list_duplicate_key:
            return {"信任列表中有重复或冲突的密钥。",
                    "The trust list has duplicate or conflicting keys."};
        case Reason::trust_list_rollback:
            return {"新信任列表比当前的旧，已拒绝。",
                    "The new trust list is older than the current one: refused."};
        case Reason::trust_list_conflict:
            return {"新信任列表与当前列表序号相同但内容不同，已拒绝。",
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
        case Verdict::genuine: return zh ? "正品：溯源码真实有效" : "Genuine: the traceability code is authentic";
        case Verdict::warning: return zh ? "注意：溯源码真实，但需留意" : "Attention: the code is authentic, but needs attention";
        case Verdict::invalid: return zh ? "无效：不是有效的溯源码" : "Invalid: not a valid traceability code";
        case Verdict::foreign: return zh ? "非溯源码" : "Not a traceability code";
        case Verdict::no_code: return zh ? "未识别到二维码" : "No code found";
    }
    return "";
}

std::string_view resale_reminder(Lang lang) {
    return lang == Lang::zh_CN ? "关税未付 禁止倒卖：离岛免税商品仅限本人自用，不得再次销售。"
                               : "Duty unpaid, resale prohibited: duty-free goods are for the "
                                 "buyer's own use and may not be resold.";
}

}  // namespace traceseal
