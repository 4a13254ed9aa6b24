#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make test: the KUnit suites under QEMU with SeaBIOS, under KVM (when
# /dev/kvm is usable) and TCG, or only under TEST_ACCEL, for x86_64 and
# i386 (TEST_ARCHES picks one): on x86_64 in the base configuration and
# again in the debug one (lockdep and KASAN), on i386 with 2-level page
# tables and with PAE (TEST_VARIANTS picks some of "base debug nopae pae");
# then, with the base x86_64 kernel and both i386 ones, the tests the
# initramfs runs: PRESERVE_DEVICE calls, physical-mode code loaded with
# kexec_load() and called through reboot(), kexec jump between two kernels
# with kexec-tools, and /dev/fwcall end to end; on x86_64 kexec_load() in
# stages, and vbedrm end to end with screenshots checked on the host (base
# and debug).
# Every KUnit case, device-call check and clean kernel log counts; the last
# line is "N passed, N failed".
set -uo pipefail

: "${TOP:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${ARCH:=x86_64}"
: "${BUILD:=$TOP/build}"
logdir=$BUILD/test-logs
mkdir -p "$logdir"

if [ -n "${TEST_ACCEL:-}" ]; then
	accels=$TEST_ACCEL
elif [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
	# TCG first: its run builds the kernel that the KVM probe boots
	accels="tcg kvm"
else
	echo "test: /dev/kvm not usable, TCG only"
	accels=tcg
fi

passed=0
failed=0
skipped=0
# What failed, one line each, repeated before the summary (a CI log's tail)
failures=()
# A working KVM runs the suite in seconds; some nested hosts expose a
# /dev/kvm that cannot boot Linux (emulation failures) or crawls.
kvm_timeout=${KVM_TIMEOUT:-240}

# Add the counts from kunit.py's closing "Ran N tests: passed: N, ..." line.
count() {
	local line=$1 p f c e

	p=$(sed -n 's/.*passed: \([0-9]*\).*/\1/p' <<<"$line")
	f=$(sed -n 's/.*failed: \([0-9]*\).*/\1/p' <<<"$line")
	c=$(sed -n 's/.*crashed: \([0-9]*\).*/\1/p' <<<"$line")
	e=$(sed -n 's/.*errors: \([0-9]*\).*/\1/p' <<<"$line")
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0} + ${c:-0} + ${e:-0}))
}

# Note, from standard input, a failed run's failed expectations (KUnit's
# "FAILED at" and the lines that say why) and its "not ok" lines (KTAP, at
# any depth), or its last line if it has none.
failure_lines() {
	local what=$1 text lines

	text=$(cat)
	lines=$({ grep -a -A 3 "FAILED at " <<<"$text"
		  grep -a -E "not ok [0-9]+ |did not report" <<<"$text"; } |
		sed -e '/^--$/d' -e 's/^\[[^]]*\] *//' -e 's/^ *//' |
		awk '!seen[$0]++' | head -n 12)
	[ -n "$lines" ] || lines=$(tail -n 1 <<<"$text")
	while IFS= read -r l; do
		failures+=("$what: $l")
	done <<<"$lines"
}

# Kernel-log findings that fail a run even when every case passed: lockdep
# and KASAN reports, sleeping in atomic context, RCU misuse, hung tasks.
# (The WARN_ONCE a case provokes on purpose is not among them.)
log_problems='BUG: |WARNING: (possible|inconsistent|bad unlock|held lock|lock held|Nested lock|suspicious RCU)|turning off the locking correctness validator|INFO: task .* blocked|Kernel panic|general protection fault'

check_log() {
	local what=$1 raw=$2 found

	found=$(grep -a -E "$log_problems" "$raw" | head -n 5)
	if [ -n "$found" ]; then
		echo "test: $what: the kernel log reports problems (see $raw):"
		echo "$found"
		failed=$((failed + 1))
		failures+=("$what: kernel log: $(head -n 1 <<<"$found")")
	else
		echo "test: $what: kernel log clean"
		passed=$((passed + 1))
	fi
}

