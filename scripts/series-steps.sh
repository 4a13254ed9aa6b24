# SPDX-License-Identifier: GPL-2.0
#
# The patches of make patchset, in order (scripts/patchset.sh): the fixes
# mainline kexec jump needs, then kexec_call's API, its x86 switch, the
# user-space model, the KUnit suites, the documentation, fwcall in its
# parts, vbedrm, and the benchmark last.
# shellcheck shell=bash disable=SC2034

kc=kernel/kexec_call
ax=arch/x86/kernel
fw=drivers/fwcall
tf=tools/fwcall
vbe=drivers/gpu/drm/vbe

# 1-4: the fixes, found by the kexec_jump test (kernel A to kernel B and back
# with kexec-tools)

step fix-zero-size "kexec: A segment of size 0 is nobody's destination" \
"kexec-tools loads the helper that jumps back to the original kernel
(kexec --load-jump-back-helper) as one segment at 0 of size 0.  Since
kimage_is_destination_range() takes the last byte of a range, it computes
that segment's last byte as mem + memsz - 1, which wraps to ULONG_MAX, so
every page counts as a destination: kimage_alloc_normal_control_pages()
then takes page after page looking for a control page that is not one,
until memory runs out, and the jump back cannot be loaded.  Skip segments
of size 0.

