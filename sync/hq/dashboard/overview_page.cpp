// The overview: every unit the user may see, today and yesterday side by side with their trends,
// and the tablets that have not synced for a day.
#include <algorithm>

#include "dashboard/html.hpp"
#include "dashboard/pages.hpp"
#include "dashboard/svg_charts.hpp"
#include "export/daily_figures.hpp"

namespace hymy::hq {
namespace {

constexpr const char* kWeekdayNames[7] = {"Monday", "Tuesday", "Wednesday", "Thursday",
                                          "Friday", "Saturday", "Sunday"};

struct UnitRow {
  Unit unit;
  LocalDate today;
  Figures today_figures;
  Figures yesterday_figures;
  std::vector<DailySummary> last_28;
  std::size_t devices = 0;
  std::vector<DeviceRecord> stale;
};

UnitRow gather(HqStore& store, const Unit& unit, std::int64_t now_ms) {
  const TimeZone zone(unit.time_zone);
  UnitRow row;
  row.unit = unit;
  row.today = zone.date_of(now_ms);
  const AnswerSource source = unit_answers(store, unit.id);
  row.today_figures = compute_figures(source, row.today, 1, zone);
  row.yesterday_figures = compute_figures(source, row.today.plus_days(-1), 1, zone);
  row.last_28 = daily_summaries(store, unit.id, zone, row.today.plus_days(-27), 28);
  for (const DeviceRecord& d : store.devices(unit.id)) {
    if (d.revoked) continue;
    ++row.devices;
    if (!d.last_seen_ms || now_ms - *d.last_seen_ms > kStaleDeviceMs) row.stale.push_back(d);
  }
  return row;
}

std::string day_cells(const Figures& f, LocalDate day, const char* previous_name) {
  const Summary& s = f.current;
  const std::string weekday = kWeekdayNames[day.weekday()];
  std::string html = "<td class=\"num\">" + format_count(s.count) + "</td>";
  html += "<td class=\"num mean\">" + format_mean(s.mean) + "</td>";
  html += "<td class=\"num\">" + format_share(s.share_positive) + "</td>";
  html += "<td class=\"trends\">" + trend_badge(s.mean, f.previous.mean, previous_name) + " " +
          trend_badge(s.mean, f.same_weekday_last_week ? f.same_weekday_last_week->mean : std::nullopt,
                      "last " + weekday) + "</td>";
  return html;
}

}  // namespace

std::string format_age(std::optional<std::int64_t> then_ms, std::int64_t now_ms) {
  if (!then_ms) return "never";
  const std::int64_t age = now_ms - *then_ms;
  if (age < 60'000) return "just now";
  if (age < 3'600'000) return std::to_string(age / 60'000) + " min ago";
  if (age < 48 * 3'600'000LL) return std::to_string(age / 3'600'000) + " h ago";
  return std::to_string(age / 86'400'000) + " days ago";
}

std::string overview_html(const PageContext& ctx) {
  std::vector<UnitRow> rows;
  for (const Unit& unit : ctx.store.units()) {
    if (ctx.who.user.may_see_unit(unit.id)) rows.push_back(gather(ctx.store, unit, ctx.now_ms));
  }
  std::int64_t today_total = 0, yesterday_total = 0;
  std::size_t devices = 0, stale = 0;
  for (const UnitRow& r : rows) {
    today_total += r.today_figures.current.count;
    yesterday_total += r.yesterday_figures.current.count;
    devices += r.devices;
    stale += r.stale.size();
  }

  std::string html = "<div class=\"page-head\"><h1>Overview</h1><p class=\"sub\">";
  html += rows.empty() ? std::string("No units to show.")
                       : "Today is " + std::string(kWeekdayNames[rows.front().today.weekday()]) + " " +
                             rows.front().today.iso() + " · " + std::to_string(rows.size()) +
                             (rows.size() == 1 ? " unit" : " units");
  html += "</p></div>";

  html += "<section class=\"tiles\">";
  html += "<div class=\"tile\"><div class=\"label\">Answers today</div><div class=\"big\" id=\"total-today\">" +
          format_count(today_total) + "</div></div>";
  html += "<div class=\"tile\"><div class=\"label\">Answers yesterday</div><div class=\"big\" id=\"total-yesterday\">" +
          format_count(yesterday_total) + "</div></div>";
  html += "<div class=\"tile\"><div class=\"label\">Tablets synced within a day</div><div class=\"big\">" +
          std::to_string(devices - stale) + "<span class=\"of\"> / " + std::to_string(devices) +
          "</span></div></div>";
  html += "</section>";

  html += "<section class=\"card\"><h2>Units today and yesterday</h2>"
          "<p class=\"hint\">Mean on the 1–4 scale; positive = share of 3 and 4. Arrows compare the "
          "mean with the day before and with the same weekday a week earlier.</p>"
          "<div class=\"table-wrap\"><table class=\"overview\"><thead><tr><th rowspan=\"2\">Unit</th>"
          "<th colspan=\"4\" class=\"group\">Today</th><th colspan=\"4\" class=\"group\">Yesterday</th>"
          "<th rowspan=\"2\">28 days</th><th rowspan=\"2\" title=\"Tablets synced within a day / all tablets\">Tablets</th></tr><tr>"
          "<th class=\"num\">Answers</th><th class=\"num\">Mean</th><th class=\"num\">Positive</th><th>vs day · week</th>"
          "<th class=\"num\">Answers</th><th class=\"num\">Mean</th><th class=\"num\">Positive</th><th>vs day · week</th>"
          "</tr></thead><tbody>";
  for (const UnitRow& r : rows) {
    html += "<tr data-unit=\"" + html_escape(r.unit.id) + "\"><td class=\"unit\"><a href=\"/units/" +
            url_encode(r.unit.id) + "\">" + html_escape(unit_display_name(r.unit)) +
            "</a><span class=\"id\">" + html_escape(r.unit.id) + "</span></td>";
    html += day_cells(r.today_figures, r.today, "yesterday");
    html += day_cells(r.yesterday_figures, r.today.plus_days(-1), "the day before");
    html += "<td>" + svg_sparkline(r.last_28, 110, 30) + "</td>";
    html += "<td class=\"tablets\">" + std::string(r.stale.empty() ? "<span class=\"ok\">" : "<span class=\"warn\">") +
            std::to_string(r.devices - r.stale.size()) + "\u00a0/\u00a0" + std::to_string(r.devices) +
            "</span></td></tr>";
  }
  html += "</tbody></table></div></section>";

  html += "<section class=\"card\" id=\"stale-tablets\"><h2>Tablets not synced for a day</h2>";
  if (stale == 0) {
    html += "<p class=\"ok\">All " + std::to_string(devices) + " tablets have synced within the last 24 hours.</p>";
  } else {
    html += "<table><thead><tr><th>Tablet</th><th>Unit</th><th>Last synced</th></tr></thead><tbody>";
    for (const UnitRow& r : rows) {
      for (const DeviceRecord& d : r.stale) {
        html += "<tr class=\"stale\"><td>" + html_escape(d.id) + "</td><td><a href=\"/units/" +
                url_encode(r.unit.id) + "\">" + html_escape(unit_display_name(r.unit)) + "</a></td><td>" +
                format_age(d.last_seen_ms, ctx.now_ms) + "</td></tr>";
      }
    }
    html += "</tbody></table>";
  }
  html += "</section>";
  return html;
}

}  // namespace hymy::hq
