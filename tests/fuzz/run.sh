#!/usr/bin/env bash
# Build the libFuzzer targets (clang, ASan + UBSan) and run each for N
# executions, leak detection on; what they find goes to the build dir
# (crash-*, leak-*, timeout-*), new inputs to its corpus/ (kept between
# runs; the seeds in tests/fuzz/corpus/ are only read).
# Usage: tests/fuzz/run.sh [N [libFuzzer args...]]   N defaults to 1000000
# KCG_FUZZ_BUILD sets the build dir (default build-fuzz/).
set -euo pipefail
cd "$(dirname "$0")/../.."

runs=${1:-1000000}
shift || true
build=${KCG_FUZZ_BUILD:-build-fuzz}
src=tests/fuzz

CC=clang cmake -S . -B "$build" -DKCG_FUZZ=ON -DKCG_TESTS=OFF \
	-DKCG_WERROR=ON >/dev/null
cmake --build "$build" -j 2 --target fuzz_compdb fuzz_kbuild

export ASAN_OPTIONS=detect_leaks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
status=0
for name in compdb kbuild; do
	echo "fuzz_$name: $runs executions" >&2
	log=$build/fuzz_$name.log
	start=$SECONDS
	if "$build/tests/fuzz/fuzz_$name" -runs="$runs" -timeout=10 \
		-detect_leaks=1 -create_missing_dirs=1 -print_final_stats=1 \
		-dict="$src/$name.dict" -artifact_prefix="$build/" "$@" \
		"$build/corpus/$name" "$src/corpus/$name" 2>"$log"; then
		result=ok
	else
		result="FAILED (see $log)"
		status=1
	fi
	grep -E '^stat::(number_of_executed_units|average_exec_per_sec)' \
		"$log" | sed "s/^/  /" >&2 || true
	echo "  $((SECONDS - start)) s: $result" >&2
done
exit $status
