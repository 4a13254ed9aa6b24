#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Kexec jump snapshots and hibernation, end to end (tools/initramfs/kjump.sh,
# tools/kexec_jump): kernel A, 1 GiB, two virtio disks.
#   boot 1  A takes a snapshot (B saves A to the second disk with
#           makedumpfile -d 31 and jumps back), then hibernates (B saves A
#           to the first disk and powers off: QEMU exits)
#   boot 2, 3, 4  a fresh boot of the same kernel (C) resumes A from the
#           first disk with kjump-resume (kexec_load() in stages); A checks
#           itself and hibernates again (boot 4: A powers off)
#   boot 5  C refuses a copy of the third image with one byte flipped in
#           a page and a truncated copy, and runs on
#   boot 6  the debug kernel (another build, if built) refuses the image
# The host then checks the snapshot's tokens in the raw disk
# (kjump-dumpcheck) and that A's counter, one line every 100 ms, ran on
# from one boot's last line to the next boot's first; and kjump-resume
# refuses crafted images (tools/kexec_jump/kjump_images_test.py).
#
# Arguments: the accelerator (kvm|tcg) and a directory for the logs and
# disks.  Prints "kjump: N passed, N failed" last; exit 0 when all passed.
set -uo pipefail

: "${TOP:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${BUILD:=$TOP/build}"
: "${KOUT:=$BUILD/out/x86_64}"
: "${KOUT_OTHER:=$BUILD/out/x86_64-debug}"
accel=$1
dir=$2
mkdir -p "$dir"

passed=0
failed=0
n=0
ok() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n $2"
		passed=$((passed + 1))
	else
		echo "not ok $n $2"
		failed=$((failed + 1))
	fi
}

# Count the KTAP results on standard input ($2 names them) against the $1
# checks they should report: one that never reported counts as failed,
# and so do results beyond the plan.
tally() {
	local text p f extra

	text=$(cat)
	p=$(grep -a -c -E "^ok [0-9]+ " <<<"$text")
	f=$(grep -a -c -E "^not ok [0-9]+ " <<<"$text")
	extra=$((p + f - $1))
	if [ "$extra" -lt 0 ]; then
		echo "# kjump: $((-extra)) of $2's checks did not report"
		f=$((f - extra))
	elif [ "$extra" -gt 0 ]; then
		echo "# kjump: $extra more results than $2's $1 checks"
		f=$((f + 1))
	fi
	passed=$((passed + p))
	failed=$((failed + f))
}

# The initramfs of kernel A and C: the plain one, plus kernel B's kernel
# and initramfs under /boot
ARCH=x86_64 "$TOP/scripts/make-initramfs.sh" "$BUILD/initramfs-x86_64.cpio.gz" || exit 1
initrd=$BUILD/initramfs-x86_64-kjump.cpio.gz
INITRAMFS_EXTRA="$KOUT/arch/x86/boot/bzImage:/boot/bzImage $BUILD/initramfs-x86_64.cpio.gz:/boot/initrd.cpio.gz" \
	ARCH=x86_64 "$TOP/scripts/make-initramfs.sh" "$initrd" || exit 1
make -s -C "$TOP/tools/kexec_jump" O="$dir" UAPI="$TOP/include/uapi" all || exit 1

hib=$dir/hibernate.img
snap=$dir/snapshot.img
rm -f "$hib" "$snap"
truncate -s 1G "$hib"
truncate -s 256M "$snap"

