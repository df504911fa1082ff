#!/usr/bin/env python3
"""Targets of indirect calls, site by site, in two kcg indexes of the same
tree (a rule's before and after): how many sites and targets each has,
the sites that lost every target or gained one (a rule that only narrows
has none), and the sites that changed, most targets gone first.

Usage: bench/compare-targets.py BEFORE.db AFTER.db [LIMIT]
A site is its file, line, column and caller, so the two indexes may have
other ids.  docs/resolution.md quotes it ("Tables of the field")."""
import sqlite3
import sys

QUERY = """SELECT p.path, e.line, e.col, f.name, g.name FROM edge e
 JOIN functions f ON f.id = e.caller_id JOIN functions g ON g.id = e.callee_id
 JOIN files p ON p.id = e.file_id
 WHERE e.kind IN ('field', 'global', 'return', 'netfilter_hook')"""


def targets(path):
    sites = {}
    for file, line, col, caller, callee in sqlite3.connect(path).execute(QUERY):
        sites.setdefault((file, line, col, caller), set()).add(callee)
    return sites


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__.split('\n\n')[1])
    before, after = targets(sys.argv[1]), targets(sys.argv[2])
    limit = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    print("sites %d -> %d, targets %d -> %d" % (
        len(before), len(after), sum(map(len, before.values())),
        sum(map(len, after.values()))))
    lost = [k for k in before if k not in after]
    gained = [k for k in after if after[k] - before.get(k, set())]
    changed = [k for k in before if k in after and before[k] != after[k]]
    print("sites that lost every target: %d, that gained one: %d, "
          "changed: %d" % (len(lost), len(gained), len(changed)))
    for k in lost[:limit]:
        print("  lost all: %s:%d %s (%d)" % (k[0], k[1], k[3], len(before[k])))
    for k in gained[:limit]:
        print("  gained: %s:%d %s %s" % (k[0], k[1], k[3],
              " ".join(sorted(after[k] - before.get(k, set())))))
    changed.sort(key=lambda k: len(after[k]) - len(before[k]))
    for k in changed[:limit]:
        print("  %s:%d %s %d -> %d" % (k[0], k[1], k[3], len(before[k]),
                                        len(after[k])))


if __name__ == "__main__":
    main()
