#!/bin/sh
# faults.sh — resource faults while the daemon runs: a write error on the
# output file only, a full disk for everything (both RLIMIT_FSIZE set on
# the running daemon with prlimit; SIGXFSZ must be ignored so writes fail
# with EFBIG), and a database locked by another process.  Each must be
# logged clearly, keep the last good output on disk and on HTTP, lose
# nothing stored, keep the validators where the store left them, and
# clear by itself once the fault is gone.
. "$TOP/tests/lib/tap.sh"

fixture_start
HPORT=$(free_port)
URL="http://127.0.0.1:$HPORT"
# feed FIRST LAST: items a-FIRST .. a-LAST, each with ~5 KB of its own
# words (alike texts would be merged as near-duplicates).  After the
# first poll the feed carries only its newest item, so the merged feed
# (~400 KB) is far larger than one poll's transaction in the WAL (a
# dozen 16 KB pages).
feed() {
	"$PYTHON" - "$1" "$2" >"$T/www/a.xml" <<'EOF'
import random, sys
first, n = int(sys.argv[1]), int(sys.argv[2])
print('<?xml version="1.0"?><rss version="2.0"><channel><title>A</title>')
for i in range(first, n + 1):
    rng = random.Random(i)
    words = " ".join("w%x" % rng.getrandbits(32) for _ in range(600))
    print("<item><guid>a-%d</guid><title>Story %d of A</title>"
          "<link>http://a.example/%d</link><description>%s</description>"
          "</item>" % (i, i, i, words))
print("</channel></rss>")
EOF
}
feed 1 80
feedd_conf "listen = 127.0.0.1:$HPORT" "interval = 1h" "[a]" "url = $BASE/a.xml"
# Appending, so the test can empty the log between faults.
"$FEEDD" -c "$T/feeds.conf" run 2>>"$T/daemon.err" &
DPID=$!
PIDS="$PIDS $DPID"

has_entry() { grep -q "$1" "$T/merged.atom" 2>/dev/null; }
served() { curl -sf -m 2 "$URL/feed.atom" >"$T/served.atom"; }
items() { sql "select count(*) from items"; }
logged() { grep -q "$1" "$T/daemon.err"; }
check "the first poll is published" wait_for 10 has_entry 'Story 80 of A'
alive() { kill -0 $DPID 2>/dev/null; }

# 1. The output file cannot be written; the store can.  An empty WAL
# (checkpointed by us while the daemon is idle) keeps the store's own
# writes under the limit.
cp "$T/merged.atom" "$T/good.atom"
sqlite3 "$T/feedd.db" "pragma wal_checkpoint(truncate)" >/dev/null
prlimit --pid $DPID --fsize=300000:unlimited
feed 81 81
kill -USR1 $DPID
check "output write error: logged with the reason" \
    wait_for 10 logged 'publish .*merged.atom: write .*File too large'
check "output write error: the daemon keeps running" alive
check_eq "output write error: the item is stored all the same" "$(items)" 81
check "output write error: the last good output stays on disk" \
    cmp -s "$T/merged.atom" "$T/good.atom"
check "output write error: no temporary file is left behind" \
    test -z "$(find "$T" -maxdepth 1 -name '.merged.atom.*')"
check "output write error: the server answers with a valid feed" \
    sh -c "curl -sf -m 2 '$URL/feed.atom' | xmllint --noout -"
prlimit --pid $DPID --fsize=unlimited:unlimited
kill -USR1 $DPID
check "output write error: the file is written once the fault clears" \
    wait_for 10 has_entry 'Story 81 of A'
check "output write error: and is whole" xmllint --noout "$T/merged.atom"

# 2. A full disk for everything: the store's transaction fails too.
cp "$T/merged.atom" "$T/good.atom"
etag=$(sql "select etag from feeds where name = 'a'")
sleep 1		# a new mtime, so a new ETag for a.xml
prlimit --pid $DPID --fsize=4096:unlimited
feed 82 82
: >"$T/daemon.err"
kill -USR1 $DPID
check "full disk: the store error is logged" \
    wait_for 10 logged 'store .*\(disk\|full\|I/O\)'
check "full disk: naming the feed" wait_for 10 logged 'store a: '
check "full disk: the daemon keeps running" alive
grep '^feedd: store' "$T/daemon.err" | sed 's/^/# /'
check_eq "full disk: nothing stored is lost, nothing half-stored" "$(items)" 81
check_eq "full disk: the validators do not advance" \
    "$(sql "select etag from feeds where name = 'a'")" "$etag"
check "full disk: the last good output stays on disk" \
    cmp -s "$T/merged.atom" "$T/good.atom"
check "full disk: and is still served" \
    sh -c "curl -sf -m 2 '$URL/feed.atom' >'$T/served.atom' && xmllint --noout '$T/served.atom' && grep -q 'Story 81 of A' '$T/served.atom'"
prlimit --pid $DPID --fsize=unlimited:unlimited
kill -USR1 $DPID
check "full disk: the next poll stores the missed item" \
    wait_for 10 has_entry 'Story 82 of A'
check_eq "full disk: every item is there once" "$(items)" 82
check_eq "full disk: the database is intact" "$(sql 'pragma integrity_check')" ok

# 3. Another process holds the write lock longer than the busy timeout.
: >"$T/daemon.err"
cp "$T/merged.atom" "$T/good.atom"
mkfifo "$T/lock.fifo"
sqlite3 "$T/feedd.db" <"$T/lock.fifo" >/dev/null 2>&1 &
LPID=$!
PIDS="$PIDS $LPID"
exec 7>"$T/lock.fifo"
echo "begin exclusive;" >&7
echo "select 1;" >&7
sleep 0.3
feed 83 83
kill -USR1 $DPID
sleep 1
t0=$(date +%s%N)
served; rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
check "locked database: readers are still served (in $ms ms)" \
    test $rc -eq 0 -a $ms -lt 2000
check "locked database: the error is logged" wait_for 15 logged 'database is locked'
echo "commit;" >&7
exec 7>&-
wait $LPID
check "locked database: the daemon keeps running" alive
check_eq "locked database: nothing half-stored" "$(items)" 82
check "locked database: the last good output stays" cmp -s "$T/merged.atom" "$T/good.atom"
kill -USR1 $DPID
check "locked database: the next poll stores the item" \
    wait_for 15 has_entry 'Story 83 of A'
check_eq "locked database: every item is there once" "$(items)" 83
kill -TERM $DPID
wait $DPID
check_eq "the daemon stops cleanly after all that" "$?" 0
check_eq "the database is intact at the end" "$(sql 'pragma integrity_check')" ok
finish
