// The exports: CSV quoting and the formula guard (unit and over HTTP), daily figures, and the FHIR
// Bundle's shape, parsed with nlohmann::json.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "dashboard_test_support.hpp"
#include "export/csv_export.hpp"
#include "export/fhir_export.hpp"
#include "export/iso_time.hpp"

namespace hymy::hq::test {
namespace {

using nlohmann::json;

// A strict RFC 4180 reader for checking the writer: fields, quotes, CRLF records. `separator` is
// what the reader's spreadsheet splits on (';' in a Finnish or Swedish locale, tab in some).
std::vector<std::vector<std::string>> parse_csv(const std::string& text, char separator = ',') {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false, was_quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"' && field.empty() && !was_quoted) {
      quoted = was_quoted = true;
    } else if (c == separator) {
      rows.back().push_back(field);
      field.clear();
      was_quoted = false;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      rows.back().push_back(field);
      field.clear();
      was_quoted = false;
      rows.emplace_back();
      ++i;
    } else {
      if (c == '"' || c == '\n' || c == '\r' || c == ',' || c == ';' || c == '\t') throw std::runtime_error("CSV: bare quote or line break in an unquoted field");
      field += c;
    }
  }
  if (quoted) throw std::runtime_error("CSV: unterminated quote");
  if (!rows.back().empty() || !field.empty()) throw std::runtime_error("CSV: last record not ended by CRLF");
  rows.pop_back();
  return rows;
}

