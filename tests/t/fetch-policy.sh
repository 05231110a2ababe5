#!/bin/sh
# fetch-policy.sh — how feedd treats a publisher's server across polls:
# 301/308 move a feed only after DUE_MOVE_POLLS (3) polls in a row, 302
# never; 410 stops polling; 429 honours Retry-After in seconds and as a
# date; 500 backs off exponentially up to backoff_max with jitter; a
# recovery is logged once; RSS ttl and Cache-Control stretch the
# interval; an unchanged body without validators is not parsed again; a
# bot wall is named; auth and extra headers are sent; a redirect from a
# "public" address to a loopback one is refused; feedd status shows it.
. "$TOP/tests/lib/tap.sh"

fixture_start
rss_feed a.xml Alpha "a-1|Alpha one|http://alpha.example/1|<p>One.</p>"
rss_feed b.xml Beta "b-1|Beta one|http://beta.example/1|<p>One.</p>"
rss_feed nov.xml Nov "n-1|Nov one|http://nov.example/1|<p>One.</p>"
sed 's|<channel>|<channel><ttl>120</ttl>|' "$T/www/a.xml" >"$T/www/ttl.xml"

conf() {
	feedd_conf "listen = off" "interval = 10s" "backoff_max = 35s" \
	    "[moved]" "url = $BASE/moved/301/a.xml" \
	    "[perm308]" "url = $BASE/moved/308/b.xml" \
	    "[temp]" "url = $BASE/moved/302/b.xml" \
	    "[gone]" "url = $BASE/status/410/g.xml" \
	    "[busy]" "url = $BASE/status/429/x.xml?retry=120" \
	    "[busydate]" "url = $BASE/status/503/x.xml?retry=date300" \
	    "[broken]" "url = $BASE/status/500/x.xml" \
	    "[late]" "url = $BASE/late.xml" \
	    "[ttl]" "url = $BASE/ttl.xml" \
	    "[cc]" "url = $BASE/a.xml?cc=max-age%3D5000" \
	    "[nov]" "url = $BASE/novalidators/nov.xml" \
	    "[wall]" "url = $BASE/challenge" \
	    "[auth]" "url = $BASE/auth/b.xml" "auth = feedd:s3cret" \
	    "header = X-Test: hello" "header = X-Other: 2" "$@"
}
conf
# delay NAME: seconds from the last poll to the next one.
delay() {
	sql "select next_poll - last_fetch from feeds where name = '$1'"
}
# between LOW HIGH VALUE
between() {
	[ -n "$3" ] && [ "$3" -ge "$1" ] && [ "$3" -le "$2" ]
}

"$FEEDD" -v -c "$T/feeds.conf" once 2>"$T/err1"
check_eq "first once exits 0" "$?" 0
check_eq "301 seen once: not moved yet" \
    "$(sql "select coalesce(moved_url, '-') || ' ' || redirect_count from feeds where name = 'moved'")" "- 1"
check "the pending move is logged" grep -q 'fetch moved: permanent redirect to .*/a.xml (1 of 3' "$T/err1"
check_eq "410 marks the feed dead" "$(sql "select dead from feeds where name = 'gone'")" 1
check "410 is logged" grep -q 'fetch gone: gone (410)' "$T/err1"
check_eq "429 waits its Retry-After seconds" "$(delay busy)" 120
check "503 waits until its Retry-After date" between 295 301 "$(delay busydate)"
b1=$(delay broken)
check "500: first retry after about the interval ($b1)" between 9 11 "$b1"
check "ttl 120 stretches the interval to about 2h ($(delay ttl))" \
    between 6480 7920 "$(delay ttl)"
check "max-age=5000 stretches the interval ($(delay cc))" \
    between 4500 5500 "$(delay cc)"
check "a good feed waits about its interval ($(delay temp))" \
    between 9 11 "$(delay temp)"
check "bot wall named as such" grep -q 'fetch wall: bot wall: http 403' "$T/err1"
check "basic auth sent" grep -q '	Basic ZmVlZGQ6czNjcmV0	' "$T/requests.log"
check "extra header sent" grep -q '	hello$' "$T/requests.log"
check_eq "auth feed stored" "$(sql "select last_status from feeds where name = 'auth'")" 200
check_eq "late feed failed (404)" "$(sql "select errors from feeds where name = 'late'")" 1

