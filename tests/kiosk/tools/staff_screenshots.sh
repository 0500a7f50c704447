#!/bin/sh
# Renders the staff screens over a seeded database into assets/screenshots/staff_*.png.
#   tests/kiosk/tools/staff_screenshots.sh BUILD_DIR [OUT_DIR]
# Needs a display; without one it starts Xvfb itself (xvfb-run).
set -eu
build=${1:?usage: staff_screenshots.sh BUILD_DIR [OUT_DIR]}
repo=$(cd "$(dirname "$0")/../../.." && pwd)
out=${2:-$repo/assets/screenshots}
kiosk=$build/kiosk/hymy-kiosk
seed=$build/tests/kiosk/tools/hymy-kiosk-staff-seed
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

config() {  # $1: name
  cat > "$work/$1.toml" <<TOML
[device]
id = "tablet-1"
unit = "demo"
database = "$1.db"
time_zone = "Europe/Helsinki"

[kiosk]
question_set = "$repo/assets/question-sets/default.json"
languages = ["fi", "sv", "en"]
default_language = "fi"
i18n_dir = "$repo/assets/i18n"

[staff]
pin = "2468"
TOML
}

config day
"$seed" --db "$work/day.db" --set "$repo/assets/question-sets/default.json" >/dev/null
config broken
"$seed" --db "$work/broken.db" --set "$repo/assets/question-sets/default.json" --source hq \
  --sync-error auth --no-unit-figures >/dev/null

run() {
  if [ -n "${DISPLAY:-}" ]; then "$@"; else xvfb-run -a -s "-screen 0 1920x1200x24" "$@"; fi
}
shot() {  # $1 config, $2 screen, $3 file, $4 language, $5 size
  run "$kiosk" --config "$work/$1.toml" --screenshot "$out/$3" --screen "$2" --lang "$4" --size "$5"
  echo "$out/$3"
}
shot day staff-pin staff_pin.png en 1280x800
shot day staff-home staff_home.png en 1280x800
shot day staff-figures staff_figures.png en 1280x800
shot day staff-figures staff_figures_fi.png fi 1280x800
shot day staff-questions staff_questions.png en 1280x800
shot day staff-edit staff_edit.png en 1280x800
shot day staff-preview staff_preview.png en 1280x800
shot day staff-feedback staff_feedback.png en 1280x800
shot day staff-health staff_health.png en 1280x800
shot broken staff-figures staff_figures_missing.png en 1280x800
shot broken staff-questions staff_questions_hq.png en 1280x800
shot broken staff-health staff_health_error.png en 1280x800
shot day staff-figures staff_figures_portrait.png fi 800x1280
