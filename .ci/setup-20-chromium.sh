#!/usr/bin/env bash
# Installs Debian's chromium for the dashboard end-to-end tests (test/e2e/dashboard.test.ts),
# driven by playwright-core. Never downloads a browser build of its own: apt only.
# Idempotent: with chromium present it prints one line.
set -euo pipefail

say() { echo "[setup-chromium] $*"; }
die() { echo "[setup-chromium] ERROR: $*" >&2; exit 1; }

if [ -x /usr/bin/chromium ]; then
  say "chromium present: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || die "chromium missing and not root (install it: apt-get install chromium)"
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
# Refresh package lists only when apt does not know chromium yet.
if ! apt-cache show chromium >/dev/null 2>&1; then
  say "apt-get update"
  $SUDO apt-get update -qq || die "apt-get update failed"
fi
say "apt-get install chromium"
if ! $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/tmp/setup-chromium-apt.log 2>&1; then
  cat /tmp/setup-chromium-apt.log >&2
  die "apt-get install chromium failed"
fi
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium still missing after install"
say "installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
