#!/usr/bin/env bash
# Prepare Debian's Linux source of one version (linux-source-VERSION) for
# indexing: unpack it, apply Debian's amd64 config (linux-config-VERSION) and run
# `make LLVM=1 olddefconfig prepare` (generated headers only, no build).
# Usage: prepare-linux.sh [VERSION] [DEST]
#   VERSION 6.1 (default) or 6.12; DEST $KCG_CACHE/linux-VERSION,
#   KCG_CACHE=~/.cache/kcg
# Prints the prepared tree's path on its last line. Safe to run again: a prepared
# tree (one holding .kcg-prepared) is reused.
set -euo pipefail

version=6.1
if [[ ${1:-} =~ ^[0-9]+\.[0-9]+$ ]]; then
	version=$1
	shift
fi
cache=${KCG_CACHE:-$HOME/.cache/kcg}
dest=${1:-$cache/linux-$version}
tarball=/usr/src/linux-source-$version.tar.xz
config=/usr/src/linux-config-$version/config.amd64_none_amd64.xz

if [ ! -f "$tarball" ] || [ ! -f "$config" ]; then
	if [ "$(id -u)" = 0 ]; then
		apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			"linux-source-$version" "linux-config-$version" \
			bc flex bison libelf-dev libssl-dev clang lld llvm \
			>/dev/null
	else
		echo "prepare-linux: $tarball missing; run:" \
			"apt-get install linux-source-$version" \
			"linux-config-$version" >&2
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
