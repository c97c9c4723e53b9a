#!/usr/bin/env bash
# Installs what the test suite needs from the OS when it is missing: Chromium (end-to-end tests) and
# Alembic with psycopg2 (migration tests). On Debian/Ubuntu it uses apt-get (as root, or through sudo);
# elsewhere it says what to install and stops.
set -euo pipefail

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
/usr/bin/python3 -c 'import alembic, psycopg2' >/dev/null 2>&1 || need+=(python3-alembic python3-psycopg2)
[ ${#need[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "The tests need: ${need[*]} (Chromium at /usr/bin/chromium; Alembic and psycopg2 importable by /usr/bin/python3)." >&2
  echo "This is not a Debian/Ubuntu system: install them with your package manager, then run npm test again." >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "Installing ${need[*]} needs root: run 'apt-get install -y ${need[*]}' as root." >&2; exit 1; }
  sudo="sudo"
fi
echo "Installing test dependencies: ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >&2
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
