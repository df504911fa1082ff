#!/usr/bin/env bash
# What changed between two kernel versions, as docs/diff/ shows it: the
# text report of `kcg diff` (summary, then each flow leg by leg) in
# docs/diff/linux-A-B.txt, and one diagram of both versions per flow
# that changed, docs/diff/linux-A-B-NAME.png and .svg.
#
# Usage: docs/render-diffs.sh KCG OLD.db NEW.db
set -euo pipefail

kcg=$1 old=$2 new=$3
here=$(cd "$(dirname "$0")" && pwd)
xy() {
	"$kcg" sql "SELECT value FROM meta WHERE key = 'kernel_version'" \
		--db "$1" --tsv | tail -n 1 | cut -d. -f1-2
}
name="linux-$(xy "$old")-$(xy "$new")"
report=$here/diff/$name.txt
mkdir -p "$here/diff"
# exit status 1 says "changed": not an error here
"$kcg" diff "$old" "$new" --summary > "$report" || [ $? -eq 1 ]
flows=$("$kcg" render flow --list --db "$new" | awk 'NR > 1 { print $1 }')
for flow in $flows; do
	echo >> "$report"
	if "$kcg" diff "$old" "$new" --flow "$flow" >> "$report"; then
		continue	# the same in both: no picture
	elif [ $? -ne 1 ]; then
		exit 1
	fi
	for ext in png svg; do
		"$kcg" render diff "$old" "$new" --flow "$flow" \
			-o "$here/diff/$name-$flow.$ext" > /dev/null
	done
	echo "$name-$flow"
done
