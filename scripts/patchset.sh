#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make patchset: turn the project into a git format-patch series against
# the pristine 6.12 tree in outgoing/, check each patch with checkpatch
# --strict, and check that the series applies with git am to pristine and
# gives the same tree as the build.  PATCHSET_BUILD=1 also builds the
# result.
set -euo pipefail

: "${TOP:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${KSRC:=$TOP/build/linux}"
: "${ARCH:=x86_64}"
wt=$TOP/build/series
out=$TOP/outgoing
author="kexec_call developers <kexec_call@localhost>"
g() { git -C "$wt" -c user.name="kexec_call developers" -c user.email=kexec_call@localhost "$@"; }

rm -rf "$wt" "$out"
git -C "$KSRC" worktree prune
git -C "$KSRC" worktree add -q --detach "$wt" pristine

# Copy project files into the series tree, as prepare-tree.sh maps them.
put() {
	local src=$1 dst=${2:-$1}

	mkdir -p "$(dirname "$wt/$dst")"
	cp "$TOP/$src" "$wt/$dst"
	g add -f "$dst"
}

commit() {
	local subject=$1 body=$2

	g commit -q --author="$author" -s -m "$subject" -m "$body"
}

# Apply a hook patch from patches/ to the series tree, to be committed with
# the code that needs it.
hook() {
	g apply "$TOP/patches/$1"*.patch
	g add -A -f -- $(g diff --name-only) >/dev/null
}

# The MAINTAINERS entry grows with the files each commit adds.
g apply "$TOP/patches/0005"*.patch
cp "$wt/MAINTAINERS" "$TOP/build/MAINTAINERS.full"
g checkout -- MAINTAINERS

# 0: four fixes that mainline kexec jump needs on x86, found by the
# kexec_jump test (kernel A to kernel B and back with kexec-tools)
hook 0008
commit "kexec: A segment of size 0 is nobody's destination" \
"kexec-tools loads the helper that jumps back to the original kernel
(kexec --load-jump-back-helper) as one segment at 0 of size 0.
kimage_is_destination_range() computes that segment's last byte as
mem + memsz - 1, which wraps to ULONG_MAX, so every page counts as a
destination: kimage_alloc_normal_control_pages() then takes page after
page looking for a control page that is not one, until memory runs out,
and the jump back cannot be loaded.  Skip segments of size 0."

hook 0009
commit "x86/kexec: Map the entry point of a jump back" \
"Kernel B, started by kernel A with kexec jump, jumps back by loading
kexec-tools' helper image (kexec --load-jump-back-helper), whose entry
point is the return path in A's control page and whose only segment, at
0, has size 0.  init_pgtable() maps B's memory and the image's segments,
so when B's memory map leaves out A's memory (as it must, B being
confined to memory A does not use) the entry is not mapped: relocate_kernel
jumps to it and the machine triple-faults.  Identity-map the entry page of
a preserve-context image as well."

hook 0010
commit "x86/kexec: Restore the GDT on return from a jump on i386" \
"When kernel B jumps back to kernel A (kexec jump, preserve_context), A's
machine_kexec() on i386 calls restore_processor_state() with the GDT it
invalidated before relocate_kernel.  restore_processor_state() reloads
SS, DS and ES before it loads the GDT, as it expects the code that got
there to have made one usable, so the first segment load faults with no
GDT and the machine triple-faults.  x86_64 has loaded the saved GDT in
relocate_kernel_64's return path since \"x86/kexec: Restore GDT on return
from ::preserve_context kexec\"; do the same on i386, from
machine_kexec(), with the descriptor it saves before invalidating it."

hook 0011
commit "x86/kexec: Restore CR4 before paging on a jump back on i386" \
"When kernel B jumps back to kernel A (kexec jump, preserve_context) on
i386 with PAE, B's relocate_kernel clears CR4 before it calls A's
re-entry point, and A's relocate_kernel turns paging on with its PAE page
directory pointer table in CR3 but CR4.PAE still clear: the CPU walks the
table as a 2-level one and faults on the next instruction fetch, and the
machine triple-faults.  Without PAE the identity mapping happens to work
with CR4 clear.  Load the CR4 that relocate_kernel saved on the way out
before turning paging on; virtual_mapped loads it again as before."

