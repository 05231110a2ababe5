#!/bin/sh
# publish-page.sh — the page at / as a person sees it: rendered by
# headless Chromium with page scripts off, on a phone and a desktop
# width; every entry's title, source, date and cleaned content readable,
# newest first, links to the feeds, no sideways scrolling.
. "$TOP/tests/lib/tap.sh"

if ! command -v chromium >/dev/null; then
	sh "$TOP/tests/lib/deps.sh" chromium >"$T/deps.log" 2>&1
fi
if ! command -v chromium >/dev/null; then
	echo "ok 1 - # SKIP chromium cannot be installed: $(tail -1 "$T/deps.log")"
	echo "1..1"
	exit 0
fi

fixture_start
rss_feed one.xml One \
    "o-1|Older story|http://one.example/1|<p>First <b>bold</b> words &amp; more.</p>" \
    "o-2|Ελληνικά 😀 &amp;lt;3 &amp;amp; co|http://one.example/2|<p>Zweite <em>Geschichte</em></p><script>document.write('INJECTED')</script>"
sed -i '0,/10:00:00/! s/10:00:00/11:00:00/' "$T/www/one.xml"	# o-2 is newer
rss_feed two.xml Two "t-1|Third &amp; last|http://two.example/1|<p>A long paragraph $(printf 'word%.0s ' $(seq 1 200))</p>"
sed -i 's/<pubDate>Mon, 02 Nov 2026 10:00:00/<pubDate>Mon, 02 Nov 2026 09:00:00/' "$T/www/two.xml"
HPORT=$(free_port)
H="http://127.0.0.1:$HPORT"
feedd_conf "listen = 127.0.0.1:$HPORT" "interval = 1h" \
    "[one]" "url = $BASE/one.xml" "[two]" "url = $BASE/two.xml"
"$FEEDD" -c "$T/feeds.conf" run 2>"$T/daemon.err" &
PIDS="$PIDS $!"
check "the page lists the entries" wait_for 10 sh -c "curl -sf '$H/' | grep -q 'Third'"
check_eq "the page is text/html with a charset" \
    "$(curl -s -o /dev/null -w '%{content_type}' "$H/")" "text/html; charset=utf-8"

for width in 375 1280; do
	timeout 60 "$PYTHON" "$TOP/tests/lib/browse.py" "$H/" $width \
	    "$T/shot-$width.png" >"$T/seen-$width.json" 2>"$T/browse.err"
	check "chromium renders / at ${width}px" test -s "$T/seen-$width.json"
	[ -s "$T/seen-$width.json" ] || { sed 's/^/# /' "$T/browse.err"; continue; }
	"$PYTHON" - "$T/seen-$width.json" "$H" $width >"$T/seen.out" <<'EOF'
import json, sys
p, h, width = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3]
def check(ok, what, detail=None):
    print(("ok" if ok else "not ok") + " - %s (%spx)" % (what, width))
    if not ok and detail is not None:
        print("#   " + str(detail)[:300])
a = p["articles"]
check(p["title"] == "Test Planet", "the window title is the feed's", p["title"])
check("Test Planet" in p["text"].split("\n")[0], "the page starts with the feed's title")
check([x["h2"] for x in a] == ["Ελληνικά 😀 <3 & co", "Older story", "Third & last"],
      "entries newest first, titles with their characters", [x["h2"] for x in a])
check(all(x["visible"] for x in a), "every entry is visible")
check(a[0]["meta"] == "One · 2026-11-02 11:00 UTC", "source and date shown", a[0]["meta"])
check(a[2]["meta"].startswith("Two · "), "the other source named", a[2]["meta"])
check(a[1]["content"] == "First bold words & more.", "cleaned content read as text",
      a[1]["content"])
check(a[0]["content"] == "Zweite Geschichte" and "INJECTED" not in p["text"],
      "the feed's script neither ran nor shows", a[0]["content"])
check(p["scripts"] == 0, "the page has no scripts")
check(not p["overflow"], "no sideways scrolling")
check(p["smallest"] >= 12, "no text smaller than 12px", p["smallest"])
links = {l["text"]: l for l in p["links"]}
check(all(k in links and links[k]["visible"] for k in ("Atom", "RSS", "JSON Feed", "OPML")),
      "visible links to the feeds and the OPML")
check(links.get("Older story", {}).get("href") == "http://one.example/1",
      "an entry's title links to the story")
alt = {l["type"]: l["href"] for l in p["alternates"]}
check(alt == {"application/atom+xml": h + "/feed.atom", "application/rss+xml": h + "/feed.rss",
              "application/feed+json": h + "/feed.json"}, "autodiscovery of all three feeds", alt)
check(p["shot"] > 5000, "a screenshot with something on it", p["shot"])
EOF
	while IFS= read -r line; do
		case "$line" in
		"ok - "*) ok "${line#ok - }" ;;
		"not ok - "*) notok "${line#not ok - }" ;;
		"#"*) echo "$line" ;;
		esac
	done <"$T/seen.out"
done
finish
