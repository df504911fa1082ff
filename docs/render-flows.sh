#!/usr/bin/env bash
# Draw every flow kcg ships for an index's kernel version, as the README
# shows them: docs/flows/linux-X.Y-NAME.png and .svg (the SVG links each
# function to its line on Elixir).
#
# Usage: docs/render-flows.sh KCG DB
#   KCG: the kcg binary; DB: an index of a kernel tree (kcg index --kernel)
set -euo pipefail

kcg=$1 db=$2
here=$(cd "$(dirname "$0")" && pwd)
version=$("$kcg" sql "SELECT value FROM meta WHERE key = 'kernel_version'" \
	--db "$db" --tsv | tail -n 1)
case $version in
[0-9]*.[0-9]*) ;;
*) echo "render-flows: '$db' records no kernel version" >&2; exit 1 ;;
esac
xy=$(echo "$version" | cut -d. -f1-2)
flows=$("$kcg" render flow --list --db "$db" | awk 'NR > 1 { print $1 }')
for name in $flows; do
	for ext in png svg; do
		"$kcg" render flow "$name" --db "$db" \
			-o "$here/flows/linux-$xy-$name.$ext" > /dev/null
	done
	echo "linux-$xy-$name"
done
