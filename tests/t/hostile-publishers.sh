#!/bin/sh
# hostile-publishers.sh — feeds built to hurt: an entity bomb, XXE to a
# local file and to a loopback port, 100,000 nested elements, a 100 MB
# text node, a gzip bomb, an endless chunked body, headers forever.  Each
# runs through `feedd once` beside a good feed: it must end in bounded
# time and memory (peak RSS from /usr/bin/time), leave a clear error on
# its own feed, and the good feed must be polled and published as usual.
. "$TOP/tests/lib/tap.sh"

fixture_start
rss_feed good.xml Good "good-1|Story from Good|http://good.example/1|<p>Fine.</p>"
echo "TOPSECRET-$$-do-not-leak" >"$T/secret.txt"
"$PYTHON" - "$T/www" "$T/secret.txt" "$PORT" <<'EOF'
import sys
www, secret, port = sys.argv[1], sys.argv[2], sys.argv[3]
head = '<?xml version="1.0"?>\n'
rss = '<rss version="2.0"><channel><title>%s</title><item><guid>%s</guid>' \
      '<title>%s</title><description>%s</description></item></channel></rss>\n'
def put(name, text):
    with open("%s/%s" % (www, name), "w") as f:
        f.write(text)
# Billion laughs: 10^9 "lol" if expanded.
ents, prev = ['<!ENTITY lol "lol">'], "lol"
for i in range(1, 10):
    ents.append('<!ENTITY lol%d "%s">' % (i, ("&%s;" % prev) * 10))
    prev = "lol%d" % i
put("lol.xml", head + "<!DOCTYPE rss [\n%s\n]>\n" % "\n".join(ents) +
    rss % ("Laughs", "lol-1", "t &lol9;", "&lol9;"))
put("xxe-file.xml", head + '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://%s">]>\n'
    % secret + rss % ("XXE file", "xxe-1", "leak &xxe; here", "&xxe;"))
put("xxe-port.xml", head +
    '<!DOCTYPE rss SYSTEM "http://127.0.0.1:%s/xxe-dtd-hit" [\n'
    '<!ENTITY xxe SYSTEM "http://127.0.0.1:%s/xxe-entity-hit">\n'
    '<!ENTITY %% pe SYSTEM "http://127.0.0.1:%s/xxe-pe-hit"> %%pe;]>\n'
    % (port, port, port) + rss % ("XXE port", "xxe-2", "ping &xxe; here",
                                  "&xxe;"))
n = 100000
put("nested.xml", head + rss % ("Deep", "deep-1", "deep",
                                "<x>" * n + "bottom" + "</x>" * n))
EOF

case "$FEEDD" in
*/asan/*) RSS_MAX_KB=700000 ;;	# ASan's shadow memory and quarantine
*) RSS_MAX_KB=102400 ;;
esac

# hostile NAME PATH [CONF...]: feedd once over [good] and [NAME] = PATH,
# with a fresh database; checks time, memory and the good feed.
hostile() {
	name=$1 path=$2; shift 2
	rm -f "$T/feedd.db" "$T/feedd.db-wal" "$T/feedd.db-shm" "$T/merged.atom"
	feedd_conf "$@" "[good]" "url = $BASE/good.xml" "[$name]" "url = $BASE/$path"
	case "$*" in *timeout*) sed -i '/^timeout = 5s$/d' "$T/feeds.conf" ;; esac
	t0=$(date +%s)
	timeout 60 /usr/bin/time -f %M -o "$T/peak" \
	    "$FEEDD" -c "$T/feeds.conf" once 2>"$T/err"
	secs=$(($(date +%s) - t0))
	kb=$(tail -n 1 "$T/peak")
	echo "# $name: ${secs} s, peak RSS $kb KB"
	check "$name: over within 20 s" test "$secs" -le 20
	check "$name: peak RSS $kb KB under $RSS_MAX_KB KB" test "$kb" -lt "$RSS_MAX_KB"
	check_eq "$name: the good feed is polled as usual" \
	    "$(sql "select errors || ' ' || (last_ok > 0) from feeds where name = 'good'")" "0 1"
	check "$name: and published" grep -q 'Story from Good' "$T/merged.atom"
	check "$name: the output stays valid" xmllint --noout "$T/merged.atom"
}

# error_is NAME STAGE PATTERN: the feed's recorded error and the log.
error_is() {
	got=$(sql "select error_stage || ': ' || last_error from feeds where name = '$1'")
	case "$got" in
	"$2: "*$3*) ok "$1: refused with \"$got\"" ;;
	*) notok "$1: refused with a $2 error matching $3"; echo "#   got: $got" ;;
	esac
	check "$1: the error is logged naming the feed" \
	    grep -q "^feedd: $2 $1: .*$3" "$T/err"
}

hostile lol lol.xml "max_size = 1M"
error_is lol parse "entity"
check_eq "lol: no laughs stored" "$(sql "select count(*) from items where title like '%lollol%' or summary like '%lollol%'")" 0

hostile xxe-file xxe-file.xml "max_size = 1M"
check "xxe-file: the local file is not in the database" \
    sh -c "! sqlite3 '$T/feedd.db' .dump | grep -q TOPSECRET"
check "xxe-file: nor in the output" sh -c "! grep -q TOPSECRET '$T/merged.atom'"
check_eq "xxe-file: the item is kept without the entity" \
    "$(sql "select title from items where title like 'leak%'")" "leak here"

hostile xxe-port xxe-port.xml "max_size = 1M"
check "xxe-port: no request reaches the loopback port" \
    sh -c "! grep -q -- '-hit' '$T/requests.log'"

hostile nested nested.xml "max_size = 4M"
error_is nested parse "depth"

# The default max_size (10 MB) stops a 100 MB text node while it streams.
hostile bigtext bigtext
error_is bigtext fetch "body over 10485760 bytes"

hostile gzipbomb gzipbomb "max_size = 1M"
error_is gzipbomb fetch "body over 1048576 bytes"

hostile endless endless "max_size = 1M"
error_is endless fetch "body over 1048576 bytes"
# With room to spare, the timeout ends it instead.
hostile endless-timeout endless "max_size = 1G" "timeout = 2s"
error_is endless-timeout fetch "time"

hostile headers headers "max_size = 1M"
error_is headers fetch "header"
finish
