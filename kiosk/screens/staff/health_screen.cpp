// Device health: one line at the top that says whether answers reach HQ, then the sync details
// (waiting answers, last successful sync, the last error in plain words with what to do) and the
// device (disk, database, version, ids). Everything comes from the shared database; the sync
// daemon writes, the kiosk only reads.
#include <imgui.h>

#include <algorithm>

#include "screens/staff/staff_screens.hpp"
#include "screens/staff/staff_ui.hpp"

namespace hymy::kiosk {

using namespace staff_ui;

namespace {

constexpr std::int64_t kStaleSyncMs = 2 * 3600 * 1000;  // no success for this long: worth a look
constexpr double kLowDiskShare = 0.05;

struct Row {
  std::string label, value;
  ImU32 color = hymy::kiosk::colors::kText;
};

float draw_rows(const ScreenContext& ctx, ImDrawList* dl, const Rect& r, float y, const std::vector<Row>& rows) {
  const float em = ctx.fonts.em;
  const float x = r.x0 + em * 0.8f, w = r.width() - em * 1.6f;
  for (const Row& row : rows) {
    // The value takes the room it needs: at least two thirds, or all the label leaves; the label
    // the rest.
    const float label_w = text_width(ctx.fonts.body, row.label) + em * 0.6f;
    const std::string v = fit(ctx.fonts.strong, row.value, std::max(w * 0.66f, w - label_w));
    const float vw = text_width(ctx.fonts.strong, v);
    text(dl, ctx.fonts.strong, x + w - vw, y, row.color, v);
    text(dl, ctx.fonts.body, x, y, hymy::kiosk::colors::kTextSoft, fit(ctx.fonts.body, row.label, w - vw - em * 0.6f));
    y += em * 1.55f;
    if (&row != &rows.back())
      dl->AddLine(ImVec2(x, y - em * 0.3f), ImVec2(x + w, y - em * 0.3f), IM_COL32(0x23, 0x30, 0x38, 0x12), 1.0f);
  }
  return y;
}

}  // namespace

void draw_staff_health(const ScreenContext& ctx, ScreenOutput& out) {
  const StaffState& st = ctx.staff->state();
  const Rect body = draw_header(ctx, out, tr(ctx, "health.header"));
  const float em = ctx.fonts.em;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (!st.health) {
    draw_text_centered(dl, ctx.fonts.body, tr(ctx, "figures.loading"), body.cx(), body.cy() - em, body.width(), hymy::kiosk::colors::kTextSoft);
    draw_message(ctx, body);
    return;
  }
  const DeviceHealth& h = *st.health;
  const float m = em * 0.9f, gap = em * 0.7f;

  // --- the summary line ---
  std::string status_key = "health.ok";
  Args status_args;
  ImU32 fill = tone::kOkFill, ink = tone::kOkText;
  if (h.last_error) {
    status_key = "health.error." + (h.last_error->kind.empty() ? std::string("other") : h.last_error->kind);
    if (pack(ctx).text(status_key) == status_key) status_key = "health.error.other";
    fill = tone::kErrorFill;
    ink = tone::kErrorText;
  } else if (!h.last_success_ms) {
    status_key = "health.never";
    fill = tone::kWarnFill;
    ink = tone::kWarnText;
  } else if (ctx.now_wall_ms - *h.last_success_ms > kStaleSyncMs) {
    status_key = "health.stale";
    status_args = {{"ago", ago(ctx, *h.last_success_ms)}};
    fill = tone::kWarnFill;
    ink = tone::kWarnText;
  }
  const std::string status = tr(ctx, status_key, status_args);
  const float sw = body.width() - m * 2;
  std::string detail;
  if (h.last_error) detail = tr(ctx, "health.daemon_said", {{"message", h.last_error->message}});
  const float th = measure_text_height(ctx.fonts.strong, status, sw - em * 2.6f);
  const float dh = detail.empty() ? 0.0f : measure_text_height(ctx.fonts.small, detail, sw - em * 2.6f) + em * 0.3f;
  const Rect sr{body.x0 + m, body.y0 + m, body.x1 - m, body.y0 + m + th + dh + em * 1.1f};
  dl->AddRectFilled(top_left(sr), bottom_right(sr), fill, em * 0.55f);
  dl->AddCircleFilled(ImVec2(sr.x0 + em * 1.0f, sr.y0 + em * 0.55f + ctx.fonts.strong->FontSize * 0.55f), em * 0.32f, ink, 24);
  text(dl, ctx.fonts.strong, sr.x0 + em * 1.8f, sr.y0 + em * 0.55f, ink, status, sw - em * 2.6f);
  if (!detail.empty())
    text(dl, ctx.fonts.small, sr.x0 + em * 1.8f, sr.y0 + em * 0.55f + th + em * 0.3f, ink, detail, sw - em * 2.6f);
  out.values["health.status"] = status_key;

  // --- two cards ---
  const bool portrait = body.height() > body.width();
  const float top = sr.y1 + gap;
  const float cw = portrait ? sw : (sw - gap) / 2.0f;
  const auto card_h = [&](std::size_t rows) { return em * 1.6f + static_cast<float>(rows) * em * 1.55f + em * 0.3f; };

  const auto when = [&](const std::optional<std::int64_t>& ms) {
    return ms ? local_time(ctx, *ms) + "  (" + ago(ctx, *ms) + ")" : tr(ctx, "health.never_short");
  };
  std::vector<Row> sync_rows = {
      {tr(ctx, "health.unsent"), std::to_string(h.unsent), h.unsent > 0 && h.last_error ? tone::kWarnText : hymy::kiosk::colors::kText},
      {tr(ctx, "health.last_success"), when(h.last_success_ms)},
      {tr(ctx, "health.last_attempt"), when(h.last_attempt_ms)},
  };
  if (h.rejected > 0) sync_rows.push_back({tr(ctx, "health.rejected"), std::to_string(h.rejected), tone::kDown});
  if (h.last_error && h.last_error->retry_at_ms > 0)
    sync_rows.push_back({tr(ctx, "health.next_try"), local_time(ctx, h.last_error->retry_at_ms)});

  std::string disk = tr(ctx, "health.unknown");
  ImU32 disk_col = hymy::kiosk::colors::kText;
  if (h.disk_free_bytes && h.disk_total_bytes && *h.disk_total_bytes > 0) {
    disk = tr(ctx, "health.disk_value", {{"free", bytes(ctx, *h.disk_free_bytes)}, {"total", bytes(ctx, *h.disk_total_bytes)}});
    if (static_cast<double>(*h.disk_free_bytes) < kLowDiskShare * static_cast<double>(*h.disk_total_bytes)) disk_col = tone::kDown;
  }
  std::vector<Row> dev_rows = {
      {tr(ctx, "health.disk"), disk, disk_col},
      {tr(ctx, "health.database"), h.database_bytes ? bytes(ctx, *h.database_bytes) : tr(ctx, "health.unknown")},
      {tr(ctx, "health.version"), h.app_version},
      {tr(ctx, "health.device_id"), h.device_id},
      {tr(ctx, "health.unit_id"), h.unit_id},
      {tr(ctx, "health.questions"), tr(ctx, h.question_set_source == "hq" ? "questions.version_hq" : "questions.version_local",
                                       {{"version", std::to_string(h.question_set_version)}})},
  };
  if (!h.last_store_error.empty()) dev_rows.push_back({tr(ctx, "health.store_error"), h.last_store_error, tone::kDown});
  const Rect sync{body.x0 + m, top, body.x0 + m + cw, top + card_h(sync_rows.size())};
  const float dev_top = portrait ? sync.y1 + gap : top;
  const Rect dev{portrait ? sync.x0 : sync.x1 + gap, dev_top, body.x1 - m, dev_top + card_h(dev_rows.size())};
  card(dl, sync, em);
  card(dl, dev, em);
  text(dl, ctx.fonts.small_bold, sync.x0 + em * 0.8f, sync.y0 + em * 0.55f, hymy::kiosk::colors::kTextSoft, tr(ctx, "health.sync"));
  text(dl, ctx.fonts.small_bold, dev.x0 + em * 0.8f, dev.y0 + em * 0.55f, hymy::kiosk::colors::kTextSoft, tr(ctx, "health.device"));
  draw_rows(ctx, dl, sync, sync.y0 + em * 1.6f, sync_rows);
  draw_rows(ctx, dl, dev, dev.y0 + em * 1.6f, dev_rows);

  out.values["health.unsent"] = std::to_string(h.unsent);
  out.values["health.version"] = h.app_version;
  out.values["health.device_id"] = h.device_id;
  out.values["health.error_kind"] = h.last_error ? h.last_error->kind : "";
  out.values["health.database_bytes"] = h.database_bytes ? std::to_string(*h.database_bytes) : "unknown";
  draw_message(ctx, body);
}

}  // namespace hymy::kiosk
