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

}  // namespace hymy::fuzz