Fixes: 816d334afa85 (\"kexec: modify the meaning of the end parameter in kimage_is_destination_range()\")" \
	hook:0008

step fix-entry-map "x86/kexec: Map the entry point of a jump back" \
"Kernel B, started by kernel A with kexec jump, jumps back by loading
kexec-tools' helper image (kexec --load-jump-back-helper), whose entry
point is the return path in A's control page and whose only segment, at
0, has size 0.  init_pgtable() maps B's memory and the image's segments,
so when B's memory map leaves out A's memory (as it must, B being
confined to memory A does not use) the entry is not mapped: relocate_kernel
jumps to it and the machine triple-faults.  Identity-map the entry page of
a preserve-context image as well." \
	hook:0009

step fix-i386-gdt "x86/kexec: Restore the GDT on return from a jump on i386" \
"When kernel B jumps back to kernel A (kexec jump, preserve_context), A's
machine_kexec() on i386 calls restore_processor_state() with the GDT it
invalidated before relocate_kernel.  restore_processor_state() reloads
SS, DS and ES before it loads the GDT, as it expects the code that got
there to have made one usable, so the first segment load faults with no
GDT and the machine triple-faults.  x86_64 has loaded the saved GDT in
relocate_kernel_64's return path since commit 07fa619f2a40 (\"x86/kexec:
Restore GDT on return from ::preserve_context kexec\"); do the same on
i386, from machine_kexec(), with the descriptor it saves before
invalidating it.  (Before commit 7ee18d677989, restore_processor_state()
loaded the GDT first, and the return path worked.)

Fixes: 7ee18d677989 (\"x86/power: Make restore_processor_context() sane\")" \
	hook:0010

step fix-i386-cr4 "x86/kexec: Restore CR4 before paging on a jump back on i386" \
"When kernel B jumps back to kernel A (kexec jump, preserve_context) on
i386 with PAE, B's relocate_kernel clears CR4 before it calls A's
re-entry point, and A's relocate_kernel turns paging on with its PAE page
directory pointer table in CR3 but CR4.PAE still clear: the CPU walks the
table as a 2-level one and faults on the next instruction fetch, and the
machine triple-faults.  Without PAE the identity mapping happens to work
with CR4 clear.  Load the CR4 that relocate_kernel saved on the way out
before turning paging on; virtual_mapped loads it again as before.

Fixes: 3ab835213782 (\"kexec jump\")" \
	hook:0011

step fix-jump-suspend-state "kexec: Mark the system suspended around a jump's syscore callbacks" \
"A kexec jump (KEXEC_PRESERVE_CONTEXT) runs the syscore suspend and
resume callbacks with interrupts disabled on the only online CPU, as
hibernation does, but leaves system_state at SYSTEM_RUNNING.  Suspend
and hibernation set SYSTEM_SUSPEND around those callbacks, and some rely
on it: the ACPI PCI interrupt links' resume (irqrouter_resume())
evaluates _SRS under a semaphore, uncontended at that point, which
might_sleep() lets be only outside SYSTEM_RUNNING.  With any PCI device
on an ACPI interrupt link (a virtio disk under QEMU), every return from
kernel B to kernel A complains:

  BUG: sleeping function called from invalid context at kernel/locking/semaphore.c:165
  ...
   irqrouter_resume+0x43/0x50
   syscore_resume+0x4b/0x160

Commit c1a957d17086 (\"PM / suspend: Prevent might sleep splats\") gave
suspend and hibernation SYSTEM_SUSPEND and left the kexec jump out.  Set
SYSTEM_SUSPEND once interrupts are off, before syscore_suspend(), and
SYSTEM_RUNNING again before they are enabled, on the error path too.

Fixes: 89081d17f7bb (\"kexec jump: save/restore device state\")" \
	hook:0022

# kexec_call: the API

step api "kexec: Add kexec_call(), calling physical-mode code and jumping back" \
"Drivers sometimes need firmware services after boot (the BIOS memory map,
VBE, the PCI BIOS), and Linux can call the BIOS only from its real-mode
setup code.  kexec_call, after the kexec jump work, runs such code
natively: an image with no segments whose entry point is the firmware's,
called like a C function with paging off, new arguments on each call,
jumping back when the code returns.

Add the image type (KEXEC_TYPE_CALL, which widens the type bitfield), the
API (kexec_call_alloc(), kexec_call(), kexec_vcall(), kexec_call_free()),
the argument checks, the mutex that serialises calls, per-image call
deadlines, an abort flag and a hold (locks the call shares with other
drivers), the counters in /sys/kernel/kexec_call, and
KEXEC_CALL_PRESERVE_DEVICE, which freezes tasks and devices and takes the
secondary CPUs offline around a call the way kernel_kexec() does for
KEXEC_PRESERVE_CONTEXT: the freeze before kexec_call_mutex is taken (its
console steps take the console lock, which a DRM driver's mode set may
hold while it waits for a call), the noirq and CPU steps under it.  The
counters are documented in Documentation/ABI.

The architecture provides machine_kexec_vcall(); nothing can select
KEXEC_CALL until one does." \
	hook:0001 hook:0005 include/linux/kexec_call.h $kc/Kconfig $kc/Makefile \
	Documentation/ABI/testing/sysfs-kernel-kexec_call \
	$kc/kexec_call_internal.h $kc/core.c $kc/devices.c

# x86

step x86-tramp "x86/kexec: Add the kexec_call trampoline" \
"The code a kexec_call runs with paging off, common to i386 and x86_64,
copied to each image's control page with its relocations applied: it
loads its own GDT and IDT, calls the entry point in 32-bit protected mode
with the arguments on a cdecl stack, and comes back to the switch that
called it (next patches).  Its IDT turns an exception in the callee into
the end of the call with the vector and address recorded, latches an NMI
(raised again after the call) and a machine check (handed to the
kernel's handler), and aborts the callee when the deadline watch says so.
For an image loaded by kexec_load(), it swaps the image's pages with
their destinations around the callee, as relocate_kernel does.

struct kexec_call_state, on the control page after the trampoline, holds
what the switch saves and what the trampoline reports; asm-offsets gives
its offsets to the assembly." \
	hook:0001a arch/x86/include/asm/kexec_call.h $ax/kexec_call_tramp32.S

step x86-switch "x86/kexec: Implement machine_kexec_vcall() on x86_64" \
"Leave long mode to the trampoline on the image's control page, through
an identity-mapped page table built once per image, and on the way back
turn paging and long mode on again and restore the kernel's control
registers, descriptor tables, segments, FS/GS bases and flags; a call
allocates and copies nothing.  For an image that kexec_load() made (a
later patch), its segment list and a scratch page are kept for the
trampoline's page swap.

An exception in the callee ends the call with -EFAULT and is logged, a
machine check ends it with -EIO and is handed to the kernel's handler
after the jump back (CR4.MCE stays set).  The APIC task priority keeps
maskable interrupts out should the callee execute STI, the debug
registers are saved and restored, NMI handlers see
cpu_tlbstate.loaded_mm as switching, KEXEC_CALL_PRESERVE_CPU_EXT saves
the FPU state around the call (without it FPU use traps), and CPU state
the callee leaves changed is repaired and reported once as a firmware
bug.

The switch saves and restores its stack around a jump objtool cannot
follow and includes the 32-bit trampoline, so its object is non-standard
like relocate_kernel's.  The platform refusals, NMIs and the deadline
come in the next patches; only then can x86_64 select kexec_call." \
	hook:0002 $ax/kexec_call_64.S $ax/machine_kexec_call.h \
	$ax/machine_kexec_call.c $ax/machine_kexec_call_64.c

step x86-platform "x86/kexec: Refuse kexec_call where paging cannot be left" \
"Leaving paging the way the switch does is wrong on some machines: on a
confidential guest (SEV, TDX) the callee would run on encrypted or
private memory with its protections gone, Xen PV guests do not own their
page tables, PREEMPT_RT must not have interrupts off for a firmware
call's length, an SME host's page table entries carry the encryption
bit the identity map would lose, and with FRED event delivery on, events
bypass the IDTs the switch relies on in long mode.  Refuse the image at
allocation there (-EOPNOTSUPP), and a call on a CPU in VMX operation
(-EBUSY): VMXON forbids clearing CR0.PG, and a hypervisor such as KVM
holds it." \
	hook:0017 $ax/kexec_call_platform.c

step x86-watch "x86/kexec: Latch NMIs during kexec_call and abort callees at their deadline" \
"An NMI can arrive at any instruction of the switch or of the callee.
The trampoline's IDT latches it; raise it again on the kernel's own IDT
after the jump back, through the NMI handler registered here, so that no
NMI is lost and none runs on the wrong page table.

A deadline watch, an hrtimer on another CPU started once for a run of
calls rather than with an IPI per call, sends the calling CPU NMIs once
the call overruns the image's deadline until it has ended; the
trampoline's NMI gate then aborts the callee, and the call returns
-ETIMEDOUT and raises the caller's abort flag.

With NMIs, deadlines and the platform refusals in place, let x86_64
select ARCH_SUPPORTS_KEXEC_CALL." \
	hook:0018 $ax/kexec_call_watch.h $ax/kexec_call_watch.c

step x86-i386 "x86/kexec: Implement machine_kexec_vcall() on i386" \
"On i386 the switch leaves paging (2-level or PAE) instead of long mode;
everything between paging off and paging on is the same trampoline.  The
image's page table maps the control pages with the kernel's PMDs (PAE)
or page directory entries (2-level) above PAGE_OFFSET copied, and the
task register is reloaded after the switch." \
	hook:0019 $ax/kexec_call_32.S $ax/machine_kexec_call_32.c

# The user-space model

step user "kexec: Call physical-mode code loaded with kexec_load() from reboot()" \
"The other usage model of kexec jump: user space loads physical-mode code
once with kexec_load(KEXEC_PRESERVE_CONTEXT | KEXEC_PHYS_CALL), into a
slot of its own (kexec_call_user_image) with its pages below 4 GiB, and
calls it many times with reboot(LINUX_REBOOT_CMD_KEXEC) and a struct
kexec_call_args; the image keeps its state in its pages between calls,
and reboot() without an argument is kernel_kexec() as before.  The call
quiesces devices and CPUs (KEXEC_CALL_PRESERVE_DEVICE) under the system
sleep lock reboot() holds; kimage_free() detaches the image." \
	hook:0007 include/uapi/linux/kexec_call.h $kc/user.c

# KUnit

step kunit "kexec: Add KUnit tests for kexec_call" \
"Call small 32-bit routines (kexec_call_kunit_callees.S) in physical mode
and check what they return: arguments, return values in EDX:EAX, the
image's state kept between calls, and every refusal of bad input (too
many arguments, an argument above 32 bits, a freed image, a call from
atomic context) with its errno and nothing left behind." \
	$kc/tests/Makefile kunit/kexec_call_kunit.h=$kc/tests/kexec_call_kunit.h \
	kunit/kexec_call_kunit_fixture.c=$kc/tests/kexec_call_kunit_fixture.c \
	kunit/kexec_call_kunit_callees.S=$kc/tests/kexec_call_kunit_callees.S \
	kunit/kexec_call_kunit.c=$kc/tests/kexec_call_kunit.c

step kunit-safety "kexec: Test kexec_call's safety rules with KUnit" \
"Callees that break the rules: use the FPU without and with
KEXEC_CALL_PRESERVE_CPU_EXT, raise exceptions, overrun their deadline,
set flags and control registers they must not, execute STI with an
interrupt pending, run while NMIs arrive; check the errno, the log, the
repair, and that the kernel's state is intact afterwards." \
	kunit/kexec_call_kunit_safety.c=$kc/tests/kexec_call_kunit_safety.c

step kunit-machine "kexec: Test the machine state around kexec_call with KUnit" \
"Check what the switch must keep: control registers, descriptor tables,
segment registers and bases, the TSS, EFER, the APIC task priority, the
debug registers, global TLB entries and PCIDs, and the mapping the
kernel runs on, before and after calls on every CPU." \
	kunit/kexec_call_kunit_machine.c=$kc/tests/kexec_call_kunit_machine.c

step kunit-devices "kexec: Test KEXEC_CALL_PRESERVE_DEVICE with KUnit" \
"Calls that quiesce devices and CPUs: secondary CPUs offline during the
call and back after it, a device that refuses to freeze failing the call
with its error and nothing left frozen, the lock order against the system
sleep lock, and the debugfs knob the end-to-end device test drives." \
	kunit/kexec_call_kunit_devices.c=$kc/tests/kexec_call_kunit_devices.c

step user-test "tools/kexec_call: Test the reboot() call from user space" \
"kexec_call_user_test loads callee.S with kexec_load(KEXEC_PRESERVE_CONTEXT
| KEXEC_PHYS_CALL) over the first page of the kernel's own code, calls it
through reboot() with 1 to 16 arguments, and checks every answer, the
count the callee keeps in its memory across calls and refused calls,
each refusal's errno, the CPUs back online and the kernel running on.
tools/ktap is the KTAP printer the tests share." \
	tools/ktap/ktap.h tools/ktap/ktap.c tools/kexec_call/Makefile \
	tools/kexec_call/callee.S tools/kexec_call/kexec_call_user_test.c

step doc-core "Documentation/core-api: Document kexec_call" \
"What kexec_call is for, the API and its contract (context, locking,
errnos), the preserve flags, the user-space model and how it is tested." \
	hook:0003 Documentation/core-api/kexec_call.rst

step doc-x86 "Documentation/arch/x86: Document the kexec_call switch" \
"The switch step by step on x86_64 and i386, the trampoline's IDT, NMIs,
machine checks and the deadline, what is saved and restored, and the
machines where kexec_call refuses to run." \
	hook:0004 Documentation/arch/x86/kexec_call.rst

# fwcall

step lockdown "lockdown: Add a reason for raw BIOS calls through /dev/fwcall" \
"fwcall's raw calls run BIOS code of the caller's choosing in real mode
or 32-bit protected mode with paging off: int 15h AH=87h alone copies
any physical memory to any other, given a GDT in the buffer.  They are
/dev/mem-strength, so they belong at the integrity level, but borrowing
LOCKDOWN_DEV_MEM would report them as /dev/mem in the log and in an LSM's
policy.  Give them a reason of their own." \
	hook:0012

step fwcall-low "drivers/fwcall: Reserve low memory for BIOS calls at boot" \
"fwcall will run BIOS software interrupts in real mode through kexec_call,
which needs a thunk, a stack and a bounce buffer below 1 MiB.  Reserve
them in reserve_real_mode(), after the real-mode trampoline has its
memory and before the whole first MiB is reserved, so that a machine
short of memory below 1 MiB still starts its secondary CPUs and only
fwcall goes without.  fwcall_reserve_low() takes nothing on an EFI boot,
where the interrupt vector table and BIOS data area do not look like a PC
BIOS's, or with the new fwcall=off parameter.  The reservation is built
in whenever fwcall is selected.  The uapi header holds the data layouts
the kernel API and /dev/fwcall share." \
	hook:0006 include/uapi/linux/fwcall.h include/linux/fwcall.h $fw/Kconfig $fw/Makefile \
	$fw/fwcall_thunk.h $fw/fwcall_internal.h $fw/fwcall_low.c

step fwcall-core "drivers/fwcall: Call BIOS software interrupts through kexec_call" \
"fwcall runs the BIOS's own code: a small thunk in the reserved memory is
a kexec_call image that drops from 32-bit protected mode to real mode,
runs the software interrupt with the caller's registers and returns what
the BIOS left in them; a shim far-calls 32-bit BIOS entries.  Add the
thunk, fwcall_int() and fwcall_int_buf() (a buffer at ES:DI through a
bounce buffer), fwcall_bios32_call(), a deadline per call, and the locks
of the hardware a BIOS call shares with the kernel's own drivers (the PCI
configuration lock and the RTC lock), held around each call
(fwcall_hold.c, built in)." \
	$fw/fwcall_thunk.S $fw/fwcall_hold.c $fw/fwcall_core.c

step fwcall-services "drivers/fwcall: Add the named BIOS services" \
"The E820 map (with the walk bounded and checked entry by entry), E801,
int 12h and int 11h, the RTC, the BIOS32 directory and the PCI BIOS
through it: decoded answers for drivers, each with its refusals." \
	$fw/fwcall_services.c $fw/fwcall_bios32.c

step fwcall-vbe "drivers/fwcall: Add VESA BIOS Extensions calls" \
"4F00h and 4F01h with their far pointers followed (strings, the mode list)
within the real-mode address space, 4F02h and 4F03h to set and read the
mode, and int 10h AH=00h back to text; where VBE 2.0 or later answers,
register the platform device fwcall-vbe, child of the primary VGA
device, for a DRM driver to bind to." \
	$fw/fwcall_vbe.c

step fwcall-dev "drivers/fwcall: Add /dev/fwcall" \
"A misc device for root with a sized-struct uapi: the named services for
CAP_SYS_ADMIN, raw interrupts and far calls (CONFIG_FWCALL_RAW) for
CAP_SYS_RAWIO, refused under lockdown and under STRICT_DEVMEM unless
iomem=relaxed, as /dev/mem is." \
	hook:0013 $fw/fwcall_dev.c

step fwcall-sysfs "drivers/fwcall: Show the BIOS's answers in /sys/firmware/fwcall" \
"A read-only view asked once at load: the E820 map, the memory sizes,
the PCI BIOS version and the VBE controller's strings and mode count." \
	$fw/fwcall_sysfs.c Documentation/ABI/testing/sysfs-firmware-fwcall

step fwcall-kunit "drivers/fwcall: Add KUnit tests for the reservation, the thunk and the deadline" \
"Check the reservation's decisions on synthetic BIOS areas and the one
boot made, the locks held around calls, the deadline and the vectors
refused, against what the kernel already knows: the BIOS data area and
the memory map the boot code read in real mode." \
	$fw/tests/Makefile kunit/fwcall_kunit.c=$fw/tests/fwcall_kunit.c \
	kunit/fwcall_kunit_low.c=$fw/tests/fwcall_kunit_low.c \
	kunit/fwcall_kunit_hold.c=$fw/tests/fwcall_kunit_hold.c \
	kunit/fwcall_kunit_deadline.c=$fw/tests/fwcall_kunit_deadline.c

step fwcall-kunit-services "drivers/fwcall: Test the services, VBE and the device with KUnit" \
"Every service against an independent answer: the boot-time E820 map,
rtc0, PCI config reads through the kernel, the VGA device's BAR and ROM
for VBE, and the device's refusals." \
	kunit/fwcall_kunit_services.c=$fw/tests/fwcall_kunit_services.c \
	kunit/fwcall_kunit_vbe.c=$fw/tests/fwcall_kunit_vbe.c \
	kunit/fwcall_kunit_dev.c=$fw/tests/fwcall_kunit_dev.c

step fwcall-doc "Documentation/driver-api: Document fwcall" \
"What fwcall is for and what it is not, the kernel API, the reservation,
the device and its uapi, the sysfs view, the tools and the tests." \
	hook:0016 Documentation/driver-api/fwcall.rst

step fwcall-tool "tools/fwcall: Add the fwcall command" \
"fwcall prints the BIOS's answers as tables or JSON (e820, e801, memsize,
rtc, pci-read, bios32, vbe-info, vbe-modes) and makes raw calls (int,
far) with registers given on the command line." \
	$tf/Makefile $tf/fwcall_regs.h $tf/fwcall_regs.c $tf/fwcall.c

