#!/bin/sh
# deps.sh [bench] — install with apt-get whatever feedd needs and this
# machine lacks; a no-op when everything is there.  Uses sudo when not root.
set -eu
pkgs="gcc make pkg-config libcurl4-openssl-dev libxml2-dev libsqlite3-dev
libmicrohttpd-dev libjansson-dev libutf8proc-dev libssl-dev zlib1g-dev
libsystemd-dev python3 python3-brotli sqlite3 curl libxml2-utils mandoc
openssl"
if [ "${1:-}" = bench ]; then
	pkgs="$pkgs nginx-light time"
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
