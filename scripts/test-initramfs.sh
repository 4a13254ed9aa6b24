#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A test that runs in the busybox initramfs: boot the KUnit kernel with its
# suites off, let /init run the test named on the command line and parse the
# KTAP it prints.
#   device_calls  KEXEC_CALL_PRESERVE_DEVICE calls through debugfs
#                 (kexec_call_test/device_calls), made from a process the
#                 freezer leaves running
#   user_calls    kexec_load(KEXEC_PHYS_CALL) and reboot() with arguments
#                 (tools/kexec_call/kexec_call_user_test.c)
#   staged_load   kexec_load() in stages and a jump to the image
#                 (tools/kexec_call/kexec_staged_test.c)
#   fwcall        /dev/fwcall end to end (tools/fwcall/fwcall_test.c)
#   kexec_jump    kernel A jumps to kernel B and back three times with
#                 kexec-tools (tools/initramfs/init)
#   vbedrm        the VBE DRM driver (tools/vbedrm/vbedrm_test.c), with
#                 INITRAMFS_SCREENDUMP=1; vbedrm_takeover after vga=0x314
#
#   nobios        fwcall where it must stay off (kexec_call.nobios= in
#                 INITRAMFS_TEST_APPEND says why: uefi, bios, off, lowmem)
#
# Arguments: the test, the accelerator (kvm|tcg), the log file, then extra
# QEMU options (machine, memory).  INITRAMFS_TEST_FIRMWARE replaces SeaBIOS
# (OVMF for the nobios test).  INITRAMFS_TEST_KUNIT=1 lets the KUnit suites
# run during the boot, before /init, and prints their result as kunit.py
# parse gives it ("KUnit: ... Ran N tests: passed: N, ...") before the last
# line.  Prints "<test>: N passed, N failed" as its last line; exit 0 only
# when every check of the plan ran and passed (and every KUnit case).
#
# INITRAMFS_MCE=1 (device_calls): QEMU gets a monitor socket, and once the
# guest says it spins for 1000 ms on a CPU, a machine check is injected
# there through it (HMP "mce", broadcast, as hardware signals one): an
# uncorrected, signaled error whose action is optional (a last-level cache
# writeback error, no address), which the kernel's handler logs and lets be.
set -uo pipefail

: "${TOP:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${ARCH:=x86_64}"
: "${BUILD:=$TOP/build}"
: "${KOUT:=$BUILD/out/$ARCH}"
test=$1
accel=$2
log=$3
shift 3

