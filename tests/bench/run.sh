#!/usr/bin/env bash
# Hymy's side-by-side benchmark (make bench): builds the optimised binaries and prints one table of
# figures against the alternatives and the physical limits, each the median of several runs, with
# the machine they came from. Also writes the table to a markdown file (--results).
#
#   tests/bench/run.sh [BUILD_DIR] [--runs 3] [--idle-seconds 60] [--answers N | --ten-million]
#                      [--only kiosk,commit,frames,sync,hq] [--results FILE] [--no-build]
#
#   BUILD_DIR        default build/release (configured with the "release" preset)
#   --runs N         runs per row; each figure is the median (default 3)
#   --idle-seconds S the idle window for memory and CPU (default 60)
#   --answers N      answers stored for the unit-day figures row (default 1,000,000)
#   --ten-million    the same with 10,000,000 (generating them takes minutes; the DB is kept in
#                    BUILD_DIR/bench-data and reused by later runs)
#   --only LIST      some rows only: kiosk (vs Chromium), commit, frames, sync, hq
#   --results FILE   also write the table there (default: print only)
#   --no-build       use what BUILD_DIR holds
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="$root/build/release"
runs=3
idle=60
answers=1000000
only="kiosk,commit,frames,sync,hq"
results=""
do_build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --idle-seconds) idle="$2"; shift 2 ;;
    --answers) answers="$2"; shift 2 ;;
    --ten-million) answers=10000000; shift ;;
    --only) only="$2"; shift 2 ;;
    --results) results="$2"; shift 2 ;;
    --no-build) do_build=0; shift ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) build="$(cd "$1" 2>/dev/null && pwd || echo "$root/$1")"; shift ;;
  esac
done
want() { [[ ",$only," == *",$1,"* ]]; }
for n in "$runs" "$idle" "$answers"; do
  [[ "$n" =~ ^[0-9]+$ ]] && [ "$n" -gt 0 ] || { echo "run.sh: expected a positive whole number, found \"$n\"" >&2; exit 2; }
done

# --- build (two jobs: the machine may be shared) ---
if [ "$do_build" = 1 ]; then
  if [ "$build" = "$root/build/release" ]; then
    (cd "$root" && cmake --preset release >/dev/null)
  else
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHYMY_BUILD_TESTS=ON >/dev/null
  fi
  cmake --build "$build" -j2 --target hymy-kiosk hymy-hq hymy-screen-bench hymy-commit-bench \
    hymy-hq-seed hymy-sync-bench hymy-hq-bench
fi
kiosk="$build/kiosk/hymy-kiosk"
screen_bench="$build/tests/bench/hymy-screen-bench"
for exe in "$kiosk" "$screen_bench" "$build/tests/bench/hymy-commit-bench" \
           "$build/tests/bench/hymy-hq-seed" "$build/tests/sync/bench/hymy-sync-bench" \
           "$build/tests/hq/hymy-hq-bench"; do
  [ -x "$exe" ] || { echo "run.sh: $exe is missing; build first (without --no-build)" >&2; exit 1; }
done

work="$(mktemp -d "${TMPDIR:-/tmp}/hymy-bench-XXXXXX")"
trap 'rm -rf "$work"' EXIT
data="$build/bench-data"  # on the build's file system, like a tablet's database on its disk
mkdir -p "$data"
figures="$work/figures"  # "key value" lines, one per measurement per run
: > "$figures"
record() { echo "$1 $2" >> "$figures"; }
# The value of "key value" in a tool's output, or fail naming the tool.
value() { awk -v k="$1" '$1 == k { print $2; found = 1 } END { exit !found }' "$2" ||
  { echo "run.sh: no \"$1\" in the output of ${3:-a benchmark}:" >&2; cat "$2" >&2; exit 1; }; }
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

# --- machine ---
cpu="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
cores="$(nproc)"
mem_gib="$(awk '/^MemTotal/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)"
kernel="$(uname -sr)"
mesa="$(dpkg-query -W -f='${Version}' libgl1-mesa-dri 2>/dev/null || echo unknown)"
chromium_version="$(chromium --version 2>/dev/null | head -1 || echo "not installed")"
fs="$(df -T "$data" | awk 'NR == 2 { print $2 " on " $1 }')"
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"

