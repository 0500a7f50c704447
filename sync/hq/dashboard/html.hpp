// HTML building blocks of the dashboard: escaping (every string that did not come from this
// program goes through html_escape), number formats, and the page frame with its navigation.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "hymy/model.hpp"
#include "store/hq_store.hpp"

namespace hymy::hq {

// Escapes & < > " ' so the text is safe in element content and in quoted attribute values.
std::string html_escape(std::string_view text);
// Percent-encodes a query-string value.
std::string url_encode(std::string_view text);

std::string format_mean(std::optional<double> mean);     // "3.62", or "–" when there is none
std::string format_share(std::optional<double> share);   // "81 %", or "–"
std::string format_count(std::int64_t count);            // "12 345" (thin space)
std::string format_signed(double delta, int places);     // "+0.12", "−0.30"

// A unit's name as stored: Finnish first, then English, Swedish, any, and the id last.
std::string unit_display_name(const Unit& unit);

// A small coloured badge with an arrow comparing two means; empty comparison shows a dash.
// `against` names the comparison in the tooltip ("yesterday", "last Monday").
std::string trend_badge(std::optional<double> now_mean, std::optional<double> then_mean,
                        const std::string& against);

// What the frame around every signed-in page needs.
struct PageFrame {
  std::string title;
  const User* user = nullptr;  // null on the login page
  std::string csrf;            // for the logout form
  std::string active;          // "overview", "compare", or "" (highlights the navigation)
};

// A complete HTML document; `main` is already-escaped HTML.
std::string render_page(const PageFrame& frame, const std::string& main);

}  // namespace hymy::hq
