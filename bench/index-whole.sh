#!/usr/bin/env bash
# The whole kernel tree (issue 13): kcg index --kernel with no scope, and
# what a user of such an index meets, one step at a time (each step uses
# what the earlier ones left in OUT):
#   index   kcg index of the whole tree at -j JOBS under /usr/bin/time -v,
#           KCG_TRACE=1 (the time of each phase, resolution among them):
#           OUT/whole.db, whole.time, whole.trace, whole.summary
#   floor   a seeded 1-in-20 subset of its TUs (SEED, default 42): kcg
#           index of just those and clang -fsyntax-only -w over the same
#           commands, JOBS at a time, one after the other: the ratio
#   paths   bench/path-queries.sh on OUT/whole.db (200 pairs, seed 42)
#   reindex bench/reindex.sh on OUT/whole.db: kcg index again with
#           nothing changed, then after a comment appended to
#           net/ipv4/ip_input.c (restored afterwards), three times each
#   shards  the same tree as --shard 1/2 and 2/2 and kcg merge; the merged
#           database compared with OUT/whole.db fact by fact (db-compare)
#
# Usage: bench/index-whole.sh BUILD_DIR OUT STEP... [-- JOBS [VERSION]]
#   BUILD_DIR: a build with kcg, kcg-index and tests/db-compare;
#   VERSION: the Debian kernel (default 6.1), prepared by
#   tests/kernel/prepare-linux.sh.  The index takes about an hour at -j2.
set -euo pipefail

build=$(realpath "$1")
out=$(realpath -m "$2")
shift 2
steps=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
	steps+=("$1")
	shift
done
[ $# -gt 0 ] && shift
jobs=${1:-2}
version=${2:-6.1}
seed=${SEED:-42}
here=$(cd "$(dirname "$0")" && pwd)
kcg=$build/kcg
mkdir -p "$out"
kdir=$("$here/../tests/kernel/prepare-linux.sh" "$version" | tail -n 1)

field() { sed -n "s/^[[:space:]]*$2: //p" "$1"; }
wall() { field "$1" 'Elapsed (wall clock) time (h:mm:ss or m:ss)' |
	 awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }'; }
cpu() { echo "$(field "$1" 'User time (seconds)') + $(field "$1" 'System time (seconds)')" | bc; }
rss() { echo "$(field "$1" 'Maximum resident set size (kbytes)') / 1024" | bc; }
report() {	# LABEL TIMEFILE
	printf '%-24s wall %8.1f s  cpu %8.1f s  peak RSS %6d MB\n' "$1" \
		"$(wall "$2")" "$(cpu "$2")" "$(rss "$2")"
}
mb() { echo "$(stat -c %s "$1") / 1048576" | bc; }

step_index() {
	rm -f "$out/whole.db"
	KCG_TRACE=1 /usr/bin/time -v -o "$out/whole.time" \
		"$kcg" index --kernel "$kdir" --db "$out/whole.db" -j "$jobs" \
		-q > "$out/whole.summary" 2> "$out/whole.trace"
	report "kcg index (whole tree)" "$out/whole.time"
	echo "database: $(mb "$out/whole.db") MB"
	sqlite3 "$out/whole.db" "SELECT status, count(*) FROM tus GROUP BY 1"
	grep -E 'trace: (resolve|compact graph|parse and store|compile commands)' \
		"$out/whole.trace"
	cat "$out/whole.summary"
}

step_floor() {
	python3 - "$out/compile_commands.json" "$seed" "$out/subset.json" <<'PY'
import hashlib, json, sys
entries = json.load(open(sys.argv[1]))
seed = sys.argv[2]
pick = [e for e in entries
        if int(hashlib.sha1((seed + e["file"]).encode()).hexdigest(), 16)
        % 20 == 0]
json.dump(pick, open(sys.argv[3], "w"), indent=1)
print(f"subset: {len(pick)} of {len(entries)} TUs (seed {seed})")
PY
	rm -f "$out/subset.db"
	/usr/bin/time -v -o "$out/subset-kcg.time" \
		"$kcg" index --compdb "$out/subset.json" --root "$kdir" \
		--db "$out/subset.db" -j "$jobs" -q > /dev/null
	python3 - "$out/subset.json" > "$out/subset.cmds" <<'PY'
import json, shlex, sys
for e in json.load(open(sys.argv[1])):
    args = e["arguments"] + ["-fsyntax-only", "-w"]
    print("cd %s && %s" % (shlex.quote(e["directory"]),
                            " ".join(shlex.quote(a) for a in args)))
PY
	/usr/bin/time -v -o "$out/subset-clang.time" \
		xargs -d '\n' -P "$jobs" -I{} sh -c '{} || true' \
		< "$out/subset.cmds"
	report "kcg index (subset)" "$out/subset-kcg.time"
	report "clang -fsyntax-only -w" "$out/subset-clang.time"
	printf 'ratio (wall): %.3f\n' \
		"$(echo "$(wall "$out/subset-kcg.time") / $(wall "$out/subset-clang.time")" | bc -l)"
}

step_paths() {
	KCG_BENCH_CTE_TIMEOUT=${KCG_BENCH_CTE_TIMEOUT:-2} \
		"$here/path-queries.sh" "$kcg" "$out/whole.db" 200 42
}

step_reindex() {
	KCG_BENCH_OUT=$out KCG_BENCH_VERSION=$version \
		"$here/reindex.sh" "$kcg" "$out/whole.db" "$jobs" all
}

step_shards() {
	local i
	for i in 1 2; do
		rm -f "$out/shard$i.db"
		/usr/bin/time -v -o "$out/shard$i.time" \
			"$kcg" index --kernel "$kdir" --shard "$i/2" \
			--db "$out/shard$i.db" -j "$jobs" -q > /dev/null
		report "shard $i/2" "$out/shard$i.time"
	done
	rm -f "$out/merged.db"
	/usr/bin/time -v -o "$out/merge.time" "$kcg" merge --db "$out/merged.db" \
		"$out/shard1.db" "$out/shard2.db" -q
	report "kcg merge" "$out/merge.time"
	# the reindex step leaves whole.db indexed with its edit, and the
	# tree restored: index it as the tree is before comparing
	"$kcg" index --kernel "$kdir" --db "$out/whole.db" -j "$jobs" -q \
		> /dev/null
	"$build/tests/db-compare" "$out/whole.db" "$out/merged.db"
}

for s in "${steps[@]}"; do
	echo "== $s"
	"step_$s"
done