# The kiosk's own configuration: the one-question set the screen shows, in three languages.
cat > "$work/set.json" <<'EOF'
{"unit": "demo", "version": 1, "languages": ["fi", "sv", "en"], "default_language": "fi",
 "questions": [{"id": "visit", "follow_up": {"ask": "never"},
   "text": {"fi": "Kuinka onnistuimme tänään?", "sv": "Hur lyckades vi i dag?", "en": "How did we do today?"}}]}
EOF
kiosk_config() {  # a fresh database each time: a first start, like the browser's fresh profile
  rm -f "$work/tablet.db"*
  printf '[device]\nid = "bench"\nunit = "demo"\ndatabase = "%s"\n[kiosk]\nquestion_set = "%s"\ni18n_dir = "%s"\n' \
    "$work/tablet.db" "$work/set.json" "$root/assets/i18n" > "$work/kiosk.toml"
}

# Chromium as a browser kiosk would run it. The GPU is left on: under Xvfb its GPU process draws
# with Mesa's llvmpipe, the same GL stack as the kiosk. --no-sandbox only as root (Chromium
# refuses otherwise); --test-type hides the bar that --no-sandbox would add above the page.
chromium_flags=(--kiosk --window-position=0,0 --window-size=1280,800
  --disable-background-networking --disable-component-update --disable-sync --no-first-run
  --no-default-browser-check --password-store=basic --test-type)
[ "$(id -u)" = 0 ] && chromium_flags+=(--no-sandbox)

# --- 1. kiosk vs browser kiosk ---
if want kiosk; then
  for run in $(seq "$runs"); do
    log "kiosk vs Chromium, run $run/$runs (about $(( 2 * (idle + 8) )) s)"
    kiosk_config
    "$screen_bench" --size 1280x800 --idle-seconds "$idle" -- "$kiosk" --config "$work/kiosk.toml" \
      > "$work/kiosk.out"
    rm -rf "$work/profile"
    "$screen_bench" --size 1280x800 --idle-seconds "$idle" -- chromium "${chromium_flags[@]}" \
      --user-data-dir="$work/profile" "file://$here/browser_kiosk/question.html" > "$work/chromium.out"
    for k in first_frame_ms pss_peak_mib pss_steady_mib idle_cpu_pct processes; do
      record "kiosk_$k" "$(value "$k" "$work/kiosk.out" hymy-screen-bench)"
      record "chromium_$k" "$(value "$k" "$work/chromium.out" hymy-screen-bench)"
    done
  done
fi

# --- 2. tap commit vs fdatasync ---
if want commit; then
  for run in $(seq "$runs"); do
    log "tap commit vs fdatasync, run $run/$runs"
    "$build/tests/bench/hymy-commit-bench" --dir "$data" --taps 500 > "$work/commit.out"
    for k in commit_p50_ms commit_p99_ms fdatasync_p50_ms fdatasync_p99_ms wal_bytes_per_commit; do
      record "$k" "$(value "$k" "$work/commit.out" hymy-commit-bench)"
    done
  done
fi

# --- 3. frame time while the thank-you screen animates ---
if want frames; then
  printf 'expect_screen question\nwait_frames 5\ntap face 4\nexpect_screen thanks\nstats_reset\nwait_frames 600\nstats\nquit\n' \
    > "$work/frames.script"
  for run in $(seq "$runs"); do
    for size in 1280x800 1920x1080; do
      log "frame time at $size, run $run/$runs"
      kiosk_config
      xvfb-run -a -s "-screen 0 ${size}x24 -nolisten tcp" "$kiosk" --config "$work/kiosk.toml" \
        --script "$work/frames.script" --size "$size" --no-vsync > "$work/frames.out" 2>"$work/frames.err" ||
        { echo "run.sh: scripted kiosk run at $size failed:" >&2; cat "$work/frames.err" >&2; exit 1; }
      line="$(grep '^frame_time' "$work/frames.out" | tail -1)"
      record "frame_p50_$size" "$(sed -E 's/.*p50=([0-9.]+).*/\1/' <<< "$line")"
      record "frame_p99_$size" "$(sed -E 's/.*p99=([0-9.]+).*/\1/' <<< "$line")"
    done
  done
