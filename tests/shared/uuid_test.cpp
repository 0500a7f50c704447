#include "hymy/uuid.hpp"

#include <gtest/gtest.h>

#include <set>

#include "hymy/clock.hpp"

namespace hymy {
namespace {

TEST(Uuid, HasVersion7AndVariantBits) {
  const auto id = new_uuid_v7();
  ASSERT_TRUE(is_uuid(id)) << id;
  EXPECT_EQ(id[14], '7');
  EXPECT_TRUE(id[19] == '8' || id[19] == '9' || id[19] == 'a' || id[19] == 'b') << id;
}

TEST(Uuid, CarriesItsTimestamp) {
  const std::int64_t before = now_ms();
  const auto id = new_uuid_v7();
  const std::int64_t after = now_ms();
  EXPECT_GE(uuid_v7_time_ms(id), before);
  EXPECT_LE(uuid_v7_time_ms(id), after);
  EXPECT_EQ(uuid_v7_time_ms(uuid_v7_at(1700000000123)), 1700000000123);
}

TEST(Uuid, StrictlyIncreasingAndUniqueWithinAProcess) {
  std::set<std::string> seen;
  std::string previous;
  for (int i = 0; i < 20000; ++i) {
    auto id = new_uuid_v7();
    ASSERT_GT(id, previous);
    ASSERT_TRUE(seen.insert(id).second);
    previous = std::move(id);
  }
}

TEST(Uuid, RejectsMalformedText) {
  EXPECT_FALSE(is_uuid(""));
  EXPECT_FALSE(is_uuid("01890a5d-ac96-774b-bcce-b302099a805"));
  EXPECT_FALSE(is_uuid("01890A5D-AC96-774B-BCCE-B302099A8057"));  // canonical form is lower case
  EXPECT_FALSE(is_uuid("01890a5d+ac96-774b-bcce-b302099a8057"));
  EXPECT_THROW(uuid_v7_time_ms("nope"), std::invalid_argument);
}

}  // namespace
}  // namespace hymy