step fwcall-emu "tools/fwcall: Add fwcall-emu, the raw calls run by libx86emu" \
"The same raw call as fwcall int, run by an x86 emulator over a copy of
the first MiB from /dev/mem with the real ports, for differential tests;
batch runs many calls in one emulator." \
	$tf/fwcall_x86emu.h $tf/fwcall_x86emu.c $tf/fwcall_emu.c

step fwcall-test "tools/fwcall: Test /dev/fwcall end to end" \
"fwcall_test checks every service against sysfs, /dev/mem and /dev/rtc0,
BIOS calls made while the kernel's own drivers use the same hardware,
the refusals, and fwcall as a module unloaded and loaded again." \
	$tf/fwcall_test.h $tf/fwcall_test.c $tf/fwcall_test_shared.c \
	$tf/fwcall_test_module.c

step fwcall-test-views "tools/fwcall: Test VBE and the sysfs view end to end" \
"VBE's controller and mode information against the VGA device's BAR and
ROM, and /sys/firmware/fwcall against the ioctls and the kernel's own
memory map." \
	$tf/fwcall_test_vbe.c $tf/fwcall_test_sysfs.c

step fwcall-test-tools "tools/fwcall: Test the command against the device and the emulator" \
"The fwcall command against the ioctls and sysfs, its command line (also
on the build host), the uapi's sizes, and raw calls natively against
fwcall-emu: registers and buffers must be the same." \
	$tf/fwcall_test_cli.c $tf/fwcall_test_host.c $tf/fwcall_test_uapi.c \
	$tf/fwcall_test_emu.c

