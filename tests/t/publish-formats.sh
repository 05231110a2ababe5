#!/bin/sh
# publish-formats.sh — feedd run publishes the merged feed as Atom, RSS
# and JSON Feed (served and written), valid and saying the same thing;
# tags; OPML; the HTTP details; WebSub pings; an update keeps its id and
# moves updated; one publish per changing cycle.
. "$TOP/tests/lib/tap.sh"

fixture_start
HPORT=$(free_port)
H="http://127.0.0.1:$HPORT"
U='Ελληνικά 日本語 😀 &amp; "quotes" &lt;3'
UT='Ελληνικά 日本語 😀 & "quotes" <3'

one_feed() {	# $1: the special entry's paragraph
	cat >"$T/www/one.xml" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>Feed One</title><link>http://one.example/</link><description>one</description>
<item><guid isPermaLink="false">o-1</guid><title>Shared story</title>
<link>http://one.example/shared</link>
<pubDate>Mon, 02 Nov 2026 09:00:00 +0000</pubDate>
<description><![CDATA[<p>The same words in both feeds.</p>]]></description></item>
<item><guid isPermaLink="false">o-2</guid><title>$U</title>
<link>http://one.example/2?a=1&amp;b=2</link><dc:creator>Zoë Ünal</dc:creator>
<category>news</category><category>τεστ</category>
<enclosure url="http://one.example/2.mp3" length="1234" type="audio/mpeg"/>
<pubDate>Mon, 02 Nov 2026 10:00:00 +0000</pubDate>
<description><![CDATA[$1<script>alert(1)</script>]]></description></item>
</channel></rss>
EOF
}
one_feed '<p>Ünïcödé <b>bold</b> &amp; 😀 中文</p>'
cat >"$T/www/two.atom" <<'EOF'
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Feed Two</title>
<id>urn:two</id><updated>2026-11-02T08:00:00Z</updated>
<link href="http://two.example/"/>
<entry><id>urn:two:1</id><title>Shared story</title>
<link href="http://two.example/shared"/><updated>2026-11-02T09:00:00Z</updated>
<summary type="html">&lt;p&gt;The same words in both feeds.&lt;/p&gt;</summary></entry>
<entry><id>urn:two:2</id><title>Only in two</title>
<link href="http://two.example/2"/><updated>2026-11-02T08:00:00Z</updated>
<content type="html">&lt;p&gt;Second feed only.&lt;/p&gt;</content></entry>
</feed>
EOF
feedd_conf "listen = 127.0.0.1:$HPORT" "interval = 1h" "base_url = $H/" \
    "websub_hub = $BASE/hub" "output_rss = $T/merged.rss" \
    "output_json = $T/merged.json" \
    "[one]" "url = $BASE/one.xml" "tags = alpha, common" \
    "[two]" "url = $BASE/two.atom" "tags = beta common"
"$FEEDD" -v -c "$T/feeds.conf" run 2>"$T/daemon.err" &
DPID=$!
PIDS="$PIDS $DPID"

has() { curl -sf "$H$1" | grep -q "$2"; }
check "serves the merged feed" wait_for 10 has /feed.atom 'Only in two'
mkdir -p "$T/got"
for f in atom rss json; do
	curl -s -D "$T/got/h.$f" -o "$T/got/feed.$f" "$H/feed.$f"
done
check_eq "Atom type" "$(sed -n 's/^[Cc]ontent-[Tt]ype: *\([^\r]*\).*/\1/p' "$T/got/h.atom")" \
    "application/atom+xml; charset=utf-8"
check_eq "RSS type" "$(sed -n 's/^[Cc]ontent-[Tt]ype: *\([^\r]*\).*/\1/p' "$T/got/h.rss")" \
    "application/rss+xml; charset=utf-8"
check_eq "JSON Feed type" "$(sed -n 's/^[Cc]ontent-[Tt]ype: *\([^\r]*\).*/\1/p' "$T/got/h.json")" \
    "application/feed+json; charset=utf-8"
check "Atom file is the served document" cmp -s "$T/merged.atom" "$T/got/feed.atom"
check "RSS file is the served document" cmp -s "$T/merged.rss" "$T/got/feed.rss"
check "JSON file is the served document" cmp -s "$T/merged.json" "$T/got/feed.json"

