// SPDX-License-Identifier: GPL-2.0
/*
 * machine_kexec_vcall() for x86: run one kexec_call in physical mode.  This
 * file is common to i386 and x86_64; machine_kexec_call_{32,64}.c hold what
 * differs (machine_kexec_call.h), kexec_call_{32,64}.S the switch.
 *
 * Each image owns two control pages below 4 GiB (asm/kexec_call.h): the
 * trampoline copy and its struct kexec_call_state, then the callee's stack.
 * Its page table, in image->arch, is built once at allocation: an identity
 * map of the control pages plus the kernel's half, so that the switch can
 * go from kernel text to the trampoline copy and back.  Nothing on the call
 * path allocates, builds page tables or copies code.
 *
 * An exception raised by the callee is caught by the trampoline's IDT and
 * turns the call into -EFAULT, logged with its vector and address; an NMI
 * that arrives during the switch or while the callee runs is latched and
 * raised again here.  A deadline watch, a timer on another CPU, sends the
 * calling CPU NMIs once the call overruns until it has ended; the
 * trampoline aborts the callee and the call returns -ETIMEDOUT.  Machine
 * checks stay enabled (CR4.MCE): one taken in physical mode ends the call
 * with -EIO and is handed to the kernel's handler after the jump back.
 *
 * Calls are refused where paging cannot be left as the switch does it
 * (kexec_call_platform.c): at allocation on confidential guests, Xen PV,
 * PREEMPT_RT and SME hosts, at call time on a CPU in VMX operation.
 *
 * Around the switch, with interrupts off: the local APIC's task priority is
 * raised so that a callee that executes STI takes no interrupt (they stay
 * pending until the call is back), and with KEXEC_CALL_PRESERVE_CPU_EXT the
 * FPU/SIMD registers are saved on the image and restored.  Flags and
 * control registers the callee leaves changed are repaired by the switch
 * and reported once as a firmware bug.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpufeature.h>
#include <linux/gfp.h>
#include <linux/irqflags.h>
#include <linux/kexec.h>
#include <linux/kexec_call.h>
#include <linux/mm.h>
#include <linux/nmi.h>
#include <linux/panic.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/stringify.h>
#include <linux/timex.h>

#include <asm/apic.h>
#include <asm/debugreg.h>
#include <asm/desc.h>
#include <asm/fpu/xcr.h>
#include <asm/fpu/types.h>
#include <asm/fpu/xstate.h>
#include <asm/irq_vectors.h>
#include <asm/kexec_call.h>
#include <asm/mce.h>
#include <asm/msr.h>
#include <asm/processor-flags.h>
#include <asm/special_insns.h>
#include <asm/tlbflush.h>
#include <asm/trapnr.h>

#include <kunit/visibility.h>

#include "kexec_call_watch.h"
#include "machine_kexec_call.h"

/*
 * FPU/SIMD state a 32-bit callee can reach: x87, SSE, the upper halves of
 * YMM0-7 and the AVX-512 state.  AMX is left out: its tile data may be
 * armed for first-use faults (XFD), and a callee cannot enable it anyway.
 */
#define KEXEC_CALL_XFEATURES	((u64)(XFEATURE_MASK_FPSSE | XFEATURE_MASK_YMM | \
				       XFEATURE_MASK_AVX512))

/* DR7 bit 10 is reserved and reads as 1 */
#define KEXEC_CALL_DR7_FIXED	0x400UL

/* EFLAGS bits a callee must return clear (it is entered with them clear). */
#define KEXEC_CALL_EFLAGS_CLEAR	(X86_EFLAGS_TF | X86_EFLAGS_IF | \
				 X86_EFLAGS_DF | X86_EFLAGS_IOPL | \
				 X86_EFLAGS_NT | X86_EFLAGS_AC)

static struct kexec_call_state *kexec_call_state_of(struct kimage *image)
{
	return page_address(image->control_code_page) + KEXEC_CALL_STATE_OFFSET;
}

