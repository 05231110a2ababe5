#!/bin/sh
# deps.sh [bench|chromium] — install with apt-get whatever feedd needs and
# this machine lacks; a no-op when everything is there.  Uses sudo when not
# root.  bench adds the benchmark's tools, chromium the browser that the
# page test (tests/t/publish-page.sh) renders / with.
set -eu
pkgs="gcc make pkg-config libcurl4-openssl-dev libxml2-dev libsqlite3-dev
libmicrohttpd-dev libjansson-dev libutf8proc-dev libssl-dev zlib1g-dev
libxxhash-dev
libsystemd-dev python3 python3-brotli python3-feedparser sqlite3 curl
libxml2-utils mandoc openssl systemd"
if [ "${1:-}" = bench ]; then
	pkgs="$pkgs nginx-light time wrk"
fi
if [ "${1:-}" = chromium ]; then
	pkgs="chromium"
fi
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
	    missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends $missing