fi

# --- 4. sync: a month's backlog to the real hymy-hq on loopback ---
if want sync; then
  for run in $(seq "$runs"); do
    log "sync 100,000 answers to hymy-hq, run $run/$runs"
    TMPDIR="$data" "$build/tests/sync/bench/hymy-sync-bench" 100000 20 --real-hq --no-comments > "$work/sync.out"
    grep -q '^HQ holds' "$work/sync.out" || { cat "$work/sync.out" >&2; exit 1; }
    record sync_seconds "$(sed -nE 's/^uploaded .* in ([0-9.]+) s.*/\1/p' "$work/sync.out")"
    record sync_bytes_per_answer "$(sed -nE 's/^bytes per answer: ([0-9.]+) sent.*/\1/p' "$work/sync.out")"
  done
fi

# --- 5. HQ ingest and a unit-day's figures ---
if want hq; then
  keep="$data/hq-figures-$answers"
  if [ ! -f "$keep/seeded" ]; then
    rm -rf "$keep"
    log "seeding $answers answers into $keep (kept for later runs)"
    "$build/tests/bench/hymy-hq-seed" --data "$keep" --answers "$answers" >&2
    touch "$keep/seeded"
  fi
  for run in $(seq "$runs"); do
    log "HQ ingest and figures at $answers answers, run $run/$runs"
    # --answers 1: the seeded directory already holds more, so hymy-hq-bench generates nothing.
    TMPDIR="$data" "$build/tests/hq/hymy-hq-bench" --answers 1 --keep "$keep" > "$work/hq.out"
    record hq_http_per_s "$(sed -nE 's/^ +HTTP .*: ([0-9]+) answers\/s.*/\1/p' "$work/hq.out")"
    record hq_sqlite_per_s "$(sed -nE 's/^ +straight SQLite inserts: +([0-9]+) answers\/s.*/\1/p' "$work/hq.out")"
    if grep -q 'unit-day figures over' "$work/hq.out"; then  # p50 / p99 over many unit-days
      record hq_unit_day_ms "$(sed -nE 's/.*unit-day figures over .* p50 ([0-9.]+) ms.*/\1/p' "$work/hq.out")"
      record hq_unit_day_p99_ms "$(sed -nE 's/.*unit-day figures over .* p99 ([0-9.]+) ms.*/\1/p' "$work/hq.out")"
    else  # one unit-day three times: the warm runs
      record hq_unit_day_ms "$(grep 'unit-day figures' "$work/hq.out" | grep -v 'first run' |
        sed -nE 's/.*: ([0-9.]+) ms$/\1/p' | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')"
    fi
    record hq_stored "$(sed -nE 's/^figures: ([0-9]+) answers stored.*/\1/p' "$work/hq.out")"
  done
fi
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"

