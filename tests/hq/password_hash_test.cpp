// Password hashes and tokens.
#include <gtest/gtest.h>

#include "auth/password_hash.hpp"
#include "auth/token.hpp"

namespace hymy::hq {
namespace {

TEST(PasswordHash, VerifiesTheRightPasswordOnly) {
  const std::string h = hash_password("correct horse battery", 1000);
  EXPECT_EQ(h.rfind("pbkdf2-sha256$1000$", 0), 0u);
  EXPECT_TRUE(verify_password("correct horse battery", h));
  EXPECT_FALSE(verify_password("correct horse batterY", h));
  EXPECT_NE(h, hash_password("correct horse battery", 1000));  // salted
}

TEST(PasswordHash, DefaultIsSlowEnough) {
  EXPECT_GE(kPasswordIterations, 200'000);
  const std::string h = hash_password("a long enough pw");
  EXPECT_NE(h.find("$" + std::to_string(kPasswordIterations) + "$"), std::string::npos);
}

TEST(PasswordHash, RefusesShortPasswordsAndMalformedHashes) {
  EXPECT_THROW(hash_password("short"), std::invalid_argument);
  for (const std::string bad : {"", "plain", "pbkdf2-sha256$x$aa$bb", "md5$1$aa$bb",
                                "pbkdf2-sha256$0$aa$bb", "pbkdf2-sha256$10$aa"}) {
    EXPECT_FALSE(verify_password("whatever password", bad)) << bad;
  }
}

TEST(Token, IsRandom256BitHexAndHashesAsSha256) {
  const std::string t = new_token();
  EXPECT_EQ(t.size(), 64u);
  EXPECT_NE(t, new_token());
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace hymy::hq
