// Masking of personal data in free text, with a count of the work it took. The count lets tests
// prove that masking stays linear on hostile text without timing anything.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace hymy {

struct MaskResult {
  std::string text;             // the input with personal data replaced by placeholders
  std::size_t bytes_read = 0;   // every byte any rule looked at, counted each time it was read
};

// What mask_personal_data (comment.hpp) does, plus the work count.
MaskResult mask_personal_data_counted(std::string_view text);

}  // namespace hymy
