#!/usr/bin/env bash
# Where a command's memory goes over time: run COMMAND under
# /usr/bin/time -v (OUT.time) and write, every INTERVAL seconds (default
# 5), the seconds since it started and the resident set of the largest
# process it runs, in MB, to OUT (`kcg index` runs kcg-index).  The peak
# /usr/bin/time reports is the largest RSS ever; the timeline says in
# which phase it came (with KCG_TRACE=1 on the command, its trace says
# when each phase ended).
#
# Usage: bench/rss-timeline.sh OUT [INTERVAL] -- COMMAND...
set -euo pipefail

out=$1
shift
interval=5
if [ "$1" != "--" ]; then
	interval=$1
	shift
fi
[ "$1" = "--" ] || { echo "usage: $0 OUT [INTERVAL] -- COMMAND..." >&2; exit 2; }
shift

/usr/bin/time -v -o "$out.time" "$@" &
top=$!
start=$(date +%s)
: > "$out"
# pid and every process under it
tree_pids() {
	local pids=$1 kids p
	for p in $1; do
		kids=$(pgrep -P "$p" || true)
		[ -n "$kids" ] && pids="$pids $(tree_pids "$kids" | tr '\n' ' ')"
	done
	echo "$pids"
}
while kill -0 "$top" 2> /dev/null; do
	rss=0
	for p in $(tree_pids "$top"); do
		r=$(awk '/^VmRSS/ { print $2 }' "/proc/$p/status" 2> /dev/null || true)
		[ -n "$r" ] && [ "$r" -gt "$rss" ] && rss=$r
	done
	echo "$(($(date +%s) - start)) $((rss / 1024))" >> "$out"
	sleep "$interval"
done
wait "$top"
