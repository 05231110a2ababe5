#!/usr/bin/python3
"""Benchmark `feedd once` on a generated corpus served by nginx.

    bench.py [--feeds N] [--items N] [--dup-share F] [--parallel N]
             [--feedd PATH] [--seed N] [--keep] [--parse-only]

Generates N feeds (RSS 2.0 and Atom mixed) of realistic HTML items -- links
with tracking parameters, images, scripts for the sanitizer to strip --
where a share of the stories is carried by several feeds with different
markup, as syndicated news is.  nginx serves them from a temporary prefix
with ETag on; feedd polls everything twice: the cold cycle stores every
item, the warm cycle should get a 304 for every feed.  Each cycle is
measured from os.wait4(): wall time, CPU time, peak RSS.

Before that, parse throughput: build/std/parse_bench times parse + clean
+ hash (single core, CPU time) over the same files read from disk, in
turns with libxml2's own streaming parse of the same bytes (xmllint
--stream), five of each, best of each; --parse-only stops there.

Only the Python 3 standard library and nginx are needed (make bench
installs nginx-light).  Nothing but 127.0.0.1 is contacted.
"""
import argparse
import datetime
import email.utils
import json
import os
import random
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from xml.sax.saxutils import escape

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
TIME = "/usr/bin/time"
WORDS = ("kernel scheduler memory release patch driver network storage "
         "security update compiler library daemon protocol cluster cache "
         "latency throughput filesystem backup window terminal package "
         "upstream maintainer review benchmark regression feature config "
         "parser socket thread process signal buffer queue index query "
         "river mountain harbour market council election budget school "
         "museum festival weather forecast climate energy transport rail "
         "the a of and to in for on with by from at as is was are new "
         "old first last major minor quick careful open free stable").split()
SITES = ["news.example.com", "blog.example.org", "lwn.example.net",
         "press.example.io", "media.example.co.uk"]
TRACKING = ["utm_source=rss", "utm_medium=feed", "utm_campaign=daily",
            "fbclid=IwAR0abc", "gclid=Cj0KCQ", "mc_eid=12ab34"]


def sentence(rng):
    n = rng.randint(8, 20)
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


class Story:
    """The visible text of one story; markup is chosen per appearance."""

    def __init__(self, rng, sentences, key):
        self.key = key
        self.title = "%s %s" % (" ".join(rng.sample(WORDS, 6)).title(), key)
        self.paras = []
        for _ in range(rng.randint(6, 8)):
            k = rng.randint(3, 6)
            self.paras.append([rng.choice(sentences) for _ in range(k)])
        self.links = [(rng.choice(SITES), rng.randint(1, 10 ** 6))
                      for _ in range(rng.randint(3, 6))]
        self.images = rng.randint(1, 3)


def link(rng, site, n, text):
    q = "&".join(rng.sample(TRACKING, rng.randint(0, 3)))
    url = "https://%s/%d/story.html%s" % (site, n, "?" + q if q else "")
    return '<a href="%s" rel="nofollow" target="_blank">%s</a>' % (
        url.replace("&", "&amp;"), text)


def render(rng, story, variant):
    """HTML for story; variants differ in markup and whitespace only."""
    out = []
    para_tag = ["p", "div", "p"][variant % 3]
    links = list(story.links)
    for i, para in enumerate(story.paras):
        text = " ".join(para)
        if links and i % 2 == 0:
            site, n = links.pop()
            words = text.split(" ")
            j = rng.randint(0, len(words) - 2)
            words[j] = link(rng, site, n, words[j])
            text = " ".join(words)
        if variant == 1:
            text = text.replace(". ", ".\n   ")
        attrs = ' class="body-%d" style="margin:0 0 1em 0"' % variant \
            if variant else ""
        out.append("<%s%s>%s</%s>" % (para_tag, attrs, text, para_tag))
        if i < story.images:
            out.append('<figure><img src="https://cdn.example.com/img/%s-%d'
                       '.jpg?w=800&amp;utm_source=rss" alt="" width="800" '
                       'height="450"></figure>' % (story.key, i))
        if i == 3 and variant == 2:
            out.append("<script>track('%s')</script>" % story.key)
        if i == 5:
            out.append("<blockquote><strong>%s</strong></blockquote>"
                       % " ".join(story.paras[0][:1]))
    out.append('<img src="https://pixel.example.com/t.gif?id=%s" width="1" '
               'height="1">' % story.key)
    return "\n".join(out)


