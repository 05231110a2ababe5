#!/bin/sh
# confcheck.sh — `feedd check` on every tests/conf/*.conf.
#
# NAME.conf with NAME.out: check must print exactly NAME.out (stdout and
# stderr together, paths as given) and exit non-zero if NAME.out ends in
# "error" or "errors".  The shipped feeds.conf must check clean, and its
# `check -v` print-back must load again and print the same.
# `confcheck.sh --update` rewrites the .out files.
set -u
cd "$TOP" || exit 1
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export STATE_DIRECTORY=/var/lib/feedd

for conf in tests/conf/*.conf; do
	name=${conf%.conf}
	"$FEEDD" -c "$conf" check >"$tmp/out" 2>&1
	rc=$?
	if [ "${1:-}" = --update ]; then
		cp "$tmp/out" "$name.out"
		continue
	fi
	want_fail=0
	tail -n 1 "$name.out" | grep -Eq 'errors?$' && want_fail=1
	if ! cmp -s "$tmp/out" "$name.out"; then
		notok "check $conf output"
		diff "$name.out" "$tmp/out" | sed 's/^/# /'
	elif [ $want_fail -eq 1 ] && [ $rc -eq 0 ]; then
		notok "check $conf should fail"
	elif [ $want_fail -eq 0 ] && [ $rc -ne 0 ]; then
		notok "check $conf should pass (exit $rc)"
	else
		ok "check $conf"
	fi
done

if "$FEEDD" -c feeds.conf check >"$tmp/ship" 2>&1; then
	ok "shipped feeds.conf checks clean"
else
	notok "shipped feeds.conf checks clean"
	sed 's/^/# /' "$tmp/ship"
fi
"$FEEDD" -v -c feeds.conf check >"$tmp/p1.conf" 2>&1
"$FEEDD" -v -c "$tmp/p1.conf" check >"$tmp/p2.conf" 2>&1
if [ -s "$tmp/p1.conf" ] && cmp -s "$tmp/p1.conf" "$tmp/p2.conf"; then
	ok "check -v prints a config that loads back the same"
else
	notok "check -v prints a config that loads back the same"
	diff "$tmp/p1.conf" "$tmp/p2.conf" | sed 's/^/# /'
fi
echo "1..$n"
