#include "hymy/regular_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "test_support.hpp"

namespace hymy {
namespace {

using Reason = FileReadError::Reason;

Reason reason_of(const std::string& path, std::size_t max_bytes, bool owner_only = false) {
  try {
    owner_only ? read_private_file(path, max_bytes) : read_regular_file(path, max_bytes);
  } catch (const FileReadError& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    return e.reason();
  }
  ADD_FAILURE() << path << " was read";
  return Reason::cannot_read;
}

class RegularFileTest : public ::testing::Test {
 protected:
  testing::TempDir dir;
  std::string write(const std::string& name, const std::string& content, mode_t mode = 0600) {
    const std::string path = dir.file(name);
    std::ofstream(path, std::ios::binary) << content;
    ::chmod(path.c_str(), mode);
    return path;
  }
};

TEST_F(RegularFileTest, ReadsANormalFile) {
  EXPECT_EQ(read_regular_file(write("a.txt", "hyvä\n"), 100), "hyvä\n");
  EXPECT_EQ(read_regular_file(write("empty", ""), 100), "");
  EXPECT_EQ(read_regular_file(write("exact", "12345"), 5), "12345");
}

TEST_F(RegularFileTest, FifoWithoutWriterIsRefusedAtOnce) {
  const std::string path = dir.file("fifo");
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  EXPECT_EQ(reason_of(path, 100), Reason::not_regular);
}

TEST_F(RegularFileTest, DevZeroIsRefused) { EXPECT_EQ(reason_of("/dev/zero", 100), Reason::not_regular); }

TEST_F(RegularFileTest, DirectoryIsRefused) {
  EXPECT_EQ(reason_of(dir.file(""), 100), Reason::not_regular);
}

TEST_F(RegularFileTest, TooLargeIsRefused) {
  EXPECT_EQ(reason_of(write("big", "123456"), 5), Reason::too_large);
}

TEST_F(RegularFileTest, MissingFileNamesTheError) {
  EXPECT_EQ(reason_of(dir.file("missing"), 100), Reason::cannot_read);
}

TEST_F(RegularFileTest, PrivateFileRefusesGroupOrOtherAccess) {
  EXPECT_EQ(read_private_file(write("token", "t"), 100), "t");
  const std::string shared = write("shared", "t", 0644);
  EXPECT_EQ(reason_of(shared, 100, true), Reason::readable_by_others);
  try {
    read_private_file(shared, 100);
  } catch (const FileReadError& e) {
    EXPECT_NE(std::string(e.what()).find("chmod 600 " + shared), std::string::npos) << e.what();
  }
  EXPECT_EQ(reason_of(write("group", "t", 0620), 100, true), Reason::readable_by_others);
}

}  // namespace
}  // namespace hymy
