#!/usr/bin/python3
"""Fixture HTTP server for feedd's tests: files from --root, with ETag,
Last-Modified and 304, and misbehaviour chosen by path prefix.

    server.py --root DIR [--port-file FILE] [--log FILE] [--port N]
              [--tls-cert PEM --tls-key PEM]

Listens on 127.0.0.1 (port 0 = any free one) and prints the port on its
first stdout line; --port-file gets it too, written atomically.  Every
request is logged to --log as one tab-separated line:

    METHOD  PATH?QUERY  If-None-Match|-  If-Modified-Since|-  INFLIGHT  User-Agent|-
    Authorization|-  X-Test|-

INFLIGHT counts requests for the same path (query aside) being handled at
that moment, this one included, so a test can check a client's parallelism.  Prefixes, which compose
(/slow/gzip/feed.xml) and are peeled left to right:

    /slow/...          sleep ?delay=SECS (default 3) first
    /trickle/...       send the body one byte a second
    /status/NNN/...    answer with status NNN
    /redirect/N/...    302 N times, then the rest of the path; each 302
                       carries its own ETag and Last-Modified
    /loop/...          302 to itself, forever
    /moved/CODE/...    one CODE (301, 302, 307, 308) to the rest of the path
    /to/HOST:PORT/...  302 to http://HOST:PORT/ and the rest of the path
    /gzip/...          gzip the body, Content-Encoding: gzip
    /deflate/...       zlib-deflate the body, Content-Encoding: deflate
    /br/...            brotli the body (needs python3-brotli)
    /novalidators/...  no ETag, no Last-Modified, never a 304
    /auth/...          401 unless basic auth is feedd:s3cret
    /challenge         403 with cf-mitigated: challenge and a challenge page
    /badlength/...     Content-Length 100 bytes too long, then close
    /big?bytes=N       N bytes of XML-ish filler, streamed; &chunked=1
                       sends no Content-Length and ends at close
    /noanswer          read the request, never answer
    /reset             close the connection without a response
    /malformed         200 with broken XML
    /gzipbomb?bytes=N  Content-Encoding: gzip of N zero bytes (default
                       10 GB), compressed on the fly, never held whole
    /endless           a chunked body that never ends
    /headers           200 and then header lines forever, no body
    /bigtext?bytes=N   an RSS item whose description is one N-byte text
                       node (default 100 MB), streamed
POST to any path is logged with its body as the query and answered 202
(a WebSub hub's part).
?type=MEDIA overrides the Content-Type of any file; ?retry=N adds
Retry-After: N, ?retry=dateN an HTTP date N seconds ahead; ?cc=V adds
Cache-Control: V.  --tls-cert serves HTTPS instead, with that cert.
"""
import argparse
import email.utils
import base64
import gzip
import os
import signal
import socket
import struct
import sys
import threading
import time
import urllib.parse
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STOP = threading.Event()
LOCK = threading.Lock()
INFLIGHT = {}
TYPES = {".xml": "text/xml; charset=utf-8",
         ".rss": "application/rss+xml; charset=utf-8",
         ".atom": "application/atom+xml; charset=utf-8",
         ".json": "application/feed+json", ".html": "text/html; charset=utf-8"}
