#!/usr/bin/env bash
# Path query latency, as a user sees it: N random (FROM, TO) pairs (fixed
# seed) among the functions with call edges, each answered by
#   1. kcg path FROM TO --db DB          (a whole process: open, load the
#                                         CSR, search the cheapest path by
#                                         fan-out, describe the hops)
#   1b. kcg path FROM TO --rank hops     (the fewest hops instead)
#   2. the same question as a recursive CTE in the sqlite3 shell: BFS over
#      `edge` in depth order, same edge kinds, up to MAX_DEPTH hops
# and prints p50 / p95 / max wall time of each, how many pairs each found,
# and whether `--rank hops` and the CTE agree on the length of the shortest path (the CTE
# gives the length only; kcg gives the hops with their sites).  The floor
# of a kcg process (`kcg --version`) is shown for scale.  With
# KCG_BASELINE=OTHER_KCG, that kcg answers each pair too, right after
# the first (same database, same load): its times beside, and on how
# many pairs the two paths cost the same (fan-out costs summed from the
# TSV's fanout column).  The same pairs are then asked of `kcg serve` on
# the database (loopback, port chosen by the system) as
# /path?from=..&to=..&format=json, one curl request at a time: the graph
# is loaded once there, so this is the latency of the search and the
# answer alone, as the web interface and scripts that keep a server meet it.
#
# Usage: bench/path-queries.sh KCG DB [N] [SEED]
#   default N 200, SEED 42.  KCG_BENCH_CTE_TIMEOUT (s, default 10) bounds
#   each CTE; KCG_BENCH_MAX_DEPTH (default 20) bounds its depth.
set -euo pipefail
. "$(dirname "$0")/serve-start.sh"

kcg=$(realpath "$1")
db=$(realpath "$2")
n=${3:-200}
seed=${4:-42}
cte_timeout=${KCG_BENCH_CTE_TIMEOUT:-10}
max_depth=${KCG_BENCH_MAX_DEPTH:-20}
kinds="'direct','macro','field','global','return','callback','netfilter_hook'"
work=$(mktemp -d)
server=
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" || true
	rm -rf "$work"
}
trap cleanup EXIT

# candidates: id and an unambiguous name@file of every function that
# calls (FROM) or is called (TO) along the default kinds
sqlite3 -separator ' ' "$db" "
	SELECT f.id, f.name || '@' || fl.path FROM functions f
	JOIN files fl ON fl.id = f.file_id
	WHERE f.id IN (SELECT caller_id FROM edge WHERE kind IN ($kinds))
	ORDER BY f.id" > "$work/from"
sqlite3 -separator ' ' "$db" "
	SELECT f.id, f.name || '@' || fl.path FROM functions f
	JOIN files fl ON fl.id = f.file_id
	WHERE f.id IN (SELECT callee_id FROM edge WHERE kind IN ($kinds))
	ORDER BY f.id" > "$work/to"
awk -v n="$n" -v seed="$seed" '
	FNR == 1 { file++ }
	file == 1 { from[++nf] = $0; next }
	{ to[++nt] = $0 }
	END {
		srand(seed)
		for (i = 0; i < n; i++)
			print from[int(rand() * nf) + 1], to[int(rand() * nt) + 1]
	}' "$work/from" "$work/to" > "$work/pairs"

# microseconds now, without starting a process (bash 5's EPOCHREALTIME:
# a `date` per reading added ~10 ms to every time measured)
now_us() { now=${EPOCHREALTIME/[.,]/}; }

