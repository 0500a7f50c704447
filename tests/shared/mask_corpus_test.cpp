// The corpus scorer must be able to fail: a leak, a half-masked span and a damaged comment are
// each counted.
#include "mask_corpus.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace hymy::test {
namespace {

CorpusComment one(std::string_view tsv) { return parse_corpus(tsv).at(0); }

TEST(MaskCorpus, ScoresAPerfectMaskAsClean) {
  const auto c = one("fi\tSoita 040 123 4567 tai a@b.fi.\tphone:040 123 4567\temail:a@b.fi\n");
  const auto s = score_comment(c, "Soita [phone] tai [email].");
  EXPECT_EQ(s.leaked, 0u);
  EXPECT_FALSE(s.damaged);
}

TEST(MaskCorpus, CountsLeaksIncludingHalfMaskedSpans) {
  const auto c = one("fi\tSoita 040 123 4567 tai a@b.fi.\tphone:040 123 4567\temail:a@b.fi\n");
  EXPECT_EQ(score_comment(c, "Soita 040 123 4567 tai [email].").leaked, 1u);
  EXPECT_EQ(score_comment(c, "Soita [phone] 4567 tai [email].").leaked, 1u);
  EXPECT_EQ(score_comment(c, "Soita 040 123 4567 tai a@b.fi.").leaked, 2u);
}

TEST(MaskCorpus, CountsDamage) {
  EXPECT_TRUE(score_comment(one("en\tOn 01 02 2024\n"), "On [phone]").damaged);
  EXPECT_FALSE(score_comment(one("en\tOn 01 02 2024\n"), "On 01 02 2024").damaged);
}

TEST(MaskCorpus, RefusesMalformedLines) {
  EXPECT_THROW(parse_corpus("xx\tHej\n"), std::runtime_error);
  EXPECT_THROW(parse_corpus("sv\tHej\tname:Hej\n"), std::runtime_error);
  EXPECT_THROW(parse_corpus("sv\tHej\tphone:040\n"), std::runtime_error);
}

}  // namespace
}  // namespace hymy::test
