// Buckets a period's answers by local date, then summarises each bucket.
#include "export/daily_figures.hpp"

#include <map>
#include <stdexcept>

namespace hymy::hq {

std::vector<DailySummary> daily_summaries(const std::vector<RatedAnswer>& answers,
                                          const TimeZone& zone, LocalDate first_day, int days) {
  if (days < 1) throw std::invalid_argument("daily figures: a period needs 1 or more days");
  std::map<LocalDate, std::vector<RatedAnswer>> by_day;
  const UtcRange range = zone.days(first_day, days);
  for (const RatedAnswer& a : answers) {
    if (a.answered_at_ms < range.from_ms || a.answered_at_ms >= range.to_ms) continue;
    by_day[zone.date_of(a.answered_at_ms)].push_back(a);
  }
  std::vector<DailySummary> out;
  out.reserve(static_cast<std::size_t>(days));
  for (int i = 0; i < days; ++i) {
    const LocalDate day = first_day.plus_days(i);
    const auto it = by_day.find(day);
    out.push_back({day, summarize(it == by_day.end() ? std::vector<RatedAnswer>{} : it->second, zone)});
  }
  return out;
}

std::vector<DailySummary> daily_summaries(HqStore& store, const std::string& unit_id,
                                          const TimeZone& zone, LocalDate first_day, int days) {
  if (days < 1) throw std::invalid_argument("daily figures: a period needs 1 or more days");
  const UtcRange range = zone.days(first_day, days);
  return daily_summaries(store.answers(unit_id, range.from_ms, range.to_ms), zone, first_day, days);
}

}  // namespace hymy::hq
