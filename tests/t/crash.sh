#!/bin/sh
# crash.sh — SIGKILL at random moments of `feedd once` (fetch, ingest,
# publish), CRASH_ROUNDS times in a row (default 50; make soak runs more)
# over a changing set of feeds: items added, items updated, a feed that
# appears, one that leaves and comes back, one that fails now and then.
# After every kill: the database passes integrity_check, every item
# committed before is still there, none twice, and the output file is a
# whole, valid document.  Then one uninterrupted run must reach the same
# items and sources as a reference database that was never killed.
. "$TOP/tests/lib/tap.sh"

ROUNDS=${CRASH_ROUNDS:-50}
SEED=${CRASH_SEED:-$(date +%s)}
echo "# $ROUNDS rounds, CRASH_SEED=$SEED"
fixture_start

# gen.py ROUND: the fixture files and both configs of one round; prints
# when to kill, as a fraction of the reference run's time (so the kills
# land inside the run however fast or loaded the machine is).
cat >"$T/gen.py" <<'EOF'
import random, sys
t, base, rnd, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
final = rnd == 0
r = 10 ** 6 if final else rnd
def words(*key):
    g = random.Random(repr(key))
    return " ".join("w%x" % g.getrandbits(24) for _ in range(60))
feeds = []
for k in range(7):
    if k == 6 and r < 10:
        continue			# appears at round 10
    if k == 5 and 20 <= r < 35:
        continue			# leaves at 20, comes back at 35
    n = 5 + min(r, 45) + k		# grows one item a round
    items = []
    for i in range(1, n + 1):
        version = min(r, 45) // 7 if i % 5 == 0 else 0	# some are updated
        items.append("<item><guid>f%d-%d</guid><title>Story %d of f%d v%d</title>"
                     "<link>http://f%d.example/%d</link>"
                     "<pubDate>Mon, 02 Nov 2026 %02d:%02d:00 +0000</pubDate>"
                     "<description>%s</description></item>"
                     % (k, i, i, k, version, k, i, i // 60, i % 60,
                        words(k, i, version)))
    with open("%s/www/f%d.xml" % (t, k), "w") as f:
        f.write('<?xml version="1.0"?><rss version="2.0"><channel>'
                "<title>Feed %d</title>%s</channel></rss>\n" % (k, "".join(items)))
    path = "status/500/f3.xml" if k == 3 and r % 9 == 0 else "f%d.xml" % k
    feeds.append("[f%d]\nurl = %s/%s\n" % (k, base, path))
for db, out in (("feedd", "merged"), ("ref", "ref")):
    with open("%s/%s.conf" % (t, db), "w") as f:
        f.write("[feedd]\ntitle = Crash\ndatabase = %s/%s.db\noutput = %s/%s.atom\n"
                "timeout = 5s\nmax_items = 200\n%s" % (t, db, t, out, "".join(feeds)))
print("%.3f" % random.Random(seed * 1000 + rnd).uniform(0.05, 1.1))
EOF