/* A 32-bit interrupt gate to @offset in the trampoline's code segment. */
static u64 kexec_call_gate32(u32 offset)
{
	u32 low = (offset & 0xffff) | (KEXEC_CALL_CS32 << 16);
	u32 high = (offset & 0xffff0000) | 0x8e00;

	return ((u64)high << 32) | low;
}

static void kexec_call_init_state(struct kimage *image, phys_addr_t control,
				  unsigned long flags)
{
	struct kexec_call_state *state = kexec_call_state_of(image);
	u32 vectors = kexec_call_tramp_phys(control, kexec_call_tramp_vectors);
	unsigned int v;

	state->gdt[KEXEC_CALL_CS32 / 8] = GDT_ENTRY(DESC_CODE32, 0, 0xfffff);
	state->gdt[KEXEC_CALL_DS32 / 8] = GDT_ENTRY(DESC_DATA32, 0, 0xfffff);
	state->gdt_desc_limit = sizeof(state->gdt) - 1;
	state->gdt_desc_base = control + KEXEC_CALL_STATE_OFFSET +
			       offsetof(struct kexec_call_state, gdt);

	for (v = 0; v < KEXEC_CALL_IDT_ENTRIES; v++)
		state->idt[v] = kexec_call_gate32(vectors + v * KEXEC_CALL_VECTOR_STUB_SIZE);
	state->idt_desc_limit = sizeof(state->idt) - 1;
	state->idt_desc_base = control + KEXEC_CALL_STATE_OFFSET +
			       offsetof(struct kexec_call_state, idt);

	/* The switch IDT's 32-bit view: vectors 2 and 18 of 8-byte gates */
	state->switch_idt[X86_TRAP_NMI] =
		kexec_call_gate32(kexec_call_tramp_phys(control, kexec_call_tramp_nmi32));
	state->switch_idt[X86_TRAP_MC] =
		kexec_call_gate32(kexec_call_tramp_phys(control, kexec_call_tramp_mce32));
	state->switch_idt_desc_limit = sizeof(state->switch_idt) - 1;
	state->switch_idt_desc_base = control + KEXEC_CALL_STATE_OFFSET +
				      offsetof(struct kexec_call_state, switch_idt);
	kexec_call_init_arch_state(state, control);

	state->entry = image->start;
	state->pgd = __pa(image->arch.pgd);
	state->tramp = control;
	state->self = (unsigned long)state;
	state->flags = flags;
}

/* Room for every XSAVE component the kernel enabled (FXSAVE: 512 bytes). */
static unsigned int kexec_call_fpu_size(void)
{
	unsigned int eax, ebx, ecx, edx;

	if (!boot_cpu_has(X86_FEATURE_XSAVE))
		return sizeof(struct fxregs_state);
	cpuid_count(XSTATE_CPUID, 0, &eax, &ebx, &ecx, &edx);
	return ebx;
}

/*
 * Whether @size bytes at @start overlap a segment of @image (its kexec core
 * data, as machine_kexec() reads it; a segment of size 0 covers nothing).
 */
static bool kexec_call_overlaps_segment(const struct kimage *image,
					phys_addr_t start, size_t size)
{
	unsigned long i;

	for (i = 0; i < image->nr_segments; i++) {
		phys_addr_t mem = image->segment[i].mem;
		size_t memsz = image->segment[i].memsz;

		if (memsz && start < mem + memsz && mem < start + size)
			return true;
	}
	return false;
}

/*
 * Control pages below 4 GiB, of @order, that are none of @image's
 * destinations: those are swapped in while the trampoline runs.
 */
static struct page *kexec_call_alloc_control(struct kimage *image,
					     unsigned int order)
{
	struct page *page, *p, *tmp;
	LIST_HEAD(taken);
	int tries;

	for (tries = 0; tries < 64; tries++) {
		page = alloc_pages(GFP_KERNEL | __GFP_DMA32 | __GFP_ZERO, order);
		if (!page)
			break;
		if (kexec_call_control_reachable(page_to_phys(page), PAGE_SIZE << order) &&
		    !kexec_call_overlaps_segment(image, page_to_phys(page),
						 PAGE_SIZE << order))
			break;
		list_add(&page->lru, &taken);
		page = NULL;
	}
	list_for_each_entry_safe(p, tmp, &taken, lru) {
		list_del(&p->lru);
		__free_pages(p, order);
	}
	return page;
}

