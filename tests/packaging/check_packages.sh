#!/usr/bin/env bash
# Usage: check_packages.sh CPACK CPackConfig.cmake
# Builds hymy-kiosk and hymy-hq (.deb) into a temporary folder, checks what each contains and
# declares, unpacks both into a temporary root and runs `systemd-analyze verify` (which must print
# nothing) and `systemd-analyze security --offline` (which must rate each unit OK or better) on
# the units there, so ExecStart= finds the packaged binaries.
set -euo pipefail

cpack=$1
config=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

for tool in dpkg-deb dpkg-shlibdeps systemd-analyze; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool not found (./install-deps.sh installs it)"; exit 1; }
done

# A root for systemd-analyze: the standard units (sysinit.target, ...) the units' dependencies
# resolve to, with the packages unpacked over them later.
new_root() {
  mkdir -p "$1/lib/systemd" "$1/usr/bin"
  cp -a /lib/systemd/system "$1/lib/systemd/"
}

# systemd-analyze needs no running systemd (Debian 12, systemd 252); if even a trivial unit cannot
# be verified here, this environment cannot run it and the unit checks are skipped.
probe=$work/probe
new_root "$probe"
cp /bin/true "$probe/usr/bin/hymy-probe"
printf '[Service]\nExecStart=/usr/bin/hymy-probe\n' > "$probe/lib/systemd/system/hymy-probe.service"
if ! probe_out=$(systemd-analyze verify --root="$probe" \
                   "$probe/lib/systemd/system/hymy-probe.service" 2>&1) || [ -n "$probe_out" ]; then
  echo "SKIP: systemd-analyze cannot verify a trivial unit in this environment: $probe_out"
  exit 77
fi

echo "== cpack"
if ! "$cpack" --config "$config" -G DEB -B "$work/out" > "$work/cpack.log" 2>&1; then
  cat "$work/cpack.log"
  echo "FAIL: cpack failed"
  exit 1
fi
grep -i "warning" "$work/cpack.log" && fail "cpack warned (above)"

# check_package NAME FILE...: the package NAME exists, holds every FILE, and nothing outside
# the folders a Debian package may use.
check_package() {
  local name=$1
  shift
  local debs=("$work"/out/"$name"_*.deb)
  if [ ! -f "${debs[0]}" ]; then
    fail "no $name package in: $(ls "$work/out")"
    return 1
  fi
  local deb=${debs[0]}
  echo "== $(basename "$deb")"
  dpkg-deb -c "$deb" | awk '{print $1, $6}' | tee "$work/$name.contents"
  local path
  for path in "$@"; do
    grep -q " \./${path#/}\$" "$work/$name.contents" || fail "$name lacks $path"
  done
  grep -vE ' \./($|usr/($|bin/|share/|lib/($|systemd/))|etc/)' "$work/$name.contents" \
    && fail "$name has files outside /usr/bin, /usr/share, /usr/lib/systemd and /etc (above)"
  dpkg-deb -I "$deb" | tee "$work/$name.info"
  dpkg-deb -e "$deb" "$work/$name.control"
  return 0
}

# check_field NAME FIELD REGEX: the control field matches (extended regex).
check_field() {
  local value
  value=$(dpkg-deb -f "$work"/out/"$1"_*.deb "$2")
  grep -qE "$3" <<<"$value" || fail "$1: $2 is \"$value\", expected to match $3"
}

# check_scripts NAME CONFFILE...: maintainer scripts are valid executable shell, conffiles listed.
check_scripts() {
  local name=$1
  shift
  local script
  for script in postinst prerm postrm; do
    [ -x "$work/$name.control/$script" ] || { fail "$name: no executable $script"; continue; }
    sh -n "$work/$name.control/$script" || fail "$name: $script is not valid sh"
  done
  local conffile
  for conffile in "$@"; do
    grep -qx "$conffile" "$work/$name.control/conffiles" 2>/dev/null ||
      fail "$name: $conffile is not a conffile"
  done
}

check_package hymy-kiosk /usr/bin/hymy-kiosk /usr/bin/hymy-sync \
  /usr/lib/systemd/system/hymy-sync.service /usr/lib/systemd/system/hymy-kiosk.service \
  /etc/hymy/tablet.toml /etc/pam.d/hymy-kiosk \
  /usr/share/hymy/config/tablet.example.toml /usr/share/hymy/config/kiosk.example.toml \
  /usr/share/hymy/config/sync.example.toml /usr/share/hymy/question-sets/default.json \
  /usr/share/hymy/i18n/fi.json /usr/share/hymy/i18n/sv.json /usr/share/hymy/i18n/en.json \
  /usr/share/doc/hymy-kiosk/README.md /usr/share/doc/hymy-kiosk/PROTOCOL.md
