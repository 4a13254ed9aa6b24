#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build a busybox-static initramfs with tools/initramfs/init as /init, the
# project's test programs and kexec-tools.  Argument: the output .cpio.gz.
# For ARCH=i386 everything is 32-bit: the programs built with gcc -m32,
# busybox and kexec from build/i386-root (scripts/install-deps.sh), and no
# benchmarks (make bench is x86_64's).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
: "${BUILD:=$top/build}"
: "${KSRC:=$BUILD/linux}"
out=$1

# Up to date when it was made the same way (architecture, extra files)
# and none of what goes into it is newer: a test run boots it some twenty
# times, and making it takes seconds.
recipe="${ARCH:-x86_64} ${INITRAMFS_EXTRA:-}"
from_root=
[ "${ARCH:-x86_64}" = i386 ] && from_root=$BUILD/i386-root
inputs=("$top/tools" "$top/include/uapi" "$0" "$KSRC/include/uapi/drm"
	"${from_root:-/}/bin/busybox" "${from_root:-/usr}/sbin/kexec")
[ "${ARCH:-x86_64}" = i386 ] || inputs+=(/usr/bin/makedumpfile)
for extra in ${INITRAMFS_EXTRA:-}; do
	inputs+=("${extra%%:*}")
done
if [ -f "$out" ] && [ "$(cat "$out.recipe" 2>/dev/null)" = "$recipe" ] &&
   [ -z "$(find -L "${inputs[@]}" -newer "$out" -print -quit 2>/dev/null)" ]; then
	exit 0
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

if [ "${ARCH:-x86_64}" = i386 ]; then
	from=$BUILD/i386-root
	cc="gcc -m32"
	fwcall_tools=(fwcall fwcall-emu fwcall_test)
else
	from=
	cc=gcc
	fwcall_tools=(all)
fi

# mktemp -d makes it 0700: as the initramfs's /, it would keep every user
# but root out (fwcall_test runs the fwcall command as nobody)
chmod 0755 "$root"
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,etc}
cp "$from/bin/busybox" "$root/bin/busybox"
for applet in $(/bin/busybox --list); do
	[ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
done
install -m 0755 "$top/tools/initramfs/init" "$root/init"
install -m 0755 "$top/tools/initramfs/kjump.sh" "$root/kjump.sh"
# The fwcall command, its emulator twin and the /dev/fwcall end-to-end
# test; fwcall-emu is dynamic (Debian ships libx86emu shared only), so its
# libraries and the loader go in at their own paths.
targets=()
for t in "${fwcall_tools[@]}"; do
	[ "$t" = all ] && targets+=(all) || targets+=("$root/bin/$t")
done
make -s -C "$top/tools/fwcall" O="$root/bin" UAPI="$top/include/uapi" CC="$cc" "${targets[@]}"
# kexec_call from user space: its test and the callee it loads
make -s -C "$top/tools/kexec_call" O="$root/bin" UAPI="$top/include/uapi" CC="$cc"
# vbedrm's end-to-end test (x86_64: the DRM driver is tested there); the
# kexec jump snapshot and hibernation tools, and makedumpfile for them
dumper=()
if [ "${ARCH:-x86_64}" != i386 ]; then
	make -s -C "$top/tools/vbedrm" O="$root/bin" KSRC="${KSRC:-$BUILD/linux}" CC="$cc"
	make -s -C "$top/tools/kexec_jump" O="$root/bin" UAPI="$top/include/uapi" CC="$cc" guest
	cp /usr/bin/makedumpfile "$root/bin/makedumpfile"
	dumper=("$root/bin/makedumpfile")
fi
# kexec-tools, for the kexec jump between two kernels (kexec_jump test)
cp "${from:-/usr}/sbin/kexec" "$root/sbin/kexec"
for lib in $(ldd "$root/bin/fwcall-emu" "$root/sbin/kexec" "${dumper[@]}" | grep -v ':$' | grep -o '/[^ ]*' | sort -u); do
	mkdir -p "$root$(dirname "$lib")"
	cp -L "$lib" "$root$lib"
done
# Extra files: INITRAMFS_EXTRA="SOURCE:PATH ..." (the kexec_jump test puts
# the kernel and this initramfs itself under /boot for kernel B)
for extra in ${INITRAMFS_EXTRA:-}; do
	mkdir -p "$root$(dirname "${extra#*:}")"
	cp "${extra%%:*}" "$root${extra#*:}"
done

(cd "$root" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -9 >"$out.tmp"
mv "$out.tmp" "$out"
echo "$recipe" >"$out.recipe"
