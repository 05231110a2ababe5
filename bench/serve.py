#!/usr/bin/python3
"""Benchmark feedd serving /feed.atom beside nginx serving the same bytes.

    serve.py [--feedd PATH] [--items N] [--duration S] [--connections C]
             [--threads T]

A generated feed of N items (default 200, the default max_items) is
served on 127.0.0.1 by a throwaway Python server; `feedd run` polls it
once and publishes.  The Atom document feedd serves is copied to a
static directory with its gzip beside it (feed.atom.gz), and nginx
serves that with gzip_static and ETags, as a site would serve a static
feed.  wrk then measures, with the same settings against each server:

    200 gzip   GET /feed.atom, Accept-Encoding: gzip
    304        the same with If-None-Match: the server's own ETag

and the report gives requests/s of each and feedd's share of nginx's
rate; the goal (issue 6) is at least 50% on both paths.  nginx runs one
worker per core, as feedd runs one serving thread per core.  Nothing but
127.0.0.1 is contacted.
"""
import argparse
import gzip
import http.server
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (NGINX, nginx_temps, free_port)

TOP = bench.TOP
WRK = shutil.which("wrk") or "/usr/bin/wrk"
GOAL = 0.5


def corpus(n):
    """An RSS document of n distinct items of two paragraphs each (the
    same seed, the same document)."""
    rng = random.Random(1)
    vocab = ["%s%s" % (a, b) for a in ("feed", "merge", "kern", "net",
             "patch", "serv", "atom", "story", "rel", "sec")
             for b in ("al", "er", "ing", "ed", "ion", "ly", "ous", "ant")]
    items = []
    for i in range(n):
        p1 = " ".join(rng.choice(vocab) for _ in range(90))
        p2 = " ".join(rng.choice(vocab) for _ in range(60))
        items.append(
            "<item><guid isPermaLink=\"false\">bench-%d</guid>"
            "<title>Story %d: %s</title><link>http://bench.example/%d</link>"
            "<pubDate>Mon, 02 Nov 2026 %02d:%02d:00 +0000</pubDate>"
            "<description><![CDATA[<p>%s</p><p>%s <a href=\"/x/%d\">more"
            "</a></p>]]></description></item>"
            % (i, i, " ".join(rng.choice(vocab) for _ in range(5)), i,
               (i // 60) % 24, i % 60, p1, p2, i))
    return ("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\">"
            "<channel><title>Bench</title><link>http://bench.example/</link>"
            "<description>bench</description>%s</channel></rss>"
            % "".join(items)).encode()


def serve_corpus(body):
    class H(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


def wait_url(url, want=None, limit=20):
    end = time.time() + limit
    while time.time() < end:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                body = r.read()
                if want is None or want in body:
                    return body
        except OSError:
            pass
        time.sleep(0.1)
    sys.exit("bench: %s did not answer" % url)


def etag(url):
    req = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(req, timeout=5) as r:
        return r.headers["ETag"], r.headers.get("Content-Encoding")


def start_nginx(tmp, root, port):
    temps = bench.nginx_temps(tmp)
    conf = os.path.join(tmp, "nginx.conf")
    with open(conf, "w") as fp:
        fp.write("""daemon off;
worker_processes %(cores)d;
pid %(tmp)s/nginx.pid;
error_log %(tmp)s/nginx-error.log warn;
events { worker_connections 4096; }
http {
%(temps)s    types { application/atom+xml atom; }
    default_type application/octet-stream;
    charset utf-8;
    charset_types application/atom+xml;
    access_log off;
    sendfile on;
    tcp_nopush on;
    etag on;
    gzip_static on;
    gzip_vary on;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:%(port)d;
        root %(root)s;
        add_header Cache-Control "max-age=1800";
    }
}
""" % {"tmp": tmp, "temps": temps, "port": port, "root": root,
       "cores": os.cpu_count() or 1})
    proc = subprocess.Popen([bench.NGINX, "-p", tmp, "-c", conf,
                             "-e", os.path.join(tmp, "nginx-error.log")])
    wait_url("http://127.0.0.1:%d/feed.atom" % port)
    return proc


def wrk(a, url, headers):
    cmd = [WRK, "-t", str(a.threads), "-c", str(a.connections),
           "-d", "%ds" % a.duration, "--latency"]
    for h in headers:
        cmd += ["-H", h]
    out = subprocess.run(cmd + [url], capture_output=True, text=True,
                         check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = re.search(r"99%\s+([\d.]+\w+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {"rps": rps, "p99": lat.group(1) if lat else "?",
            "bad": int(non2xx.group(1)) if non2xx else 0,
            "errors": errors.group(1) if errors else ""}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--feedd", default=os.path.join(TOP, "daemon/feedd"))
    ap.add_argument("--items", type=int, default=200)
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    for tool in (bench.NGINX, WRK):
        if not os.access(tool, os.X_OK):
            sys.exit("bench: %s missing (make bench installs it)" % tool)
    tmp = tempfile.mkdtemp(prefix="feedd-serve.")
    os.chmod(tmp, 0o755)  # nginx workers run as another user under root
    src = serve_corpus(corpus(a.items))
    fport, nport = bench.free_port(), bench.free_port()
    conf = os.path.join(tmp, "feeds.conf")
    with open(conf, "w") as fp:
        fp.write("[feedd]\ndatabase = %s/b.db\noutput = off\n"
                 "listen = 127.0.0.1:%d\nmax_items = %d\ninterval = 30m\n"
                 "[bench]\nurl = http://127.0.0.1:%d/feed.xml\n"
                 % (tmp, fport, a.items, src.server_address[1]))
    feedd = subprocess.Popen([a.feedd, "-c", conf, "run"],
                             stderr=open(os.path.join(tmp, "feedd.err"), "w"))
    nginx = None
    try:
        furl = "http://127.0.0.1:%d/feed.atom" % fport
        body = wait_url(furl, b"Story %d:" % (a.items - 1))
        root = os.path.join(tmp, "www")
        os.makedirs(root)
        os.chmod(root, 0o755)
        with open(os.path.join(root, "feed.atom"), "wb") as fp:
            fp.write(body)
        with gzip.open(os.path.join(root, "feed.atom.gz"), "wb", 9) as fp:
            fp.write(body)
        for f in os.listdir(root):
            os.chmod(os.path.join(root, f), 0o644)
        nginx = start_nginx(tmp, root, nport)
        nurl = "http://127.0.0.1:%d/feed.atom" % nport
        rows = []
        for name, url in (("feedd", furl), ("nginx", nurl)):
            tag, enc = etag(url)
            if enc != "gzip":
                sys.exit("bench: %s did not gzip" % name)
            r200 = wrk(a, url, ["Accept-Encoding: gzip"])
            r304 = wrk(a, url, ["Accept-Encoding: gzip",
                                "If-None-Match: " + tag])
            rows.append((name, r200, r304))
        report(a, len(body), rows)
    except SystemExit:
        with open(os.path.join(tmp, "feedd.err")) as fp:
            sys.stderr.write(fp.read())
        raise
    finally:
        feedd.terminate()
        feedd.wait()
        if nginx:
            nginx.terminate()
            nginx.wait()
        src.shutdown()
        shutil.rmtree(tmp, ignore_errors=True)


def report(a, size, rows):
    print("\n== serving /feed.atom: feedd beside nginx (static file, "
          "gzip_static, etag) ==")
    print("document %d bytes, %d items; wrk -t%d -c%d -d%ds on 127.0.0.1, "
          "%d cores" % (size, a.items, a.threads, a.connections, a.duration,
                        os.cpu_count() or 1))
    print("%-8s %14s %10s %14s %10s" % ("server", "200 gzip rps", "p99",
                                        "304 rps", "p99"))
    for name, r200, r304 in rows:
        print("%-8s %14.0f %10s %14.0f %10s" % (name, r200["rps"],
              r200["p99"], r304["rps"], r304["p99"]))
        for r in (r200, r304):
            if r["bad"] or r["errors"]:
                print("  %s: %d non-2xx/3xx, socket errors: %s"
                      % (name, r["bad"], r["errors"] or "none"))
    f, n = rows[0], rows[1]
    for i, path in ((1, "200 gzip"), (2, "304")):
        share = f[i]["rps"] / n[i]["rps"]
        print("goal %-9s feedd at %3.0f%% of nginx (goal >= %d%%): %s"
              % (path, share * 100, GOAL * 100,
                 "met" if share >= GOAL else "NOT met"))


if __name__ == "__main__":
    main()
