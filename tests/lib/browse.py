#!/usr/bin/python3
"""Renders a page in headless Chromium, page scripts off, and prints what
a person sees, as JSON.

    browse.py URL WIDTH SCREENSHOT.png

Chromium is driven over --remote-debugging-pipe (the DevTools protocol
as NUL-separated JSON on fds 3 and 4), so no WebSocket library is needed.
The JSON printed has:

    text        document.body.innerText: the text as laid out, hidden
                elements left out
    title       document.title
    overflow    true when the page is wider than the window (sideways
                scrolling)
    smallest    the smallest computed font size of any visible text, px
    links       [{"text", "href", "visible"}] of the <a> elements
    alternates  [{"type", "href"}] of <link rel="alternate">
    scripts     number of <script> elements
    articles    [{"h2", "meta", "content", "visible"}] per <article>
    shot        bytes of the PNG screenshot written
"""
import base64
import fcntl
import json
import os
import subprocess
import sys
import tempfile

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--remote-debugging-pipe"]

PROBE = r"""(() => {
  const vis = e => { const r = e.getBoundingClientRect(), s = getComputedStyle(e);
    return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.display !== "none"; };
  let smallest = 1e9;
  for (const e of document.body.querySelectorAll("*"))
    if (vis(e) && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
      smallest = Math.min(smallest, parseFloat(getComputedStyle(e).fontSize));
  return {
    text: document.body.innerText, title: document.title,
    overflow: document.documentElement.scrollWidth > window.innerWidth,
    smallest: smallest,
    links: [...document.querySelectorAll("a")].map(a => ({text: a.innerText, href: a.href, visible: vis(a)})),
    alternates: [...document.querySelectorAll("link[rel=alternate]")].map(l => ({type: l.type, href: l.href})),
    scripts: document.querySelectorAll("script").length,
    articles: [...document.querySelectorAll("article")].map(a => ({
      h2: a.querySelector("h2") ? a.querySelector("h2").innerText : null,
      meta: a.querySelector(".meta") ? a.querySelector(".meta").innerText : null,
      content: a.querySelector(".content") ? a.querySelector(".content").innerText : null,
      visible: vis(a)}))
  };
})()"""


class Browser:
    def __init__(self, profile):
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()
        # Chromium reads commands on fd 3 and writes replies on fd 4.
        # Moved out of the way first: a pipe end may itself be 3 or 4.
        r = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 10)
        w = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 10)

        def fds():
            os.dup2(r, 3)
            os.dup2(w, 4)
        self.proc = subprocess.Popen(
            ["chromium"] + FLAGS + ["--user-data-dir=" + profile,
                                    "about:blank"],
            preexec_fn=fds, stdout=subprocess.DEVNULL,
            stderr=open(os.path.join(profile, "stderr"), "w"),
            close_fds=False)
        os.close(r)
        os.close(w)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.buf = b""
        self.n = 0
        self.session = None

    def read(self):
        while b"\0" not in self.buf:
            chunk = os.read(self.from_chrome, 65536)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, params=None, session=True):
        self.n += 1
        msg = {"id": self.n, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self.to_chrome, json.dumps(msg).encode() + b"\0")
        while True:
            m = self.read()
            if m.get("id") == self.n:
                if "error" in m:
                    raise RuntimeError("%s: %s" % (method, m["error"]))
                return m["result"]

    def wait_event(self, name):
        while True:
            if self.read().get("method") == name:
                return

    def close(self):
        try:
            self.call("Browser.close", session=False)
        except Exception:
            pass
        self.proc.wait(timeout=10)


def main():
    url, width, shot = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with tempfile.TemporaryDirectory() as profile:
        b = Browser(profile)
        try:
            t = b.call("Target.createTarget", {"url": "about:blank"}, False)
            b.session = b.call("Target.attachToTarget",
                               {"targetId": t["targetId"], "flatten": True},
                               False)["sessionId"]
            b.call("Page.enable")
            b.call("Emulation.setScriptExecutionDisabled", {"value": True})
            b.call("Emulation.setDeviceMetricsOverride",
                   {"width": width, "height": 900, "deviceScaleFactor": 1,
                    "mobile": width < 600})
            b.call("Page.navigate", {"url": url})
            b.wait_event("Page.loadEventFired")
            r = b.call("Runtime.evaluate", {"expression": PROBE,
                                            "returnByValue": True})
            out = r["result"]["value"]
            png = base64.b64decode(b.call("Page.captureScreenshot",
                                          {"format": "png"})["data"])
            with open(shot, "wb") as f:
                f.write(png)
            out["shot"] = len(png)
        finally:
            b.close()
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
