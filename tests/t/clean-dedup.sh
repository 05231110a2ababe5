#!/bin/sh
# clean-dedup.sh — feedd once end to end for issue 4: boilerplate and
# user strip rules leave the article, a near duplicate from another feed
# becomes one entry with both sources (or two with near_duplicates = no),
# and a feed whose guids are all one gets its items kept apart by link.
. "$TOP/tests/lib/tap.sh"

fixture_start
body='<p>The city council voted 9 to 4 on Tuesday night to build protected cycle lanes along the full length of Harbour Road, ending a two-year dispute between residents and shop owners.</p><p>Construction is expected to start in March and last about five months. The plan removes 140 parking spaces.</p>'
rss_feed alpha.xml Alpha \
    "a-1|Council approves cycle lanes|http://alpha.example/lanes|<p>By admin</p>$body<p>Sponsored by ACME</p><div class=\"promo\">Buy now</div><p>The post <a href=\"http://alpha.example/lanes\">Council</a> appeared first on <a href=\"http://alpha.example/\">Alpha</a>.</p>"
rss_feed beta.xml Beta \
    "b-9|Update: council approves Harbour Road cycle lanes|http://beta.example/x?utm_source=rss|<figure><img src=\"http://img.example/1.jpg\"><figcaption>Photo: Example Press</figcaption></figure>$body<p><a href=\"http://beta.example/x\">Continue reading &rarr;</a></p>"
rss_feed same.xml Same \
    "x|First story|http://same.example/1|<p>One.</p>" \
    "x|Second story|http://same.example/2|<p>Two.</p>" \
    "x|Third story|http://same.example/3|<p>Three.</p>"
# author "admin" for the byline rule
sed -i 's|<title>Council approves cycle lanes</title>|&<author>admin</author>|' "$T/www/alpha.xml"

feedd_conf "listen = off" 'strip_text = "sponsored by *"' \
    "[alpha]" "url = $BASE/alpha.xml" 'strip_element = ".promo"' \
    "[beta]" "url = $BASE/beta.xml" \
    "[same]" "url = $BASE/same.xml"
"$FEEDD" -v -c "$T/feeds.conf" check >"$T/check.out" 2>&1
check_eq "feedd check accepts the strip rules" "$?" 0
check "check -v prints them back" grep -q '^strip_element = ".promo"' "$T/check.out"
sed -n '/^\[feedd\]/,$p' "$T/check.out" >"$T/again.conf"
check "and its output parses again" sh -c "'$FEEDD' -c '$T/again.conf' check >/dev/null"

"$FEEDD" -c "$T/feeds.conf" once 2>"$T/err"
check_eq "once exits 0" "$?" 0
check_eq "the near duplicate is one item" \
    "$(sql "select count(*) from items where coalesce(content, summary) like '%Harbour Road%'")" 1
check_eq "with both feeds as sources" \
    "$(sql "select count(*) from item_sources s join items i on i.id = s.item_id where coalesce(i.content, i.summary) like '%Harbour Road%'")" 2
content=$(sql "select coalesce(content, summary) from items where coalesce(content, summary) like '%Harbour Road%'")
check "the article text is kept" sh -c "echo '$content' | grep -q 'Construction is expected to start in March'"
for gone in 'By admin' 'Sponsored by' 'Buy now' 'appeared first on' 'Continue reading'; do
	check "boilerplate removed: $gone" sh -c "! grep -q '$gone' '$T/merged.atom'"
done
check_eq "one guid on three stories: three items" \
    "$(sql "select count(*) from items where title like '%story'")" 3
check "the broken guids are reported" grep -q 'identity same: guids are shared' "$T/err"
check "tracking parameters are gone" sh -c "! grep -q utm_source '$T/merged.atom'"

rm -f "$T/feedd.db"*
feedd_conf "listen = off" "near_duplicates = no" \
    "[alpha]" "url = $BASE/alpha.xml" \
    "[beta]" "url = $BASE/beta.xml"
"$FEEDD" -c "$T/feeds.conf" once 2>"$T/err2"
check_eq "near_duplicates = no: two items" \
    "$(sql "select count(*) from items where coalesce(content, summary) like '%Harbour Road%'")" 2

printf '[feedd]\nstrip_element = "div > p"\n' >"$T/bad.conf"
"$FEEDD" -c "$T/bad.conf" check >"$T/bad.out" 2>&1
check "a selector we cannot match is refused" sh -c "[ $? -ne 0 ] && grep -q 'strip_element: want' '$T/bad.out'"
finish
