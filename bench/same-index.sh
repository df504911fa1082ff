#!/usr/bin/env bash
# Is the index the same however it is made (issue 13)?  On the network
# slice of a Debian kernel, one after the other on this machine:
#   base    (if BASE_BUILD is given) kcg index of the slice at -j JOBS
#           with that build, under /usr/bin/time -v: the baseline time
#   single  the same with BUILD: OUT/single.db, single.time
#   shards  --shard 1/2 and 2/2 with BUILD, then kcg merge of the two in
#           both orders: OUT/merged12.db and merged21.db
#   compare tests/db-compare of single.db against each merged database,
#           fact by fact ("the same" or the rows that differ)
# and the ratio of the single index's wall and CPU time to the base's.
#
# Usage: bench/same-index.sh BUILD_DIR OUT [BASE_BUILD_DIR] [-- JOBS [VERSION]]
#   BUILD_DIR: a build with kcg, kcg-index and tests/db-compare;
#   VERSION: the Debian kernel (default 6.1), prepared by
#   tests/kernel/prepare-linux.sh.  About 30 minutes at -j2 with a base.
set -euo pipefail

build=$(realpath "$1")
out=$(realpath -m "$2")
shift 2
base=
if [ $# -gt 0 ] && [ "$1" != "--" ]; then
	base=$(realpath "$1")
	shift
fi
[ "${1:-}" = "--" ] && shift
jobs=${1:-2}
version=${2:-6.1}
here=$(cd "$(dirname "$0")" && pwd)
kdir=$("$here/../tests/kernel/prepare-linux.sh" "$version" | tail -n 1)
scope=(net/ drivers/net/ethernet/intel/ kernel/ security/selinux/)
mkdir -p "$out"

# index NAME KCG [OPTION...]: OUT/NAME.db, NAME.time, NAME.log
index() {
	local name=$1 kcg=$2
	shift 2
	rm -f "$out/$name.db" "$out/$name.db.csr"
	/usr/bin/time -v -o "$out/$name.time" "$kcg" index --kernel "$kdir" \
		--scope "${scope[@]}" --db "$out/$name.db" -j "$jobs" -q "$@" \
		> "$out/$name.log" 2>&1
}

# seconds and CPU seconds of a /usr/bin/time -v file
wall() {
	awk -F': ' '/Elapsed/ { n = split($2, t, ":"); s = 0;
		for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$1"
}
cpu() {
	awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$1"
}

if [ -n "$base" ]; then
	index base "$base/kcg"
fi
index single "$build/kcg"
index part1 "$build/kcg" --shard 1/2
index part2 "$build/kcg" --shard 2/2
for order in 12 21; do
	rm -f "$out/merged$order.db" "$out/merged$order.db.csr"
	parts=("$out/part1.db" "$out/part2.db")
	[ $order = 21 ] && parts=("$out/part2.db" "$out/part1.db")
	"$build/kcg" merge -q --db "$out/merged$order.db" "${parts[@]}"
done

echo "linux-$version slice, -j $jobs, $(nproc) CPUs"
for name in base single part1 part2; do
	[ -f "$out/$name.time" ] || continue
	printf '%-7s wall %8.1f s  CPU %8.1f s  peak RSS %5d MB\n' "$name" \
		"$(wall "$out/$name.time")" "$(cpu "$out/$name.time")" \
		"$(awk -F': ' '/Maximum resident/ { print int($2 / 1024) }' \
			"$out/$name.time")"
done
if [ -n "$base" ]; then
	awk -v sw="$(wall "$out/single.time")" -v bw="$(wall "$out/base.time")" \
	    -v sc="$(cpu "$out/single.time")" -v bc="$(cpu "$out/base.time")" \
	    'BEGIN { printf "single / base: wall %.2f, CPU %.2f\n",
		     sw / bw, sc / bc }'
fi
status=0
for order in 12 21; do
	echo "single against merged$order:"
	"$build/tests/db-compare" "$out/single.db" "$out/merged$order.db" |
		head -n 20 || status=1
done
exit $status
