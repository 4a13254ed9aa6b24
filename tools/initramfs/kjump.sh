#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make test: kexec jump snapshots and hibernation (scripts/test-kjump.sh
# boots QEMU with two virtio disks, vda for the hibernation image and vdb
# for the snapshot, and names the role with kexec_call.test=):
#   kjump          kernel A: a snapshot (A -> B saves A -> A), then three
#                  hibernations (A -> B saves A and powers off; a fresh boot
#                  resumes A), with KTAP checks after each return
#   kjump_b        kernel B, loaded by A: saves A with makedumpfile and
#                  kjump-save, then jumps back (kjump.mode=snapshot) or
#                  powers off (kjump.mode=hibernate)
#   kjump_resume   kernel C, a fresh boot: kjump-resume loads A's image from
#                  vda and jumps back into A
#   kjump_refuse   kernel C with damaged images: kjump-resume must refuse
#                  each (kjump.vda=, kjump.vdb= say why) and C go on
# CMOS NVRAM byte 101 says who jumped back to A: 'S' B after a snapshot,
# 'R' C's resume.

NVRAM=/sys/bus/nvmem/devices/cmos_nvram0/nvmem
T=/sys/kernel/debug/kexec_jump_test
# Memory kernel A reserves at boot (memmap=4M$0x4000000) for the ELF core
# header that kernel B's /proc/vmcore reads, and the size of kernel B's
# memory: all of it destination pages of B's image, A's pages there
# swapped into backup pages while B runs.
COREHDR=0x4000000
COREHDR_SIZE=0x400000
B_MEM=$((128 << 20))

arg() {
	sed -n "s/.*$1=\([^ ]*\).*/\1/p" /proc/cmdline
}

marker() {
	dd if="$NVRAM" bs=1 skip=101 count=1 2>/dev/null
}

set_marker() {
	printf '%s' "$1" | dd of="$NVRAM" bs=1 seek=101 conv=notrunc 2>/dev/null
}

n=0
check() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n $2"; else echo "not ok $n $2"; fi
}

# Kernel B: save A's memory image, then jump back or power off
role_b() {
	entry=$(arg kexec_jump_back_entry)
	mode=$(arg kjump.mode)
	echo "# B: up ($mode), A's jump-back entry $entry, $(cut -d' ' -f1 /proc/uptime) s"
	if [ "$mode" = snapshot ]; then
		# Kernel pages only: no free, zero, cache or user pages
		makedumpfile --message-level 22 -F -E -d 31 /proc/vmcore 2>/tmp/md.err | kjump-save /dev/vdb
		rc=$?
		sed 's/^/# B: makedumpfile: /' /tmp/md.err | grep -v -i "^# B: makedumpfile: *$" | tail -n 5
		echo "# B: snapshot saved (exit $rc), $(cut -d' ' -f1 /proc/uptime) s"
		set_marker S
		kexec --load-jump-back-helper --entry="$entry" || echo "# B: loading the helper failed"
		kexec -x -e
		echo "# B: the jump back failed"
	else
		# Every page A uses: only free pages left out
		makedumpfile --message-level 22 -F -E -d 16 /proc/vmcore 2>/tmp/md.err | kjump-save /dev/vda "$entry"
		rc=$?
		sed 's/^/# B: makedumpfile: /' /tmp/md.err | grep -v -i "^# B: makedumpfile: *$" | tail -n 5
		if [ $rc -eq 0 ]; then
			echo "# B: hibernation image saved (exit 0), $(cut -d' ' -f1 /proc/uptime) s; powering off"
			poweroff -f
		fi
		# No image: back to A rather than lose it
		echo "# B: no hibernation image (exit $rc): jumping back to A"
		set_marker F
		kexec --load-jump-back-helper --entry="$entry" && kexec -x -e
		echo "# B: the jump back failed"
	fi
	poweroff -f
}

