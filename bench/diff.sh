#!/usr/bin/env bash
# kcg diff between two indexes (two kernel versions), as a user runs it:
# the whole report, --summary, one function, one flow, and the diagram of
# a flow, each RUNS times with /usr/bin/time; prints the median wall time,
# the peak RSS and the ratio to a baseline measured in the same run: one
# query on each index (`kcg callers FUNCTION --db OLD`, then NEW: the
# cost of opening both and loading their graphs once).
#
# Usage: bench/diff.sh KCG OLD.db NEW.db [FLOW] [FUNCTION] [RUNS]
#   default FLOW rx, FUNCTION ip_rcv, RUNS 5
set -euo pipefail

kcg=$(realpath "$1")
old=$(realpath "$2")
new=$(realpath "$3")
flow=${4:-rx}
fn=${5:-ip_rcv}
runs=${6:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Run "$@" RUNS times; print "median_wall_s max_rss_mb".  Exit status 1
# of kcg diff means "changed", not a failure.
measure() {
	local i
	for ((i = 0; i < runs; i++)); do
		/usr/bin/time -f '%e %M' -o "$work/t" "$@" > /dev/null 2>&1 ||
			[ $? -eq 1 ] || { echo "failed: $*" >&2; exit 1; }
		tail -n 1 "$work/t"	# after "Command exited with ..."
	done | sort -n | awk -v n="$runs" '
		{ wall[NR] = $1; if ($2 > rss) rss = $2 }
		END { printf "%.3f %.0f\n", wall[int((n + 1) / 2)], rss / 1024 }'
}

base=$(measure bash -c "'$kcg' callers '$fn' --db '$old' && '$kcg' callers '$fn' --db '$new'")
read -r base_wall base_rss <<< "$base"
printf '%-44s %9s %9s %8s\n' "command" "wall s" "RSS MB" "x base"
printf '%-44s %9s %9s %8s\n' "baseline: kcg callers $fn on each" \
	"$base_wall" "$base_rss" "1.0"
row() {
	local label=$1 wall rss
	shift
	read -r wall rss <<< "$(measure "$@")"
	printf '%-44s %9s %9s %8.1f\n' "$label" "$wall" "$rss" \
		"$(echo "$wall / $base_wall" | bc -l)"
}
row "kcg diff OLD NEW" "$kcg" diff "$old" "$new"
row "kcg diff OLD NEW --summary" "$kcg" diff "$old" "$new" --summary
row "kcg diff OLD NEW $fn" "$kcg" diff "$old" "$new" "$fn"
row "kcg diff OLD NEW --flow $flow" "$kcg" diff "$old" "$new" --flow "$flow"
row "kcg render diff OLD NEW --flow $flow (svg)" "$kcg" render diff \
	"$old" "$new" --flow "$flow" -o "$work/d.svg"
echo "indexes: $(du -m "$old" | cut -f1) MB and $(du -m "$new" | cut -f1) MB," \
	"$(sqlite3 "$old" 'SELECT count(*) FROM functions') and" \
	"$(sqlite3 "$new" 'SELECT count(*) FROM functions') functions"
