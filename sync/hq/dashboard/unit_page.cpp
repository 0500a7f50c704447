// A unit's page: today / yesterday / 7 / 28 days, the distribution, a six-week daily trend, the
// weekday-by-hour heat map, every question apart, and the comments (positive ones highlighted),
// with staff-recorded feedback in its own list.
#include <algorithm>
#include <map>

#include "dashboard/html.hpp"
#include "dashboard/pages.hpp"
#include "dashboard/svg_charts.hpp"
#include "export/daily_figures.hpp"
#include "export/iso_time.hpp"

namespace hymy::hq {
namespace {

constexpr std::size_t kMaxStaffShown = 50;
constexpr int kTrendDays = 42;
constexpr const char* kWeekdayNames[7] = {"Monday", "Tuesday", "Wednesday", "Thursday",
                                          "Friday", "Saturday", "Sunday"};

std::string period_tile(const char* id, const std::string& label, const std::string& dates,
                        const Figures& f, const std::string& previous_name) {
  const Summary& s = f.current;
  std::string html = "<div class=\"tile period\" id=\"" + std::string(id) + "\"><div class=\"label\">" +
                     html_escape(label) + " <span class=\"dates\">" + html_escape(dates) + "</span></div>";
  html += "<div class=\"big mean\">" + format_mean(s.mean) + "<span class=\"of\"> / 4</span></div>";
  html += "<div class=\"facts\"><span class=\"count\">" + format_count(s.count) + "</span> answers · " +
          format_share(s.share_positive) + " positive</div>";
  html += svg_stacked_bar(s, 220, 8);
  html += "<div class=\"vs\">" + trend_badge(s.mean, f.previous.mean, previous_name) + " <span>vs " +
          html_escape(previous_name) + "</span>";
  if (f.same_weekday_last_week) {
    html += "<br>" + trend_badge(s.mean, f.same_weekday_last_week->mean, "a week earlier") +
            " <span>vs last " + kWeekdayNames[f.first_day.weekday()] + "</span>";
  }
  return html + "</div></div>";
}

std::string range_label(LocalDate first, int days) {
  if (days == 1) return first.iso();
  return first.iso() + " – " + first.plus_days(days - 1).iso();
}

// Case folding for the comment search: ASCII and the Latin-1 letters of Finnish and Swedish.
std::string fold(std::string_view s) {
  std::string out(s);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const auto c = static_cast<unsigned char>(out[i]);
    if (c >= 'A' && c <= 'Z') {
      out[i] = static_cast<char>(c + 32);
    } else if (c == 0xC3 && i + 1 < out.size()) {
      const auto next = static_cast<unsigned char>(out[i + 1]);
      if (next >= 0x80 && next <= 0x9E && next != 0x97) out[i + 1] = static_cast<char>(next + 0x20);
      ++i;
    }
  }
  return out;
}

bool rating_matches(const std::string& filter, int rating) {
  if (filter.empty()) return true;
  if (filter == "positive") return rating >= 3;
  if (filter == "negative") return rating <= 2;
  return filter.size() == 1 && filter[0] - '0' == rating;
}

std::map<std::string, std::string> question_texts(const std::optional<PublishedQuestionSet>& published) {
  std::map<std::string, std::string> out;
  if (!published) return out;
  for (const Question& q : published->set.questions) {
    for (const Language& lang : {Language("en"), published->set.default_language, Language("fi")}) {
      const auto it = q.text.find(lang);
      if (it != q.text.end() && !it->second.empty()) {
        out[q.id] = it->second;
        break;
      }
    }
  }
  return out;
}

std::string comment_item(const RatedAnswer& a, const TimeZone& zone,
                         const std::map<std::string, std::string>& questions) {
  const char* tone = a.rating >= 3 ? "positive" : "negative";
  std::string html = "<li class=\"comment " + std::string(tone) + "\" data-rating=\"" +
                     std::to_string(a.rating) + "\"><span class=\"dot\" data-r=\"" +
                     std::to_string(a.rating) + "\">" + std::to_string(a.rating) + "</span><div>";
  if (a.comment && !a.comment->empty()) {
    html += "<p class=\"text\">" + html_escape(*a.comment) + "</p>";
  } else {
    html += "<p class=\"text none\">(no comment)</p>";
  }
  const std::string local = iso_local(a.answered_at_ms, zone.utc_offset_minutes(a.answered_at_ms));
  const auto q = questions.find(a.question_id);
  html += "<p class=\"meta\">" + html_escape(local.substr(0, 10)) + " " + html_escape(local.substr(11, 5)) +
          " · " + html_escape(q != questions.end() ? q->second : a.question_id);
  if (a.rating >= 3) html += " · <span class=\"badge pos\">Positive</span>";
  if (a.flags != kFlagNone) html += " · <span class=\"badge flag\">Flagged</span>";
  return html + "</p></div></li>";
}

std::string comment_filters(const Unit& unit, const CommentFilter& f) {
  auto option = [](const std::string& value, const std::string& label, const std::string& current) {
    return "<option value=\"" + html_escape(value) + "\"" + (value == current ? " selected" : "") + ">" +
           html_escape(label) + "</option>";
  };
  std::string html = "<form class=\"filters\" method=\"get\" action=\"/units/" + url_encode(unit.id) +
                     "#comments\"><input type=\"hidden\" name=\"limit\" value=\"30\"><label>Period <select name=\"days\">";
  for (const int d : {1, 7, 28, 90, 365}) {
    html += option(std::to_string(d), d == 1 ? "Today" : "Last " + std::to_string(d) + " days",
                   std::to_string(f.days));
  }
  html += "</select></label><label>Rating <select name=\"rating\">" + option("", "All", f.rating) +
          option("positive", "Positive (3–4)", f.rating) + option("negative", "Negative (1–2)", f.rating);
  for (int r = 4; r >= 1; --r) html += option(std::to_string(r), std::to_string(r), f.rating);
  html += "</select></label><label>Answers <select name=\"presence\">" +
          option("with", "With a comment", f.presence) + option("without", "Without a comment", f.presence) +
          option("all", "All", f.presence) + "</select></label>";
  html += "<label class=\"grow\">Search <input type=\"search\" name=\"q\" value=\"" + html_escape(f.text) +
          "\" placeholder=\"Words in the comment\"></label><button type=\"submit\">Apply</button></form>";
  return html;
}

}  // namespace

