#!/usr/bin/env python3
# Writes tests/dedup/pairs.jsonl: labelled pairs of feed items, each
# {"id", "label": "duplicate"|"distinct", "kind", "a": item, "b": item}
# with item = {"title", "link", "content"} as a feed would carry it
# (HTML content, before cleaning).  Deterministic: re-running gives the
# same file.  Duplicates are one story re-served with other markup,
# tracking parameters, a byline, a caption, a footer or light rewording;
# distinct pairs are the hard cases: one site template around two
# stories, one headline on two days, two releases of one project, short
# items that differ in a word, stories on the same topic.
import html
import json
import os
import random

from stories import STORIES

rnd = random.Random(4)
pairs = []

SYN = {"said": "stated", "expected": "due", "about": "around",
       "small": "little", "new": "fresh", "started": "began",
       "start": "begin", "main": "chief", "hard": "difficult",
       "more than": "over", "full": "whole", "several": "a number of",
       "finally": "at last", "best": "top", "only": "just",
       "weekend": "two days", "immediately": "at once", "told": "informed"}


def slug(t):
    return "".join(c if c.isalnum() else "-" for c in t.lower())[:40]


def body(paras, wrap="p"):
    return "".join("<%s>%s</%s>" % (wrap, html.escape(p, quote=False), wrap)
                   for p in paras)


def item(title, paras, site="news.example", extra_pre="", extra_post="",
         link=None, wrap="p"):
    return {"title": title,
            "link": link or "https://%s/%s" % (site, slug(title)),
            "content": extra_pre + body(paras, wrap) + extra_post}


def reword(paras, n):
    out, done = [], 0
    for p in paras:
        for a, b in SYN.items():
            if done < n and (" %s " % a) in p:
                p = p.replace(" %s " % a, " %s " % b, 1)
                done += 1
        out.append(p)
    return out, done


def add(label, kind, a, b):
    pairs.append({"id": "%03d-%s" % (len(pairs) + 1, kind), "label": label,
                  "kind": kind, "a": a, "b": b})


BYLINES = ["<p>By Jane Holloway, Staff Reporter</p>",
           "<p><em>By Marcus Lee | Regional Desk</em></p>",
           "<p>Posted by admin</p>"]
CAPTIONS = ['<figure><img src="https://img.example/%d.jpg" alt=""><figcaption>'
            'Photo: Example Press Agency</figcaption></figure>',
            '<p><img src="https://cdn.example/p/%d.jpg"></p>']
FOOTERS = ['<p>The post <a href="https://blog.example/p">%s</a> appeared first '
           'on <a href="https://blog.example/">Example Blog</a>.</p>',
           '<p><a href="https://news.example/more">Continue reading &rarr;</a></p>',
           '<div class="sharedaddy"><a href="https://share.example/?u=x">'
           'Share on Facebook</a> <a href="https://share.example/t">Tweet</a></div>',
           '<p>Read more: <a href="https://news.example/">Example News</a></p>']

# Duplicates.
for i, (title, paras) in enumerate(STORIES):
    base = item(title, paras)
    # other markup, entities, whitespace, tracking parameters
    t2 = title.replace("'", "\u2019")
    c = "<div>" + "".join("<p>\n  %s\n</p>" % html.escape(p).replace(
        "'", "&#8217;") for p in paras) + "</div>"
    add("duplicate", "markup", base, {"title": t2, "content": c,
        "link": base["link"] + "?utm_source=rss&utm_medium=feed"})
    add("duplicate", "byline", base, item(title, paras, "wire.example",
        extra_pre=BYLINES[i % len(BYLINES)]))
    add("duplicate", "caption", base, item(title, paras, "mirror.example",
        extra_pre=CAPTIONS[i % len(CAPTIONS)] % i))
    add("duplicate", "footer", base, item(title, paras, "blog.example",
        extra_post=FOOTERS[i % len(FOOTERS)].replace("%s", title)))
    rp, n = reword(paras, 2)
    add("duplicate", "reword", base, item(title, rp, "syndicate.example"))
    add("duplicate", "retitle", base, item("Update: " + title if i % 2 else
        title + " (updated)", paras, "agg.example"))
    rp, n = reword(paras, 1)
    add("duplicate", "byline+reword", item(title, paras, "a.example",
        extra_pre=BYLINES[(i + 1) % len(BYLINES)]), item(title, rp,
        "b.example", extra_post=FOOTERS[(i + 1) % len(FOOTERS)].replace(
        "%s", title)))

# Distinct: one site template around two stories.
TPL_PRE = ("<p><strong>Example Daily</strong> &mdash; independent local "
           "journalism since 1998. Support us with a subscription from "
           "three euros a month.</p>")
TPL_POST = ("<p>Example Daily is published by Example Media Ltd. Follow us "
            "for breaking news, sport and weather from across the region, "
            "and sign up to the morning briefing newsletter.</p>")
for i in range(len(STORIES)):
    a, b = STORIES[i], STORIES[(i + 5) % len(STORIES)]
    add("distinct", "template", item(a[0], a[1], "daily.example", TPL_PRE,
        TPL_POST), item(b[0], b[1], "daily.example", TPL_PRE, TPL_POST))

