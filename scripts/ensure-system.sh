#!/usr/bin/env bash
# Installs the Debian packages the tests need when they are missing (root on this kind of machine).
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
if [ "${SKYPORT_NEEDS_WIREGUARD:-1}" = "1" ]; then
  command -v wireguard-go >/dev/null 2>&1 || need+=(wireguard-go)
  command -v wg >/dev/null 2>&1 || need+=(wireguard-tools)
  command -v ip >/dev/null 2>&1 || need+=(iproute2)
  command -v ping >/dev/null 2>&1 || need+=(iputils-ping)
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing system packages: ${need[*]}"
  SUDO=""
  [ "$(id -u)" = "0" ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