# --- the table ---
median() {  # median of a key's values over the runs, or "-" when not measured
  awk -v k="$1" '$1 == k { v[++n] = $2 } END {
    if (!n) { print "-"; exit }
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    print (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2 }' "$figures"
}
fmt() { [ "$1" = "-" ] && echo "-" || awk -v v="$1" -v d="${2:-1}" 'BEGIN { printf "%.*f", d, v }'; }
ratio() { { [ "$1" = "-" ] || [ "$2" = "-" ]; } && echo "-" || awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b == 0 ? 0 : a / b) }'; }
# verdict VALUE OP LIMIT: "met" or "missed"
verdict() { [ "$1" = "-" ] && echo "-" || awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN {
  ok = (op == "<=") ? v <= l : (op == "<") ? v < l : v >= l; print ok ? "met" : "**missed**" }'; }

table="$work/table.md"
{
  echo "Machine: $cpu, $cores cores, $mem_gib GiB, $kernel, Mesa $mesa (llvmpipe under Xvfb), $chromium_version, disk $fs"
  echo "Load average (1, 5, 15 min): $load_start at the start, $load_end at the end"
  echo "Median of $runs runs; idle window $idle s; $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "| Figure | Hymy | Against | Ratio | Target | |"
  echo "| --- | ---: | ---: | ---: | --- | --- |"
  if want kiosk; then
    for k in pss_peak_mib pss_steady_mib; do
      h="$(median "kiosk_$k")"; c="$(median "chromium_$k")"; r="$(ratio "$h" "$c")"
      name="Memory, peak PSS (MiB)"; [ "$k" = pss_steady_mib ] && name="Memory, steady PSS (MiB)"
      echo "| $name | $(fmt "$h") | Chromium $(fmt "$c") | $r | <= 0.20 | $(verdict "$r" "<=" 0.20) |"
    done
    h="$(median kiosk_first_frame_ms)"; c="$(median chromium_first_frame_ms)"; r="$(ratio "$h" "$c")"
    echo "| Start to first frame on screen (ms) | $(fmt "$h" 0) | Chromium $(fmt "$c" 0) | $r | <= 0.33 | $(verdict "$r" "<=" 0.33) |"
    h="$(median kiosk_idle_cpu_pct)"; c="$(median chromium_idle_cpu_pct)"; r="$(ratio "$h" "$c")"
    echo "| Idle CPU over $idle s (% of a core) | $(fmt "$h" 3) | Chromium $(fmt "$c" 3) | $r | < 0.5 % | $(verdict "$h" "<" 0.5) |"
    echo "| Processes | $(fmt "$(median kiosk_processes)" 0) | Chromium $(fmt "$(median chromium_processes)" 0) | | | |"
  fi
  if want commit; then
    b="$(fmt "$(median wal_bytes_per_commit)" 0)"
    h="$(median commit_p50_ms)"; c="$(median fdatasync_p50_ms)"
    echo "| Tap commit p50 (ms) | $(fmt "$h" 2) | write+fdatasync of $b B $(fmt "$c" 2) | $(ratio "$h" "$c") | | |"
    h="$(median commit_p99_ms)"; c="$(median fdatasync_p99_ms)"; r="$(ratio "$h" "$c")"
    echo "| Tap commit p99 (ms) | $(fmt "$h" 2) | write+fdatasync of $b B $(fmt "$c" 2) | $r | <= 2.0 | $(verdict "$r" "<=" 2.0) |"
  fi
  if want frames; then
    for size in 1280x800 1920x1080; do
      p50="$(median "frame_p50_$size")"; p99="$(median "frame_p99_$size")"
      echo "| Frame time p50 / p99 at $size, llvmpipe (ms) | $(fmt "$p50" 2) / $(fmt "$p99" 2) | | | p99 < 16 | $(verdict "$p99" "<" 16) |"
    done
  fi
  if want sync; then
    echo "| Sync 100,000 answers to hymy-hq on loopback (s) | $(fmt "$(median sync_seconds)" 2) | | | | |"
    b="$(median sync_bytes_per_answer)"
    echo "| Bytes on the wire per answer, gzip, no comments | $(fmt "$b" 1) | | | < 48 | $(verdict "$b" "<" 48) |"
  fi
  if want hq; then
    h="$(median hq_http_per_s)"; c="$(median hq_sqlite_per_s)"; r="$(ratio "$h" "$c")"
    echo "| HQ ingest over HTTP (answers/s) | $(fmt "$h" 0) | bare SQLite $(fmt "$c" 0) | $r | >= 0.50 | $(verdict "$r" ">=" 0.5) |"
    d="$(median hq_unit_day_ms)"; d99="$(median hq_unit_day_p99_ms)"
    if [ "$d99" = "-" ]; then
      echo "| Unit-day figures at $(fmt "$(median hq_stored)" 0) answers (ms) | $(fmt "$d" 2) | | | < 20 | $(verdict "$d" "<" 20) |"
    else
      echo "| Unit-day figures at $(fmt "$(median hq_stored)" 0) answers, p50 / p99 (ms) | $(fmt "$d" 2) / $(fmt "$d99" 2) | | | p99 < 20 | $(verdict "$d99" "<" 20) |"
    fi
  fi
} > "$table"
cat "$table"
if [ -n "$results" ]; then cp "$table" "$results"; echo "(written to $results)" >&2; fi