: >"$T/requests.log"
"$FEEDD" -v -c "$T/feeds.conf" once 2>"$T/err2"
check "dead feed not polled again" sh -c "! grep -q '/status/410/' '$T/requests.log'"
b2=$(delay broken)
check "500: second retry doubled ($b2)" between 18 22 "$b2"
check "unchanged body recognised by its hash" grep -q 'fetch nov: same body as last time' "$T/err2"
check "a 200 with validators is not taken for unchanged" sh -c "! grep -q 'fetch temp: same body' '$T/err2'"
rss_feed late.xml Late "l-1|Late one|http://late.example/1|<p>One.</p>"
"$FEEDD" -c "$T/feeds.conf" once 2>"$T/err3"
b3=$(delay broken)
check "500: third retry capped at backoff_max ($b3)" between 31 35 "$b3"
check_eq "consecutive errors counted" "$(sql "select errors from feeds where name = 'broken'")" 3
check "recovery logged" grep -q 'late: recovered after 2 failed polls' "$T/err3"
check_eq "recovery logged once" "$(grep -c 'late: recovered' "$T/err3")" 1
check_eq "301 and 308 moved after three polls" \
    "$(sql "select group_concat(substr(moved_url, length('$BASE') + 1), ' ') from feeds where name in ('moved', 'perm308') order by name")" \
    "/a.xml /b.xml"
check "the move is logged" grep -q 'fetch moved: moved to .*/a.xml after 3 polls' "$T/err3"
check_eq "302 never moves a feed" \
    "$(sql "select coalesce(moved_url, '-') || ' ' || redirect_count from feeds where name = 'temp'")" "- 0"

: >"$T/requests.log"
"$FEEDD" -c "$T/feeds.conf" once 2>"$T/err4"
check "a moved feed is polled at its new URL" grep -q '^GET	/a.xml?*	' "$T/requests.log"
check "and no more at its old one" sh -c "! grep -q '/moved/301/' '$T/requests.log'"
"$FEEDD" -c "$T/feeds.conf" status >"$T/status" 2>&1
check_eq "status exits 0" "$?" 0
check "status shows the dead feed" grep -q '^gone .* dead ' "$T/status"
check "status shows the failing stage and error" grep -q '^broken .*fetch: http 500' "$T/status"
check "status shows where a feed moved from" grep -q '^moved .*/a.xml *moved from .*/moved/301/a.xml' "$T/status"
"$FEEDD" -c "$T/feeds.conf" status --json >"$T/status.json" 2>&1
check_eq "status --json is valid JSON with every feed" \
    "$("$PYTHON" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d), [f["dead"] for f in d if f["name"]=="gone"][0], [f["result"] for f in d if f["name"]=="broken"][0])' "$T/status.json")" \
    "13 True 500"

# A changed url brings a dead feed back.
conf "[x]" "url = $BASE/a.xml"
sed -i "s|/status/410/g.xml|/b.xml|" "$T/feeds.conf"
"$FEEDD" -c "$T/feeds.conf" once 2>/dev/null
check_eq "a new url revives a dead feed" "$(sql "select dead || ' ' || last_status from feeds where name = 'gone'")" "0 200"

# Refused: a "public" origin redirecting to a loopback address.
feedd_conf "listen = off" "[ssrf]" "url = $BASE/to/127.0.0.2:$PORT/a.xml"
FEEDD_TEST_PUBLIC_ADDR=127.0.0.1 "$FEEDD" -c "$T/feeds.conf" once 2>"$T/err5"
check "redirect from public to loopback refused" grep -q 'fetch ssrf: redirect to local address 127.0.0.2 refused' "$T/err5"
feedd_conf "listen = off" "[ssrf]" "url = $BASE/to/127.0.0.1:$PORT/a.xml"
"$FEEDD" -c "$T/feeds.conf" once 2>"$T/err6"
check_eq "a local origin may redirect locally" \
    "$(sql "select errors || ' ' || last_status from feeds where name = 'ssrf'")" "0 200"
finish
