// The dashboard's pages. Each gathers what it shows from the store (figures by
// hymy::compute_figures / hymy::summarize in the unit's time zone) and returns the HTML of the
// page's <main>; the routes (dashboard_routes.cpp) check sign-in and unit access before calling.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dashboard/web_session.hpp"
#include "store/hq_store.hpp"

namespace hymy::hq {

struct PageContext {
  HqStore& store;
  const SignedIn& who;
  std::int64_t now_ms = 0;
};

// A device that has not been heard from for this long is shown as needing attention.
inline constexpr std::int64_t kStaleDeviceMs = 24 * 60 * 60 * 1000;

// "just now", "12 min ago", "5 h ago", "3 days ago", or "never".
std::string format_age(std::optional<std::int64_t> then_ms, std::int64_t now_ms);

std::string overview_html(const PageContext& ctx);

// The comment list's filters (query parameters of the unit page).
struct CommentFilter {
  int days = 28;            // 1..366, ending today
  std::string rating = "";  // "", "1".."4", "positive" (3-4), "negative" (1-2)
  std::string text;         // case-insensitive substring
  std::string presence = "with";  // "with" a comment, "without", "all"
  int limit = 30;           // newest shown, 1..500
};
std::string unit_html(const PageContext& ctx, const Unit& unit, const CommentFilter& filter);

struct CompareRequest {
  std::vector<std::string> unit_ids;  // already checked visible to the user
  LocalDate last_day;                 // inclusive
  int days = 28;
};
std::string compare_html(const PageContext& ctx, const std::vector<Unit>& visible,
                         const CompareRequest& request);

struct PublishOutcome {
  std::string message;  // shown above the form, escaped
  bool error = false;
  std::string draft;    // the submitted text, kept in the form after an error
};
std::string question_set_html(const PageContext& ctx, const Unit& unit, const PublishOutcome& outcome);

// `next`: the local path to return to after signing in.
std::string login_html(const std::string& csrf, const std::string& error, const std::string& user_name,
                       const std::string& next);
std::string message_html(const std::string& heading, const std::string& text);

}  // namespace hymy::hq