# vbedrm

step vbedrm "drm/vbe: Add vbedrm, VESA BIOS Extensions mode setting through fwcall" \
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
on unbind." \
	hook:0014 $vbe/Kconfig $vbe/Makefile $vbe/vbe_drv.h $vbe/vbe_modes.c \
	$vbe/vbe_kms.c $vbe/vbe_drv.c

step vbedrm-kunit "drm/vbe: Add KUnit tests for vbedrm's mode table" \
"The mode table from synthetic 4F01h answers (formats, the deepest one
kept, VBE 3.0 pitch, each refusal) and from SeaBIOS's, against Linux's
BAR 0 of the VGA device; the mode lookup." \
	$vbe/tests/Makefile kunit/vbedrm_kunit.c=$vbe/tests/vbedrm_kunit.c

step vbedrm-doc "Documentation/gpu: Document vbedrm" \
"What vbedrm is for, its place next to simpledrm, vesafb, efifb, uvesafb
and native drivers, binding, testing aids and limits." \
	hook:0015 Documentation/gpu/vbedrm.rst

step vbedrm-test "tools/vbedrm: Test vbedrm with screenshots checked on the host" \
"vbedrm_test sets modes with known patterns, asks the host for a QEMU
screenshot on the console and reads the verdict on a second serial port:
every pixel of every mode, refusals that leave the screen as it was, a
hundred mode switches, the atomic interface, the console and unbind." \
	tools/vbedrm/Makefile tools/vbedrm/vbedrm_test.c

