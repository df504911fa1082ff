#!/usr/bin/env bash
# kcg serve as a browser sees it: whole requests over loopback.
#   1. latency: for N functions (fixed seed, among those with call edges)
#      the function page and the neighbourhood page (callees, depth 2,
#      diagram drawn), one request at a time with curl; p50 / p95 / max
#      of each, and the JSON of the function page
#   2. load: wrk with C connections for S seconds on a mix of those pages
#      (loopback only, bounded in time): requests per second, latency,
#      errors (non-2xx or socket errors must be 0), and the server's RSS
#      before and after each of two rounds
#
# Usage: bench/serve-latency.sh KCG DB [N] [SECONDS] [CONNECTIONS]
#   default N 100, SECONDS 20, CONNECTIONS 8.  Needs curl, sqlite3, wrk.
set -euo pipefail
. "$(dirname "$0")/serve-start.sh"

kcg=$(realpath "$1")
db=$(realpath "$2")
n=${3:-100}
secs=${4:-20}
conns=${5:-8}
work=$(mktemp -d)
server=
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" || true
	rm -rf "$work"
}
trap cleanup EXIT

# N functions with callers or callees, as unambiguous name@file
sqlite3 "$db" "
	SELECT f.name || '@' || fl.path FROM functions f
	JOIN files fl ON fl.id = f.file_id
	WHERE f.is_defined AND f.id IN (SELECT caller_id FROM edge)
	ORDER BY (f.id * 2654435761) % 1000003 LIMIT $n" > "$work/names"

serve_start "$kcg" "$db" "$work/out" "$work/err" 100
# RSS of the server and of its drawing processes (render/drawer.c)
rss() {
	local kids
	kids=$(pgrep -P "$server" | xargs -r -n1 pgrep -P | tr '\n' ' ')
	kids="$(pgrep -P "$server" | tr '\n' ' ')$kids"
	printf '%s, drawing processes %s' \
		"$(awk '/VmRSS/ { printf "%.1f MB", $2 / 1024 }' "/proc/$server/status")" \
		"$(for p in $kids; do awk '/VmRSS/ { s += $2 } END { printf "%.1f MB ", s / 1024 }' "/proc/$p/status" 2>/dev/null; done)"
}
echo "server: $base on $(basename "$db") ($(wc -l < "$work/names") functions)"
echo "RSS at start: $(rss)"

enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }
while read -r name; do
	e=$(enc "$name")
	echo "/function?name=$e" >> "$work/fn"
	echo "/function?name=$e&format=json" >> "$work/fnjson"
	echo "/neighbourhood?name=$e&dir=callees&depth=2" >> "$work/nb"
done < "$work/names"

# p50 p95 max of the times (ms) in a file
stats() {
	sort -n "$1" | awk '{ t[NR] = $1 }
		END { printf "p50 %6.1f ms  p95 %6.1f ms  max %6.1f ms",
		      t[int(NR * 0.5 + 0.5)], t[int(NR * 0.95 + 0.5)], t[NR] }'
}

for page in fn fnjson nb; do
	: > "$work/$page.ms"
	bad=0
	while read -r path; do
		out=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' \
			"$base$path")
		[ "${out%% *}" = 200 ] || bad=$((bad + 1))
		echo "${out#* }" | awk '{ print $1 * 1000 }' >> "$work/$page.ms"
	done < "$work/$page"
	case $page in
	fn) label="function page     " ;;
	fnjson) label="function JSON     " ;;
	nb) label="neighbourhood page" ;;
	esac
	echo "$label $(stats "$work/$page.ms")  (non-200: $bad)"
done

echo "RSS after the latency runs: $(rss)"
# the load: wrk picks a path of the mix per request
cat "$work/fn" "$work/fnjson" "$work/nb" > "$work/mix"
cat > "$work/mix.lua" <<LUA
local paths = {}
for line in io.lines("$work/mix") do paths[#paths + 1] = line end
local i = 0
request = function()
	i = i % #paths + 1
	return wrk.format("GET", paths[i])
end
local bad = 0
response = function(status)
	if status ~= 200 then bad = bad + 1 end
end
done = function(summary)
	io.write(string.format("non-200 responses: %d\n", bad))
end
LUA
# twice: memory should level off (malloc's per-thread arenas fill during
# the first round), not grow with the requests served
for round in 1 2; do
	wrk -t 2 -c "$conns" -d "${secs}s" --timeout 10s --latency \
		-s "$work/mix.lua" "$base" |
		sed -n '/50%\|99%\|requests in\|Requests\/sec\|Socket\|Non-2xx\|non-200/p'
	echo "RSS after load round $round ($secs s): $(rss)"
done