# QEMU's default CPU model has no AVX, XSAVE or PKU: the debug run under
# TCG uses "-cpu max" so that the FPU cases see a CPU with them (under KVM
# only the default model is known to work everywhere).
variant_cpu() {
	[ "$1" = debug ] && [ "$2" = tcg ] && echo "-cpu max"
	return 0
}

kvm_broken=
# Some nested hosts expose a /dev/kvm that cannot run Linux.
kvm_probe() {
	local kout=$1 why

	[ -f "$kout/arch/x86/boot/bzImage" ] || return 0
	why=$("$TOP/scripts/kvm-usable.sh" "$kout/arch/x86/boot/bzImage" \
		"$logdir/kvm-probe.log") && return 0
	echo "test: SKIPPED KVM: $why; see $logdir/kvm-probe.log"
	return 1
}

# One KUnit run: $1 variant ("" for the base configuration), $2 accel.
kunit_run() {
	local variant=$1 accel=$2 name log raw kout summary rc why start

	name=$ARCH${variant:+-$variant}-$accel
	log=$logdir/kunit-$name.log
	raw=$logdir/kernel-$name.log
	kout=$BUILD/out/$ARCH${variant:+-$variant}
	echo "test: KUnit, $name, -smp $smp $(variant_cpu "$variant" "$accel") (log: $log)"
	start=$SECONDS
	timeout=1200
	[ "$accel" = kvm ] && timeout=$kvm_timeout
	KOUT=$BUILD/out/$ARCH KUNIT_VARIANT=$variant TEST_ACCEL=$accel TEST_SMP=$smp \
		TEST_QEMU_ARGS="${TEST_QEMU_ARGS:-} $(variant_cpu "$variant" "$accel")" \
		"$TOP/scripts/kunit.sh" run --timeout="$timeout" >"$log" 2>&1
	rc=$?
	cp "$kout/test.log" "$raw" 2>/dev/null || : >"$raw"
	summary=$(grep -a "Testing complete\." "$log" | tail -n 1)
	grep -a -E "^\[..:..:..\] +(\[(PASSED|FAILED|CRASHED|SKIPPED)\]|=+ |Testing complete)|# (Subtest|.*not ok)" \
		"$log" | tail -n 120
	if [ "$accel" = kvm ] && ! grep -a -q "# Totals:" "$log" &&
	   grep -a -q -E "KVM internal error|timed out after" "$log"; then
		why=$(grep -a -m1 -o -E "KVM internal error.*|timed out after [0-9]+ seconds" "$log")
		echo "test: SKIPPED: this host's KVM cannot run the kernel ($why);"
		echo "test: the TCG runs are the result; see $log"
		skipped=$((skipped + 1))
		kvm_broken=1
		return 1
	fi
	if [ -z "$summary" ]; then
		echo "test: KUnit run $name produced no result (exit $rc)"
		tail -n 40 "$log"
		failed=$((failed + 1))
		failures+=("KUnit $name: no result (exit $rc); see $log")
		return 0
	fi
	count "$summary"
	grep -a -q -E "failed: [1-9]|crashed: [1-9]|errors: [1-9]" <<<"$summary" &&
		failure_lines "KUnit $name" <"$raw"
	echo "test: KUnit $name: $summary ($((SECONDS - start)) s)"
	check_log "KUnit $name" "$raw"
}

