#include "auth/password_policy.hpp"

#include <gtest/gtest.h>

namespace hymy::hq {
namespace {

TEST(PasswordPolicy, TooShortNamesTheMinimum) {
  EXPECT_EQ(password_problem("Xq7!vK2p", "maija"), "at least 12 characters");
  EXPECT_EQ(password_problem("", "maija"), "at least 12 characters");
}

TEST(PasswordPolicy, CountsCharactersNotBytes) {
  // 11 characters, 14 bytes: still too short.
  EXPECT_EQ(password_problem("ääkkösetxyz", "maija"), "at least 12 characters");
}

TEST(PasswordPolicy, DictionaryWordIsRefusedWithCracklibsReason) {
  const auto problem = password_problem("administrator", "maija");
  ASSERT_TRUE(problem);
  EXPECT_NE(problem->find("dictionary word"), std::string::npos) << *problem;
}

TEST(PasswordPolicy, DictionaryWordWithDigitsIsRefused) {
  for (const char* pw : {"password1234", "sunshine2024!", "2024sunshine"}) {
    const auto problem = password_problem(pw, "maija");
    ASSERT_TRUE(problem) << pw;
    EXPECT_NE(problem->find("dictionary word"), std::string::npos) << pw << ": " << *problem;
  }
}

TEST(PasswordPolicy, ContainingTheUserNameIsRefused) {
  EXPECT_EQ(password_problem("zebra-MAIJA-lantern-9", "maija"), "it contains the user name");
}

TEST(PasswordPolicy, GoodPassphraseIsAccepted) {
  EXPECT_EQ(password_problem("correct horse battery staple", "maija"), std::nullopt);
  EXPECT_EQ(password_problem("lantern-orchard-9-quietly", "admin"), std::nullopt);
}

}  // namespace
}  // namespace hymy::hq
