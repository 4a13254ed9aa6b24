#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: measure, do not test.  Boots the x86_64 kernel in QEMU with
# SeaBIOS several times, each boot for one part:
#  - costs (twice): tools/kexec_call/kexec_call_bench (BENCH_CALLS samples,
#    default 1000: the null call against the bare mode switch and getpid(),
#    its interrupts-off window, the preserve flags, the cost per argument)
#    and tools/fwcall/fwcall_bench and fwcall_bench_lrmi (BENCH_REPS uses of
#    each BIOS service, default 200, against libx86emu and libx86, and the
#    bounce buffer).  Where KVM is not usable, under TCG with
#    -icount shift=0,sleep=off and the RTC on the virtual clock: the guest's
#    TSC and clocks then advance one tick (1 ns) per guest instruction, so
#    every figure is an exact count of instructions, the same from run to
#    run; the two boots are compared.
#  - tcg: the same cost series under plain TCG, in emulator time, for the
#    second column (skipped under KVM, where the costs boot is that).
#  - storm, with 4 and with 2 vCPUs (icount is single-threaded: plain TCG or
#    KVM): the other CPUs' throughput while CPU 0 makes null calls back to
#    back, and while it runs their control (the same interrupts-off pattern
#    and busyness without calls).
#  - device, with 0, 8 and 16 extra PCI devices (pci-testdev): the
#    KEXEC_CALL_PRESERVE_DEVICE call against the number of devices.
#  - census: one bare switch and one null call stepped through an
#    instruction at a time with gdb (scripts/bench-census.py): the
#    privileged and serializing instructions on each path.
#  - staged: kexec_load() in stages, 2^12 to 2^17 pages, per page, with
#    the kernel's lookup and the linear one (tools/kexec_call/
#    kexec_staged_bench), with 2 GiB of RAM.
# Writes build/bench/report.md (Markdown tables, also printed),
# build/bench/calls.png and build/bench/services.png (latency distributions,
# gnuplot), build/bench/staged.png (cost per page) and their .dat files.  Fails only when it cannot measure.
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
reps=${BENCH_REPS:-200}
calls=${BENCH_CALLS:-1000}
if [ "$accel" = kvm ]; then
	cost_accel=(-accel kvm)
	unit="TSC cycles"
else
	# The RTC on the virtual clock from a fixed date too: on the host's
	# clock its interrupts land at a different instruction each boot
	cost_accel=(-accel tcg -icount shift=0,sleep=off
		    -rtc base=2026-01-01T00:00:00,clock=vm)
	unit=instructions
fi