# One boot: the role, its log, the kernel, then disks (vda, vdb, ...) and
# "--" and QEMU options.  A resuming kernel starts one CPU (maxcpus=1):
# an offline CPU would wait in code the image replaces.
boot() {
	local role=$1 log=$2 kernel=$3 start=$SECONDS drives=() cpus=

	shift 3
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		drives+=(-drive "file=$1,if=virtio,format=raw")
		shift
	done
	[ $# -gt 0 ] && shift
	[ "$role" = kjump ] || cpus=maxcpus=1
	timeout "${KJUMP_TIMEOUT:-600}" qemu-system-x86_64 -accel "$accel" \
		-m 1G -smp 2 "$@" -bios /usr/share/seabios/bios-256k.bin \
		-kernel "$kernel" -initrd "$initrd" \
		-append "console=ttyS0 rdinit=/init panic=-1 kunit.enable=0 nokaslr memmap=128K\$0x70000 memmap=4M\$0x4000000 kexec_call.test=$role $cpus ${KJUMP_APPEND:-}" \
		"${drives[@]}" -nographic -serial stdio -monitor none -no-reboot >"$log" 2>&1
	echo "# boot $role: qemu exit $?, $((SECONDS - start)) s, log $log"
}

# Boots 1-4: the snapshot and three hibernate/resume cycles
# The image of the third cycle is kept for the refusals: a resume clears
# the header of the image it loads
rm -f "$dir"/boot[1-6].log "$dir/cycle3.img"
boot kjump "$dir/boot1.log" "$KOUT/arch/x86/boot/bzImage" "$hib" "$snap"
for b in 2 3 4; do
	grep -a -q "hibernation image saved (exit 0)" "$dir/boot$((b - 1)).log" || break
	[ $b -eq 4 ] && cp --sparse=always "$hib" "$dir/cycle3.img"
	boot kjump_resume "$dir/boot$b.log" "$KOUT/arch/x86/boot/bzImage" "$hib" "$snap"
done
[ -f "$dir/cycle3.img" ] || cp --sparse=always "$hib" "$dir/cycle3.img"

# A's checks, reported across the four boots
logs=("$dir"/boot[1-4].log)
grep -a -h -E "^(not )?ok [0-9]+ |^# (B|C|kjump)|^kjump-(save|resume)|refused|BUG:|WARNING:|Kernel panic" "${logs[@]}" |
	grep -a -v "^# kjump-corehdr"
plan=$(grep -a -m1 -h -o -E "^1\.\.[0-9]+" "$dir/boot1.log" | cut -d. -f3)
tally "${plan:-25}" "kernel A" < <(cat "${logs[@]}")

# The snapshot on the host: the token at every page A filled with it
token=$(sed -n 's/^# kjump: token \([0-9a-f]*\).*/\1/p' "$dir/boot1.log" | head -n 1 | tr -d '\r')
pages=$(sed -n 's/^# kjump: token pages [a-z ]*B.s memory:\(.*\)/\1/p; s/^# kjump: token pages outside:\(.*\)/\1/p' \
	"$dir/boot1.log" | tr -d '\r' | tr '\n' ' ')
echo "# host: kjump-dumpcheck $snap $token $pages"
out=$("$dir/kjump-dumpcheck" "$snap" "${token:-none}" ${pages:-0})
echo "$out" | grep -E "^(not )?ok " | sed 's/^/# dumpcheck: /'
tally 20 "kjump-dumpcheck" <<<"$out"

# The counter: each boot's first tick follows the previous boot's last
cat "${logs[@]}" | tr -d '\r' | sed -n 's/^tick \([0-9]*\)$/\1/p' >"$dir/ticks"
for b in 2 3 4; do
	last=$(tr -d '\r' <"$dir/boot$((b - 1)).log" | sed -n 's/^tick \([0-9]*\)$/\1/p' | tail -n 1)
	first=$(tr -d '\r' <"$dir/boot$b.log" 2>/dev/null | sed -n 's/^tick \([0-9]*\)$/\1/p' | head -n 1)
	[ -n "$first" ] && [ "$first" -eq $((${last:-0} + 1)) ]
	ok $? "counter_continues_in_boot_$b # last line of boot $((b - 1)): tick ${last:-none}, first of boot $b: tick ${first:-none}"
done
count=$(wc -l <"$dir/ticks")
awk 'NR != $1 { exit 1 }' "$dir/ticks" && [ "$count" -gt 0 ]
ok $? "counter_never_restarted # ticks 1..$count in order over four boots"

# No kernel in any of the four boots (A, B and C) complained
found=$(grep -a -h -E "BUG: |WARNING: |Call Trace:|Kernel panic|general protection" "${logs[@]}" | head -n 3)
[ -z "$found" ]
ok $? "kernel_logs_clean # ${found:-no BUG, WARNING or call trace in boots 1-4}"

# Damaged images, from the third cycle's: a byte flipped in a page of
# the dump (past its 1 MiB of header), the image cut short (the image the
# last resume loaded, its header cleared, kernel A tried itself)
img=$dir/cycle3.img
read -r off addr < <("$dir/kjump-dumpcheck" --middle-page "$img")
[ "${off:-0}" -ge $((1 << 20)) ] || { echo "# host: no page to damage in $img"; off=0; }
cp --sparse=always "$img" "$dir/flipped.img"
byte=$(od -An -tu1 -j $((off + 100)) -N1 "$img" | tr -d ' ')
printf "\\$(printf %03o $((${byte:-0} ^ 0x40)))" |
	dd of="$dir/flipped.img" bs=1 seek=$((off + 100)) conv=notrunc 2>/dev/null
echo "# host: flipped.img: byte $((off + 100)) (page 0x${addr#0x} + 100) ${byte:-?} -> $((${byte:-0} ^ 0x40))"
elf_size=$(od -An -tu8 -j16 -N8 "$img" | tr -d ' ')
cp --sparse=always "$img" "$dir/truncated.img"
truncate -s $(((1 << 20) + (${elf_size:-0} / 2 & ~4095))) "$dir/truncated.img"
# (Two disks, as A had: SeaBIOS takes memory at the top for each, and
# the resume refuses a machine where A's pages are not all RAM.)
KJUMP_APPEND="kjump.vda=corrupted kjump.vdb=truncated" \
	boot kjump_refuse "$dir/boot5.log" "$KOUT/arch/x86/boot/bzImage" \
	"$dir/flipped.img" "$dir/truncated.img"
refuse_logs=("$dir/boot5.log")
want=5
# Another build: the debug kernel, same sources and another configuration.
# QEMU's default CPU model: with "-cpu max" (MWAIT) the debug kernel's
# wait for a virtio read never ended, twice in four runs on a loaded host.
if [ -f "$KOUT_OTHER/arch/x86/boot/bzImage" ]; then
	KJUMP_APPEND="kjump.vda=build" \
		boot kjump_refuse "$dir/boot6.log" "$KOUT_OTHER/arch/x86/boot/bzImage" \
		"$img" "$snap"
	refuse_logs+=("$dir/boot6.log")
	want=8
else
	echo "# kjump: no other kernel build at $KOUT_OTHER: the build refusal is not tested"
fi
grep -a -h -E "^(not )?ok [0-9]+ |^# kjump-resume|refused" "${refuse_logs[@]}"
tally "$want" "the refusal boots" < <(cat "${refuse_logs[@]}")

# Crafted images on the host: each bad field refused, nothing crashes
out=$(python3 "$TOP/tools/kexec_jump/kjump_images_test.py" "$dir/kjump-resume" "$dir/crafted")
echo "$out" | grep -E "^(not )?ok " | sed 's/^/# crafted: /'
plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' <<<"$out")
tally "${plan:-1}" "the crafted images" <<<"$out"

echo "kjump: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
