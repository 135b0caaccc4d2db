// Exports of the results table: CSV (for spreadsheets) and JSON Lines in exactly the form of
// `traceseal verify --json` (docs/FORMAT.md §6.2).
#pragma once

#include <string>
#include <vector>

#include "app_state.h"

namespace traceseal::viewer {

// One line per row; refused files are left out, as the CLI prints them only on stderr.
std::string export_jsonl(const std::vector<Row>& rows, const std::vector<std::size_t>& which);
// RFC 4180 CSV with a header line; names in `lang` (and only for verified codes, §5).
std::string export_csv(const std::vector<Row>& rows, const std::vector<std::size_t>& which,
                       Lang lang);
// One RFC 4180 cell; text a spreadsheet would evaluate (= + - @ tab CR first) gets a leading '.
std::string csv_field(std::string_view value);

}  // namespace traceseal::viewer
