// The chart renderers. Coordinates are computed in doubles and printed with one decimal.
#include "dashboard/svg_charts.hpp"

#include <algorithm>
#include <cstdio>

#include "dashboard/html.hpp"

namespace hymy::hq {
namespace {

std::string n(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string svg_open(int width, int height, const std::string& label) {
  return "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " +
         std::to_string(width) + " " + std::to_string(height) + "\" width=\"" +
         std::to_string(width) + "\" height=\"" + std::to_string(height) +
         "\" role=\"img\" aria-label=\"" + html_escape(label) + "\">";
}

std::string text(double x, double y, const std::string& content, const char* anchor = "start",
                 const char* fill = "#52606d", int size = 11) {
  return "<text x=\"" + n(x) + "\" y=\"" + n(y) + "\" text-anchor=\"" + anchor + "\" fill=\"" +
         fill + "\" font-size=\"" + std::to_string(size) + "\">" + html_escape(content) + "</text>";
}

std::string day_label(const LocalDate& d) {
  return std::to_string(d.day) + "." + std::to_string(d.month) + ".";
}

constexpr const char* kWeekdays[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

// Linear blend of two #rrggbb colours; t in 0..1.
std::string blend(unsigned from, unsigned to, double t) {
  auto channel = [&](int shift) {
    const double a = static_cast<double>((from >> shift) & 0xff);
    const double b = static_cast<double>((to >> shift) & 0xff);
    return static_cast<unsigned>(a + (b - a) * t + 0.5);
  };
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", channel(16), channel(8), channel(0));
  return buf;
}

}  // namespace

const char* rating_colour(int rating) {
  static constexpr const char* colours[4] = {"#c8553d", "#e9a23b", "#86b86b", "#2f855a"};
  return colours[std::clamp(rating, 1, 4) - 1];
}

std::string svg_distribution(const Summary& s, int width) {
  const int row = 30;
  const int height = row * 4 + 4;
  const double bar_x = 34;
  const double bar_w = width - bar_x - 96;
  std::int64_t max = 1;
  for (const auto c : s.distribution) max = std::max(max, c);
  std::string svg = svg_open(width, height, "Distribution of ratings");
  for (int rating = 4; rating >= 1; --rating) {
    const double y = (4 - rating) * row + 4;
    const std::int64_t c = s.distribution[static_cast<std::size_t>(rating - 1)];
    const double w = bar_w * static_cast<double>(c) / static_cast<double>(max);
    const std::string share = s.count > 0 ? format_share(static_cast<double>(c) / static_cast<double>(s.count)) : "–";
    svg += "<circle cx=\"12\" cy=\"" + n(y + 11) + "\" r=\"10\" fill=\"" + rating_colour(rating) + "\"/>";
    svg += text(12, y + 15, std::to_string(rating), "middle", "#fff", 12);
    svg += "<rect x=\"" + n(bar_x) + "\" y=\"" + n(y + 2) + "\" width=\"" + n(bar_w) +
           "\" height=\"18\" rx=\"3\" fill=\"#eef1f4\"/>";
    svg += "<rect class=\"bar\" data-rating=\"" + std::to_string(rating) + "\" data-count=\"" +
           std::to_string(c) + "\" x=\"" + n(bar_x) + "\" y=\"" + n(y + 2) + "\" width=\"" + n(w) +
           "\" height=\"18\" rx=\"3\" fill=\"" + rating_colour(rating) + "\"><title>Rating " +
           std::to_string(rating) + ": " + format_count(c) + " answers</title></rect>";
    svg += text(bar_x + bar_w + 8, y + 15, format_count(c) + "  (" + share + ")", "start", "#323f4b", 12);
  }
  return svg + "</svg>";
}

std::string svg_stacked_bar(const Summary& s, int width, int height) {
  std::string svg = svg_open(width, height, "Distribution of ratings");
  if (s.count == 0) {
    return svg + "<rect width=\"" + std::to_string(width) + "\" height=\"" + std::to_string(height) +
           "\" rx=\"2\" fill=\"#eef1f4\"/></svg>";
  }
  double x = 0;
  for (int rating = 1; rating <= 4; ++rating) {
    const std::int64_t c = s.distribution[static_cast<std::size_t>(rating - 1)];
    const double w = width * static_cast<double>(c) / static_cast<double>(s.count);
    if (c > 0) {
      svg += "<rect x=\"" + n(x) + "\" width=\"" + n(w) + "\" height=\"" + std::to_string(height) +
             "\" fill=\"" + rating_colour(rating) + "\"><title>Rating " + std::to_string(rating) +
             ": " + format_count(c) + "</title></rect>";
    }
    x += w;
  }
  return svg + "</svg>";
}

std::string svg_trend(const std::vector<DailySummary>& days, int width, int height) {
  const double left = 34, right = 10, top = 12, bottom = 24;
  const double plot_w = width - left - right;
  const double plot_h = height - top - bottom;
  const double step = days.empty() ? plot_w : plot_w / static_cast<double>(days.size());
  std::int64_t max_count = 1;
  for (const auto& d : days) max_count = std::max(max_count, d.summary.count);
  auto y_of = [&](double mean) { return top + plot_h * (4.0 - mean) / 3.0; };

  std::string svg = svg_open(width, height, "Daily mean and number of answers");
  for (int level = 1; level <= 4; ++level) {
    const double y = y_of(level);
    svg += "<line x1=\"" + n(left) + "\" x2=\"" + n(left + plot_w) + "\" y1=\"" + n(y) + "\" y2=\"" +
           n(y) + "\" stroke=\"#e4e7eb\" stroke-width=\"1\"/>";
    svg += text(left - 8, y + 4, std::to_string(level) + ".0", "end");
  }
  // Answer counts as quiet bars in the lower third, so the volume behind each mean is visible.
  for (std::size_t i = 0; i < days.size(); ++i) {
    const auto& s = days[i].summary;
    const double h = plot_h * 0.33 * static_cast<double>(s.count) / static_cast<double>(max_count);
    const double x = left + step * static_cast<double>(i);
    svg += "<rect class=\"count\" x=\"" + n(x + step * 0.18) + "\" y=\"" + n(top + plot_h - h) +
           "\" width=\"" + n(step * 0.64) + "\" height=\"" + n(h) + "\" fill=\"#d9e2ec\"><title>" +
           days[i].day.iso() + ": " + format_count(s.count) + " answers</title></rect>";
    if (days[i].day.weekday() == 0 || i == 0) {
      svg += "<line x1=\"" + n(x) + "\" x2=\"" + n(x) + "\" y1=\"" + n(top + plot_h) + "\" y2=\"" +
             n(top + plot_h + 4) + "\" stroke=\"#9aa5b1\"/>";
      svg += text(x, top + plot_h + 16, day_label(days[i].day), "start");
    }
  }
  // The mean line, broken where a day has no answers.
  std::string path;
  bool pen_down = false;
  std::string dots;
  for (std::size_t i = 0; i < days.size(); ++i) {
    const auto& s = days[i].summary;
    if (!s.mean) {
      pen_down = false;
      continue;
    }
    const double x = left + step * (static_cast<double>(i) + 0.5);
    const double y = y_of(*s.mean);
    path += (pen_down ? " L" : " M") + n(x) + " " + n(y);
    pen_down = true;
    dots += "<circle class=\"point\" data-day=\"" + days[i].day.iso() + "\" data-mean=\"" +
            format_mean(s.mean) + "\" cx=\"" + n(x) + "\" cy=\"" + n(y) +
            "\" r=\"3\" fill=\"#fff\" stroke=\"#1f5f8b\" stroke-width=\"1.6\"><title>" +
            days[i].day.iso() + ": mean " + format_mean(s.mean) + ", " + format_count(s.count) +
            " answers</title></circle>";
  }
  if (!path.empty()) {
    svg += "<path class=\"mean-line\" d=\"" + path.substr(1) +
           "\" fill=\"none\" stroke=\"#1f5f8b\" stroke-width=\"2\" stroke-linejoin=\"round\"/>";
  }
  return svg + dots + "</svg>";
}

std::string svg_sparkline(const std::vector<DailySummary>& days, int width, int height) {
  std::string svg = svg_open(width, height, "Daily mean, last days");
  // Scaled to the days' own range (at least one point), so a unit's wander is visible; the
  // dashed line marks 3.0 when it is inside the range.
  double lo = 4.0, hi = 1.0;
  for (const auto& d : days) {
    if (!d.summary.mean) continue;
    lo = std::min(lo, *d.summary.mean);
    hi = std::max(hi, *d.summary.mean);
  }
  if (lo > hi) return svg + "</svg>";
  const double mid = (lo + hi) / 2.0;
  const double span = std::max(hi - lo, 1.0);
  lo = mid - span / 2.0;
  hi = mid + span / 2.0;
  const double step = days.size() > 1 ? (width - 6.0) / static_cast<double>(days.size() - 1) : 0;
  auto y_of = [&](double mean) { return 3 + (height - 6.0) * (hi - mean) / (hi - lo); };
  if (lo < 3.0 && hi > 3.0) {
    svg += "<line x1=\"0\" x2=\"" + std::to_string(width) + "\" y1=\"" + n(y_of(3.0)) + "\" y2=\"" +
           n(y_of(3.0)) + "\" stroke=\"#cbd2d9\" stroke-dasharray=\"2 2\"/>";
  }
  std::string path;
  bool pen_down = false;
  double last_x = 0, last_y = 0;
  for (std::size_t i = 0; i < days.size(); ++i) {
    if (!days[i].summary.mean) {
      pen_down = false;
      continue;
    }
    last_x = 3 + step * static_cast<double>(i);
    last_y = y_of(*days[i].summary.mean);
    path += (pen_down ? " L" : " M") + n(last_x) + " " + n(last_y);
    pen_down = true;
  }
  svg += "<path class=\"spark\" d=\"" + path.substr(1) +
         "\" fill=\"none\" stroke=\"#1f5f8b\" stroke-width=\"1.5\" stroke-linejoin=\"round\"/>";
  svg += "<circle cx=\"" + n(last_x) + "\" cy=\"" + n(last_y) + "\" r=\"2.5\" fill=\"#1f5f8b\"/>";
  return svg + "</svg>";
}

std::string svg_heat_map(const HeatMap& map, int width) {
  const double left = 40, top = 18;
  const double cell = (width - left) / 24.0;
  const int height = static_cast<int>(top + cell * 7 + 2);
  std::int64_t max = 1;
  for (const auto& row : map) {
    for (const auto& c : row) max = std::max(max, c.count);
  }
  std::string svg = svg_open(width, height, "Answers by weekday and hour");
  for (int h = 0; h < 24; h += 3) {
    svg += text(left + cell * h + cell / 2, 12, (h < 10 ? "0" : "") + std::to_string(h), "middle");
  }
  for (std::size_t d = 0; d < 7; ++d) {
    const double y = top + cell * static_cast<double>(d);
    svg += text(0, y + cell * 0.65, kWeekdays[d]);
    for (std::size_t h = 0; h < 24; ++h) {
      const HeatCell& c = map[d][h];
      const double t = c.count == 0 ? 0.0 : 0.15 + 0.85 * static_cast<double>(c.count) / static_cast<double>(max);
      svg += "<rect class=\"cell\" data-count=\"" + std::to_string(c.count) + "\" x=\"" +
             n(left + cell * static_cast<double>(h) + 1) + "\" y=\"" + n(y + 1) + "\" width=\"" +
             n(cell - 2) + "\" height=\"" + n(cell - 2) + "\" rx=\"2\" fill=\"" +
             (c.count == 0 ? std::string("#f3f5f7") : blend(0xdbe8f3, 0x1f5f8b, t)) + "\"><title>" +
             kWeekdays[d] + " " + std::to_string(h) + ":00–" + std::to_string(h + 1) + ":00: " +
             format_count(c.count) + " answers" + (c.mean ? ", mean " + format_mean(c.mean) : "") +
             "</title></rect>";
    }
  }
  return svg + "</svg>";
}

std::string svg_mean_bars(const std::vector<MeanBar>& bars, int width) {
  const double label_w = 230, value_w = 110, row = 30;
  const double plot_w = width - label_w - value_w;
  const int height = static_cast<int>(row * static_cast<double>(bars.size()) + 26);
  std::string svg = svg_open(width, height, "Mean rating by unit");
  for (int level = 1; level <= 4; ++level) {
    const double x = label_w + plot_w * (level - 1) / 3.0;
    svg += "<line x1=\"" + n(x) + "\" x2=\"" + n(x) + "\" y1=\"0\" y2=\"" + n(height - 18) +
           "\" stroke=\"#e4e7eb\"/>";
    svg += text(x, height - 4, std::to_string(level) + ".0", "middle");
  }
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const double y = row * static_cast<double>(i);
    const Summary& s = bars[i].summary;
    std::string label = bars[i].label;
    if (label.size() > 34) label = label.substr(0, 32) + "…";
    svg += text(label_w - 10, y + 19, label, "end", "#323f4b", 12);
    if (s.mean) {
      const double w = plot_w * (*s.mean - 1.0) / 3.0;
      svg += "<rect class=\"mean-bar\" x=\"" + n(label_w) + "\" y=\"" + n(y + 6) + "\" width=\"" +
             n(std::max(w, 2.0)) + "\" height=\"18\" rx=\"3\" fill=\"#1f5f8b\"/>";
    }
    svg += text(label_w + plot_w + 8, y + 19,
                format_mean(s.mean) + "  (n " + format_count(s.count) + ")", "start", "#323f4b", 12);
  }
  return svg + "</svg>";
}

}  // namespace hymy::hq
