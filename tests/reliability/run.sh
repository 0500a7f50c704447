#!/usr/bin/env bash
# The reliability command: prints the table of faults survived (one row per scenario) and of
# fuzzing (one row per target). Store-level rows come from hymy-reliability (power cuts through a
# fault-injecting SQLite VFS, full disk, I/O errors); fuzz rows from tests/fuzz/run.sh. To add a
# scenario, add a row: a program or function that prints "| name | rounds | survived |
# acknowledged | present | lost | duplicates | notes |".
#
# Usage: tests/reliability/run.sh [--quick]
#   --quick   CI-sized: 200 power-cut rounds, 30 disk-fault rounds, 10 s per fuzz target
# Environment: ROUNDS, DISK_ROUNDS, FUZZ_SECONDS override the sizes (defaults 2000, 200, 120);
#   HYMY_RELIABILITY_BUILD (default build/reliability-release), HYMY_FUZZ_BUILD (build/fuzz);
#   HYMY_RELIABILITY_SEED to replay a run; SKIP_FUZZ=1 for the store rows only.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
rounds=${ROUNDS:-2000}
disk_rounds=${DISK_ROUNDS:-200}
fuzz_seconds=${FUZZ_SECONDS:-120}
if [ "${1:-}" = "--quick" ]; then
  rounds=${ROUNDS:-200}
  disk_rounds=${DISK_ROUNDS:-30}
  fuzz_seconds=${FUZZ_SECONDS:-10}
fi
build=${HYMY_RELIABILITY_BUILD:-$root/build/reliability-release}

mkdir -p "$build"
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$build/configure.log" 2>&1 \
    || { cat "$build/configure.log" >&2; exit 1; }
fi
cmake --build "$build" -j2 --target hymy-reliability >"$build/build.log" 2>&1 \
  || { tail -50 "$build/build.log" >&2; exit 1; }

status=0
echo "Store faults ($(date -u +%Y-%m-%d), power-cut rounds $rounds, disk-fault rounds $disk_rounds):"
echo
start=$SECONDS
"$build/tests/reliability/hymy-reliability" --rounds "$rounds" --disk-rounds "$disk_rounds" || status=1
echo
echo "($((SECONDS - start)) s)"

if [ -z "${SKIP_FUZZ:-}" ]; then
  echo
  echo "Fuzzing (libFuzzer, ASan+UBSan, one process per target, $fuzz_seconds s each):"
  echo
  "$root/tests/fuzz/run.sh" "$fuzz_seconds" || status=1
fi
exit $status