MALFORMED = b'<?xml version="1.0"?>\n<rss version="2.0"><channel>' \
            b'<title>Broken &amp feed</title><item><title>no end'


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fixture/1"

    def log_message(self, fmt, *args):
        pass

    def do_HEAD(self):
        self.do_GET()

    def do_POST(self):
        """A WebSub hub, say: the form body is logged in place of the
        query, and the answer is 202 Accepted."""
        n = int(self.headers.get("Content-Length", "0") or 0)
        body = self.rfile.read(min(n, 65536)).decode("utf-8", "replace")
        self.path = urllib.parse.urlsplit(self.path).path + "?" + body
        self.log_request_line(1)
        self.send_response(202)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        with LOCK:
            INFLIGHT[url.path] = n = INFLIGHT.get(url.path, 0) + 1
        try:
            self.log_request_line(n)
            self.query = urllib.parse.parse_qs(url.query)
            self.route(url.path)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            with LOCK:
                INFLIGHT[url.path] -= 1

    def log_request_line(self, inflight):
        if not self.server.log:
            return
        h = self.headers
        line = "\t".join([self.command, self.path,
                          h.get("If-None-Match", "-"),
                          h.get("If-Modified-Since", "-"), str(inflight),
                          h.get("User-Agent", "-"),
                          h.get("Authorization", "-"),
                          h.get("X-Test", "-")])
        with LOCK, open(self.server.log, "a") as f:
            f.write(line + "\n")

    def arg(self, name, default):
        return self.query.get(name, [default])[0]

    def route(self, path):
        """Peel one misbehaviour prefix at a time, then serve a file."""
        flags = set()
        parts = [p for p in path.split("/") if p]
        while parts:
            head = parts[0]
            if head == "slow":
                time.sleep(float(self.arg("delay", "3")))
            elif head in ("trickle", "gzip", "badlength", "deflate", "br",
                          "novalidators"):
                flags.add(head)
            elif head == "auth":
                want = "Basic " + base64.b64encode(b"feedd:s3cret").decode()
                if self.headers.get("Authorization") != want:
                    return self.reply(401, b"who are you\n", "text/plain",
                                      flags, {"WWW-Authenticate":
                                              'Basic realm="t"'})
            elif head == "challenge":
                page = b"<html><title>Just a moment...</title>" \
                       b"<script src=/cdn-cgi/challenge-platform/x.js>" \
                       b"</script></html>"
                return self.reply(403, page, TYPES[".html"], flags,
                                  {"cf-mitigated": "challenge"})
            elif head == "moved" and len(parts) > 1:
                return self.redirect("/" + "/".join(parts[2:]),
                                     int(parts[1]))
            elif head == "to" and len(parts) > 1:
                return self.redirect("http://%s/%s" % (
                    parts[1], "/".join(parts[2:])))
            elif head == "status" and len(parts) > 1:
                body = b"status %s\n" % parts[1].encode()
                return self.reply(int(parts[1]), body, "text/plain", flags)
            elif head == "redirect" and len(parts) > 1:
                n = int(parts[1])
                rest = "/".join(parts[2:])
                to = "/redirect/%d/%s" % (n - 1, rest) if n > 1 else "/" + rest
                return self.redirect(to)
            elif head == "loop":
                return self.redirect(self.path)
            elif head == "big":
                return self.big(int(self.arg("bytes", "1000000")),
                                self.arg("chunked", "0") == "1")
            elif head == "noanswer":
                STOP.wait(600)
                self.close_connection = True
                return
            elif head == "reset":
                return self.reset()
            elif head == "malformed":
                return self.reply(200, MALFORMED, TYPES[".xml"], flags)
            elif head in HOSTILE:
                return HOSTILE[head](self)
            else:
                break
            parts = parts[1:]
        self.serve_file("/".join(parts), flags)

    def serve_file(self, rel, flags):
        root = self.server.root
        full = os.path.realpath(os.path.join(root, rel))
        if not full.startswith(root + os.sep) or not os.path.isfile(full):
            return self.reply(404, b"not found\n", "text/plain", flags)
        st = os.stat(full)
        etag = '"%x-%x"' % (st.st_mtime_ns, st.st_size)
        modified = email.utils.formatdate(st.st_mtime, usegmt=True)
        extra = {"ETag": etag, "Last-Modified": modified}
        if "novalidators" in flags:
            extra = {}
        elif self.fresh(etag, int(st.st_mtime)):
            return self.reply(304, b"", None, flags, extra)
        with open(full, "rb") as f:
            body = f.read()
        ctype = self.arg("type", TYPES.get(os.path.splitext(full)[1],
                                           "application/octet-stream"))
        self.reply(200, body, ctype, flags, extra)

    def fresh(self, etag, mtime):
        """RFC 9110 13.2.2: If-None-Match wins over If-Modified-Since."""
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            tags = [t.strip() for t in inm.split(",")]
            return "*" in tags or etag in tags or "W/" + etag in tags
        ims = self.headers.get("If-Modified-Since")
        if ims is None:
            return False
        try:
            since = email.utils.parsedate_to_datetime(ims).timestamp()
        except (TypeError, ValueError):
            return False
        return mtime <= since

    def reply(self, status, body, ctype, flags, extra=None):
        coding = None
        if "gzip" in flags and body:
            body, coding = gzip.compress(body), "gzip"
        elif "deflate" in flags and body:
            body, coding = zlib.compress(body), "deflate"
        elif "br" in flags and body:
            import brotli
            body, coding = brotli.compress(body), "br"
        self.send_response(status)
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.query_headers()
        if ctype:
            self.send_header("Content-Type", ctype)
        if coding:
            self.send_header("Content-Encoding", coding)
        length = len(body) + (100 if "badlength" in flags else 0)
        if status != 304:
            self.send_header("Content-Length", str(length))
        if "badlength" in flags:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command == "HEAD" or status == 304:
            return
        if "trickle" in flags:
            for i in range(len(body)):
                self.wfile.write(body[i:i + 1])
                self.wfile.flush()
                if STOP.wait(1):
                    break
        else:
            self.wfile.write(body)

    def query_headers(self):
        retry = self.arg("retry", None)
        if retry and retry.startswith("date"):
            retry = email.utils.formatdate(time.time() + int(retry[4:]),
                                           usegmt=True)
        if retry:
            self.send_header("Retry-After", retry)
        if self.arg("cc", None):
            self.send_header("Cache-Control", self.arg("cc", None))

    def redirect(self, to, code=302):
        self.send_response(code)
        self.send_header("Location", to)
        self.send_header("ETag", '"redirect-hop"')
        self.send_header("Last-Modified", "Thu, 01 Jan 1970 00:00:00 GMT")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def big(self, n, chunked):
        """n bytes, written as they are made, never held whole."""
        self.send_response(200)
        self.send_header("Content-Type", TYPES[".xml"])
        if chunked:
            self.send_header("Connection", "close")
            self.close_connection = True
        else:
            self.send_header("Content-Length", str(n))
        self.end_headers()
        block = (b"<item>filler</item>\n" * 3277)[:65536]
        while n > 0 and not STOP.is_set():
            self.wfile.write(block[:n])
            n -= min(n, len(block))

    def reset(self):
        # Linger 0 turns close() into a RST instead of a FIN.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                   struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True


