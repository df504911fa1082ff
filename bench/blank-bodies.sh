#!/usr/bin/env bash
# What the parse floor is made of (docs/performance.md): N TUs of a
# compile_commands.json (a seeded sample, in the order kcg ranks them: by
# file), parsed one after the other by bench/blank-bodies.c, plainly, then
# with the header bodies an earlier TU parsed emptied, then plainly again,
# then emptied except the bodies that name a macro which can expand to
# __COUNTER__ (any #define of that name in KERNEL_DIR's include/ and
# arch/x86/include/, whatever #if it sits in), kept whole or only
# macro-expanded (blank-bodies.c says how).  Each run's file-scope
# names made with the counter are compared with the first plain run's.
# Usage: bench/blank-bodies.sh COMPILE_COMMANDS.json KERNEL_DIR [N [SEED]]
set -euo pipefail
compdb=$1
kdir=$2
n=${3:-60}
seed=${4:-42}
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
python3 - "$kdir/include" "$kdir/arch/x86/include" > "$work/counter" <<'PY'
import os, re, sys
define = re.compile(r'^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)(.*)$', re.M)
ident = re.compile(r'[A-Za-z_]\w*')
uses = {}
for top in sys.argv[1:]:
    for d, _, files in os.walk(top):
        for f in files:
            if f.endswith('.h'):
                text = open(os.path.join(d, f), errors='replace').read()
                for m in define.finditer(text.replace('\\\n', ' ')):
                    uses.setdefault(m.group(1), set()).update(ident.findall(m.group(2)))
reach = {'__COUNTER__'}
grew = True
while grew:
    grew = False
    for name, names in uses.items():
        if name not in reach and names & reach:
            reach.add(name)
            grew = True
print('\n'.join(sorted(reach)))
PY
echo "macros that can expand to __COUNTER__: $(wc -l < "$work/counter")"
run() {	# LABEL MODE [KEEP]
	"$work/blank-bodies" "${@:2}" > "$work/$1"
	grep 'counter-made' "$work/$1" > "$work/$1.names" || true
	printf '%-34s %s; counter-made names not as in plain: %s of %s\n' "$1" \
		"$(tail -n 1 "$work/$1")" \
		"$(diff "$work/plain.names" "$work/$1.names" | grep -c '^<' || true)" \
		"$(wc -l < "$work/plain.names")"
}
"$work/blank-bodies" plain "$work/tus" > "$work/plain"
grep 'counter-made' "$work/plain" > "$work/plain.names" || true
run plain-again plain "$work/tus"
run emptied blank "$work/tus"
run emptied-but-counter blank "$work/tus" "$work/counter"
run emptied-counter-expanded eat "$work/tus" "$work/counter"
run plain-last plain "$work/tus"
echo "plain: $(tail -n 1 "$work/plain")"
