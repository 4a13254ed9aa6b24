#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: measure, do not test.  Boots the kernel once in QEMU with
# SeaBIOS (KVM when usable, else TCG, or BENCH_ACCEL) and runs
# tools/fwcall/fwcall_bench there: the same raw BIOS calls through
# /dev/fwcall and through libx86emu over /dev/mem, BENCH_REPS times each
# (default 200).  Writes build/bench/fwcall-vs-x86emu.md (a Markdown table,
# also printed), build/bench/latency.dat and build/bench/latency.png (the
# latency distributions, gnuplot).  Fails only when it cannot measure.
#
# So far this covers the BIOS-services part of issue 7; the null call
# against getpid() and the mode-switch floor, the interrupts-off window,
# the other CPUs' throughput and the cost growth are still to come.
set -euo pipefail

: "${TOP:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${ARCH:=x86_64}"
: "${BUILD:=$TOP/build}"
: "${KOUT:=$BUILD/out/$ARCH}"
out=$BUILD/bench
mkdir -p "$out"
kernel=$KOUT/arch/x86/boot/bzImage
initramfs=$BUILD/initramfs-$ARCH.cpio.gz
"$TOP/scripts/make-initramfs.sh" "$initramfs"

accel=$("$TOP/scripts/pick-accel.sh" "$kernel" "$BUILD/kvm-probe.log" "${BENCH_ACCEL:-}" bench)
[ "$accel" = tcg ] && echo "bench: under TCG only the ratios mean anything"
reps=${BENCH_REPS:-200}
log=$out/boot.log
echo "bench: one boot under $accel, $reps repetitions per measurement"
timeout "${BENCH_TIMEOUT:-900}" qemu-system-x86_64 -accel "$accel" -m 512M -smp 2 \
	-bios /usr/share/seabios/bios-256k.bin \
	-kernel "$kernel" -initrd "$initramfs" \
	-append "console=ttyS0 rdinit=/init panic=-1 kunit.enable=0 kexec_call.bench=fwcall kexec_call.bench_reps=$reps" \
	-nographic -serial stdio -monitor none -no-reboot >"$log" 2>&1 || true

rows=$(grep -a '^ROW ' "$log" | tr -d '\r' || true)
if [ "$(wc -l <<<"$rows")" -lt 4 ] || grep -aq BENCH-FAILED "$log"; then
	echo "bench: could not measure; see $log"
	exit 1
fi
grep -a '^LAT ' "$log" | tr -d '\r' | awk '{print $2 "-" $3, $4 / 1000}' >"$out/latency.dat"

cpu=$(grep -a -m1 -o 'smpboot: CPU0: .*' "$log" | sed 's/smpboot: CPU0: //' || true)
{
	echo "BIOS services, natively through /dev/fwcall (kexec_call, real mode) and in"
	echo "libx86emu over /dev/mem, same raw calls, one $accel boot ($cpu),"
	echo "$reps calls each after one warm-up; times per service use in microseconds."
	echo
	echo "| service | fwcall median | fwcall p99 | fwcall calls/s | x86emu median | x86emu p99 | x86emu calls/s | fwcall/x86emu speed |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
	while read -r _ name nm np nps em ep eps ratio; do
		printf '| %s | %.1f | %.1f | %s | %.1f | %.1f | %s | %sx |\n' "$name" \
			"$(bc -l <<<"$nm / 1000")" "$(bc -l <<<"$np / 1000")" "$nps" \
			"$(bc -l <<<"$em / 1000")" "$(bc -l <<<"$ep / 1000")" "$eps" "$ratio"
	done <<<"$rows"
	echo
	echo "e820: the full map (one call per entry); vbe: 4F00h; pci: B10Ah, one"
	echo "register; rtc: int 1Ah AH=02h."
} >"$out/fwcall-vs-x86emu.md"
cat "$out/fwcall-vs-x86emu.md"

if command -v gnuplot >/dev/null; then
	gnuplot <<GP
set terminal pngcairo size 1000,600 noenhanced
set output "$out/latency.png"
set title "BIOS service latency: fwcall vs libx86emu ($accel, $reps calls each)"
set logscale x
set xlabel "microseconds per use of the service"
set ylabel "fraction of calls"
set key outside right
set grid
series = "e820-fwcall e820-x86emu vbe-fwcall vbe-x86emu pci-fwcall pci-x86emu rtc-fwcall rtc-x86emu"
plot for [s in series] sprintf("< grep '^%s ' '$out/latency.dat' | cut -d' ' -f2 | sort -g", s) \
	using 1:(\$0 / $reps.0) with lines title s
GP
	echo "bench: $out/fwcall-vs-x86emu.md, $out/latency.png"
else
	echo "bench: gnuplot missing, no plot; $out/fwcall-vs-x86emu.md"
fi
