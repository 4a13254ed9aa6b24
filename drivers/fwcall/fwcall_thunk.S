/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fwcall's real-mode thunk: a kexec_call callee that runs one BIOS
 * software interrupt in real mode.
 *
 * It is copied to offset 0 of fwcall's low-memory region (below 1 MiB,
 * see fwcall_thunk.h) and called by kexec_call in 32-bit flat protected
 * mode with paging off: u32 thunk(u32 vector).  It loads its own GDT,
 * drops to 16-bit protected mode on a segment based at the region, turns
 * protection off, runs "int vector" in real mode with the registers of
 * the struct fwcall_regs at FWCALL_THUNK_REGS (and the interrupt vector
 * table as IDT, the stack on the region's second page), stores the
 * registers the BIOS returned back there, and returns to protected mode
 * and to kexec_call with EAX = 0.  While it is in real mode, the NMI
 * vector of the interrupt vector table points to the thunk's own handler,
 * which counts NMIs at FWCALL_THUNK_NMIS for the C side to raise again
 * (kexec_call latches those that come in protected mode).
 *
 * A second routine, fwcall_bios32_shim, far-calls 32-bit BIOS entry points
 * in protected mode (the BIOS32 service directory, the PCI BIOS).
 *
 * The C side fills in the data the thunk cannot know before it is placed:
 * the region's address and segment, its GDT's bases and the far pointer
 * back to 32-bit code.
 */
#include <linux/linkage.h>
#include <asm/processor-flags.h>

#include "fwcall_thunk.h"

#define OFF(label)	((label) - fwcall_thunk_start)
#define REG(r)		(FWCALL_THUNK_REGS + FWCALL_REGS_##r)

	.section .rodata, "a"
	.balign	16
SYM_DATA_START(fwcall_thunk)
SYM_INNER_LABEL(fwcall_thunk_start, SYM_L_GLOBAL)
	.code32
	/* EBX = the region's base; [esp + 4] is the vector */
	call	.Lbase
.Lbase:
	popl	%ebx
	subl	$OFF(.Lbase), %ebx
	movl	4(%esp), %eax
	movb	%al, OFF(.Lint_vector)(%ebx)
	movl	%esp, FWCALL_THUNK_SAVED_ESP(%ebx)

	/* Our GDT, then 16-bit protected mode on the region's segment */
	lgdtl	FWCALL_THUNK_GDT_DESC(%ebx)
	ljmpl	$FWCALL_CS16, $OFF(.Lpm16)

	.code16
.Lpm16:
	/*
	 * Real-mode compatible limits (64 KiB) for every data segment, and
	 * the region's own stack at once: kexec_call's ESP means nothing in
	 * a segment based at the region.
	 */
	movw	$FWCALL_DS16, %ax
	movw	%ax, %ss
	movl	$FWCALL_THUNK_STACK_TOP, %esp
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %fs
	movw	%ax, %gs

	movl	%cr0, %eax
	andl	$~X86_CR0_PE, %eax
	movl	%eax, %cr0

	/* Real mode: CS = the region's segment, through a far return */
	pushw	FWCALL_THUNK_RM_SEG
	pushw	$OFF(.Lreal)
	lretw

.Lreal:
	movw	%cs, %ax
	movw	%ax, %ss
	movl	$FWCALL_THUNK_STACK_TOP, %esp
	lidtl	%cs:FWCALL_THUNK_RM_IDT

	/* NMIs to our handler: IVT[2] = CS:.Lnmi_real, in one store */
	xorw	%ax, %ax
	movw	%ax, %ds
	movl	(2 * 4), %eax
	movl	%eax, %cs:FWCALL_THUNK_SAVED_NMI
	movw	%cs, %ax
	shll	$16, %eax
	movw	$OFF(.Lnmi_real), %ax
	movl	%eax, (2 * 4)

	/* The caller's registers; DS last, it addresses them no more */
	movw	%cs:REG(ES), %ax
	movw	%ax, %es
	movl	%cs:REG(EBX), %ebx
	movl	%cs:REG(ECX), %ecx
	movl	%cs:REG(EDX), %edx
	movl	%cs:REG(ESI), %esi
	movl	%cs:REG(EDI), %edi
	movl	%cs:REG(EBP), %ebp
	movl	%cs:REG(EAX), %eax
	movw	%cs:REG(DS), %ds

	.byte	0xcd			/* int imm8 */
.Lint_vector:
	.byte	0

	/* What the BIOS returned */
	pushfl
	movl	%eax, %cs:REG(EAX)
	movl	%ebx, %cs:REG(EBX)
	movl	%ecx, %cs:REG(ECX)
	movl	%edx, %cs:REG(EDX)
	movl	%esi, %cs:REG(ESI)
	movl	%edi, %cs:REG(EDI)
	movl	%ebp, %cs:REG(EBP)
	movw	%ds, %cs:REG(DS)
	movw	%es, %cs:REG(ES)
	popl	%cs:REG(EFLAGS)
	cli
	cld

	/* The BIOS's NMI vector back */
	xorw	%ax, %ax
	movw	%ax, %ds
	movl	%cs:FWCALL_THUNK_SAVED_NMI, %eax
	movl	%eax, (2 * 4)

	/* Back to 32-bit protected mode; EBX = the region's base again */
	movl	%cs:FWCALL_THUNK_BASE, %ebx
	lgdtl	%cs:FWCALL_THUNK_GDT_DESC
	movl	%cr0, %eax
	orl	$X86_CR0_PE, %eax
	movl	%eax, %cr0
	ljmpl	*%cs:FWCALL_THUNK_PM32

	/* An NMI in real mode: counted, raised again by the C side */
.Lnmi_real:
	incl	%cs:FWCALL_THUNK_NMIS
	iret

	.code32
SYM_INNER_LABEL(fwcall_thunk_pm32, SYM_L_GLOBAL)
	movl	$FWCALL_DS32, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %fs
	movl	%eax, %gs
	movl	%eax, %ss
	movl	FWCALL_THUNK_SAVED_ESP(%ebx), %esp
	xorl	%eax, %eax
	ret

	/*
	 * u32 bios32_shim(u32 entry): far-call a 32-bit BIOS entry point
	 * (the BIOS32 service directory or a service it names, such as the
	 * PCI BIOS) with CS = FWCALL_CS32, flat like the trampoline's, and
	 * the general registers of the struct fwcall_regs at
	 * FWCALL_THUNK_REGS; store those it returns, EFLAGS included.
	 */
SYM_INNER_LABEL(fwcall_bios32_shim, SYM_L_GLOBAL)
	call	.Lshim_base
.Lshim_base:
	popl	%ebx
	subl	$OFF(.Lshim_base), %ebx
	movl	4(%esp), %eax
	/* [esp + 8] the region's base, [esp] the far pointer */
	pushl	%ebx
	pushl	$FWCALL_CS32
	pushl	%eax
	movl	REG(EAX)(%ebx), %eax
	movl	REG(ECX)(%ebx), %ecx
	movl	REG(EDX)(%ebx), %edx
	movl	REG(ESI)(%ebx), %esi
	movl	REG(EDI)(%ebx), %edi
	movl	REG(EBP)(%ebx), %ebp
	movl	REG(EBX)(%ebx), %ebx
	lcall	*(%esp)
	pushfl
	pushl	%ebx
	movl	16(%esp), %ebx
	movl	%eax, REG(EAX)(%ebx)
	movl	%ecx, REG(ECX)(%ebx)
	movl	%edx, REG(EDX)(%ebx)
	movl	%esi, REG(ESI)(%ebx)
	movl	%edi, REG(EDI)(%ebx)
	movl	%ebp, REG(EBP)(%ebx)
	popl	REG(EBX)(%ebx)
	popl	REG(EFLAGS)(%ebx)
	addl	$12, %esp
	cld
	xorl	%eax, %eax
	ret
SYM_INNER_LABEL(fwcall_thunk_end, SYM_L_GLOBAL)
SYM_DATA_END(fwcall_thunk)
