#!/usr/bin/python3
"""Checks feedd's published feeds; prints TAP lines ("ok - ..." and
"not ok - ...") for tests/t/ scripts to count.

    feedcheck.py DIR EXPECT.json

DIR holds feed.atom, feed.rss and feed.json as served.  EXPECT names what
must be in them:

    {"entries": N, "self": {"atom": URL, "rss": URL, "json": URL},
     "hub": URL|null, "merged_title": TITLE (an entry carried by 2 feeds),
     "entry": {"title": ..., "link": ..., "author": ..., "tags": [...],
               "enclosure": URL, "date": "YYYY-MM-DDTHH:MM:SSZ",
               "content_has": [...], "content_lacks": [...]}}

Atom is checked element by element against the MUSTs of RFC 4287 (the
sections are named in each message), then Atom and RSS are read with
feedparser, which must not complain (bozo false), and JSON against the
fields JSON Feed 1.1 requires.  Every entry must say the same in every
format: id, title, link, content, date, author, tags, enclosures,
sources.
"""
import calendar
import json
import re
import sys
import xml.etree.ElementTree as ET

import feedparser

A = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
results = []


def check(ok, what, detail=None):
    results.append(("ok" if ok else "not ok") + " - " + what)
    if not ok and detail is not None:
        results.append("#   " + str(detail)[:300])


def once(el, name, where, sect):
    n = len(el.findall(A + name))
    check(n == 1, "%s has exactly one atom:%s (RFC 4287 %s)" % (where, name, sect),
          "found %d" % n)
    return el.find(A + name)


def at_most_once(el, name, where, sect):
    n = len(el.findall(A + name))
    check(n <= 1, "%s has at most one atom:%s (RFC 4287 %s)" % (where, name, sect),
          "found %d" % n)


def text_construct(el, where):
    if el is None:
        return
    t = el.get("type", "text")
    check(t in ("text", "html", "xhtml"),
          "%s %s type is text, html or xhtml (RFC 4287 3.1.1)" % (where, el.tag[len(A):]), t)
    if t != "xhtml":
        check(len(list(el)) == 0, "%s %s of type %s has no child elements (3.1.1.1)"
              % (where, el.tag[len(A):], t))


def date_construct(el, where):
    if el is not None:
        check(bool(RFC3339.match(el.text or "")),
              "%s %s is an RFC 3339 date-time (RFC 4287 3.3)" % (where, el.tag[len(A):]),
              el.text)


def links(el, where):
    seen = set()
    for l in el.findall(A + "link"):
        check(bool(l.get("href")), "%s link has href (RFC 4287 4.2.7.1)" % where)
        if l.get("rel", "alternate") == "alternate":
            key = (l.get("type"), l.get("hreflang"))
            check(key not in seen, "%s has one alternate link per type and "
                  "hreflang (RFC 4287 4.1.1)" % where)
            seen.add(key)


def persons(el, where):
    for p in el.findall(A + "author") + el.findall(A + "contributor"):
        check(len(p.findall(A + "name")) == 1,
              "%s person has exactly one name (RFC 4287 3.2.1)" % where)


def ident(el, where):
    if el is not None:
        check(bool(IRI.match((el.text or "").strip())),
              "%s id is an absolute IRI (RFC 4287 4.2.6)" % where, el.text)