/* The trampoline's copy at @control, its relocations applied. */
static void kexec_call_copy_tramp(void *copy, phys_addr_t control)
{
	const u32 *reloc;

	memcpy(copy, kexec_call_tramp_start,
	       kexec_call_tramp_end - kexec_call_tramp_start);
	for (reloc = kexec_call_tramp_relocs; reloc < kexec_call_tramp_relocs_end; reloc++)
		*(u32 *)(copy + *reloc) += control;
}

int machine_kexec_call_prepare(struct kimage *image, unsigned long flags)
{
	size_t tramp_size = kexec_call_tramp_end - kexec_call_tramp_start;
	/* What kexec_load() set up for an image it made, put back at cleanup */
	struct page *kexec_control = image->control_code_page;
	struct kimage_arch kexec_arch = image->arch;
	struct kexec_call_state *state;
	struct page *page, *swap = NULL;
	phys_addr_t control;
	void *fpu = NULL;
	int ret;

	BUILD_BUG_ON(KEXEC_CALL_STATE_OFFSET + sizeof(struct kexec_call_state) >
		     KEXEC_CALL_STACK_OFFSET);
	if (WARN_ON_ONCE(tramp_size > KEXEC_CALL_STATE_OFFSET))
		return -EINVAL;
	ret = kexec_call_platform_check();
	if (ret)
		return ret;

	if (flags & KEXEC_CALL_PRESERVE_CPU_EXT) {
		/* Zeroed: XRSTOR wants a clean header; page aligned for XSAVE */
		fpu = (void *)__get_free_pages(GFP_KERNEL | __GFP_ZERO,
					       get_order(kexec_call_fpu_size()));
		if (!fpu)
			return -ENOMEM;
	}

	page = kexec_call_alloc_control(image, KEXEC_CALL_CONTROL_ORDER);
	if (!page) {
		ret = -ENOMEM;
		goto err_free_fpu;
	}
	control = page_to_phys(page);

	/* An image with segments: its list and a scratch page to swap them */
	if (image->nr_segments) {
		ret = -ERANGE;
		if (image->head > U32_MAX)
			goto err_free_pages;
		ret = -ENOMEM;
		swap = kexec_call_alloc_control(image, 0);
		if (!swap)
			goto err_free_pages;
	}

	ret = kexec_call_init_pgtable(image, control);
	if (ret)
		goto err_free_swap;

	image->control_code_page = page;
	state = kexec_call_state_of(image);
	state->deadline_watch = kexec_call_watch_alloc(state);
	if (!state->deadline_watch) {
		ret = -ENOMEM;
		kexec_call_free_pgtable(image);
		goto err_free_swap;
	}
	kexec_call_copy_tramp(page_address(page), control);
	kexec_call_init_state(image, control, flags);
	state->fpu = fpu;
	state->kexec_control = kexec_control;
	state->kexec_arch = kexec_arch;
	if (swap) {
		state->swap_head = image->head;
		state->swap_page = page_to_phys(swap);
	}
	return 0;

err_free_swap:
	image->control_code_page = kexec_control;
	image->arch = kexec_arch;
	if (swap)
		__free_page(swap);
err_free_pages:
	__free_pages(page, KEXEC_CALL_CONTROL_ORDER);
err_free_fpu:
	if (fpu)
		free_pages((unsigned long)fpu, get_order(kexec_call_fpu_size()));
	return ret;
}