# A test run by the initramfs: $1 the test, $2 accel, $3 a name for the log,
# then QEMU options.
initramfs_test() {
	local test=$1 accel=$2 name=$3 out p f log kunit start=$SECONDS

	shift 3
	log=$logdir/$test-$config-$accel-$name.log
	echo "test: $test, $config-$accel, $name, -smp $smp $*"
	out=$(TEST_SMP=$smp "$TOP/scripts/test-initramfs.sh" "$test" "$accel" "$log" "$@")
	echo "$out"
	# KUnit in the same boot (INITRAMFS_TEST_KUNIT): its cases count too
	kunit=$(grep -a "^KUnit: " <<<"$out" | tail -n 1)
	if [ -n "$kunit" ]; then
		if grep -q "Testing complete\." <<<"$kunit"; then
			count "$kunit"
		else
			failed=$((failed + 1))
			failures+=("KUnit $test $config-$accel $name: no result; see $log")
		fi
		grep -a -q -E "failed: [1-9]|crashed: [1-9]|errors: [1-9]" <<<"$kunit" &&
			sed '/^=== /,$d' "$log" | failure_lines "KUnit $test $config-$accel $name"
	fi
	p=$(tail -n 1 <<<"$out" | sed -n 's/.*: \([0-9]*\) passed.*/\1/p')
	f=$(tail -n 1 <<<"$out" | sed -n 's/.*, \([0-9]*\) failed.*/\1/p')
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-1}))
	[ "${f:-1}" -eq 0 ] || failure_lines "$test $config-$accel $name" <<<"$out"
	echo "test: $test $config-$accel $name: ${p:-0} passed, ${f:-1} failed ($((SECONDS - start)) s)"
	check_log "$test $config-$accel $name" "$log"
}

# The tests in the initramfs, with one kernel ($2 names its configuration,
# KOUT is its build): PRESERVE_DEVICE calls, calls through reboot(), kexec
# jump, and /dev/fwcall on two machines and memory sizes (the E820 map
# differs).
initramfs_tests() {
	local accel=$1 config=$2

	# On x86_64 also a machine check during a call.  QEMU's default model
	# is AMD's, whose handler panics on any uncorrected error in kernel
	# context; as Intel's, one whose action is optional is logged
	# A virtio disk on x86_64: its freeze and restore callbacks, and the
	# ACPI interrupt link's syscore resume, in every device call
	if [ "$ARCH" = x86_64 ]; then
		truncate -s 1M "$logdir/virtio-disk.img"
		INITRAMFS_MCE=1 initramfs_test device_calls "$accel" pc-512M \
			-cpu qemu64,vendor=GenuineIntel \
			-drive "file=$logdir/virtio-disk.img,if=virtio,format=raw"
	else
		initramfs_test device_calls "$accel" pc-512M
	fi
	initramfs_test user_calls "$accel" pc-512M
	# kexec_load() in stages: its refusals, and an image of 2,048 pages
	# loaded over the test's own buffer and jumped to (x86_64)
	[ "$ARCH" = x86_64 ] && initramfs_test staged_load "$accel" pc-512M
	# Kernel A keeps 128 KiB low and 256 MiB at 512 MiB free for kernel B
	INITRAMFS_TEST_APPEND='memmap=128K$0x70000 memmap=256M$0x20000000' \
		initramfs_test kexec_jump "$accel" pc-1G -m 1G
	# Raw calls are refused under STRICT_DEVMEM unless iomem=relaxed
	INITRAMFS_TEST_APPEND=iomem=relaxed \
		initramfs_test fwcall "$accel" pc-512M -M pc -m 512M
	# q35 puts 1 GiB of the 3 above 4 GiB.  QEMU's default i386 model
	# (qemu32) has 32 physical address bits while a PAE kernel takes 36
	# and uses that memory, faulting on it (reserved bits, in the page
	# cache, before any BIOS call): i386 takes QEMU's "max" model here.
	if [ "$ARCH" = i386 ]; then
		INITRAMFS_TEST_APPEND=iomem=relaxed \
			initramfs_test fwcall "$accel" q35-3G -M q35 -m 3G -cpu max
	else
		INITRAMFS_TEST_APPEND=iomem=relaxed \
			initramfs_test fwcall "$accel" q35-3G -M q35 -m 3G
	fi
	# Without iomem=relaxed: raw calls refused as /dev/mem is, then
	# under lockdown=integrity set at run time
	initramfs_test fwcall_lockdown "$accel" strict-devmem-lockdown
}