def check_atom(path):
    root = ET.parse(path).getroot()
    check(root.tag == A + "feed", "Atom root is atom:feed in the Atom namespace (RFC 4287 4.1.1)")
    ident(once(root, "id", "feed", "4.1.1"), "feed")
    text_construct(once(root, "title", "feed", "4.1.1"), "feed")
    date_construct(once(root, "updated", "feed", "4.1.1"), "feed")
    at_most_once(root, "subtitle", "feed", "4.1.1")
    at_most_once(root, "generator", "feed", "4.1.1")
    links(root, "feed")
    persons(root, "feed")
    entries = root.findall(A + "entry")
    feed_author = root.find(A + "author") is not None
    for i, e in enumerate(entries):
        w = "entry %d" % (i + 1)
        ident(once(e, "id", w, "4.1.2"), w)
        text_construct(once(e, "title", w, "4.1.2"), w)
        date_construct(once(e, "updated", w, "4.1.2"), w)
        at_most_once(e, "published", w, "4.1.2")
        date_construct(e.find(A + "published"), w)
        at_most_once(e, "summary", w, "4.1.2")
        at_most_once(e, "content", w, "4.1.2")
        at_most_once(e, "source", w, "4.1.2")
        at_most_once(e, "rights", w, "4.1.2")
        text_construct(e.find(A + "summary"), w)
        links(e, w)
        persons(e, w)
        check(feed_author or e.find(A + "author") is not None or
              (e.find(A + "source") is not None and e.find(A + "source/" + A + "author") is not None),
              "%s has an author, its own or the feed's (RFC 4287 4.1.2)" % w)
        has_alt = any(l.get("rel", "alternate") == "alternate" for l in e.findall(A + "link"))
        check(e.find(A + "content") is not None or has_alt,
              "%s has content or an alternate link (RFC 4287 4.1.2)" % w)
        c = e.find(A + "content")
        if c is not None and c.get("src") is None:
            text_construct(c, w)
        src = e.find(A + "source")
        if src is not None:
            at_most_once(src, "id", w + " source", "4.2.11")
            at_most_once(src, "title", w + " source", "4.2.11")
            at_most_once(src, "updated", w + " source", "4.2.11")
            ident(src.find(A + "id"), w + " source")
            check(src.find(A + "entry") is None, "%s source holds no entries (RFC 4287 4.2.11)" % w)
    return len(entries)


def iso(struct):
    return None if struct is None else \
        "%04d-%02d-%02dT%02d:%02d:%02dZ" % tuple(struct[:6]) if struct else None


def norm_fp(d, fmt):
    out = {}
    for e in d.entries:
        content = e.content[0].value if e.get("content") else e.get("summary")
        if fmt == "rss" and e.get("content"):
            content = e.content[0].value
        srcs = 0
        if e.get("source"):
            srcs = 1
        srcs += sum(1 for l in e.get("links", []) if l.get("rel") == "via")
        out[e.id] = {"title": e.get("title"), "link": e.get("link"),
                     "content": content,
                     # RSS has one date: pubDate is published, else updated.
                     "date": iso(e.get("published_parsed") or e.get("updated_parsed")),
                     "author": e.get("author"),
                     "tags": sorted(t.term for t in e.get("tags", [])),
                     "enclosures": sorted(x.href for x in e.get("enclosures", [])),
                     "sources": srcs}
    return out


def norm_json(j):
    out = {}
    for it in j["items"]:
        out[it["id"]] = {"title": it.get("title"), "link": it.get("url"),
                         "content": it.get("content_html"),
                         "date": it.get("date_published") or it.get("date_modified"),
                         "author": (it.get("authors") or [{}])[0].get("name"),
                         "tags": sorted(it.get("tags", [])),
                         "enclosures": sorted(a["url"] for a in it.get("attachments", [])),
                         "sources": len(it.get("_feedd", {}).get("sources", []))}
    return out


def check_json(path):
    j = json.load(open(path, encoding="utf-8"))
    check(j.get("version") == "https://jsonfeed.org/version/1.1",
          "JSON Feed version is 1.1", j.get("version"))
    check(isinstance(j.get("title"), str) and j["title"] != "", "JSON Feed has a title")
    check(isinstance(j.get("items"), list), "JSON Feed has items")
    for i, it in enumerate(j.get("items", [])):
        check(isinstance(it.get("id"), str) and it["id"] != "",
              "JSON item %d has a string id" % (i + 1))
        check(isinstance(it.get("content_html"), str) or isinstance(it.get("content_text"), str),
              "JSON item %d has content_html or content_text" % (i + 1))
        for a in it.get("attachments", []):
            check("url" in a and "mime_type" in a,
                  "JSON item %d attachment has url and mime_type" % (i + 1))
        for k in ("date_published", "date_modified"):
            if k in it:
                check(bool(RFC3339.match(it[k])), "JSON item %d %s is RFC 3339" % (i + 1, k))
    return j


