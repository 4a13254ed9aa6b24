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
 * u32 await_change(u32 cycles): spins until the u32 after the code differs
 * from what it held at entry (another CPU writes it) and returns the number
 * of loop iterations; returns 0 if cycles TSC cycles pass first.
 */
CALLEE await_change
	pushl	%ebx
	pushl	%esi
	pushl	%edi
	call	1f
1:	popl	%ecx
	movl	(kexec_call_test_await_change_value - 1b)(%ecx), %edi
	rdtsc
	movl	%eax, %ebx
	xorl	%esi, %esi
2:	incl	%esi
	pause
	cmpl	(kexec_call_test_await_change_value - 1b)(%ecx), %edi
	jne	3f
	rdtsc
	subl	%ebx, %eax
	cmpl	(12 + 4)(%esp), %eax	/* cycles, above the three registers saved */
	jb	2b
	xorl	%esi, %esi
3:	movl	%esi, %eax
	xorl	%edx, %edx
	popl	%edi
	popl	%esi
	popl	%ebx
	ret
	.balign	4
SYM_INNER_LABEL(kexec_call_test_await_change_value, SYM_L_GLOBAL)
	.long	0
CALLEE_END await_change

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

/*
 * u64 fpu_math(u32 a, u32 b): returns a * b computed by the x87 in EAX and
 * a + b computed with SSE2 in EDX, then leaves the FPU as a kernel would
 * not: x87 stack loaded, XMM0-7 all ones, MXCSR rounding towards zero.
 */
CALLEE fpu_math
	fninit
	fildl	ARG(1)
	fildl	ARG(2)
	fmulp
	subl	$4, %esp
	fistpl	(%esp)
	/* [esp] is the product now, the arguments 4 bytes further */
	movd	4 + ARG(1), %xmm0
	movd	4 + ARG(2), %xmm1
	paddd	%xmm1, %xmm0
	movd	%xmm0, %edx
	/* The clobbers: x87 stack, XMM0-7, MXCSR */
	fld1
	fldpi
	fldz
	pcmpeqd	%xmm0, %xmm0
	pcmpeqd	%xmm1, %xmm1
	pcmpeqd	%xmm2, %xmm2
	pcmpeqd	%xmm3, %xmm3
	pcmpeqd	%xmm4, %xmm4
	pcmpeqd	%xmm5, %xmm5
	pcmpeqd	%xmm6, %xmm6
	pcmpeqd	%xmm7, %xmm7
	pushl	$0x7f80
	ldmxcsr	(%esp)
	addl	$4, %esp
	popl	%eax
	ret
CALLEE_END fpu_math

/* u32 fpu_x87(void): one x87 instruction, fld1; returns 0x600d. */
CALLEE fpu_x87
SYM_INNER_LABEL(kexec_call_test_fpu_x87_insn, SYM_L_GLOBAL)
	fld1
	fstp	%st(0)
	movl	$0x600d, %eax
	ret
CALLEE_END fpu_x87

/*
 * u32 avx_clobber(void): sets YMM0-7 to all ones with AVX2-free AVX
 * instructions; returns 0x600d.  Needs CR4.OSXSAVE and YMM in XCR0.
 */
CALLEE avx_clobber
	vpcmpeqd	%xmm0, %xmm0, %xmm0
	vinsertf128	$1, %xmm0, %ymm0, %ymm0
	vmovaps	%ymm0, %ymm1
	vmovaps	%ymm0, %ymm2
	vmovaps	%ymm0, %ymm3
	vmovaps	%ymm0, %ymm4
	vmovaps	%ymm0, %ymm5
	vmovaps	%ymm0, %ymm6
	vmovaps	%ymm0, %ymm7
	movl	$0x600d, %eax
	ret
CALLEE_END avx_clobber

/* u32 fpu_sse(void): one SSE instruction, xorps; returns 0x600d. */
CALLEE fpu_sse
SYM_INNER_LABEL(kexec_call_test_fpu_sse_insn, SYM_L_GLOBAL)
	xorps	%xmm0, %xmm0
	movl	$0x600d, %eax
	ret
CALLEE_END fpu_sse