cat >"$T/expect.json" <<EOF
{"entries": 3, "self": {"atom": "$H/feed.atom", "rss": "$H/feed.rss",
  "json": "$H/feed.json"}, "hub": "$BASE/hub", "merged_title": "Shared story",
 "entry": {"title": "$(printf '%s' "$UT" | sed 's/"/\\"/g')",
  "link": "http://one.example/2?a=1&b=2", "author": "Zoë Ünal",
  "tags": ["news", "τεστ"], "enclosure": "http://one.example/2.mp3",
  "date": "2026-11-02T10:00:00Z",
  "content_has": ["Ünïcödé", "<b>bold</b>", "&amp;", "😀", "中文"],
  "content_lacks": ["<script", "alert"]}}
EOF
"$PYTHON" "$TOP/tests/lib/feedcheck.py" "$T/got" "$T/expect.json" >"$T/fc.out" 2>&1
grep -q '^ok - ' "$T/fc.out" || notok "feedcheck.py ran: $(tail -3 "$T/fc.out")"
while IFS= read -r line; do
	case "$line" in
	"ok - "*) ok "${line#ok - }" ;;
	"not ok - "*) notok "${line#not ok - }" ;;
	"#"*) echo "$line" ;;
	esac
done <"$T/fc.out"

# JSON Feed round-trips through feedd's own reader.
"$FEEDD" parse --base "$H/feed.json" "$T/got/feed.json" >"$T/rt.json" 2>"$T/rt.err"
check_eq "feedd parse reads the JSON output as JSON Feed" \
    "$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))["format"])' "$T/rt.json" 2>&1)" \
    jsonfeed1
check "feedd parse gets every JSON item back: id, title, link, dates, author, content" \
    "$PYTHON" - "$T/got/feed.json" "$T/rt.json" <<'EOF'
import json, sys
j = json.load(open(sys.argv[1])); d = json.load(open(sys.argv[2]))
a = [(i["id"], i["title"], i["url"], i.get("date_published"), i["date_modified"],
      (i.get("authors") or [{}])[0].get("name"), i["content_html"],
      sorted(i.get("tags", [])), [x["url"] for x in i.get("attachments", [])]) for i in j["items"]]
b = [(i["id"], i["title"], i["link"], i["published"], i["updated"], i["author"],
      i["content"] or i["summary"], sorted(i["categories"]),
      [x["url"] for x in i["enclosures"]]) for i in d["items"]]
if a != b:
    print(a, b, sep="\n", file=sys.stderr)
sys.exit(a != b)
EOF
for f in atom rss; do
	"$FEEDD" parse --base "$H/feed.$f" "$T/got/feed.$f" >"$T/rt.$f" 2>/dev/null
	check "feedd parse keeps the special title in the $f output" \
	    grep -qF "$(printf '%s' "$UT" | sed 's/"/\\"/g')" "$T/rt.$f"
done

# Tags: each tag's own merged feed, in every format.
tagged() {	# tag format: entry titles, sorted, one line
	curl -sf "$H/tag/$1.$2" -o "$T/tag.$2" || { echo "HTTP error"; return; }
	"$PYTHON" -c '
import sys, json, feedparser
p = sys.argv[1]
if p.endswith(".json"):
    t = [i["title"] for i in json.load(open(p))["items"]]
else:
    t = [e.title for e in feedparser.parse(p).entries]
print("|".join(sorted(t)))' "$T/tag.$2"
}
for f in atom rss json; do
	check_eq "/tag/alpha.$f has the first feed's entries" "$(tagged alpha $f)" \
	    "Shared story|$UT"
	check_eq "/tag/beta.$f has the second feed's entries" "$(tagged beta $f)" \
	    "Only in two|Shared story"
done
check_eq "/tag/common.atom has both" "$(tagged common atom)" \
    "Only in two|Shared story|$UT"
check "a tag feed's self link is its own" has /tag/beta.atom "href=\"$H/tag/beta.atom\""
code=$(curl -s -o /dev/null -w '%{http_code}' "$H/tag/nope.atom")
check_eq "an unknown tag is 404" "$code" 404