# Kernel C: resume A from vda
role_resume() {
	echo "=== kexec jump resume ==="
	set_marker R
	start=$(cut -d' ' -f1 /proc/uptime)
	echo "# C: up, resuming from /dev/vda at $start s"
	kjump-resume --jump /dev/vda
	echo "# C: the resume failed (exit $?)"
	echo "=== end of kexec jump resume ==="
	poweroff -f
}

# Kernel C: refuse damaged images, and go on
role_refuse() {
	echo "=== kexec jump resume refusals ==="
	# An image resumed by mistake shows in A's checks as this marker
	set_marker X
	echo "KTAP version 1"
	devs=
	for d in vda vdb; do
		[ -n "$(arg kjump.$d)" ] && devs="$devs $d"
	done
	set -- $devs
	echo "1..$(($# * 2 + 1))"
	for d in $devs; do
		why=$(arg kjump.$d)
		case $why in
		corrupted)	want="page 0x[0-9a-f]* fails its checksum: corrupted" ;;
		truncated)	want="truncated: the image needs" ;;
		build)		want="image of another kernel build" ;;
		esac
		out=$(kjump-resume --jump /dev/$d 2>&1)
		rc=$?
		echo "# $out"
		[ $rc -ne 0 ] && echo "$out" | grep -q "refused: $want"
		check $? "refused_${why}_image # /dev/$d, exit $rc"
		map=$(od -An -tx1 /sys/kernel/kexec_pgmap) && [ -z "$map" ]
		check $? "nothing_left_loaded_${why} # kexec_pgmap: ${map:-empty}"
	done
	# C started one CPU (maxcpus=1) and goes on with it
	sleep 0.2
	[ "$(cat /sys/devices/system/cpu/online)" = 0 ] && [ -n "$(cat /proc/uptime)" ]
	check $? "c_keeps_running # uptime $(cut -d' ' -f1 /proc/uptime) s, CPUs $(cat /sys/devices/system/cpu/online)"
	echo "=== end of kexec jump resume refusals ==="
	poweroff -f
}

# Kernel A: load B to save A in MODE, write B's core header, jump
load_b() {
	append="console=ttyS0 rdinit=/init panic=-1 kunit.enable=0 kexec_call.test=kjump_b kjump.mode=$1"
	append="$append memmap=exactmap memmap=128K@0x70000 memmap=$((B_MEM >> 20))M@$(printf 0x%x $lo)"
	# kexec-tools appends an elfcorehdr= of its own, for a B that would
	# use all memory from 1 MiB up: after "--" it goes to B's init instead
	append="$append maxcpus=1 nokaslr elfcorehdr=$COREHDR --"
	: >/tmp/corehdr
	kexec --load-preserve-context --mem-min="$lo" --mem-max="$hi" \
		/boot/bzImage --initrd=/boot/initrd.cpio.gz --append="$append" &&
		kjump-corehdr $COREHDR $COREHDR_SIZE >/tmp/corehdr
	rc=$?
	sed 's/^/# /' /tmp/corehdr
	moved=$(sed -n 's/.* \([0-9]*\) of A.s pages read from their backup.*/\1/p' /tmp/corehdr)
	[ $rc -eq 0 ] && [ "${moved:-0}" -gt 0 ]
	rc=$?
	check $rc "load_b_${1}_$2 # kexec --load-preserve-context, core header: ${moved:-no} pages from backups"
	# No jump without B and its header: after a resume, the image loaded
	# before is spent, and the header of an earlier jump is cleared
	[ $rc -eq 0 ] || kexec -u
	return $rc
}

