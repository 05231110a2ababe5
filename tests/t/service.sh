#!/bin/sh
# service.sh — life under systemd: sd_notify messages (READY, STATUS,
# WATCHDOG, RELOADING, STOPPING) read from a NOTIFY_SOCKET the test makes;
# reload adding, removing and moving feeds; SIGTERM during fetches and
# during writes; /metrics.
. "$TOP/tests/lib/tap.sh"

fixture_start
rss_feed a.xml A "a-1|Story from A|http://a.example/1|<p>A one.</p>"
rss_feed b.xml B "b-1|Story from B|http://b.example/1|<p>B one.</p>"
rss_feed b2.xml B2 "b-2|Story from moved B|http://b.example/2|<p>B two.</p>"
HPORT=$(free_port)
URL="http://127.0.0.1:$HPORT"
conf_ab() {
	feedd_conf "listen = 127.0.0.1:$HPORT" "interval = 1h" "$@"
}
conf_ab "[a]" "url = $BASE/a.xml" "[b]" "url = $BASE/b.xml"

"$PYTHON" "$TOP/tests/lib/notify.py" "$T/notify.sock" "$T/notify.log" &
PIDS="$PIDS $!"
wait_for 5 test -S "$T/notify.sock"
NOTIFY_SOCKET=$T/notify.sock WATCHDOG_USEC=400000 \
    "$FEEDD" -c "$T/feeds.conf" run 2>"$T/daemon.err" &
DPID=$!
PIDS="$PIDS $DPID"

has() { grep -q "$1" "$T/notify.log"; }
check "READY=1 is sent" wait_for 10 has '^READY=1'
check "STATUS says feeds, items, cycle time and failures" \
    wait_for 10 grep -Eq '^STATUS=2 feeds, 2 items, last cycle [0-9]+\.[0-9] s, 0 failing$' "$T/notify.log"
sleep 1
check "WATCHDOG=1 keeps coming from the loop" \
    test "$(grep -c '^WATCHDOG=1' "$T/notify.log")" -ge 2
curl -s "$URL/metrics" >"$T/metrics"
check "/metrics counts the polls" grep -q '^feedd_fetches_total{result="ok"} 2$' "$T/metrics"
check "/metrics counts stored items" grep -q '^feedd_items_stored 2$' "$T/metrics"
check "/metrics has HELP and TYPE lines" grep -q '^# TYPE feedd_feeds gauge$' "$T/metrics"
code=$(curl -s -o /dev/null -w '%{http_code}' "$URL/healthz")
check_eq "/healthz is 200 while polls run on time" "$code" 200

polls() { grep -c 'GET	/a.xml' "$T/requests.log"; }
n1=$(polls)
kill -USR1 $DPID
polled_again() { [ "$(polls)" -gt "$n1" ]; }
check "SIGUSR1 polls every feed now, interval or not" wait_for 5 polled_again

# Reload: b moves to a new URL (history kept), a is removed, c is added.
rss_feed c.xml C "c-1|Story from C|http://c.example/1|<p>C one.</p>"
bid=$(sql "select id from feeds where name = 'b'")
conf_ab "[b]" "url = $BASE/b2.xml" "[c]" "url = $BASE/c.xml"
: >"$T/notify.log"
kill -HUP $DPID
has_entry() { curl -sf "$URL/feed.atom" | grep -q "$1"; }
check "reload sends RELOADING=1" wait_for 5 has '^RELOADING=1'
check "then READY=1 again" wait_for 5 has '^READY=1'
check "an added feed is polled soon" wait_for 10 has_entry 'Story from C'
check "a moved feed is polled at its new URL" wait_for 10 has_entry 'Story from moved B'
check "a moved feed keeps its identity and history" \
    test "$(sql "select id from feeds where name = 'b'")" = "$bid"
check "a moved feed keeps its earlier items" has_entry 'Story from B'
check "a removed feed leaves the published feed" sh -c "! curl -sf '$URL/feed.atom' | grep -q 'Story from A'"
check_eq "a removed feed's items stay in the database" \
    "$(sql "select count(*) from items where title = 'Story from A'")" 1

# SIGTERM while a transfer hangs.
conf_ab "[slow]" "url = $BASE/slow/a.xml?delay=30"
kill -HUP $DPID
wait_for 10 grep -q 'slow/a.xml' "$T/requests.log"
start=$(date +%s)
kill -TERM $DPID
wait $DPID
rc=$?
check_eq "SIGTERM during a fetch exits 0" "$rc" 0
check "and within 5 s" test $(($(date +%s) - start)) -le 5
check "STOPPING=1 is sent" has '^STOPPING=1'
check_eq "the database is intact" "$(sql 'pragma integrity_check')" ok

# SIGTERM while a large feed is being written: all of it or none of it.
big=""
i=0
while [ $i -lt 3000 ]; do
	big="$big
big-$i|Big story number $i|http://big.example/$i|<p>Body of big story $i, with some words.</p>"
	i=$((i + 1))
done
printf '%s\n' "$big" | sed '/^$/d' >"$T/big.items"
{
	echo '<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>'
	while IFS='|' read -r g t l d; do
		echo "<item><guid>$g</guid><title>$t</title><link>$l</link><description>$d</description></item>"
	done <"$T/big.items"
	echo '</channel></rss>'
} >"$T/www/big.xml"
conf_ab "[big]" "url = $BASE/big.xml"
torn=0
for delay in 0.05 0.1 0.15 0.2 0.3 0.4 0.6; do
	rm -f "$T/feedd.db" "$T/feedd.db-wal" "$T/feedd.db-shm"
	"$FEEDD" -c "$T/feeds.conf" once 2>/dev/null &
	p=$!
	sleep $delay
	kill -TERM $p 2>/dev/null
	wait $p
	[ -f "$T/feedd.db" ] || continue
	[ "$(sql 'pragma integrity_check')" = ok ] || torn=1
	n=$(sql "select count(*) from items" 2>/dev/null || echo 0)
	[ "$n" = 0 ] || [ "$n" = 3000 ] || { torn=1; echo "# $n items after SIGTERM at $delay s"; }
done
check "SIGTERM never leaves half a feed or a damaged database" test $torn -eq 0
finish
