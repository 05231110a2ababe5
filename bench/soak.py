#!/usr/bin/python3
"""Endurance: `feedd run` over many feeds from a local nginx for many cycles.

    soak.py [--feeds N] [--items N] [--cycles N] [--warmup N]
            [--feedd PATH] [--seed N] [--keep] [--leaks]

Generates N feeds with bench.py's corpus generator, serves them with nginx
(ETag on), and runs the daemon on them.  Each cycle is one SIGUSR1 (poll
every feed now), waited for through /metrics; between cycles the world
changes: some feeds get new items, some break (file removed: 404; bytes
that are not a feed: parse error; a port nobody listens on: connection
refused) and come back later, some feeds appear and some disappear
(config rewritten, SIGHUP).  After each cycle it samples the daemon's
resident memory (/proc/PID/status VmRSS) and open descriptors
(/proc/PID/fd), prints both curves, and judges them flat when nothing
after the warm-up cycles exceeds the warm-up level by more than 10%
(memory) or 8 descriptors.  Every line the daemon logs is classified;
a line of no known kind fails the soak.  --leaks expects an ASan build
and fails on any LeakSanitizer or AddressSanitizer report at exit.

Only 127.0.0.1 is contacted.
"""
import argparse
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (generate, start_nginx, free_port)

TOP = bench.TOP

# What the daemon may say, and why.  Anything else is unexplained.
LOG_CLASSES = [
    ("poll stored new items", r"^feedd: \S+: \d+ new or updated of \d+ items$"),
    ("feed recovered", r"^feedd: \S+: recovered after \d+ failed polls?$"),
    ("404 from a removed file", r"^feedd: fetch \S+: .*\b404\b"),
    ("connection refused (dead port)", r"^feedd: fetch \S+: .*([Cc]onnect|refused)"),
    ("not a feed (garbage bytes)", r"^feedd: parse \S+: "),
    ("reload", r"^feedd: (reload|reloaded)\b"),
    ("start and stop", r"^feedd: (running|stopping|listening|http: serving)\b"),
    ("round summary", r"^feedd: (polled|published) "),
]


def metric(port, name):
    with urllib.request.urlopen("http://127.0.0.1:%d/metrics" % port,
                                timeout=5) as r:
        text = r.read().decode()
    total = 0
    for line in text.splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            total += float(line.rsplit(" ", 1)[1])
    return total


def sample(pid):
    with open("/proc/%d/status" % pid) as f:
        rss = next(int(l.split()[1]) for l in f if l.startswith("VmRSS"))
    return rss, len(os.listdir("/proc/%d/fd" % pid))


