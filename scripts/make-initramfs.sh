#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build a busybox-static initramfs with tools/initramfs/init as /init.
# Argument: the output .cpio.gz.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
out=$1
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,etc}
cp /bin/busybox "$root/bin/busybox"
for applet in $("$root/bin/busybox" --list); do
	[ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
done
install -m 0755 "$top/tools/initramfs/init" "$root/init"
# The /dev/fwcall end-to-end test, static: the initramfs has no libc
gcc -static -O2 -Wall -Wextra -Werror -I "$top/include/uapi" \
	-o "$root/bin/fwcall_test" "$top/tools/fwcall/fwcall_test.c"

(cd "$root" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -9 >"$out.tmp"
mv "$out.tmp" "$out"
