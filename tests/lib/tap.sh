# tap.sh — shared helpers for the integration tests in tests/t/.
#
# Source it; it makes $T (a scratch directory removed at exit), starts
# nothing by itself.  fixture_start serves $T/www with tests/lib/server.py
# and sets $PORT and $BASE; feedd_conf writes $T/feeds.conf.  Checks print
# TAP lines; finish prints the plan and exits non-zero on a failure.
set -u
: "${FEEDD:?}" "${TOP:?}"
PYTHON=${PYTHON:-/usr/bin/python3}
T=$(mktemp -d "${TMPDIR:-/tmp}/feedd-t.XXXXXX")
mkdir -p "$T/www"
tap_n=0 tap_failed=0
PIDS=""

cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	for p in $PIDS; do wait "$p" 2>/dev/null; done
	rm -rf "$T"
}
trap cleanup EXIT

ok() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1"
}

notok() {
	tap_n=$((tap_n + 1)) tap_failed=$((tap_failed + 1))
	echo "not ok $tap_n - $1"
}

# check DESCRIPTION COMMAND...: ok when the command succeeds.
check() {
	what=$1; shift
	if "$@"; then ok "$what"; else notok "$what"; fi
}

# check_eq DESCRIPTION GOT WANT
check_eq() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		notok "$1"
		echo "#   got:  $2"
		echo "#   want: $3"
	fi
}

finish() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}

fixture_start() {
	rm -f "$T/port"
	"$PYTHON" "$TOP/tests/lib/server.py" --root "$T/www" \
	    --port-file "$T/port" --log "$T/requests.log" >/dev/null 2>&1 &
	PIDS="$PIDS $!"
	i=0
	while [ ! -s "$T/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	PORT=$(cat "$T/port")
	BASE="http://127.0.0.1:$PORT"
}

# A free TCP port on 127.0.0.1 for feedd's own server.
free_port() {
	"$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# feedd_conf "[feedd] lines" then feed sections, as given; state in $T.
feedd_conf() {
	{
		echo "[feedd]"
		echo "title = Test Planet"
		echo "database = $T/feedd.db"
		echo "output = $T/merged.atom"
		echo "timeout = 5s"
		echo "connect_timeout = 2s"
		echo "min_interval = 1s"
		printf '%s\n' "$@"
	} >"$T/feeds.conf"
}

# sql QUERY: one value from the test database.
sql() {
	sqlite3 "$T/feedd.db" "$1"
}

# rss_feed FILE TITLE ITEMS...: an RSS 2.0 document; each item is
# "guid|title|link|description".
rss_feed() {
	file=$1 title=$2; shift 2
	{
		echo '<?xml version="1.0" encoding="utf-8"?>'
		echo '<rss version="2.0"><channel>'
		echo "<title>$title</title><link>http://example.org/$title</link>"
		echo "<description>$title test feed</description>"
		for it in "$@"; do
			IFS='|' read -r guid t link desc <<ITEM
$it
ITEM
			echo "<item><guid isPermaLink=\"false\">$guid</guid>"
			echo "<title>$t</title><link>$link</link>"
			echo "<pubDate>Mon, 02 Nov 2026 10:00:00 +0000</pubDate>"
			echo "<description><![CDATA[$desc]]></description></item>"
		done
		echo '</channel></rss>'
	} >"$T/www/$file"
}

# wait_for SECONDS COMMAND...: retry until the command succeeds.
wait_for() {
	limit=$1; shift
	i=0
	while ! "$@" 2>/dev/null; do
		i=$((i + 1))
		[ $i -ge $((limit * 20)) ] && return 1
		sleep 0.05
	done
}