# The benchmark, last

step bench "kexec: Add a benchmark of kexec_call in debugfs" \
"/sys/kernel/debug/kexec_call_bench/run times calls of a callee that only
returns (0 to 16 arguments, each preserve flag), the bare mode switch
under them, each call's interrupts-off window and the rate of calls made
back to back; CONFIG_KEXEC_CALL_BENCH, off by default.  A KUnit case
checks its commands and refusals." \
	$kc/bench.c kunit/kexec_call_kunit_bench.c=$kc/tests/kexec_call_kunit_bench.c

step bench-tools "tools: Add the benchmarks of kexec_call and fwcall" \
"kexec_call_bench drives the debugfs benchmark and prints its series with
their percentiles; fwcall_bench and fwcall_bench_lrmi time the same BIOS
calls through /dev/fwcall, libx86emu and libx86 (LRMI, vm86 on i386),
and check that their answers agree." \
	tools/kexec_call/kexec_call_bench.c $tf/fwcall_bench.h $tf/fwcall_bench.c \
	$tf/fwcall_bench_services.c $tf/fwcall_bench_lrmi.c

# kexec_load() in stages: the seeds' multi-stage load, for images with
# thousands of segments (a hibernated memory image)

step staged "kexec: Load an image in stages, and map its pages" \
"A hibernated memory image loaded with kexec_load() to jump back into has
one segment per run of saved pages: thousands, where one call takes
KEXEC_SEGMENT_MAX (16).  Let kexec_load() load one image in several
calls, selected by KEXEC_STAGE_MASK in its flags: a start, any number of
middle calls, and a final call that writes the entry list and installs
the image.  Each page is placed in constant time: two xarrays map
destination pages to source pages and back, where the one-shot load scans
every segment and every entry for each page.  A later call may load a
page again (parameters that depend on where pages went); one that adds a
destination which is an earlier source page moves that page's contents.

