#!/usr/bin/env bash
# Figures of function-pointer resolution on an index:
#   share of indirect call sites resolved, targets per resolved site
#   (average, 95th percentile), the 10 sites with the most targets, and a
#   reproducible random sample of resolved indirect edges to check by
#   reading the source; FIELD_SAMPLE field edges (caller, callee, call
#   site: each once) spread evenly over the index in call-site order (the
#   k-th of every N/FIELD_SAMPLE, k picked by SEED), to read the same way; how far the targets per site
#   are from a mean of 5 and a median of 2 (issue 14's goals); and
#   THREE_SAMPLE sites with exactly 3 targets (seeded by call id), each
#   with its callees and where they are stored, to read whether all 3
#   can really be reached (docs/resolution.md).
# Usage: bench/resolution-figures.sh DB [SAMPLE_SIZE [FIELD_SAMPLE [SEED [THREE_SAMPLE]]]]
set -euo pipefail
db=$1
n=${2:-50}
fields=${3:-40}
seed=${4:-14}
threes=${5:-0}
q() { sqlite3 -separator $'\t' "$db" "$@"; }

echo "== indirect call sites"
q "WITH sites AS (SELECT DISTINCT call_id FROM indirect_calls),
	ptr AS (SELECT DISTINCT call_id FROM edge
		WHERE kind IN ('field','global','return','netfilter_hook')),
	sig AS (SELECT DISTINCT call_id FROM edge WHERE kind = 'signature'),
	par AS (SELECT DISTINCT i.call_id FROM indirect_calls i
		JOIN calls c ON c.id = i.call_id
		WHERE i.shape = 'param' AND EXISTS (SELECT 1 FROM edge e
			WHERE e.kind = 'callback' AND e.via_id = c.caller_id))
   SELECT 'sites', count(*),
	'through a pointer resolved', (SELECT count(*) FROM ptr),
	'parameter calls resolved by their callers (callback)', (SELECT count(*) FROM par),
	'resolved', (SELECT count(*) FROM sites WHERE call_id IN ptr OR call_id IN par),
	'share', round(100.0 * (SELECT count(*) FROM sites WHERE call_id IN ptr OR call_id IN par) / count(*), 1) || '%',
	'signature only', (SELECT count(*) FROM sig WHERE call_id NOT IN ptr)
   FROM sites" | tr '\t' '\n' | paste - -
echo
echo "== by shape (sites / resolved)"
q "SELECT i.shape, count(DISTINCT i.call_id),
	count(DISTINCT CASE WHEN e.call_id IS NOT NULL THEN i.call_id END)
   FROM indirect_calls i LEFT JOIN edge e ON e.call_id = i.call_id
	AND e.kind IN ('field','global','return','netfilter_hook')
   GROUP BY i.shape ORDER BY 2 DESC"
echo
echo "== targets per resolved site (field, global, return, netfilter_hook)"
q "WITH t AS (SELECT call_id, count(DISTINCT callee_id) AS n FROM edge
	WHERE kind IN ('field','global','return','netfilter_hook') GROUP BY call_id),
	o AS (SELECT n, row_number() OVER (ORDER BY n) AS r, count(*) OVER () AS c FROM t)
   SELECT 'sites', count(*), 'average', round(avg(n), 2),
	'median', (SELECT n FROM o WHERE r = (c + 1) / 2),
	'p95', (SELECT n FROM o WHERE r = CAST(c * 0.95 AS INT) + 1 LIMIT 1),
	'max', max(n) FROM t" | tr '\t' '\n' | paste - -
echo
echo "== distance to a mean of 5 and a median of 2 targets per resolved site"
q "WITH t AS (SELECT call_id, count(DISTINCT callee_id) AS n FROM edge
	WHERE kind IN ('field','global','return','netfilter_hook') GROUP BY call_id)
   SELECT 'sites with 1 or 2 targets', sum(n <= 2),
	'sites with 3', sum(n = 3),
	'sites that must fall to 2 or fewer for a median of 2', max(0, (count(*) + 1) / 2 - sum(n <= 2)),
	'sites with more than 10', sum(n > 10),
	'their targets', sum(CASE WHEN n > 10 THEN n ELSE 0 END),
	'targets', sum(n),
	'targets to remove for a mean of 5', max(0, sum(n) - 5 * count(*))
   FROM t" | tr '\t' '\n' | paste - -
echo
echo "== targets per resolved site, by rule (a site counts once, under its last rule)"
q "SELECT CASE WHEN rule LIKE '%same receiver' THEN 'same receiver'
		WHEN rule LIKE '%named global' THEN 'named global'
		WHEN rule LIKE '%same container' THEN 'same container'
		WHEN rule LIKE '%passed by callers' THEN 'passed by callers'
		WHEN rule LIKE '%made here' THEN 'made here'
		WHEN rule LIKE '%tables of the field' THEN 'tables of the field'
		ELSE 'type level' END AS r,
	count(DISTINCT call_id), count(DISTINCT call_id || ' ' || callee_id)
   FROM edge WHERE kind IN ('field','global','return','netfilter_hook')
   GROUP BY r ORDER BY r"
