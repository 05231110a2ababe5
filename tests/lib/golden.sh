#!/bin/sh
# golden.sh [--update] — feedd parse on every tests/parse/NAME.xml (and
# NAME.feed.json, JSON Feed), as if fetched from
# http://example.test/feed/NAME.xml, compared byte for byte
# with NAME.json (the dump) or, for documents that must be refused,
# NAME.err (feedd's stderr; the exit status must then be non-zero).
# A NAME.charset file holds the HTTP charset the document is served with.
# Prints TAP.  --update rewrites the expected files: review the diff.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
: "${FEEDD:=$top/daemon/feedd}"
unset JOURNAL_STREAM
update=0
[ "${1:-}" = --update ] && update=1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/feedd-golden.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0 failed=0
for xml in tests/parse/*.xml tests/parse/*.feed.json; do
	[ -f "$xml" ] || continue
	name=$(basename "$xml" .xml)
	name=$(basename "$name" .feed.json)
	# NAME.charset: the HTTP Content-Type charset it is served with
	set -- --base "http://example.test/feed/$name.xml"
	[ -f "tests/parse/$name.charset" ] &&
	    set -- "$@" --charset "$(cat "tests/parse/$name.charset")"
	"$FEEDD" parse "$@" "$xml" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	n=$((n + 1))
	if [ "$update" -eq 1 ]; then
		if [ "$rc" -eq 0 ]; then
			cp "$tmp/out" "tests/parse/$name.json"
			rm -f "tests/parse/$name.err"
		else
			cp "$tmp/err" "tests/parse/$name.err"
			rm -f "tests/parse/$name.json"
		fi
	fi
	if [ -f "tests/parse/$name.err" ]; then
		if [ "$rc" -ne 0 ] && cmp -s "$tmp/err" "tests/parse/$name.err"
		then
			echo "ok $n - $name refused"
			continue
		fi
		echo "not ok $n - $name refused (exit $rc)"
		diff "tests/parse/$name.err" "$tmp/err" | sed 's/^/#   /'
	elif [ "$rc" -eq 0 ] && cmp -s "$tmp/out" "tests/parse/$name.json"; then
		echo "ok $n - $name"
		continue
	else
		echo "not ok $n - $name (exit $rc)"
		if [ -f "tests/parse/$name.json" ]; then
			diff "tests/parse/$name.json" "$tmp/out" | head -40 |
			    sed 's/^/#   /'
		else
			echo "#   no tests/parse/$name.json or .err"
		fi
		sed 's/^/#   /' "$tmp/err"
	fi
	failed=$((failed + 1))
done
echo "1..$n"
[ "$failed" -eq 0 ]