: > "$work/kcg.times"
: > "$work/base.times"
baseline=${KCG_BASELINE:-}
same_cost=0 other_cost=0
# the hop count and cost of the TSV path on stdin (empty if none)
path_cost() { awk -F '\t' 'NR > 1 && $1 == 1 { n++; c += 1 + ($15 > 1 ? log($15) / log(2) : 0) }
	END { if (n) printf "%d %.6f\n", n, c }'; }
: > "$work/hops.times"
: > "$work/cte.times"
found_kcg=0 found_cte=0 agree=0 disagree=0 timeouts=0
while read -r from_id from to_id to; do
	now_us; t0=$now
	rc=0
	"$kcg" path "$from" "$to" --db "$db" --tsv > "$work/out" 2>/dev/null ||
		rc=$?
	now_us; t1=$now
	echo $((t1 - t0)) >> "$work/kcg.times"
	[ $rc = 0 ] && found_kcg=$((found_kcg + 1))
	if [ -n "$baseline" ]; then
		mine=$(path_cost < "$work/out")
		now_us; t0=$now
		"$baseline" path "$from" "$to" --db "$db" --tsv \
			> "$work/out" 2>/dev/null || true
		now_us; t1=$now
		echo $((t1 - t0)) >> "$work/base.times"
		if [ "$mine" = "$(path_cost < "$work/out")" ]; then
			same_cost=$((same_cost + 1))
		else
			other_cost=$((other_cost + 1))
		fi
	fi

	now_us; t0=$now
	rc=0
	"$kcg" path "$from" "$to" --rank hops --db "$db" --tsv \
		> "$work/out" 2>/dev/null || rc=$?
	now_us; t1=$now
	echo $((t1 - t0)) >> "$work/hops.times"
	hops=
	[ $rc = 0 ] && hops=$(($(wc -l < "$work/out") - 1))

	now_us; t0=$now
	depth=$(timeout "$cte_timeout" sqlite3 "$db" "
		WITH RECURSIVE bfs(id, depth) AS (
			SELECT $from_id, 0
			UNION
			SELECT e.callee_id, b.depth + 1 FROM bfs b
			JOIN edge e ON e.caller_id = b.id
			WHERE b.depth < $max_depth AND e.kind IN ($kinds)
			ORDER BY 2
		)
		SELECT depth FROM bfs WHERE id = $to_id LIMIT 1;" 2>/dev/null) ||
		{ timeouts=$((timeouts + 1)); depth=; }
	now_us; t1=$now
	echo $((t1 - t0)) >> "$work/cte.times"
	[ -n "$depth" ] && found_cte=$((found_cte + 1))
	if [ -n "$hops" ] && [ -n "$depth" ]; then
		if [ "$hops" = "$depth" ]; then
			agree=$((agree + 1))
		else
			disagree=$((disagree + 1))
		fi
	fi
done < "$work/pairs"

# the same pairs asked of a server that loaded the graph once
serve_start "$kcg" "$db" "$work/serve.out" "$work/serve.err" 600
: > "$work/serve.times"
found_serve=0 serve_bad=0
while read -r from_id from to_id to; do
	out=$(curl -s -o /dev/null -G -w '%{http_code} %{time_total}' \
		--data-urlencode "from=$from" --data-urlencode "to=$to" \
		--data-urlencode format=json "$base/path")
	case ${out%% *} in
	200) found_serve=$((found_serve + 1)) ;;
	404) ;;
	*) serve_bad=$((serve_bad + 1)) ;;
	esac
	echo "${out#* }" | awk '{ printf "%d\n", $1 * 1000000 }' >> "$work/serve.times"
done < "$work/pairs"
kill "$server" && wait "$server" || true
server=

: > "$work/floor.times"
for _ in $(seq 20); do
	now_us; t0=$now
	"$kcg" --version > /dev/null
	now_us; t1=$now
	echo $((t1 - t0)) >> "$work/floor.times"
done

# p50 p95 max in ms of a file of microseconds
stats() {
	sort -n "$1" | awk '{ v[NR] = $1 }
		END {
			p50 = v[int((NR - 1) * 0.50) + 1]
			p95 = v[int((NR - 1) * 0.95) + 1]
			printf "%8.1f %8.1f %8.1f", p50 / 1000, p95 / 1000, v[NR] / 1000
		}'
}

nodes=$(sqlite3 "$db" "SELECT count(*) FROM functions")
edges=$(sqlite3 "$db" "SELECT count(*) FROM edge")
csr=$(sqlite3 "$db" "SELECT count(*) FROM sqlite_master WHERE name = 'csr'")
echo "$n random pairs (seed $seed) on $db: $nodes functions, $edges edges$([ "$csr" = 1 ] || echo ', no csr table')"
printf '%-22s %8s %8s %8s %8s\n' "" "p50 ms" "p95 ms" "max ms" "found"
printf '%-22s %s %8s\n' "kcg path" "$(stats "$work/kcg.times")" "$found_kcg"
[ -z "$baseline" ] ||
	printf '%-22s %s\n' "baseline kcg path" "$(stats "$work/base.times")"
printf '%-22s %s\n' "kcg path --rank hops" "$(stats "$work/hops.times")"
printf '%-22s %s %8s\n' "sqlite3 recursive CTE" "$(stats "$work/cte.times")" "$found_cte"
printf '%-22s %s\n' "kcg --version (floor)" "$(stats "$work/floor.times")"
printf '%-22s %s %8s\n' "kcg serve /path (JSON)" "$(stats "$work/serve.times")" "$found_serve"
[ "$serve_bad" = 0 ] || echo "kcg serve: $serve_bad answers neither 200 nor 404"
[ -z "$baseline" ] ||
	echo "kcg and the baseline: the same hops and cost $same_cost, other $other_cost"
echo "shortest length (--rank hops): $agree agree, $disagree differ; CTE timeouts (${cte_timeout} s): $timeouts; CTE depth limit $max_depth"