def main():
    d, expect = sys.argv[1], json.load(open(sys.argv[2]))
    n = check_atom(d + "/feed.atom")
    check(n == expect["entries"], "Atom has %d entries" % expect["entries"], n)
    fa = feedparser.parse(d + "/feed.atom")
    fr = feedparser.parse(d + "/feed.rss")
    check(not fa.bozo, "feedparser reads the Atom without complaint", fa.get("bozo_exception"))
    check(not fr.bozo, "feedparser reads the RSS without complaint", fr.get("bozo_exception"))
    check(fa.version == "atom10", "feedparser sees Atom 1.0", fa.version)
    check(fr.version == "rss20", "feedparser sees RSS 2.0", fr.version)
    j = check_json(d + "/feed.json")
    sa, sr, sj = norm_fp(fa, "atom"), norm_fp(fr, "rss"), norm_json(j)
    check(set(sa) == set(sr) == set(sj), "the same entry ids in Atom, RSS and JSON",
          (sorted(sa), sorted(sr), sorted(sj)))
    for i in sorted(set(sa) & set(sr) & set(sj)):
        for k in ("title", "link", "content", "date", "author", "tags",
                  "enclosures", "sources"):
            check(sa[i][k] == sr[i][k] == sj[i][k],
                  "%s of %s agrees in Atom, RSS and JSON" % (k, sa[i]["title"]),
                  (sa[i][k], sr[i][k], sj[i][k]))
    # Autodiscovery and self links.
    self = expect.get("self")
    if self:
        check(any(l.rel == "self" and l.href == self["atom"] for l in fa.feed.links),
              "Atom self link is base_url/feed.atom")
        check(any(l.get("rel") == "self" and l.get("href") == self["rss"] for l in fr.feed.get("links", [])),
              "RSS atom:link self is base_url/feed.rss")
        check(j.get("feed_url") == self["json"], "JSON feed_url is base_url/feed.json")
    hub = expect.get("hub")
    if hub:
        check(any(l.rel == "hub" and l.href == hub for l in fa.feed.links), "Atom advertises the hub")
        check(any(l.get("rel") == "hub" and l.get("href") == hub for l in fr.feed.get("links", [])),
              "RSS advertises the hub")
        check(j.get("hubs", [{}])[0].get("url") == hub and j["hubs"][0].get("type") == "WebSub",
              "JSON advertises the hub")
    mt = expect.get("merged_title")
    if mt:
        m = [v for v in sa.values() if v["title"] == mt]
        check(len(m) == 1 and m[0]["sources"] == 2,
              "the story two feeds carried is one entry naming both", m)
    want = expect.get("entry")
    if want:
        got = [v for v in sa.values() if v["title"] == want["title"]]
        check(len(got) == 1, "the special-character entry is there, title intact in Atom",
              [v["title"] for v in sa.values()])
        g = got[0] if got else {}
        gr = [v for v in sr.values() if v["title"] == want["title"]]
        gj = [v for v in sj.values() if v["title"] == want["title"]]
        check(len(gr) == 1 and len(gj) == 1, "and in RSS and JSON")
        for k in ("link", "author", "tags", "date"):
            check(g.get(k) == want[k], "feedparser gets %s back" % k, (g.get(k), want[k]))
        check(g.get("enclosures") == [want["enclosure"]], "feedparser gets the enclosure back")
        for s in want.get("content_has", []):
            check(s in (g.get("content") or ""), "content keeps %r" % s, g.get("content"))
        for s in want.get("content_lacks", []):
            check(s not in (g.get("content") or ""), "content has no %r" % s)
    print("\n".join(results))


if __name__ == "__main__":
    main()