void machine_kexec_call_cleanup(struct kimage *image)
{
	struct kexec_call_state *state = kexec_call_state_of(image);
	struct page *kexec_control = state->kexec_control;
	struct kimage_arch kexec_arch = state->kexec_arch;

	kexec_call_watch_free(state->deadline_watch);
	if (state->fpu)
		free_pages((unsigned long)state->fpu,
			   get_order(kexec_call_fpu_size()));
	if (state->swap_page)
		__free_page(pfn_to_page(PHYS_PFN(state->swap_page)));
	kexec_call_free_pgtable(image);
	__free_pages(image->control_code_page, KEXEC_CALL_CONTROL_ORDER);

	/* An image of kexec_load(): its own control page and tables are freed with it */
	image->control_code_page = kexec_control;
	image->arch = kexec_arch;
}

/*
 * Lay the arguments out as 32-bit cdecl slots at the top of the stack page,
 * the first argument's slot 16-byte aligned, and return its physical address.
 */
static u32 kexec_call_push_args(struct kimage *image,
				const struct kexec_call_params *params)
{
	unsigned int frame = ALIGN_DOWN(KEXEC_CALL_STACK_SIZE - params->argc * 4, 16);
	void *stack = page_address(image->control_code_page) +
		      KEXEC_CALL_STACK_OFFSET;

	memcpy(stack + frame, params->argv, params->argc * sizeof(u32));
	return page_to_phys(image->control_code_page) +
	       KEXEC_CALL_STACK_OFFSET + frame;
}

static void kexec_call_report_fault(const struct kexec_call_state *state)
{
	unsigned int vector = state->fault_vector - 1;

	/* CR2 means something only for a page fault (a callee that paged). */
	if (vector == X86_TRAP_PF)
		pr_err_ratelimited(FW_BUG "callee at %#llx: page fault (error code %#x) at %#x, address %#x\n",
				   state->entry, state->fault_error,
				   state->fault_eip, state->fault_cr2);
	else
		pr_err_ratelimited(FW_BUG "callee at %#llx: exception %u (error code %#x) at %#x\n",
				   state->entry, vector, state->fault_error,
				   state->fault_eip);
}

/*
 * CR0 and CR4 for the callee.  Without KEXEC_CALL_PRESERVE_CPU_EXT the FPU
 * traps (CR0.TS and EM: x87 and MMX raise #NM, SSE raises #UD) and the call
 * ends with -EFAULT, so nothing the kernel holds there can be clobbered.
 */
static void kexec_call_set_cpu_state(struct kexec_call_state *state)
{
	unsigned long cr0 = read_cr0() & ~X86_CR0_PG;
	/* Machine checks stay enabled: with CR4.MCE clear one shuts down */
	unsigned long cr4 = __read_cr4() & X86_CR4_MCE;

	if (state->flags & KEXEC_CALL_PRESERVE_CPU_EXT) {
		cr0 = (cr0 & ~(X86_CR0_TS | X86_CR0_EM)) | X86_CR0_MP;
		cr4 |= X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT |
		       (__read_cr4() & X86_CR4_OSXSAVE);
	} else {
		cr0 |= X86_CR0_TS | X86_CR0_EM;
	}
	state->cr0_call = cr0;
	state->cr4_call = cr4;
}

static void kexec_call_save_fpu(struct kexec_call_state *state)
{
	if (boot_cpu_has(X86_FEATURE_XSAVE))
		asm volatile(KEXEC_CALL_XSAVE " (%[area])"
			     : : [area] "r" (state->fpu),
			       "a" ((u32)KEXEC_CALL_XFEATURES),
			       "d" ((u32)(KEXEC_CALL_XFEATURES >> 32))
			     : "memory");
	else
		asm volatile(KEXEC_CALL_FXSAVE " (%[area])"
			     : : [area] "r" (state->fpu) : "memory");
}

