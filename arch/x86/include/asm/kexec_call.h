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

#include <asm/segment.h>
#include <asm/trapnr.h>

/*
 * Selectors in the trampoline's own GDT (must match kexec_call_state.gdt).
 * They have the kernel's numbers (on x86_64 __KERNEL32_CS, __KERNEL_CS and
 * __KERNEL_DS; on i386, where the kernel's code and data segments are flat
 * 32-bit ones, __KERNEL_CS and __KERNEL_DS), so that an NMI taken while
 * one GDT is loaded and the other's IDT finds the segments it expects.
 */
#ifdef CONFIG_X86_64
#define KEXEC_CALL_CS32			__KERNEL32_CS
#define KEXEC_CALL_CS64			__KERNEL_CS
#define KEXEC_CALL_DS32			__KERNEL_DS
#else
#define KEXEC_CALL_CS32			__KERNEL_CS
#define KEXEC_CALL_DS32			__KERNEL_DS
#endif
#define KEXEC_CALL_GDT_ENTRIES		(KEXEC_CALL_DS32 / 8 + 1)

/* Exceptions the trampoline's IDT catches while the callee runs. */
#define KEXEC_CALL_IDT_ENTRIES		32
/* Each vector's stub is this long (must match kexec_call_tramp_vectors). */
#define KEXEC_CALL_VECTOR_STUB_SIZE	16
/*
 * The switch IDT, loaded while the CPU moves between the kernel's mode and
 * paging off, serves NMIs and machine checks: 32-bit gates at bytes 16 and
 * 144 (vectors 2 and 18 of an 8-byte table) and, on x86_64, 64-bit gates at
 * bytes 32 and 288 (vectors 2 and 18 of a 16-byte one).  The two views do
 * not overlap where a gate is used.
 */
#define KEXEC_CALL_SWITCH_IDT_SLOTS	(2 * (X86_TRAP_MC + 1))

/*
 * kexec_call_state.watch: the deadline watch of the call in progress in
 * the low bits, above them a count of calls, so that a watch that looked
 * at one call cannot fire on the next
 */
#define KEXEC_CALL_WATCH_IDLE		0
#define KEXEC_CALL_WATCH_ARMED		1
#define KEXEC_CALL_WATCH_FIRED		2
#define KEXEC_CALL_WATCH_MASK		3
#define KEXEC_CALL_WATCH_CALL		4

#define KEXEC_CALL_CONTROL_ORDER	1
#define KEXEC_CALL_STATE_OFFSET		0x800
#define KEXEC_CALL_STACK_OFFSET		PAGE_SIZE
#define KEXEC_CALL_STACK_SIZE		PAGE_SIZE

#ifndef __ASSEMBLER__

#include <linux/kexec.h>
#include <linux/types.h>
#include <asm/desc_defs.h>

struct kexec_call_watch;

