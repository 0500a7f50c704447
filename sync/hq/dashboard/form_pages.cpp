// The pages built around a form: sign-in, question-set publishing, and plain messages (403, 404).
#include "dashboard/html.hpp"
#include "dashboard/pages.hpp"
#include "hymy/question_set_json.hpp"

namespace hymy::hq {

std::string login_html(const std::string& csrf, const std::string& error, const std::string& user_name,
                       const std::string& next) {
  std::string html = "<section class=\"login card\"><h1>Sign in</h1><p class=\"sub\">Hymy HQ: feedback "
                     "figures of your units.</p>";
  if (!error.empty()) html += "<p class=\"error\" role=\"alert\">" + html_escape(error) + "</p>";
  html += "<form method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"csrf\" value=\"" +
          html_escape(csrf) + "\"><input type=\"hidden\" name=\"next\" value=\"" + html_escape(next) +
          "\"><label>User name <input name=\"user\" autocomplete=\"username\" "
          "required value=\"" + html_escape(user_name) + "\"></label><label>Password <input type=\"password\" "
          "name=\"password\" autocomplete=\"current-password\" required></label>"
          "<button type=\"submit\" class=\"primary\">Sign in</button></form></section>";
  return html;
}

std::string message_html(const std::string& heading, const std::string& text) {
  return "<section class=\"card message\"><h1>" + html_escape(heading) + "</h1><p>" + html_escape(text) +
         "</p><p><a href=\"/\">Back to the overview</a></p></section>";
}

std::string question_set_html(const PageContext& ctx, const Unit& unit, const PublishOutcome& outcome) {
  const auto sets = ctx.store.question_sets(unit.id);
  std::string html = "<div class=\"page-head\"><div><p class=\"crumbs\"><a href=\"/\">Overview</a> › <a href=\"/units/" +
                     url_encode(unit.id) + "\">" + html_escape(unit_display_name(unit)) +
                     "</a> ›</p><h1>Question set</h1><p class=\"sub\">Publishing makes a new version; the unit's "
                     "tablets pull it on their next sync. Answers keep the version they were given under.</p></div></div>";
  if (!outcome.message.empty()) {
    html += std::string("<p class=\"") + (outcome.error ? "error" : "notice") + "\" role=\"alert\">" +
            html_escape(outcome.message) + "</p>";
  }
  html += "<div class=\"grid two\"><section class=\"card\"><h2>Publish a new version</h2>"
          "<form method=\"post\" enctype=\"multipart/form-data\" action=\"/units/" + url_encode(unit.id) +
          "/question-set\"><input type=\"hidden\" name=\"csrf\" value=\"" + html_escape(ctx.who.session.csrf_token) +
          "\"><label>Upload a JSON file <input type=\"file\" name=\"file\" accept=\"application/json,.json\"></label>"
          "<label>or paste the JSON <textarea name=\"json\" rows=\"18\" spellcheck=\"false\">";
  std::string draft = outcome.draft;
  if (draft.empty() && !sets.empty()) draft = question_set_to_json(sets.back().set);
  html += html_escape(draft) + "</textarea></label><button type=\"submit\" class=\"primary\">Validate and publish</button></form></section>";

  html += "<section class=\"card\"><h2>Published versions</h2><table><thead><tr><th class=\"num\">Version</th>"
          "<th>Published</th><th>By</th><th class=\"num\">Questions</th></tr></thead><tbody>";
  for (auto it = sets.rbegin(); it != sets.rend(); ++it) {
    html += "<tr><td class=\"num\">" + std::to_string(it->set.version) + "</td><td>" +
            format_age(it->published_at_ms, ctx.now_ms) + "</td><td>" + html_escape(it->published_by) +
            "</td><td class=\"num\">" + std::to_string(it->set.questions.size()) + "</td></tr>";
  }
  if (sets.empty()) html += "<tr><td colspan=\"4\" class=\"empty\">Nothing published yet.</td></tr>";
  html += "</tbody></table></section></div>";
  return html;
}

}  // namespace hymy::hq