# 1: generic API and image type, the user-space model, its KUnit suite,
# its test and its page
hook 0001
hook 0003
hook 0007
grep -v -P "^F:\t(arch/x86/|Documentation/arch/x86/|.*fwcall)" \
	"$TOP/build/MAINTAINERS.full" >"$wt/MAINTAINERS"
g add MAINTAINERS
for f in include/linux/kexec_call.h include/uapi/linux/kexec_call.h \
	 $(cd "$TOP" && git ls-files -- kernel/kexec_call tools/kexec_call tools/ktap) \
	 Documentation/core-api/kexec_call.rst; do
	put "$f"
done
for f in "$TOP"/kunit/kexec_call_kunit*.[chS]; do
	put "kunit/${f##*/}" "kernel/kexec_call/tests/${f##*/}"
done
commit "kexec: Add kexec_call() API and zero-segment image type" \
"Drivers sometimes need firmware services after boot (the BIOS memory map,
VBE, the PCI BIOS), and Linux can call the BIOS only from its real-mode
setup code.  kexec_call, after the kexec jump work, runs such code
natively: an image with no segments whose entry point is the firmware's,
called like a C function with paging off, new arguments on each call,
jumping back when the code returns.

Add the image type (KEXEC_TYPE_CALL, which widens the type bitfield), the
API (kexec_call_alloc(), kexec_call(), kexec_vcall(), kexec_call_free()),
the argument checks, the mutex that serialises calls, per-image call
deadlines, the preserve flags (KEXEC_CALL_PRESERVE_DEVICE quiesces
devices and secondary CPUs the way kernel_kexec() does for
KEXEC_PRESERVE_CONTEXT), the machine_kexec_vcall() arch hook and KUnit
suites with real physical-mode callees.

Add the other usage model of the kexec jump threads as well: user space
loads physical-mode code once with kexec_load(KEXEC_PRESERVE_CONTEXT |
KEXEC_PHYS_CALL) and calls it with reboot(LINUX_REBOOT_CMD_KEXEC) and a
struct kexec_call_args; the image keeps its state in its pages between
calls, and reboot() without an argument is kernel_kexec() as before.
tools/kexec_call tests it end to end.  Nothing can select kexec_call
until an architecture implements the hook."

# 2: x86_64 implementation
hook 0002
hook 0004
grep -v -P "^F:\t.*fwcall" \
	"$TOP/build/MAINTAINERS.full" >"$wt/MAINTAINERS"
g add MAINTAINERS
for f in $(cd "$TOP" && git ls-files -- arch/x86) Documentation/arch/x86/kexec_call.rst; do
	put "$f"
done
commit "x86/kexec: Implement machine_kexec_vcall()" \
"Leave the kernel's mode from an identity-mapped trampoline on the image's
control page (long mode on x86_64, paging on i386, with or without PAE),
call the entry point in 32-bit protected mode with paging off and the
arguments on a cdecl stack, and on its return turn the kernel's paging
(and long mode) on again and restore the kernel's control registers,
descriptor tables, segments, FS/GS bases and flags.  Everything between
paging off and paging on is one piece of code for both bitnesses; the
switches and page tables are per bitness.  The page table and trampoline
copy are made once
per image, so a call allocates and copies nothing.  For an image that
kexec_load() made with KEXEC_PHYS_CALL, the trampoline swaps its pages
with their destinations around the callee, with paging off, as
relocate_kernel does for a kexec jump.

The callee runs under the trampoline's own IDT: an exception ends the
call with -EFAULT, an NMI is latched and raised again after the jump
back, and an NMI sent from another CPU when the image's deadline passes
aborts the callee (-ETIMEDOUT); the timer that watches the deadline is
started once for a run of calls rather than with an IPI per call.  The
APIC task priority keeps maskable interrupts out should the callee
execute STI, KEXEC_CALL_PRESERVE_CPU_EXT saves the FPU state around the
call (without it FPU use traps), and CPU state the callee leaves changed
is repaired and reported once as a firmware bug.

