// Inline SVG charts, rendered on the server: no script, no external asset, readable when printed.
// Colours are presentation attributes (not style attributes), so the strict Content-Security-Policy
// needs no 'unsafe-inline'. Every label is escaped.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "export/daily_figures.hpp"
#include "hymy/figures.hpp"

namespace hymy::hq {

// The colour of each rating, 1..4 (index 0..3), from a warm red to a calm green.
const char* rating_colour(int rating);

// Four horizontal bars (ratings 4 down to 1) with counts and shares.
std::string svg_distribution(const Summary& summary, int width);
// One thin stacked bar of the distribution (tables, tiles).
std::string svg_stacked_bar(const Summary& summary, int width, int height);
// Daily means as a line over daily answer counts as bars, with date and scale labels.
std::string svg_trend(const std::vector<DailySummary>& days, int width, int height);
// A tiny line of daily means (overview table).
std::string svg_sparkline(const std::vector<DailySummary>& days, int width, int height);

struct HeatCell {
  std::int64_t count = 0;
  std::optional<double> mean;
};
// [weekday 0 = Monday][local hour]
using HeatMap = std::array<std::array<HeatCell, 24>, 7>;
// Cell shade by number of answers; tooltip with count and mean.
std::string svg_heat_map(const HeatMap& map, int width);

struct MeanBar {
  std::string label;
  Summary summary;
};
// Horizontal bars of the means on a 1–4 axis, each with its count (compare page).
std::string svg_mean_bars(const std::vector<MeanBar>& bars, int width);

}  // namespace hymy::hq
