#!/usr/bin/env bash
# Prepare Debian's Linux 6.1 source for indexing: unpack it, apply Debian's amd64
# config and run `make LLVM=1 prepare` (generated headers only, no build).
# Usage: prepare-linux.sh [DEST]   (default: $KCG_CACHE/linux-6.1, KCG_CACHE=~/.cache/kcg)
# Prints the prepared tree's path on its last line. Safe to run again: a prepared
# tree is reused.
set -euo pipefail

cache=${KCG_CACHE:-$HOME/.cache/kcg}
dest=${1:-$cache/linux-6.1}
tarball=/usr/src/linux-source-6.1.tar.xz
config=/usr/src/linux-config-6.1/config.amd64_none_amd64.xz

if [ ! -f "$tarball" ] || [ ! -f "$config" ]; then
	if [ "$(id -u)" = 0 ]; then
		apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			linux-source-6.1 linux-config-6.1 bc flex bison libelf-dev \
			libssl-dev clang lld llvm >/dev/null
	else
		echo "prepare-linux: $tarball missing; run: apt-get install linux-source-6.1 linux-config-6.1" >&2
		exit 1
	fi
fi

if [ ! -f "$dest/.kcg-prepared" ]; then
	mkdir -p "$(dirname "$dest")"
	rm -rf "$dest.tmp"
	mkdir -p "$dest.tmp"
	echo "prepare-linux: unpacking $tarball" >&2
	tar -xJf "$tarball" -C "$dest.tmp" --strip-components=1
	xz -dc "$config" > "$dest.tmp/.config"
	echo "prepare-linux: make LLVM=1 olddefconfig prepare" >&2
	make -C "$dest.tmp" -s LLVM=1 olddefconfig >&2
	make -C "$dest.tmp" -s LLVM=1 -j"$(nproc)" prepare >&2
	touch "$dest.tmp/.kcg-prepared"
	rm -rf "$dest"
	mv "$dest.tmp" "$dest"
fi
echo "$dest"