# boot NAME SMP MODE CALLS REPS ACCEL-ARGS... [-- QEMU-ARGS...]: one boot,
# its log in $out/NAME.log
boot() {
	local name=$1 smp=$2 mode=$3 n=$4 r=$5 args=() extra=()
	shift 5
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		args+=("$1")
		shift
	done
	[ $# -gt 0 ] && shift && extra=("$@")
	echo "bench: $name: ${args[*]}, $smp vCPUs${extra:+, ${#extra[@]} more QEMU arguments}"
	timeout "${BENCH_TIMEOUT:-1800}" qemu-system-x86_64 "${args[@]}" -m "${BOOT_MEM:-512M}" -smp "$smp" \
		-bios /usr/share/seabios/bios-256k.bin \
		-kernel "$kernel" -initrd "$initramfs" \
		-append "console=ttyS0 rdinit=/init panic=-1 kunit.enable=0 nokaslr iomem=relaxed kexec_call.bench=$mode kexec_call.bench_calls=$n kexec_call.bench_reps=$r" \
		-nographic -machine graphics=on -serial stdio -monitor none -no-reboot "${extra[@]}" \
		>"$out/$name.log" 2>&1 || true
	if grep -aq BENCH-FAILED "$out/$name.log" || ! grep -aq "=== end of bench" "$out/$name.log"; then
		echo "bench: could not measure ($name); see $out/$name.log"
		exit 1
	fi
}

# lines NAME: the figures of boot NAME
lines() {
	grep -a -E '^(TSC|STAT|ARGC|STORM|CONTROL|ROW|LRMI|BUF|DEVICES|VBEDRM|STAGED) ' "$out/$1.log" | tr -d '\r'
}

boot costs 4 costs "$calls" "$reps" "${cost_accel[@]}"
if [ "$accel" != kvm ]; then
	boot costs2 4 costs "$calls" "$reps" "${cost_accel[@]}"
	boot tcg 4 costs "$calls" "$reps" -accel tcg
fi
boot storm4 4 storm 1000 1 -accel "$accel"
boot storm2 2 storm 1000 1 -accel "$accel"
for n in 0 8 16; do
	devs=()
	for ((i = 0; i < n; i++)); do
		devs+=(-device pci-testdev)
	done
	boot "device$n" 4 device 5 1 "${cost_accel[@]}" -- "${devs[@]}"
done
# kexec_load() in stages, 2^12 to 2^17 pages: 2 GiB of RAM, since an image
# may take half of it; the linear lookup up to 2^BENCH_STAGED_LINEAR pages
BOOT_MEM=2G boot staged 1 staged "${BENCH_STAGED_LINEAR:-16}" 1 "${cost_accel[@]}"

# The census: one boot stopped and stepped through with gdb
census=$out/census.txt
port=$((20000 + RANDOM % 20000))
rm -f "$census"
qemu-system-x86_64 "${cost_accel[@]}" -m 512M -smp 4 -bios /usr/share/seabios/bios-256k.bin \
	-kernel "$kernel" -initrd "$initramfs" \
	-append "console=ttyS0 rdinit=/init panic=-1 kunit.enable=0 nokaslr iomem=relaxed kexec_call.bench=costs kexec_call.bench_calls=5 kexec_call.bench_reps=1" \
	-nographic -machine graphics=on -serial file:"$out/census.log" -monitor none -no-reboot \
	-gdb tcp:127.0.0.1:$port >/dev/null 2>&1 &
qemu=$!
sleep 1
echo "bench: census: gdb on QEMU's stub, $unit stepped one at a time"
CENSUS_PORT=$port CENSUS_OUT=$census timeout 900 gdb -q -batch \
	-x "$TOP/scripts/bench-census.py" "$KOUT/vmlinux" >"$out/census-gdb.log" 2>&1 || true
kill "$qemu" 2>/dev/null || true
wait "$qemu" 2>/dev/null || true
if ! grep -q '^CENSUS null total' "$census" 2>/dev/null; then
	echo "bench: could not take the census; see $out/census-gdb.log"
	exit 1
fi

L=$(lines costs)
stat() { # stat FIELD SERIES [LINES]
	awk -v s="$2" -v f="$1" 'BEGIN {
		split("n median p99 min max p1 p25 p75", names)
		for (i in names) col[names[i]] = i + 2
	} $1 == "STAT" && $2 == s {print $col[f]}' <<<"${3:-$L}"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }

# Exact means exact: the two icount boots must agree on every median
same=yes
if [ "$accel" != kvm ]; then
	# "what | figures" per line: series median p25 p75, or medians
	keys() {
		awk '$1 == "STAT" {print $2 " (n median p99 min max p1 p25 p75) | " $3, $4, $5, $6, $7, $8, $9, $10}
		     $1 == "ARGC" {print "null call, " $2 " arguments | " $3}
		     $1 == "BUF" {print "bounce buffer, " $2 " bytes | " $3}
		     $1 == "ROW" {print $2 ", fwcall and libx86emu | " $3, $6}
		     $1 == "LRMI" {print $2 ", libx86 | " $3}'
	}
	paste -d'|' <(keys <<<"$L") <(keys <<<"$(lines costs2)") |
		awk -F'|' '$2 != $4 {printf "| %s |%s |%s |\n", $1, $2, $4}' >"$out/costs.diff"
	[ -s "$out/costs.diff" ] && same=no
fi

grep -a -E '^LAT (e820|vbe|pci|rtc) ' "$out/costs.log" | tr -d '\r' |
	awk '{print $2 "-" $3, $4}' >"$out/services.dat"
grep -a -E '^LAT (floor|null|getpid|irqs_off|cpu_ext) ' "$out/costs.log" | tr -d '\r' |
	awk '{print $2, $3}' >"$out/calls.dat"
cpu=$(grep -a -m1 -o 'smpboot: CPU0: .*' "$out/costs.log" | sed 's/smpboot: CPU0: //' || true)
entries=$(grep -a -c 'BIOS-e820: \[mem' "$out/costs.log" || true)
floor=$(stat median floor)
null=$(stat median null)
T=
[ "$accel" != kvm ] && T=$(lines tcg)
tcg() { [ -n "$T" ] && stat median "$1" "$T" || echo -; }

# least-squares slope of "x y" lines
slope() {
	awk '{n++; sx += $1; sy += $2; sxx += $1 * $1; sxy += $1 * $2}
	     END {printf "%.2f", (n * sxy - sx * sy) / (n * sxx - sx * sx)}'
}

{
	if [ "$accel" = kvm ]; then
		echo "# make bench (KVM, $cpu)"
		echo
		echo "Costs in TSC cycles, $calls samples each after one warm-up."
	else
		echo "# make bench (TCG with -icount shift=0,sleep=off, $cpu)"
		echo
		echo "Costs in guest instructions: under -icount the TSC counts one tick per"
		echo "instruction executed (the kernel reports TSC $(awk '$1 == "TSC" {print $2}' <<<"$L") MHz), so a figure is an exact"
		echo "count, not a time.  Two boots, $calls samples per series each after one"
		if [ "$same" = yes ]; then
		echo "warm-up: every figure (each series' median, percentiles, minimum and"
		echo "maximum, each service's median) identical in both."
	else
		echo "warm-up.  Identical in both except:"
		echo
		echo "| what | first boot | second boot |"
		echo "| --- | ---: | ---: |"
		cat "$out/costs.diff"
		echo
		echo "Something in the guest still ran on host time: an event landed at"
		echo "another instruction."
	fi
		echo "The last column is the same median under plain TCG, in TSC cycles of"
		echo "emulator time (noisy, and no guide to hardware)."
	fi
	echo
	echo "## The cost of a call"
	echo
	echo "| what | median | p25-p75 | p99 | max | TCG time |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: |"
	row() {
		printf '| %s | %s | %s-%s | %s | %s | %s |\n' "$2" "$(stat median "$1")" \
			"$(stat p25 "$1")" "$(stat p75 "$1")" "$(stat p99 "$1")" "$(stat max "$1")" "$(tcg "$1")"
	}
	row floor "bare mode switch (the floor: paging and long mode off and on, no call)"
	row null "null call: kexec_call() of a callee that only returns"
	row irqs_off "interrupts-off window of a null call"
	row cpu_ext "null call, KEXEC_CALL_PRESERVE_CPU_EXT"
	row getpid "getpid() system call"
	row device "null call, KEXEC_CALL_PRESERVE_DEVICE ($(stat n device) calls)"
	echo
	echo "Null call / floor: $(ratio "$null" "$floor")x ($((null - floor)) outside the switch);"
	echo "interrupts-off window - floor: $(($(stat median irqs_off) - floor));"
	echo "null call / getpid(): $(ratio "$null" "$(stat median getpid)")x."
	echo
	echo "## Growth"
	echo
	echo "| what | per unit | from |"
	echo "| --- | ---: | --- |"
	echo "| argument | $(awk '$1 == "ARGC" {print $2, $3}' <<<"$L" | slope) | null calls with 0 to 16 arguments (least squares) |"
	echo "| byte of bounce buffer | $(awk '$1 == "BUF" {print $2, $3}' <<<"$L" | slope) | int 12h through /dev/fwcall with 0 to 16384 bytes |"
	echo "| E820 entry | $(awk -v e="$entries" '$1 == "ROW" && $2 == "e820" {printf "%.0f", $3 / e}' <<<"$L") | the full map, one call per entry, $entries entries |"
	d0=$(stat median device "$(lines device0)")
	d16=$(stat median device "$(lines device16)")
	n0=$(awk '$1 == "DEVICES" {print $2}' <<<"$(lines device0)")
	n16=$(awk '$1 == "DEVICES" {print $2}' <<<"$(lines device16)")
	echo "| device, KEXEC_CALL_PRESERVE_DEVICE | $(awk -v a="$d0" -v b="$d16" -v m="$n0" -v n="$n16" 'BEGIN {printf "%.0f", (b - a) / (n - m)}') | median calls with $n0 to $n16 devices (table below) |"
	echo
	printf '| arguments |'; awk '$1 == "ARGC" {printf " %s |", $2}' <<<"$L"; echo
	printf '| --- |'; awk '$1 == "ARGC" {printf " ---: |"}' <<<"$L"; echo
	printf '| null call |'; awk '$1 == "ARGC" {printf " %s |", $3}' <<<"$L"; echo
	echo
	echo "| bounce buffer bytes | median | p99 |"
	echo "| ---: | ---: | ---: |"
	awk '$1 == "BUF" {printf "| %s | %s | %s |\n", $2, $3, $4}' <<<"$L"
	echo
	echo "| devices (/sys/devices) | extra pci-testdev | PRESERVE_DEVICE call, median |"
	echo "| ---: | ---: | ---: |"
	for n in 0 8 16; do
		D=$(lines "device$n")
		echo "| $(awk '$1 == "DEVICES" {print $2}' <<<"$D") | $n | $(stat median device "$D") |"
	done
	echo
	echo "## BIOS services from user space: fwcall against libx86emu and libx86"
	echo
	echo "Per use, $reps uses each, median ($unit; the clocks count them too)."
	echo
	echo "| service | fwcall | libx86emu | libx86 | libx86emu / fwcall | libx86 / fwcall |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: |"
	while read -r _ name nm _ _ em _; do
		lm=$(awk -v s="$name" '$1 == "LRMI" && $2 == s {print $3}' <<<"$L")
		echo "| $name | $nm | $em | $lm | $(ratio "$em" "$nm")x | $(ratio "$lm" "$nm")x |"
	done < <(awk '$1 == "ROW"' <<<"$L")
	echo
	echo "e820: the full map; vbe: 4F00h into a 512-byte buffer; pci: B10Ah, one"
	echo "register; rtc: int 1Ah AH=02h."
	echo
	echo "## vbedrm: a VBE mode set through DRM"
	echo
	echo "DRM_IOCTL_MODE_SETCRTC from user space (tools/vbedrm/vbedrm_test.c), $(stat n vbe_set_800)"
	echo "of each.  A mode set is the BIOS's 4F02h, made through fwcall in the"
	echo "atomic commit, and the copy of the whole frame from the shadow buffer"
	echo "into the frame buffer; a new frame in the same mode is the copy alone."
	echo
	echo "| what | median | p25-p75 | p99 | max | TCG time |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: |"
	row vbe_set_800 "mode set, 1024x768 to 800x600"
	row vbe_set_1024 "mode set, 800x600 to 1024x768"
	row vbe_frame_800 "new frame, 800x600 (no mode set)"
	row vbe_frame_1024 "new frame, 1024x768 (no mode set)"
	echo
	echo "The mode set's own part (mode set - new frame, medians): to 800x600"
	echo "$(($(stat median vbe_set_800) - $(stat median vbe_frame_800))), to 1024x768 $(($(stat median vbe_set_1024) - $(stat median vbe_frame_1024)));"
	echo "BIOS mode sets counted by the driver: $(awk '$1 == "VBEDRM" {print $5 " of " $7}' <<<"$L")."
	echo
	echo "## Other CPUs during a storm of null calls, against a control"
	echo
	echo "CPU 0 makes null calls back to back (storm), or runs the control: the"
	echo "same pattern without calls, interrupts off for a null call's window and"
	echo "on for the rest of it, busy throughout.  A compute loop runs on every"
	echo "other CPU; the fraction of its throughput with CPU 0 idle that it keeps"
	echo "(median of 3 rounds of 1 s, range).  $accel, multi-threaded."
	echo
	echo "| vCPUs | storm | control | storm - control | calls/s |"
	echo "| ---: | ---: | ---: | ---: | ---: |"
	for n in 4 2; do
		S=$(lines "storm$n")
		read -r _ ncpu _ f flo fhi rate <<<"$(grep '^STORM ' <<<"$S")"
		read -r _ _ _ c clo chi _ <<<"$(grep '^CONTROL ' <<<"$S")"
		echo "| $ncpu | $f ($flo-$fhi) | $c ($clo-$chi) | $(awk -v a="$f" -v b="$c" 'BEGIN {printf "%+.3f", a - b}') | $rate |"
	done
	echo
	echo "## kexec_load() in stages"
	echo
	echo "One image of 2^12 to 2^17 pages in segments of 4 pages (pages/4"
	echo "segments, 16 a call), loaded in stages and unloaded, in $unit per page"
	echo "for the whole load (all its calls, the final stage's entry list, control"
	echo "pages and page tables): the kernel's xarray lookup against the linear"
	echo "lookup of CONFIG_KEXEC_STAGED_LOAD_BENCH, in one boot."
	echo
	echo "| pages | segments | calls | xarray | linear | linear / xarray |"
	echo "| ---: | ---: | ---: | ---: | ---: | ---: |"
	lines staged | awk '$1 == "STAGED" {seg[$3] = $4; calls[$3] = $5; v[$2, $3] = $7; if (!($3 in seen)) {seen[$3] = 1; order[++n] = $3}}
		END {
			for (i = 1; i <= n; i++) {
				p = order[i]; l = v["linear", p]
				printf "| %d | %d | %d | %d | %s | %s |\n", p, seg[p], calls[p], v["xarray", p],
					l == "" ? "not run" : l, l == "" ? "-" : sprintf("%.1f", l / v["xarray", p])
			}
		}'
	lines staged | awk '$1 == "STAGED" {print $2, $3, $7}' >"$out/staged.dat"
	echo
	echo "## Census of privileged and serializing instructions"
	echo
	echo "One bare switch (machine_kexec_call_floor(), timing included) and one"
	echo "null call (the bench's kexec_call() of a RET) stepped through with gdb,"
	echo "every instruction decoded.  Serializing: on hardware, as the SDM lists"
	echo "them (MOV to CR8 is not; far transfers are not, but each reloads CS)."
	echo
	echo "| class | serializing | floor | null call | call adds |"
	echo "| --- | --- | ---: | ---: | ---: |"
	awk '$1 == "CENSUS" && $3 != "total" {
		k = $3; for (i = 4; i < NF; i++) k = k " " $i
		split(k, p, "|"); c[p[1]] = p[2]; v[$2, p[1]] = $NF; if (!(p[1] in seen)) {seen[p[1]] = 1; order[++n] = p[1]}
	} $1 == "CENSUS" && $3 == "total" {t[$2] = $4}
	END {
		for (i = 1; i <= n; i++) {
			k = order[i]
			if (v["floor", k] + v["null", k] == 0) continue
			printf "| %s | %s | %d | %d | %+d |\n", k, c[k], v["floor", k], v["null", k], v["null", k] - v["floor", k]
		}
		printf "| all instructions | | %d | %d | %+d |\n", t["floor"], t["null"], t["null"] - t["floor"]
	}' "$census"
	echo
	echo "Where the null call's instructions go (by function; the floor's switch is"
	echo "kexec_call_switch and the trampoline):"
	echo
	echo "| where | instructions |"
	echo "| --- | ---: |"
	awk '$1 == "INSN" && $2 == "null" {n[$3]++} END {for (k in n) print n[k], k}' "$census" |
		sort -rn | awk '{printf "| %s | %s |\n", $2, $1}'
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
set title "kexec_call: cost distributions ($unit, $calls samples each)"
set xlabel "$unit"
series = "floor null irqs_off cpu_ext getpid"
plot for [s in series] sprintf("< awk '\$1 == \"%s\" {print \$2}' '$out/calls.dat' | sort -g", s) \
	using 1:(\$0 / $calls.0) with lines title s

set output "$out/services.png"
set title "BIOS services from user space: fwcall vs libx86emu and libx86 ($unit, $reps uses each)"
set xlabel "$unit per use of the service"
series = "e820-fwcall e820-x86emu e820-lrmi vbe-fwcall vbe-x86emu vbe-lrmi pci-fwcall pci-x86emu pci-lrmi rtc-fwcall rtc-x86emu rtc-lrmi"
plot for [s in series] sprintf("< grep '^%s ' '$out/services.dat' | cut -d' ' -f2 | sort -g", s) \
	using 1:(\$0 / $reps.0) with lines title s

set output "$out/staged.png"
set logscale xy 2
set title "kexec_load() in stages: cost per page ($unit)"
set xlabel "pages in the image (segments of 4 pages)"
set ylabel "$unit per page"
plot for [s in "xarray linear"] sprintf("< awk '\$1 == \"%s\" {print \$2, \$3}' '$out/staged.dat'", s) \
	using 1:2 with linespoints title s
GP
echo "bench: $out/report.md, $out/calls.png, $out/services.png, $out/staged.png"