def rss(name, port, items):
    head = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            '\n<channel>\n<title>Bench feed %s</title>\n'
            '<link>http://127.0.0.1:%d/%s.html</link>\n'
            '<description>Generated for feedd bench</description>\n'
            % (name, port, name))
    body = []
    for guid, story, html, when in items:
        body.append(
            "<item>\n<title>%s</title>\n<link>https://%s/%s</link>\n"
            '<guid isPermaLink="false">%s</guid>\n<pubDate>%s</pubDate>\n'
            "<dc:creator>Bench Writer</dc:creator>\n"
            "<category>bench</category>\n"
            "<description><![CDATA[%s]]></description>\n</item>\n"
            % (escape(story.title), SITES[0], guid, guid,
               email.utils.format_datetime(when), html))
    return head + "".join(body) + "</channel>\n</rss>\n"


def atom(name, port, items):
    head = ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<feed xmlns="http://www.w3.org/2005/Atom">\n'
            "<title>Bench feed %s</title>\n"
            '<link href="http://127.0.0.1:%d/%s.html"/>\n'
            "<id>urn:feedd-bench:%s</id>\n<updated>%s</updated>\n"
            % (name, port, name, name, items[0][3].isoformat()))
    body = []
    for guid, story, html, when in items:
        body.append(
            "<entry>\n<title>%s</title>\n"
            '<link rel="alternate" href="https://%s/%s"/>\n'
            "<id>urn:feedd-bench:%s</id>\n<updated>%s</updated>\n"
            "<author><name>Bench Writer</name></author>\n"
            '<content type="html">%s</content>\n</entry>\n'
            % (escape(story.title), SITES[1], guid, guid, when.isoformat(),
               escape(html)))
    return head + "".join(body) + "</feed>\n"


def generate(root, port, nfeeds, nitems, dup_share, seed):
    """Writes the corpus; returns (bytes, items, distinct stories)."""
    rng = random.Random(seed)
    sentences = [sentence(rng) for _ in range(3000)]
    shared = [Story(rng, sentences, "shared%05d" % i)
              for i in range(max(1, int(nfeeds * nitems * dup_share / 3)))]
    used = set()
    now = datetime.datetime(2025, 6, 1, tzinfo=datetime.timezone.utc)
    total = 0
    os.makedirs(os.path.join(root, "feeds"), exist_ok=True)
    for f in range(nfeeds):
        name = "feed%04d" % f
        items = []
        for i in range(nitems):
            if rng.random() < dup_share:
                story = rng.choice(shared)
            else:
                story = Story(rng, sentences, "%s-%d" % (name, i))
            used.add(story.key)
            when = now - datetime.timedelta(minutes=37 * i + f)
            items.append(("%s/item/%d" % (name, i), story,
                          render(rng, story, rng.randint(0, 2)), when))
        is_rss = f % 2 == 0
        doc = (rss if is_rss else atom)(name, port, items)
        path = os.path.join(root, "feeds", name + (".xml" if is_rss
                                                   else ".atom"))
        with open(path, "w", encoding="utf-8") as fp:
            fp.write(doc)
        total += len(doc.encode())
    return total, nfeeds * nitems, len(used)


def feed_urls(root, port):
    for fn in sorted(os.listdir(os.path.join(root, "feeds"))):
        yield fn.split(".")[0], "http://127.0.0.1:%d/feeds/%s" % (port, fn)