/*
 * u32 own_tables(void): loads a GDT of its own (code at 0x28, data at
 * 0x30, an LDT at 0x38) and an IDT of its own whose vector 0x40 returns
 * 0x1d7 in EAX, reloads every segment register from them and executes
 * int $0x40.  Returns (CS << 16) | the handler's value.  The tables are
 * built in the scratch area after the code.
 */
#define OWN_CS		0x28
#define OWN_DS		0x30
#define OWN_LDT		0x38
#define OWN_VECTOR	0x40
CALLEE own_tables
	call	1f
1:	popl	%ebx
	leal	(kexec_call_test_own_tables_scratch - 1b)(%ebx), %edi
	/* GDT at [edi], 8 entries: flat code32 and data32, then the LDT */
	xorl	%eax, %eax
	movl	$16, %ecx
	pushl	%edi
	rep stosl
	popl	%edi
	movl	$0x0000ffff, OWN_CS(%edi)
	movl	$0x00cf9a00, OWN_CS + 4(%edi)
	movl	$0x0000ffff, OWN_DS(%edi)
	movl	$0x00cf9200, OWN_DS + 4(%edi)
	/* An empty LDT (limit 0) based at the scratch area */
	movl	%edi, %eax
	shll	$16, %eax
	movw	$0, %ax
	movl	%eax, OWN_LDT(%edi)
	movl	%edi, %eax
	movl	%eax, %edx
	andl	$0xff000000, %eax
	shrl	$16, %edx
	andl	$0xff, %edx
	orl	%edx, %eax
	orl	$0x8200, %eax
	movl	%eax, OWN_LDT + 4(%edi)
	/* The GDTR at [edi + 64], the IDTR at [edi + 72] */
	movw	$63, 64(%edi)
	movl	%edi, 66(%edi)
	/* IDT at [edi + 128]: one interrupt gate, vector OWN_VECTOR */
	leal	128(%edi), %esi
	movw	$(8 * (OWN_VECTOR + 1) - 1), 72(%edi)
	movl	%esi, 74(%edi)
	leal	(2f - 1b)(%ebx), %eax
	movw	%ax, 8 * OWN_VECTOR(%esi)
	movw	$OWN_CS, 8 * OWN_VECTOR + 2(%esi)
	movw	$0x8e00, 8 * OWN_VECTOR + 4(%esi)
	shrl	$16, %eax
	movw	%ax, 8 * OWN_VECTOR + 6(%esi)
	lgdt	64(%edi)
	lidt	72(%edi)
	movl	$OWN_LDT, %eax
	lldt	%ax
	/* CS through a far return, then the data segments */
	pushl	$OWN_CS
	leal	(3f - 1b)(%ebx), %eax
	pushl	%eax
	lretl
3:	movl	$OWN_DS, %eax
	movl	%eax, %ss
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %fs
	movl	%eax, %gs
	xorl	%eax, %eax
	int	$OWN_VECTOR
	movl	%cs, %edx
	shll	$16, %edx
	orl	%edx, %eax
	ret
	/* The handler of OWN_VECTOR */
2:	movl	$0x1d7, %eax
	iret
	.balign	16
SYM_INNER_LABEL(kexec_call_test_own_tables_scratch, SYM_L_GLOBAL)
	.skip	128 + 8 * (OWN_VECTOR + 1)
CALLEE_END own_tables

/*
 * u32 spin(u32 how, u32 cycles, u32 vector): with bit 1 of how set, first
 * sends its own CPU a fixed interrupt of vector through the local APIC
 * (the self shorthand, in xAPIC or x2APIC mode); with bit 0 set, executes
 * sti.  Then spins for cycles TSC cycles, or forever for cycles = 0.
 * Returns the number of loop iterations.
 */
CALLEE spin
	testl	$2, ARG(1)
	jz	1f
	movl	$0x1b, %ecx
	rdmsr
	movl	ARG(3), %ebx
	orl	$0x44000, %ebx
	testl	$0x400, %eax
	jnz	5f
	andl	$0xfffff000, %eax
	movl	%ebx, 0x300(%eax)
	jmp	1f