std::string unit_html(const PageContext& ctx, const Unit& unit, const CommentFilter& filter) {
  const TimeZone zone(unit.time_zone);
  const LocalDate today = zone.date_of(ctx.now_ms);
  const AnswerSource source = unit_answers(ctx.store, unit.id);
  const Figures f_today = compute_figures(source, today, 1, zone);
  const Figures f_yesterday = compute_figures(source, today.plus_days(-1), 1, zone);
  const Figures f_week = compute_figures(source, today.plus_days(-6), 7, zone);
  const Figures f_month = compute_figures(source, today.plus_days(-27), 28, zone);

  // One read of the last six weeks feeds the trend, the heat map and the per-question table.
  const LocalDate trend_first = today.plus_days(-(kTrendDays - 1));
  const UtcRange trend_range = zone.days(trend_first, kTrendDays);
  const std::vector<RatedAnswer> recent = ctx.store.answers(unit.id, trend_range.from_ms, trend_range.to_ms);
  const std::vector<DailySummary> trend = daily_summaries(recent, zone, trend_first, kTrendDays);
  const UtcRange month_range = zone.days(today.plus_days(-27), 28);
  std::vector<RatedAnswer> month;
  for (const RatedAnswer& a : recent) {
    if (a.answered_at_ms >= month_range.from_ms && a.answered_at_ms < month_range.to_ms) month.push_back(a);
  }

  // Heat map cells and questions, each summarised by the shared definition.
  std::array<std::array<std::vector<RatedAnswer>, 24>, 7> cells;
  std::map<std::string, std::vector<RatedAnswer>> by_question;
  for (const RatedAnswer& a : month) {
    cells[static_cast<std::size_t>(zone.weekday_of(a.answered_at_ms))]
         [static_cast<std::size_t>(zone.hour_of(a.answered_at_ms))].push_back(a);
    by_question[a.question_id].push_back(a);
  }
  HeatMap heat;
  for (std::size_t d = 0; d < 7; ++d) {
    for (std::size_t h = 0; h < 24; ++h) {
      if (cells[d][h].empty()) continue;
      const Summary s = summarize(cells[d][h], zone);
      heat[d][h] = HeatCell{s.count, s.mean};
    }
  }
  const auto published = ctx.store.latest_question_set(unit.id);
  const auto questions = question_texts(published);

  std::size_t devices = 0, stale = 0;
  for (const DeviceRecord& d : ctx.store.devices(unit.id)) {
    if (d.revoked) continue;
    ++devices;
    if (!d.last_seen_ms || ctx.now_ms - *d.last_seen_ms > kStaleDeviceMs) ++stale;
  }

  const std::string id = url_encode(unit.id);
  std::string html = "<div class=\"page-head\"><div><p class=\"crumbs\"><a href=\"/\">Overview</a> ›</p><h1>" +
                     html_escape(unit_display_name(unit)) + "</h1><p class=\"sub\">" +
                     html_escape(unit.id) + " · " + html_escape(unit.time_zone) + " · " +
                     std::to_string(devices) + (devices == 1 ? " tablet" : " tablets") +
                     (stale > 0 ? " · <span class=\"warn\">" + std::to_string(stale) + " not synced for a day</span>"
                                : std::string(devices > 0 ? " · <span class=\"ok\">all synced</span>" : "")) +
                     "</p></div><div class=\"actions\">";
  html += "<a class=\"button\" href=\"/units/" + id + "/export/responses.csv?days=28\">Responses CSV</a>";
  html += "<a class=\"button\" href=\"/units/" + id + "/export/daily.csv?days=90\">Daily figures CSV</a>";
  html += "<a class=\"button\" href=\"/units/" + id + "/export/fhir.json?days=28\">FHIR bundle</a>";
  if (ctx.who.user.role == Role::admin) {
    html += "<a class=\"button primary\" href=\"/units/" + id + "/question-set\">Question set</a>";
  }
  html += "</div></div>";

  html += "<section class=\"tiles four\">";
  html += period_tile("period-today", "Today", kWeekdayNames[today.weekday()], f_today, "yesterday");
  html += period_tile("period-yesterday", "Yesterday", today.plus_days(-1).iso(), f_yesterday, "the day before");
  html += period_tile("period-7", "Last 7 days", range_label(today.plus_days(-6), 7), f_week, "the 7 days before");
  html += period_tile("period-28", "Last 28 days", range_label(today.plus_days(-27), 28), f_month, "the 28 days before");
  html += "</section>";

  html += "<div class=\"grid two\"><section class=\"card\" id=\"distribution\"><h2>Distribution, last 28 days</h2>" +
          svg_distribution(f_month.current, 420) + "<p class=\"hint\">" +
          format_count(f_month.current.count) + " answers · " + format_count(f_month.current.flagged) +
          " flagged and " + format_count(f_month.current.staff_recorded) +
          " staff-recorded counted apart</p></section>";
  html += "<section class=\"card\" id=\"trend\"><h2>Daily mean, last six weeks</h2>" +
          svg_trend(trend, 560, 220) +
          "<p class=\"hint\"><span class=\"key line\"></span> mean per day &nbsp; <span class=\"key bars\"></span> answers per day</p></section></div>";

  html += "<div class=\"grid two\"><section class=\"card\" id=\"heatmap\"><h2>When visitors answer, last 28 days</h2>" +
          svg_heat_map(heat, 520) + "<p class=\"hint\">Darker = more answers; hover a cell for its mean.</p></section>";
  html += "<section class=\"card\" id=\"questions\"><h2>Questions, last 28 days</h2><table><thead><tr>"
          "<th>Question</th><th class=\"num\">Answers</th><th class=\"num\">Mean</th><th class=\"num\">Positive</th>"
          "<th>Distribution</th></tr></thead><tbody>";
  for (const auto& [qid, answers] : by_question) {
    const Summary s = summarize(answers, zone);
    const auto text = questions.find(qid);
    html += "<tr data-question=\"" + html_escape(qid) + "\"><td>" +
            html_escape(text != questions.end() ? text->second : qid) + "<span class=\"id\">" +
            html_escape(qid) + "</span></td><td class=\"num\">" + format_count(s.count) +
            "</td><td class=\"num mean\">" + format_mean(s.mean) + "</td><td class=\"num\">" +
            format_share(s.share_positive) + "</td><td>" + svg_stacked_bar(s, 140, 10) + "</td></tr>";
  }
  if (by_question.empty()) html += "<tr><td colspan=\"5\" class=\"empty\">No answers in the last 28 days.</td></tr>";
  html += "</tbody></table></section></div>";

  // Comments, filtered.
  const int days = std::clamp(filter.days, 1, 366);
  const UtcRange range = zone.days(today.plus_days(-(days - 1)), days);
  std::vector<RatedAnswer> visitor, staff;
  std::int64_t visitor_total = 0;
  const std::string needle = fold(filter.text);
  std::vector<RatedAnswer> period = ctx.store.answers(unit.id, range.from_ms, range.to_ms);
  std::sort(period.begin(), period.end(), [](const RatedAnswer& a, const RatedAnswer& b) {
    return a.answered_at_ms > b.answered_at_ms;
  });
  for (const RatedAnswer& a : period) {
    const bool has_comment = a.comment && !a.comment->empty();
    if (filter.presence == "with" && !has_comment) continue;
    if (filter.presence == "without" && has_comment) continue;
    if (!rating_matches(filter.rating, a.rating)) continue;
    if (!needle.empty() && (!has_comment || fold(*a.comment).find(needle) == std::string::npos)) continue;
    if (a.channel == Channel::staff) {
      if (staff.size() < kMaxStaffShown) staff.push_back(a);
    } else {
      ++visitor_total;
      if (visitor.size() < static_cast<std::size_t>(std::clamp(filter.limit, 1, 500))) visitor.push_back(a);
    }
  }
  html += "<section class=\"card\" id=\"comments\"><h2>Visitors' comments</h2>" + comment_filters(unit, filter);
  html += "<p class=\"hint\">" + format_count(visitor_total) + " matching" +
          (static_cast<std::size_t>(visitor_total) > visitor.size()
               ? ", newest " + std::to_string(visitor.size()) + " shown"
               : std::string()) +
          ". Positive feedback is highlighted in green.</p><ul class=\"comments\">";
  for (const RatedAnswer& a : visitor) html += comment_item(a, zone, questions);
  if (visitor.empty()) html += "<li class=\"empty\">No comments match.</li>";
  html += "</ul>";
  if (static_cast<std::size_t>(visitor_total) > visitor.size() && filter.limit < 500) {
    html += "<p class=\"more\"><a href=\"/units/" + id + "?days=" + std::to_string(days) + "&amp;rating=" +
            url_encode(filter.rating) + "&amp;presence=" + url_encode(filter.presence) + "&amp;q=" +
            url_encode(filter.text) + "&amp;limit=" + std::to_string(std::min(filter.limit + 100, 500)) +
            "#comments\">Show more comments</a></p>";
  }
  html += "</section>";

  html += "<section class=\"card\" id=\"staff\"><h2>Staff-recorded feedback</h2><p class=\"hint\">"
          "Feedback that staff entered on a visitor's behalf; kept out of the headline figures (" +
          format_count(f_month.current.staff_recorded) + " in the last 28 days).</p><ul class=\"comments\">";
  for (const RatedAnswer& a : staff) html += comment_item(a, zone, questions);
  if (staff.empty()) html += "<li class=\"empty\">None in this period.</li>";
  html += "</ul></section>";
  return html;
}

}  // namespace hymy::hq
