// The page frame and the small formatting helpers every page uses.
#include "dashboard/html.hpp"

#include <cmath>
#include <cstdio>

namespace hymy::hq {

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string url_encode(std::string_view text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out += ch;
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string format_mean(std::optional<double> mean) {
  if (!mean) return "–";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2f", *mean);
  return buf;
}

std::string format_share(std::optional<double> share) {
  if (!share) return "–";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f\u00a0%%", *share * 100.0);
  return buf;
}

std::string format_count(std::int64_t count) {
  std::string digits = std::to_string(count < 0 ? -count : count);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += "\u202f";
    out += digits[i];
  }
  return count < 0 ? "-" + out : out;
}

std::string format_signed(double delta, int places) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", places, std::fabs(delta));
  const bool zero = std::string(buf).find_first_not_of("0.") == std::string::npos;
  return (zero ? "±" : delta < 0 ? "−" : "+") + std::string(buf);
}

std::string unit_display_name(const Unit& unit) {
  for (const char* lang : {"fi", "en", "sv"}) {
    const auto it = unit.name.find(lang);
    if (it != unit.name.end() && !it->second.empty()) return it->second;
  }
  for (const auto& [lang, name] : unit.name) {
    if (!name.empty()) return name;
  }
  return unit.id;
}

std::string trend_badge(std::optional<double> now_mean, std::optional<double> then_mean,
                        const std::string& against) {
  if (!now_mean || !then_mean) {
    return "<span class=\"trend none\" title=\"No answers to compare with " +
           html_escape(against) + "\">–</span>";
  }
  const double delta = *now_mean - *then_mean;
  // Differences below 0.05 on a 1–4 scale are noise for a day's few dozen answers.
  const char* cls = delta >= 0.05 ? "up" : delta <= -0.05 ? "down" : "flat";
  const char* arrow = delta >= 0.05 ? "▲" : delta <= -0.05 ? "▼" : "▶";
  return std::string("<span class=\"trend ") + cls + "\" title=\"Mean " + format_mean(now_mean) +
         " against " + format_mean(then_mean) + " " + html_escape(against) + "\">" + arrow + " " +
         format_signed(delta, 2) + "</span>";
}

std::string render_page(const PageFrame& frame, const std::string& main) {
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>" + html_escape(frame.title) + " · Hymy HQ</title>"
      "<link rel=\"stylesheet\" href=\"/static/dashboard.css\">"
      "<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">"
      "</head><body>";
  html += "<header class=\"top\"><a class=\"brand\" href=\"/\"><span class=\"logo\" aria-hidden=\"true\">"
          "<svg viewBox=\"0 0 24 24\" width=\"24\" height=\"24\"><circle cx=\"12\" cy=\"12\" r=\"11\" "
          "fill=\"#2f855a\"/><circle cx=\"8.5\" cy=\"9.5\" r=\"1.4\" fill=\"#fff\"/><circle cx=\"15.5\" "
          "cy=\"9.5\" r=\"1.4\" fill=\"#fff\"/><path d=\"M7 14 Q12 19 17 14\" stroke=\"#fff\" "
          "stroke-width=\"1.8\" fill=\"none\" stroke-linecap=\"round\"/></svg></span>"
          "Hymy <span class=\"brand-sub\">HQ</span></a>";
  if (frame.user) {
    auto nav = [&](const char* id, const char* href, const char* label) {
      return std::string("<a href=\"") + href + "\"" +
             (frame.active == id ? " class=\"active\" aria-current=\"page\"" : "") + ">" + label + "</a>";
    };
    html += "<nav>" + nav("overview", "/", "Overview") + nav("compare", "/compare", "Compare") + "</nav>";
    html += "<div class=\"who\"><span class=\"user\">" + html_escape(frame.user->name) +
            " <span class=\"role\">" + to_string(frame.user->role) + "</span></span>"
            "<form method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"csrf\" value=\"" +
            html_escape(frame.csrf) + "\"><button type=\"submit\" class=\"link\">Sign out</button></form></div>";
  }
  html += "</header><main>" + main + "</main>"
          "<footer>Hymy HQ · figures in each unit's local time · flagged and staff-recorded answers "
          "are counted apart from the headline figures</footer></body></html>\n";
  return html;
}

}  // namespace hymy::hq
