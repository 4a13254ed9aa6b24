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

#define ARG(n)	(4 * (n) + 4)(%esp)

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
	pushl	%edi
	movl	ARG(1), %edi
	movl	ARG(2), %ecx
	movl	ARG(3), %eax
	jecxz	2f
1:	movl	%eax, (%edi)
	addl	$4, %edi
	incl	%eax
	loop	1b
2:	movl	ARG(2), %eax
	popl	%edi
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
