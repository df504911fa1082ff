#!/usr/bin/env bash
# What the parse floor is made of (docs/performance.md): N TUs of a
# compile_commands.json (a seeded sample, in the order kcg ranks them: by
# file), parsed one after the other by bench/blank-bodies.c, plainly, then
# with the header bodies an earlier TU parsed emptied, then plainly again.
# Usage: bench/blank-bodies.sh COMPILE_COMMANDS.json [N [SEED]]
set -euo pipefail
compdb=$1
n=${2:-60}
seed=${3:-42}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

llvm=$(ls -d /usr/lib/llvm-1[456] 2>/dev/null | tail -n 1)
cc -std=c11 -O2 -Wall -Wextra -Werror -I"$llvm/include" \
	"$here/blank-bodies.c" -o "$work/blank-bodies" \
	-L"$llvm/lib" -lclang -Wl,-rpath,"$llvm/lib"
python3 - "$compdb" "$n" "$seed" > "$work/tus" <<'PY'
import hashlib, json, sys
entries = json.load(open(sys.argv[1]))
n, seed = int(sys.argv[2]), sys.argv[3]
entries.sort(key=lambda e: hashlib.sha1((seed + e["file"]).encode()).hexdigest())
for e in sorted(entries[:n], key=lambda e: e["file"]):
    args = e.get("arguments")
    if not args:
        sys.exit("blank-bodies.sh: %s has no 'arguments'" % e["file"])
    # the output and its dependency file are not the parse's business
    out, skip = [], False
    for a in args:
        if skip:
            skip = False
        elif a == "-o":
            skip = True
        elif a != "-c" and not a.startswith("-Wp,"):
            out.append(a)
    print("\t".join([e["directory"]] + out))
PY
for mode in plain blank plain; do
	echo "== $mode"
	"$work/blank-bodies" "$mode" "$work/tus" | tail -n 1
done