A stage out of order, flags or an entry point that change, or any error
ends the load and frees it; a call from another process gets -EBUSY; the
loader's exit or execve() (an MMU notifier on its address space) frees
it too.  Only the start counts against the load limit.

/sys/kernel/kexec_pgmap gives the map from each destination page to its
source page, for one-shot loads too: after a jump with
KEXEC_PRESERVE_CONTEXT the source pages hold the memory the image
displaced.  CONFIG_KEXEC_STAGED_LOAD_BENCH adds a linear lookup, for
measuring the difference only.  The compat kexec_load() now returns
-EFAULT, not a byte count, when a segment cannot be read." \
	hook:0020 hook:0021 kernel/kexec_staged.c \
	Documentation/userspace-api/kexec-staged-load.rst \
	Documentation/ABI/testing/sysfs-kernel-kexec_pgmap

step staged-test "tools/kexec_call: Test and measure kexec_load() in stages" \
"kexec_staged_test makes every refusal of a staged load, checks that each
ends the load, kills a loader between stages, then loads 2,048 pages over
the physical pages of its own locked buffer in hundreds of segments,
checks each page's source through /proc/kcore and jumps to the image
twice: its code counts the jumps and the buffer comes back intact.
kexec_staged_bench loads images of 2^12 to 2^17 pages and prints the cost
per page with the kernel's lookup and with the linear one." \
	tools/kexec_call/kexec_staged_test.c tools/kexec_call/kexec_staged_bench.c