uids() { sqlite3 "$T/$1.db" "select uid from items order by uid" 2>/dev/null; }
: >"$T/committed"
bad_integrity="" lost="" dup="" torn="" shrank="" during=0 after=0 stale=0 stored=0
prev=0 r=1
while [ $r -le "$ROUNDS" ]; do
	frac=$("$PYTHON" "$T/gen.py" "$T" "$BASE" $r "$SEED")
	t0=$(date +%s%N)
	"$FEEDD" -c "$T/ref.conf" once 2>/dev/null	# never killed
	delay=$(awk -v f="$frac" -v ns=$(($(date +%s%N) - t0)) \
	    'BEGIN { printf "%.3f", f * ns / 1e9 }')
	"$FEEDD" -c "$T/feedd.conf" once 2>"$T/once.err" &
	p=$!
	sleep "$delay"
	if kill -KILL $p 2>/dev/null; then
		during=$((during + 1))
		# Some feed stored already: killed in ingest or publish.
		grep -q 'new or updated' "$T/once.err" && stored=$((stored + 1))
	else
		after=$((after + 1))
	fi
	wait $p 2>/dev/null
	# Killed before the first migration committed: nothing to check yet.
	[ "$(sqlite3 "$T/feedd.db" "select count(*) from sqlite_master where name = 'items'" 2>/dev/null)" = 1 ] ||
	    { r=$((r + 1)); continue; }
	[ "$(sqlite3 "$T/feedd.db" 'pragma integrity_check')" = ok ] ||
	    bad_integrity="$bad_integrity $r"
	uids feedd >"$T/now"
	# Every uid committed before is still there.
	[ -z "$(comm -23 "$T/committed" "$T/now")" ] || lost="$lost $r"
	cp "$T/now" "$T/committed"
	n=$(wc -l <"$T/now")
	[ "$n" -ge "$prev" ] || shrank="$shrank $r"
	prev=$n
	[ "$(sqlite3 "$T/feedd.db" "select (select count(*) - count(distinct uid) from items) + (select count(*) - count(distinct hash) from items)")" = 0 ] ||
	    dup="$dup $r"
	if [ -f "$T/merged.atom" ]; then
		xmllint --noout "$T/merged.atom" 2>/dev/null &&
		    "$FEEDD" parse "$T/merged.atom" >/dev/null 2>&1 ||
		    torn="$torn $r"
	fi
	# A kill during the write leaves its temporary file behind; the
	# next start sweeps it (checked at the end).
	for f in "$T"/.merged.atom.*; do
		[ -e "$f" ] && ! grep -qxF "$f" "$T/stale" 2>/dev/null &&
		    echo "$f" >>"$T/stale" && stale=$((stale + 1))
	done
	r=$((r + 1))
done
echo "# $during kills while running ($stored after storing began, $stale inside an output write), $after after the run had ended; $prev items at the end"
check "killed while running at least a third of the time" test $during -ge $((ROUNDS / 3))
check "integrity_check ok after every kill${bad_integrity:+ (failed in:$bad_integrity)}" test -z "$bad_integrity"
check "no committed item lost${lost:+ (lost in:$lost)}" test -z "$lost"
check "the item count never shrinks${shrank:+ (in:$shrank)}" test -z "$shrank"
check "no item stored twice${dup:+ (in:$dup)}" test -z "$dup"
check "the output is always a whole, valid document${torn:+ (torn in:$torn)}" test -z "$torn"

# Convergence: the final fixture, one uninterrupted run each.
"$PYTHON" "$T/gen.py" "$T" "$BASE" 0 "$SEED" >/dev/null
"$FEEDD" -c "$T/ref.conf" once 2>/dev/null
check "an uninterrupted run after the last kill succeeds" \
    "$FEEDD" -c "$T/feedd.conf" once 2>/dev/null
state() {
	sqlite3 "$T/$1.db" "select i.uid, i.hash, f.name, s.guid from items i
	    join item_sources s on s.item_id = i.id join feeds f on f.id = s.feed_id
	    order by i.uid, f.name, s.guid"
}
state feedd >"$T/state.killed"
state ref >"$T/state.ref"
check "it converges to the never-killed run: items, hashes and sources ($(wc -l <"$T/state.ref") rows)" \
    cmp -s "$T/state.killed" "$T/state.ref"
check "and publishes the same entries" \
    sh -c "[ \"\$(grep -o '<id>[^<]*</id>' '$T/merged.atom' | sort)\" = \"\$(grep -o '<id>[^<]*</id>' '$T/ref.atom' | sort)\" ]"
check "the output is valid" xmllint --noout "$T/merged.atom"
check "no temporary file of a killed write is left after a restart" \
    sh -c "! ls '$T'/.merged.atom.* >/dev/null 2>&1"
finish
