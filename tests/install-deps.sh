#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Install the Debian packages named on the command line that are missing.
# A no-op when all are present; non-interactive; needs root or sudo.
set -eu

missing=""
for p in "$@"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [ "$status" = installed ] || missing="$missing $p"
done
if [ -z "$missing" ]; then
  echo "netno: all build, test and benchmark packages are installed"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo="sudo -n"
else
  echo "netno: these Debian packages are missing:$missing" >&2
  echo "netno: run 'make deps' as root (or with sudo) to install them" >&2
  exit 1
fi

echo "netno: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing
