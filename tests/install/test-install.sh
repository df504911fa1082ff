#!/usr/bin/env bash
# Install kcg into a temporary prefix (cmake --install) and run the
# installed kcg as a user would: it must find its samples, flows, manual
# pages and completion under the prefix, not in the source tree; then make
# the Debian package (cpack) and check what it declares and holds.
# Usage: test-install.sh BUILD_DIR SCRATCH_DIR
set -euo pipefail
build=$1
scratch=$2
rm -rf "$scratch"
mkdir -p "$scratch"
prefix=$scratch/prefix
fail() { echo "test-install: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$prefix" >/dev/null
kcg=$prefix/bin/kcg
[ -x "$kcg" ] && [ -x "$prefix/bin/kcg-index" ] || fail "kcg or kcg-index not installed"

"$kcg" --version | grep -Eq '^kcg [0-9]+\.[0-9]+\.[0-9]+ \(commit ([0-9a-f]{12}(-dirty)?|unknown)\)$' ||
	fail "kcg --version: $("$kcg" --version)"

# the samples of the prefix: `kcg index` with no tree indexes them there
export XDG_STATE_HOME=$scratch/state
(cd "$scratch" && "$kcg" index --db s.db -q >/dev/null) || fail "installed kcg index failed"
root=$("$kcg" sql "SELECT value FROM meta WHERE key = 'root'" --db "$scratch/s.db" --tsv | tail -n 1)
[ "$root" = "$(cd "$prefix/share/kcg/samples" && pwd -P)" ] ||
	[ "$root" = "$prefix/share/kcg/samples" ] || fail "indexed '$root', not the installed samples"
"$kcg" path net_rx_action tcp_v4_rcv --db "$scratch/s.db" >/dev/null || fail "kcg path on the installed samples"

# the flows of the prefix
"$kcg" render flow --list --db "$scratch/s.db" | head -n 1 | grep -q "'$prefix/share/kcg/flows'" ||
	fail "flows not taken from the prefix: $("$kcg" render flow --list --db "$scratch/s.db" | head -n 1)"
"$kcg" render flow rx --db "$scratch/s.db" -o "$scratch/rx.svg" >/dev/null || fail "render flow rx"
grep -q '<svg' "$scratch/rx.svg" || fail "rx.svg is no SVG"

# the web assets of the prefix, served by the installed kcg serve
if command -v curl >/dev/null; then
	"$kcg" serve --db "$scratch/s.db" --port 0 >"$scratch/serve.out" 2>&1 &
	server=$!
	for _ in $(seq 50); do
		url=$(grep -o 'http://[^ ]*/' "$scratch/serve.out" || true)
		[ -n "$url" ] && break
		sleep 0.1
	done
	css=$(curl -sf "${url}static/style.css" || true)
	page=$(curl -sf "${url}function?name=ip_rcv" || true)
	kill "$server"
	wait "$server" || true
	[ -n "$url" ] || fail "kcg serve did not start: $(cat "$scratch/serve.out")"
	[ -n "$css" ] && [ "$css" = "$(cat "$prefix/share/kcg/web/style.css")" ] ||
		fail "kcg serve does not serve the installed style.css"
	grep -q 'ip_rcv_finish' <<<"$page" || fail "the function page of ip_rcv"
fi

# a manual page per command, saying what `kcg help` says
man1=$prefix/share/man/man1
for cmd in $("$kcg" complete commands); do
	[ -f "$man1/kcg-$cmd.1" ] || fail "no manual page kcg-$cmd.1"
done
grep -q '^\.TH KCG 1' "$man1/kcg.1" || fail "kcg.1 has no .TH line"
if command -v man >/dev/null; then
	MANWIDTH=200 man -l "$man1/kcg-path.1" 2>/dev/null | grep -q -- '--through' ||
		fail "man kcg-path does not show --through"
fi

# completion: commands, options and names from the database
completion=$prefix/share/bash-completion/completions/kcg
[ -f "$completion" ] || fail "no bash completion installed"
words=$(PATH=$prefix/bin:$PATH bash -c '
	source "$1"
	COMP_WORDS=(kcg ca); COMP_CWORD=1; _kcg; echo "${COMPREPLY[*]}"
	COMP_WORDS=(kcg path --thr); COMP_CWORD=2; _kcg; echo "${COMPREPLY[*]}"
	COMP_WORDS=(kcg show --db "$2" ip_rcv_f); COMP_CWORD=4; _kcg; echo "${COMPREPLY[*]}"
' _ "$completion" "$scratch/s.db")
[ "$words" = $'callers callees\n--through\nip_rcv_finish ip_rcv_finish_core' ] ||
	fail "completion offered: $words"

# the Debian package: dependencies found by dpkg-shlibdeps, the same files
if command -v dpkg-shlibdeps >/dev/null && command -v dpkg-deb >/dev/null; then
	(cd "$build" && cpack -G DEB -B "$scratch/deb" >/dev/null) || fail "cpack failed"
	deb=$(ls "$scratch"/deb/kcg_*.deb)
	depends=$(dpkg-deb -f "$deb" Depends)
	for lib in libclang libsqlite3 libgvc libcgraph libmicrohttpd; do
		grep -q "$lib" <<<"$depends" || fail "the package does not depend on $lib: $depends"
	done
	dpkg-deb -x "$deb" "$scratch/root"
	"$scratch/root/usr/bin/kcg" render flow --list --db "$scratch/s.db" | head -n 1 |
		grep -q "'$scratch/root/usr/share/kcg/flows'" || fail "the packaged kcg does not find its flows"
	[ -f "$scratch/root/usr/share/man/man1/kcg-index.1" ] || fail "no manual pages in the package"
fi
echo "test-install: ok"
