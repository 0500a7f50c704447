// The list of fuzz targets and the property check they share.
#include "fuzz_targets.hpp"

#include <array>
#include <cstdio>
#include <cstdlib>

namespace hymy::fuzz {

std::span<const Target> targets() {
  static constexpr std::array<Target, 8> kTargets = {{
      {"comment", comment_entry},
      {"config", config_entry},
      {"question_set", question_set_entry},
      {"batch", batch_entry},
      {"reply", reply_entry},
      {"gunzip", gunzip_entry},
      {"local_date", local_date_entry},
      {"figures", figures_entry},
  }};
  return kTargets;
}

void check(bool ok, std::string_view property, std::string_view detail) {
  if (ok) return;
  std::fprintf(stderr, "fuzz property broken: %.*s\n", static_cast<int>(property.size()),
               property.data());
  if (!detail.empty())
    std::fprintf(stderr, "  detail: %.*s\n", static_cast<int>(detail.size()), detail.data());
  std::abort();
}

std::string nested_around(std::string_view input, std::string_view opener, std::string_view closer) {
  const std::size_t depth = 33 + (input.empty() ? 0 : static_cast<unsigned char>(input[0]) * 4u);
  std::string out;
  out.reserve(depth * (opener.size() + closer.size()) + input.size());
  for (std::size_t i = 0; i < depth; ++i) out += opener;
  out += input;
  for (std::size_t i = 0; i < depth; ++i) out += closer;
  return out;
}

bool names_the_depth(std::string_view error) { return error.find("nested deeper than") != std::string_view::npos; }

}  // namespace hymy::fuzz