initramfs=$BUILD/initramfs-$ARCH.cpio.gz
"$TOP/scripts/make-initramfs.sh" "$initramfs" || exit 1
# A kernel with fwcall as a module (the i386 PAE variant): /init loads it
if grep -q "^CONFIG_FWCALL=m" "$KOUT/.config" 2>/dev/null; then
	INITRAMFS_EXTRA="$KOUT/drivers/fwcall/fwcall.ko:/lib/modules/fwcall.ko" \
		"$TOP/scripts/make-initramfs.sh" "$BUILD/initramfs-${KOUT##*/}-module.cpio.gz" || exit 1
	initramfs=$BUILD/initramfs-${KOUT##*/}-module.cpio.gz
fi
if [ "$test" = kexec_jump ]; then
	# Kernel A carries kernel B: the same kernel with the plain initramfs
	INITRAMFS_EXTRA="$KOUT/arch/x86/boot/bzImage:/boot/bzImage $initramfs:/boot/initrd.cpio.gz" \
		"$TOP/scripts/make-initramfs.sh" "$BUILD/initramfs-${KOUT##*/}-kexec-jump.cpio.gz" || exit 1
	initramfs=$BUILD/initramfs-${KOUT##*/}-kexec-jump.cpio.gz
fi

# Send one HMP command ($2) to the monitor socket $1; print its answer.
monitor() {
	python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
time.sleep(0.1)
s.recv(65536)
s.sendall((sys.argv[2] + "\n").encode())
time.sleep(0.3)
print(s.recv(65536).decode(errors="replace").strip())
' "$1" "$2"
}

# Wait for the guest's 1000 ms spin in $1 and inject a machine check there.
inject_mce() {
	local log=$1 sock=$2 cpu i

	for i in $(seq 10000); do
		cpu=$(grep -a -o "kexec_call_test: spin 1000 ms on CPU [0-9]*" "$log" |
		      tail -n 1 | awk '{print $NF}')
		if [ -n "$cpu" ]; then
			echo "# host: machine check injected into CPU $cpu:" \
			     "$(monitor "$sock" "mce -b $cpu 1 0xb10000000000017a 0x5 0 0" |
				tail -n 1)" >"$log.mce"
			return
		fi
		sleep 0.02
	done
}

monitor_opt=none
if [ -n "${INITRAMFS_MCE:-}" ]; then
	sock=$(mktemp -u /tmp/kexec_call-monitor.XXXXXX)
	monitor_opt=unix:$sock,server=on,wait=off
fi
# INITRAMFS_SCREENDUMP=1 (vbedrm): the monitor takes screenshots that
# scripts/screendump-server.py checks, and its verdicts go to the guest's
# second serial port; the screenshots stay in $log.shots/
serial2=()
if [ -n "${INITRAMFS_SCREENDUMP:-}" ]; then
	sock=$(mktemp -u /tmp/kexec_call-monitor.XXXXXX)
	ssock=$(mktemp -u /tmp/kexec_call-serial.XXXXXX)
	monitor_opt=unix:$sock,server=on,wait=off
	serial2=(-serial "unix:$ssock,server=on,wait=off")
	rm -rf "$log.shots"
	mkdir -p "$log.shots"
fi

qemu=qemu-system-x86_64
[ "$ARCH" = i386 ] && qemu=qemu-system-i386
# With KUnit in the boot its output fills the default 128 KiB kernel log
# buffer, and /init's checks read early boot lines back through dmesg.
kunit=kunit.enable=0
[ -n "${INITRAMFS_TEST_KUNIT:-}" ] && kunit=log_buf_len=4M
timeout "${INITRAMFS_TEST_TIMEOUT:-300}" "$qemu" -accel "$accel" \
	-m 512M -smp "${TEST_SMP:-4}" "$@" \
	-bios "${INITRAMFS_TEST_FIRMWARE:-/usr/share/seabios/bios-256k.bin}" \
	-kernel "$KOUT/arch/x86/boot/bzImage" -initrd "$initramfs" \
	-append "console=ttyS0 rdinit=/init panic=-1 $kunit kexec_call.test=$test ${INITRAMFS_MCE:+kexec_call.mce=1} ${INITRAMFS_TEST_APPEND:-}" \
	-nographic -machine graphics=on -serial stdio "${serial2[@]}" \
	-monitor "$monitor_opt" -no-reboot >"$log" 2>&1 &
qemu_pid=$!
injector=
if [ -n "${INITRAMFS_MCE:-}" ]; then
	inject_mce "$log" "$sock" &
	injector=$!
fi
shooter=
if [ -n "${INITRAMFS_SCREENDUMP:-}" ]; then
	python3 "$TOP/scripts/screendump-server.py" "$log" "$sock" "$ssock" \
		"$log.shots" "$qemu_pid" >"$log.host" 2>&1 &
	shooter=$!
fi
wait $qemu_pid
rc=$?
if [ -n "$shooter" ]; then
	wait "$shooter"
	cat "$log.host"
	rm -f "$sock" "$ssock"
fi
if [ -n "$injector" ]; then
	kill "$injector" 2>/dev/null
	wait "$injector" 2>/dev/null
	cat "$log.mce" 2>/dev/null || echo "# host: no machine check injected"
	rm -f "$sock" "$log.mce"
fi

# With KUnit in the boot, its KTAP comes first: the test's own report is
# what follows /init's first "=== " line, KUnit's what precedes it.
report=$log
kunit_failed=0
if [ -z "$kunit" ]; then
	report=$log.init
	sed -n '/^=== /,$p' "$log" >"$report"
	: "${KSRC:=$TOP/build/linux}"
	summary=$(sed '/^=== /,$d' "$log" |
		python3 "$KSRC/tools/testing/kunit/kunit.py" parse 2>&1 |
		grep -a "Testing complete\." | tail -n 1)
	echo "KUnit: ${summary:-no result}"
	grep -q -E "failed: [1-9]|crashed: [1-9]|errors: [1-9]" <<<"${summary:-failed: 1}" &&
		kunit_failed=1
fi

# The report's own lines: the plan, "ok N name" and "not ok N name"
plan=$(grep -a -m1 -o -E "^1\.\.[0-9]+" "$report" | cut -d. -f3)
passed=$(grep -a -c -E "^ok [0-9]+ " "$report")
failed=$(grep -a -c -E "^not ok [0-9]+ " "$report")
grep -a -E "^(not )?ok [0-9]+ |^# |^Bail out|^CPUs online after|FW_BUG|WARNING|BUG:|Hardware Error" "$report"
missing=$((${plan:-1} - passed - failed))
if [ "$missing" -gt 0 ]; then
	echo "$test: $missing checks of the plan did not report (qemu exit $rc); see $log"
	failed=$((failed + missing))
fi
echo "$test: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$kunit_failed" -eq 0 ]
