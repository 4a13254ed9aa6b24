/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kexec_call on i386: turn paging off, call physical-mode code, come back.
 *
 * kexec_call_switch() runs in kernel text.  It saves the kernel's CPU state
 * in the image's struct kexec_call_state (asm/kexec_call.h), loads the
 * image's page table (the kernel's half plus an identity map of the control
 * pages, in the kernel's paging mode, PAE or not) and jumps to the
 * trampoline copy on the control page.  The trampoline loads its own GDT,
 * turns paging off and calls the entry point (kexec_call_tramp32.S), which
 * finds and leaves the CPU as described in kexec_call_64.S.
 *
 * NMIs can arrive at any instruction, so one IDT that handles them is
 * loaded at every point: the kernel's in kernel text, the switch IDT (its
 * 32-bit NMI gate) from the trampoline's first instruction to the kernel's
 * GDT being back, the callee IDT while the callee runs.  The trampoline's
 * GDT has its flat code and data segments at the kernel's selectors
 * (__KERNEL_CS, __KERNEL_DS, flat too), so the switch IDT's gate works with
 * either GDT loaded.
 *
 * On the way back the trampoline turns the kernel's paging on again (CR4,
 * EFER where the CPU has one, the image's page table, CR0) and jumps to
 * kernel text, where the kernel's GDT, IDT, LDT, segment registers, CR3 and
 * flags are restored.  The task register is reloaded by the C caller (its
 * busy bit needs the writable GDT).
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

	/*
	 * noinstr: no kprobe, tracer or instrumentation may run on the way
	 * out and back, where the CPU state is half the kernel's
	 */
	.section .noinstr.text, "ax"
/*
 * u64 kexec_call_switch(struct kexec_call_state *state)
 * @state (EAX) - the image's state, kernel virtual address
 * Returns EDX:EAX of the callee.  Interrupts must be off.
 */
SYM_FUNC_START(kexec_call_switch)
	/* Callee-saved registers and flags stay on the kernel stack */
	pushl	%ebp
	pushl	%ebx
	pushl	%esi
	pushl	%edi
	pushfl
	cli
	movl	%eax, %edi

	/* Save the stack, control registers, descriptor tables and selectors */
	SAVE_KERNEL_STATE

	/* EFER, where the CPU has one: its NX enable must be back before paging */
	cmpl	$0, KEXEC_CALL_has_efer(%edi)
	je	.Lkexec_call_no_efer
	movl	$MSR_EFER, %ecx
	rdmsr
	movl	%eax, KEXEC_CALL_efer(%edi)
	movl	%edx, KEXEC_CALL_efer + 4(%edi)
.Lkexec_call_no_efer:

	movl	$.Lkexec_call_back, KEXEC_CALL_ret_addr(%edi)

	/* The image's page table maps this code, the stack and the trampoline copy */
	movl	KEXEC_CALL_pgd(%edi), %eax
	movl	%eax, %cr3

	movl	KEXEC_CALL_tramp(%edi), %eax
	ANNOTATE_RETPOLINE_SAFE
	jmp	*%eax

.Lkexec_call_back:
	/*
	 * Back from the trampoline with paging on (the image's page table),
	 * the kernel stack and the switch IDT; EDI is @state again.
	 */
	lgdt	KEXEC_CALL_gdtr(%edi)
	ljmp	$__KERNEL_CS, $.Lkexec_call_kernel_cs
.Lkexec_call_kernel_cs:
	RESTORE_KERNEL_SEGMENTS

	/* From here the kernel's own NMI handler can run */
	lidt	KEXEC_CALL_idtr(%edi)

	movl	KEXEC_CALL_cr3(%edi), %eax
	movl	%eax, %cr3

	/* The callee's EDX:EAX */
	movl	KEXEC_CALL_ret_eax(%edi), %eax
	movl	KEXEC_CALL_ret_edx(%edi), %edx

	popfl
	popl	%edi
	popl	%esi
	popl	%ebx
	popl	%ebp
	/* A plain ret, not the return thunk, as relocate_kernel_32.S */
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
	/*
	 * Entered from kexec_call_switch() at the physical address of the
	 * copy, paging on with the image's page table, on the kernel stack
	 * and GDT.  ESI is 0 for a call; kexec_call_tramp_floor sets it.
	 */
	xorl	%esi, %esi
.Ltramp_enter:
	TRAMP_BASE %ebx

	/* NMIs from now on go to the switch IDT */
	lidt	STATE(switch_idt_desc_limit)(%ebx)

	/* Our GDT, then CS from it: the same selector, flat either way */
	lgdt	STATE(gdt_desc_limit)(%ebx)
	pushl	$KEXEC_CALL_CS32
	leal	(.Ltramp_our_cs - kexec_call_tramp_start)(%ebx), %eax
	pushl	%eax
	lretl
.Ltramp_our_cs:
	TRAMP_PAGING_OFF

	/* The bare switch of make bench turns round here */
	testl	%esi, %esi
	jnz	.Ltramp_resume

	TRAMP_CALL

.Ltramp_resume:
	/* The kernel's paging: CR4 (PAE, PSE, PGE) and EFER (NX) first */
	movl	STATE(cr4)(%ebx), %eax
	movl	%eax, %cr4
	cmpl	$0, STATE(has_efer)(%ebx)
	je	.Ltramp_no_efer
	movl	$MSR_EFER, %ecx
	movl	STATE(efer)(%ebx), %eax
	movl	STATE(efer) + 4(%ebx), %edx
	wrmsr
.Ltramp_no_efer:

	/* The image's page table, then CR0 as saved: paging on */
	movl	STATE(pgd)(%ebx), %eax
	movl	%eax, %cr3
	movl	STATE(cr0)(%ebx), %eax
	movl	%eax, %cr0

	/* Still at the identity-mapped copy: back to kernel text */
	movl	STATE(self)(%ebx), %edi
	movl	STATE(rsp)(%ebx), %esp
	jmp	*STATE(ret_addr)(%ebx)

	TRAMP_HANDLERS

	/*
	 * The entry of machine_kexec_call_floor(), the bare mode switch that
	 * make bench measures: the call's way out and back, without a callee.
	 */
SYM_INNER_LABEL(kexec_call_tramp_floor, SYM_L_GLOBAL)
	movl	$1, %esi
	jmp	.Ltramp_enter
SYM_INNER_LABEL(kexec_call_tramp_end, SYM_L_GLOBAL)
SYM_DATA_END(kexec_call_tramp)

	.pushsection .rodata.kexec_call_relocs, "a"
SYM_INNER_LABEL(kexec_call_tramp_relocs_end, SYM_L_GLOBAL)
	.popsection
