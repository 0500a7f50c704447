// log_line: a UTC timestamp and the message, written in one call so lines do not interleave.
#include "daemon/log.hpp"

#include <cstdio>
#include <ctime>

#include "hymy/clock.hpp"

namespace hymy::sync {

void log_line(const std::string& message) {
  const std::time_t t = static_cast<std::time_t>(now_ms() / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
  const std::string line = std::string(stamp) + " hymy-sync: " + message + "\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace hymy::sync
