#!/usr/bin/env bash
# Starts the whole of Hymy on this machine: HQ on 127.0.0.1, the sync daemon, and the kiosk in a
# window, with a demo unit and one enrolled tablet. Ctrl-C stops all three. Run through `make demo`.
#
# Environment: HYMY_DEMO_DATA (default ./demo-data, reused on the next run), HYMY_DEMO_PORT
# (default 8080), HYMY_DEMO_SIZE (kiosk window, default 1280x800).
set -euo pipefail

root=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$root/build/release}" && pwd)
data=${HYMY_DEMO_DATA:-$root/demo-data}
port=${HYMY_DEMO_PORT:-8080}
size=${HYMY_DEMO_SIZE:-1280x800}
hq=$build/sync/hq/hymy-hq
sync=$build/sync/daemon/hymy-sync
kiosk=$build/kiosk/hymy-kiosk
password="lantern-orchard-9-quietly"

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  cat >&2 <<MSG
make demo: no display found (DISPLAY and WAYLAND_DISPLAY are unset), so the kiosk cannot open a
window. Run it on a desktop, or under a virtual display:
    xvfb-run -a -s "-screen 0 ${size}x24" make demo
MSG
  exit 1
fi
for bin in "$hq" "$sync" "$kiosk"; do
  [ -x "$bin" ] || { echo "make demo: $bin is missing; build first (make release)" >&2; exit 1; }
done
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "make demo: port $port on 127.0.0.1 is taken; choose another with HYMY_DEMO_PORT=..." >&2
  exit 1
fi

if [ ! -f "$data/tablet.toml" ]; then
  echo "Creating demo data in $data"
  rm -rf "$data" && mkdir -p "$data/hq"
  printf '%s\n' "$password" > "$data/password"
  # Four sample units with six weeks of history, and their users, so the dashboard has something
  # to show; then the demo unit this machine's kiosk belongs to.
  "$hq" demo-seed --data "$data/hq" --password-file "$data/password" > "$data/seed.log"
  "$hq" unit add demo --data "$data/hq" --name-fi "Hymy-esittely" --name-sv "Hymy-demo" \
    --name-en "Hymy demo"
  "$hq" question-set publish --data "$data/hq" --unit demo "$root/assets/question-sets/default.json"
  "$hq" user add admin --data "$data/hq" --role admin --password-file "$data/password" || true
  "$hq" device enroll --data "$data/hq" --unit demo --device-id demo-tablet | sed -n "s/^token: //p" \
    > "$data/device-token"
  chmod 600 "$data/device-token" "$data/password"
  cat > "$data/tablet.toml" <<TOML
# The demo tablet's configuration: one file for the kiosk and the sync daemon.
[device]
id = "demo-tablet"
unit = "demo"
database = "$data/tablet.db"
time_zone = "Europe/Helsinki"

[kiosk]
question_set = "$root/assets/question-sets/default.json"
i18n_dir = "$root/assets/i18n"

[staff]
pin = "2468"

[sync]
hq_url = "http://127.0.0.1:$port"
token_file = "$data/device-token"
interval_seconds = 15
TOML
fi

pids=()
stop() {
  trap - INT TERM EXIT
  echo
  echo "Stopping Hymy..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

"$hq" serve --data "$data/hq" --listen "127.0.0.1:$port" > "$data/hq.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done
"$sync" --config "$data/tablet.toml" > "$data/sync.log" 2>&1 &
pids+=($!)

cat <<MSG

  Hymy is running.
  Dashboard:  http://127.0.0.1:$port/   (user: admin, password: $password)
  Kiosk:      answer in the window; answers reach the dashboard within ~15 seconds
              (unit "Hymy demo"). Staff mode: hold the top-left corner 3 s, PIN 2468.
  Logs:       $data/hq.log, $data/sync.log
  Stop:       Ctrl-C (or close the kiosk window)

MSG
"$kiosk" --config "$data/tablet.toml" --windowed "$size" || true
