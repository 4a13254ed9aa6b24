#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: measure, do not test.  Boots the kernel once in QEMU with
# SeaBIOS and 4 vCPUs (KVM when usable, else TCG, or BENCH_ACCEL) and runs
# there, in that one boot:
#  - tools/kexec_call/kexec_call_bench (BENCH_CALLS samples, default 1000):
#    the null call against the bare mode switch and getpid(), the
#    interrupts-off window, the preserve flags, the cost per argument and
#    the other CPUs' throughput during a storm of calls;
#  - tools/fwcall/fwcall_bench and fwcall_bench_lrmi (BENCH_REPS uses of
#    each service, default 200): BIOS services through /dev/fwcall against
#    the same calls in libx86emu and libx86, and the bounce buffer's cost.
# Writes build/bench/report.md (Markdown tables, also printed),
# build/bench/calls.png and build/bench/services.png (latency distributions,
# gnuplot) and their .dat files.  Fails only when it cannot measure.
set -euo pipefail

: "${TOP:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${ARCH:=x86_64}"
: "${BUILD:=$TOP/build}"
: "${KOUT:=$BUILD/out/$ARCH}"
out=$BUILD/bench
mkdir -p "$out"
if [ "$ARCH" != x86_64 ]; then
	echo "bench: make bench measures x86_64 (ARCH=$ARCH)"
	exit 1
fi
kernel=$KOUT/arch/x86/boot/bzImage
initramfs=$BUILD/initramfs-$ARCH.cpio.gz
"$TOP/scripts/make-initramfs.sh" "$initramfs"

accel=$("$TOP/scripts/pick-accel.sh" "$kernel" "$BUILD/kvm-probe.log" "${BENCH_ACCEL:-}" bench)
[ "$accel" = tcg ] && echo "bench: under TCG only the ratios mean anything"
reps=${BENCH_REPS:-200}
calls=${BENCH_CALLS:-1000}
log=$out/boot.log
echo "bench: one boot under $accel, 4 vCPUs, $calls calls per kexec_call measurement, $reps uses per BIOS service"
timeout "${BENCH_TIMEOUT:-1800}" qemu-system-x86_64 -accel "$accel" -m 512M -smp 4 \
	-bios /usr/share/seabios/bios-256k.bin \
	-kernel "$kernel" -initrd "$initramfs" \
	-append "console=ttyS0 rdinit=/init panic=-1 kunit.enable=0 iomem=relaxed kexec_call.bench=all kexec_call.bench_calls=$calls kexec_call.bench_reps=$reps" \
	-nographic -serial stdio -monitor none -no-reboot >"$log" 2>&1 || true

lines=$(grep -a -E '^(TSC|STAT|ARGC|STORM|ROW|LRMI|BUF) ' "$log" | tr -d '\r' || true)
if grep -aq BENCH-FAILED "$log" || [ "$(grep -c '^ROW ' <<<"$lines")" -lt 4 ] ||
   [ "$(grep -c '^LRMI ' <<<"$lines")" -lt 4 ] || ! grep -q '^STORM ' <<<"$lines"; then
	echo "bench: could not measure; see $log"
	exit 1
fi
grep -a -E '^LAT (e820|vbe|pci|rtc) ' "$log" | tr -d '\r' |
	awk '{print $2 "-" $3, $4 / 1000}' >"$out/services.dat"
grep -a -E '^LAT (floor|null|getpid|irqs_off|cpu_ext) ' "$log" | tr -d '\r' |
	awk '{print $2, $3}' >"$out/calls.dat"

cpu=$(grep -a -m1 -o 'smpboot: CPU0: .*' "$log" | sed 's/smpboot: CPU0: //' || true)
tsc=$(awk '$1 == "TSC" {print $2}' <<<"$lines")
# stat SERIES FIELD, from "STAT series n median p99 min max p1 p25 p75"
stat() {
	awk -v s="$1" -v f="$2" 'BEGIN {
		split("n median p99 min max p1 p25 p75", names)
		for (i in names) col[names[i]] = i + 2
	} $1 == "STAT" && $2 == s {print $col[f]}' <<<"$lines"
}
us() { awk -v c="$1" -v t="$tsc" 'BEGIN {printf "%.2f", c / t}'; }
row() {
	local s=$1 what=$2
	printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$what" "$(stat "$s" median)" \
		"$(stat "$s" p99)" "$(stat "$s" p25)-$(stat "$s" p75)" "$(stat "$s" max)" \
		"$(us "$(stat "$s" median)")" "$(stat "$s" n)"
}

floor_med=$(stat floor median)
null_med=$(stat null median)
over=$((null_med - floor_med))
over_lo=$(($(stat null p25) - $(stat floor p75)))
over_hi=$(($(stat null p75) - $(stat floor p25)))
read -r _ ncpus rounds frac frac_lo frac_hi storm_rate <<<"$(grep '^STORM ' <<<"$lines")"