# vbedrm on QEMU's standard VGA, with the host checking screenshots: from
# the text mode (the modes, mode sets pixel by pixel, refusals, 100
# switches, the console, unbind back to text), and from the boot loader's
# 800x600 frame buffer (vga=0x314) that simpledrm had.
vbedrm_tests() {
	local accel=$1 config=$2

	INITRAMFS_SCREENDUMP=1 initramfs_test vbedrm "$accel" pc-text
	[ -n "${3:-}" ] || return 0
	INITRAMFS_SCREENDUMP=1 INITRAMFS_TEST_APPEND=vga=0x314 \
		initramfs_test vbedrm_takeover "$accel" pc-vga314
}

# Where fwcall must stay off, with the base x86_64 kernel: fwcall=off under
# SeaBIOS; SeaBIOS with so little free memory below 1 MiB that the
# real-mode trampoline, which takes it first, leaves too little for fwcall
# (with the old order fwcall took 32 KiB first and the trampoline found
# none: "Kernel panic - not syncing: Real mode trampoline was not
# allocated"); and UEFI firmware (OVMF, q35), which
# boots this kernel, built without EFI support, through its legacy Linux
# loader: no PC BIOS in the IVT and BDA.  Each boot checks fwcall's one
# log line, no kexec_call call or image, no /dev/fwcall, no
# /sys/firmware/fwcall, every CPU online.
nobios_tests() {
	local accel=$1 config=$2

	INITRAMFS_TEST_APPEND="fwcall=off kexec_call.nobios=off kexec_call.cpus=$smp" \
		initramfs_test nobios "$accel" fwcall-off
	# 36 KiB below 1 MiB stay free (the top of it, below the EBDA):
	# enough for the trampoline, not for the trampoline and fwcall
	INITRAMFS_TEST_APPEND="memmap=0x86000\$0x10000 kexec_call.nobios=lowmem kexec_call.cpus=$smp" \
		initramfs_test nobios "$accel" lowmem
	# Without EFI support the kernel finds no ACPI tables under OVMF (the
	# RSDP is in the EFI system table), hence no MADT: one CPU
	local smp=1
	INITRAMFS_TEST_FIRMWARE=$ovmf INITRAMFS_TEST_APPEND="kexec_call.nobios=bios kexec_call.cpus=1" \
		initramfs_test nobios "$accel" ovmf -M q35
}

# The variant built with EFI and the EFI stub (kunit/<variant>.config),
# booted by OVMF as an EFI application: fwcall stays off (an EFI boot),
# and the KUnit suites run in the same boot under UEFI firmware.
efi_variant=debug

efi_test() {
	local accel=$1 config=$2

	INITRAMFS_TEST_KUNIT=1 INITRAMFS_TEST_FIRMWARE=$ovmf \
		INITRAMFS_TEST_TIMEOUT=1200 \
		INITRAMFS_TEST_APPEND="kexec_call.nobios=uefi kexec_call.cpus=$smp" \
		initramfs_test nobios "$accel" ovmf-kunit -M q35 -m 1G \
		$(variant_cpu "$efi_variant" "$accel")
}

ovmf=/usr/share/ovmf/OVMF.fd

