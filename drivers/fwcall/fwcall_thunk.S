/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fwcall's real-mode thunk: a kexec_call callee that runs one BIOS
 * software interrupt in real mode.
 *
 * It is copied to offset 0 of fwcall's low-memory region (below 1 MiB,
 * see fwcall_thunk.h) and called by kexec_call in 32-bit flat protected
 * mode with paging off, kexec_call's callee IDT loaded: u32 thunk(u32
 * vector).  It loads its own GDT, drops to 16-bit protected mode on a
 * segment based at the region, turns protection off, runs "int vector" in
 * real mode with the registers of the struct fwcall_regs at
 * FWCALL_THUNK_REGS (and the interrupt vector table as IDT, the stack on
 * the region's second page), stores the registers the BIOS returned back
 * there, and returns to protected mode, to kexec_call's IDT and to
 * kexec_call with EAX = 0.  It clobbers EAX, ECX, EDX, ESI, EDI, EBP and
 * the segment registers; ESP comes back as it was.
 *
 * NMIs.  In 32-bit code and in 16-bit protected mode before the switch,
 * kexec_call's IDT takes them (latched, or the call aborted).  While the
 * thunk is in real mode, the NMI vector of the interrupt vector table
 * points to the thunk's own handler, which counts NMIs at
 * FWCALL_THUNK_NMIS for the C side to raise again.  Across each switch
 * between real and protected mode the transition IDT (fwcall_thunk.h) is
 * loaded, so that an NMI finds a valid entry whichever way CR0.PE reads:
 * the real-mode handler, or a 16-bit gate to its protected-mode twin.
 *
 * The deadline.  kexec_call's watch sets the word at FWCALL_THUNK_ABORT
 * (kexec_call_set_abort_flag()) before each abort NMI it sends.  An NMI
 * that finds it set in real mode or in a transition abandons the BIOS:
 * the thunk puts the BIOS's NMI vector back, returns to 32-bit protected
 * mode and kexec_call's IDT and halts there, where the next abort NMI (the
 * watch sends one every 10 ms) ends the call through kexec_call's abort
 * path, with -ETIMEDOUT.
 *
 * A second routine, fwcall_bios32_shim, far-calls 32-bit BIOS entry points
 * in protected mode (the BIOS32 service directory, the PCI BIOS).
 *
 * The C side fills in the data the thunk cannot know before it is placed:
 * the region's address and segment, its GDT's bases, the transition IDT
 * and the far pointer back to 32-bit code.
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

	/* kexec_call's IDT, to be put back before the thunk returns */
	sidtl	FWCALL_THUNK_PM_IDT(%ebx)

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

	/*
	 * The transition IDT: from here until the real-mode IVT is loaded an
	 * NMI reaches the thunk's handler in either mode.
	 */
	lidtl	%cs:FWCALL_THUNK_XIDT_DESC

	/* Protection off: real mode, still on the cached 16-bit segments */
	movl	%cr0, %eax
	andl	$~X86_CR0_PE, %eax
	movl	%eax, %cr0

	/*
	 * Real mode: CS = the region's segment, through a far return.  Until
	 * it, CS holds the FWCALL_CS16 selector, which fwcall_thunk_nmi_real
	 * replaces in the frame of an NMI taken here.
	 */
	pushw	FWCALL_THUNK_RM_SEG
	pushw	$OFF(.Lreal)
	lretw

.Lreal:
	movw	%cs, %ax
	movw	%ax, %ss
	movl	$FWCALL_THUNK_STACK_TOP, %esp

	/*
	 * NMIs to our handler: IVT[2] = CS:fwcall_thunk_nmi_real (the
	 * transition IDT's real-mode entry) in one store, the BIOS's kept
	 * to be put back
	 */
	xorw	%ax, %ax
	movw	%ax, %ds
	movl	(2 * 4), %eax
	movl	%eax, %cs:FWCALL_THUNK_SAVED_NMI
	movl	%cs:(FWCALL_THUNK_XIDT + FWCALL_XIDT_RM_NMI), %eax
	movl	%eax, (2 * 4)

	/* The interrupt vector table as IDT, for the BIOS */
	lidtl	%cs:FWCALL_THUNK_RM_IDT

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

	/*
	 * Leaving real mode, from the BIOS's return or from an NMI that
	 * abandoned it (on our stack then).  First the transition IDT, so
	 * that NMIs stay ours once the BIOS's vector is back.
	 */
.Lleave_real:
	cli
	cld
	lidtl	%cs:FWCALL_THUNK_XIDT_DESC

	/* The BIOS's NMI vector back, unless it is not ours (not yet, or the BIOS's own) */
	xorw	%ax, %ax
	movw	%ax, %ds
	movl	(2 * 4), %eax
	cmpl	%cs:(FWCALL_THUNK_XIDT + FWCALL_XIDT_RM_NMI), %eax
	jne	.Lnmi_vector_back
	movl	%cs:FWCALL_THUNK_SAVED_NMI, %eax
	movl	%eax, (2 * 4)
.Lnmi_vector_back:

	/* Our GDT again (the BIOS may have loaded its own), then protection on */
	lgdtl	%cs:FWCALL_THUNK_GDT_DESC
	movl	%cr0, %eax
	orl	$X86_CR0_PE, %eax
	movl	%eax, %cr0

	/*
	 * 16-bit protected mode on the region's segment, at the same
	 * offsets.  Until this jump CS holds the real-mode segment, which
	 * fwcall_thunk_nmi_pm16 replaces in the frame of an NMI taken here.
	 */
	ljmpw	$FWCALL_CS16, $OFF(.Lpm16_back)

.Lpm16_back:
	/* Our data segment and stack (the BIOS's, or an abandoned one's, are no use) */
	movw	$FWCALL_DS16, %ax
	movw	%ax, %ss
	movl	$FWCALL_THUNK_STACK_TOP, %esp

	/*
	 * kexec_call's IDT back: its 32-bit NMI gate serves 16-bit and
	 * 32-bit protected mode alike.  Then 32-bit code, EBX = the
	 * region's base.
	 */
	lidtl	%cs:FWCALL_THUNK_PM_IDT
	movl	%cs:FWCALL_THUNK_BASE, %ebx
	ljmpl	*%cs:FWCALL_THUNK_PM32

	/*
	 * An NMI in real mode, through IVT[2] or the transition IDT's
	 * real-mode entry.  Unless kexec_call's watch has aborted the call,
	 * counted for the C side to raise again, and the interrupted code
	 * resumed: the BIOS, or the thunk between clearing CR0.PE and
	 * loading a real-mode CS, where the frame holds the FWCALL_CS16
	 * selector and the same offsets hold in our real-mode segment.
	 */
SYM_INNER_LABEL(fwcall_thunk_nmi_real, SYM_L_GLOBAL)
	cmpl	$0, %cs:FWCALL_THUNK_ABORT
	jne	.Lnmi_real_abort
	incl	%cs:FWCALL_THUNK_NMIS
	pushw	%bp
	movw	%sp, %bp
	cmpw	$FWCALL_CS16, 4(%bp)
	jne	.Lnmi_real_resume
	movw	%cs, 4(%bp)
.Lnmi_real_resume:
	popw	%bp
	iret

	/*
	 * The deadline has passed: abandon the BIOS and its stack, keeping
	 * where it was for the C side to log.  An IRET to .Lleave_real on
	 * our stack ends the NMI's blocking, so that the watch's next abort
	 * NMI can come; the NMI is not counted (the abort raises one again
	 * for all).
	 */
.Lnmi_real_abort:
	movw	%sp, %bp
	movl	(%bp), %eax
	movl	%eax, %cs:FWCALL_THUNK_ABORT_AT
	movw	%cs, %ax
	movw	%ax, %ss
	movl	$FWCALL_THUNK_STACK_TOP, %esp
	pushw	$X86_EFLAGS_FIXED
	pushw	%cs
	pushw	$OFF(.Lleave_real)
	iret

	/*
	 * An NMI in 16-bit protected mode through the transition IDT's gate:
	 * between its LIDT and clearing CR0.PE, or between setting CR0.PE
	 * and the far jump to FWCALL_CS16, where the frame holds the
	 * real-mode segment.  Either way the thunk resumes on FWCALL_CS16.
	 * Counted, or on an abort the switch is left for .Lpm16_back, as
	 * in real mode.
	 */
SYM_INNER_LABEL(fwcall_thunk_nmi_pm16, SYM_L_GLOBAL)
	cmpl	$0, %cs:FWCALL_THUNK_ABORT
	jne	.Lnmi_pm16_abort
	incl	%cs:FWCALL_THUNK_NMIS
	pushw	%bp
	movw	%sp, %bp
	movw	$FWCALL_CS16, 4(%bp)
	popw	%bp
	iret

.Lnmi_pm16_abort:
	movw	$FWCALL_DS16, %ax
	movw	%ax, %ss
	movl	$FWCALL_THUNK_STACK_TOP, %esp
	pushw	$X86_EFLAGS_FIXED
	pushw	$FWCALL_CS16
	pushw	$OFF(.Lpm16_back)
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

	/*
	 * The deadline has passed (the BIOS was abandoned, or overran on its
	 * way out): halt with kexec_call's IDT loaded until the watch's next
	 * abort NMI, which ends the call.
	 */
	cmpl	$0, FWCALL_THUNK_ABORT(%ebx)
	jne	.Lwait_abort
	xorl	%eax, %eax
	ret
.Lwait_abort:
	hlt
	jmp	.Lwait_abort

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