{
	echo "# make bench ($accel, $cpu, TSC $tsc MHz, one boot, 4 vCPUs)"
	echo
	echo "## The cost of a call, in TSC cycles"
	echo
	echo "$calls samples each after one warm-up (PRESERVE_DEVICE: $(stat device n))."
	echo
	echo "| what | median | p99 | p25-p75 | max | median us | n |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
	row floor "bare mode switch (the floor: paging and long mode off and on, same page, no call)"
	row null "null call: kexec_call() of a callee that only returns"
	row getpid "getpid() system call"
	row irqs_off "interrupts-off window of each null call"
	row cpu_ext "null call, KEXEC_CALL_PRESERVE_CPU_EXT"
	row device "null call, KEXEC_CALL_PRESERVE_DEVICE"
	echo
	echo "Null call over the floor: $over cycles ($(us "$over") us) at the medians;"
	echo "spread (null p25 - floor p75 to null p75 - floor p25): $over_lo to $over_hi cycles."
	echo "Null call / getpid(): $(awk -v a="$null_med" -v b="$(stat getpid median)" 'BEGIN {printf "%.0f", a / b}')x;"
	echo "PRESERVE_DEVICE / light call: $(awk -v a="$(stat device median)" -v b="$null_med" 'BEGIN {printf "%.0f", a / b}')x."
	echo
	echo "Other CPUs during a storm of null calls on CPU 0 ($ncpus vCPUs, $rounds rounds"
	echo "of 1 s, a compute loop on each other CPU): they keep $frac of their"
	echo "throughput (rounds: $frac_lo to $frac_hi); $storm_rate calls/s in the storm."
	echo
	echo "## Cost per argument (median cycles of a null call, $calls samples each)"
	echo
	printf '| arguments |'; awk '$1 == "ARGC" {printf " %s |", $2}' <<<"$lines"; echo
	printf '| --- |'; awk '$1 == "ARGC" {printf " ---: |"}' <<<"$lines"; echo
	printf '| cycles |'; awk '$1 == "ARGC" {printf " %s |", $3}' <<<"$lines"; echo
	echo
	echo "## BIOS services: fwcall against libx86emu and libx86 (us per use, $reps uses each)"
	echo
	echo "| service | fwcall median | fwcall p99 | fwcall /s | x86emu median | x86emu /s | libx86 median | libx86 /s | fwcall/x86emu | fwcall/libx86 |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
	while read -r _ name nm np nps em _ eps ratio; do
		read -r _ _ lm _ lps <<<"$(grep "^LRMI $name " <<<"$lines")"
		awk -v n="$name" -v nm="$nm" -v np="$np" -v nps="$nps" -v em="$em" -v eps="$eps" \
			-v lm="$lm" -v lps="$lps" -v r="$ratio" 'BEGIN {
			printf "| %s | %.1f | %.1f | %s | %.1f | %s | %.1f | %s | %sx | %.2fx |\n",
				n, nm / 1000, np / 1000, nps, em / 1000, eps, lm / 1000, lps, r, nps / lps }'
	done < <(grep '^ROW ' <<<"$lines")
	echo
	echo "e820: the full map (one call per entry); vbe: 4F00h into a 512-byte buffer;"
	echo "pci: B10Ah, one register; rtc: int 1Ah AH=02h.  Speed ratios > 1: fwcall faster."
	echo
	echo "## Bounce buffer (int 12h through /dev/fwcall with FWCALL_INT_BUF, us, $reps each)"
	echo
	echo "| bytes | median | p99 |"
	echo "| ---: | ---: | ---: |"
	awk '$1 == "BUF" {printf "| %s | %.1f | %.1f |\n", $2, $3 / 1000, $4 / 1000}' <<<"$lines"
} >"$out/report.md"
cat "$out/report.md"

if ! command -v gnuplot >/dev/null; then
	echo "bench: gnuplot missing, no plots; $out/report.md"
	exit 0
fi
gnuplot <<GP
set terminal pngcairo size 1000,600 noenhanced
set logscale x
set ylabel "fraction of samples"
set key outside right
set grid

set output "$out/calls.png"
set title "kexec_call: latency distributions ($accel, $calls samples each)"
set xlabel "TSC cycles"
series = "floor null irqs_off cpu_ext getpid"
plot for [s in series] sprintf("< awk '\$1 == \"%s\" {print \$2}' '$out/calls.dat' | sort -g", s) \
	using 1:(\$0 / $calls.0) with lines title s

set output "$out/services.png"
set title "BIOS service latency: fwcall vs libx86emu and libx86 ($accel, $reps uses each)"
set xlabel "microseconds per use of the service"
series = "e820-fwcall e820-x86emu e820-lrmi vbe-fwcall vbe-x86emu vbe-lrmi pci-fwcall pci-x86emu pci-lrmi rtc-fwcall rtc-x86emu rtc-lrmi"
plot for [s in series] sprintf("< grep '^%s ' '$out/services.dat' | cut -d' ' -f2 | sort -g", s) \
	using 1:(\$0 / $reps.0) with lines title s
GP
echo "bench: $out/report.md, $out/calls.png, $out/services.png"