def write_conf(path, tmp, root, port, parallel, db="bench.db"):
    with open(path, "w") as fp:
        fp.write("[feedd]\ntitle = feedd bench\ndatabase = %s/%s\n"
                 "output = %s/merged.atom\nlisten = off\ninterval = 30m\n"
                 "max_items = 200\n" % (tmp, db, tmp))
        # every bench feed is on 127.0.0.1: the per-host cap is the cap
        fp.write("parallel = %d\nper_host = %d\n" % (parallel, parallel))
        for name, url in feed_urls(root, port):
            fp.write("\n[%s]\nurl = %s\n" % (name, url))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def nginx_temps(tmp):
    """nginx.conf lines moving every temp path nginx was built with under
    tmp/ngx, so that it runs as any user without touching /var."""
    v = subprocess.run([NGINX, "-V"], capture_output=True, text=True).stderr
    os.makedirs(os.path.join(tmp, "ngx"), exist_ok=True)
    return "".join("    %s_temp_path %s/ngx/%s;\n"
                   % (m.replace("-", "_"), tmp, m)
                   for m in re.findall(r"--http-([a-z-]+)-temp-path", v))


def start_nginx(tmp, root, port):
    """nginx in the foreground as our child, everything under tmp."""
    temps = nginx_temps(tmp)
    conf = os.path.join(tmp, "nginx.conf")
    with open(conf, "w") as fp:
        fp.write("""daemon off;
worker_processes 1;
pid %(tmp)s/nginx.pid;
error_log %(tmp)s/nginx-error.log warn;
events { worker_connections 4096; }
http {
%(temps)s    types { application/rss+xml xml; application/atom+xml atom; }
    default_type application/octet-stream;
    log_format bench '$status $body_bytes_sent';
    access_log %(tmp)s/access.log bench;
    sendfile on;
    etag on;
    keepalive_requests 100000;
    server {
        listen 127.0.0.1:%(port)d;
        root %(root)s;
    }
    server {
        # the same files from a server without validators: every poll
        # is a 200 with the same bytes
        listen 127.0.0.1:%(port2)d;
        root %(root)s;
        etag off;
        if_modified_since off;
    }
}
""" % {"tmp": tmp, "temps": temps, "port": port, "port2": port + 1,
       "root": root})
    proc = subprocess.Popen([NGINX, "-p", tmp, "-c", conf,
                             "-e", os.path.join(tmp, "nginx-error.log")])
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), 0.1).close()
            return proc
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.05)
    proc.kill()
    with open(os.path.join(tmp, "nginx-error.log")) as fp:
        sys.exit("bench: nginx did not start:\n" + fp.read())


def access_counts(tmp, offset):
    """Statuses nginx logged since offset: ({status: n}, new offset)."""
    counts = {}
    with open(os.path.join(tmp, "access.log")) as fp:
        fp.seek(offset)
        for line in fp:
            st = line.split()[0]
            counts[st] = counts.get(st, 0) + 1
        return counts, fp.tell()


def run_once(feedd, conf, log):
    """Runs `feedd -c conf once`; returns wall, cpu, peak RSS KB, status.

    Linux carries a process's peak RSS across fork and exec, so a child
    forked straight from this (large) Python would report our peak, not
    feedd's.  /usr/bin/time forks feedd from a small process and reports
    its rusage; without it os.wait4 gives an upper bound.
    """
    return run_cmd([feedd, "-c", conf, "once"], log)


