#!/usr/bin/env bash
# Index the slice of Linux 6.1 that holds every file named in the ground
# truth (../shared/truth).
# Usage: truth-slice.sh KCG_BINARY TRUTH_DIR DB [JOBS]
set -euo pipefail

kcg=$1
truth=$2
db=$3
jobs=${4:-$(nproc)}
here=$(cd "$(dirname "$0")" && pwd)

if [ ! -f "$truth/edges.tsv" ]; then
	echo "truth-slice: no ground truth at '$truth'" >&2
	exit 1
fi
kdir=$("$here/prepare-linux.sh" | tail -n 1)

# every .c file the truth names (call sites, registration sites,
# definitions, hook entries): header call sites are reached through them
files=$(cat "$truth"/*.tsv | grep -oE '[A-Za-z0-9_./-]+\.c:[0-9]+' |
	sed 's/:[0-9]*$//' | sort -u)
mkdir -p "$(dirname "$db")"
# shellcheck disable=SC2086
"$kcg" index --kernel "$kdir" --scope $files --db "$db" -j "$jobs"
