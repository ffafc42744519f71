#!/usr/bin/env bash
# Debian packages pressroom needs outside Python: Pango for WeasyPrint, fonts, poppler
# (pdftoppm for looking at PDFs), nginx (in front of two app nodes in the multi-node test
# and bench/embargo_lift.py), SoftHSM2 (a PKCS#11 token for the signing-key tests), Chromium
# for the browser tests. Installs what is
# missing when it can (root + apt-get); otherwise says what to install and fails.
set -euo pipefail
want=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils nginx softhsm2)
[ "${1:-}" = "--browser" ] && want+=(chromium)
[ "${1:-}" = "--npm" ] && want=(npm)
missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing system packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "pressroom needs these system packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