The switch saves and restores its stack around a jump objtool cannot
follow and carries a 32-bit trampoline, so its object is non-standard like
relocate_kernel's; the trampoline's state offsets come from asm-offsets."

# 3: drivers/fwcall, after the lockdown reason its raw calls use
hook 0012
commit "lockdown: Add a reason for raw BIOS calls through /dev/fwcall" \
"fwcall's raw calls run BIOS code of the caller's choosing in real mode
or 32-bit protected mode with paging off: int 15h AH=87h alone copies
any physical memory to any other, given a GDT in the buffer.  They are
/dev/mem-strength, so they belong at the integrity level, but borrowing
LOCKDOWN_DEV_MEM would report them as /dev/mem in the log and in an LSM's
policy.  Give them a reason of their own."

hook 0006
hook 0013
cp "$TOP/build/MAINTAINERS.full" "$wt/MAINTAINERS"
g add MAINTAINERS
for f in include/linux/fwcall.h include/uapi/linux/fwcall.h \
	 Documentation/driver-api/fwcall.rst \
	 Documentation/ABI/testing/sysfs-firmware-fwcall \
	 $(cd "$TOP" && git ls-files -- drivers/fwcall tools/fwcall); do
	put "$f"
done
for f in "$TOP"/kunit/fwcall_kunit*.[chS]; do
	put "kunit/${f##*/}" "drivers/fwcall/tests/${f##*/}"
done
commit "drivers/fwcall: BIOS software interrupts through kexec_call" \
"Drivers that need a BIOS service after boot (the E820 map, the base
memory size, the equipment list) have had to emulate the BIOS.  fwcall
runs the BIOS's own code: a small thunk in memory reserved below 1 MiB at
boot is a kexec_call image that drops from 32-bit protected mode to real
mode, runs the software interrupt with the caller's registers and returns
what the BIOS left in them.

Add the reservation (taken after the real-mode trampoline's, and only
where there is a PC BIOS to call: not on an EFI boot, not where the
interrupt vector table and BIOS data area do not look like a BIOS's, not
with fwcall=off), the thunk and a shim that far-calls 32-bit BIOS
entries, fwcall_int() and fwcall_int_buf() (a buffer at ES:DI through a
bounce buffer), the named services (E820, E801, int 12h, int 11h, the RTC,
the BIOS32 directory, the PCI BIOS, VBE 4F00h and 4F01h with their far
pointers followed), /dev/fwcall for root with a sized-struct uapi, and a
read-only view in /sys/firmware/fwcall; raw interrupts and far calls need
CAP_SYS_RAWIO and are refused under lockdown.  KUnit suites check every
service against what the kernel already knows (the BIOS data area, the
boot-time E820 map, rtc0, PCI config reads, the VGA device's BAR and
ROM).  tools/fwcall holds the fwcall command (tables or JSON), fwcall-emu
(the same raw call run by libx86emu over /dev/mem) and fwcall_test, which
checks the device from user space against sysfs, /dev/mem, /dev/rtc0 and
the emulator."

# 4: vbedrm, the DRM driver built on fwcall
hook 0014
hook 0015
for f in Documentation/gpu/vbedrm.rst \
	 $(cd "$TOP" && git ls-files -- drivers/gpu/drm/vbe tools/vbedrm); do
	put "$f"
done
for f in "$TOP"/kunit/vbedrm_kunit*.[chS]; do
	put "kunit/${f##*/}" "drivers/gpu/drm/vbe/tests/${f##*/}"
done
commit "drm/vbe: Add vbedrm, VESA BIOS Extensions mode setting through fwcall" \
"uvesafb sets VBE modes at run time by running the video BIOS in x86emu
in a user-space helper; simpledrm and vesafb keep the one mode the boot
loader chose.  vbedrm calls the video BIOS natively through fwcall: it
lists the modes with a linear frame buffer in XRGB8888 or RGB565 (4F00h,
4F01h), one per resolution, and sets one (4F02h) when an atomic commit
changes the CRTC's mode.