# OPML, served and exported.
curl -sf -D "$T/h.opml" "$H/opml" -o "$T/served.opml"
check "/opml is text/x-opml with a charset" grep -qi '^content-type: text/x-opml; charset=utf-8' "$T/h.opml"
check "/opml lists both feeds with title, xmlUrl and category" "$PYTHON" - "$T/served.opml" "$BASE" <<'EOF'
import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot(); b = sys.argv[2]
o = {x.get("xmlUrl"): x for x in r.iter("outline")}
ok = (r.get("version") == "2.0" and r.find("head/title") is not None and
      o[b + "/one.xml"].get("text") == "Feed One" and
      o[b + "/one.xml"].get("htmlUrl") == "http://one.example/" and
      o[b + "/one.xml"].get("category") == "alpha,common" and
      o[b + "/two.atom"].get("type") == "rss")
sys.exit(not ok)
EOF
"$FEEDD" -c "$T/feeds.conf" opml-export >"$T/exported.opml"
check "feedd opml-export prints what /opml serves" cmp -s "$T/exported.opml" "$T/served.opml"
cat >"$T/subs.opml" <<'EOF'
<?xml version="1.0"?>
<opml version="2.0"><head><title>mine</title></head><body>
<outline text="Tech news">
  <outline type="rss" text="LWN.net" xmlUrl="https://lwn.net/headlines/rss" htmlUrl="https://lwn.net/"/>
  <outline type="rss" text="LWN.net" xmlUrl="https://lwn.net/headlines/newrss" category="/Linux/Kernel"/>
</outline>
<outline type="rss" text="Ελληνικά &amp; more!" xmlUrl="http://example.org/feed?x=1&amp;y=2"/>
<outline type="rss" text="gopher" xmlUrl="gopher://example.org/"/>
</body></opml>
EOF
"$FEEDD" opml-import "$T/subs.opml" >"$T/imported.conf" 2>"$T/import.err"
check "opml-import makes a section per http(s) feed" \
    test "$(grep -c '^\[' "$T/imported.conf")" -eq 3
check "names from titles, made unique" \
    sh -c "grep -qx '\[lwn.net\]' '$T/imported.conf' && grep -qx '\[lwn.net-2\]' '$T/imported.conf'"
check "folders and categories become tags" grep -qx 'tags = tech-news linux kernel' "$T/imported.conf"
check "query strings survive" grep -qxF 'url = http://example.org/feed?x=1&y=2' "$T/imported.conf"
{ echo "[feedd]"; echo "database = $T/imp.db"; cat "$T/imported.conf"; } >"$T/imp.conf"
check "the imported sections pass feedd check" sh -c "'$FEEDD' -c '$T/imp.conf' check >/dev/null"
printf 'not xml' >"$T/bad.opml"
check "a broken OPML file is refused" sh -c "! '$FEEDD' opml-import '$T/bad.opml' >/dev/null 2>&1"

# HTTP: conditional requests, gzip, caching, methods.
etag=$(sed -n 's/^[Ee][Tt]ag: *\([^\r]*\).*/\1/p' "$T/got/h.atom")
lm=$(sed -n 's/^[Ll]ast-[Mm]odified: *\([^\r]*\).*/\1/p' "$T/got/h.atom")
code=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$H/feed.atom")
check_eq "If-None-Match gives 304" "$code" 304
code=$(curl -s -o /dev/null -w '%{http_code}' -H "If-Modified-Since: $lm" "$H/feed.atom")
check_eq "If-Modified-Since gives 304" "$code" 304
code=$(curl -s -o /dev/null -w '%{http_code}' -H "If-Modified-Since: Sat, 01 Jan 2000 00:00:00 GMT" "$H/feed.atom")
check_eq "an older If-Modified-Since gives 200" "$code" 200
curl -s -H 'Accept-Encoding: gzip' -D "$T/h.gz" -o "$T/body.gz" "$H/feed.atom"
check "gzip when accepted" grep -qi '^content-encoding: gzip' "$T/h.gz"
check "the gzip body is the document" sh -c "gzip -dc '$T/body.gz' | cmp -s - '$T/got/feed.atom'"
check "Cache-Control max-age is the poll interval" grep -qi '^cache-control: max-age=3600' "$T/got/h.atom"
check "Last-Modified sent" test -n "$lm"
check "connections are kept alive between requests" sh -c \
    "curl -sv -o /dev/null -o /dev/null '$H/feed.atom' '$H/feed.rss' 2>&1 | grep -q 'Re-using existing connection'"