echo
echo "== the 10 sites with the most targets"
q "SELECT count(DISTINCT e.callee_id) AS n, f.name, p.path || ':' || c.line,
	coalesce(i.struct || '.' || i.field, i.shape)
   FROM edge e JOIN calls c ON c.id = e.call_id
   JOIN functions f ON f.id = c.caller_id JOIN files p ON p.id = c.file_id
   JOIN indirect_calls i ON i.call_id = c.id
   WHERE e.kind IN ('field','global','return','netfilter_hook')
   GROUP BY e.call_id ORDER BY n DESC LIMIT 10"
echo
# A callee of another type than the pointer called is a cast at the store
# or, by the thousand at a few places, two struct types taken for one
# (nouveau's unnamed member structs, docs/resolution.md).
echo "== field edges to a function of another type than the pointer (struct.field, sites, edges)"
q "SELECT i.struct || '.' || i.field AS f, count(DISTINCT e.call_id), count(*)
   FROM edge e JOIN calls c ON c.id = e.call_id
   JOIN functions g ON g.id = e.callee_id
   JOIN indirect_calls i ON i.call_id = e.call_id
   WHERE e.kind = 'field' AND g.type IS NOT NULL AND c.fn_type IS NOT NULL
     AND replace(g.type, ' ', '') <> replace(c.fn_type, ' ', '')
   GROUP BY f ORDER BY 3 DESC LIMIT 10"
echo
echo "== a random sample of $n resolved indirect edges (seeded by edge id)"
q "SELECT e.kind, caller.name, callee.name, sf.path || ':' || e.line,
	coalesce(rf.path || ':' || e.reg_line, '-'), coalesce(via.name, '-')
   FROM edge e JOIN functions caller ON caller.id = e.caller_id
   JOIN functions callee ON callee.id = e.callee_id
   LEFT JOIN files sf ON sf.id = e.file_id LEFT JOIN files rf ON rf.id = e.reg_file_id
   LEFT JOIN functions via ON via.id = e.via_id
   WHERE e.kind IN ('field','global','return','netfilter_hook','callback')
   ORDER BY (e.id * 2654435761) % 1000003 LIMIT $n"
echo
echo "== $fields field edges spread evenly in call-site order (seed $seed)"
# An edge counts once however many stores lead to it (a callback saved
# and put back is 3: stored, passed, copied), shown with its most direct.
q "WITH p AS (SELECT e.caller_id, e.callee_id, e.file_id, e.line, e.col,
		e.reg_file_id, e.reg_line, e.rule, row_number() OVER (
			PARTITION BY e.caller_id, e.callee_id, e.file_id,
				e.line, e.col
			ORDER BY e.rule, rf.path, e.reg_line) AS k
		FROM edge e LEFT JOIN files rf ON rf.id = e.reg_file_id
		WHERE e.kind = 'field'),
	f AS (SELECT * FROM p WHERE k = 1),
	o AS (SELECT f.*, row_number() OVER (ORDER BY sf.path, f.line, f.col,
		callee.name) - 1 AS r, count(*) OVER () AS c
		FROM f JOIN files sf ON sf.id = f.file_id
		JOIN functions callee ON callee.id = f.callee_id)
   SELECT caller.name, callee.name, sf.path || ':' || o.line,
	coalesce(rf.path || ':' || o.reg_line, '-'), o.rule
   FROM o JOIN functions caller ON caller.id = o.caller_id
   JOIN functions callee ON callee.id = o.callee_id
   JOIN files sf ON sf.id = o.file_id LEFT JOIN files rf ON rf.id = o.reg_file_id
   WHERE o.r % (o.c / $fields) = $seed % (o.c / $fields)
	AND o.r / (o.c / $fields) < $fields
   ORDER BY o.r"

if [ "$threes" -gt 0 ]; then
	echo
	echo "== $threes sites with exactly 3 targets (seeded by call id): site, callee, stored at"
	q "WITH t AS (SELECT call_id, count(DISTINCT callee_id) AS n FROM edge
		WHERE kind IN ('field','global','return','netfilter_hook') GROUP BY call_id),
		s AS (SELECT call_id FROM t WHERE n = 3
			ORDER BY (call_id * 2654435761) % 1000003 LIMIT $threes)
	   SELECT s.call_id, f.name, p.path || ':' || c.line, i.struct || '.' || i.field,
		coalesce((SELECT path FROM receivers r WHERE r.call_id = s.call_id), '-'),
		g.name, coalesce(rp.path || ':' || e.reg_line, '-'), coalesce(e.rule, '')
	   FROM s JOIN calls c ON c.id = s.call_id JOIN functions f ON f.id = c.caller_id
	   JOIN files p ON p.id = c.file_id JOIN indirect_calls i ON i.call_id = s.call_id
	   JOIN edge e ON e.call_id = s.call_id
		AND e.kind IN ('field','global','return','netfilter_hook')
	   JOIN functions g ON g.id = e.callee_id LEFT JOIN files rp ON rp.id = e.reg_file_id
	   GROUP BY s.call_id, g.id
	   ORDER BY (s.call_id * 2654435761) % 1000003, g.name"
fi
