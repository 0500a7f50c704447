// The sign-in limiter on its own: the two budgets, the doubling delay, the reservation before the
// check (16 guesses at once), forgetting, and the cap on its memory.
#include "dashboard/login_limiter.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <optional>
#include <thread>
#include <vector>

namespace hymy::hq {
namespace {

// One guess that fails; returns the wait when it was refused instead, nothing when it was checked.
std::optional<std::int64_t> fail_once(LoginLimiter& limiter, const std::string& account,
                                      const std::string& address, std::int64_t now) {
  auto reserved = limiter.begin(account, address, now);
  if (const auto* refused = std::get_if<LoginLimiter::Refused>(&reserved)) return refused->retry_after_ms;
  std::get<LoginLimiter::Attempt>(reserved).failed(now);
  return std::nullopt;
}

// Note: a granted guess is left unsettled, so it counts as a failure.
bool may_try(LoginLimiter& limiter, const std::string& account, const std::string& address,
             std::int64_t now) {
  return std::holds_alternative<LoginLimiter::Attempt>(limiter.begin(account, address, now));
}

TEST(LoginLimiter, DelayDoublesAndIsCapped) {
  LoginLimits limits;
  limits.free_failures_per_account_address = 2;
  limits.first_delay_ms = 1000;
  limits.max_delay_ms = 5000;
  LoginLimiter limiter(limits);
  std::int64_t now = 1'000'000;
  EXPECT_FALSE(fail_once(limiter, "u", "192.0.2.1", now));
  EXPECT_FALSE(fail_once(limiter, "u", "192.0.2.1", now));
  EXPECT_EQ(fail_once(limiter, "u", "192.0.2.1", now), 1000);
  now += 1000;
  EXPECT_FALSE(fail_once(limiter, "u", "192.0.2.1", now));
  EXPECT_EQ(fail_once(limiter, "u", "192.0.2.1", now), 2000);
  now += 2000;
  EXPECT_FALSE(fail_once(limiter, "u", "192.0.2.1", now));
  EXPECT_EQ(fail_once(limiter, "u", "192.0.2.1", now), 4000);
  now += 4000;
  EXPECT_FALSE(fail_once(limiter, "u", "192.0.2.1", now));
  EXPECT_EQ(fail_once(limiter, "u", "192.0.2.1", now), 5000);  // capped
}

TEST(LoginLimiter, AnAttackerAtOneAddressDoesNotLockTheAccountOutElsewhere) {
  LoginLimits limits;
  limits.max_delay_ms = 60'000;
  LoginLimiter limiter(limits);
  std::int64_t now = 1'000'000;
  int checked = 0;
  // An hour of hammering the director's account from A, retrying as soon as allowed.
  for (int i = 0; i < 10'000 && now < 1'000'000 + 3'600'000; ++i) {
    if (const auto wait = fail_once(limiter, "director", "198.51.100.7", now)) {
      now += *wait;
    } else {
      ++checked;
    }
  }
  EXPECT_LT(checked, 5 + 70);  // the free five, then one per doubling delay (capped at a minute)
  while (const auto wait = fail_once(limiter, "director", "198.51.100.7", now)) now += *wait;
  EXPECT_FALSE(may_try(limiter, "director", "198.51.100.7", now));
  // The director, at B, signs in at once.
  auto reserved = limiter.begin("director", "203.0.113.20", now);
  ASSERT_TRUE(std::holds_alternative<LoginLimiter::Attempt>(reserved));
  std::get<LoginLimiter::Attempt>(reserved).succeeded();
  // And that success does not unlock A.
  EXPECT_FALSE(may_try(limiter, "director", "198.51.100.7", now));
}

TEST(LoginLimiter, GuessesAtManyNamesFromOneAddressSpendTheAddressBudget) {
  LoginLimits limits;
  limits.free_failures_per_address = 30;
  LoginLimiter limiter(limits);
  const std::int64_t now = 1'000'000;
  for (int i = 0; i < 30; ++i) {
    ASSERT_FALSE(fail_once(limiter, "name-" + std::to_string(i), "198.51.100.7", now)) << i;
  }
  EXPECT_FALSE(may_try(limiter, "name-new", "198.51.100.7", now));
  EXPECT_FALSE(may_try(limiter, "director", "198.51.100.7", now));
  EXPECT_TRUE(may_try(limiter, "director", "203.0.113.20", now));
}

TEST(LoginLimiter, SimultaneousGuessesReserveAtMostTheBudget) {
  LoginLimits limits;
  limits.free_failures_per_account_address = 5;
  LoginLimiter limiter(limits);
  constexpr int kGuesses = 16;
  std::latch start(kGuesses);
  std::latch all_asked(kGuesses);  // every guess has asked before any is settled
  std::atomic<int> granted{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kGuesses; ++i) {
    threads.emplace_back([&] {
      start.arrive_and_wait();
      auto reserved = limiter.begin("director", "198.51.100.7", 1'000'000);
      if (std::holds_alternative<LoginLimiter::Attempt>(reserved)) ++granted;
      all_asked.arrive_and_wait();
      if (auto* attempt = std::get_if<LoginLimiter::Attempt>(&reserved)) attempt->failed(1'000'000);
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(granted.load(), 5);
  EXPECT_FALSE(may_try(limiter, "director", "198.51.100.7", 1'000'000));
}

TEST(LoginLimiter, GuessesInFlightAreRefusedWithAShortWait) {
  LoginLimits limits;
  limits.free_failures_per_account_address = 1;
  limits.first_delay_ms = 2000;
  LoginLimiter limiter(limits);
  auto first = limiter.begin("u", "192.0.2.1", 0);
  ASSERT_TRUE(std::holds_alternative<LoginLimiter::Attempt>(first));
  auto second = limiter.begin("u", "192.0.2.1", 0);
  ASSERT_TRUE(std::holds_alternative<LoginLimiter::Refused>(second));
  EXPECT_EQ(std::get<LoginLimiter::Refused>(second).retry_after_ms, 2000);
}

TEST(LoginLimiter, AnUnsettledGuessCountsAsAFailure) {
  LoginLimits limits;
  limits.free_failures_per_account_address = 2;
  LoginLimiter limiter(limits);
  for (int i = 0; i < 2; ++i) {
    auto reserved = limiter.begin("u", "192.0.2.1", 0);
    ASSERT_TRUE(std::holds_alternative<LoginLimiter::Attempt>(reserved));
  }  // e.g. the password check threw
  EXPECT_FALSE(may_try(limiter, "u", "192.0.2.1", 0));
}

TEST(LoginLimiter, SuccessForgivesTheAccountAtThatAddressButNotTheAddress) {
  LoginLimits limits;
  limits.free_failures_per_account_address = 3;
  limits.free_failures_per_address = 6;
  LoginLimiter limiter(limits);
  for (int i = 0; i < 2; ++i) ASSERT_FALSE(fail_once(limiter, "u", "192.0.2.1", 0));
  std::get<LoginLimiter::Attempt>(limiter.begin("u", "192.0.2.1", 0)).succeeded();
  for (int i = 0; i < 3; ++i) ASSERT_FALSE(fail_once(limiter, "u", "192.0.2.1", 0)) << i;  // 3 afresh
  EXPECT_TRUE(fail_once(limiter, "u", "192.0.2.1", 0));
  ASSERT_FALSE(fail_once(limiter, "other", "192.0.2.1", 0));  // the address's sixth failure
  EXPECT_FALSE(may_try(limiter, "third", "192.0.2.1", 0));
}

TEST(LoginLimiter, AQuietHourForgives) {
  LoginLimits limits;
  limits.free_failures_per_account_address = 2;
  LoginLimiter limiter(limits);
  for (int i = 0; i < 2; ++i) ASSERT_FALSE(fail_once(limiter, "u", "192.0.2.1", 0));
  EXPECT_FALSE(may_try(limiter, "u", "192.0.2.1", 0));
  EXPECT_TRUE(may_try(limiter, "u", "192.0.2.1", limits.forget_after_ms));
}

TEST(LoginLimiter, StaysBoundedAndForgetsTheOldestFirst) {
  LoginLimits limits;
  limits.max_tracked = 100;
  limits.free_failures_per_account_address = 1;
  LoginLimiter limiter(limits);
  ASSERT_FALSE(fail_once(limiter, "early", "192.0.2.1", 0));
  for (int i = 0; i < 1000; ++i) {
    ASSERT_FALSE(fail_once(limiter, "user" + std::to_string(i), "a" + std::to_string(i), i + 1)) << i;
  }
  EXPECT_LE(limiter.tracked(), 200u);
  EXPECT_TRUE(may_try(limiter, "early", "192.0.2.1", 1001));     // forgotten to stay bounded
  EXPECT_FALSE(may_try(limiter, "user999", "a999", 1001));       // the newest is remembered
}

}  // namespace
}  // namespace hymy::hq
