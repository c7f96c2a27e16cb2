#!/usr/bin/env bash
# Installs Debian's Chromium for the web app's end-to-end test (playwright-core drives it; no
# browser download). Idempotent.
source "$(dirname "$0")/toolchain/lib.sh"
[ -x /usr/bin/chromium ] && exit 0
command -v apt-get >/dev/null || die "install Chromium (Debian package 'chromium') or set CHROMIUM_PATH"
step "installing Debian's chromium for the browser tests"
sudo_cmd=(); [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
run_logged apt-update-chromium "apt-get update failed: no network to the Debian mirrors?" "${sudo_cmd[@]}" apt-get update -qq
run_logged apt-chromium "apt-get install chromium failed" \
  env DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q chromium
