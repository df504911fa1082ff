#!/usr/bin/env python3
"""A browser test of `kcg serve`: Debian's chromium, headless, driven over
the DevTools protocol on a pipe (--remote-debugging-pipe: no port, no
download).  On an index of samples/ it opens the function page of ip_rcv,
follows the link of a callee in the inline SVG, types into the search box
and waits for the names, runs a path query through the path form, and
checks what each page shows.  With --screenshots DIR it saves the pages
as DIR/serve-*.png.

usage: test_browser.py KCG SAMPLES_DIR [--screenshots DIR]
Skipped (exit 77) when chromium is not installed.
"""
import base64
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

KCG, SAMPLES = sys.argv[1], sys.argv[2]
SHOTS = sys.argv[4] if len(sys.argv) > 4 and sys.argv[3] == "--screenshots" \
    else None
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


class Browser:
    """Chromium over --remote-debugging-pipe: fd 3 in, fd 4 out, each
    message JSON ended by a NUL byte."""

    def __init__(self, profile):
        to_r, to_w = os.pipe()
        from_r, from_w = os.pipe()
        args = ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--remote-debugging-pipe",
                "--window-size=1280,1000", "about:blank"]

        def fds():
            os.dup2(to_r, 3)
            os.dup2(from_w, 4)

        self.proc = subprocess.Popen(args, preexec_fn=fds, pass_fds=(),
                                     stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL,
                                     close_fds=False)
        os.close(to_r)
        os.close(from_w)
        self.w, self.r = to_w, from_r
        self.buf, self.next_id, self.events = b"", 0, []
        self.session = None

    def _read(self, deadline):
        while b"\0" not in self.buf:
            if time.time() > deadline:
                raise TimeoutError("chromium did not answer")
            chunk = os.read(self.r, 65536)
            if not chunk:
                raise EOFError("chromium closed the pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def send(self, method, params=None, session=True, timeout=30):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self.w, json.dumps(msg).encode() + b"\0")
        deadline = time.time() + timeout
        while True:
            m = self._read(deadline)
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})
            self.events.append(m)

    def wait_event(self, method, timeout=30):
        deadline = time.time() + timeout
        while True:
            for i, m in enumerate(self.events):
                if m.get("method") == method:
                    del self.events[i]
                    return m
            self.events.append(self._read(deadline))

    def attach(self):
        targets = self.send("Target.getTargets", session=False)
        page = [t for t in targets["targetInfos"] if t["type"] == "page"][0]
        self.session = self.send("Target.attachToTarget",
                                 {"targetId": page["targetId"],
                                  "flatten": True},
                                 session=False)["sessionId"]
        self.send("Page.enable")
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": 1280, "height": 1000, "deviceScaleFactor": 1,
                   "mobile": False})

    def eval(self, expr):
        r = self.send("Runtime.evaluate", {"expression": expr,
                                           "returnByValue": True,
                                           "awaitPromise": True})
        return r.get("result", {}).get("value")

    def load(self, action):
        """Run action (a navigation) and wait for the page to load."""
        self.events = [e for e in self.events
                       if e.get("method") != "Page.loadEventFired"]
        action()
        self.wait_event("Page.loadEventFired")

    def goto(self, url):
        self.load(lambda: self.send("Page.navigate", {"url": url}))

    def shot(self, name):
        if not SHOTS:
            return
        r = self.send("Page.captureScreenshot", {"format": "png"})
        with open(os.path.join(SHOTS, name), "wb") as f:
            f.write(base64.b64decode(r["data"]))

    def close(self):
        try:
            self.send("Browser.close", session=False, timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def wait_for(b, expr, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if b.eval(expr):
            return True
        time.sleep(0.1)
    return False


def run(b, base):
    # The function page of ip_rcv: its diagram and its tables.
    b.goto(base + "/function?name=ip_rcv")
    check(b.eval("document.querySelector('h1').textContent") == "ip_rcv",
          "function page: h1")
    check(b.eval("document.querySelectorAll('.diagram svg g.node').length")
          >= 5, "function page: the diagram's nodes")
    b.shot("serve-function.png")
    # Follow the callee ip_rcv_finish through its node in the SVG.
    href = b.eval("""(() => {
        for (const a of document.querySelectorAll('.diagram svg a')) {
            const h = a.getAttribute('xlink:href') || a.getAttribute('href');
            if (h && h.startsWith('/function?name=ip_rcv_finish'))
                return h;
        }
        return null; })()""")
    check(href is not None, "function page: no SVG link to ip_rcv_finish")
    b.load(lambda: b.eval("""(() => {
        for (const a of document.querySelectorAll('.diagram svg a')) {
            const h = a.getAttribute('xlink:href') || a.getAttribute('href');
            if (h && h.startsWith('/function?name=ip_rcv_finish')) {
                a.dispatchEvent(new MouseEvent('click', {bubbles: true,
                                                         cancelable: true}));
                return true;
            }
        } })()"""))
    check(b.eval("location.pathname + location.search").startswith(
        "/function?name=ip_rcv_finish"), "the SVG link did not navigate")
    check(b.eval("document.querySelector('h1').textContent") ==
          "ip_rcv_finish", "callee page: h1")
    check(b.eval("[...document.querySelectorAll('a.fn')]"
                 ".some(a => a.textContent === 'ip_rcv')"),
          "callee page: ip_rcv among its callers")

    # Search as you type.
    b.goto(base + "/")
    b.eval("""(() => { const q = document.getElementById('q');
        q.value = 'ip_rc'; q.dispatchEvent(new Event('input'));
        return true; })()""")
    check(wait_for(b, "[...document.querySelectorAll('#matches a')]"
                      ".some(a => a.textContent === 'ip_rcv_finish')"),
          "search as you type: no ip_rcv_finish")
    b.shot("serve-search.png")

    # A path query through the form.
    b.goto(base + "/path")
    b.load(lambda: b.eval("""(() => { const f = document.getElementById(
        'pathform');
        f.from.value = 'net_rx_action'; f.to.value = 'tcp_v4_rcv';
        f.k.value = '4'; f.requestSubmit(); return true; })()"""))
    check(b.eval("document.querySelector('h1').textContent") ==
          "Path net_rx_action -> tcp_v4_rcv", "path page: h1")
    hops = b.eval("[...document.querySelectorAll('table.hops')]"
                  ".map(t => t.rows.length - 1)")
    check(hops and len(hops) == 4 and all(h > 0 for h in hops),
          f"path page: four paths with hops, got {hops}")
    check(b.eval("[...document.querySelectorAll('table.hops td')]"
                 ".some(td => td.textContent.includes('packet_type.func'))"),
          "path page: the pt_prev->func hop")
    check(b.eval("document.querySelectorAll('.diagram svg').length") == 1,
          "path page: the diagram")
    b.shot("serve-path.png")

    b.goto(base + "/neighbourhood?name=ip_rcv&dir=callees&depth=3")
    check(b.eval("document.querySelectorAll('.diagram svg g.node').length")
          > 5, "neighbourhood page: the diagram")
    b.shot("serve-neighbourhood.png")


def main():
    if not shutil.which("chromium"):
        print("chromium not installed: skipped")
        sys.exit(77)
    tmp = tempfile.mkdtemp(prefix="kcg-browser-")
    env = dict(os.environ, XDG_STATE_HOME=os.path.join(tmp, "state"))
    db = os.path.join(tmp, "s.db")
    subprocess.run([KCG, "index", "--compdb",
                    os.path.join(SAMPLES, "compile_commands.json"),
                    "--db", db, "-q"], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    srv = subprocess.Popen([KCG, "serve", "--db", db, "--port", "0"],
                           env=env, stdout=subprocess.PIPE, text=True)
    b = None
    try:
        base = srv.stdout.readline().split()[2].rstrip("/")
        b = Browser(os.path.join(tmp, "profile"))
        b.attach()
        run(b, base)
    finally:
        if b:
            b.close()
        srv.send_signal(signal.SIGTERM)
        srv.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        print(f"{len(failures)} failures")
        sys.exit(1)
    print("browser test passed")


if __name__ == "__main__":
    main()
