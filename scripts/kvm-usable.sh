#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Can this host's KVM run our kernel?  Some nested hosts expose a /dev/kvm
# that cannot run Linux (no VMX or SVM at all, or it stops with an
# emulation failure, or hangs past SeaBIOS).  Without VMX or SVM in the CPU
# flags the answer is no at once; else boot the kernel under KVM with no
# root file system: a usable KVM prints the banner and reaches the "no
# root" panic within seconds.
#
# Arguments: the bzImage and a log file.  Exit 0 when usable; otherwise
# print why on stdout and exit 1.
set -uo pipefail

kernel=$1
log=$2

if ! [ -r /dev/kvm ] || ! [ -w /dev/kvm ]; then
	echo "/dev/kvm is not usable"
	exit 1
fi
# KVM on x86 runs guests with VMX or SVM: without either (a VM without
# nested virtualization may still have /dev/kvm) no boot is worth trying
if ! grep -q -w -E 'vmx|svm' /proc/cpuinfo; then
	echo "the CPU has neither VMX nor SVM (/proc/cpuinfo), though /dev/kvm exists"
	exit 1
fi
qemu=qemu-system-x86_64
[ "${ARCH:-x86_64}" = i386 ] && qemu=qemu-system-i386
timeout "${KVM_PROBE_TIMEOUT:-60}" "$qemu" -accel kvm -m 512M -smp 2 \
	-bios /usr/share/seabios/bios-256k.bin -kernel "$kernel" \
	-append "console=ttyS0 kunit.enable=0 panic=-1" \
	-nographic -serial stdio -monitor none -no-reboot >"$log" 2>&1
grep -a -q "Linux version" "$log" && exit 0
why=$(grep -a -m1 -E "KVM internal error|error" "$log")
echo "KVM does not boot the kernel: ${why:-no output past SeaBIOS within ${KVM_PROBE_TIMEOUT:-60} s}"
exit 1
