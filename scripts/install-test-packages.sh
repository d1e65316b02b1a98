#!/usr/bin/env bash
# Installs the Debian packages `npm test` uses when any is missing: chromium (browser tests), redis-server and
# nginx (several processes behind a reverse proxy), ffmpeg (the archive test's video). Needs root and apt-get.
set -euo pipefail

declare -A binary_of=([chromium]=chromium [redis-server]=redis-server [nginx]=nginx [ffmpeg]=ffmpeg)
missing=()
for package in "${!binary_of[@]}"; do
  command -v "${binary_of[$package]}" >/dev/null 2>&1 || [[ -x "/usr/sbin/${binary_of[$package]}" ]] || missing+=("$package")
done
if ((${#missing[@]} == 0)); then
  echo "Debian packages for the tests: all present"
  exit 0
fi
echo "installing Debian packages: ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
  echo "not root: install them yourself with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts nginx and redis as services on install; the tests start their own on loopback ports.
for service in nginx redis-server; do
  if [[ " ${missing[*]} " == *" $service "* ]] && command -v systemctl >/dev/null 2>&1; then
    systemctl stop "$service" >/dev/null 2>&1 || true
  fi
done
