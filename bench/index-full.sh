#!/usr/bin/env bash
# Everything issue 6 measures, in one run on one machine:
#   1. kcg index of the slice from scratch at -j JOBS against clang
#      -fsyntax-only over the same TUs JOBS at a time (index-vs-clang.sh):
#      wall, CPU, peak RSS, ratio, database size, functions, calls, edges
#   2. p50 / p95 of 200 random path queries (path-queries.sh, seed 42)
#   3. re-index after changing one .c file (a comment appended to
#      net/ipv4/ip_input.c; three times), then after changing a header
#      most TUs include (include/linux/skbuff.h): wall time and TUs
#      parsed; NAME.trace has the time of each phase (KCG_TRACE)
# The tree is restored (content and mtime) after each change, also on
# interruption.
#
# Usage: bench/index-full.sh BUILD_DIR [JOBS]
#   BUILD_DIR holds kcg and kcg-index (a Release or RelWithDebInfo build).
#   Results go to $KCG_BENCH_OUT (default ./bench-out), the summary to
#   stdout.  Takes about 35 minutes for the full index and clang, and as
#   long again for the header change (it re-parses most of the slice).
set -euo pipefail

build=$(realpath "$1")
jobs=${2:-2}
here=$(cd "$(dirname "$0")" && pwd)
out=${KCG_BENCH_OUT:-$PWD/bench-out}
export KCG_BENCH_OUT=$out
mkdir -p "$out"
scope=(net/ drivers/net/ethernet/intel/ kernel/ security/selinux/)
kdir=$("$here/../tests/kernel/prepare-linux.sh" | tail -n 1)

echo "== 1. full index against the parse floor"
"$here/index-vs-clang.sh" "$build/kcg" "$jobs" "${scope[@]}" |
	tee "$out/full.txt"

echo
echo "== 2. path queries"
KCG_BENCH_CTE_TIMEOUT=${KCG_BENCH_CTE_TIMEOUT:-2} \
	"$here/path-queries.sh" "$build/kcg" "$out/slice.db" 200 42 |
	tee "$out/paths.txt"

# Change a file of the tree (a comment appended), re-index, restore it.
changed=""
restore() {
	if [ -n "$changed" ]; then
		cp -p "$out/saved" "$kdir/$changed"
		changed=""
	fi
}
trap restore EXIT INT TERM

reindex_after_change() {
	local file=$1 name=$2
	changed=$file
	cp -p "$kdir/$file" "$out/saved"
	# a new text each time, so that it differs from what is on record
	printf '\n/* kcg bench: a change (%s) */\n' "$name" >> "$kdir/$file"
	KCG_TRACE=1 /usr/bin/time -v -o "$out/$name.time" \
		"$build/kcg" index --kernel "$kdir" --scope "${scope[@]}" \
		--db "$out/slice.db" -j "$jobs" -q > "$out/$name.summary" \
		2> "$out/$name.trace"
	restore
	printf '%-28s wall %7.1f s   %s\n' "$file" \
		"$(sed -n 's/^[[:space:]]*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$out/$name.time" |
		   awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')" \
		"$(grep -m1 -i 'parsed\|reused' "$out/$name.summary" || true)"
}

# Not in a pipeline: a subshell would not restore the file on Ctrl-C.
echo
echo "== 3. incremental re-index"
for run in 1 2 3; do
	reindex_after_change net/ipv4/ip_input.c one-c-$run
done > "$out/incremental.txt"
cat "$out/incremental.txt"
reindex_after_change include/linux/skbuff.h header > "$out/header.txt"
cat "$out/header.txt"
