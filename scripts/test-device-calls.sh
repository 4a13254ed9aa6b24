#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# KEXEC_CALL_PRESERVE_DEVICE calls end to end: boot the KUnit kernel with
# its suites off and the busybox initramfs, whose /init makes the calls
# through debugfs (kexec_call_test/device_calls) from a process the freezer
# leaves running, and reports every check as a KTAP line.
#
# Arguments: the accelerator (kvm|tcg) and the log file.  Prints
# "device calls: N passed, N failed" as its last line; exit 0 only when
# every check ran and passed.
set -uo pipefail

: "${TOP:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${ARCH:=x86_64}"
: "${BUILD:=$TOP/build}"
: "${KOUT:=$BUILD/out/$ARCH}"
accel=$1
log=$2
calls=${DEVICE_CALLS:-3}
checks_per_call=7

initramfs=$BUILD/initramfs-$ARCH.cpio.gz
"$TOP/scripts/make-initramfs.sh" "$initramfs"

timeout "${DEVICE_CALLS_TIMEOUT:-300}" qemu-system-x86_64 -accel "$accel" \
	-m 512M -smp "${TEST_SMP:-4}" \
	-bios /usr/share/seabios/bios-256k.bin \
	-kernel "$KOUT/arch/x86/boot/bzImage" -initrd "$initramfs" \
	-append "console=ttyS0 rdinit=/init panic=-1 kunit.enable=0 kexec_call.test=device_calls kexec_call.device_calls=$calls" \
	-nographic -serial stdio -monitor none -no-reboot >"$log" 2>&1
rc=$?

# Only the report's own lines: "ok N name" / "not ok N name" at line start
passed=$(grep -a -c -E "^ok [0-9]+ device_call_" "$log")
failed=$(grep -a -c -E "^not ok [0-9]+ device_call_" "$log")
grep -a -E "^(not )?ok [0-9]+ device_call_|^# device calls|^# call |^Bail out|^CPUs online after|FW_BUG|WARNING|BUG:" "$log"
missing=$((calls * checks_per_call - passed - failed))
if [ "$missing" -gt 0 ]; then
	echo "device calls: $missing checks did not report (qemu exit $rc); see $log"
	failed=$((failed + missing))
fi
echo "device calls: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
