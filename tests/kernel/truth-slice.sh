#!/usr/bin/env bash
# Index the slice of Linux 6.1 that holds every file named in the ground
# truth (../shared/truth): the .c files of its call sites, registration
# sites and definitions.  Header call sites are reached through them.
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

# columns 5 and 6 of edges.tsv, column 2 of nodes.tsv: file:line
files=$( { awk -F'\t' 'NR > 1 { print $5; print $6 }' "$truth/edges.tsv"
	   awk -F'\t' 'NR > 1 { print $2 }' "$truth/nodes.tsv"; } |
	sed -n 's/^\([^ :]*\.c\):[0-9]*.*/\1/p' | sort -u)
mkdir -p "$(dirname "$db")"
# shellcheck disable=SC2086
"$kcg" index --kernel "$kdir" --scope $files --db "$db" -j "$jobs"
