#!/bin/sh
# hostile-clients.sh — careless and hostile clients of the embedded
# server: oversized request lines and headers, unknown methods, path
# traversal, hundreds of concurrent idle and slowloris connections.
# Each gets a 4xx or a closed connection; memory stays bounded; a normal
# GET is answered within 2 s while the attack runs.
. "$TOP/tests/lib/tap.sh"

fixture_start
rss_feed a.xml A "a-1|Story from A|http://a.example/1|<p>A one.</p>"
HPORT=$(free_port)
feedd_conf "listen = 127.0.0.1:$HPORT" "interval = 1h" "[a]" "url = $BASE/a.xml"
"$FEEDD" -c "$T/feeds.conf" run 2>"$T/daemon.err" &
DPID=$!
PIDS="$PIDS $DPID"
check "the daemon serves the feed" \
    wait_for 10 sh -c "curl -sf '127.0.0.1:$HPORT/feed.atom' | grep -q 'Story from A'"
rss_kb() { awk '/^VmRSS/ { print $2 }' /proc/$DPID/status; }
echo "# RSS before: $(rss_kb) KB"

"$PYTHON" - "$HPORT" "$DPID" >"$T/results" 2>&1 <<'EOF'
import socket, sys, time, threading
port, pid = int(sys.argv[1]), int(sys.argv[2])

def say(ok, what):
    print("%s %s" % ("PASS" if ok else "FAIL", what), flush=True)

def rss():
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS"):
                return int(line.split()[1])

def raw(data, timeout=5):
    """Sends data, returns the status code, 0 for a closed connection."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        s.sendall(data)
    except OSError:
        pass
    got = b""
    try:
        while b"\r\n" not in got:
            chunk = s.recv(4096)
            if not chunk:
                break
            got += chunk
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            got += chunk
            if len(got) > 1 << 20:
                break
    except socket.timeout:
        pass
    except OSError:
        pass
    s.close()
    status = int(got.split()[1]) if got.startswith(b"HTTP/1.") else 0
    return status, got

def refused(what, data, want=range(400, 500)):
    t0 = time.time()
    status, body = raw(data)
    secs = time.time() - t0
    good = (status in want or status == 0) and b"root:" not in body
    say(good and secs < 5, "%s: %s in %.2f s" % (
        what, "status %d" % status if status else "closed", secs))

def get(path="/feed.atom"):
    t0 = time.time()
    status, body = raw(b"GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                       % path.encode())
    return status, time.time() - t0, body

refused("oversized request line (100 KB)",
        b"GET /" + b"a" * 100000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
refused("oversized headers (200 x 1 KB)",
        b"GET /feed.atom HTTP/1.1\r\nHost: x\r\n" +
        b"".join(b"X-H%d: %s\r\n" % (i, b"v" * 1000) for i in range(200)) +
        b"\r\n")
refused("one header of 1 MB", b"GET / HTTP/1.1\r\nX: " + b"v" * (1 << 20) +
        b"\r\n\r\n")
for m in (b"FOO", b"DELETE", b"PUT", b"PATCH", b"OPTIONS", b"TRACE"):
    refused("method %s" % m.decode(),
            b"%s /feed.atom HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" % m)
refused("POST with a body",
        b"POST /feed.atom HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
        b"Connection: close\r\n\r\nhello")
refused("a garbage request line", b"hello world\r\n\r\n")
refused("an unknown HTTP version", b"GET / HTTP/9.9\r\n\r\n",
        want=range(400, 600))
for p in ("/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
          "/..%2f..%2f..%2fetc%2fpasswd", "/feed.atom%00.txt",
          "/%00/etc/passwd", "//etc/passwd", "/tag/../../etc/passwd.atom",
          "/tag/%2e%2e%2f%2e%2e%2fetc%2fpasswd.atom"):
    refused("path %s" % p, b"GET %s HTTP/1.1\r\nHost: x\r\nConnection: close"
            b"\r\n\r\n" % p.encode())

# Hundreds of connections: idle ones, and slowloris ones sending a
# header byte now and then, never finishing their request.
before = rss()
idle, slow = [], []
for i in range(300):
    s = socket.socket()
    s.settimeout(2)
    try:
        s.connect(("127.0.0.1", port))
    except OSError:
        break
    (idle if i % 2 else slow).append(s)
for s in slow:
    try:
        s.sendall(b"GET /feed.atom HTTP/1.1\r\nHost: x\r\n")
    except OSError:
        pass
stop = threading.Event()
def drip():
    n = 0
    while not stop.is_set():
        for s in slow:
            try:
                s.sendall(b"X-%d: y\r\n" % n)
            except OSError:
                pass
        n += 1
        stop.wait(0.5)
t = threading.Thread(target=drip)
t.start()
lat, fails, peak = [], 0, before
for i in range(20):
    status, secs, body = get()
    lat.append(secs)
    if status != 200 or b"Story from A" not in body:
        fails += 1
    peak = max(peak, rss())
    time.sleep(0.1)
# Concurrent normal clients beside the attack.
res = []
def client():
    res.append(get())
ths = [threading.Thread(target=client) for _ in range(50)]
for th in ths:
    th.start()
for th in ths:
    th.join()
peak = max(peak, rss())
stop.set()
t.join()
say(len(idle) + len(slow) == 300, "300 connections open at once (%d idle, %d slowloris)"
    % (len(idle), len(slow)))
say(fails == 0 and max(lat) < 2, "a normal GET during the attack: 20 of 20 answered, "
    "slowest %.3f s, median %.3f s" % (max(lat), sorted(lat)[len(lat) // 2]))
slowest = max(r[1] for r in res)
say(all(r[0] == 200 for r in res) and slowest < 2,
    "50 concurrent normal GETs during the attack: all 200, slowest %.3f s" % slowest)
say(peak - before < 50 * 1024, "RSS during the attack: %d KB -> %d KB peak" % (before, peak))
for s in idle + slow:
    s.close()
time.sleep(0.5)
status, secs, body = get()
say(status == 200, "served after the attack (%.3f s)" % secs)
print("RSS %d" % rss())
EOF
while IFS= read -r line; do
	case "$line" in
	PASS*) ok "${line#PASS }" ;;
	FAIL*) notok "${line#FAIL }" ;;
	*) echo "# $line" ;;
	esac
done <"$T/results"
check "the daemon is still running" kill -0 $DPID
kill -TERM $DPID
wait $DPID
check_eq "and stops cleanly" "$?" 0
finish
