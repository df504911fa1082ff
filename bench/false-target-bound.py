#!/usr/bin/env python3
"""What a reading of sampled edges says about the targets per site a
perfect tool would have: one that keeps every target the call can really
reach and drops every other.

Usage: bench/false-target-bound.py DB POSSIBLE READ [MEAN_GOAL]
  DB        a kcg index
  POSSIBLE  how many of the edges read can happen at run time
  READ      how many edges were read (bench/resolution-figures.sh draws
            them: field edges spread evenly in call-site order)
  MEAN_GOAL the mean targets per resolved site aimed at (default 5)

Prints, with a 95% Wilson interval from the reading: the share of the
targets that are possible, the false targets that implies, the mean a
perfect tool would reach, and which share of the false targets a tool
must drop to reach MEAN_GOAL.  The reading is of field edges; field
edges are most of the targets counted (printed), and the others are
taken to be as precise.  docs/resolution.md quotes it."""
import math
import sqlite3
import sys

TARGETS = """SELECT count(*), coalesce(sum(n), 0), coalesce(sum(f), 0) FROM (
 SELECT call_id, count(DISTINCT callee_id) AS n,
  count(DISTINCT CASE WHEN kind = 'field' THEN callee_id END) AS f
 FROM edge WHERE kind IN ('field', 'global', 'return', 'netfilter_hook')
 GROUP BY call_id)"""


def wilson(x, n, z=1.96):
    """95% Wilson score interval of a proportion x/n."""
    p = x / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__.split('\n\n')[1])
    db, possible, read = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    goal = float(sys.argv[4]) if len(sys.argv) == 5 else 5.0
    if read <= 0 or not 0 <= possible <= read:
        sys.exit("false-target-bound: POSSIBLE must be between 0 and READ, "
                 "READ above 0")
    try:
        sites, targets, field = sqlite3.connect(
            "file:%s?mode=ro" % db, uri=True).execute(TARGETS).fetchone()
    except sqlite3.Error as e:
        sys.exit("false-target-bound: %s: %s" % (db, e))
    if sites == 0:
        sys.exit("false-target-bound: %s has no resolved indirect site" % db)
    p = possible / read
    lo, hi = wilson(possible, read)
    to_drop = max(0.0, targets - goal * sites)
    print("resolved sites %d, targets %d (field %d, %.1f%%), mean %.2f" % (
        sites, targets, field, 100.0 * field / targets, targets / sites))
    print("possible share %.1f%% (95%%: %.1f%% to %.1f%%) of %d read" % (
        100 * p, 100 * lo, 100 * hi, read))
    print("false targets about %.0f (%.0f to %.0f)" % (
        targets * (1 - p), targets * (1 - hi), targets * (1 - lo)))
    print("mean of a perfect tool %.2f (%.2f to %.2f)" % (
        targets * p / sites, targets * lo / sites, targets * hi / sites))
    print("targets to drop for a mean of %g: %.0f" % (goal, to_drop))
    for name, share in (("point", p), ("fewest false", hi), ("most false", lo)):
        false = targets * (1 - share)
        need = "%.0f%%" % (100 * to_drop / false) if false else "-"
        print("  share of the false targets to drop (%s): %s%s" % (
            name, need, " (more than there are)" if false < to_drop else ""))


if __name__ == "__main__":
    main()
