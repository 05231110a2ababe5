#!/bin/sh
# retention.sh — keep: items older than keep and beyond what the merged
# feed shows leave the database; what the merged feed shows, and what a
# feed still carries, stays.
. "$TOP/tests/lib/tap.sh"

fixture_start
rss_feed a.xml A "a-1|Old one|http://a.example/1|<p>1.</p>" \
    "a-2|Old two|http://a.example/2|<p>2.</p>" \
    "a-3|Old three|http://a.example/3|<p>3.</p>" \
    "a-4|Old four|http://a.example/4|<p>4.</p>"
rss_feed gone.xml Gone "g-1|From a removed feed|http://g.example/1|<p>g.</p>"
feedd_conf "listen = off" "max_items = 2" "keep = 1s" \
    "[a]" "url = $BASE/a.xml" "[gone]" "url = $BASE/gone.xml"
"$FEEDD" -c "$T/feeds.conf" once 2>/dev/null
check_eq "everything just seen is kept" "$(sql 'select count(*) from items')" 5
check_eq "the database uses incremental vacuum" "$(sql 'pragma auto_vacuum')" 2
check_eq "a new database has 16 KB pages" "$(sql 'pragma page_size')" 16384

sleep 2
feedd_conf "listen = off" "max_items = 2" "keep = 1s" "[a]" "url = $BASE/a.xml"
"$FEEDD" -c "$T/feeds.conf" once 2>"$T/err"
check "retention is logged" grep -q 'items older than keep removed' "$T/err"
check_eq "only what the merged feed shows is left" "$(sql 'select count(*) from items')" 2
check_eq "the kept item count follows the removal" \
    "$(sql "select value from meta where key = 'items'")" 2
check_eq "no source points at a deleted item" \
    "$(sql 'select count(*) from item_sources where item_id not in (select id from items)')" 0
check "the merged feed still has its two entries" \
    test "$(grep -c '<entry>' "$T/merged.atom")" -eq 2

feedd_conf "listen = off" "max_items = 2" "keep = 1d" "[a]" "url = $BASE/a.xml"
rss_feed a.xml A "a-1|Old one changed|http://a.example/1|<p>1 changed.</p>" \
    "a-5|Fresh five|http://a.example/5|<p>5.</p>"
"$FEEDD" -c "$T/feeds.conf" once 2>/dev/null
check_eq "items just seen again are kept with a longer keep" \
    "$(sql "select count(*) from items where title in ('Old one changed', 'Fresh five')")" 2
check_eq "the database is intact" "$(sql 'pragma integrity_check')" ok
finish
