#!/bin/sh
# daemon.sh — feedd run: serves the merged feed with ETag and 304, polls
# again on its interval, reloads on SIGHUP (a bad config keeps the old
# one), stops cleanly on SIGTERM.
. "$TOP/tests/lib/tap.sh"

fixture_start
rss_feed one.xml One "o-1|First story|http://one.example/1|<p>One.</p>"
rss_feed two.xml Two "t-1|Second feed story|http://two.example/1|<p>Two.</p>"
HPORT=$(free_port)
feedd_conf "listen = 127.0.0.1:$HPORT" "interval = 1s" \
    "[one]" "url = $BASE/one.xml"
"$FEEDD" -c "$T/feeds.conf" run 2>"$T/daemon.err" &
DPID=$!
PIDS="$PIDS $DPID"
URL="http://127.0.0.1:$HPORT/feed.atom"

has_entry() { curl -sf "$URL" | grep -q "$1"; }
check "serves the merged feed with the first story" wait_for 10 has_entry 'First story'
curl -s -D "$T/h1" -o "$T/b1" "$URL"
etag=$(sed -n 's/^[Ee][Tt]ag: *\([^\r]*\).*/\1/p' "$T/h1")
check "the feed has an ETag" test -n "$etag"
check "the content type is Atom" grep -qi '^content-type: application/atom+xml' "$T/h1"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$URL")
check_eq "If-None-Match with the ETag gives 304" "$code" 304
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HPORT/nothing")
check_eq "an unknown path is 404" "$code" 404
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$URL")
check_eq "POST is 405" "$code" 405
size=$(curl -s -I "$URL" -o /dev/null -w '%{size_download}')
check_eq "HEAD has no body" "$size" 0

polls() { grep -c 'one.xml' "$T/requests.log"; }
n1=$(polls)
sleep 2.5
check "polls again on its interval" test "$(polls)" -gt "$n1"

feedd_conf "listen = 127.0.0.1:$HPORT" "interval = 1s" \
    "[one]" "url = $BASE/one.xml" "[two]" "url = $BASE/two.xml"
kill -HUP $DPID
check "after SIGHUP an added feed is polled and published" \
    wait_for 10 has_entry 'Second feed story'

cp "$T/feeds.conf" "$T/good.conf"
printf '[feedd]\nbogus = 1\n' >>"$T/feeds.conf"
kill -HUP $DPID
check "a bad config on reload is reported with file:line" \
    wait_for 5 grep -q 'feeds.conf:[0-9]*: unknown key' "$T/daemon.err"
check "the old config keeps serving" has_entry 'Second feed story'
check "the daemon survived the bad reload" kill -0 $DPID

start=$(date +%s)
kill -TERM $DPID
wait $DPID
rc=$?
end=$(date +%s)
check_eq "SIGTERM exits 0" "$rc" 0
check "SIGTERM exits within 5 s" test $((end - start)) -le 5
check_eq "the database is intact" "$(sql 'pragma integrity_check')" ok
finish
