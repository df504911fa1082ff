#!/usr/bin/env python3
"""HTTP tests of `kcg serve` on an index of samples/.

Copies samples/ to a temporary tree (so that a symlink out of it can be
planted), indexes it, starts `kcg serve --port 0` on loopback and checks,
over real HTTP: status codes and content types, the JSON of every page
against the --json of the matching command (the same shapes), bad input
(400), unknown names (404 with the nearest names), ambiguous names (400
with the candidates), source refused outside the indexed root ('..', an
absolute path, a symlink), concurrent requests, answers from the new
index after the database is indexed again, and a clean stop on SIGTERM.

usage: test_serve.py KCG SAMPLES_DIR
"""
import concurrent.futures
import json
import re
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

KCG, SAMPLES = sys.argv[1], sys.argv[2]
failures = []
# a path page and the command that answers the same
THROUGH_IP_RCV = "/path?from=net_rx_action&to=tcp_v4_rcv&k=3&through=ip_rcv"
THROUGH_IP_RCV_ARGS = ["path", "net_rx_action", "tcp_v4_rcv", "-k", "3",
                       "--through", "ip_rcv"]


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def get(base, path, headers=None, method="GET"):
    req = urllib.request.Request(base + path, headers=headers or {},
                                 method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()


def get_json(base, path):
    status, ctype, body = get(base, path, {"Accept": "application/json"})
    check(ctype.startswith("application/json"),
          f"{path}: content type {ctype}")
    return status, json.loads(body)


def kcg_json(env, *args):
    out = subprocess.run([KCG, *args, "--json"], env=env,
                         capture_output=True, text=True)
    return json.loads(out.stdout)


def main():
    tmp = tempfile.mkdtemp(prefix="kcg-serve-")
    env = dict(os.environ, XDG_STATE_HOME=os.path.join(tmp, "state"))
    tree = os.path.join(tmp, "tree")
    shutil.copytree(SAMPLES, tree)
    os.symlink("/etc/hostname", os.path.join(tree, "escape.c"))
    db = os.path.join(tmp, "s.db")
    subprocess.run([KCG, "index", "--compdb",
                    os.path.join(tree, "compile_commands.json"),
                    "--db", db, "-q"], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    srv = subprocess.Popen([KCG, "serve", "--db", db, "--port", "0",
                            "--threads", "4"], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True)
    try:
        line = srv.stdout.readline()
        check(line.startswith("kcg serve: http://127.0.0.1:"),
              f"start line: {line!r}")
        base = line.split()[2].rstrip("/")
        run(base, env, db)
    finally:
        srv.send_signal(signal.SIGTERM)
        try:
            rc = srv.wait(timeout=10)
        except subprocess.TimeoutExpired:
            srv.kill()
            rc = None
        err = srv.stderr.read()
        check(rc == 0, f"SIGTERM: exit status {rc}: {err[-3000:]}")
        check("stopped" in err, "a line on stopping")
        shutil.rmtree(tmp)
    if failures:
        print(f"{len(failures)} failures")
        sys.exit(1)
    print("all serve tests passed")


def same_as_command(base, env, db, path, args, what):
    """The JSON of page path has the tables of `kcg ARGS --json`."""
    status, doc = get_json(base, path)
    cli = kcg_json(env, *args, "--db", db)
    check(status == 200 and tables(doc) == tables(cli),
          f"{what}: {path}: status {status}, or not as kcg "
          f"{' '.join(args)} --json")
    return doc


def tables(doc):
    return doc["tables"]


def run(base, env, db):
    # Pages as HTML.
    for path in ["/", "/search?q=ip_", "/function?name=ip_rcv",
                 "/neighbourhood?name=ip_rcv&dir=callees&depth=3",
                 "/path?from=net_rx_action&to=tcp_v4_rcv&k=3", "/path",
                 "/flows", "/flows?name=rx", "/hooks",
                 "/hooks?family=ipv4&hook=PRE_ROUTING",
                 "/source?file=net/ipv4/ip_input.c&line=81"]:
        status, ctype, body = get(base, path)
        check(status == 200, f"{path}: status {status}")
        check(ctype == "text/html; charset=utf-8", f"{path}: {ctype}")
        check(body.startswith(b"<!DOCTYPE html>"), f"{path}: not a page")
    for path, ctype in [("/static/style.css", "text/css"),
                        ("/static/kcg.js", "text/javascript")]:
        status, got, _ = get(base, path)
        check(status == 200 and got.startswith(ctype), f"{path}: {got}")

    # The function page: an inline SVG whose nodes link to function pages,
    # callers and callees by kind, the source with the call line marked.
    _, _, body = get(base, "/function?name=ip_rcv")
    page = body.decode()
    check("<svg" in page, "function page: no inline SVG")
    check('href="/function?name=ip_rcv_finish@net/ipv4/ip_input.c"' in page,
          "function page: no link to ip_rcv_finish in the SVG")
    check("<code>packet_type.func</code>" in page,
          "function page: the field edge's struct.field")
    check("via NF_HOOK" in page, "function page: the callback's via")
    check('class="line call" id="L89"' in page,
          "function page: call line 89 marked in the source")

    # JSON in the shapes of --json: the same tables as the commands.
    status, doc = get_json(base, "/function?name=ip_rcv")
    check(status == 200 and doc["command"] == "function",
          "function JSON envelope")
    show = kcg_json(env, "show", "ip_rcv", "--db", db)
    for t in ["function", "edges", "indirect_calls", "hooks"]:
        check(tables(doc)[t] == tables(show)[t], f"function JSON: {t} "
              "differs from kcg show --json")
    callers = kcg_json(env, "callers", "ip_rcv", "--db", db, "--kinds",
                       "all")
    check(tables(doc)["callers"] == tables(callers)["tree"],
          "function JSON: callers differ from kcg callers --json")
    regs = kcg_json(env, "registrations", "ip_rcv", "--db", db)
    check(tables(doc)["registrations"] == tables(regs)["registrations"],
          "function JSON: registrations differ")
    src = tables(doc)["source"]
    check(any(r["line"] == 81 and "ip_rcv(" in r["text"] for r in src),
          "function JSON: source line 81")
    check(any(r["line"] == 89 and r["call"] == 1 for r in src),
          "function JSON: call line 89")
    status, doc = get(base, "/function?name=ip_rcv&format=json")[0], None
    check(status == 200, "?format=json")

    same_as_command(base, env, db, "/neighbourhood?name=ip_rcv&dir=callers"
                    "&depth=2", ["callers", "ip_rcv", "-d", "2"],
                    "neighbourhood JSON")
    doc = same_as_command(base, env, db, THROUGH_IP_RCV,
                          THROUGH_IP_RCV_ARGS, "path JSON")
    check(len(tables(doc)["paths"]) > 0, "path JSON: no hops")
    doc = same_as_command(base, env, db, "/path?from=net_rx_action"
                          "&to=tcp_v4_rcv&k=2&rank=hops",
                          ["path", "net_rx_action", "tcp_v4_rcv", "-k", "2",
                           "--rank", "hops"], "path JSON (rank=hops)")
    check(any(h["fanout"] > 1 for h in tables(doc)["paths"]),
          "path JSON: no hop with a fan-out")
    same_as_command(base, env, db, "/hooks", ["hooks"], "hooks JSON")
    status, doc = get_json(base, "/flows")
    check(status == 200 and
          "rx" in [f["name"] for f in tables(doc)["flows"]],
          "flows JSON: no rx")
    status, doc = get_json(base, "/flows?name=rx")
    legs = tables(doc)["legs"]
    check(status == 200 and legs and
          all(l["status"] in ("ok", "hand-off") for l in legs),
          "flows JSON: rx has broken legs")
    status, doc = get_json(base, "/api/search?q=ip_rc")
    names = [m["name"] for m in tables(doc)["matches"]]
    check(status == 200 and "ip_rcv" in names and
          all(n.startswith("ip_rc") for n in names), f"search: {names}")
    status, doc = get_json(base, "/api/search?q=ip_rvc")
    check("ip_rcv" in [m["name"] for m in tables(doc)["nearest"]],
          "search: nearest names")
    status, doc = get_json(base, "/api/search?q=fill_info")
    rows = tables(doc)["matches"]
    check(len(rows) == 2 and all(r["same_name"] == 2 for r in rows) and
          len({r["file"] for r in rows}) == 2,
          "search: an ambiguous name with its files")

    # Unknown names: 404 with the nearest names; ambiguous: 400 with the
    # candidates.
    status, doc = get_json(base, "/function?name=ip_rcvv")
    check(status == 404 and "ip_rcv" in
          [s["name"] for s in tables(doc)["suggestions"]],
          "unknown function: 404 with suggestions")
    check(tables(doc)["error"][0]["status"] == 404, "error table")
    status, _, body = get(base, "/function?name=ip_rcvv")
    check(status == 404 and b"/function?name=ip_rcv\"" in body,
          "unknown function page: a link to the nearest name")
    status, doc = get_json(base, "/path?from=net_rx_actoin&to=ip_rcv")
    check(status == 404 and tables(doc)["suggestions"],
          "path: unknown from")
    status, doc = get_json(base, "/function?name=fill_info")
    check(status == 400 and len(tables(doc)["candidates"]) == 2,
          "ambiguous function: 400 with candidates")
    status, doc = get_json(base, "/path?from=tcp_v4_rcv&to=net_rx_action")
    check(status == 404 and tables(doc)["paths"] == [], "no path: 404")

    # Bad requests.
    for path in ["/neighbourhood?name=ip_rcv&depth=9",
                 "/neighbourhood?name=ip_rcv&depth=x",
                 "/neighbourhood?name=ip_rcv&dir=sideways",
                 "/neighbourhood?name=ip_rcv&kinds=bogus",
                 "/function", "/path?from=ip_rcv", "/path?k=0&from=a&to=b",
                 "/path?from=net_rx_action&to=tcp_v4_rcv&k=11",
                 "/path?from=net_rx_action&to=tcp_v4_rcv&rank=short",
                 "/path?from=net_rx_action&to=tcp_v4_rcv&avoid=tcp_v4_rcv",
                 "/flows?name=../rx", "/source", "/api/search",
                 "/function?name=" + "a" * 600,
                 "/search?" + "&".join(f"p{i}=1" for i in range(20))]:
        status, doc = get_json(base, path)
        check(status == 400, f"{path[:60]}: status {status}, not 400")
        check(doc["tables"]["error"][0]["message"], f"{path}: no message")
    status, _, body = get(base, "/neighbourhood?name=ip_rcv&depth=9")
    check(status == 400 and b"from 1 to 4" in body, "400 page says why")
    check(get(base, "/nosuch")[0] == 404, "unknown page: 404")
    check(get(base, "/flows?name=nosuch")[0] == 404, "unknown flow: 404")
    check(get(base, "/function?name=ip_rcv", method="POST")[0] == 405,
          "POST: 405")

    # Source only from under the indexed root.
    for f in ["../s.db", "net/../../s.db", "/etc/hostname", "escape.c"]:
        status, doc = get_json(base, "/source?file=" +
                               urllib.parse.quote(f))
        check(status == 403, f"source '{f}': status {status}, not 403")
    status, doc = get_json(base, "/source?file=net/ipv4/nosuch.c")
    check(status == 404, "source of a missing file: 404")
    status, doc = get_json(base, "/source?file=net/ipv4/ip_input.c&line=81"
                           "&context=1")
    check(status == 200 and [r["line"] for r in tables(doc)["source"]] ==
          [80, 81, 82], "source lines")

    # Concurrent requests: every answer as the sequential one; a page's
    # diagram only by the functions it links to: Graphviz orders clusters
    # by cgraph's ids, which are heap addresses, so the layout of one
    # diagram may differ from one drawing to the next.
    paths = ["/function?name=ip_rcv&format=json",
             "/neighbourhood?name=net_rx_action&dir=callees&depth=3",
             "/path?from=net_rx_action&to=tcp_v4_rcv&k=5&format=json",
             "/function?name=ip_rcv_finish"] * 12

    def lines(body):
        if not body.startswith(b"<!DOCTYPE"):
            return body
        return sorted(set(re.findall(rb'href="(/function[^"]*)"', body)))

    expected = {p: lines(get(base, p)[2]) for p in set(paths)}
    with concurrent.futures.ThreadPoolExecutor(max_workers=12) as ex:
        got = list(ex.map(lambda p: (p, get(base, p)), paths))
    for p, (status, _, body) in got:
        check(status == 200 and lines(body) == expected[p],
              f"concurrent {p}: status {status} or a different body")

    # Indexed again while it runs: the server answers from the new index
    # (its graph loaded again), as the command line does.
    tree = os.path.join(os.path.dirname(db), "tree")
    with open(os.path.join(tree, "net/ipv4/ip_input.c"), "a") as f:
        f.write("\nint kcg_served(struct sk_buff *skb)\n"
                "{\n\treturn ip_rcv_finish(0, 0, skb);\n}\n")
    subprocess.run([KCG, "index", "--compdb",
                    os.path.join(tree, "compile_commands.json"),
                    "--db", db, "-q"], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    doc = same_as_command(base, env, db, "/path?from=kcg_served"
                          "&to=ip_local_deliver&k=2",
                          ["path", "kcg_served", "ip_local_deliver", "-k",
                           "2"], "after indexing again")
    check(len(tables(doc).get("paths", [])) > 0,
          "after indexing again: no path")
    same_as_command(base, env, db, THROUGH_IP_RCV, THROUGH_IP_RCV_ARGS,
                    "after indexing again")


if __name__ == "__main__":
    main()
