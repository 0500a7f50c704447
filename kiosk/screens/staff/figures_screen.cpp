// Today's figures. Left: this tablet (count, mean, share positive, each against yesterday and
// the same weekday last week; the 1..4 distribution; the hourly profile). Right: the whole unit
// as HQ last sent it, with when it was fetched, or "missing" (never zero) when there is none; and
// the latest comments, praise included. Every number drawn is also published by name for tests.
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "screens/staff/staff_screens.hpp"
#include "screens/staff/staff_ui.hpp"
#include "ui/charts.hpp"
#include "ui/face.hpp"

namespace hymy::kiosk {

using namespace staff_ui;

namespace {

std::string raw(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", v);
  return buf;
}

std::string raw(const std::optional<double>& v) { return v ? raw(*v) : "none"; }

void publish_summary(ScreenOutput& out, const std::string& p, const Summary& s) {
  out.values[p + ".count"] = std::to_string(s.count);
  out.values[p + ".mean"] = raw(s.mean);
  out.values[p + ".share_positive"] = raw(s.share_positive);
  for (int i = 0; i < 4; ++i) out.values[p + ".distribution." + std::to_string(i + 1)] = std::to_string(s.distribution[static_cast<std::size_t>(i)]);
  std::string hourly;
  for (std::size_t h = 0; h < 24; ++h) {
    if (h > 0) hourly += ',';
    hourly += std::to_string(s.hourly[h]);
  }
  out.values[p + ".hourly"] = hourly;
  out.values[p + ".staff_recorded"] = std::to_string(s.staff_recorded);
  out.values[p + ".flagged"] = std::to_string(s.flagged);
}

// "vs yesterday  +0,3" under a figure; colour says better or worse where that means something.
void delta_line(const ScreenContext& ctx, ImDrawList* dl, float x, float y, float w, const std::string& label,
                const std::optional<double>& now, const std::optional<double>& then, int decimals, double scale,
                const std::string& unit_key, bool judge) {
  std::string value = "–";
  ImU32 col = hymy::kiosk::colors::kTextSoft;
  if (now && then) {
    const double d = (*now - *then) * scale;
    value = signed_decimal(ctx, d, decimals);
    if (!unit_key.empty()) value = tr(ctx, unit_key, {{"value", value}});
    if (judge && d > 1e-9) col = tone::kUp;
    else if (judge && d < -1e-9) col = tone::kDown;
    else col = hymy::kiosk::colors::kText;
  }
  const float vw = text_width(ctx.fonts.small_bold, value);
  text(dl, ctx.fonts.small_bold, x + w - vw, y, col, value);
  text(dl, ctx.fonts.small, x, y, hymy::kiosk::colors::kTextSoft, fit(ctx.fonts.small, label, w - vw - ctx.fonts.em * 0.4f));
}

std::optional<double> as_count(const Summary& s) { return static_cast<double>(s.count); }

}  // namespace

void draw_staff_figures(const ScreenContext& ctx, ScreenOutput& out) {
  const StaffState& st = ctx.staff->state();
  const Rect body = draw_header(ctx, out, tr(ctx, "figures.header"));
  const float em = ctx.fonts.em;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (!st.figures) {
    draw_text_centered(dl, ctx.fonts.body, tr(ctx, "figures.loading"), body.cx(), body.cy() - em, body.width(), hymy::kiosk::colors::kTextSoft);
    draw_message(ctx, body);
    return;
  }
  const StaffFigures& f = *st.figures;
  const Summary& cur = f.tablet.current;
  const Summary& prev = f.tablet.previous;
  const Summary week = f.tablet.same_weekday_last_week.value_or(Summary{});
  publish_summary(out, "figures.tablet", cur);
  publish_summary(out, "figures.tablet.yesterday", prev);
  publish_summary(out, "figures.tablet.week", week);
  out.values["figures.date"] = f.date;

  const float m = em * 0.9f, gap = em * 0.7f;
  const bool portrait = body.height() > body.width();
  const float left_w = portrait ? body.width() - m * 2 : (body.width() - m * 2 - gap) * 0.6f;
  const Rect left{body.x0 + m, body.y0 + m, body.x0 + m + left_w, portrait ? body.y0 + body.height() * 0.58f : body.y1 - m};
  const Rect right = portrait ? Rect{body.x0 + m, left.y1 + gap, body.x1 - m, body.y1 - m}
                              : Rect{left.x1 + gap, body.y0 + m, body.x1 - m, body.y1 - m};

  // --- KPI cards ---
  const float kpi_h = em * 5.0f;
  const float kw = (left.width() - gap * 2) / 3.0f;
  std::string weekday_label = tr(ctx, "figures.vs_week", {{"day", "?"}});
  if (const auto d = LocalDate::parse(f.date))
    weekday_label = tr(ctx, "figures.vs_week", {{"day", tr(ctx, "day." + std::to_string(d->weekday()))}});
  struct Kpi { std::string label, value; std::optional<double> now, yday, wk; int decimals; double scale; const char* unit; bool judge; };
  const Kpi kpis[3] = {
      {tr(ctx, "figures.count"), std::to_string(cur.count), as_count(cur), as_count(prev), as_count(week), 0, 1.0, "", false},
      {tr(ctx, "figures.mean"), cur.mean ? decimal(ctx, *cur.mean, 2) : "–", cur.mean, prev.mean, week.mean, 2, 1.0, "", true},
      {tr(ctx, "figures.positive"), cur.share_positive ? percent(ctx, *cur.share_positive) : "–", cur.share_positive,
       prev.share_positive, week.share_positive, 0, 100.0, "format.points", true}};
  for (int i = 0; i < 3; ++i) {
    const Rect r{left.x0 + static_cast<float>(i) * (kw + gap), left.y0, left.x0 + static_cast<float>(i) * (kw + gap) + kw, left.y0 + kpi_h};
    card(dl, r, em);
    const float px = r.x0 + em * 0.7f, pw = r.width() - em * 1.4f;
    text(dl, ctx.fonts.small_bold, px, r.y0 + em * 0.5f, hymy::kiosk::colors::kTextSoft, fit(ctx.fonts.small_bold, kpis[i].label, pw));
    text(dl, ctx.fonts.title, px, r.y0 + em * 1.15f, hymy::kiosk::colors::kText, kpis[i].value);
    if (i == 1 && cur.mean) {
      const float vw = text_width(ctx.fonts.title, kpis[i].value);
      text(dl, ctx.fonts.small, px + vw + em * 0.25f, r.y0 + em * 1.15f + ctx.fonts.title->FontSize - ctx.fonts.small->FontSize * 1.2f,
           hymy::kiosk::colors::kTextSoft, "/ 4");
    }
    delta_line(ctx, dl, px, r.y0 + em * 3.25f, pw, tr(ctx, "figures.vs_yesterday"), kpis[i].now, kpis[i].yday,
               kpis[i].decimals, kpis[i].scale, kpis[i].unit, kpis[i].judge);
    delta_line(ctx, dl, px, r.y0 + em * 4.0f, pw, weekday_label, kpis[i].now, kpis[i].wk, kpis[i].decimals,
               kpis[i].scale, kpis[i].unit, kpis[i].judge);
  }

  // --- distribution and hourly profile ---
  const float rest = left.y1 - (left.y0 + kpi_h + gap);
  const float dist_h = std::min(em * 6.6f, rest * 0.48f);
  const Rect dist{left.x0, left.y0 + kpi_h + gap, left.x1, left.y0 + kpi_h + gap + dist_h};
  card(dl, dist, em);
  text(dl, ctx.fonts.small_bold, dist.x0 + em * 0.7f, dist.y0 + em * 0.45f, hymy::kiosk::colors::kTextSoft, tr(ctx, "figures.distribution"));
  std::array<std::string, 4> labels;
  for (std::size_t i = 0; i < 4; ++i) {
    labels[i] = std::to_string(cur.distribution[i]);
    if (cur.count > 0)
      labels[i] += "  ·  " + percent(ctx, static_cast<double>(cur.distribution[i]) / static_cast<double>(cur.count));
  }
  draw_rating_bars(dl, Rect{dist.x0 + em * 0.7f, dist.y0 + em * 1.35f, dist.x1 - em * 0.8f, dist.y1 - em * 0.3f},
                   cur.distribution, labels, ctx.fonts);

  const Rect hourly{left.x0, dist.y1 + gap, left.x1, left.y1};
  card(dl, hourly, em);
  text(dl, ctx.fonts.small_bold, hourly.x0 + em * 0.7f, hourly.y0 + em * 0.45f, hymy::kiosk::colors::kTextSoft, tr(ctx, "figures.hourly"));
  int now_hour = -1;
  if (ctx.zone != nullptr && TimeZone::supports(ctx.now_wall_ms) && ctx.zone->date_of(ctx.now_wall_ms).iso() == f.date)
    now_hour = ctx.zone->hour_of(ctx.now_wall_ms);
  draw_hourly(dl, Rect{hourly.x0 + em * 0.8f, hourly.y0 + em * 1.6f, hourly.x1 - em * 0.8f, hourly.y1 - em * 0.4f},
              cur.hourly, now_hour, ctx.fonts);

  // --- the whole unit, from HQ ---
  const float unit_h = em * 5.6f;
  const Rect unit{right.x0, right.y0, right.x1, right.y0 + unit_h};
  card(dl, unit, em);
  const float ux = unit.x0 + em * 0.7f, uw = unit.width() - em * 1.4f;
  text(dl, ctx.fonts.small_bold, ux, unit.y0 + em * 0.45f, hymy::kiosk::colors::kTextSoft, fit(ctx.fonts.small_bold, tr(ctx, "figures.unit"), uw));
  if (f.unit_today) {
    const Summary& u = f.unit_today->current;
    publish_summary(out, "figures.unit", u);
    out.values["figures.unit.fetched_at_ms"] = std::to_string(f.unit_today->fetched_at_ms);
    const float cw = uw / 3.0f;
    const std::string vals[3] = {std::to_string(u.count), u.mean ? decimal(ctx, *u.mean, 2) : "–",
                                 u.share_positive ? percent(ctx, *u.share_positive) : "–"};
    const char* keys[3] = {"figures.count_short", "figures.mean_short", "figures.positive_short"};
    for (int i = 0; i < 3; ++i) {
      const float x = ux + cw * static_cast<float>(i);
      text(dl, ctx.fonts.button, x, unit.y0 + em * 1.35f, hymy::kiosk::colors::kText, vals[i]);
      text(dl, ctx.fonts.small, x, unit.y0 + em * 2.7f, hymy::kiosk::colors::kTextSoft, fit(ctx.fonts.small, tr(ctx, keys[i]), cw - em * 0.3f));
    }
    const std::string fetched = tr(ctx, "figures.fetched", {{"time", local_time(ctx, f.unit_today->fetched_at_ms)},
                                                            {"ago", ago(ctx, f.unit_today->fetched_at_ms)}});
    text(dl, ctx.fonts.small, ux, unit.y0 + em * 4.2f, hymy::kiosk::colors::kTextSoft, fit(ctx.fonts.small, fetched, uw));
  } else {
    out.values["figures.unit.count"] = "missing";
    const Rect badge{ux, unit.y0 + em * 1.4f, ux + text_width(ctx.fonts.small_bold, tr(ctx, "figures.missing")) + em * 1.2f, unit.y0 + em * 2.5f};
    dl->AddRectFilled(top_left(badge), bottom_right(badge), tone::kWarnFill, badge.height() * 0.5f);
    text(dl, ctx.fonts.small_bold, badge.x0 + em * 0.6f, badge.cy() - ctx.fonts.small_bold->FontSize * 0.5f, tone::kWarnText, tr(ctx, "figures.missing"));
    std::string why = tr(ctx, "figures.missing_detail");
    if (f.unit_last_fetch_ms) why += " " + tr(ctx, "figures.last_fetch", {{"time", local_time(ctx, *f.unit_last_fetch_ms)}});
    text(dl, ctx.fonts.small, ux, unit.y0 + em * 2.9f, hymy::kiosk::colors::kTextSoft, why, uw);
  }

  // --- latest comments ---
  const Rect comments{right.x0, unit.y1 + gap, right.x1, right.y1};
  card(dl, comments, em);
  text(dl, ctx.fonts.small_bold, comments.x0 + em * 0.7f, comments.y0 + em * 0.45f, hymy::kiosk::colors::kTextSoft, tr(ctx, "figures.comments"));
  float y = comments.y0 + em * 1.5f;
  const float cx0 = comments.x0 + em * 0.7f, cx1 = comments.x1 - em * 0.7f;
  int shown = 0;
  if (f.tablet.comments.empty())
    text(dl, ctx.fonts.small, cx0, y, hymy::kiosk::colors::kTextSoft, tr(ctx, "figures.no_comments"), cx1 - cx0);
  for (const Comment& c : f.tablet.comments) {
    const float fr = em * 0.5f;
    const float tx = cx0 + fr * 2 + em * 0.45f;
    std::string meta = local_time(ctx, c.answered_at_ms);
    if (c.channel == Channel::staff) meta += "  ·  " + tr(ctx, "figures.spoken");
    const float text_h = std::min(measure_text_height(ctx.fonts.small, c.text, cx1 - tx), ctx.fonts.small->FontSize * 1.18f * 3);
    const float h = ctx.fonts.small->FontSize * 1.25f + text_h + em * 0.55f;
    const bool apart_note = cur.staff_recorded > 0 || cur.flagged > 0;
    if (y + h > comments.y1 - (apart_note ? em * 1.4f : em * 0.3f)) break;
    draw_face(dl, ImVec2(cx0 + fr, y + fr), fr, c.rating);
    text(dl, ctx.fonts.small_bold, tx, y, hymy::kiosk::colors::kTextSoft, meta);
    // At most three lines; the rest is cut with an ellipsis.
    ImGui::PushClipRect(ImVec2(tx, y), ImVec2(cx1, y + ctx.fonts.small->FontSize * 1.25f + text_h), true);
    text(dl, ctx.fonts.small, tx, y + ctx.fonts.small->FontSize * 1.25f, hymy::kiosk::colors::kText, c.text, cx1 - tx);
    ImGui::PopClipRect();
    out.values["figures.comment." + std::to_string(shown)] = c.text;
    ++shown;
    y += h;
    if (y < comments.y1 - em) dl->AddLine(ImVec2(cx0, y - em * 0.3f), ImVec2(cx1, y - em * 0.3f), IM_COL32(0x23, 0x30, 0x38, 0x14), 1.0f);
  }
  out.values["figures.comments_shown"] = std::to_string(shown);
  // What the headline leaves out, so nothing is hidden.
  if (cur.staff_recorded > 0 || cur.flagged > 0) {
    const std::string apart = tr(ctx, "figures.apart", {{"spoken", std::to_string(cur.staff_recorded)}, {"flagged", std::to_string(cur.flagged)}});
    text(dl, ctx.fonts.small, cx0, comments.y1 - em * 1.15f, hymy::kiosk::colors::kTextSoft, fit(ctx.fonts.small, apart, cx1 - cx0));
  }
  draw_message(ctx, body);
}

}  // namespace hymy::kiosk
