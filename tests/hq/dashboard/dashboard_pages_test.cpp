// The pages over HTTP: figures as hymy::compute_figures gives them, escaping of hostile text,
// comment filters, compare, question-set publishing with its errors, and the stylesheet.
#include <gtest/gtest.h>

#include "dashboard/html.hpp"
#include "dashboard_test_support.hpp"
#include "hymy/figures.hpp"

namespace hymy::hq::test {
namespace {

Response answer(std::int64_t at, int rating, const std::string& question = "visit",
                std::optional<std::string> comment = std::nullopt, Channel channel = Channel::kiosk) {
  Response r = make_response(at, rating, question);
  r.comment = std::move(comment);
  r.channel = channel;
  return r;
}

std::size_t count_of(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = haystack.find(needle); pos != std::string::npos; pos = haystack.find(needle, pos + 1)) ++n;
  return n;
}

// The <tr> of `unit` in the overview table.
std::string overview_row(const std::string& html, const std::string& unit) {
  const auto start = html.find("<tr data-unit=\"" + unit + "\"");
  if (start == std::string::npos) return "";
  return html.substr(start, html.find("</tr>", start) - start);
}

TEST(Html, EscapesEveryMarkupCharacter) {
  EXPECT_EQ(html_escape("<a href=\"x\" onclick='y'>&</a>"),
            "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  EXPECT_EQ(html_escape("Kiitos, hyvä palvelu"), "Kiitos, hyvä palvelu");
  EXPECT_EQ(format_mean(std::nullopt), "–");
  EXPECT_EQ(format_mean(3.456), "3.46");
  EXPECT_EQ(format_count(1234567), "1\u202f234\u202f567");
}

TEST_F(DashboardTest, OverviewShowsTodayAndYesterdayAsComputeFiguresDoes) {
  ingest_a({answer(local_noon(0, -60), 4), answer(local_noon(0, -50), 4), answer(local_noon(0, -40), 3),
            answer(local_noon(0, -30), 1), answer(local_noon(1), 2), answer(local_noon(1, 5), 3),
            answer(local_noon(7), 4), answer(local_noon(0, -20), 4, "visit", "ok", Channel::staff)});
  const TimeZone zone("Europe/Helsinki");
  const LocalDate today = zone.date_of(now_ms_);
  const Figures f = compute_figures(unit_answers(*store_, "unit-a"), today, 1, zone);
  ASSERT_EQ(f.current.count, 4);  // the staff-recorded answer is apart

  WebClient c = signed_in(kAdmin);
  auto r = c.get("/");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  const std::string row = overview_row(r->body, "unit-a");
  ASSERT_FALSE(row.empty());
  EXPECT_NE(row.find("<td class=\"num mean\">" + format_mean(f.current.mean) + "</td>"), std::string::npos) << row;
  EXPECT_NE(row.find(format_share(f.current.share_positive)), std::string::npos);
  // Today 3.00 against yesterday's 2.50 and last Monday's 4.00.
  EXPECT_NE(row.find("▲ +0.50"), std::string::npos) << row;
  EXPECT_NE(row.find("▼ −1.00"), std::string::npos) << row;
  EXPECT_NE(r->body.find("id=\"total-today\">4<"), std::string::npos);
  // tablet-b never synced; tablet-a just did.
  const auto stale = r->body.substr(r->body.find("id=\"stale-tablets\""));
  EXPECT_NE(stale.find("tablet-b"), std::string::npos);
  EXPECT_EQ(stale.find("tablet-a"), std::string::npos);
}

TEST_F(DashboardTest, HostileCommentsAndNamesAreEscapedEverywhere) {
  const std::string script = "<script>alert(1)</script>";
  const std::string attribute = "\"><img src=x onerror=alert(2)>";
  ingest_a({answer(local_noon(0, -10), 1, "visit", script), answer(local_noon(0, -5), 4, "visit", attribute)});
  Unit hostile;
  hostile.id = "unit-c";
  hostile.name["fi"] = "<b onmouseover=alert(3)>Paha & \"yksikkö\"</b>";
  store_->add_unit(hostile);

  WebClient c = signed_in(kAdmin);
  for (const std::string path : {"/", "/units/unit-a", "/units/unit-c", "/compare",
                                 "/units/unit-a?q=%3Cscript%3E&presence=with"}) {
    auto r = c.get(path);
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << path;
    EXPECT_EQ(r->body.find("<script"), std::string::npos) << path;
    EXPECT_EQ(r->body.find("<img"), std::string::npos) << path;
    EXPECT_EQ(r->body.find("<b onmouseover"), std::string::npos) << path;
  }
  auto unit = c.get("/units/unit-a");
  EXPECT_NE(unit->body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(unit->body.find("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"), std::string::npos);
  auto overview = c.get("/");
  EXPECT_NE(overview->body.find("&lt;b onmouseover=alert(3)&gt;Paha &amp; &quot;yksikkö&quot;&lt;/b&gt;"),
            std::string::npos);
  // The search box echoes the query escaped.
  auto search = c.get("/units/unit-a?q=%22%3E%3Cscript%3E");
  EXPECT_NE(search->body.find("value=\"&quot;&gt;&lt;script&gt;\""), std::string::npos);
}

TEST_F(DashboardTest, UnitPageHasItsFiguresChartsAndFilteredComments) {
  ingest_a({answer(local_noon(0, -30), 4, "visit", "Ystävällinen henkilökunta"),
            answer(local_noon(0, -20), 1, "visit", "ODOTUSAIKA oli pitkä"),
            answer(local_noon(2), 3, "waiting-time"),
            answer(local_noon(3), 2, "visit", "Odotus kesti"),
            answer(local_noon(1), 4, "visit", "Staff wrote this down", Channel::staff)});
  WebClient c = signed_in(kViewer);
  auto r = c.get("/units/unit-a");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  const std::string& html = r->body;
  for (const char* section : {"id=\"period-today\"", "id=\"period-yesterday\"", "id=\"period-7\"",
                              "id=\"period-28\"", "id=\"distribution\"", "id=\"trend\"", "id=\"heatmap\"",
                              "id=\"questions\"", "id=\"comments\"", "id=\"staff\""}) {
    EXPECT_NE(html.find(section), std::string::npos) << section;
  }
  EXPECT_EQ(count_of(html, "class=\"cell\""), 7u * 24u);
  EXPECT_NE(html.find("class=\"mean-line\""), std::string::npos);
  EXPECT_EQ(count_of(html, "class=\"point\""), 3u);  // three days with kiosk answers
  EXPECT_NE(html.find("data-rating=\"4\" data-count=\"1\""), std::string::npos);
  EXPECT_NE(html.find("data-question=\"waiting-time\""), std::string::npos);
  EXPECT_NE(html.find("Waiting time?"), std::string::npos);
  // Positive comments are highlighted; staff-recorded feedback is listed apart.
  EXPECT_NE(html.find("<li class=\"comment positive\" data-rating=\"4\">"), std::string::npos);
  const auto staff = html.find("id=\"staff\"");
  EXPECT_GT(html.find("Staff wrote this down"), staff);
  EXPECT_LT(html.find("Ystävällinen henkilökunta"), staff);

  // Search is case-insensitive, also for ä/ö; rating filters.
  auto search = c.get("/units/unit-a?q=odotus");
  EXPECT_NE(search->body.find("ODOTUSAIKA oli pitkä"), std::string::npos);
  EXPECT_NE(search->body.find("Odotus kesti"), std::string::npos);
  EXPECT_EQ(search->body.find("Ystävällinen henkilökunta"), std::string::npos);
  auto umlaut = c.get("/units/unit-a?q=YST%C3%84V%C3%84LLINEN");
  EXPECT_NE(umlaut->body.find("Ystävällinen henkilökunta"), std::string::npos);
  auto negative = c.get("/units/unit-a?rating=negative");
  EXPECT_NE(negative->body.find("Odotus kesti"), std::string::npos);
  EXPECT_EQ(negative->body.find("Ystävällinen henkilökunta"), std::string::npos);
  auto without = c.get("/units/unit-a?presence=without");
  EXPECT_NE(without->body.find("(no comment)"), std::string::npos);
  EXPECT_EQ(without->body.find("Odotus kesti"), std::string::npos);
  auto today_only = c.get("/units/unit-a?days=1");
  EXPECT_EQ(today_only->body.find("Odotus kesti"), std::string::npos);
  EXPECT_NE(today_only->body.find("ODOTUSAIKA oli pitkä"), std::string::npos);
}

TEST_F(DashboardTest, CompareShowsTheChosenUnitsSideBySide) {
  ingest_a({answer(local_noon(1), 4), answer(local_noon(2), 2)});
  WebClient c = signed_in(kAdmin);
  auto r = c.get("/compare?unit=unit-a&unit=unit-b&days=7");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("<tr data-unit=\"unit-a\">"), std::string::npos);
  EXPECT_NE(r->body.find("<tr data-unit=\"unit-b\">"), std::string::npos);
  EXPECT_NE(r->body.find("<td class=\"num mean\">3.00</td>"), std::string::npos);
  EXPECT_NE(r->body.find("class=\"mean-bar\""), std::string::npos);
  auto only_b = c.get("/compare?unit=unit-b");
  EXPECT_EQ(only_b->body.find("<tr data-unit=\"unit-a\">"), std::string::npos);
  EXPECT_EQ(c.get("/compare?end=2026-13-45")->status, 400);
}

TEST_F(DashboardTest, CompareRefusesAnEndOutsideTheSupportedDates) {
  WebClient c = signed_in(kAdmin);
  for (const std::string end : {"9999-12-31", "2200-01-01", "1999-12-31", "0001-01-01"}) {
    auto r = c.get("/compare?end=" + end + "&days=366");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << end;
    EXPECT_NE(r->body.find("end: " + end + " is outside the supported dates"), std::string::npos) << end;
  }
  for (const std::string end : {"2199-12-31", "2000-01-01"}) {
    auto r = c.get("/compare?end=" + end + "&days=366");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << end;
  }
}

TEST_F(DashboardTest, AnAdminPublishesAQuestionSetAndSeesErrorsOtherwise) {
  WebClient c = signed_in(kAdmin);
  ASSERT_EQ(c.get("/units/unit-a/question-set")->status, 200);
  const std::string valid = R"({"unit": "ignored", "version": 1, "languages": ["fi", "sv"], "default_language": "fi",
    "questions": [{"id": "visit", "text": {"fi": "Miten meni?", "sv": "Hur gick det?"}, "kind": "rating4",
    "follow_up": {"ask": "never"}, "schedule": [], "enabled": true}]})";
  auto ok = c.post_form("/units/unit-a/question-set", {{"csrf", c.csrf()}, {"json", valid}});
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200) << ok->body;
  EXPECT_NE(ok->body.find("Published as version 2"), std::string::npos);
  const auto latest = store_->latest_question_set("unit-a");
  ASSERT_TRUE(latest);
  EXPECT_EQ(latest->set.version, 2);
  EXPECT_EQ(latest->set.unit_id, "unit-a");
  EXPECT_EQ(latest->published_by, kAdmin);

  // As an uploaded file (multipart).
  auto file = c.post_multipart("/units/unit-b/question-set",
                               {{"csrf", c.csrf(), "", ""}, {"file", valid, "set.json", "application/json"}});
  ASSERT_TRUE(file);
  EXPECT_EQ(file->status, 200) << file->body;
  EXPECT_EQ(store_->latest_question_set("unit-b")->set.version, 2);

  // Errors name what is wrong, escaped, and publish nothing.
  const std::string missing_sv = R"({"unit": "x", "version": 1, "languages": ["fi", "sv"], "default_language": "fi",
    "questions": [{"id": "<q>", "text": {"fi": "Miten meni?"}, "kind": "rating4",
    "follow_up": {"ask": "never"}, "schedule": [], "enabled": true}]})";
  for (const std::string& bad : {std::string("{not json"), missing_sv, std::string("  ")}) {
    auto r = c.post_form("/units/unit-a/question-set", {{"csrf", c.csrf()}, {"json", bad}});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 422) << bad;
    EXPECT_NE(r->body.find("class=\"error\""), std::string::npos);
    EXPECT_EQ(r->body.find("<q>"), std::string::npos);
  }
  auto r = c.post_form("/units/unit-a/question-set", {{"csrf", c.csrf()}, {"json", missing_sv}});
  EXPECT_NE(r->body.find("questions[0]"), std::string::npos) << r->body;
  EXPECT_EQ(store_->latest_question_set("unit-a")->set.version, 2);
}

TEST_F(DashboardTest, TheStylesheetIsServedWithoutSignIn) {
  auto r = web().get("/static/dashboard.css");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/css; charset=utf-8");
  EXPECT_NE(r->body.find("--bg"), std::string::npos);
}

}  // namespace
}  // namespace hymy::hq::test
