#!/usr/bin/env python3
"""Check that `kcg diff OLD NEW` reports what EXPECTED lists.

Usage: check-diff.py KCG OLD.db NEW.db EXPECTED.tsv

EXPECTED (tests/kernel/linux-X.Y/diff.tsv) holds one change per line,
read against both sources; its header says the columns.  Every line must
be found in the JSON of `kcg diff OLD NEW` (functions, hooks,
registrations), `kcg diff OLD NEW FUNCTION` (calls) or `kcg diff OLD NEW
--flow FLOW` (legs and hook points).  Prints what is missing; exit 1 if
anything is.
"""
import json
import subprocess
import sys


def kcg_json(kcg, *args):
    p = subprocess.run([kcg, "diff", *args, "--json"], capture_output=True,
                       text=True)
    if p.returncode not in (0, 1):
        sys.exit(f"check-diff: kcg diff {' '.join(args)} failed "
                 f"({p.returncode}): {p.stderr}")
    return json.loads(p.stdout)["tables"]


def main():
    kcg, old, new, expected = sys.argv[1:5]
    whole = kcg_json(kcg, old, new)
    cache = {}
    missing = checked = 0

    def per(key, *args):
        if key not in cache:
            cache[key] = kcg_json(kcg, old, new, *args)
        return cache[key]

    for lineno, line in enumerate(open(expected), 1):
        if not line.strip() or line.startswith("#"):
            continue
        f = line.rstrip("\n").split("\t")
        what = f[0]
        if what == "function":
            change, name = f[1:3]
            ok = any(r["change"] == change and r["name"] == name
                     for r in whole["functions"])
        elif what == "hook":
            change, fn, family, hook = f[1:5]
            ok = any(r["change"] == change and r["function"] == fn and
                     r["family"] == family and r["hook"] == hook
                     for r in whole["hooks"])
        elif what == "registration":
            change, fn, into = f[1:4]
            ok = any(r["change"] == change and r["function"] == fn and
                     r["stored_into"] == into
                     for r in whole["registrations"])
        elif what == "call":
            fn, direction, change, other, kind = f[1:6]
            rows = per(("call", fn), fn)["calls"]
            ok = any(r["direction"] == direction and r["change"] == change
                     and r["function"] == other and r["kind"] == kind
                     for r in rows)
        elif what == "flow":
            flow, leg, change = f[1:4]
            want = dict(x.split("=", 1) for x in f[4:] if "=" in x and
                        x.split("=", 1)[0] in ("left", "came"))
            rows = [r for r in per(("flow", flow), "--flow", flow)["flow"]
                    if r["leg"] == leg]
            ok = any(r["change"] == change and
                     all((r[k] or "") == v for k, v in want.items())
                     for r in rows)
        else:
            sys.exit(f"check-diff: {expected}:{lineno}: unknown '{what}'")
        checked += 1
        if not ok:
            missing += 1
            print(f"{expected}:{lineno}: not reported: "
                  f"{' '.join(f[:-1])}")
    print(f"check-diff: {checked - missing} of {checked} changes reported")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
