#!/bin/sh
# once.sh — feedd once end to end against the fixture server: a story
# shared by two feeds is one entry with both sources, a second poll is a
# 304 that changes nothing, a malformed feed is reported without hurting
# the others, and the merged output parses back.
. "$TOP/tests/lib/tap.sh"

fixture_start
shared='<p>Kernel 9.1 released with <b>faster</b> scheduling.</p>'
rss_feed alpha.xml Alpha \
    "a-1|Kernel 9.1 released|http://alpha.example/k91?utm_source=rss|$shared" \
    "a-2|Alpha only story|http://alpha.example/only|<p>Only in alpha.</p>"
rss_feed beta.xml Beta \
    "b-77|Kernel 9.1   released|http://beta.example/kernel-9-1|<p>Kernel 9.1 released with <strong>faster</strong>   scheduling.</p>" \
    "b-78|Beta only story|http://beta.example/only|<p>Only in beta.</p><script>alert(1)</script>"
printf 'garbage \001\002 {{ not a feed' >"$T/www/broken.xml"
feedd_conf "listen = off" \
    "[alpha]" "url = $BASE/alpha.xml" \
    "[beta]" "url = $BASE/beta.xml"

"$FEEDD" -c "$T/feeds.conf" once 2>"$T/err1"
check_eq "first once exits 0" "$?" 0
check_eq "four stories stored as three items" "$(sql 'select count(*) from items')" 3
check_eq "the shared story remembers both feeds" \
    "$(sql "select count(*) from item_sources s join items i on i.id = s.item_id where i.title = 'Kernel 9.1 released'")" 2
check "output was written" test -s "$T/merged.atom"
check "output is well-formed XML" xmllint --noout "$T/merged.atom"
"$FEEDD" parse "$T/merged.atom" >"$T/dump.json" 2>"$T/parse.err"
check_eq "feedd parse reads the merged feed back" "$?" 0
check_eq "merged feed has three entries" \
    "$("$PYTHON" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["items"]))' "$T/dump.json")" 3
check_eq "merged feed is Atom 1.0" \
    "$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))["format"])' "$T/dump.json")" atom1.0
check "merged entries carry atom:source" grep -q '<source>' "$T/merged.atom"
check "tracking parameters are gone" sh -c "! grep -q utm_source '$T/merged.atom'"
check "scripts are gone" sh -c "! grep -qi '<script' '$T/merged.atom'"
cp "$T/merged.atom" "$T/merged.1"
items1=$(sql 'select group_concat(id || hash, ",") from items')

: >"$T/requests.log"
"$FEEDD" -c "$T/feeds.conf" once 2>"$T/err2"
check_eq "second once exits 0" "$?" 0
check "second poll sends the ETag" grep -q 'alpha.xml	"' "$T/requests.log"
check_eq "second poll changes no item" "$(sql 'select group_concat(id || hash, ",") from items')" "$items1"
check "second poll leaves the output as it was" cmp -s "$T/merged.1" "$T/merged.atom"
check_eq "both feeds recorded a 304" "$(sql 'select group_concat(last_status) from feeds order by name')" "304,304"

# A malformed feed and a missing one beside a good one.
rss_feed gamma.xml Gamma "g-1|Gamma story|http://gamma.example/1|<p>Gamma.</p>"
# a site's home page configured as its feed
printf '<!DOCTYPE html><html><head><title>Gamma</title><link rel="alternate" type="application/rss+xml" href="gamma.xml"></head><body><p>Hi</p></body></html>' >"$T/www/home.html"
feedd_conf "listen = off" \
    "[alpha]" "url = $BASE/alpha.xml" \
    "[broken]" "url = $BASE/broken.xml" \
    "[gone]" "url = $BASE/status/404/gone.xml" \
    "[home]" "url = $BASE/home.html" \
    "[gamma]" "url = $BASE/gamma.xml"
"$FEEDD" -c "$T/feeds.conf" once 2>"$T/err3"
check_eq "once with some bad feeds still exits 0" "$?" 0
check "the broken feed is reported at the parse stage" grep -q 'parse broken:' "$T/err3"
check "a home page is reported with the feed it names" \
    grep -q "parse home: not a feed: html page; its feed is at $BASE/gamma.xml" "$T/err3"
check_eq "and that is its recorded error" \
    "$(sql "select last_error from feeds where name = 'home'")" \
    "not a feed: html page; its feed is at $BASE/gamma.xml"
check "the missing feed is reported at the fetch stage" grep -q 'fetch gone: .*404' "$T/err3"
check_eq "the good new feed is stored" "$(sql "select count(*) from items where title = 'Gamma story'")" 1
check_eq "nothing stored before is lost" "$(sql 'select count(*) from items')" 4
check_eq "the failure is recorded per feed" \
    "$(sql "select error_stage || ' ' || errors from feeds where name = 'broken'")" "parse 1"
"$FEEDD" -c "$T/feeds.conf" status >"$T/status" 2>&1
check "status lists the failing feed and its stage" grep -q '^broken .*parse' "$T/status"

feedd_conf "listen = off" "[gone]" "url = $BASE/status/500/x.xml"
"$FEEDD" -c "$T/feeds.conf" once 2>/dev/null
check_eq "once exits non-zero when no feed could be polled" "$?" 1
finish
