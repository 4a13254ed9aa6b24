// SPDX-License-Identifier: GPL-2.0
/*
 * machine_kexec_vcall() for x86: run one kexec_call in physical mode.
 *
 * Each image owns two control pages below 4 GiB (asm/kexec_call.h): the
 * trampoline copy and its struct kexec_call_state, then the callee's stack.
 * Its page table, image->arch.pgd, is built once at allocation: an identity
 * map of the control pages plus the kernel's upper half, so that the switch
 * can go from kernel text to the trampoline copy and back.  Nothing on the
 * call path allocates, builds page tables or copies code.
 *
 * An exception raised by the callee is caught by the trampoline's IDT and
 * turns the call into -EFAULT, logged with its vector and address; an NMI
 * that arrives while the callee runs is latched and raised again here.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/irqflags.h>
#include <linux/kexec.h>
#include <linux/kexec_call.h>
#include <linux/mm.h>
#include <linux/pgalloc.h>
#include <linux/pgtable.h>
#include <linux/string.h>

#include <asm/apic.h>
#include <asm/desc.h>
#include <asm/init.h>
#include <asm/irq_vectors.h>
#include <asm/kexec_call.h>
#include <asm/trapnr.h>

static struct kexec_call_state *kexec_call_state_of(struct kimage *image)
{
	return page_address(image->control_code_page) + KEXEC_CALL_STATE_OFFSET;
}

/* Every page-table page lies below 4 GiB: the trampoline loads CR3 in 32-bit mode. */
static void *kexec_call_alloc_pgt_page(void *context)
{
	return (void *)get_zeroed_page(GFP_KERNEL | __GFP_DMA32);
}

static void kexec_call_free_pgt_page(void *pgt, void *context)
{
	free_page((unsigned long)pgt);
}

static const struct x86_mapping_info kexec_call_mapping_info = {
	.alloc_pgt_page	= kexec_call_alloc_pgt_page,
	.free_pgt_page	= kexec_call_free_pgt_page,
	.page_flag	= __PAGE_KERNEL_LARGE_EXEC,
	.kernpg_flag	= _KERNPG_TABLE_NOENC,
};

static void kexec_call_free_pgtable(pgd_t *pgd)
{
	struct x86_mapping_info info = kexec_call_mapping_info;

	/* The upper half is the kernel's own: unlink it before the free walk. */
	memset(pgd + KERNEL_PGD_BOUNDARY, 0, KERNEL_PGD_PTRS * sizeof(pgd_t));
	kernel_ident_mapping_free(&info, pgd);
}

static int kexec_call_init_pgtable(struct kimage *image, phys_addr_t control)
{
	struct x86_mapping_info info = kexec_call_mapping_info;
	pgd_t *pgd;
	int ret;

	pgd = kexec_call_alloc_pgt_page(NULL);
	if (!pgd)
		return -ENOMEM;

	ret = kernel_ident_mapping_init(&info, pgd, control,
					control + (PAGE_SIZE << KEXEC_CALL_CONTROL_ORDER));
	if (ret) {
		kexec_call_free_pgtable(pgd);
		return ret;
	}

	/*
	 * Kernel text, stacks and the direct map.  The top-level entries of
	 * the upper half never change after boot (vmalloc's are
	 * preallocated), so a copy made now stays right.
	 */
	memcpy(pgd + KERNEL_PGD_BOUNDARY, init_mm.pgd + KERNEL_PGD_BOUNDARY,
	       KERNEL_PGD_PTRS * sizeof(pgd_t));
	image->arch.pgd = pgd;
	return 0;
}

/* A 32-bit interrupt gate to @offset in the trampoline's code segment. */
static u64 kexec_call_gate(u32 offset)
{
	u32 low = (offset & 0xffff) | (KEXEC_CALL_CS32 << 16);
	u32 high = (offset & 0xffff0000) | 0x8e00;

	return ((u64)high << 32) | low;
}

