// CSV exports (RFC 4180): the responses of a unit, and its daily figures. Every text cell that a
// spreadsheet would take for a formula (= + - @, tab, carriage return at its start, also after
// leading spaces) is prefixed with a single quote, and every cell holding a comma, semicolon or tab
// is quoted, since comments are written by anyone who walks past a tablet and the file is opened
// with whatever separator the reader's locale uses.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "hymy/local_time.hpp"
#include "store/hq_store.hpp"

namespace hymy::hq {

// Receives the export piece by piece, so millions of rows never sit in memory at once.
using ExportSink = std::function<void(std::string_view)>;

// Whether a spreadsheet would evaluate `value`: = + - @ tab or CR first, after any leading spaces.
bool starts_like_a_formula(std::string_view value);
// One text cell: formula guard, then quoted when it holds any common separator (comma, semicolon,
// tab), a quote, CR or LF.
std::string csv_text(std::string_view value);
// One line of already-rendered cells, ended by CRLF.
std::string csv_line(const std::vector<std::string>& cells);

// The responses matching `query` (oldest first is up to the query), one per line, with a header.
// `zone` renders the local time column.
void write_responses_csv(HqStore& store, const ResponseQuery& query, const TimeZone& zone,
                         const ExportSink& sink);

// One line per local day of `unit` from `first_day` for `days` days, figures by hymy::summarize.
void write_daily_figures_csv(HqStore& store, const Unit& unit, LocalDate first_day, int days,
                             const ExportSink& sink);

}  // namespace hymy::hq