5:	movl	$0x830, %ecx
	movl	%ebx, %eax
	xorl	%edx, %edx
	wrmsr
1:	testl	$1, ARG(1)
	jz	2f
	sti
2:	rdtsc
	movl	%eax, %ebx
	xorl	%esi, %esi
3:	incl	%esi
	pause
	cmpl	$0, ARG(2)
	je	3b
	rdtsc
	subl	%ebx, %eax
	cmpl	ARG(2), %eax
	jb	3b
	cli
	movl	%esi, %eax
	ret
CALLEE_END spin

/*
 * u32 bad_state(u32 what): returns 0x600d with, for what = 1, the
 * direction flag set; 2, interrupts enabled; 3, CR0.AM toggled; 4,
 * CR4.TSD toggled.
 */
CALLEE bad_state
	movl	ARG(1), %eax
	cmpl	$1, %eax
	jne	1f
	std
1:	cmpl	$2, %eax
	jne	2f
	sti
2:	cmpl	$3, %eax
	jne	3f
	movl	%cr0, %ecx
	xorl	$0x40000, %ecx
	movl	%ecx, %cr0
3:	cmpl	$4, %eax
	jne	4f
	movl	%cr4, %ecx
	xorl	$0x4, %ecx
	movl	%ecx, %cr4
4:	movl	$0x600d, %eax
	ret
CALLEE_END bad_state

/*
 * u32 read_dr7(void): returns DR7 as the callee finds it, after pointing
 * DR0-DR3 elsewhere, as firmware that uses breakpoints of its own may.
 */
CALLEE read_dr7
	movl	$0x1000, %ecx
	movl	%ecx, %dr0
	movl	%ecx, %dr1
	movl	%ecx, %dr2
	movl	%ecx, %dr3
	movl	%dr7, %eax
	ret
CALLEE_END read_dr7

/*
 * u32 int_mc(void): executes int $18, the machine-check vector, in
 * software (MCG_STATUS.MCIP stays clear); returns 0x600d if it gets back.
 */
CALLEE int_mc
	int	$18
	movl	$0x600d, %eax
	ret
CALLEE_END int_mc

/*
 * u32 own_nmi_idt(u32 cycles): loads an IDT of its own whose NMI gate only
 * IRETs, so that it absorbs every NMI, and spins for cycles TSC cycles;
 * then loads the IDT it found back and spins forever.
 */
CALLEE own_nmi_idt
	call	1f
1:	popl	%ebx
	leal	(kexec_call_test_own_nmi_idt_scratch - 1b)(%ebx), %edi
	/* The IDTR found at [edi], ours at [edi + 8], the IDT at [edi + 16] */
	sidt	(%edi)
	leal	16(%edi), %esi
	leal	(2f - 1b)(%ebx), %eax
	movw	%ax, 16(%esi)
	movw	%cs, %dx
	movw	%dx, 18(%esi)
	movw	$0x8e00, 20(%esi)
	shrl	$16, %eax
	movw	%ax, 22(%esi)
	movw	$23, 8(%edi)
	movl	%esi, 10(%edi)
	lidt	8(%edi)
	rdtsc
	movl	%eax, %ecx
3:	pause
	rdtsc
	subl	%ecx, %eax
	cmpl	ARG(1), %eax
	jb	3b
	lidt	(%edi)
4:	pause
	jmp	4b
	/* The NMI gate's handler */
2:	iret
	.balign	16
SYM_INNER_LABEL(kexec_call_test_own_nmi_idt_scratch, SYM_L_GLOBAL)
	.skip	16 + 3 * 8
CALLEE_END own_nmi_idt

/*
 * u32 bad_stack(u32 how): moves ESP into the firmware ROM below 4 GiB,
 * where what the CPU pushes is lost and what it pops is the ROM's, then
 * for how = 0 executes ud2, for how = 1 spins forever.
 */
CALLEE bad_stack
	movl	ARG(1), %eax
	movl	$0xffffff00, %esp
	testl	%eax, %eax
	jnz	1f
	ud2
1:	pause
	jmp	1b
CALLEE_END bad_stack
