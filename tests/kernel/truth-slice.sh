#!/usr/bin/env bash
# Index the slice of a Linux version that holds every file its facts name.
# FACTS is tests/kernel/linux-VERSION/: the facts of that version, or the
# changes from the version it inherits from (facts.py).  The facts are
# written whole to OUT/ and checked against the prepared tree first; the
# ground truth of ../shared/truth (SHARED, optional: checked only when it
# exists) is checked too and its files are indexed as well.
# Usage: truth-slice.sh KCG_BINARY FACTS DB OUT [SHARED]
# (KCG_JOBS workers, default nproc)
set -euo pipefail

kcg=$1
facts=$2
db=$3
out=$4
shared=${5:-}
here=$(cd "$(dirname "$0")" && pwd)
version=${facts%/}
version=${version##*/linux-}

kdir=$("$here/prepare-linux.sh" "$version" | tail -n 1)
python3 "$here/facts.py" resolve "$facts" "$out"
python3 "$here/facts.py" check "$kdir" "$out"
dirs=("$out")
if [ -n "$shared" ]; then
	if [ -f "$shared/edges.tsv" ]; then
		python3 "$here/facts.py" check "$kdir" "$shared"
		dirs+=("$shared")
	else
		echo "truth-slice: no ground truth at '$shared'; checking" \
			"the facts of $facts alone" >&2
	fi
fi

# every .c file the facts name (call sites, registration sites,
# definitions, hook entries): header call sites are reached through them
files=$(python3 "$here/facts.py" files "${dirs[@]}")
mkdir -p "$(dirname "$db")"
# shellcheck disable=SC2086
"$kcg" index --kernel "$kdir" --scope $files --db "$db" \
	-j "${KCG_JOBS:-$(nproc)}"
