#!/usr/bin/env bash
# Re-indexing a kernel index, as a developer does it: kcg index of the
# same tree and scope into an existing database DB
#   1. with nothing changed (three times)
#   2. after changing one .c file, net/ipv4/ip_input.c (three times),
#      as KCG_BENCH_EDIT says:
#        lines    (the default) two comment lines added at its top and
#                 one at its end: every call and store below moves, the
#                 facts the resolver reads stay (the edges are moved);
#        pointer  a global holding a function's address appended: a
#                 pointer fact changes (the whole graph is resolved);
#        comment  a comment appended: nothing moves
#   3. with KCG_BENCH_HEADER=1, after changing a header most TUs include
#      (include/linux/skbuff.h): this re-parses most of the index
# printing the wall time and what the summary says of each run;
# NAME.time (/usr/bin/time -v), NAME.summary and NAME.trace (the time
# of each phase, KCG_TRACE) go to $KCG_BENCH_OUT (default ./bench-out).
# The tree is restored (content and mtime) after each change, also on
# interruption.
#
# Usage: bench/reindex.sh KCG DB [JOBS] [SCOPE...]
#   KCG: the kcg program (kcg-index beside it); DB: an index of the tree
#   made by that build of kcg (another build's is indexed again from
#   scratch, unless KCG_BENCH_ADOPT=1: then DB's meta `build` is set to
#   this build's first, for builds known to store the same facts, and
#   the first run takes the dry run again).  SCOPE defaults to the slice of docs/performance.md; give
#   `all` for the whole tree.  The kernel tree is the one
#   tests/kernel/prepare-linux.sh prepares: Linux 6.1, or the version in
#   KCG_BENCH_VERSION (6.12).
set -euo pipefail

kcg=$(realpath "$1")
db=$(realpath "$2")
jobs=${3:-2}
shift $(($# < 3 ? $# : 3))
scope=("$@")
[ ${#scope[@]} -gt 0 ] ||
	scope=(net/ drivers/net/ethernet/intel/ kernel/ security/selinux/)
here=$(cd "$(dirname "$0")" && pwd)
out=${KCG_BENCH_OUT:-$PWD/bench-out}
mkdir -p "$out"
kdir=$("$here/../tests/kernel/prepare-linux.sh" "${KCG_BENCH_VERSION:-6.1}" |
	tail -n 1)
scope_args=(--scope "${scope[@]}")
[ "${scope[*]}" = all ] && scope_args=()

# Change a file of the tree (a comment appended), re-index, restore it.
changed=""
restore() {
	if [ -n "$changed" ]; then
		cp -p "$out/saved" "$kdir/$changed"
		changed=""
	fi
}
trap restore EXIT INT TERM

# Index and print "WHAT  wall S s  SUMMARY".
reindex() {
	local what=$1 name=$2
	KCG_TRACE=1 /usr/bin/time -v -o "$out/$name.time" \
		"$kcg" index --kernel "$kdir" "${scope_args[@]}" \
		--db "$db" -j "$jobs" -q > "$out/$name.summary" \
		2> "$out/$name.trace"
	printf '%-28s wall %7.1f s   %s\n' "$what" \
		"$(sed -n 's/^[[:space:]]*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$out/$name.time" |
		   awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')" \
		"$(grep -m1 -i 'parsed\|up to date' "$out/$name.summary" || true)"
}

edit=${KCG_BENCH_EDIT:-lines}
case $edit in
lines|pointer|comment) ;;
*) echo "reindex.sh: KCG_BENCH_EDIT is lines, pointer or comment, not '$edit'" >&2
   exit 2 ;;
esac

reindex_after_change() {
	local file=$1 name=$2
	changed=$file
	cp -p "$kdir/$file" "$out/saved"
	# a new text each time, so that it differs from what is on record
	printf '\n/* kcg bench: a change (%s) */\n' "$name" >> "$kdir/$file"
	case $edit in
	lines) sed -i '1a /* kcg bench: lines added */\n' "$kdir/$file" ;;
	pointer) printf 'int (*kcg_bench_%s)(struct sk_buff *) = ip_local_deliver;\n' \
		"${name//-/_}" >> "$kdir/$file" ;;
	esac
	reindex "$file ($edit)" "$name"
	restore
}

if [ "${KCG_BENCH_ADOPT:-0}" = 1 ]; then
	# this build's id, as an index of samples/ records it
	tmp=$(mktemp -d)
	"$kcg" index --compdb "$here/../samples/compile_commands.json" \
		--db "$tmp/s.db" -q > /dev/null
	build=$(sqlite3 "$tmp/s.db" "SELECT value FROM meta WHERE key = 'build'")
	rm -rf "$tmp"
	sqlite3 "$db" "UPDATE meta SET value = '$build' WHERE key = 'build'"
	reindex "adopted (dry run again)" adopted
fi

# Not in a pipeline: a subshell would not restore the file on Ctrl-C.
for run in 1 2 3; do
	reindex "nothing changed" unchanged-$run
done
for run in 1 2 3; do
	reindex_after_change net/ipv4/ip_input.c one-c-$run
done
if [ "${KCG_BENCH_HEADER:-0}" = 1 ]; then
	reindex_after_change include/linux/skbuff.h header
fi
