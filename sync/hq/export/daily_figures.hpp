// Figures of each local day of a period, from one read of the period's answers: the daily trend
// on the unit page and the daily CSV. Each day is summarised by hymy::summarize, the one figure
// definition.
#pragma once

#include <vector>

#include "hymy/figures.hpp"
#include "hymy/local_time.hpp"
#include "store/hq_store.hpp"

namespace hymy::hq {

struct DailySummary {
  LocalDate day;
  Summary summary;
};

// `days` >= 1 summaries, first_day first; throws std::invalid_argument for days < 1.
std::vector<DailySummary> daily_summaries(HqStore& store, const std::string& unit_id,
                                          const TimeZone& zone, LocalDate first_day, int days);

// The same over answers already read (answers outside the period are ignored).
std::vector<DailySummary> daily_summaries(const std::vector<RatedAnswer>& answers,
                                          const TimeZone& zone, LocalDate first_day, int days);

}  // namespace hymy::hq