The mode set happens before the atomic helpers swap the state in, so that
a mode the BIOS refuses fails the commit with the adapter and the state
unchanged; a mode outside the connector's list fails the atomic check.
The primary plane is shadow-buffered as simpledrm's is, its damage copied
into the frame buffer in the geometry of the mode the adapter is in.  The
driver takes the frame buffer over from firmware drivers and vgacon,
owns it as a firmware driver so that a native driver can take it in turn,
sets up fbdev emulation, and puts the adapter back into the mode it found
on unbind.  A KUnit suite checks the mode table against synthetic BIOS
answers and SeaBIOS's; tools/vbedrm has QEMU screenshots checked pixel by
pixel on the host."

mkdir -p "$out"
g format-patch -q --cover-letter --base=pristine -o "$out" pristine..HEAD
sed -i "s/\*\*\* SUBJECT HERE \*\*\*/kexec_call: call firmware in physical mode and jump back/" \
	"$out"/0000-cover-letter.patch
sed -i "/\*\*\* BLURB HERE \*\*\*/{r $TOP/scripts/cover-letter.txt
d}" "$out"/0000-cover-letter.patch

status=0
for p in "$out"/00*.patch; do
	[ "${p##*/}" = 0000-cover-letter.patch ] && continue
	perl "$KSRC/scripts/checkpatch.pl" --strict --quiet --terse --root="$wt" - <"$p" ||
		status=1
done

# The series must apply with git am and give the tree the build uses.
check=$TOP/build/series-check
rm -rf "$check"
git -C "$KSRC" worktree prune
git -C "$KSRC" worktree add -q --detach "$check" pristine
git -C "$check" -c user.name=x -c user.email=x@localhost am -q "$out"/00[0-9][1-9]-*.patch
rm -f "$TOP/build/MAINTAINERS.full"
for f in $(git -C "$check" diff --name-only pristine HEAD); do
	cmp -s "$check/$f" "$KSRC/$f" || { echo "patchset: $f differs from the build tree"; status=1; }
done
# ... and carry every file the build overlays (kunit/ maps to tests/).
for f in $(cd "$TOP" && git ls-files -- include arch kernel drivers Documentation tools/fwcall tools/kexec_call tools/ktap tools/vbedrm); do
	[ -e "$check/$f" ] || { echo "patchset: $f is not in the series"; status=1; }
done
for f in "$TOP"/kunit/kexec_call_kunit*.[chS]; do
	[ -e "$check/kernel/kexec_call/tests/${f##*/}" ] ||
		{ echo "patchset: kunit/${f##*/} is not in the series"; status=1; }
done
for f in "$TOP"/kunit/fwcall_kunit*.[chS]; do
	[ -e "$check/drivers/fwcall/tests/${f##*/}" ] ||
		{ echo "patchset: kunit/${f##*/} is not in the series"; status=1; }
done
for f in "$TOP"/kunit/vbedrm_kunit*.[chS]; do
	[ -e "$check/drivers/gpu/drm/vbe/tests/${f##*/}" ] ||
		{ echo "patchset: kunit/${f##*/} is not in the series"; status=1; }
done

if [ -n "${PATCHSET_BUILD:-}" ]; then
	mkdir -p "$TOP/build/out/series-$ARCH"
	cp "$TOP/build/out/$ARCH/.config" "$TOP/build/out/series-$ARCH/.config"
	make -C "$check" O="$TOP/build/out/series-$ARCH" CC="ccache gcc" olddefconfig >/dev/null
	make -C "$check" O="$TOP/build/out/series-$ARCH" CC="ccache gcc" -j"$(nproc)" >/dev/null || status=1
fi

git -C "$KSRC" worktree remove --force "$check"
ls "$out"
[ "$status" -eq 0 ] && echo "patchset: $(ls "$out" | wc -l) files in outgoing/, checkpatch clean, applies to pristine"
exit $status
