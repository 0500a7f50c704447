#include "test_support.hpp"

#include <stdexcept>

#include "hymy/uuid.hpp"

namespace hymy::testing {

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "hymy-test-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed for " + tmpl);
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

Response make_response(int rating, std::int64_t answered_at_ms, const std::string& device,
                       const std::string& unit) {
  Response r;
  r.id = new_uuid_v7();
  r.visit_id = new_uuid_v7();
  r.device_id = device;
  r.unit_id = unit;
  r.question_id = "visit";
  r.question_set_version = 1;
  r.rating = rating;
  r.language = "fi";
  r.answered_at_ms = answered_at_ms;
  r.utc_offset_min = 120;
  return r;
}

}  // namespace hymy::testing
