// The CSV writers: rows rendered cell by cell, handed to the sink in blocks of about 64 KiB.
#include "export/csv_export.hpp"

#include <cstdio>

#include "export/daily_figures.hpp"
#include "export/iso_time.hpp"

namespace hymy::hq {
namespace {

constexpr std::size_t kFlushBytes = 64 * 1024;

std::string number(std::int64_t v) { return std::to_string(v); }

std::string decimal(std::optional<double> v, int places) {
  if (!v) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", places, *v);
  return buf;
}

}  // namespace

bool starts_like_a_formula(std::string_view value) {
  // Spreadsheets skip leading spaces before deciding that a cell is a formula (" =1+2" evaluates).
  const std::size_t first = value.find_first_not_of(' ');
  if (first == std::string_view::npos) return false;
  return std::string_view("=+-@\t\r").find(value[first]) != std::string_view::npos;
}

std::string csv_text(std::string_view value) {
  std::string cell;
  // OWASP's CSV injection guard: a leading quote makes the spreadsheet show text, not evaluate.
  if (starts_like_a_formula(value)) cell += '\'';
  cell += value;
  // Quoted whenever it holds any separator a spreadsheet might be set to (a Finnish or Swedish
  // locale splits on ';'), so a cell never breaks into several, whichever separator is in use.
  if (cell.find_first_of(",;\t\"\r\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (const char c : cell) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

std::string csv_line(const std::vector<std::string>& cells) {
  std::string line;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) line += ',';
    line += cells[i];
  }
  line += "\r\n";
  return line;
}

void write_responses_csv(HqStore& store, const ResponseQuery& query, const TimeZone& zone,
                         const ExportSink& sink) {
  std::string block = csv_line({"response_id", "visit_id", "unit_id", "device_id", "question_id",
                                "question_set_version", "rating", "comment", "language",
                                "answered_at_utc", "answered_at_local", "channel", "flags",
                                "received_at_utc"});
  store.for_each_response(query, [&](const StoredResponse& stored) {
    const Response& r = stored.response;
    block += csv_line({csv_text(r.id), csv_text(r.visit_id), csv_text(r.unit_id),
                       csv_text(r.device_id), csv_text(r.question_id),
                       number(r.question_set_version), number(r.rating),
                       r.comment ? csv_text(*r.comment) : std::string(), csv_text(r.language),
                       iso_utc(r.answered_at_ms),
                       iso_local(r.answered_at_ms, zone.utc_offset_minutes(r.answered_at_ms)),
                       to_string(r.channel), number(r.flags), iso_utc(stored.received_at_ms)});
    if (block.size() >= kFlushBytes) {
      sink(block);
      block.clear();
    }
    return true;
  });
  if (!block.empty()) sink(block);
}

void write_daily_figures_csv(HqStore& store, const Unit& unit, LocalDate first_day, int days,
                             const ExportSink& sink) {
  const TimeZone zone(unit.time_zone);
  std::string block = csv_line({"unit_id", "date", "count", "mean", "share_positive", "rating_1",
                                "rating_2", "rating_3", "rating_4", "flagged", "staff_recorded"});
  for (const DailySummary& d : daily_summaries(store, unit.id, zone, first_day, days)) {
    const Summary& s = d.summary;
    block += csv_line({csv_text(unit.id), d.day.iso(), number(s.count), decimal(s.mean, 3),
                       decimal(s.share_positive, 4), number(s.distribution[0]),
                       number(s.distribution[1]), number(s.distribution[2]),
                       number(s.distribution[3]), number(s.flagged), number(s.staff_recorded)});
    if (block.size() >= kFlushBytes) {
      sink(block);
      block.clear();
    }
  }
  if (!block.empty()) sink(block);
}

}  // namespace hymy::hq
