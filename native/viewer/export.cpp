// CSV and JSON Lines writers over rows.
#include "export.h"

#include "batch.h"

namespace traceseal::viewer {

std::string export_jsonl(const std::vector<Row>& rows, const std::vector<std::size_t>& which) {
    std::string out;
    for (std::size_t i : which) {
        const Row& r = rows[i];
        if (r.error) continue;
        out += assessment_to_json(r.assessment, r.input,
                                  r.symbol ? symbol_json(*r.symbol) : std::string());
        out += '\n';
    }
    return out;
}

std::string csv_field(std::string_view v) {
    // A cell a spreadsheet would read as a formula (a foreign QR reading =HYPERLINK(...), a file
    // named -1+1.png) gets a leading apostrophe: shown as text, never evaluated.
    std::string cell;
    if (!v.empty() && std::string_view("=+-@\t\r").find(v.front()) != std::string_view::npos)
        cell = "'";
    cell += v;
    if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
    std::string o = "\"";
    for (char c : cell) o += c == '"' ? std::string("\"\"") : std::string(1, c);
    return o + "\"";
}

std::string export_csv(const std::vector<Row>& rows, const std::vector<std::size_t>& which,
                       Lang lang) {
    std::string out =
        "input,verdict,reasons,code_number,operator,operator_name,category,category_name,"
        "issue_date,segment,serial,key_id,verified,checked_at,verified_at,text,state\r\n";
    const bool zh = lang == Lang::zh_CN;
    for (std::size_t i : which) {
        const Row& r = rows[i];
        const Assessment& a = r.assessment;
        std::vector<std::string> f;
        f.push_back(r.input);
        if (r.error) {
            f.push_back("error");
            f.push_back(std::string(to_string(r.error->reason)));
            f.resize(17);
            f[13] = format_time(r.checked_at);
        } else {
            const bool verified = a.authentic;  // §6.1
            f.push_back(std::string(to_string(a.verdict)));
            std::string reasons;
            for (Reason x : a.reasons)
                reasons += (reasons.empty() ? "" : " ") + std::string(to_string(x));
            f.push_back(reasons);
            if (a.fields) {
                const CodeFields& c = *a.fields;
                f.push_back(format_code_number(c));
                f.push_back(std::to_string(c.operator_id));
                f.push_back(verified ? (zh ? a.operator_name_zh : a.operator_name_en) : "");
                f.push_back(std::to_string(c.category));
                f.push_back(verified ? (zh ? a.category_name_zh : a.category_name_en) : "");
                f.push_back(format_day(c.issue_day));
                f.push_back(std::to_string(c.segment));
                f.push_back(std::to_string(c.serial));
                f.push_back(std::to_string(c.key_id));
            } else {
                f.resize(f.size() + 9);
            }
            f.push_back(verified ? "true" : "false");
            f.push_back(format_time(r.checked_at));
            f.push_back(format_time(r.verified_at));
            f.push_back(a.text);
            f.push_back(a.state ? std::string(to_string(*a.state)) : std::string());  // §9.1 word
        }
        for (std::size_t k = 0; k < f.size(); ++k) out += (k ? "," : "") + csv_field(f[k]);
        out += "\r\n";
    }
    return out;
}

}  // namespace traceseal::viewer
