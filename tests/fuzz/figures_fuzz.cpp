// Fuzz target: the daemon's reading of HQ's unit figures and daily counts (shown on the kiosk's
// staff screen and used by the nightly reconciliation). Any body is a value or a ProtocolError.
#include "fuzz_targets.hpp"
#include "protocol/protocol.hpp"

namespace hymy::fuzz {

int figures_entry(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = as_text(data, size);
  const std::string deep = nested_around(text, "[", "]");
  for (const bool daily : {false, true}) {
    try {
      if (daily) (void)protocol::decode_daily_counts(deep);
      else (void)protocol::decode_figures(deep);
      check(false, "figures nested too deep are refused");
    } catch (const protocol::ProtocolError& e) {
      check(names_the_depth(e.what()), "figures nested too deep are refused naming the depth", e.what());
    }
  }
  try {
    const protocol::UnitFigures f = protocol::decode_figures(text);
    check(f.date.ok(), "figures carry a real date", f.date.iso());
  } catch (const protocol::ProtocolError&) {
  }
  try {
    for (const auto& [date, n] : protocol::decode_daily_counts(text)) {
      check(LocalDate::parse(date).has_value(), "daily-count keys are real dates", date);
      check(n >= 0, "daily counts are not negative", date);
    }
  } catch (const protocol::ProtocolError&) {
  }
  return 0;
}

}  // namespace hymy::fuzz
