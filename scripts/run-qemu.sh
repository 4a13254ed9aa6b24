#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make run: boot the built kernel under QEMU with SeaBIOS and a busybox
# initramfs whose /init shows kexec_call at work, then gives a shell.
# KVM when /dev/kvm is usable, else TCG (TEST_ACCEL forces one).
# RUN_BATCH=1 powers off after the demo instead of starting a shell.
set -euo pipefail

: "${TOP:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${ARCH:=x86_64}"
: "${BUILD:=$TOP/build}"
: "${KOUT:=$BUILD/out/$ARCH}"

kernel=$KOUT${KUNIT_VARIANT:+-$KUNIT_VARIANT}/arch/x86/boot/bzImage
qemu=qemu-system-x86_64
[ "$ARCH" = i386 ] && qemu=qemu-system-i386
initramfs=$BUILD/initramfs-$ARCH.cpio.gz
"$TOP/scripts/make-initramfs.sh" "$initramfs"

accel=$("$TOP/scripts/pick-accel.sh" "$kernel" "$BUILD/kvm-probe.log" "${TEST_ACCEL:-}" run)

# The KUnit suites fill the default 128 KiB log buffer before /init reads it
append="console=ttyS0 rdinit=/init panic=-1 log_buf_len=4M"
[ -n "${RUN_BATCH:-}" ] && append="$append kexec_call.demo=batch"

echo "run: $kernel under $accel with SeaBIOS"
exec "$qemu" -accel "$accel" -m "${RUN_MEM:-512M}" -smp 2 \
	-bios /usr/share/seabios/bios-256k.bin \
	-kernel "$kernel" -initrd "$initramfs" -append "$append" \
	-nographic -machine graphics=on -serial mon:stdio -no-reboot ${RUN_QEMU_ARGS:-}