def stored_items(db):
    try:
        with sqlite3.connect("file:%s?mode=ro" % db, uri=True) as c:
            return c.execute("SELECT count(*) FROM items").fetchone()[0]
    except sqlite3.Error:
        return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--feeds", type=int, default=1000)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--dup-share", type=float, default=0.10,
                    help="share of items that are stories carried by "
                    "several feeds (default 0.10)")
    ap.add_argument("--parallel", type=int, default=16,
                    help="feedd parallel= (default: feedd's own)")
    ap.add_argument("--feedd", default=os.path.join(TOP, "daemon/feedd"))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", action="store_true",
                    help="keep the temporary directory")
    ap.add_argument("--parse-only", action="store_true",
                    help="measure parse throughput only, not feedd once")
    ap.add_argument("--parse-bench",
                    default=os.path.join(TOP, "build/std/parse_bench"))
    ap.add_argument("--dedup-only", action="store_true",
                    help="score tests/dedup and the near-duplicate lookup only")
    ap.add_argument("--near-items", type=int, default=1000000,
                    help="largest store for the lookup cost (default 1e6)")
    ap.add_argument("--startup-items", type=int, default=1000000,
                    help="largest store for the start-up time (default "
                    "1e6; 0 skips it)")
    a = ap.parse_args()
    if not os.access(a.feedd, os.X_OK):
        sys.exit("bench: %s not built (make)" % a.feedd)
    dedup_rc = dedup_section(a.near_items)
    if a.dedup_only:
        return dedup_rc
    if a.startup_items > 0 and not a.parse_only:
        startup_section(a.feedd, a.startup_items)

    tmp = tempfile.mkdtemp(prefix="feedd-bench.")
    os.chmod(tmp, 0o755)  # nginx workers run as another user under root
    root = os.path.join(tmp, "www")
    nginx, keep = None, a.keep
    try:
        port = free_port()
        t0 = time.monotonic()
        size, nitems, distinct = generate(root, port, a.feeds, a.items,
                                          a.dup_share, a.seed)
        print("corpus: %d feeds, %d items (%d distinct stories), %.1f MB, "
              "%.0f KB/feed, made in %.1fs"
              % (a.feeds, nitems, distinct, size / 1e6,
                 size / 1e3 / max(1, a.feeds), time.monotonic() - t0))
        parse_s = parse_throughput(a.parse_bench, root)
        if a.parse_only:
            return 0
        conf = os.path.join(tmp, "bench.conf")
        write_conf(conf, tmp, root, port, a.parallel)
        nginx = start_nginx(tmp, root, port)
        rows, offset = [], 0
        for cycle in ("cold", "warm"):
            log = os.path.join(tmp, "feedd-%s.log" % cycle)
            wall, cpu, rss, rc = run_once(a.feedd, conf, log)
            counts, offset = access_counts(tmp, offset)
            rows.append((cycle, wall, cpu, rss, rc, counts))
        offset = fetch_cycles(a, tmp, root, port, rows, offset)
        report(rows, a.feeds, nitems, stored_items(tmp + "/bench.db"),
               distinct)
        fetch_goals(rows, a.parallel, parse_s)
        keep = keep or any(r[4] != 0 for r in rows)
        return 1 if any(r[4] != 0 for r in rows) else 0
    except BaseException:
        keep = True
        raise
    finally:
        if nginx:
            nginx.terminate()
            nginx.wait()
        if keep:
            print("kept %s (bench.conf, feedd-cold.log, feedd-warm.log)"
                  % tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def dedup_section(near_items):
    """Issue 4: tests/dedup scored through clean, hash and store (goal:
    precision 100% on distinct pairs, recall >= 95% on duplicates), and
    the near-duplicate lookup cost from 10,000 to near_items stored
    items (goal: flat), in a database under /dev/shm when there is one."""
    rc = 0
    for argv in ([os.path.join(TOP, "build/std/bench-dedup"),
                  os.path.join(TOP, "tests/dedup/pairs.jsonl")],
                 [os.path.join(TOP, "build/std/bench-near"), "-n",
                  str(near_items), "/dev/shm" if os.path.isdir("/dev/shm")
                  else tempfile.gettempdir()]):
        r = subprocess.run(argv, stdout=subprocess.PIPE, text=True)
        print("\n".join(l for l in r.stdout.splitlines()
                        if l.startswith(("dedup:", "near:"))))
        rc = rc or r.returncode
    return rc


def startup_section(feedd, most):
    """Issue 5: start-up must not grow with the stored items.  bench-near
    fills a store with 10,000 and with `most` items; `feedd once` with
    no feeds opens it, counts, prunes and exits (best of three)."""
    tmp = tempfile.mkdtemp(prefix="feedd-startup.")
    try:
        first = None
        for n in sorted({10000, most}):
            r = subprocess.run([os.path.join(TOP, "build/std/bench-near"),
                                "-k", "-n", str(n), tmp],
                               stdout=subprocess.PIPE, text=True)
            db = [l.split(": ", 1)[1] for l in r.stdout.splitlines()
                  if l.startswith("database: ")]
            if not db:
                print("startup: bench-near -n %d kept no database" % n)
                return
            conf = os.path.join(tmp, "startup.conf")
            with open(conf, "w") as fp:
                fp.write("[feedd]\ndatabase = %s\noutput = %s/out.atom\n"
                         "listen = off\nkeep = 36500d\n" % (db[0], tmp))
            best = min(run_once(feedd, conf, os.path.join(tmp, "log"))[0]
                       for _ in range(3))
            first = first or best
            print("startup: %8d items stored: %.3f s (%.2fx the first "
                  "size; goal: flat)" % (n, best, best / first))
            os.unlink(db[0])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def cpu_seconds(argv):
    """CPU seconds of a child (user + system), from os.wait4()."""
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("bench: %s failed: %s" % (argv[0], err[:300]))
    return ru.ru_utime + ru.ru_stime


def parse_throughput(parse_bench, root, rounds=5):
    """parse + clean + hash of every corpus file, beside xmllint --stream.

    The two are run in turns, rounds times, so that both see the machine
    as it is at the moment (a shared one drifts by a third over minutes);
    each reports its best, and the ratio of every turn is shown too.
    """
    if not os.access(parse_bench, os.X_OK):
        sys.exit("bench: %s not built (make %s)" % (parse_bench, parse_bench))
    d = os.path.join(root, "feeds")
    files = [os.path.join(d, f) for f in sorted(os.listdir(d))]
    xmllint = shutil.which("xmllint")
    r, lint, turns = None, None, []
    for _ in range(rounds):
        out = subprocess.run([parse_bench, "-r", "1"] + files, check=True,
                             capture_output=True, text=True).stdout
        one = json.loads(out)
        t = one["parse_s"] + one["clean_s"] + one["hash_s"]
        if r is None or t < r["parse_s"] + r["clean_s"] + r["hash_s"]:
            r = one
        if xmllint:
            x = cpu_seconds([xmllint, "--stream", "--noout"] + files)
            lint = x if lint is None else min(lint, x)
            turns.append(x / max(t, 1e-9))
    mb = r["bytes"] / 1e6
    total = r["parse_s"] + r["clean_s"] + r["hash_s"]
    print()
    print("parse throughput, one core, %.1f MB in %d documents, %d items%s:"
          % (mb, r["docs"], r["items"],
             "" if not r["failed"] else " (%d FAILED)" % r["failed"]))
    print("%-26s %8s %9s %11s" % ("stage", "cpu s", "MB/s", "items/s"))
    for name, t in (("parse", r["parse_s"]), ("clean", r["clean_s"]),
                    ("hash", r["hash_s"]), ("parse + clean + hash", total)):
        print("%-26s %8.3f %9.1f %11.0f"
              % (name, t, mb / max(t, 1e-9), r["items"] / max(t, 1e-9)))
    rate = mb / max(total, 1e-9)
    print("parse + clean + hash %.1f MB/s (issue 3's figure: 65 MB/s) %s"
          % (rate, "ok" if rate >= 65 else "MISSED"))
    if lint is not None:
        print("%-26s %8.3f %9.1f %11s" % ("xmllint --stream", lint,
                                          mb / max(lint, 1e-9), "-"))
        print("parse + clean + hash at %.0f%% of libxml2's streaming rate "
              "measured here (issue 3: half, which it put at ~130 MB/s) %s"
              % (100 * lint / max(total, 1e-9),
                 "ok" if 2 * lint >= total else "MISSED"))
        print("  turn by turn: %s"
              % " ".join("%.0f%%" % (100 * q) for q in turns))
    return total


def fetch_cycles(a, tmp, root, port, rows, offset):
    """The unchanged-200 cycle and curl --parallel over the same URLs.

    A second database polls the server without validators: once cold
    (as "cold200", every body stored and hashed), then again as "same200",
    where every body is byte for byte the last one.  curl fetches the same
    URLs with the same parallelism: "curl304" sends each file's ETag as
    nginx makes it, "curl200" asks the server without validators.
    """
    conf2 = os.path.join(tmp, "bench200.conf")
    write_conf(conf2, tmp, root, port + 1, a.parallel, "bench200.db")
    for cycle in ("cold200", "same200"):
        log = os.path.join(tmp, "feedd-%s.log" % cycle)
        wall, cpu, rss, rc = run_once(a.feedd, conf2, log)
        counts, offset = access_counts(tmp, offset)
        rows.append((cycle, wall, cpu, rss, rc, counts))
    for cycle, p, etags in (("curl304", port, True),
                            ("curl200", port + 1, False)):
        cfg = os.path.join(tmp, cycle + ".curlrc")
        with open(cfg, "w") as fp:
            for i, (name, url) in enumerate(feed_urls(root, p)):
                fp.write('%surl = "%s"\noutput = "/dev/null"\n'
                         % ("next\n" if i else "", url))
                if etags:
                    st = os.stat(os.path.join(root, "feeds",
                                              url.rsplit("/", 1)[1]))
                    fp.write('header = "If-None-Match: \\"%x-%x\\""\n'
                             % (int(st.st_mtime), st.st_size))
        log = os.path.join(tmp, cycle + ".log")
        wall, cpu, rss, rc = run_cmd(
            ["curl", "-s", "--no-progress-meter", "--compressed",
             "--parallel", "--parallel-max",
             str(a.parallel), "-K", cfg], log)
        counts, offset = access_counts(tmp, offset)
        rows.append((cycle, wall, cpu, rss, rc, counts))
    return offset


def run_cmd(cmd, log):
    """wall, cpu, peak RSS KB and exit status of cmd (see run_once)."""
    timing = log + ".time"
    if os.access(TIME, os.X_OK):
        cmd = [TIME, "-f", "%U %S %M", "-o", timing] + cmd
    with open(log, "w") as out:
        t0 = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.monotonic() - t0
    cpu, rss = ru.ru_utime + ru.ru_stime, ru.ru_maxrss
    if os.path.exists(timing):
        with open(timing) as fp:
            user, system, rss = fp.read().split("\n")[-2].split()
        cpu, rss = float(user) + float(system), int(rss)
    return wall, cpu, rss, os.waitstatus_to_exitcode(status)


def fetch_goals(rows, parallel, parse_s):
    """Issue 5's goals for the fetcher, each figure beside its goal.

    The cold cycle is bounded by parsing: at most 1.3x what parse + clean
    + hash of the same files take from disk, on one core (parse_s) and,
    the stricter reading, spread over both cores (parse_s / 2)."""
    r = {row[0]: row for row in rows}
    print()
    print("fetch goals (parallel %d):" % parallel)
    if "cold" in r:
        for what, bound in (("one core", 1.3 * parse_s),
                            ("two cores", 1.3 * parse_s / 2)):
            print("  %-16s %6.2fs vs 1.3 x parse (%s) %6.2fs: %s"
                  % ("cold", r["cold"][1], what, bound,
                     "ok" if r["cold"][1] <= bound else "MISSED"))
    for mine, theirs, what in (("warm", "curl304", "warm (all 304)"),
                               ("same200", "curl200", "unchanged 200")):
        if mine in r and theirs in r:
            ratio = r[mine][1] / max(r[theirs][1], 1e-9)
            print("  %-16s %6.2fs vs curl %6.2fs: %4.2fx  (goal <= 2x) %s"
                  % (what, r[mine][1], r[theirs][1], ratio,
                     "ok" if ratio <= 2 else "MISSED"))
    peak = max(row[3] for row in rows if not row[0].startswith("curl"))
    print("  %-16s %6.1f MB                 (goal < 32 MB) %s"
          % ("peak memory", peak / 1024, "ok" if peak < 32 * 1024
             else "MISSED"))


def report(rows, nfeeds, nitems, stored, distinct):
    print()
    print("%-6s %8s %8s %9s %10s %9s %4s  %s"
          % ("cycle", "wall s", "cpu s", "feeds/s", "items/s", "peak MB",
             "exit", "http statuses"))
    for cycle, wall, cpu, rss, rc, counts in rows:
        print("%-6s %8.2f %8.2f %9.1f %10.0f %9.1f %4d  %s"
              % (cycle, wall, cpu, nfeeds / wall, nitems / wall, rss / 1024,
                 rc, " ".join("%s:%d" % kv for kv in sorted(counts.items()))))
    print()
    print("items/s counts every item in every feed document, parsed or not;")
    print("a warm cycle of 304s parses nothing.")
    if stored is not None:
        print("stored items: %d (corpus has %d distinct stories)"
              % (stored, distinct))


if __name__ == "__main__":
    sys.exit(main())