# A's state after a return from B or C: the counter ran on, the tmpfs
# token, the disk, the CPUs
a_intact() {
	sleep 0.5
	t1=$(cat /tmp/tick)
	[ "$t1" -gt "$t0" ] && kill -0 "$ticker"
	check $? "counter_runs_on_$1 # tick $t0 before the jump, $t1 now"
	[ "$(cat /mnt/tmpfs/token)" = "$token" ]
	check $? "tmpfs_token_intact_$1"
	# The snapshot's header on vdb; vda's image, spent: the resume
	# cleared its header, and a second resume is refused
	echo 3 >/proc/sys/vm/drop_caches
	if [ "$1" = snapshot ]; then
		head=$(dd if=/dev/vdb bs=8 count=1 2>/dev/null)
		[ "$head" = KJUMPIMG ]
	else
		head=$(kjump-resume /dev/vda 2>&1)
		echo "$head" | grep -q "refused: no hibernation image"
	fi
	check $? "virtio_disk_reads_$1 # $head"
	[ "$(cat /sys/devices/system/cpu/online)" = "0-$(($(nproc --all) - 1))" ]
	check $? "cpus_online_$1 # $(cat /sys/devices/system/cpu/online)"
}

role_a() {
	echo "=== kexec jump snapshot and hibernation ==="
	echo "KTAP version 1"
	echo "1..$((1 + 2 + 4 + 3 * 6))"
	mount -t debugfs debugfs /sys/kernel/debug
	mkdir -p /mnt/tmpfs
	mount -t tmpfs tmpfs /mnt/tmpfs
	token=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
	echo "$token" >/mnt/tmpfs/token
	set_marker -
	# The workload: a line every 100 ms, its count also in /tmp/tick
	( i=0; while :; do i=$((i + 1)); echo $i >/tmp/tick; echo "tick $i"; sleep 0.1; done ) &
	ticker=$!

	# The token in kernel pages; B's memory over half of them
	echo "$token" >$T/snapshot_token
	read -r block bsize tok <$T/snapshot_token
	mid=$((block + bsize / 2))
	if [ $((mid + B_MEM)) -le $((0x3fe00000)) ]; then lo=$mid; else lo=$((mid - B_MEM)); fi
	hi=$((lo + B_MEM - 1))
	inside= outside=
	for k in $(seq 0 15); do
		p=$((block + k * 0x40000))
		if [ $p -ge $lo ] && [ $p -le $hi ]; then
			inside="$inside $(printf 0x%x $p)"
		else
			outside="$outside $(printf 0x%x $p)"
		fi
	done
	echo "# kjump: token $token"
	echo "# kjump: token pages inside B's memory:$inside"
	echo "# kjump: token pages outside:$outside"
	echo "# kjump: B's memory $(printf 0x%x $lo)-$(printf 0x%x $hi)"
	# Above A's kernel (nokaslr) and the core header's memory
	[ -n "$inside" ] && [ -n "$outside" ] && [ $lo -ge $((0x4400000)) ]
	check $? "token_pages_both_sides # block $(printf 0x%x $block)"

	# The snapshot: B saves A to vdb and jumps back
	if load_b snapshot 0; then
		t0=$(cat /tmp/tick)
		kexec -x -e
		m=$(marker)
		[ "$m" = S ]
		check $? "b_saved_and_jumped_back # marker '$m'"
		a_intact snapshot
	fi

	# Hibernation, three times: B saves A to vda and powers off, a new
	# boot of the same kernel resumes A.  The image B was loaded from
	# is spent by then (the resume leaves its source pages with A's
	# pages): load B again each time.
	for cycle in 1 2 3; do
		set_marker -
		load_b hibernate "$cycle" || break
		t0=$(cat /tmp/tick)
		echo "# kjump: hibernating, cycle $cycle, tick $t0"
		kexec -x -e
		m=$(marker)
		[ "$m" = R ]
		check $? "resumed_cycle_$cycle # marker '$m', uptime $(cut -d' ' -f1 /proc/uptime) s"
		a_intact "cycle_$cycle"
		[ "$m" = R ] || break
	done
	kill "$ticker"
	echo "# kjump: last tick $(cat /tmp/tick)"
	echo "=== end of kexec jump snapshot and hibernation ==="
	poweroff -f
}

case $(arg kexec_call.test) in
kjump)		role_a ;;
kjump_b)	role_b ;;
kjump_resume)	role_resume ;;
kjump_refuse)	role_refuse ;;
esac
