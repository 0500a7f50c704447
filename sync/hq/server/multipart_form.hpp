// multipart/form-data bodies (the dashboard's question-set upload form) split into named parts,
// as handlers read them through httplib::Request::files. The body is already bounded in size;
// the number of parts is bounded here.
#pragma once

#include <httplib.h>

#include <optional>
#include <string_view>

namespace hymy::hq {

inline constexpr std::size_t kMaxFormParts = 64;

// The parts, or nothing when `content_type` has no boundary or the body is malformed.
std::optional<httplib::MultipartFormDataMap> parse_multipart_form(std::string_view content_type,
                                                                  std::string_view body);

}  // namespace hymy::hq
