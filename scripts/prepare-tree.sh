#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Prepare build/linux: Linux 6.12 from Debian's linux-source-6.12 (a git
# repository whose tag "pristine" is the unmodified tree), with patches/
# applied and the project's files overlaid.  Unchanged files keep their
# timestamps, so rebuilds stay incremental.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
K=$top/build/linux
tarball=/usr/src/linux-source-6.12.tar.xz

git_k() { git -C "$K" -c user.name=kexec_call -c user.email=kexec_call@localhost "$@"; }

if ! git_k rev-parse -q --verify pristine >/dev/null 2>&1; then
	echo "prepare-tree: unpacking $tarball"
	rm -rf "$K" "$K.tmp"
	mkdir -p "$K.tmp"
	tar -xf "$tarball" -C "$K.tmp" --strip-components=1
	git -C "$K.tmp" init -q
	git -C "$K.tmp" add -Af .
	git -C "$K.tmp" -c user.name=kexec_call -c user.email=kexec_call@localhost \
		commit -qm "Linux 6.12 (Debian linux-source-6.12)"
	git -C "$K.tmp" tag pristine
	mv "$K.tmp" "$K"
fi

# The overlay: project path -> kernel tree path.
overlay() {
	local d
	for d in include arch/x86 kernel/kexec_call drivers/fwcall drivers/gpu/drm/vbe Documentation tools/fwcall tools/kexec_call tools/kexec_jump tools/ktap tools/vbedrm; do
		[ -d "$top/$d" ] || continue
		(cd "$top" && find "$d" -type f) | while read -r f; do
			echo "$f $f"
		done
	done
	for f in kernel/kexec_staged.c; do
		[ -e "$top/$f" ] && echo "$f $f"
	done
	for f in "$top"/kunit/kexec_call_kunit*.[chS]; do
		[ -e "$f" ] && echo "kunit/${f##*/} kernel/kexec_call/tests/${f##*/}"
	done
	for f in "$top"/kunit/fwcall_kunit*.[chS]; do
		[ -e "$f" ] && echo "kunit/${f##*/} drivers/fwcall/tests/${f##*/}"
	done
	for f in "$top"/kunit/vbedrm_kunit*.[chS]; do
		[ -e "$f" ] && echo "kunit/${f##*/} drivers/gpu/drm/vbe/tests/${f##*/}"
	done
	return 0
}

map=$(overlay)
stamp=$( (cat "$top"/patches/*.patch 2>/dev/null; echo "$map") | sha256sum | cut -d' ' -f1)
if [ "$(cat "$K/.kexec_call-stamp" 2>/dev/null)" != "$stamp" ]; then
	echo "prepare-tree: resetting to pristine and applying patches/"
	git_k reset -q --hard pristine
	git_k clean -fdqx
	for p in "$top"/patches/*.patch; do
		[ -e "$p" ] || continue
		git_k apply --whitespace=nowarn "$p"
	done
	echo "$stamp" > "$K/.kexec_call-stamp"
fi

echo "$map" | while read -r src dst; do
	[ -n "$src" ] || continue
	if ! cmp -s "$top/$src" "$K/$dst"; then
		mkdir -p "$(dirname "$K/$dst")"
		cp "$top/$src" "$K/$dst"
	fi
done