code=$(curl -s -o /dev/null -w '%{http_code}' -X PUT -d 'a=1' "$H/feed.json")
check_eq "PUT is 405" "$code" 405
code=$(curl -s -o /dev/null -w '%{http_code}' -I "$H/tag/alpha.rss")
check_eq "HEAD of a tag feed is 200" "$code" 200

# WebSub: the hub heard about each feed that changed.
pinged() { grep -c "^POST	/hub?hub.mode=publish&hub.url=$(printf '%s' "$H/feed.atom" | sed 's|:|%3A|g; s|/|%2F|g')" "$T/requests.log"; }
check "the hub was pinged for /feed.atom" wait_for 5 test "$(pinged)" -ge 1
check "and for a tag feed" grep -q "hub.url=.*tag%2Fbeta.json" "$T/requests.log"
n_ping=$(pinged)

# One publish per cycle that changed something; none for one that did not.
pubs() { grep -c 'published [0-9]* entries' "$T/daemon.err"; }
p1=$(pubs)
kill -USR1 $DPID
polls_one() { test "$(grep -c 'GET	/one.xml' "$T/requests.log")" -ge 2; }
check "an unchanged poll" wait_for 10 polls_one
sleep 0.5
check_eq "publishes nothing" "$(pubs)" "$p1"

# An updated item: same id, new updated, new content, new ETag, a ping.
id1=$(grep -o '<id>urn:feedd:[^<]*</id>' "$T/got/feed.atom" | sort)
one_feed '<p>Ünïcödé <b>bold</b> &amp; 😀 中文, corrected</p>'
sleep 1
kill -USR1 $DPID
check "the update is published" wait_for 10 has /feed.atom 'corrected'
curl -s -D "$T/h2" -o "$T/feed2.atom" "$H/feed.atom"
check_eq "one publish for the cycle" "$(pubs)" "$((p1 + 1))"
check_eq "entry ids unchanged" "$(grep -o '<id>urn:feedd:[^<]*</id>' "$T/feed2.atom" | sort)" "$id1"
check "the entry's updated moved" "$PYTHON" - "$T/got/feed.atom" "$T/feed2.atom" <<'EOF'
import sys, feedparser
a, b = (feedparser.parse(p) for p in sys.argv[1:])
f = lambda d: {e.id: (e.updated, e.get("published")) for e in d.entries if "corrected" in str(e.get("summary", "")) + str(e.get("content", "")) or "Ünïcödé" in str(e.get("summary", ""))}
ua, ub = f(a), f(b)
k = list(ub)[0]
sys.exit(not (len(ub) == 1 and ua[k][0] < ub[k][0] and ua[k][1] == ub[k][1]))
EOF
check "a new ETag" test "$(sed -n 's/^[Ee][Tt]ag: *\([^\r]*\).*/\1/p' "$T/h2")" != "$etag"
check "the hub was pinged again" wait_for 5 test "$(pinged)" -gt "$n_ping"

# A hub that cannot be reached: logged, never fatal.
printf '[feedd]\ndatabase = %s\noutput = %s\nlisten = off\nbase_url = %s\nwebsub_hub = %s\n[one]\nurl = %s\n' \
    "$T/once.db" "$T/once.atom" "$H/" "http://127.0.0.1:$(free_port)/" \
    "$BASE/one.xml" >"$T/once.conf"
check "feedd once with an unreachable hub still succeeds" \
    sh -c "'$FEEDD' -c '$T/once.conf' once 2>'$T/once.err'"
check "and says the ping failed" grep -q 'websub http://127.0.0.1:[0-9]*/: ping for' "$T/once.err"

# A tag no feed carries any more is no longer served.
feedd_conf "listen = 127.0.0.1:$HPORT" "interval = 1h" "base_url = $H/" \
    "[one]" "url = $BASE/one.xml" "tags = alpha" "[two]" "url = $BASE/two.atom"
kill -HUP $DPID
gone() { test "$(curl -s -o /dev/null -w '%{http_code}' "$H/tag/beta.json")" = 404; }
check "after a reload a removed tag is 404" wait_for 10 gone
check "the remaining tag is still served" has /tag/alpha.atom 'Shared story'

kill -TERM $DPID
wait $DPID
check_eq "SIGTERM exits 0" "$?" 0
finish
