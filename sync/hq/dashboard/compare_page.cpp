// Compare: chosen units side by side over one period of local dates (each unit in its own time
// zone), the figures directors benchmark with.
#include <algorithm>

#include "dashboard/html.hpp"
#include "dashboard/pages.hpp"
#include "dashboard/svg_charts.hpp"

namespace hymy::hq {

std::string compare_html(const PageContext& ctx, const std::vector<Unit>& visible,
                         const CompareRequest& request) {
  const LocalDate first = request.last_day.plus_days(-(request.days - 1));
  std::string html = "<div class=\"page-head\"><div><h1>Compare units</h1><p class=\"sub\">" +
                     first.iso() + " – " + request.last_day.iso() + " · " + std::to_string(request.days) +
                     (request.days == 1 ? " day" : " days") + " · each unit in its own local time</p></div></div>";

  html += "<section class=\"card\"><form class=\"filters compare\" method=\"get\" action=\"/compare\"><fieldset><legend>Units</legend>";
  for (const Unit& u : visible) {
    const bool on = std::find(request.unit_ids.begin(), request.unit_ids.end(), u.id) != request.unit_ids.end();
    html += "<label class=\"check\"><input type=\"checkbox\" name=\"unit\" value=\"" + html_escape(u.id) + "\"" +
            (on ? " checked" : "") + "> " + html_escape(unit_display_name(u)) + "</label>";
  }
  html += "</fieldset><label>Period <select name=\"days\">";
  for (const int d : {1, 7, 28, 90, 365}) {
    html += "<option value=\"" + std::to_string(d) + "\"" + (d == request.days ? " selected" : "") + ">" +
            (d == 1 ? std::string("1 day") : std::to_string(d) + " days") + "</option>";
  }
  html += "</select></label><label>Ending <input type=\"date\" name=\"end\" value=\"" + request.last_day.iso() +
          "\"></label><button type=\"submit\">Compare</button></form></section>";

  std::vector<MeanBar> bars;
  std::string rows;
  for (const std::string& id : request.unit_ids) {
    const auto unit = std::find_if(visible.begin(), visible.end(), [&](const Unit& u) { return u.id == id; });
    if (unit == visible.end()) continue;
    const TimeZone zone(unit->time_zone);
    const Figures f = compute_figures(unit_answers(ctx.store, unit->id), first, request.days, zone);
    const Summary& s = f.current;
    bars.push_back({unit_display_name(*unit), s});
    rows += "<tr data-unit=\"" + html_escape(unit->id) + "\"><td class=\"unit\"><a href=\"/units/" +
            url_encode(unit->id) + "\">" + html_escape(unit_display_name(*unit)) + "</a><span class=\"id\">" +
            html_escape(unit->id) + "</span></td><td class=\"num\">" + format_count(s.count) +
            "</td><td class=\"num mean\">" + format_mean(s.mean) + "</td><td class=\"num\">" +
            format_share(s.share_positive) + "</td><td>" +
            trend_badge(s.mean, f.previous.mean, "the previous period") + "</td><td>" +
            svg_stacked_bar(s, 160, 10) + "</td><td class=\"num\">" + format_count(s.flagged) +
            "</td><td class=\"num\">" + format_count(s.staff_recorded) + "</td><td class=\"num\">" +
            format_count(static_cast<std::int64_t>(f.comments.size())) + "</td></tr>";
  }
  if (bars.empty()) {
    html += "<section class=\"card\"><p class=\"empty\">Choose one or more units above.</p></section>";
    return html;
  }
  html += "<section class=\"card\"><h2>Mean rating</h2>" + svg_mean_bars(bars, 760) + "</section>";
  html += "<section class=\"card\"><h2>Side by side</h2><div class=\"table-wrap\"><table class=\"compare\"><thead><tr>"
          "<th>Unit</th><th class=\"num\">Answers</th><th class=\"num\">Mean</th><th class=\"num\">Positive</th>"
          "<th>vs previous period</th><th>Distribution</th><th class=\"num\">Flagged</th>"
          "<th class=\"num\">Staff-recorded</th><th class=\"num\">Comments</th></tr></thead><tbody>" +
          rows + "</tbody></table></div></section>";
  return html;
}

}  // namespace hymy::hq