/* Return: true if the callee had changed XCR0 (put back here). */
static bool kexec_call_restore_fpu(struct kexec_call_state *state, u64 xcr0)
{
	bool xcr0_changed = false;

	if (boot_cpu_has(X86_FEATURE_XSAVE)) {
		/* A callee with CR4.OSXSAVE may have changed XCR0 */
		if (xgetbv(XCR_XFEATURE_ENABLED_MASK) != xcr0) {
			xsetbv(XCR_XFEATURE_ENABLED_MASK, xcr0);
			xcr0_changed = true;
		}
		asm volatile(KEXEC_CALL_XRSTOR " (%[area])"
			     : : [area] "r" (state->fpu),
			       "a" ((u32)KEXEC_CALL_XFEATURES),
			       "d" ((u32)(KEXEC_CALL_XFEATURES >> 32))
			     : "memory");
	} else {
		asm volatile(KEXEC_CALL_FXRSTOR " (%[area])"
			     : : [area] "r" (state->fpu) : "memory");
	}
	return xcr0_changed;
}

/*
 * What the callee left changed has been put right by the switch; say so
 * once, the way the EFI wrappers report firmware that corrupts IRQ flags.
 */
static void kexec_call_check_cpu_state(const struct kexec_call_state *state,
				       bool xcr0_changed)
{
	u32 eflags = state->ret_eflags & KEXEC_CALL_EFLAGS_CLEAR;
	u32 cr0 = (state->ret_cr0 ^ state->cr0_call) & ~X86_CR0_ET;
	u32 cr4 = state->ret_cr4 ^ state->cr4_call;

	if (!eflags && !cr0 && !cr4 && !xcr0_changed)
		return;
	pr_err_once(FW_BUG "callee at %#llx left changed: EFLAGS bits %#x, CR0 bits %#x, CR4 bits %#x%s; repaired\n",
		    state->entry, eflags, cr0, cr4,
		    xcr0_changed ? ", XCR0" : "");
	add_taint(TAINT_FIRMWARE_WORKAROUND, LOCKDEP_STILL_OK);
}

/*
 * A machine check that the trampoline took (in the callee, or during the
 * switch) left MCG_STATUS.MCIP set and the error in the banks: hand it to
 * the kernel's handler, through its own gate, now that the kernel's IDT is
 * back, so that it is logged and dealt with as any other.  An int $18 the
 * callee executed itself leaves MCIP clear and is not passed on.
 */
static void kexec_call_pass_mce(const struct kexec_call_state *state)
{
	u64 mcg_status;

	if (!boot_cpu_has(X86_FEATURE_MCE) ||
	    rdmsrl_safe(MSR_IA32_MCG_STATUS, &mcg_status) ||
	    !(mcg_status & MCG_STATUS_MCIP))
		return;
	asm volatile("int $" __stringify(X86_TRAP_MC) : : : "memory");
}

/*
 * Save what the kernel keeps in this CPU that the window must not see or
 * change: the local APIC's task priority (raised so that a callee that
 * executes STI takes no interrupt: they stay pending until the call is
 * back), the debug registers (no breakpoint fires in physical mode, and
 * the kernel's come back with their addresses if the callee moved them) and,
 * for NMI handlers that run while the image's page table is loaded,
 * cpu_tlbstate.loaded_mm, which says "switching" so that they see
 * nmi_uaccess_okay() false, as during switch_mm_irqs_off().
 */
struct kexec_call_cpu_save {
	u32 tpr;
	unsigned long dr7;
	struct mm_struct *loaded_mm;
};

/*
 * The task priority, raised to class 15, which blocks every maskable vector
 * should the callee STI.  On x86_64 through CR8, its alias in long mode: a
 * MOV to CR8 is not serializing, costs no MMIO write to an xAPIC and no
 * exit where the hypervisor shadows the TPR.  CR8 holds TPR bits 7:4;
 * Linux keeps bits 3:0 clear (setup_local_APIC() sets the priority to
 * 0x10), so CR8 saves and restores all of it.
 */
static u32 kexec_call_tpr_raise(void)
{
#ifdef CONFIG_X86_64
	unsigned long cr8;

	/* No local APIC, no priority (apic_read() would read 0 too) */
	if (!boot_cpu_has(X86_FEATURE_APIC))
		return 0;
	asm volatile("mov %%cr8, %0" : "=r" (cr8));
	asm volatile("mov %0, %%cr8" : : "r" (15UL) : "memory");
	return cr8;
#else
	u32 tpr = apic_read(APIC_TASKPRI);

	apic_write(APIC_TASKPRI, APIC_TPRI_MASK);
	return tpr;
#endif
}

