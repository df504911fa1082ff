#!/usr/bin/env bash
# Everything issue 6 measures, in one run on one machine:
#   1. kcg index of the slice from scratch at -j JOBS against clang
#      -fsyntax-only over the same TUs JOBS at a time (index-vs-clang.sh):
#      wall, CPU, peak RSS, ratio, database size, functions, calls, edges
#   2. p50 / p95 of 200 random path queries (path-queries.sh, seed 42)
#   3. re-index with nothing changed, after changing one .c file (a
#      comment appended to net/ipv4/ip_input.c; three times each), then
#      after changing a header most TUs include (include/linux/skbuff.h):
#      wall time and TUs parsed (reindex.sh); NAME.trace has the time of
#      each phase (KCG_TRACE)
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

echo
echo "== 3. incremental re-index"
KCG_BENCH_HEADER=1 "$here/reindex.sh" "$build/kcg" "$out/slice.db" "$jobs" \
	"${scope[@]}" | tee "$out/incremental.txt"
