/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86 layout of a kexec_call image's control pages.
 *
 * Page 0 holds the trampoline (copied from kexec_call_tramp_start), then,
 * at KEXEC_CALL_STATE_OFFSET, struct kexec_call_state: the trampoline's GDT,
 * what the C side sets before each call and what the kernel side of the
 * switch saves to come back.  Page 1 is the callee's stack.
 *
 * The assembly reaches every field through the KEXEC_CALL_* offsets that
 * asm-offsets.c generates from this struct: the two must match.
 */
#ifndef _ASM_X86_KEXEC_CALL_H
#define _ASM_X86_KEXEC_CALL_H

/* Selectors in the trampoline's own GDT (must match kexec_call_state.gdt). */
#define KEXEC_CALL_CS32			0x08
#define KEXEC_CALL_DS32			0x10
#define KEXEC_CALL_CS64			0x18
#define KEXEC_CALL_GDT_ENTRIES		4

/* Exceptions the trampoline's IDT catches while the callee runs. */
#define KEXEC_CALL_IDT_ENTRIES		32
/* Each vector's stub is this long (must match kexec_call_tramp_vectors). */
#define KEXEC_CALL_VECTOR_STUB_SIZE	16

#define KEXEC_CALL_CONTROL_ORDER	1
#define KEXEC_CALL_STATE_OFFSET		0x800
#define KEXEC_CALL_STACK_OFFSET		PAGE_SIZE
#define KEXEC_CALL_STACK_SIZE		PAGE_SIZE

#ifndef __ASSEMBLER__

#include <linux/types.h>
#include <asm/desc_defs.h>

/**
 * struct kexec_call_state - the jump-back data on the control page
 * @gdt: the trampoline's GDT: null, 32-bit code, flat data, 64-bit code
 * @gdt_desc_pad: aligns @gdt_desc_base to 8 bytes
 * @gdt_desc_limit: limit of @gdt, for LGDT
 * @gdt_desc_base: physical address of @gdt, for LGDT
 * @entry: physical address of the callee, set before each call
 * @frame: physical ESP at the call: the first argument's slot
 * @pgd: physical address of the image's page table: the kernel's upper
 *       half and an identity map of the control pages
 * @tramp: physical address of the trampoline's 64-bit entry
 * @self: kernel virtual address of this struct
 * @ret_addr: kernel virtual address the trampoline jumps back to
 * @rsp: kernel stack pointer at the switch
 * @cr0: saved CR0
 * @cr3: saved CR3
 * @cr4: saved CR4
 * @efer: saved EFER
 * @fs_base: saved MSR_FS_BASE
 * @gs_base: saved MSR_GS_BASE (the per-CPU base)
 * @kernel_gs_base: saved MSR_KERNEL_GS_BASE (the user's GS base)
 * @gdtr: saved GDTR
 * @gdtr_pad: aligns @idtr
 * @idtr: saved IDTR
 * @idtr_pad: aligns @ds
 * @ds: saved DS selector
 * @es: saved ES selector
 * @fs: saved FS selector
 * @gs: saved GS selector
 * @ss: saved SS selector
 * @ldt: saved LDTR selector
 * @ret_eax: EAX when the callee returned
 * @ret_edx: EDX when the callee returned
 * @idt: the trampoline's 32-bit IDT: interrupt gates for vectors 0-31,
 *       loaded only while paging is off
 * @idt_desc_pad: aligns @idt_desc_base to 8 bytes
 * @idt_desc_limit: limit of @idt, for LIDT
 * @idt_desc_base: physical address of @idt, for LIDT
 * @fault_vector: 0, or 1 + the vector of the exception that ended the call
 * @fault_error: the exception's error code, 0 for vectors without one
 * @fault_eip: EIP of the faulting instruction (of the next one for traps)
 * @fault_cr2: CR2 at the exception
 * @nmis: NMIs latched while the callee ran, to be raised again
 */
struct kexec_call_state {
	u64 gdt[KEXEC_CALL_GDT_ENTRIES];
	u16 gdt_desc_pad[3];
	u16 gdt_desc_limit;
	u64 gdt_desc_base;

	u64 entry;
	u64 frame;
	u64 pgd;
	u64 tramp;
	u64 self;
	u64 ret_addr;

	u64 rsp;
	u64 cr0;
	u64 cr3;
	u64 cr4;
	u64 efer;
	u64 fs_base;
	u64 gs_base;
	u64 kernel_gs_base;
	struct desc_ptr gdtr;
	u16 gdtr_pad[3];
	struct desc_ptr idtr;
	u16 idtr_pad[3];
	u16 ds;
	u16 es;
	u16 fs;
	u16 gs;
	u16 ss;
	u16 ldt;

	u32 ret_eax;
	u32 ret_edx;

	u64 idt[KEXEC_CALL_IDT_ENTRIES];
	u16 idt_desc_pad[3];
	u16 idt_desc_limit;
	u64 idt_desc_base;
	u32 fault_vector;
	u32 fault_error;
	u32 fault_eip;
	u32 fault_cr2;
	u32 nmis;
};

/* The trampoline, copied to offset 0 of each image's control page. */
extern const u8 kexec_call_tramp_start[];
extern const u8 kexec_call_tramp_end[];
/* KEXEC_CALL_IDT_ENTRIES stubs, one per vector, inside the trampoline. */
extern const u8 kexec_call_tramp_vectors[];

/**
 * kexec_call_switch() - Leave the kernel for the trampoline and come back
 * @state: the image's state on its control page, kernel virtual address
 *
 * Saves the kernel's CPU state in @state, switches to the image's page
 * table and jumps to the trampoline, which leaves long mode and calls
 * @state->entry on the stack prepared at @state->frame.  Returns once the
 * callee has returned and the CPU state has been restored, except for the
 * task register, which the caller reloads.
 *
 * Context: Interrupts disabled.
 * Return: the callee's EDX:EAX.
 */
u64 kexec_call_switch(struct kexec_call_state *state);

#endif /* !__ASSEMBLER__ */

#endif /* _ASM_X86_KEXEC_CALL_H */