static void kexec_call_tpr_restore(u32 tpr)
{
#ifdef CONFIG_X86_64
	if (boot_cpu_has(X86_FEATURE_APIC))
		asm volatile("mov %0, %%cr8" : : "r" ((unsigned long)tpr) : "memory");
#else
	apic_write(APIC_TASKPRI, tpr);
#endif
}

static void kexec_call_cpu_enter(struct kexec_call_cpu_save *save)
{
	save->tpr = kexec_call_tpr_raise();
	save->dr7 = local_db_save();
	save->loaded_mm = this_cpu_read(cpu_tlbstate.loaded_mm);
	this_cpu_write(cpu_tlbstate.loaded_mm, LOADED_MM_SWITCHING);
}

static void kexec_call_cpu_leave(const struct kexec_call_cpu_save *save)
{
	this_cpu_write(cpu_tlbstate.loaded_mm, save->loaded_mm);
	/*
	 * The kernel's breakpoints, addresses and DR6 included, from the
	 * per-CPU copy hw_breakpoint keeps (as KVM does after a guest ran);
	 * with none, DR7 cleared if the callee set one.  On hardware reading
	 * DR7 is not serializing and writing it is (under a hypervisor each
	 * may exit): written only when needed.
	 */
	if (save->dr7)
		hw_breakpoint_restore();
	else if (native_get_debugreg(7) & ~KEXEC_CALL_DR7_FIXED)
		set_debugreg(0UL, 7);
	kexec_call_tpr_restore(save->tpr);
}

/*
 * The task register: on x86_64 the way back reloads it, on the writable
 * alias of this CPU's GDT, which it is told here (kexec_call_64.S); on
 * i386 it is reloaded after the switch.  Either way the TSS limit is the
 * descriptor's again, as after force_reload_TR().
 */
static void kexec_call_tr_prepare(struct kexec_call_state *state)
{
#ifdef CONFIG_X86_64
	state->gdtr_rw.address = (unsigned long)get_current_gdt_rw();
	state->gdtr_rw.size = GDT_SIZE - 1;
#endif
}

static void kexec_call_tr_reload(void)
{
#ifdef CONFIG_X86_64
	this_cpu_write(__tss_limit_invalid, false);
#else
	force_reload_TR();
#endif
}

