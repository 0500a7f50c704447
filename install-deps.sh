#!/usr/bin/env bash
# Installs the Debian packages Hymy needs to build, test and run. Idempotent: does nothing when
# everything is already installed, otherwise refreshes the package lists first.
set -euo pipefail

packages=(
  # build
  cmake ninja-build g++ pkg-config make git
  # libraries
  libimgui-dev libstb-dev libglfw3-dev libgl-dev libsqlite3-dev libcurl4-openssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev nlohmann-json3-dev libtomlplusplus-dev libcli11-dev
  libcpp-httplib-dev libboost-dev libssl-dev zlib1g-dev libhowardhinnant-date-dev tzdata libpq-dev
  # HQ's password policy: cracklib and its dictionary of common passwords
  libcrack2-dev cracklib-runtime
  # run time: fonts, a virtual display for UI tests, a browser for the dashboard test
  fonts-dejavu-core xvfb xauth libgl1-mesa-dri sqlite3 chromium
  # HQ's PostgreSQL backend: the tests start a throwaway cluster with its server programs
  postgresql
  # Debian packages (cpack): dpkg-shlibdeps for Depends; systemd-analyze checks the units
  dpkg-dev systemd
  # the tablet session unit runs the kiosk in cage; its test verifies the unit against it
  cage
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing: ${missing[*]}"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