static void kexec_call_init_state(struct kimage *image, phys_addr_t control)
{
	struct kexec_call_state *state = kexec_call_state_of(image);
	u32 vectors = control + (kexec_call_tramp_vectors - kexec_call_tramp_start);
	unsigned int v;

	state->gdt[KEXEC_CALL_CS32 / 8] = GDT_ENTRY(DESC_CODE32, 0, 0xfffff);
	state->gdt[KEXEC_CALL_DS32 / 8] = GDT_ENTRY(DESC_DATA32, 0, 0xfffff);
	state->gdt[KEXEC_CALL_CS64 / 8] = GDT_ENTRY(DESC_CODE64, 0, 0xfffff);
	state->gdt_desc_limit = sizeof(state->gdt) - 1;
	state->gdt_desc_base = control + KEXEC_CALL_STATE_OFFSET +
			       offsetof(struct kexec_call_state, gdt);

	for (v = 0; v < KEXEC_CALL_IDT_ENTRIES; v++)
		state->idt[v] = kexec_call_gate(vectors + v * KEXEC_CALL_VECTOR_STUB_SIZE);
	state->idt_desc_limit = sizeof(state->idt) - 1;
	state->idt_desc_base = control + KEXEC_CALL_STATE_OFFSET +
			       offsetof(struct kexec_call_state, idt);

	state->entry = image->start;
	state->pgd = __pa(image->arch.pgd);
	state->tramp = control;
	state->self = (unsigned long)state;
}

int machine_kexec_call_prepare(struct kimage *image)
{
	size_t tramp_size = kexec_call_tramp_end - kexec_call_tramp_start;
	struct page *page;
	phys_addr_t control;
	int ret;

	BUILD_BUG_ON(KEXEC_CALL_STATE_OFFSET + sizeof(struct kexec_call_state) >
		     KEXEC_CALL_STACK_OFFSET);
	if (WARN_ON_ONCE(tramp_size > KEXEC_CALL_STATE_OFFSET))
		return -EINVAL;

	page = alloc_pages(GFP_KERNEL | __GFP_DMA32 | __GFP_ZERO,
			   KEXEC_CALL_CONTROL_ORDER);
	if (!page)
		return -ENOMEM;
	control = page_to_phys(page);

	ret = kexec_call_init_pgtable(image, control);
	if (ret)
		goto err_free_pages;

	image->control_code_page = page;
	memcpy(page_address(page), kexec_call_tramp_start, tramp_size);
	kexec_call_init_state(image, control);
	return 0;

err_free_pages:
	__free_pages(page, KEXEC_CALL_CONTROL_ORDER);
	return ret;
}

void machine_kexec_call_cleanup(struct kimage *image)
{
	kexec_call_free_pgtable(image->arch.pgd);
	image->arch.pgd = NULL;
	__free_pages(image->control_code_page, KEXEC_CALL_CONTROL_ORDER);
	image->control_code_page = NULL;
}

/*
 * Lay the arguments out as 32-bit cdecl slots at the top of the stack page,
 * the first argument's slot 16-byte aligned, and return its physical address.
 */
static u32 kexec_call_push_args(struct kimage *image, unsigned int argc,
				va_list args)
{
	void *stack = page_address(image->control_code_page) +
		      KEXEC_CALL_STACK_OFFSET;
	unsigned int frame = ALIGN_DOWN(KEXEC_CALL_STACK_SIZE - argc * 4, 16);
	u32 *slot = stack + frame;
	unsigned int i;

	for (i = 0; i < argc; i++)
		slot[i] = va_arg(args, unsigned long);

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
 * NMIs that arrived in physical mode were latched by the trampoline: raise
 * each again on this CPU so that its handlers still see it.
 */
static void kexec_call_raise_nmis(struct kexec_call_state *state)
{
	unsigned int i;

	for (i = 0; i < state->nmis; i++)
		__apic_send_IPI(smp_processor_id(), NMI_VECTOR);
}

int machine_kexec_vcall(struct kimage *image, unsigned long *ret,
			unsigned int argc, va_list args)
{
	struct kexec_call_state *state;
	unsigned long flags;
	u64 result;

	if (image->type != KEXEC_TYPE_CALL)
		return -ENOEXEC;
	if (argc > KEXEC_CALL_MAX_ARGS)
		return -E2BIG;

	state = kexec_call_state_of(image);
	state->frame = kexec_call_push_args(image, argc, args);
	state->fault_vector = 0;
	state->nmis = 0;

	local_irq_save(flags);
	result = kexec_call_switch(state);
	force_reload_TR();
	kexec_call_raise_nmis(state);
	local_irq_restore(flags);

	if (state->fault_vector) {
		kexec_call_report_fault(state);
		return -EFAULT;
	}

	*ret = result;
	return 0;
}
