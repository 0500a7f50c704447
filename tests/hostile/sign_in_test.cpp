// Password guessers against the real hymy-hq's sign-in, from other addresses than the director's:
// simultaneous guesses check at most the budget, and no guesser locks the director out.
#include <gtest/gtest.h>
#include <httplib.h>

#include <fstream>
#include <latch>
#include <regex>
#include <thread>
#include <vector>

#include "hq_process.hpp"
#include "raw_client.hpp"
#include "test_support.hpp"

namespace hymy::hostile_test {
namespace {

constexpr const char* kPassword = "Kuusi-Porkkana-Tuuli-4821";

// A sign-in form as a browser gets it: the form cookie and its matching hidden field.
struct SignInForm {
  std::string cookie;  // "hymy_login=..."
  std::string csrf;
};

class SignInGuessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    hq_ = std::make_unique<system_test::HqProcess>((root_.path() / "hq-data").string());
    const std::string password_file = (root_.path() / "password").string();
    std::ofstream(password_file) << kPassword << "\n";
    hq_->admin({"user", "add", "director", "--role", "admin", "--password-file", password_file});
    hq_->start();
  }

  SignInForm form() {
    httplib::Client client("127.0.0.1", hq_->port());
    const auto res = client.Get("/login");
    if (!res || res->status != 200) throw std::runtime_error("GET /login failed");
    std::smatch cookie, csrf;
    const std::string set_cookie = res->get_header_value("Set-Cookie");
    if (!std::regex_search(set_cookie, cookie, std::regex("(hymy_login=[^;]+)")) ||
        !std::regex_search(res->body, csrf, std::regex("name=\"csrf\" value=\"([^\"]+)\""))) {
      throw std::runtime_error("the sign-in page has no form cookie or csrf field");
    }
    return {cookie[1], csrf[1]};
  }

  // The status of one sign-in attempt from `source`.
  int sign_in(const std::string& source, const std::string& user, const std::string& password) {
    const SignInForm f = form();
    const std::string body = "csrf=" + f.csrf + "&user=" + user + "&password=" + password;
    const std::string request = "POST /login HTTP/1.1\r\nHost: hq\r\nCookie: " + f.cookie +
                                "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
                                std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
    return status_of(exchange_from(source, hq_->port(), request));
  }

  testing::TempDir root_;
  std::unique_ptr<system_test::HqProcess> hq_;
};

TEST_F(SignInGuessTest, SimultaneousGuessesCheckAtMostTheBudget) {
  constexpr int kGuesses = 16;
  std::vector<SignInForm> forms;
  for (int i = 0; i < kGuesses; ++i) forms.push_back(form());
  std::vector<int> statuses(kGuesses);
  std::latch ready(kGuesses);
  std::vector<std::thread> guessers;
  for (int i = 0; i < kGuesses; ++i) {
    guessers.emplace_back([&, i] {
      const std::string body = "csrf=" + forms[static_cast<std::size_t>(i)].csrf +
                               "&user=director&password=guess" + std::to_string(i);
      const std::string request = "POST /login HTTP/1.1\r\nHost: hq\r\nCookie: " +
                                  forms[static_cast<std::size_t>(i)].cookie +
                                  "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
                                  std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
      ready.arrive_and_wait();
      statuses[static_cast<std::size_t>(i)] = status_of(exchange_from("127.0.0.2", hq_->port(), request));
    });
  }
  for (auto& t : guessers) t.join();
  const auto checked = std::count(statuses.begin(), statuses.end(), 401);
  const auto throttled = std::count(statuses.begin(), statuses.end(), 429);
  std::printf("16 simultaneous guesses: %ld checked (401), %ld throttled (429)\n", static_cast<long>(checked),
              static_cast<long>(throttled));
  EXPECT_LE(checked, 5);
  EXPECT_EQ(checked + throttled, kGuesses);
}

TEST_F(SignInGuessTest, GuessersElsewhereLockNobodyOut) {
  // One address hammers the director's account; another guesses at many names.
  int last_for_director = 0;
  for (int i = 0; i < 12; ++i) last_for_director = sign_in("127.0.0.2", "director", "guess" + std::to_string(i));
  EXPECT_EQ(last_for_director, 429);
  int last_for_names = 0;
  for (int i = 0; i < 40 && last_for_names != 429; ++i) {
    last_for_names = sign_in("127.0.0.3", "user" + std::to_string(i), "guess");
  }
  EXPECT_EQ(last_for_names, 429) << "guesses at 40 names from one address were never throttled";
  // The director, from her own address and from another clean one, signs in at once.
  EXPECT_EQ(sign_in("127.0.0.1", "director", kPassword), 303);
  EXPECT_EQ(sign_in("127.0.0.4", "director", kPassword), 303);
}

}  // namespace
}  // namespace hymy::hostile_test
