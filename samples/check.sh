#!/bin/sh
# Compile every entry of samples/compile_commands.json with
#   clang -fsyntax-only -Wall -Wextra -Werror
# and fail on any diagnostic.  Also fail if a .c file under samples/ has no
# entry.  CLANG=clang-14 ./check.sh picks another compiler.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
exec python3 - "$here" "${CLANG:-clang}" <<'PY'
import json, os, subprocess, sys

here, clang = sys.argv[1], sys.argv[2]
with open(os.path.join(here, "compile_commands.json")) as fp:
    entries = json.load(fp)

failed = 0
seen = set()
for e in entries:
    directory = os.path.normpath(os.path.join(here, e["directory"]))
    args = list(e["arguments"])[1:]
    cleaned = []
    skip = False
    for a in args:
        if skip:
            skip = False
            continue
        if a == "-o":
            skip = True
            continue
        if a == "-c":
            continue
        cleaned.append(a)
    cmd = [clang, "-fsyntax-only"] + cleaned + ["-Wall", "-Wextra", "-Werror"]
    seen.add(os.path.normpath(os.path.join(directory, e["file"])))
    p = subprocess.run(cmd, cwd=directory, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, universal_newlines=True)
    if p.returncode != 0 or p.stdout.strip():
        failed += 1
        sys.stdout.write("FAIL %s\n%s" % (e["file"], p.stdout))
    else:
        sys.stdout.write("ok   %s\n" % e["file"])

for root, _, names in os.walk(here):
    for n in names:
        path = os.path.join(root, n)
        if n.endswith(".c") and path not in seen:
            failed += 1
            sys.stdout.write("FAIL %s: no compile_commands.json entry\n"
                             % os.path.relpath(path, here))

sys.stdout.write("%d entries, %d failed\n" % (len(entries), failed))
sys.exit(1 if failed else 0)
PY