def gzip_bomb(h):
    """N zeros gzipped as they are made: ~10 MB on the wire per 10 GB."""
    n = int(h.arg("bytes", str(10 << 30)))
    h.send_response(200)
    h.send_header("Content-Type", TYPES[".xml"])
    h.send_header("Content-Encoding", "gzip")
    h.send_header("Connection", "close")
    h.close_connection = True
    h.end_headers()
    z = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(1 << 20)
    while n > 0 and not STOP.is_set():
        h.wfile.write(z.compress(zeros[:n]))
        n -= min(n, len(zeros))
    h.wfile.write(z.flush())


def endless(h):
    """Chunk after chunk of a well-formed start, never the last chunk."""
    h.send_response(200)
    h.send_header("Content-Type", TYPES[".xml"])
    h.send_header("Transfer-Encoding", "chunked")
    h.end_headers()
    h.close_connection = True
    chunk = b"<item><title>more</title></item>\n" * 512
    h.wfile.write(b"%x\r\n<rss><channel>\r\n" % len(b"<rss><channel>"))
    while not STOP.is_set():
        h.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        time.sleep(0.01)


def headers_forever(h):
    """A status line, then header lines that never end."""
    h.wfile.write(b"HTTP/1.1 200 OK\r\n")
    i = 0
    while not STOP.is_set():
        h.wfile.write(b"X-Filler-%d: %s\r\n" % (i, b"x" * 1000))
        i += 1
        if i % 100 == 0:
            time.sleep(0.01)
    h.close_connection = True


def big_text(h):
    """One item whose description is a single N-byte text node."""
    n = int(h.arg("bytes", str(100 << 20)))
    head = b'<?xml version="1.0"?><rss version="2.0"><channel>' \
        b"<title>Big text</title><item><guid>big</guid><description>"
    tail = b"</description></item></channel></rss>"
    h.send_response(200)
    h.send_header("Content-Type", TYPES[".xml"])
    h.send_header("Content-Length", str(len(head) + n + len(tail)))
    h.end_headers()
    h.wfile.write(head)
    block = b"a" * 65536
    while n > 0 and not STOP.is_set():
        h.wfile.write(block[:n])
        n -= min(n, len(block))
    h.wfile.write(tail)


HOSTILE = {"gzipbomb": gzip_bomb, "endless": endless,
           "headers": headers_forever, "bigtext": big_text}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", required=True)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file")
    ap.add_argument("--log")
    ap.add_argument("--tls-cert")
    ap.add_argument("--tls-key")
    a = ap.parse_args()

    ThreadingHTTPServer.daemon_threads = True
    srv = ThreadingHTTPServer(("127.0.0.1", a.port), Handler)
    if a.tls_cert:
        import ssl
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(a.tls_cert, a.tls_key)
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    srv.root = os.path.realpath(a.root)
    srv.log = a.log
    port = srv.server_address[1]
    if a.port_file:
        with open(a.port_file + ".tmp", "w") as f:
            f.write("%d\n" % port)
        os.rename(a.port_file + ".tmp", a.port_file)
    print(port, flush=True)

    def stop(signum, frame):
        STOP.set()
        raise SystemExit(0)
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        srv.serve_forever(poll_interval=0.2)
    finally:
        STOP.set()
        srv.server_close()


if __name__ == "__main__":
    sys.exit(main())