class World:
    """The feeds nginx serves and the config the daemon reads."""

    def __init__(self, tmp, root, port, dead_port, rng):
        self.tmp, self.root, self.port = tmp, root, port
        self.dead_port, self.rng = dead_port, rng
        self.files = sorted(os.listdir(os.path.join(root, "feeds")))
        self.names = [f.split(".")[0] for f in self.files]
        self.active = set(self.names[: len(self.names) * 9 // 10])
        self.broken = {}	# name -> kind
        self.saved = {}		# name -> original bytes
        self.version = 0
        self.conf = os.path.join(tmp, "soak.conf")

    def path(self, name):
        return os.path.join(self.root, "feeds", self.files[self.names.index(name)])

    def write_conf(self, db, listen):
        with open(self.conf + ".tmp", "w") as f:
            f.write("[feedd]\ntitle = soak\ndatabase = %s\noutput = %s/merged.atom\n"
                    "listen = 127.0.0.1:%d\ninterval = 1h\nparallel = 32\n"
                    "per_host = 32\ntimeout = 10s\nmax_items = 200\n"
                    % (db, self.tmp, listen))
            for n in sorted(self.active):
                port = self.dead_port if self.broken.get(n) == "dead" else self.port
                f.write("\n[%s]\nurl = http://127.0.0.1:%d/feeds/%s\n"
                        % (n, port, self.files[self.names.index(n)]))
        os.rename(self.conf + ".tmp", self.conf)

    def change(self, share):
        """New items at the top of some feeds."""
        self.version += 1
        for n in self.rng.sample(sorted(self.active - set(self.broken)),
                                 int(len(self.active) * share)):
            p = self.path(n)
            with open(p) as f:
                doc = f.read()
            guid = "%s/soak/%d" % (n, self.version)
            text = " ".join(self.rng.choice(bench.WORDS) for _ in range(40))
            if "<rss" in doc:
                item = ("<item><title>Soak %s</title><guid>%s</guid>"
                        "<link>http://soak.example/%s</link><description>%s"
                        "</description></item>" % (guid, guid, guid, text))
                doc = doc.replace("<item>", item + "<item>", 1)
            else:
                item = ("<entry><title>Soak %s</title><id>%s</id>"
                        "<link href=\"http://soak.example/%s\"/>"
                        "<updated>2025-06-02T00:00:00Z</updated>"
                        "<content type=\"text\">%s</content></entry>"
                        % (guid, guid, guid, text))
                doc = doc.replace("<entry>", item + "<entry>", 1)
            with open(p, "w") as f:
                f.write(doc)

    def break_some(self, share):
        """Some feeds fail (404, garbage, dead port); earlier ones heal."""
        healed = list(self.broken)
        for n in healed:
            kind = self.broken.pop(n)
            if kind in ("404", "garbage"):
                with open(self.path(n), "wb") as f:
                    f.write(self.saved.pop(n))
        for n in self.rng.sample(sorted(self.active - set(healed)),
                                 int(len(self.active) * share)):
            kind = self.rng.choice(["404", "garbage", "dead"])
            self.broken[n] = kind
            if kind == "dead":
                continue
            with open(self.path(n), "rb") as f:
                self.saved[n] = f.read()
            if kind == "404":
                os.unlink(self.path(n))
            else:
                with open(self.path(n), "w") as f:
                    f.write("this is not a feed\n" * 10)

    def churn(self, share):
        """Some configured feeds leave, some others arrive."""
        k = int(len(self.names) * share)
        out = self.rng.sample(sorted(self.active - set(self.broken)), k)
        idle = sorted(set(self.names) - self.active)
        inn = self.rng.sample(idle, min(k, len(idle)))
        self.active -= set(out)
        self.active |= set(inn)
        return len(inn), len(out)


def classify(log):
    counts, unexplained = {}, []
    with open(log, errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            for what, rx in LOG_CLASSES:
                if re.search(rx, line):
                    counts[what] = counts.get(what, 0) + 1
                    break
            else:
                unexplained.append(line)
    return counts, unexplained


def wait_round(port, before, want, proc, limit=600):
    """Until want more polls are done and a round has ended."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < limit:
        if proc.poll() is not None:
            sys.exit("soak: feedd exited with %d" % proc.returncode)
        try:
            polls = metric(port, "feedd_fetches_total")
            if polls - before >= want:
                return polls, time.monotonic() - t0
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit("soak: a round took more than %d s" % limit)


def curve(label, values, unit):
    lo, hi = min(values), max(values)
    width = 40
    print("%s (%s), min %d, max %d:" % (label, unit, lo, hi))
    for i, v in enumerate(values):
        bar = int(width * (v - lo) / (hi - lo)) if hi > lo else 0
        print("  cycle %3d %9d %s" % (i + 1, v, "#" * (bar + 1)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--feeds", type=int, default=5000)
    ap.add_argument("--items", type=int, default=10)
    ap.add_argument("--cycles", type=int, default=30)
    ap.add_argument("--warmup", type=int, default=8)
    ap.add_argument("--feedd", default=os.path.join(TOP, "daemon/feedd"))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--leaks", action="store_true",
                    help="the binary is an ASan build: fail on any report")
    a = ap.parse_args()
    if not os.access(a.feedd, os.X_OK):
        sys.exit("soak: %s not built" % a.feedd)
    tmp = tempfile.mkdtemp(prefix="feedd-soak.")
    os.chmod(tmp, 0o755)	# nginx workers run as another user under root
    root = os.path.join(tmp, "www")
    nginx = proc = None
    rc = 1
    try:
        port = bench.free_port()
        t0 = time.monotonic()
        bench.generate(root, port, a.feeds, a.items, 0.05, a.seed)
        print("soak: %d feeds of %d items, %d cycles (%d warm-up), made in %.1f s"
              % (a.feeds, a.items, a.cycles, a.warmup, time.monotonic() - t0))
        # A free port can be taken before nginx binds it: nginx then
        # exits, and something else would answer our feeds' URLs.
        for _ in range(5):
            nginx = bench.start_nginx(tmp, root, port)
            time.sleep(0.5)
            if nginx.poll() is None:
                break
            port = bench.free_port()
        else:
            sys.exit("soak: nginx could not bind a port")
        # Only now: nginx holds port and port + 1 (bench.start_nginx).
        listen, dead = bench.free_port(), bench.free_port()
        world = World(tmp, root, port, dead, random.Random(a.seed))
        db = os.path.join(tmp, "soak.db")
        world.write_conf(db, listen)
        log = os.path.join(tmp, "feedd.log")
        env = dict(os.environ)
        if a.leaks:
            env["ASAN_OPTIONS"] = "detect_leaks=1:exitcode=23"
        with open(log, "w") as lf:
            proc = subprocess.Popen([a.feedd, "-c", world.conf, "run"],
                                    stderr=lf, env=env)
        # The first round starts by itself: every feed is new.
        polls, secs = wait_round(listen, 0, len(world.active), proc)
        stored = metric(listen, "feedd_items_total")
        print("first round: %d feeds in %.1f s, %d items stored"
              % (len(world.active), secs, stored), flush=True)
        if stored < len(world.active) or nginx.poll() is not None:
            sys.exit("soak: the first round stored too little; is nginx ours?")
        rss, fds = [], []
        print("cycle  feeds  secs   RSS KB  fds  (changed/broken/in/out)")
        for c in range(a.cycles):
            world.change(0.02)
            world.break_some(0.01)
            inn = out = 0
            if c % 3 == 2:
                inn, out = world.churn(0.01)
            world.write_conf(db, listen)
            if c % 3 == 2 or any(k == "dead" for k in world.broken.values()):
                proc.send_signal(signal.SIGHUP)
                time.sleep(0.5)
            proc.send_signal(signal.SIGUSR1)
            polls, secs = wait_round(listen, polls, len(world.active), proc)
            time.sleep(0.3)
            r, f = sample(proc.pid)
            rss.append(r)
            fds.append(f)
            print("%5d %6d %5.1f %8d %4d  (%d/%d/%d/%d)"
                  % (c + 1, len(world.active), secs, r, f,
                     int(len(world.active) * 0.02), len(world.broken), inn, out),
                  flush=True)
        proc.send_signal(signal.SIGTERM)
        exit_rc = proc.wait(60)
        curve("resident memory", rss, "KB")
        curve("open descriptors", fds, "count")
        w = max(0, min(a.warmup, len(rss) - 1))
        rss_ok = max(rss[w:]) <= rss[w] * 1.10
        fds_ok = max(fds[w:]) <= fds[w] + 8
        print("verdict: memory %s after warm-up (cycle %d: %d KB, later max %d KB, %+.1f%%)"
              % ("flat" if rss_ok else "GROWS", w + 1, rss[w], max(rss[w:]),
                 100.0 * (max(rss[w:]) - rss[w]) / rss[w]))
        print("verdict: descriptors %s after warm-up (cycle %d: %d, later max %d)"
              % ("flat" if fds_ok else "GROW", w + 1, fds[w], max(fds[w:])))
        counts, unexplained = classify(log)
        if a.leaks:
            with open(log, errors="replace") as f:
                text = f.read()
            reports = len(re.findall(r"ERROR: (LeakSanitizer|AddressSanitizer)", text))
            print("sanitizer reports at exit: %d (exit status %d)" % (reports, exit_rc))
            unexplained = [l for l in unexplained if not l.startswith(("==", "    #", "SUMMARY", "Direct", "Indirect", "    "))] \
                if reports == 0 else unexplained
        else:
            reports = 0
        print("log lines by kind:")
        for what, n in sorted(counts.items(), key=lambda x: -x[1]):
            print("  %7d  %s" % (n, what))
        print("  %7d  unexplained" % len(unexplained))
        for line in unexplained[:20]:
            print("     ?  " + line)
        rc = 0 if (rss_ok and fds_ok and not unexplained and reports == 0
                   and exit_rc == 0) else 1
        print("soak: %s" % ("ok" if rc == 0 else "FAILED"))
    finally:
        if proc and proc.poll() is None:
            proc.kill()
            proc.wait()
        if nginx:
            nginx.terminate()
            nginx.wait()
        if a.keep or rc:
            print("soak: kept %s" % tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return rc


if __name__ == "__main__":
    sys.exit(main())