TEST(Csv, QuotesWhatNeedsQuotingAndGuardsFormulas) {
  EXPECT_EQ(csv_text("plain"), "plain");
  EXPECT_EQ(csv_text("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_text("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_text("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_text("=1+2"), "'=1+2");
  EXPECT_EQ(csv_text("+358 40"), "'+358 40");
  EXPECT_EQ(csv_text("-1"), "'-1");
  EXPECT_EQ(csv_text("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(csv_text("\tx"), "\"'\tx\"");
  EXPECT_EQ(csv_text("\rx"), "\"'\rx\"");
  EXPECT_EQ(csv_text("=HYPERLINK(\"http://x\",\"y\")"), "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
  EXPECT_EQ(csv_text(""), "");
  EXPECT_EQ(csv_text("a=b"), "a=b");
}

TEST(Csv, EverySeparatorIsQuotedSoNoLocaleSplitsACell) {
  EXPECT_EQ(csv_text("a;b"), "\"a;b\"");
  EXPECT_EQ(csv_text("a\tb"), "\"a\tb\"");
  EXPECT_EQ(csv_text("Hyvä;=1000+344;"), "\"Hyvä;=1000+344;\"");
}

TEST(Csv, FormulaStartsAreGuardedAfterLeadingSpacesToo) {
  EXPECT_EQ(csv_text(" =1+2"), "' =1+2");
  EXPECT_EQ(csv_text("   @SUM(A1)"), "'   @SUM(A1)");
  EXPECT_EQ(csv_text("  -5"), "'  -5");
  EXPECT_EQ(csv_text("  \t=1"), "\"'  \t=1\"");
  EXPECT_EQ(csv_text("   "), "   ");
  EXPECT_EQ(csv_text(" ok = fine"), " ok = fine");
  EXPECT_FALSE(starts_like_a_formula("Hyvä;=1000+344;"));
  EXPECT_TRUE(starts_like_a_formula(" +1"));
}

// Whatever separator the spreadsheet splits on, each hostile text stays one cell, and no cell
// starts (after spaces) like a formula.
TEST(Csv, ALineReadsAsTheSameCellsWithCommaSemicolonOrTab) {
  const std::vector<std::string> hostile = {"Hyvä;=1000+344;", "a,=1+1,", "x\t=2+2\t", " =3", "\"=4\"",
                                             "ok", "-", "+358 40;1"};
  std::vector<std::string> cells;
  for (const std::string& h : hostile) cells.push_back(csv_text(h));
  const std::string line = csv_line(cells);
  for (const char separator : {',', ';', '\t'}) {
    std::string as_read = line;
    if (separator != ',') {
      // The same cells written with this separator (the reader's locale) must still parse.
      std::string joined;
      for (std::size_t i = 0; i < cells.size(); ++i) joined += (i ? std::string(1, separator) : "") + cells[i];
      as_read = joined + "\r\n";
    }
    const auto table = parse_csv(as_read, separator);
    ASSERT_EQ(table.size(), 1u) << separator;
    ASSERT_EQ(table[0].size(), hostile.size()) << separator;
    for (std::size_t i = 0; i < hostile.size(); ++i) {
      const std::string& cell = table[0][i];
      EXPECT_FALSE(starts_like_a_formula(cell) && cell[0] != '\'') << cell;
      EXPECT_EQ(cell[0] == '\'' ? cell.substr(1) : cell, hostile[i]);
    }
  }
}

TEST(IsoTime, RendersUtcAndLocal) {
  EXPECT_EQ(iso_utc(1'795'428'000'123), "2026-11-23T10:00:00.123Z");
  EXPECT_EQ(iso_local(1'795'428'000'123, 120), "2026-11-23T12:00:00+02:00");
  EXPECT_EQ(iso_local(0, -330), "1969-12-31T18:30:00-05:30");
}

class ExportTest : public DashboardTest {
 protected:
  void SetUp() override {
    DashboardTest::SetUp();
    Response quote = make_response(local_noon(0, -30), 4);
    quote.comment = "He said \"thanks\", then left\nsecond line";
    Response formula = make_response(local_noon(0, -20), 1, "waiting-time");
    formula.comment = "=HYPERLINK(\"http://evil.example\",\"click\")";
    Response plus = make_response(local_noon(1), 2);
    plus.comment = "+358401234567 soitti";
    Response plain = make_response(local_noon(2), 3);
    Response staff = make_response(local_noon(2, 10), 4);
    staff.channel = Channel::staff;
    rows_ = {quote, formula, plus, plain, staff};
    ingest_a(rows_);
  }
  std::vector<Response> rows_;
};

TEST_F(ExportTest, ResponsesCsvRoundTripsEveryFieldSafely) {
  WebClient c = signed_in(kViewer);
  auto r = c.get("/units/unit-a/export/responses.csv?days=7");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_NE(r->get_header_value("Content-Disposition").find("attachment; filename=\"hymy-unit-a-responses-"),
            std::string::npos);
  const auto table = parse_csv(r->body);
  ASSERT_EQ(table.size(), 1 + rows_.size());
  const auto& header = table[0];
  auto col = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  ASSERT_LT(col("comment"), header.size());
  std::map<std::string, std::vector<std::string>> by_id;
  for (std::size_t i = 1; i < table.size(); ++i) {
    ASSERT_EQ(table[i].size(), header.size());
    by_id[table[i][col("response_id")]] = table[i];
  }
  EXPECT_EQ(by_id.at(rows_[0].id)[col("comment")], "He said \"thanks\", then left\nsecond line");
  EXPECT_EQ(by_id.at(rows_[1].id)[col("comment")], "'=HYPERLINK(\"http://evil.example\",\"click\")");
  EXPECT_EQ(by_id.at(rows_[2].id)[col("comment")], "'+358401234567 soitti");
  EXPECT_EQ(by_id.at(rows_[3].id)[col("comment")], "");
  EXPECT_EQ(by_id.at(rows_[1].id)[col("rating")], "1");
  EXPECT_EQ(by_id.at(rows_[4].id)[col("channel")], "staff");
  EXPECT_EQ(by_id.at(rows_[0].id)[col("answered_at_utc")], iso_utc(rows_[0].answered_at_ms));
  EXPECT_EQ(by_id.at(rows_[0].id)[col("unit_id")], "unit-a");
  // No cell may start with a formula character, whatever the input.
  for (std::size_t i = 1; i < table.size(); ++i) {
    for (const std::string& cell : table[i]) {
      if (!cell.empty()) {
        EXPECT_EQ(std::string("=+@").find(cell[0]), std::string::npos) << cell;
      }
    }
  }
  // A period can be given as dates; today only holds two rows.
  const TimeZone zone("Europe/Helsinki");
  const std::string today = zone.date_of(now_ms_).iso();
  auto one_day = c.get("/units/unit-a/export/responses.csv?from=" + today + "&to=" + today);
  EXPECT_EQ(parse_csv(one_day->body).size(), 3u);
}

TEST_F(ExportTest, DailyCsvHasOneRowPerDayWithSharedFigures) {
  WebClient c = signed_in(kAdmin);
  auto r = c.get("/units/unit-a/export/daily.csv?days=5");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  const auto table = parse_csv(r->body);
  ASSERT_EQ(table.size(), 6u);
  EXPECT_EQ(table[0][1], "date");
  const TimeZone zone("Europe/Helsinki");
  const LocalDate today = zone.date_of(now_ms_);
  EXPECT_EQ(table[5][1], today.iso());
  EXPECT_EQ(table[5][2], "2");        // count today
  EXPECT_EQ(table[5][3], "2.500");    // mean of 4 and 1
  EXPECT_EQ(table[5][5], "1");        // one rating 1
  EXPECT_EQ(table[3][2], "1");        // two days ago: the kiosk answer...
  EXPECT_EQ(table[3][10], "1");       // ...and the staff-recorded one, apart
  EXPECT_EQ(table[1][2], "0");
  EXPECT_EQ(table[1][3], "");
}

TEST_F(ExportTest, BadPeriodsAreRefusedWithTheParameterNamed) {
  WebClient c = signed_in(kAdmin);
  for (const std::string q : {"days=0", "days=abc", "days=99999", "from=2026-11-30&to=2026-11-01", "from=yesterday"}) {
    auto r = c.get("/units/unit-a/export/responses.csv?" + q);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << q;
  }
  EXPECT_NE(c.get("/units/unit-a/export/fhir.json?from=bad")->body.find("from: expected a date"), std::string::npos);
}

TEST_F(ExportTest, PeriodsOutsideTheSupportedDatesAre400NamingTheParameter) {
  WebClient c = signed_in(kAdmin);
  const std::vector<std::pair<std::string, std::string>> refused = {
      {"from=2199-12-01&to=9999-12-31", "to: 9999-12-31 is outside the supported dates"},
      {"from=9999-12-31&to=9999-12-31", "from: 9999-12-31 is outside"},
      {"from=1999-12-31&to=2000-01-01", "from: 1999-12-31 is outside"},
      {"from=1970-01-01", "from: 1970-01-01 is outside"},
      {"to=2200-01-01&from=2199-12-31", "to: 2200-01-01 is outside"}};
  for (const std::string route : {"responses.csv", "daily.csv", "fhir.json"}) {
    for (const auto& [q, message] : refused) {
      auto r = c.get("/units/unit-a/export/" + route + "?" + q);
      ASSERT_TRUE(r);
      EXPECT_EQ(r->status, 400) << route << "?" << q;
      EXPECT_NE(r->body.find(message), std::string::npos) << route << "?" << q << ": " << r->body;
    }
    auto edge = c.get("/units/unit-a/export/" + route + "?from=2199-12-25&to=2199-12-31");
    ASSERT_TRUE(edge);
    EXPECT_EQ(edge->status, 200) << route;
  }
  auto daily = c.get("/units/unit-a/export/daily.csv?from=2199-12-25&to=2199-12-31");
  EXPECT_EQ(parse_csv(daily->body).size(), 8u);
}

TEST_F(ExportTest, FhirBundleIsAnIdempotentTransactionOfAnonymousResponses) {
  WebClient c = signed_in(kViewer);
  auto r = c.get("/units/unit-a/export/fhir.json?days=7");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/fhir+json; charset=utf-8");
  const json bundle = json::parse(r->body);
  EXPECT_EQ(bundle.at("resourceType"), "Bundle");
  EXPECT_EQ(bundle.at("type"), "transaction");
  const json& entries = bundle.at("entry");
  ASSERT_EQ(entries.size(), 1 + rows_.size());  // one question-set version, five responses

  const json& q = entries[0].at("resource");
  EXPECT_EQ(q.at("resourceType"), "Questionnaire");
  EXPECT_EQ(q.at("url"), "urn:hymy:questionnaire:unit-a");
  EXPECT_EQ(q.at("version"), "1");
  EXPECT_EQ(q.at("identifier")[0].at("value"), "unit-a-v1");
  EXPECT_EQ(entries[0].at("request").at("method"), "PUT");
  EXPECT_EQ(entries[0].at("request").at("url"), "Questionnaire?identifier=urn%3Ahymy%3Aquestion-set%7Cunit-a-v1");
  std::vector<std::string> link_ids;
  for (const json& item : q.at("item")) link_ids.push_back(item.at("linkId"));
  EXPECT_EQ(link_ids, (std::vector<std::string>{"visit", "visit.comment", "waiting-time", "waiting-time.comment"}));
  const json& rating_item = q.at("item")[0];
  EXPECT_EQ(rating_item.at("type"), "choice");
  ASSERT_EQ(rating_item.at("answerOption").size(), 4u);
  for (int i = 0; i < 4; ++i) {
    const json& option = rating_item.at("answerOption")[static_cast<std::size_t>(i)];
    EXPECT_EQ(option.at("valueCoding").at("code"), std::to_string(i + 1));
    EXPECT_EQ(option.at("extension")[0].at("url"), "http://hl7.org/fhir/StructureDefinition/itemWeight");
    EXPECT_EQ(option.at("extension")[0].at("valueDecimal"), i + 1);
  }
  EXPECT_EQ(q.at("item")[1].at("type"), "text");

  std::map<std::string, json> responses;
  for (std::size_t i = 1; i < entries.size(); ++i) {
    const json& e = entries[i];
    const json& res = e.at("resource");
    EXPECT_EQ(res.at("resourceType"), "QuestionnaireResponse");
    EXPECT_FALSE(res.contains("subject"));
    EXPECT_FALSE(res.contains("author"));
    EXPECT_FALSE(res.contains("source"));
    EXPECT_EQ(res.at("status"), "completed");
    EXPECT_EQ(res.at("questionnaire"), "urn:hymy:questionnaire:unit-a|1");
    const std::string id = res.at("identifier").at("value");
    EXPECT_EQ(res.at("identifier").at("system"), "urn:hymy:response");
    EXPECT_EQ(e.at("request").at("method"), "PUT");
    EXPECT_EQ(e.at("request").at("url"), "QuestionnaireResponse?identifier=urn%3Ahymy%3Aresponse%7C" + id);
    responses[id] = res;
  }
  ASSERT_EQ(responses.size(), rows_.size());
  for (const Response& row : rows_) {
    const json& res = responses.at(row.id);
    EXPECT_EQ(res.at("authored"), iso_utc(row.answered_at_ms));
    const json& items = res.at("item");
    EXPECT_EQ(items[0].at("linkId"), row.question_id);
    EXPECT_EQ(items[0].at("answer")[0].at("valueCoding").at("code"), std::to_string(row.rating));
    if (row.comment) {
      ASSERT_EQ(items.size(), 2u);
      EXPECT_EQ(items[1].at("linkId"), row.question_id + ".comment");
      EXPECT_EQ(items[1].at("answer")[0].at("valueString"), *row.comment);
    } else {
      EXPECT_EQ(items.size(), 1u);
    }
  }
  // The same export again is byte-identical apart from the timestamp: loading it twice is a no-op.
  auto again = c.get("/units/unit-a/export/fhir.json?days=7");
  json second = json::parse(again->body);
  EXPECT_EQ(second.at("entry"), entries);
}

}  // namespace
}  // namespace hymy::hq::test
