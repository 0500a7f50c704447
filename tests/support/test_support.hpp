// Helpers every test suite uses: temporary directories and ready-made responses.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "hymy/model.hpp"

namespace hymy::testing {

// A fresh directory under the system temp dir, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// A valid kiosk response with a fresh UUIDv7 id.
Response make_response(int rating, std::int64_t answered_at_ms, const std::string& device = "tab-1",
                       const std::string& unit = "demo");

}  // namespace hymy::testing
