// End to end (issue 7): HQ publishes a question set and enrolls a tablet; the tablet's daemon
// pulls the set; a visitor taps answers and a comment into the real kiosk under Xvfb; the daemon
// uploads; HQ's API, database and dashboard then hold exactly those answers, the comment cleaned
// of its phone number and HTML-escaped on the page, both over HTTP and as rendered in headless
// Chromium after signing in through the form. Also: kiosk and daemon read one shared file.
#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "hymy/clock.hpp"
#include "hymy/comment.hpp"
#include "hymy/local_time.hpp"
#include "chromium_driver.hpp"
#include "hymy/tablet_store.hpp"
#include "system_support.hpp"

namespace hymy::system_test {
namespace {

using std::chrono::milliseconds;

constexpr const char* kUnit = "e2e-unit";
constexpr const char* kDevice = "e2e-tab";

// HQ's set: a "care" question that always asks for a comment, then "wait" that never does.
constexpr const char* kHqSet = R"({
  "unit": "e2e-unit", "version": 5, "languages": ["fi", "sv", "en"], "default_language": "fi",
  "questions": [
    {"id": "care", "text": {"fi": "Miten hoito onnistui?", "sv": "Hur lyckades vården?", "en": "How was your care?"},
     "follow_up": {"ask": "always"}},
    {"id": "wait", "text": {"fi": "Odotusaika?", "sv": "Väntetiden?", "en": "The waiting time?"},
     "follow_up": {"ask": "never"}}
  ]})";
// The tablet's own starting set, which HQ's newer one must replace.
constexpr const char* kLocalSet = R"({
  "unit": "e2e-unit", "version": 1, "languages": ["fi", "sv", "en"], "default_language": "fi",
  "questions": [
    {"id": "local-only", "text": {"fi": "Paikallinen", "sv": "Lokal", "en": "Local"}, "follow_up": {"ask": "never"}}
  ]})";
constexpr const char* kRawComment = "Hyvä hoito <b>kiitos</b> & soita 040 123 4567";

void write(const std::filesystem::path& p, const std::string& text) { std::ofstream(p) << text; }

std::string kiosk_section(const std::filesystem::path& dir) {
  return "[kiosk]\nquestion_set = \"" + (dir / "local-set.json").string() + "\"\ni18n_dir = \"" HYMY_ASSETS_DIR
         "/i18n\"\ninactivity_seconds = 30\nthank_you_seconds = 4\nrapid_repeat_seconds = 0\n\n"
         "[staff]\npin = \"2468\"\n";
}