# Snapshots and hibernation with kexec jump: the rest of the seeds

step kjump-token "kexec: Add the token of the kexec jump snapshot test" \
"Writing a string to /sys/kernel/debug/kexec_jump_test/snapshot_token
keeps it in kexec_call_test_token, where a debugger finds it in a dump,
and fills every 64th page of a 4 MiB block of kernel memory with it;
reading the file gives the block's physical address.  The snapshot test
puts kernel B's memory over half of the block and checks on the host
that the dump B saved holds the token at each of those pages, inside B's
memory (read from their backup pages) and outside." \
	kunit/kexec_call_kunit_jump_token.c=$kc/tests/kexec_call_kunit_jump_token.c

step kjump-save "tools/kexec_jump: Save kernel A's memory from kernel B" \
"Kernel A loads kernel B with kexec --load-preserve-context and jumps to
it; B saves A's memory and jumps back (a snapshot) or powers off
(hibernation).  kjump-corehdr writes, in A, the ELF core header of B's
/proc/vmcore, in which every page B's image displaced is read from its
backup page (/sys/kernel/kexec_pgmap), into memory A reserved at boot.
kjump-save writes makedumpfile's flattened dump to a device with a
checksum per page, A's build ID, the jump-back entry and B's RAM ranges;
kjump-dumpcheck checks a snapshot on the host, the token of the test at
each page it names included." \
	tools/kexec_jump/Makefile tools/kexec_jump/kjump.h tools/kexec_jump/kjump_core.c \
	tools/kexec_jump/kjump_corehdr.c tools/kexec_jump/kjump_save.c \
	tools/kexec_jump/kjump_dumpcheck.c

step kjump-resume "tools/kexec_jump: Resume a kernel hibernated with kexec jump" \
"kjump-resume, in a fresh boot of the same kernel, checks a hibernation
image before it loads anything (its checksums, its size, the build and
the kernel's place, RAM, the CPUs this boot started, free memory), then
loads A's pages at their physical addresses with kexec_load() in stages,
clears the image's header and jumps to A's jump-back entry.
kjump_images_test.py feeds it crafted images on the host." \
	tools/kexec_jump/kjump_resume.c tools/kexec_jump/kjump_images_test.py

step kjump-doc "Documentation/userspace-api: Document snapshots and hibernation with kexec jump" \
"The tools, the memory layout, the commands for a snapshot, a hibernation
and a resume, what the resume refuses, the limits and the test." \
	hook:0023 Documentation/userspace-api/kexec-jump-hibernation.rst