/**
 * struct kexec_call_state - the jump-back data on the control page
 * @gdt: the trampoline's GDT: null, 32-bit code, flat data, 64-bit code
 * @gdt_desc_pad: aligns @gdt_desc_base to 8 bytes
 * @gdt_desc_limit: limit of @gdt, for LGDT
 * @gdt_desc_base: physical address of @gdt, for LGDT
 * @entry: physical address of the callee, set before each call
 * @frame: physical ESP at the call: the first argument's slot
 * @cr0_call: CR0 from the moment paging goes off, the callee's included
 *            (PG clear; TS and EM set unless the image preserves the FPU
 *            for the callee); set before each call and each bare switch
 * @cr4_call: CR4 while the callee runs (0, or the FPU/SSE enables)
 * @pgd: physical address of the image's page table: the kernel's upper
 *       half and an identity map of the control pages
 * @tramp: physical address of the trampoline's entry
 * @self: kernel virtual address of this struct
 * @ret_addr: kernel virtual address the trampoline jumps back to
 * @rsp: kernel stack pointer at the switch (ESP on i386)
 * @cr0: saved CR0
 * @cr3: saved CR3
 * @cr4: saved CR4
 * @efer: saved EFER (on i386 only where @has_efer)
 * @has_efer: on i386, whether the CPU has EFER (x86_64 always has one)
 * @has_efer_pad: keeps the next fields 8-byte aligned
 * @fs_base: saved MSR_FS_BASE
 * @gs_base: saved MSR_GS_BASE (the per-CPU base)
 * @kernel_gs_base: saved MSR_KERNEL_GS_BASE (the user's GS base)
 * @gdtr: saved GDTR
 * @gdtr_pad: aligns @idtr
 * @idtr: saved IDTR
 * @idtr_pad: aligns @gdtr_rw
 * @gdtr_rw: the writable alias of this CPU's GDT, on which the way back
 *           reloads the task register (x86_64)
 * @gdtr_rw_pad: aligns @ds
 * @ds: saved DS selector
 * @es: saved ES selector
 * @fs: saved FS selector
 * @gs: saved GS selector
 * @ss: saved SS selector
 * @ldt: saved LDTR selector
 * @ret_eax: EAX when the callee returned
 * @ret_edx: EDX when the callee returned
 * @ret_eflags: EFLAGS when the callee returned
 * @ret_cr0: CR0 when the callee returned
 * @ret_cr4: CR4 when the callee returned
 * @swap_head: for an image with segments, the first entry of its kexec
 *             indirection list; 0 for an image without
 * @swap_page: physical address of the scratch page the swap goes through
 * @idt: the trampoline's 32-bit IDT: interrupt gates for vectors 0-31,
 *       loaded while the callee runs
 * @idt_desc_pad: aligns @idt_desc_base to 8 bytes
 * @idt_desc_limit: limit of @idt, for LIDT
 * @idt_desc_base: physical address of @idt, for LIDT
 * @switch_idt: the switch IDT: an NMI gate valid in 32-bit protected mode
 *              and one valid in long mode, loaded across the mode switches
 * @switch_idt_desc_pad: aligns @switch_idt_desc_base to 8 bytes
 * @switch_idt_desc_limit: limit of @switch_idt, for LIDT
 * @switch_idt_desc_base: physical address of @switch_idt, for LIDT (read
 *                        as 32 bits in protected mode, 64 in long mode)
 * @fault_vector: 0, or 1 + the vector of the exception that ended the call;
 *                1 + X86_TRAP_NMI when the deadline watch aborted it,
 *                1 + X86_TRAP_MC for a machine check while the callee ran
 * @fault_error: the exception's error code, 0 for vectors without one
 * @fault_eip: EIP of the faulting instruction (of the next one for traps)
 * @fault_cr2: CR2 at the exception
 * @nmis: NMIs latched during the switch or while the callee ran, the
 *        abort NMI included; one NMI is raised again for them all
 * @nmi_aborts: of @nmis, those that took the deadline watch's abort mark
 * @mces: machine checks taken during the switch (the callee's end the call)
 * @in_callee: set by the trampoline while the callee is in progress: the
 *             deadline watch's NMI aborts only then
 * @abort_pending: set by the deadline watch with each abort NMI it sends,
 *                 taken by the first NMI handler of ours that sees an NMI
 *                 after it: the trampoline's, or kexec_call's NMI_UNKNOWN
 *                 handler once no other handler claimed the NMI
 * @nmi_raised: set while the NMI the end of a call raises again is on its
 *              way to the kernel's handlers; not used by the trampoline
 * @nmi_claimable: set with @nmi_raised when every NMI latched took an abort
 *                 mark: kexec_call's NMI_UNKNOWN handler may claim it
 * @watch: KEXEC_CALL_WATCH_*: armed while a deadline runs, fired once the
 *         watching CPU has sent the abort NMI; plus the call count
 *         (KEXEC_CALL_WATCH_CALL per call)
 * @cpu: the CPU making the call in progress
 * @flags: the image's KEXEC_CALL_PRESERVE_* flags
 * @fpu: with KEXEC_CALL_PRESERVE_CPU_EXT, the XSAVE (or FXSAVE) area that
 *       holds the kernel's FPU registers during the call; not used by the
 *       trampoline
 * @kexec_control: for an image of kexec_load(), the control page kexec
 *                 allocated, which machine_kexec_call_cleanup() puts back
 * @kexec_arch: for an image of kexec_load(), the architecture part that
 *              machine_kexec_prepare() set up, put back likewise
 * @deadline_watch: the image's deadline watch (machine_kexec_call.c); not
 *                  used by the trampoline
 * @abort_flag: the caller's word (kexec_call_set_abort_flag()) that the
 *              deadline watch sets before each abort NMI of the call in
 *              progress, or NULL; not used by the trampoline
 * @irqs_off: with CONFIG_KEXEC_CALL_BENCH, the cycles the last call kept
 *            interrupts off; not used by the trampoline
 */
struct kexec_call_state {
	u64 gdt[KEXEC_CALL_GDT_ENTRIES];
	u16 gdt_desc_pad[3];
	u16 gdt_desc_limit;
	u64 gdt_desc_base;

