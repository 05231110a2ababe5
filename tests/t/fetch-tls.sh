#!/bin/sh
# fetch-tls.sh — a self-signed HTTPS server: the fetch fails with a
# certificate error unless the feed says insecure = yes; gzip, deflate
# and brotli bodies, a trickling server and a silent one, through the
# daemon's own config.
. "$TOP/tests/lib/tap.sh"

openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 -keyout "$T/key.pem" \
    -out "$T/cert.pem" >/dev/null 2>&1
check "self-signed certificate made" test -s "$T/cert.pem"
rss_feed s.xml Secure "s-1|Secure one|http://secure.example/1|<p>One.</p>"
"$PYTHON" "$TOP/tests/lib/server.py" --root "$T/www" --port-file "$T/tport" \
    --tls-cert "$T/cert.pem" --tls-key "$T/key.pem" >/dev/null 2>&1 &
PIDS="$PIDS $!"
wait_for 5 test -s "$T/tport"
TBASE="https://127.0.0.1:$(cat "$T/tport")"
fixture_start

feedd_conf "listen = off" \
    "[strict]" "url = $TBASE/s.xml" \
    "[trusting]" "url = $TBASE/s.xml" "insecure = yes" \
    "[gz]" "url = $BASE/gzip/s.xml" \
    "[deflate]" "url = $BASE/deflate/s.xml" \
    "[br]" "url = $BASE/br/s.xml" \
    "[trickle]" "url = $BASE/trickle/s.xml" \
    "[silent]" "url = $BASE/noanswer" \
    "[short]" "url = $BASE/badlength/s.xml" \
    "[reset]" "url = $BASE/reset"
"$FEEDD" -c "$T/feeds.conf" once 2>"$T/err"
check_eq "once exits 0" "$?" 0
check "self-signed server refused by default" \
    grep -q 'fetch strict: .*certificate' "$T/err"
check_eq "insecure = yes accepts it" \
    "$(sql "select last_status || ' ' || errors from feeds where name = 'trusting'")" "200 0"
check_eq "gzip, deflate and brotli bodies stored" \
    "$(sql "select group_concat(last_status || ' ' || errors, ',') from (select * from feeds where name in ('br', 'deflate', 'gz') order by name)")" \
    "200 0,200 0,200 0"
check "a trickling server is cut off" grep -q 'fetch trickle: .*\(too slow\|timeout\)' "$T/err"
check "a silent server times out" grep -q 'fetch silent: timeout after 5s' "$T/err"
check "a wrong Content-Length is an error" grep -q 'fetch short: .*partial' "$T/err"
check "a reset connection is an error" grep -q 'fetch reset: .*\(reset\|Empty reply\|receiv\)' "$T/err"
check_eq "the stored story came through once" "$(sql 'select count(*) from items')" 1
finish
