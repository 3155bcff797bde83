#!/usr/bin/env bash
# Installs Debian's chromium for the viewer's browser tests (test/viewer.test.ts), when missing.
# Idempotent: does nothing when /usr/bin/chromium is there.
set -euo pipefail
if [[ -x /usr/bin/chromium ]]; then
  exit 0
fi
echo "install-chromium: installing chromium from Debian's packages"
SUDO=
if [[ $(id -u) -ne 0 ]]; then
  SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium
echo "install-chromium: $(dpkg-query -W -f='${Package} ${Version}' chromium)"
