/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kexec_call on x86_64: leave long mode, call physical-mode code, come back.
 *
 * kexec_call_switch() runs in kernel text.  It saves the kernel's CPU state
 * in the image's struct kexec_call_state (asm/kexec_call.h), loads the
 * image's page table (the kernel's upper half plus an identity map of the
 * control pages) and jumps to the trampoline copy on the control page.
 *
 * The trampoline (kexec_call_tramp_start..kexec_call_tramp_end) is position
 * independent: it is copied to offset 0 of each image's control page and
 * finds its state at KEXEC_CALL_STATE_OFFSET from its own address.  It
 * loads its own GDT, drops to 32-bit compatibility mode, turns paging and
 * long mode off and calls the entry point:
 *
 *   Entry state of the callee: 32-bit protected mode, paging off, CR0 and
 *   CR4 as the C side chose (kexec_call_state.cr0_call, .cr4_call),
 *   EFER.LME = 0, IF = 0, CS = KEXEC_CALL_CS32 and DS/ES/FS/GS/SS =
 *   KEXEC_CALL_DS32 (flat 4 GiB), ESP = the prepared frame: [esp] is the
 *   return address, [esp + 4]... the 32-bit arguments.  EDX = 0.
 *   Exit state: EAX (EDX:EAX) the result; every other register but ESP and
 *   any data segment register may be clobbered.
 *
 * NMIs can arrive at any instruction, so at every point of the way one IDT
 * is loaded that handles them:
 *  - the kernel's, in kernel text until the trampoline runs and again from
 *    the moment the kernel's GS base is back; our GDT has the kernel's code
 *    and data selectors in the same slots, so the kernel's handler also
 *    works in the few instructions that run on our GDT;
 *  - the switch IDT (kexec_call_state.switch_idt) across the mode switches,
 *    whose NMI gate is valid both in long mode (a 64-bit gate on the
 *    kernel's NMI IST stack) and with paging off (a 32-bit gate): NMIs there
 *    are counted (those that take the deadline watch's mark as aborts too)
 *    and one is raised again by the C side;
 *  - the callee IDT while the callee runs: an exception ends the call (the
 *    vector, error code, EIP and CR2 are recorded and the C side returns
 *    -EFAULT); an NMI is counted, unless the deadline watch fired, and then
 *    it aborts the callee and the C side returns -ETIMEDOUT.
 *
 * On the callee's near ret the trampoline reloads its own GDT, IDT and
 * segments (the callee may have loaded its own), records EFLAGS, CR0 and CR4
 * as the callee left them, re-enters long mode on the image's page table
 * and jumps back to kernel text, where the kernel's GDT, IDT, LDT, segment
 * registers, task register, FS/GS bases, CR4, CR3 and flags are restored
 * (the task register on the writable alias of the GDT, which the C caller
 * puts in kexec_call_state.gdtr_rw, before the kernel's own GDT is loaded
 * again).
 *
 * The trampoline lives in .rodata: it is data here and code only in its copy.
 */
#include <linux/linkage.h>
#include <linux/objtool.h>
#include <asm/asm.h>
#include <asm/asm-offsets.h>
#include <asm/kexec_call.h>
#include <asm/msr-index.h>
#include <asm/nospec-branch.h>
#include <asm/page_types.h>
#include <asm/processor-flags.h>
#include <asm/segment.h>
#include <asm/trapnr.h>

#include "kexec_call_tramp32.S"

/* The busy bit in the type field of a TSS descriptor (byte 5) */
#define KEXEC_CALL_TSS_BUSY	0x02

/* Save MSR \msr into the u64 at \field(%rdi); clobbers EAX, ECX, EDX. */
.macro SAVE_MSR msr:req, field:req
	movl	$\msr, %ecx
	rdmsr
	movl	%eax, \field(%rdi)
	movl	%edx, \field + 4(%rdi)
.endm

/* Load MSR \msr from the u64 at \field(%rdi); clobbers EAX, ECX, EDX. */
.macro RESTORE_MSR msr:req, field:req
	movl	$\msr, %ecx
	movl	\field(%rdi), %eax
	movl	\field + 4(%rdi), %edx
	wrmsr
.endm

	/*
	 * noinstr: no kprobe, tracer or instrumentation may run on the way
	 * out and back, where the CPU state is half the kernel's
	 */
	.section .noinstr.text, "ax"
	.code64
/*
 * u64 kexec_call_switch(struct kexec_call_state *state)
 * @state (RDI) - the image's state, kernel virtual address
 * Returns EDX:EAX of the callee in RAX.  Interrupts must be off.
 */
SYM_FUNC_START(kexec_call_switch)
	/* Callee-saved registers and flags stay on the kernel stack */
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	pushfq
	cli

	/*
	 * Save the stack, control registers, descriptor tables and segment
	 * selectors; the segment bases follow from the MSRs
	 */
	SAVE_KERNEL_STATE

	/* Save EFER and the FS/GS bases, which 32-bit segment loads clobber */
	SAVE_MSR MSR_EFER, KEXEC_CALL_efer
	SAVE_MSR MSR_FS_BASE, KEXEC_CALL_fs_base
	SAVE_MSR MSR_GS_BASE, KEXEC_CALL_gs_base
	SAVE_MSR MSR_KERNEL_GS_BASE, KEXEC_CALL_kernel_gs_base

	leaq	.Lkexec_call_back(%rip), %rax
	movq	%rax, KEXEC_CALL_ret_addr(%rdi)

	/*
	 * The image's page table maps this code and the trampoline copy.  It
	 * is loaded with PCID 0, which the kernel does not use, and its PGD
	 * is 8 KiB aligned, so the entry code never takes it for a PTI user
	 * page table if an NMI comes now.
	 */
	movq	KEXEC_CALL_pgd(%rdi), %rax
	movq	%rax, %cr3

	movq	KEXEC_CALL_tramp(%rdi), %rax
	ANNOTATE_RETPOLINE_SAFE
	jmp	*%rax

.Lkexec_call_back:
	/*
	 * Back from the trampoline in 64-bit mode on the image's page table
	 * with the kernel stack and the switch IDT; RDI is @state again.
	 */
	ENDBR

	/*
	 * The kernel's GDT through its writable alias (the task register is
	 * reloaded on it below), then CS from it with a far return
	 */
	lgdt	KEXEC_CALL_gdtr_rw(%rdi)
	pushq	$__KERNEL_CS
	leaq	.Lkexec_call_kernel_cs(%rip), %rax
	pushq	%rax
	lretq
.Lkexec_call_kernel_cs:
	/* Data segment selectors and the LDT; the GS base is rewritten below */
	RESTORE_KERNEL_SEGMENTS

	/*
	 * The task register, as force_reload_TR() does it: LTR wants an
	 * available TSS and marks it busy in the GDT, so on the writable
	 * alias; then the kernel's own (read-only) GDT again
	 */
	movq	KEXEC_CALL_gdtr_rw + 2(%rdi), %rax
	andb	$~KEXEC_CALL_TSS_BUSY, GDT_ENTRY_TSS * 8 + 5(%rax)
	movl	$GDT_ENTRY_TSS * 8, %eax
	ltr	%ax
	lgdt	KEXEC_CALL_gdtr(%rdi)

	/* FS/GS bases: GS holds the per-CPU base, nothing per-CPU before */
	RESTORE_MSR MSR_FS_BASE, KEXEC_CALL_fs_base
	RESTORE_MSR MSR_GS_BASE, KEXEC_CALL_gs_base
	RESTORE_MSR MSR_KERNEL_GS_BASE, KEXEC_CALL_kernel_gs_base

	/* From here the kernel's own NMI handler can run */
	lidt	KEXEC_CALL_idtr(%rdi)

	/* CR4 in full (PCIDE needs CR3[11:0] = 0, true now), then CR3 */
	movq	KEXEC_CALL_cr4(%rdi), %rax
	movq	%rax, %cr4
	movq	KEXEC_CALL_cr3(%rdi), %rax
	movq	%rax, %cr3

	/* The callee's EDX:EAX */
	movl	KEXEC_CALL_ret_edx(%rdi), %eax
	shlq	$32, %rax
	movl	KEXEC_CALL_ret_eax(%rdi), %edx
	orq	%rdx, %rax

	popfq
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	/* A plain ret, not the return thunk, as relocate_kernel_64.S */
	ANNOTATE_UNRET_SAFE
	ret
	int3
SYM_FUNC_END(kexec_call_switch)
/* Its stack is saved and restored around a jump objtool cannot follow. */
STACK_FRAME_NON_STANDARD kexec_call_switch

	.section .rodata, "a"
	.balign	16
SYM_DATA_START_LOCAL(kexec_call_tramp)
SYM_INNER_LABEL(kexec_call_tramp_start, SYM_L_GLOBAL)
	.code64
	/*
	 * Entered from kexec_call_switch() in 64-bit mode at the physical
	 * address of the copy, on the image's page table, kernel stack.
	 * RBX = the physical address of the copy: the base for everything.
	 * ESI is 0 for a call; kexec_call_tramp_floor sets it.
	 */
	ENDBR
	xorl	%esi, %esi
.Ltramp_enter:
	leaq	kexec_call_tramp_start(%rip), %rbx

	/* NMIs from now on go to the switch IDT */
	lidt	STATE(switch_idt_desc_limit)(%rbx)

	/*
	 * PCIDE must be clear before paging can be turned off (CR3 holds
	 * PCID 0, as that requires), and CET must be off in 32-bit code.
	 */
	movq	%cr4, %rax
	andq	$~(X86_CR4_PCIDE | X86_CR4_CET), %rax
	movq	%rax, %cr4

	/* Our GDT, then 32-bit compatibility mode through a far return */
	lgdt	STATE(gdt_desc_limit)(%rbx)
	pushq	$KEXEC_CALL_CS32
	leaq	.Ltramp_compat(%rip), %rax
	pushq	%rax
	lretq

	.code32
.Ltramp_compat:
	/* Flat segments, our stack, paging off: out of long mode */
	TRAMP_PAGING_OFF

	/* Disable long mode so that paging, if the callee enables it, is legacy */
	movl	$MSR_EFER, %ecx
	rdmsr
	andl	$~EFER_LME, %eax
	wrmsr

	/* The bare switch of make bench turns round here */
	testl	%esi, %esi
	jnz	.Ltramp_resume

	TRAMP_CALL

.Ltramp_resume:

	/* CR4 for long mode: PAE and LA57 now, PCIDE and CET once back */
	movl	STATE(cr4)(%ebx), %eax
	andl	$~(X86_CR4_PCIDE | X86_CR4_CET), %eax
	movl	%eax, %cr4

	/* The image's page table (below 4 GiB) */
	movl	STATE(pgd)(%ebx), %eax
	movl	%eax, %cr3

	/* EFER as saved: LME on again (LMA is set by the CPU, not by us) */
	movl	$MSR_EFER, %ecx
	movl	STATE(efer)(%ebx), %eax
	movl	STATE(efer) + 4(%ebx), %edx
	andl	$~EFER_LMA, %eax
	wrmsr

	/* CR0 as saved: enabling paging activates long mode */
	movl	STATE(cr0)(%ebx), %eax
	movl	%eax, %cr0

	/* Far return to 64-bit code in our GDT */
	pushl	$KEXEC_CALL_CS64
	leal	(.Ltramp_long - kexec_call_tramp_start)(%ebx), %eax
	pushl	%eax
	lretl

	.code64
.Ltramp_long:
	/* Upper halves are undefined after compatibility mode */
	movl	%ebx, %ebx
	movq	STATE(self)(%rbx), %rdi
	movq	STATE(rsp)(%rbx), %rsp
	jmpq	*STATE(ret_addr)(%rbx)

	/*
	 * The switch IDT's long-mode handlers, on the kernel's IST stacks,
	 * reached with CET possibly still on (ENDBR): count an NMI for the C
	 * side to raise again, a machine check for it to end the call with
	 * -EIO and pass on to the kernel's handler.  An NMI that takes the
	 * abort mark is counted as an abort too (the next abort NMI will find
	 * the callee).
	 */
SYM_INNER_LABEL(kexec_call_tramp_nmi64, SYM_L_GLOBAL)
	ENDBR
	pushq	%rax
	incl	(kexec_call_tramp_start + STATE(nmis))(%rip)
	xorl	%eax, %eax
	xchgl	%eax, (kexec_call_tramp_start + STATE(abort_pending))(%rip)
	testl	%eax, %eax
	jz	1f
	incl	(kexec_call_tramp_start + STATE(nmi_aborts))(%rip)
1:	popq	%rax
	iretq

SYM_INNER_LABEL(kexec_call_tramp_mce64, SYM_L_GLOBAL)
	ENDBR
	incl	(kexec_call_tramp_start + STATE(mces))(%rip)
	iretq

	.code32
	TRAMP_HANDLERS

	.code64
	/*
	 * The entry of machine_kexec_call_floor(), the bare mode switch that
	 * make bench measures: the call's way out and back, without a callee.
	 */
SYM_INNER_LABEL(kexec_call_tramp_floor, SYM_L_GLOBAL)
	ENDBR
	movl	$1, %esi
	jmp	.Ltramp_enter
SYM_INNER_LABEL(kexec_call_tramp_end, SYM_L_GLOBAL)
SYM_DATA_END(kexec_call_tramp)

	.pushsection .rodata.kexec_call_relocs, "a"
SYM_INNER_LABEL(kexec_call_tramp_relocs_end, SYM_L_GLOBAL)
	.popsection
