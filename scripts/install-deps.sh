#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian packages the build, QEMU runs and tests need, if any
# is missing.  Needs root (or sudo) on Debian 12.
#
# The i386 initramfs needs 32-bit user space: the test programs are built
# with gcc -m32 (gcc-multilib, libx86emu for i386 through multiarch), and
# busybox and kexec-tools for i386, which cannot be installed beside the
# amd64 ones, are unpacked from their packages into build/i386-root.
set -euo pipefail

: "${TOP:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${BUILD:=$TOP/build}"

pkgs=(
	linux-source-6.12 build-essential bc flex bison libelf-dev libssl-dev
	cpio xz-utils rsync ccache sparse python3 python3-ply python3-git perl git
	qemu-system-x86 seabios ovmf busybox-static kexec-tools makedumpfile libx86emu-dev libx86-dev
	gnuplot-nox gdb gcc-multilib libc6:i386 libx86emu3:i386 libx86emu-dev:i386
)
# Unpacked, not installed: they would replace the amd64 ones
unpacked=(busybox-static:i386 kexec-tools:i386)
i386_root=$BUILD/i386-root

sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive

update=
if ! dpkg --print-foreign-architectures | grep -qx i386; then
	$sudo dpkg --add-architecture i386
	update=1
fi

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ] || [ -n "$update" ] ||
   [ ! -x "$i386_root/bin/busybox" ] || [ ! -x "$i386_root/sbin/kexec" ]; then
	# A mirror in mid-sync fails one index and apt-get exits 100 though
	# the others are fine: go on, the install below says if one is missing
	$sudo apt-get update -qq ||
		echo "install-deps: apt-get update reported errors; going on with the indexes it has"
fi
if [ ${#missing[@]} -gt 0 ]; then
	echo "install-deps: installing ${missing[*]}"
	$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ ! -x "$i386_root/bin/busybox" ] || [ ! -x "$i386_root/sbin/kexec" ]; then
	echo "install-deps: unpacking ${unpacked[*]} into $i386_root"
	debs=$(mktemp -d)
	chmod 0777 "$debs"
	(cd "$debs" && apt-get download -qq "${unpacked[@]}")
	mkdir -p "$i386_root"
	for deb in "$debs"/*.deb; do
		dpkg-deb -x "$deb" "$i386_root"
	done
	rm -rf "$debs"
fi
