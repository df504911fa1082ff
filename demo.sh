#!/usr/bin/env bash
# Set up kcg on a fresh Debian machine and run it on samples/, the
# miniature network stack shipped with it: installs what is missing,
# builds, indexes, and shows what it found.
set -euo pipefail
cd "$(dirname "$0")"

.ci/install-deps
cmake -S . -B build >/dev/null
cmake --build build -j "$(nproc)" >/dev/null

echo "== kcg index (samples/)"
build/kcg index --db build/samples.db

echo
echo "== some edges (sqlite3 build/samples.db 'SELECT * FROM edges')"
sqlite3 -header -column build/samples.db \
	"SELECT caller, callee, kind, site_file || ':' || site_line AS site
	 FROM edges WHERE caller IN ('__netif_receive_skb_one_core',
	 'ip_protocol_deliver_rcu', 'ip_rcv', 'dst_input')
	 ORDER BY caller, site_line"
echo
echo "== indirect call sites and the shape of their callee"
sqlite3 -header -column build/samples.db \
	"SELECT f.name AS caller, i.shape, coalesce(i.struct || '.' || i.field,
	 'param ' || i.param_index, i.local, '') AS through,
	 p.path || ':' || c.line AS site
	 FROM indirect_calls i JOIN calls c ON c.id = i.call_id
	 JOIN functions f ON f.id = c.caller_id JOIN files p ON p.id = c.file_id
	 ORDER BY site LIMIT 20"
echo
echo "== kcg path net_rx_action tcp_v4_rcv (NAPI poll to TCP, pointers resolved)"
build/kcg path net_rx_action tcp_v4_rcv --db build/samples.db
echo
echo "== kcg hooks ipv4 PRE_ROUTING"
build/kcg hooks ipv4 PRE_ROUTING --db build/samples.db
echo
echo "== kcg render flow rx (samples/flows/rx.flow, connected in the index and drawn)"
build/kcg render flow rx --db build/samples.db -o build/rx.svg
build/kcg render flow rx --db build/samples.db -o build/rx.png >/dev/null
echo "open build/rx.svg (or build/rx.png) to see the receive path of samples/"
echo
echo "== browse it: kcg serve"
echo "build/kcg serve --db build/samples.db    # then open http://127.0.0.1:8080/"
echo "(search, a function's callers and callees with its source, diagrams,"
echo " paths, flows and hooks; --port N and --bind ADDR to change where)"
