#!/usr/bin/env bash
# kcg index against the parse floor, in one run on one machine:
#   1. kcg index --kernel of the slice at -j JOBS, under /usr/bin/time -v
#   2. clang -fsyntax-only over the very same TUs (the compile_commands.json
#      kcg wrote), JOBS at a time, same flags plus -fsyntax-only -w
# and prints wall, CPU, peak RSS of each, the ratio, DB size and counts.
#
# Usage: bench/index-vs-clang.sh KCG [JOBS] [SCOPE...]
#   default JOBS 2, default SCOPE: net/ drivers/net/ethernet/intel/ kernel/
#   security/selinux/ (Debian amd64 config, Linux 6.1: 1,787 TUs)
# Needs python3 (to read the compile database) and GNU time.
set -euo pipefail

kcg=$(realpath "$1")
jobs=${2:-2}
shift 2 || true
scope=("$@")
[ ${#scope[@]} -gt 0 ] || scope=(net/ drivers/net/ethernet/intel/ kernel/ security/selinux/)
here=$(cd "$(dirname "$0")" && pwd)
out=${KCG_BENCH_OUT:-$PWD/bench-out}
mkdir -p "$out"

kdir=$("$here/../tests/kernel/prepare-linux.sh" | tail -n 1)
echo "kernel: $kdir  scope: ${scope[*]}  jobs: $jobs" >&2

rm -f "$out/slice.db"
/usr/bin/time -v -o "$out/kcg.time" \
	"$kcg" index --kernel "$kdir" --scope "${scope[@]}" \
	--db "$out/slice.db" -j "$jobs" -q > "$out/kcg.summary"

# one line per TU: NUL-separated argv, run from the TU's directory
python3 - "$out/compile_commands.json" > "$out/clang.cmds" <<'PY'
import json, shlex, sys
for e in json.load(open(sys.argv[1])):
    args = e["arguments"] + ["-fsyntax-only", "-w"]
    print("cd %s && %s" % (shlex.quote(e["directory"]),
                            " ".join(shlex.quote(a) for a in args)))
PY
/usr/bin/time -v -o "$out/clang.time" \
	xargs -d '\n' -P "$jobs" -I{} sh -c '{} || true' < "$out/clang.cmds"

field() { sed -n "s/^[[:space:]]*$2: //p" "$1"; }
wall() { field "$1" 'Elapsed (wall clock) time (h:mm:ss or m:ss)' |
	 awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }'; }
cpu() { echo "$(field "$1" 'User time (seconds)') + $(field "$1" 'System time (seconds)')" | bc; }
rss() { echo "$(field "$1" 'Maximum resident set size (kbytes)') / 1024" | bc; }

kw=$(wall "$out/kcg.time"); cw=$(wall "$out/clang.time")
echo
echo "TUs:                 $(wc -l < "$out/clang.cmds")"
printf 'kcg index:           wall %8.1f s  cpu %8.1f s  peak RSS %6d MB\n' "$kw" "$(cpu "$out/kcg.time")" "$(rss "$out/kcg.time")"
printf 'clang -fsyntax-only: wall %8.1f s  cpu %8.1f s  peak RSS %6d MB (largest one process)\n' "$cw" "$(cpu "$out/clang.time")" "$(rss "$out/clang.time")"
printf 'ratio (wall):        %.3f\n' "$(echo "$kw / $cw" | bc -l)"
printf 'database:            %.1f MB\n' "$(echo "$(stat -c %s "$out/slice.db") / 1048576" | bc -l)"
cat "$out/kcg.summary" | grep -v '^  ' | head -5
