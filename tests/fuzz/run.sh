#!/usr/bin/env bash
# Builds the libFuzzer binaries with clang (a build directory of their own, since the main build
# uses GCC) and runs each target for a while, printing one table row per target: seconds,
# executions, executions per second, corpus size, crashes. A crash input is kept under
# <build>/crashes/<target>/; copy it to tests/fuzz/regressions/<target>/ so the regression test
# replays it forever.
#
# Usage: tests/fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]
#   SECONDS_PER_TARGET  default 60; 10 makes a short CI run
#   TARGET              default all: comment config question_set batch reply gunzip local_date figures
# Environment: HYMY_FUZZ_BUILD (default build/fuzz), HYMY_FUZZ_NO_HEADER=1 (rows only),
#   CLANGXX (default clang++-14, else clang++)
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(comment config question_set batch reply gunzip local_date figures)
fi
build=${HYMY_FUZZ_BUILD:-$root/build/fuzz}
clangxx=${CLANGXX:-$(command -v clang++-14 || command -v clang++)}
clangc=${clangxx/clang++/clang}

mkdir -p "$build"
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER="$clangxx" -DCMAKE_C_COMPILER="$clangc" \
    -DHYMY_SANITIZE=ON -DHYMY_FUZZ=ON >"$build/configure.log" 2>&1 \
    || { cat "$build/configure.log" >&2; exit 1; }
fi
cmake --build "$build" -j2 --target "${targets[@]/#/fuzz-}" >"$build/build.log" 2>&1 \
  || { tail -50 "$build/build.log" >&2; exit 1; }

if [ -z "${HYMY_FUZZ_NO_HEADER:-}" ]; then
  printf '| %-20s | %7s | %12s | %8s | %6s | %7s |\n' "fuzz target" seconds executions "exec/s" corpus crashes
  printf '|----------------------|---------|--------------|----------|--------|---------|\n'
fi
status=0
for t in "${targets[@]}"; do
  work="$build/corpus/$t"
  crashes="$build/crashes/$t"
  mkdir -p "$work" "$crashes"
  log="$build/fuzz-$t.log"
  # -jobs is not used: one process per target leaves the second core to the rest of the machine.
  # New inputs go to the work corpus; the committed one is only read.
  set +e
  "$build/tests/fuzz/fuzz-$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="$crashes/" \
    "$work" "$root/tests/fuzz/corpus/$t" >"$log" 2>&1
  rc=$?
  set -e
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  corpus=$(find "$work" "$root/tests/fuzz/corpus/$t" -type f | wc -l)
  found=$(find "$crashes" -type f | wc -l)
  printf '| %-20s | %7s | %12s | %8s | %6s | %7s |\n' "$t" "$seconds" "${execs:-?}" "${rate:-?}" "$corpus" "$found"
  if [ $rc -ne 0 ] || [ "$found" -ne 0 ]; then
    status=1
    echo "fuzz-$t: exit $rc, crash inputs in $crashes, log $log" >&2
  fi
done
exit $status
