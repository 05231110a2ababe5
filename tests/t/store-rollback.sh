#!/bin/sh
# store-rollback.sh — a store error while feeds share one transaction.
# The transaction goes back whole: no feed keeps part of its items, and
# no feed's recorded body outruns its items.  The error names the feed,
# and the next poll stores everything.  The fault is a trigger that
# refuses one item's source row, standing in for any SQLite error met
# in the middle of a feed.
. "$TOP/tests/lib/tap.sh"

fixture_start
rss_feed a.xml A \
    "a-1|Harbour cranes return|http://a.example/1|<p>The harbour cranes came back to the north quay this week after a long repair.</p>" \
    "a-2|Library opens late|http://a.example/2|<p>The city library keeps its doors open until ten on weekdays from now on.</p>"
rss_feed b.xml B \
    "b-1|Orchard festival dates|http://b.example/1|<p>The orchard festival moves to the second weekend of May this year.</p>" \
    "bad|Tram line closure|http://b.example/2|<p>The eastern tram line closes for track work during the whole summer.</p>"

feedd_conf "listen = off"
"$FEEDD" -c "$T/feeds.conf" once 2>"$T/err0"
check_eq "an empty configuration makes the database" "$?" 0
sql "CREATE TRIGGER test_fault BEFORE INSERT ON item_sources
    WHEN NEW.guid = 'bad' BEGIN SELECT RAISE(ABORT, 'test fault'); END;"
feedd_conf "listen = off" "[a]" "url = $BASE/a.xml" "[b]" "url = $BASE/b.xml"
"$FEEDD" -c "$T/feeds.conf" once 2>"$T/err1"
sed 's/^/# /' "$T/err1"
check "the store error is logged with SQLite's reason" \
    grep -q 'store .*feedd.db: .*test fault' "$T/err1"
check "and the feed it hit" grep -q 'store b: transaction rolled back' "$T/err1"
check_eq "feeds rolled back are not counted as polled" \
    "$(sed -n 's/.*polled \([0-9]*\) of 2 feeds.*/\1/p' "$T/err1")" \
    "$(sql "select count(*) from feeds where body_hash is not null")"
check_eq "feed b keeps none of its items" \
    "$(sql "select count(*) from item_sources s join feeds f on f.id = s.feed_id where f.name = 'b'")" 0
check_eq "feed b's body is not recorded as seen" \
    "$(sql "select body_hash is null from feeds where name = 'b'")" 1
check_eq "feed b's error is a store error" \
    "$(sql "select error_stage from feeds where name = 'b'")" store
# Feed a was stored in b's transaction (rolled back with it, to be
# fetched again) or in one of its own (committed whole): either way its
# items and its recorded body agree.
check_eq "feed a has all its items or none, and its body hash says which" \
    "$(sql "select (select count(*) from item_sources s where s.feed_id = f.id) || ' ' || (body_hash is not null) from feeds f where name = 'a'")" \
    "$(sql "select case when body_hash is null then '0 0' else '2 1' end from feeds where name = 'a'")"
check_eq "no item without a source" \
    "$(sql "select count(*) from items i where not exists (select 1 from item_sources s where s.item_id = i.id)")" 0

sql "DROP TRIGGER test_fault"
"$FEEDD" -c "$T/feeds.conf" once 2>"$T/err2"
check_eq "the next poll exits 0" "$?" 0
check_eq "the next poll stores every item" "$(sql 'select count(*) from items')" 4
check_eq "each once" "$(sql 'select count(*) from item_sources')" 4
check_eq "both feeds are well again" \
    "$(sql "select sum(errors) from feeds")" 0
check_eq "the database is intact" "$(sql 'pragma integrity_check')" ok
finish
