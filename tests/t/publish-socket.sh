#!/bin/sh
# publish-socket.sh — feedd run under systemd socket activation
# (systemd-socket-activate passes the listening socket with LISTEN_FDS):
# it serves the socket it is given, not its listen address.
. "$TOP/tests/lib/tap.sh"

if ! command -v systemd-socket-activate >/dev/null; then
	echo "ok 1 - # SKIP systemd-socket-activate not installed"
	echo "1..1"
	exit 0
fi
fixture_start
rss_feed one.xml One "o-1|Activated story|http://one.example/1|<p>One.</p>"
SPORT=$(free_port)
LPORT=$(free_port)
feedd_conf "listen = 127.0.0.1:$LPORT" "interval = 1h" "[one]" "url = $BASE/one.xml"
systemd-socket-activate -l "127.0.0.1:$SPORT" \
    "$FEEDD" -c "$T/feeds.conf" run 2>"$T/daemon.err" &
APID=$!
PIDS="$PIDS $APID"
has() { curl -sf "http://127.0.0.1:$SPORT/feed.atom" | grep -q 'Activated story'; }
check "serves the feed on the passed socket" wait_for 10 has
check "says it serves the passed socket" grep -q 'serving the socket systemd passed' "$T/daemon.err"
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$LPORT/feed.atom")
check_eq "does not bind its listen address too" "$code" 000
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Accept-Encoding: gzip' "http://127.0.0.1:$SPORT/feed.rss")
check_eq "every document is there" "$code" 200
kill -TERM $APID
wait $APID
check_eq "SIGTERM exits 0" "$?" 0
finish
