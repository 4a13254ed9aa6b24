/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Physical-mode callees for the kexec_call KUnit suite.
 *
 * Each callee is a position-independent 32-bit routine kept here as data
 * (.rodata) between kexec_call_test_<name>_start and _end; the suite copies
 * it to a page below 4 GiB and calls it there.  Entry state is the one
 * Documentation/arch/x86/kexec_call.rst gives: 32-bit protected mode,
 * paging off, flat segments, [esp] the return address, [esp + 4]... the
 * arguments.  A callee returns with a near ret, its result in EAX (EDX:EAX).
 */
#include <linux/linkage.h>

/* The n-th argument (from 1) at entry, [esp] being the return address. */
#define ARG(n)	(4 * (n))(%esp)

.macro CALLEE name
	.balign	16
SYM_DATA_START(kexec_call_test_\name\()_start)
.endm

.macro CALLEE_END name
SYM_DATA_END_LABEL(kexec_call_test_\name\()_start, SYM_L_GLOBAL, kexec_call_test_\name\()_end)
.endm

	.section .rodata, "a"
	.code32

/* u32 ret_const(void): returns 0x4b455843 ("KEXC"). */
CALLEE ret_const
	movl	$0x4b455843, %eax
	ret
CALLEE_END ret_const

/* u64 ret64(void): returns 0x0123456789abcdef in EDX:EAX. */
CALLEE ret64
	movl	$0x89abcdef, %eax
	movl	$0x01234567, %edx
	ret
CALLEE_END ret64

/* u32 read_cr0(void): returns CR0 as the callee sees it. */
CALLEE read_cr0
	movl	%cr0, %eax
	ret
CALLEE_END read_cr0

/*
 * u32 weighted_sum(args...): returns sum of (i + 1) * arg[i] over the
 * count of arguments stored in the u32 just after the code (offset 16).
 */
CALLEE weighted_sum
	call	1f
1:	popl	%ecx
	movl	(kexec_call_test_weighted_sum_count - 1b)(%ecx), %ecx
	xorl	%eax, %eax
	jecxz	3f
2:	movl	(%esp, %ecx, 4), %edx
	imull	%ecx, %edx
	addl	%edx, %eax
	loop	2b
3:	ret
	.balign	4
SYM_INNER_LABEL(kexec_call_test_weighted_sum_count, SYM_L_GLOBAL)
	.long	0
CALLEE_END weighted_sum

/*
 * u32 write_pattern(u32 phys, u32 count, u32 seed): writes count words
 * seed, seed + 1, ... at phys and returns count.
 */
CALLEE write_pattern
	movl	ARG(1), %edi
	movl	ARG(2), %ecx
	movl	ARG(3), %eax
	jecxz	2f
1:	movl	%eax, (%edi)
	addl	$4, %edi
	incl	%eax
	loop	1b
2:	movl	ARG(2), %eax
	ret
CALLEE_END write_pattern

/* u32 clobber_regs(void): clobbers every general register but ESP. */
CALLEE clobber_regs
	movl	$0xdeadbeef, %ebx
	movl	$0xdeadbeef, %ecx
	movl	$0xdeadbeef, %edx
	movl	$0xdeadbeef, %esi
	movl	$0xdeadbeef, %edi
	movl	$0xdeadbeef, %ebp
	std
	movl	$0x600d600d, %eax
	ret
CALLEE_END clobber_regs

/* u32 clobber_segs(void): loads null selectors into DS, ES, FS and GS. */
CALLEE clobber_segs
	xorl	%ecx, %ecx
	movl	%ecx, %ds
	movl	%ecx, %es
	movl	%ecx, %fs
	movl	%ecx, %gs
	movl	$0x5e65, %eax
	ret
CALLEE_END clobber_segs

/* u32 counter(void): increments the u32 after the code and returns it. */
CALLEE counter
	call	1f
1:	popl	%ecx
	incl	(kexec_call_test_counter_value - 1b)(%ecx)
	movl	(kexec_call_test_counter_value - 1b)(%ecx), %eax
	ret
	.balign	4
SYM_INNER_LABEL(kexec_call_test_counter_value, SYM_L_GLOBAL)
	.long	0
CALLEE_END counter

/*
 * u32 fault(u32 how): returns 0x600d for how = 0; otherwise raises an
 * exception: 1 #UD (ud2), 2 #DE (divide by zero), 3 #BP (int3), 4 #GP (a
 * selector beyond the GDT's limit, error code 0xfff8).
 */
CALLEE fault
	movl	ARG(1), %eax
	cmpl	$1, %eax
	je	1f
	cmpl	$2, %eax
	je	2f
	cmpl	$3, %eax
	je	3f
	cmpl	$4, %eax
	je	4f
	movl	$0x600d, %eax
	ret
SYM_INNER_LABEL(kexec_call_test_fault_ud, SYM_L_GLOBAL)
1:	ud2
2:	xorl	%edx, %edx
	xorl	%ecx, %ecx
SYM_INNER_LABEL(kexec_call_test_fault_de, SYM_L_GLOBAL)
	divl	%ecx
3:	int3
SYM_INNER_LABEL(kexec_call_test_fault_bp_next, SYM_L_GLOBAL)
	ret
4:	movl	$0xfff8, %ecx
SYM_INNER_LABEL(kexec_call_test_fault_gp, SYM_L_GLOBAL)
	movl	%ecx, %ds
	ret
CALLEE_END fault

/*
 * u32 self_nmi(void): sends an NMI to its own local APIC (through the
 * x2APIC ICR MSR or the xAPIC MMIO ICR, whichever mode the kernel left it
 * in), spins long enough for it to arrive and returns 0x600d.
 */
CALLEE self_nmi
	movl	$0x1b, %ecx
	rdmsr
	testl	$0x400, %eax
	jnz	1f
	/* xAPIC: destination is our APIC ID, delivery mode NMI */
	andl	$0xfffff000, %eax
	movl	0x20(%eax), %edx
	andl	$0xff000000, %edx
	movl	%edx, 0x310(%eax)
	movl	$0x4400, 0x300(%eax)
	jmp	2f
	/* x2APIC: the same through the ICR MSR */
1:	movl	$0x802, %ecx
	rdmsr
	movl	%eax, %edx
	movl	$0x830, %ecx
	movl	$0x4400, %eax
	wrmsr
2:	movl	$1000000, %ecx
3:	decl	%ecx
	jnz	3b
	movl	$0x600d, %eax
	ret
CALLEE_END self_nmi