# Distinct: one headline, two days.
DIGEST = [
    ["Road works close the bridge on Mill Lane until Friday.",
     "The library extends its opening hours during the exam period.",
     "A lost dog was reunited with its owners after four days."],
    ["The swimming pool reopens after a three-month refurbishment.",
     "Police appeal for witnesses after a break-in at the garden centre.",
     "The farmers' market moves to the square for the summer."],
    ["A new bus route links the hospital with the railway station.",
     "The school choir wins a regional competition in Carlton.",
     "Volunteers clear litter from the canal towpath on Sunday."],
    ["The council publishes its draft budget for next year.",
     "A heritage open day lets visitors inside the old mill.",
     "Two streets lose power for three hours after a cable fault."],
    ["Tickets for the autumn festival go on sale on Monday.",
     "A charity run raises twelve thousand euros for the hospice.",
     "The post office on High Street closes at the end of the month."],
]
for i in range(len(DIGEST)):
    for j in range(i + 1, len(DIGEST)):
        add("distinct", "same-headline", item("Morning briefing", DIGEST[i],
            "daily.example", link="https://daily.example/briefing/%d" % i),
            item("Morning briefing", DIGEST[j], "daily.example",
            link="https://daily.example/briefing/%d" % j))

# Distinct: two releases of one project, same template.
FIXES = ["fix a crash when the config file is empty",
         "fix a memory leak in the connection pool",
         "correct the time zone of log timestamps",
         "handle IPv6 addresses in the allow list",
         "make the retry delay configurable",
         "update the bundled certificate store",
         "fix the progress bar on narrow terminals",
         "speed up start-up on large repositories",
         "report the file name on a parse error",
         "restore compatibility with older servers"]
for i in range(12):
    v1, v2 = "2.%d.%d" % (i // 3, i % 3), "2.%d.%d" % (i // 3, i % 3 + 1)
    f1 = rnd.sample(FIXES, 3)
    f2 = rnd.sample([f for f in FIXES if f not in f1], 3)

    def rel(v, fixes):
        return {"title": "Syncd %s released" % v,
                "link": "https://syncd.example/news/%s" % v,
                "content": "<p>We are pleased to announce the release of "
                "Syncd %s. This is a maintenance release and all users are "
                "encouraged to upgrade.</p><ul>%s</ul><p>Source tarballs and "
                "binary packages are available from the download page. "
                "Thanks to everyone who reported bugs and sent patches.</p>"
                % (v, "".join("<li>%s</li>" % f for f in fixes))}
    add("distinct", "release", rel(v1, f1), rel(v2, f2))

# Distinct: short items that differ in a word or two.
SHORT = [("Firefox 121 released", "Firefox 121 is now available for download."),
         ("Firefox 122 released", "Firefox 122 is now available for download."),
         ("Storm warning for the coast", "Gales expected on Tuesday."),
         ("Storm warning for the hills", "Heavy snow expected on Tuesday."),
         ("Match report: United 2 City 1", "United won at home."),
         ("Match report: United 1 City 2", "City won away."),
         ("Kernel 6.7-rc3", "The third release candidate is out."),
         ("Kernel 6.7-rc4", "The fourth release candidate is out."),
         ("Weekly links", "Five things I read this week about databases."),
         ("Weekly links", "Five things I read this week about compilers.")]
for i in range(0, len(SHORT), 2):
    a, b = SHORT[i], SHORT[i + 1]
    add("distinct", "short", {"title": a[0], "link": "https://s.example/%d" % i,
        "content": "<p>%s</p>" % a[1]}, {"title": b[0], "content":
        "<p>%s</p>" % b[1], "link": "https://s.example/%d" % (i + 1)})
for i in range(0, len(SHORT) - 2, 2):
    a, b = SHORT[i], SHORT[i + 2]
    add("distinct", "short", {"title": a[0], "content": "<p>%s</p>" % a[1],
        "link": "https://s.example/x%d" % i}, {"title": b[0], "content":
        "<p>%s</p>" % b[1], "link": "https://s.example/y%d" % i})

# Distinct: stories sharing a paragraph (a follow-up quoting its lead).
for i in range(len(STORIES)):
    t, p = STORIES[i]
    o = STORIES[(i + 1) % len(STORIES)][1]
    add("distinct", "follow-up", item(t, p), item("Follow-up: " + t,
        [p[0]] + o[1:] + ["Officials promised more details in the coming days."]))

# Distinct: unrelated stories, any pair.
for k in range(30):
    i, j = rnd.sample(range(len(STORIES)), 2)
    add("distinct", "unrelated", item(*STORIES[i]), item(*STORIES[j]))

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "pairs.jsonl"), "w") as f:
    for p in pairs:
        f.write(json.dumps(p, ensure_ascii=False) + "\n")
print(len(pairs), "pairs:", sum(p["label"] == "duplicate" for p in pairs),
      "duplicate,", sum(p["label"] == "distinct" for p in pairs), "distinct")