	u64 entry;
	u64 frame;
	u64 cr0_call;
	u64 cr4_call;
	u64 pgd;
	u64 tramp;
	u64 self;
	u64 ret_addr;

	u64 rsp;
	u64 cr0;
	u64 cr3;
	u64 cr4;
	u64 efer;
	u32 has_efer;
	u32 has_efer_pad;
	u64 fs_base;
	u64 gs_base;
	u64 kernel_gs_base;
	struct desc_ptr gdtr;
	u16 gdtr_pad[3];
	struct desc_ptr idtr;
	u16 idtr_pad[3];
	struct desc_ptr gdtr_rw;
	u16 gdtr_rw_pad[3];
	u16 ds;
	u16 es;
	u16 fs;
	u16 gs;
	u16 ss;
	u16 ldt;

	u32 ret_eax;
	u32 ret_edx;
	u32 ret_eflags;
	u32 ret_cr0;
	u32 ret_cr4;

	/* Pages swapped with their destinations around the callee */
	u32 swap_head;
	u32 swap_page;

	u64 idt[KEXEC_CALL_IDT_ENTRIES];
	u16 idt_desc_pad[3];
	u16 idt_desc_limit;
	u64 idt_desc_base;
	u64 switch_idt[KEXEC_CALL_SWITCH_IDT_SLOTS];
	u16 switch_idt_desc_pad[3];
	u16 switch_idt_desc_limit;
	u64 switch_idt_desc_base;
	u32 fault_vector;
	u32 fault_error;
	u32 fault_eip;
	u32 fault_cr2;
	u32 nmis;
	u32 nmi_aborts;
	u32 mces;
	u32 in_callee;
	u32 abort_pending;
	u32 nmi_raised;
	u32 nmi_claimable;
	u32 watch;
	u32 cpu;
	unsigned long flags;
	void *fpu;
	struct page *kexec_control;
	struct kimage_arch kexec_arch;
	struct kexec_call_watch *deadline_watch;
	u32 *abort_flag;
	u64 irqs_off;
};

/* The trampoline, copied to offset 0 of each image's control page. */
extern const u8 kexec_call_tramp_start[];
extern const u8 kexec_call_tramp_end[];
/* KEXEC_CALL_IDT_ENTRIES stubs, one per vector, inside the trampoline. */
extern const u8 kexec_call_tramp_vectors[];
/* The NMI and machine-check handlers of the switch IDT, in protected and in long mode. */
extern const u8 kexec_call_tramp_nmi32[];
extern const u8 kexec_call_tramp_nmi64[];
extern const u8 kexec_call_tramp_mce32[];
extern const u8 kexec_call_tramp_mce64[];
/* The entry of the bare mode switch that make bench measures. */
extern const u8 kexec_call_tramp_floor[];
/*
 * The trampoline's relocations: offsets into it of 32-bit fields to which
 * its copy's physical address is added.
 */
extern const u32 kexec_call_tramp_relocs[];
extern const u32 kexec_call_tramp_relocs_end[];

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

/**
 * struct kexec_call_platform - what decides whether kexec_call can run
 * @sev_guest: an SEV, SEV-ES or SEV-SNP guest (guest memory encryption)
 * @tdx_guest: a TDX guest
 * @xen_pv: a Xen PV guest
 * @preempt_rt: a PREEMPT_RT kernel
 * @sme_host: SME active on the host (mem_encrypt=on)
 * @fred: FRED event delivery on, which does not use the switch's IDTs in
 *        long mode
 */
struct kexec_call_platform {
	bool sev_guest;
	bool tdx_guest;
	bool xen_pv;
	bool preempt_rt;
	bool sme_host;
	bool fred;
};

#if IS_ENABLED(CONFIG_KUNIT)
struct cpumask;

int kexec_call_watch_where(struct kexec_call_state *state);
extern atomic_t kexec_call_nmis_claimed;
unsigned int kexec_call_watch_pick(unsigned int cpu,
				   const struct cpumask *online,
				   const struct cpumask *housekeeping);
const char *kexec_call_platform_refusal(const struct kexec_call_platform *p);
#endif

/**
 * kexec_call_cpu_refusal() - Whether this CPU's state forbids leaving paging
 * @cr4: the CPU's CR4
 *
 * Return: 0, or -EBUSY for a CPU in VMX operation (CR4.VMXE), where CR0.PG
 * cannot be cleared.
 */
int kexec_call_cpu_refusal(unsigned long cr4);

#endif /* !__ASSEMBLER__ */

#endif /* _ASM_X86_KEXEC_CALL_H */