int machine_kexec_vcall(struct kimage *image, u64 *ret,
			const struct kexec_call_params *params)
{
	const struct kexec_call_hold *hold = params->hold;
	unsigned int deadline_ms = params->deadline_ms;
	struct kexec_call_state *state;
	struct kexec_call_cpu_save save;
	bool cpu_ext, watched, xcr0_changed = false;
	unsigned long flags;
	u64 result, xcr0 = 0;
	cycles_t irqs_off = 0;
	int err;

	/* Ours, or one of kexec_load() with KEXEC_PHYS_CALL */
	if (image->type != KEXEC_TYPE_CALL && !image->phys_call)
		return -ENOEXEC;
	if (params->argc > KEXEC_CALL_MAX_ARGS)
		return -E2BIG;

	state = kexec_call_state_of(image);
	cpu_ext = state->flags & KEXEC_CALL_PRESERVE_CPU_EXT;
	state->frame = kexec_call_push_args(image, params);
	state->fault_vector = 0;
	state->nmis = 0;
	state->nmi_aborts = 0;
	state->mces = 0;
	state->in_callee = 0;
	/* The caller's abort flag, clear until this call's deadline passes */
	state->abort_flag = params->abort_flag;
	if (state->abort_flag)
		WRITE_ONCE(*state->abort_flag, 0);

	/* The watch runs for this CPU: stay on it until the call is over */
	preempt_disable();
	watched = kexec_call_watch_start(state->deadline_watch, deadline_ms);

	local_irq_save(flags);
	/* Before anything is switched: can this CPU leave paging now? */
	err = kexec_call_cpu_refusal(__read_cr4());
	if (err) {
		if (watched)
			kexec_call_watch_abandon(state->deadline_watch);
		local_irq_restore(flags);
		preempt_enable();
		pr_warn_ratelimited("call refused: CPU %d is in VMX operation (a hypervisor holds it)\n",
				    raw_smp_processor_id());
		return err;
	}
	/* Spinning here, if anywhere, before the deadline starts */
	if (hold)
		hold->lock(hold->data);
	if (IS_ENABLED(CONFIG_KEXEC_CALL_BENCH))
		irqs_off = get_cycles();
	kexec_call_set_cpu_state(state);
	kexec_call_cpu_enter(&save);
	if (cpu_ext) {
		if (boot_cpu_has(X86_FEATURE_XSAVE))
			xcr0 = xgetbv(XCR_XFEATURE_ENABLED_MASK);
		kexec_call_save_fpu(state);
	}
	kexec_call_watch_enter(state);
	kexec_call_tr_prepare(state);
	/* Last: an abort NMI must find the call under way, not kernel text */
	if (watched)
		kexec_call_watch_arm(state->deadline_watch, deadline_ms);

	result = kexec_call_switch(state);
	kexec_call_tr_reload();
	/* Before any NMI is raised again: its handlers may want the locks */
	if (hold)
		hold->unlock(hold->data);

	if (cpu_ext)
		xcr0_changed = kexec_call_restore_fpu(state, xcr0);
	/* The kernel's DR7 and loaded_mm back before any NMI handler runs */
	kexec_call_cpu_leave(&save);
	kexec_call_watch_leave(watched ? state->deadline_watch : NULL, state);
	if (IS_ENABLED(CONFIG_KEXEC_CALL_BENCH))
		state->irqs_off = get_cycles() - irqs_off;
	/* Any ended call: an abort NMI can overtake the #MC's own record */
	if (state->fault_vector || state->mces)
		kexec_call_pass_mce(state);
	local_irq_restore(flags);
	preempt_enable();

	/* Interrupts were off for as long as the callee ran */
	touch_nmi_watchdog();

	switch (state->fault_vector) {
	case 0:
		break;
	case X86_TRAP_NMI + 1:
		pr_err_ratelimited(FW_BUG "callee at %#llx did not return within %u ms: aborted at %#x\n",
				   state->entry, deadline_ms, state->fault_eip);
		return -ETIMEDOUT;
	case X86_TRAP_MC + 1:
		pr_err_ratelimited("callee at %#llx: machine check at %#x\n",
				   state->entry, state->fault_eip);
		return -EIO;
	default:
		kexec_call_report_fault(state);
		return -EFAULT;
	}
	if (state->mces)
		return -EIO;
	kexec_call_check_cpu_state(state, xcr0_changed);

	*ret = result;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(machine_kexec_vcall);

#ifdef CONFIG_KEXEC_CALL_BENCH
u64 machine_kexec_call_floor(struct kimage *image)
{
	struct kexec_call_state *state = kexec_call_state_of(image);
	phys_addr_t control = page_to_phys(image->control_code_page);
	unsigned long flags;
	cycles_t t0, t1;

	state->nmis = 0;
	state->nmi_aborts = 0;
	state->mces = 0;
	state->tramp = kexec_call_tramp_phys(control, kexec_call_tramp_floor);
	local_irq_save(flags);
	kexec_call_set_cpu_state(state);
	kexec_call_watch_enter(state);
	kexec_call_tr_prepare(state);
	t0 = get_cycles();
	kexec_call_switch(state);
	kexec_call_tr_reload();
	t1 = get_cycles();
	kexec_call_watch_leave(NULL, state);
	if (state->mces)
		kexec_call_pass_mce(state);
	local_irq_restore(flags);
	state->tramp = control;
	return t1 - t0;
}

u64 machine_kexec_call_irqs_off(struct kimage *image)
{
	return kexec_call_state_of(image)->irqs_off;
}
#endif