grep -q 'chmod 0640 /etc/hymy/tablet.toml' "$work/hymy-kiosk.control/postinst" ||
  fail "hymy-kiosk: postinst does not make /etc/hymy/tablet.toml (the first PIN) private"
grep -q 'hymy-hq' "$work/hymy-kiosk.contents" && fail "hymy-kiosk holds HQ files"
check_field hymy-kiosk Depends 'libsqlite3-0'
check_field hymy-kiosk Depends 'libglfw3'
check_field hymy-kiosk Depends 'libcurl4'
check_field hymy-kiosk Depends 'adduser'
check_field hymy-kiosk Depends 'fonts-dejavu-core'
check_field hymy-kiosk Section '^x11$'
check_field hymy-kiosk Recommends 'cage'
check_scripts hymy-kiosk /etc/hymy/tablet.toml /etc/pam.d/hymy-kiosk

check_package hymy-hq /usr/bin/hymy-hq /usr/lib/systemd/system/hymy-hq.service \
  /etc/default/hymy-hq /usr/share/doc/hymy-hq/README.md /usr/share/doc/hymy-hq/README.hq.md
grep -qE 'hymy-kiosk|hymy-sync' "$work/hymy-hq.contents" && fail "hymy-hq holds tablet files"
check_field hymy-hq Depends 'libsqlite3-0'
check_field hymy-hq Depends 'libpq5'
check_field hymy-hq Depends 'adduser'
check_field hymy-hq Section '^net$'
check_scripts hymy-hq /etc/default/hymy-hq

for name in hymy-kiosk hymy-hq; do
  check_field "$name" Maintainer '^.+ <.+@.+>$'
  check_field "$name" Version '^[0-9]+\.[0-9]+\.[0-9]+'
  check_field "$name" Architecture '^amd64$|^arm64$|^armhf$|^i386$'
  # A synopsis line and an extended description.
  [ "$(dpkg-deb -f "$work"/out/"$name"_*.deb Description | wc -l)" -ge 2 ] ||
    fail "$name: Description has no extended description"
done

# Both packages unpacked into one root, so ExecStart= finds the packaged binaries.
root=$work/root
new_root "$root"
for deb in "$work"/out/*.deb; do dpkg-deb -x "$deb" "$root"; done
# The kiosk's session runs it inside cage (the package recommends it; install-deps.sh installs it).
[ -x /usr/bin/cage ] || fail "cage is not installed: hymy-kiosk.service cannot be verified"
install -D -m 0755 /usr/bin/cage "$root/usr/bin/cage"

for unit in hymy-sync.service hymy-hq.service hymy-kiosk.service; do
  file=$root/usr/lib/systemd/system/$unit
  echo "== systemd-analyze verify $unit"
  # verify reports bad settings ("..., ignoring") with exit status 0: any output is a failure.
  if ! out=$(systemd-analyze verify --root="$root" "$file" 2>&1) || [ -n "$out" ]; then
    echo "$out"
    fail "$unit: systemd-analyze verify"
  fi
  echo "== systemd-analyze security --offline=true $unit"
  if ! out=$(systemd-analyze security --offline=true --root="$root" "$file" 2>&1); then
    echo "$out"
    fail "$unit: systemd-analyze security"
    continue
  fi
  overall=$(grep 'Overall exposure level' <<<"$out" || true)
  echo "$overall"
  grep -qE ': [0-9.]+ (PERFECT|SAFE|OK)' <<<"$overall" ||
    { echo "$out"; fail "$unit: exposure worse than OK"; }
done

# The installed kiosk finds its translations beside itself (<prefix>/share/hymy), not in the
# source tree it was built from: spoil the unpacked copy and it must name that file. Reading the
# translations comes before opening a window, so no display is needed.
echo "== the installed hymy-kiosk reads $root/usr/share/hymy/i18n"
echo '{spoilt' > "$root/usr/share/hymy/i18n/fi.json"
printf '[device]\nid = "t"\nunit = "u"\ndatabase = "%s"\ntime_zone = "Europe/Helsinki"\n[kiosk]\nquestion_set = "%s"\n' \
  "$work/kiosk.db" "$root/usr/share/hymy/question-sets/default.json" > "$work/kiosk.toml"
out=$(env -u DISPLAY -u WAYLAND_DISPLAY "$root/usr/bin/hymy-kiosk" --config "$work/kiosk.toml" 2>&1) &&
  fail "hymy-kiosk started with a spoilt translation file"
grep -qF "$root/usr/share/hymy/i18n/fi.json" <<<"$out" ||
  { echo "$out"; fail "the installed hymy-kiosk did not read its own share/hymy/i18n"; }

if [ "$failures" -gt 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "packages OK"
