# Sourced by the bench scripts that ask a running kcg serve: start one.
#
# serve_start KCG DB OUT ERR TRIES: `KCG serve --db DB --port 0` in the
# background (loopback, a port the system picks), its output to OUT and
# ERR; wait up to TRIES tenths of a second for the address it prints.
# Sets server (its pid, for the caller to kill) and base (http://HOST:PORT);
# if no address came, prints ERR and exits 1.
serve_start() {
	"$1" serve --db "$2" --port 0 > "$3" 2> "$4" &
	server=$!
	for _ in $(seq "$5"); do
		grep -q http "$3" 2>/dev/null && break
		sleep 0.1
	done
	base=$(sed -n 's|.*\(http://[^ ]*\)/ .*|\1|p' "$3")
	[ -n "$base" ] || { cat "$4" >&2; exit 1; }
}
