#!/usr/bin/env bash
# Index the slice of a Linux version that holds every file its facts name.
# FACTS is tests/kernel/linux-VERSION/: the facts of that version, or the
# changes from the version it inherits from (facts.py).  The facts are
# written whole to OUT/ and checked against the prepared tree first; the
# ground truth of ../shared/truth (SHARED, optional: checked only when it
# exists) is checked too and its files are indexed as well.
# The slice is then indexed once more with the header bodies a TU walked
# handed to the TUs after it emptied (KCG_EMPTY_BODIES=always; a slice
# this small does not by itself), which must change no fact: the two
# databases are compared with KCG_DB_COMPARE (tests/support/db_compare_main.c).
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
KCG_EMPTY_BODIES=never "$kcg" index --kernel "$kdir" --scope $files \
	--db "$db" -j "${KCG_JOBS:-$(nproc)}"

compare=${KCG_DB_COMPARE:?"truth-slice: KCG_DB_COMPARE names no db-compare"}
emptied=${db%.db}-emptied.db
# shellcheck disable=SC2086
KCG_EMPTY_BODIES=always "$kcg" index --kernel "$kdir" --scope $files \
	--db "$emptied" -j "${KCG_JOBS:-$(nproc)}" > "$out/emptied.log"
if ! grep -q '^header bodies walked once and handed on emptied: [1-9]' \
	"$out/emptied.log"; then
	echo "truth-slice: no header body was handed on emptied:" >&2
	cat "$out/emptied.log" >&2
	exit 1
fi
"$compare" "$db" "$emptied"
