#!/bin/sh
# logging.sh — one line per event, naming stage and feed; journald
# priority prefixes under JOURNAL_STREAM; a failing feed is logged when
# it goes bad and when it recovers, not on every retry; -v adds debug.
. "$TOP/tests/lib/tap.sh"

fixture_start
rss_feed ok.xml Ok "k-1|Fine story|http://ok.example/1|<p>Fine.</p>"
feedd_conf "listen = off" "[flaky]" "url = $BASE/status/500/ok.xml"
run() { "$FEEDD" "$@" -c "$T/feeds.conf" once 2>&1; }

out=$(JOURNAL_STREAM=8:1234 run)
echo "$out" | sed 's/^/# /'
check "a failure is logged with its stage and feed" \
    sh -c "echo '$out' | grep -q '^<4>fetch flaky: http 500$'"
check "journald priorities prefix every line" \
    sh -c "! echo '$out' | grep -qv '^<[0-7]>'"
out=$(run)
check "a second failure in a row is not logged again" \
    sh -c "! echo '$out' | grep -q 'fetch flaky'"
out=$(run -v)
check "with -v the retry shows at debug level" \
    sh -c "echo '$out' | grep -q 'fetch flaky: still failing: http 500'"
check "without JOURNAL_STREAM lines start with the program name" \
    sh -c "echo '$out' | grep -q '^feedd: '"
feedd_conf "listen = off" "[flaky]" "url = $BASE/ok.xml"
out=$(run)
check "recovery is logged once" \
    sh -c "echo '$out' | grep -q '^feedd: flaky: recovered after 3 failed polls$'"
out=$(run)
check "a healthy feed logs nothing at the default level" \
    sh -c "! echo '$out' | grep -q 'flaky'"
finish