RunResult run_kiosk(const Tablet& tablet, const std::string& script) {
  const std::string path = (tablet.dir() / "visit.script").string();
  write(path, script);
  // LeakSanitizer off: Mesa leaks at exit in modules it unloads (see tests/kiosk).
  return run_command({HYMY_KIOSK_EXE, "--config", tablet.config(), "--script", path, "--size", "1280x800"},
                     milliseconds(90'000), {{"DISPLAY", xvfb_display()}, {"ASAN_OPTIONS", "detect_leaks=0"}});
}

// The dashboard as a browser without JavaScript would use it: the sign-in form with its CSRF
// cookie, then pages with the session cookie.
class DashboardClient {
 public:
  explicit DashboardClient(int port) : client_("127.0.0.1", port) {
    client_.set_connection_timeout(5, 0);
    client_.set_read_timeout(30, 0);
  }
  // "" when signed in, else what went wrong.
  std::string sign_in(const std::string& user, const std::string& password) {
    const auto form = client_.Get("/login");
    if (!form || form->status != 200) return "GET /login failed";
    std::smatch m;
    const std::string cookie = form->get_header_value("Set-Cookie");
    if (!std::regex_search(cookie, m, std::regex("hymy_login=([^;]+)"))) return "no login cookie";
    const std::string login_cookie = m[1];
    if (!std::regex_search(form->body, m, std::regex("name=\"csrf\" value=\"([^\"]+)\""))) {
      return "no csrf field in the sign-in form";
    }
    const httplib::Params params{{"user", user}, {"password", password}, {"csrf", m[1]}};
    const auto res = client_.Post("/login", {{"Cookie", "hymy_login=" + login_cookie}}, params);
    if (!res || res->status != 303) {
      return "POST /login: " + (res ? std::to_string(res->status) + " " + res->body : std::string("no reply"));
    }
    for (const auto& [k, v] : res->headers) {
      if (k == "Set-Cookie" && std::regex_search(v, m, std::regex("hymy_session=([^;]+)")) && m[1] != "") {
        session_ = m[1];
      }
    }
    return session_.empty() ? "no session cookie" : "";
  }
  httplib::Result get(const std::string& path) { return client_.Get(path, {{"Cookie", "hymy_session=" + session_}}); }

 private:
  httplib::Client client_;
  std::string session_;
};

// The dashboard in a real browser: headless Chromium signs in through the form (typing into the
// fields), opens the unit's page, and the rendered DOM shows the answers tapped in the kiosk with
// the comment as text. A screenshot of the page is left in `dir`.
void check_unit_page_in_browser(const std::string& chromium, const std::filesystem::path& dir,
                                const std::string& hq_url, const std::string& user,
                                const std::string& password, const std::string& comment,
                                std::vector<int> ratings) {
  using nlohmann::json;
  std::filesystem::create_directories(dir / "chromium-profile");
  hymy::testing::Chromium browser(chromium, dir / "chromium-profile", 1280, 900);
  browser.navigate(hq_url + "/login");
  // Focuses a field and types into it (input events, as from a keyboard); false without the field.
  const auto type_into = [&](const std::string& field, const std::string& text) {
    const json focused =
        browser.evaluate("(f => !!f && (f.focus(), document.activeElement === f))("
                         "document.querySelector('form input[name=" + field + "]'))");
    if (focused != true) return false;
    browser.call("Input.insertText", {{"text", text}});
    return true;
  };
  ASSERT_TRUE(type_into("user", user)) << "no user field in the sign-in form";
  ASSERT_TRUE(type_into("password", password)) << "no password field in the sign-in form";
  browser.evaluate("document.querySelector('form button[type=submit]').click(); true");
  ASSERT_TRUE(browser.wait_for("location.pathname === '/' && document.readyState === 'complete'",
                               browser.timeout()))
      << "signing in through the form did not reach the overview: "
      << browser.evaluate("location.href + ' ' + document.body.innerText.slice(0, 300)");

  browser.navigate(hq_url + "/units/" + kUnit);
  ASSERT_EQ(browser.evaluate("!!document.querySelector('#comments ul.comments')"), true)
      << "not the unit page: " << browser.evaluate("location.href + ' ' + document.title");
  const std::string count = std::to_string(ratings.size());
  EXPECT_EQ(browser.evaluate("document.querySelector('#period-today .count').textContent"), count);
  EXPECT_EQ(browser.evaluate("document.querySelector('#period-28 .count').textContent"), count);
  // Answers per question, as tapped: two to each.
  EXPECT_EQ(browser.evaluate("Object.fromEntries([...document.querySelectorAll('#questions tbody "
                             "tr[data-question]')].map(r => [r.dataset.question, "
                             "r.querySelector('td.num').textContent]))"),
            json::parse(R"({"care": "2", "wait": "2"})"));
  // The comment list shows answers with a comment by default: the one, as text, not markup.
  const std::string comments_js =
      "[...document.querySelectorAll('#comments li.comment')].map(li => ({"
      "rating: Number(li.dataset.rating), text: li.querySelector('p.text:not(.none)')?.textContent,"
      " elements: li.querySelectorAll('p.text *').length}))";
  const json with_comment = browser.evaluate(comments_js);
  ASSERT_EQ(with_comment.size(), 1u) << with_comment;
  EXPECT_EQ(with_comment[0].value("text", ""), comment) << "the comment is not shown as text";
  EXPECT_EQ(with_comment[0].value("rating", 0), 4);
  EXPECT_EQ(with_comment[0].value("elements", -1), 0) << "the comment's HTML became elements";
  EXPECT_EQ(browser.evaluate("document.body.textContent.includes('123 4567')"), false)
      << "the phone number is shown";

  // The list's own filter form, set to all of today's answers: the tapped ratings, one comment.
  ASSERT_EQ(browser.evaluate("(f => !!f && (f.elements.presence.value = 'all',"
                             " f.elements.days.value = '1',"
                             " f.querySelector('button[type=submit]').click(), true))("
                             "document.querySelector('#comments form.filters'))"),
            true)
      << "no filter form above the comments";
  ASSERT_TRUE(browser.wait_for("location.search.includes('presence=all') && "
                               "document.readyState === 'complete'",
                               browser.timeout()))
      << "the filter form did not load its page: " << browser.evaluate("location.href");
  const json all = browser.evaluate(comments_js);
  std::vector<int> shown;
  int texts = 0;
  for (const json& item : all) {
    shown.push_back(item.value("rating", 0));
    if (item.contains("text")) {  // undefined (no comment) is left out of the reply
      ++texts;
      EXPECT_EQ(item["text"], comment);
    }
  }
  std::sort(shown.begin(), shown.end());
  std::sort(ratings.begin(), ratings.end());
  EXPECT_EQ(shown, ratings) << all;
  EXPECT_EQ(texts, 1) << all;

  const std::string png = browser.screenshot_png(true, 3000);
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_GT(png.size(), 10'000u);
  std::ofstream(dir / "dashboard-unit.png", std::ios::binary) << png;
}

class EndToEndTest : public ::testing::Test {
 protected:
  hymy::testing::TempDir root;
};

TEST_F(EndToEndTest, TapsAndACommentInTheKioskArriveAtHqExactlyOnce) {
  if (xvfb_display().empty()) GTEST_SKIP() << "Xvfb is not installed (apt-get install xvfb)";
  const auto chromium = hymy::testing::Chromium::find();
  if (!chromium) {
    ADD_FAILURE() << "Chromium is not installed (apt-get install chromium, or set HYMY_CHROMIUM to "
                     "the browser): this test checks HQ's dashboard in it; the rest is still checked";
  }
  // --- HQ: a unit, its question set, an enrolled tablet, a viewer; then serve.
  HqProcess hq((root.path() / "hq-data").string());
  hq.admin({"unit", "add", kUnit, "--name-fi", "Päivystys", "--name-en", "Emergency"});
  write(root.path() / "hq-set.json", kHqSet);
  const RunResult published = hq.admin({"question-set", "publish", "--unit", kUnit, (root.path() / "hq-set.json").string()});
  ASSERT_NE(published.out.find("version 5"), std::string::npos) << published.out;
  const std::string token = hq.enroll(kUnit, kDevice);
  write(root.path() / "password", "pihlaja-lyhty-kello-9\n");
  hq.admin({"user", "add", "kaisa", "--role", "viewer", "--unit", kUnit, "--password-file",
            (root.path() / "password").string()});
  hq.start();

  // --- The tablet: one configuration file for kiosk and daemon.
  Tablet tablet(root.path() / "tablet", kDevice, kUnit);
  write(tablet.dir() / "local-set.json", kLocalSet);
  tablet.write_config(hq.url(), token, "", kiosk_section(tablet.dir()));

  // The daemon accepts the shared file and pulls HQ's set before the kiosk first starts.
  const RunResult first_sync = tablet.sync_once();
  ASSERT_EQ(first_sync.exit_code, 0) << "hymy-sync refused or failed on the shared file:\n" << first_sync.out << first_sync.err;
  {
    TabletStore store(tablet.db());
    const auto set = store.current_question_set();
    ASSERT_TRUE(set.has_value());
    EXPECT_EQ(set->version, 5);
    EXPECT_EQ(store.current_question_set_source(), std::optional<std::string>("hq"));
  }

  // --- A visitor, then another: four answers, one with a comment holding a phone number.
  const RunResult kiosk = run_kiosk(tablet,
      "expect_question care\n"
      "tap face 4\nexpect_screen comment\n"
      "type \"" + std::string(kRawComment) + "\"\n"
      "tap button send\nexpect_question wait\n"
      "tap face 2\nexpect_screen thanks\n"
      "advance_ms 4500\nexpect_screen question\nexpect_question care\n"
      "tap face 1\nexpect_screen comment\ntap button skip\nexpect_question wait\n"
      "tap face 3\nexpect_screen thanks\nquit\n");
  ASSERT_EQ(kiosk.exit_code, 0) << "the kiosk refused the shared file or the script failed:\n" << kiosk.out << kiosk.err;

  const auto tablet_rows = tablet.rows();
  ASSERT_EQ(tablet_rows.size(), 4u);
  const CleanComment cleaned = clean_comment(kRawComment);
  ASSERT_TRUE(cleaned.text.has_value());
  ASSERT_EQ(cleaned.text->find("123 4567"), std::string::npos) << "the comment test needs a masked number";

  // --- Upload.
  const RunResult upload = tablet.sync_once();
  ASSERT_EQ(upload.exit_code, 0) << upload.out << upload.err;
  const RunResult status = tablet.sync_status();
  EXPECT_NE(status.out.find("queue: 0 waiting, 0 rejected"), std::string::npos) << status.out << status.err;

  // --- HQ's database: exactly these four, the same content, the comment masked.
  const HqContents at_hq = hq.contents();
  const Comparison c = compare(tablet, at_hq);
  EXPECT_TRUE(c.exact()) << describe(c);
  ASSERT_EQ(at_hq.by_id.size(), 4u);
  std::map<std::string, std::vector<int>> ratings;  // by question, in answer order
  std::vector<std::string> comments;
  for (const auto& [id, row] : tablet_rows) {  // ids are UUIDv7: map order is answer order
    const HqRow& h = at_hq.by_id.at(id);
    ratings[h.question_id].push_back(h.rating);
    EXPECT_EQ(h.question_set_version, 5);
    if (h.comment) comments.push_back(*h.comment);
  }
  EXPECT_EQ(ratings["care"], (std::vector<int>{4, 1}));
  EXPECT_EQ(ratings["wait"], (std::vector<int>{2, 3}));
  ASSERT_EQ(comments.size(), 1u);
  EXPECT_EQ(comments[0], *cleaned.text);

  // --- HQ's device API: the unit's figures for today count them.
  const std::string today = TimeZone("Europe/Helsinki").date_of(now_ms()).iso();
  httplib::Client api("127.0.0.1", hq.port());
  api.set_read_timeout(30, 0);
  const auto figures = api.Get("/v1/figures?date=" + today, {{"Authorization", "Bearer " + token}});
  ASSERT_TRUE(figures);
  ASSERT_EQ(figures->status, 200) << figures->body;
  const auto f = nlohmann::json::parse(figures->body);
  EXPECT_EQ(f["current"]["count"], 4) << figures->body;
  EXPECT_EQ(f["current"]["distribution"], nlohmann::json::parse("[1, 1, 1, 1]")) << figures->body;

  // --- The dashboard: a viewer of the unit sees the comment, escaped, and exports the four ids.
  DashboardClient dashboard(hq.port());
  ASSERT_EQ(dashboard.sign_in("kaisa", "pihlaja-lyhty-kello-9"), "");
  const auto page = dashboard.get(std::string("/units/") + kUnit);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  std::string escaped;
  for (char ch : *cleaned.text) {
    escaped += ch == '<' ? std::string("&lt;") : ch == '>' ? std::string("&gt;") : ch == '&' ? std::string("&amp;") : std::string(1, ch);
  }
  EXPECT_NE(page->body.find(escaped), std::string::npos) << "the unit page lacks the comment " << escaped;
  EXPECT_EQ(page->body.find("<b>kiitos</b>"), std::string::npos) << "the comment reached the page unescaped";
  EXPECT_EQ(page->body.find("123 4567"), std::string::npos);
  const auto csv = dashboard.get(std::string("/units/") + kUnit + "/export/responses.csv?days=2");
  ASSERT_TRUE(csv);
  ASSERT_EQ(csv->status, 200) << csv->body;
  for (const auto& [id, row] : tablet_rows) EXPECT_NE(csv->body.find(id), std::string::npos) << id << "\n" << csv->body;
  EXPECT_EQ(std::count(csv->body.begin(), csv->body.end(), '\n'), 5) << csv->body;  // header + 4 rows

  // --- The same page in headless Chromium, signed in through the form.
  if (chromium) {
    check_unit_page_in_browser(*chromium, root.path(), hq.url(), "kaisa", "pihlaja-lyhty-kello-9",
                               *cleaned.text, {4, 2, 1, 3});
  }

  std::printf("SYSTEM scenario=end_to_end rounds=1 answers=%zu acknowledged=%lld present_at_hq=%lld duplicates=%lld\n",
              tablet_rows.size(), static_cast<long long>(c.acknowledged), static_cast<long long>(c.present),
              static_cast<long long>(c.duplicates));
  EXPECT_EQ(hq.stop(), 0) << hq.log();
}

// The shared file may name the database and token file relative to itself, as the kiosk's example
// configuration does: both programs must then open the same files, wherever they are started.
TEST_F(EndToEndTest, RelativePathsInTheSharedFileMeanTheSameFilesToKioskAndDaemon) {
  if (xvfb_display().empty()) GTEST_SKIP() << "Xvfb is not installed (apt-get install xvfb)";
  HqProcess hq((root.path() / "hq-data").string());
  hq.admin({"unit", "add", kUnit, "--name-fi", "Päivystys"});
  const std::string token = hq.enroll(kUnit, kDevice);
  hq.start();

  const auto dir = root.path() / "tablet";
  std::filesystem::create_directories(dir);
  write(dir / "local-set.json", kLocalSet);
  write(dir / "device-token", token + "\n");
  std::filesystem::permissions(dir / "device-token", std::filesystem::perms::owner_read |
                                                         std::filesystem::perms::owner_write);
  write(dir / "tablet.toml", "[device]\nid = \"e2e-tab\"\nunit = \"e2e-unit\"\ndatabase = \"tablet.db\"\n"
                             "time_zone = \"Europe/Helsinki\"\n\n[kiosk]\nquestion_set = \"local-set.json\"\n"
                             "i18n_dir = \"" HYMY_ASSETS_DIR "/i18n\"\n\n[sync]\nhq_url = \"" + hq.url() +
                             "\"\ntoken_file = \"device-token\"\ninterval_seconds = 10\n");
  write(dir / "visit.script", "tap face 4\nexpect_screen thanks\nquit\n");
  const RunResult kiosk =
      run_command({HYMY_KIOSK_EXE, "--config", (dir / "tablet.toml").string(), "--script", (dir / "visit.script").string(),
                   "--size", "1280x800"},
                  milliseconds(90'000), {{"DISPLAY", xvfb_display()}, {"ASAN_OPTIONS", "detect_leaks=0"}});
  ASSERT_EQ(kiosk.exit_code, 0) << kiosk.out << kiosk.err;
  ASSERT_TRUE(std::filesystem::exists(dir / "tablet.db")) << "the kiosk resolves paths against its file";

  // Started elsewhere, as a service manager would (systemd starts services in /).
  const auto elsewhere = root.path() / "elsewhere";
  std::filesystem::create_directories(elsewhere);
  const RunResult sync = run_command({HYMY_SYNC_EXE, "--config", (dir / "tablet.toml").string(), "--once"},
                                     milliseconds(60'000), {}, elsewhere.string());
  EXPECT_EQ(sync.exit_code, 0) << sync.out << sync.err;
  EXPECT_EQ(TabletStore((dir / "tablet.db").string()).unsent_count(), 0)
      << "hymy-sync did not upload the kiosk's answer: it read \"tablet.db\" and \"device-token\" relative to "
         "its working directory, not to the configuration file\n"
      << sync.err;
  EXPECT_EQ(hq.count(), 1);
  EXPECT_FALSE(std::filesystem::exists(elsewhere / "tablet.db"))
      << "hymy-sync created a stray database in its working directory";
}

}  // namespace
}  // namespace hymy::system_test