# Kexec jump snapshots and hibernation (scripts/test-kjump.sh), on the base
# x86_64 kernel: a snapshot, three hibernate/resume cycles over four
# boots, damaged images refused; the debug kernel, when built, is the
# other build whose resume of the image must be refused.
kjump_test() {
	local accel=$1 out p f start=$SECONDS

	echo "test: kjump, x86_64-$accel, snapshot and 3 hibernation cycles"
	out=$(KOUT=$BUILD/out/x86_64 KOUT_OTHER=$BUILD/out/x86_64-debug \
		"$TOP/scripts/test-kjump.sh" "$accel" "$logdir/kjump-$accel")
	echo "$out"
	p=$(tail -n 1 <<<"$out" | sed -n 's/.*: \([0-9]*\) passed.*/\1/p')
	f=$(tail -n 1 <<<"$out" | sed -n 's/.*, \([0-9]*\) failed.*/\1/p')
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-1}))
	[ "${f:-1}" -eq 0 ] || failure_lines "kjump x86_64-$accel" <<<"$out"
	echo "test: kjump x86_64-$accel: ${p:-0} passed, ${f:-1} failed ($((SECONDS - start)) s)"
}

# Which configurations each architecture tests, and which of them also run
# the initramfs tests.  x86_64: the base configuration with 4 vCPUs
# (threads, devices); debug (lockdep and KASAN) with 2, the smallest count
# the deadline needs.  i386: 2-level page tables and PAE, both with 4 vCPUs
# and the initramfs tests.  TEST_VARIANTS picks some ("base nopae").
arch_variants() {
	case $1 in
	x86_64)	echo "base debug" ;;
	i386)	echo "nopae pae" ;;
	esac
}

arch_initramfs_variants() {
	case $1 in
	x86_64)	echo "base" ;;
	i386)	echo "nopae pae" ;;
	esac
}

for ARCH in ${TEST_ARCHES-x86_64 i386}; do
	export ARCH
	for variant in $(arch_variants "$ARCH"); do
		if [ -n "${TEST_VARIANTS+set}" ] && ! grep -qw -- "$variant" <<<"$TEST_VARIANTS"; then
			continue
		fi
		e2e=
		grep -qw -- "$variant" <<<"$(arch_initramfs_variants "$ARCH")" && e2e=1
		smp=2
		[ -n "$e2e" ] && smp=${TEST_SMP:-4}
		[ "$variant" = base ] && variant=
		for accel in $accels; do
			[ "$accel" = kvm ] && [ -n "$kvm_broken" ] && continue
			if [ "$accel" = kvm ] && [ -z "$kvm_broken" ] &&
			   ! kvm_probe "$BUILD/out/$ARCH${variant:+-$variant}"; then
				kvm_broken=1
				skipped=$((skipped + 1))
				continue
			fi
			kunit_run "$variant" "$accel" || continue
			[ -n "$e2e" ] && KOUT=$BUILD/out/$ARCH${variant:+-$variant} \
				initramfs_tests "$accel" "$ARCH${variant:+-$variant}"
			[ "$ARCH" = x86_64 ] && [ -z "$variant" ] &&
				KOUT=$BUILD/out/$ARCH nobios_tests "$accel" "$ARCH"
			# vbedrm: both boots on the base kernel, the first
			# again on the debug kernel
			[ "$ARCH" = x86_64 ] && [ -z "$variant" ] &&
				KOUT=$BUILD/out/$ARCH vbedrm_tests "$accel" "$ARCH" all
			[ "$ARCH" = x86_64 ] && [ "$variant" = debug ] &&
				KOUT=$BUILD/out/$ARCH-$variant vbedrm_tests "$accel" "$ARCH-$variant"
			[ "$ARCH" = x86_64 ] && [ "$variant" = "$efi_variant" ] &&
				KOUT=$BUILD/out/$ARCH-$variant efi_test "$accel" "$ARCH-$variant"
		done
	done
	# After the debug kernel's build, which the kjump test also boots
	if [ "$ARCH" = x86_64 ] &&
	   { [ -z "${TEST_VARIANTS+set}" ] || grep -qw base <<<"$TEST_VARIANTS"; }; then
		for accel in $accels; do
			[ "$accel" = kvm ] && [ -n "$kvm_broken" ] && continue
			kjump_test "$accel"
		done
	fi
done

for f in "${failures[@]}"; do
	echo "test: FAILED: $f"
done
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
