// SPDX-License-Identifier: GPL-2.0
/*
 * kexec_call on x86_64: what differs from i386 (machine_kexec_call.c has
 * the rest).
 *
 * The image's page table, built once at allocation: an identity map of the
 * control pages (below 4 GiB, where 32-bit code loads CR3) plus the
 * kernel's upper half, so that the switch can go from kernel text to the
 * trampoline copy and back.  The trampoline's GDT gets a 64-bit code
 * segment and its switch IDT a long-mode NMI gate, for the moments between
 * the kernel's IDT and paging off.
 */

#include <linux/gfp.h>
#include <linux/kexec.h>
#include <linux/mm.h>
#include <linux/pgtable.h>
#include <linux/sizes.h>
#include <linux/string.h>

#include <asm/desc.h>
#include <asm/init.h>
#include <asm/kexec_call.h>
#include <asm/page_64_types.h>
#include <asm/trapnr.h>

#include "machine_kexec_call.h"

/* Every page-table page lies below 4 GiB: the trampoline loads CR3 in 32-bit mode. */
static void *kexec_call_alloc_pgt_page(void *context)
{
	return (void *)get_zeroed_page(GFP_KERNEL | __GFP_DMA32);
}

/* The PGD (the context) is the first page of an order-1 block. */
static void kexec_call_free_pgt_page(void *pgt, void *context)
{
	free_pages((unsigned long)pgt, pgt == context ? 1 : 0);
}

/*
 * Not global: CR4.PGE is set again while this table is loaded, and a global
 * translation of low memory, supervisor and writable, would outlive the
 * call in the TLB, where user addresses below 4 GiB reach it.
 */
static const struct x86_mapping_info kexec_call_mapping_info = {
	.alloc_pgt_page	= kexec_call_alloc_pgt_page,
	.free_pgt_page	= kexec_call_free_pgt_page,
	.page_flag	= __PAGE_KERNEL_LARGE_EXEC & ~_PAGE_GLOBAL,
	.kernpg_flag	= _KERNPG_TABLE_NOENC,
};

static void kexec_call_free_pgd(pgd_t *pgd)
{
	struct x86_mapping_info info = kexec_call_mapping_info;

	info.context = pgd;

	/* The upper half is the kernel's own: unlink it before the free walk. */
	memset(pgd + KERNEL_PGD_BOUNDARY, 0, KERNEL_PGD_PTRS * sizeof(pgd_t));
	kernel_ident_mapping_free(&info, pgd);
}

/*
 * The PGD is 8 KiB aligned, an order-1 block of which only the first page is
 * used: with PTI, the entry code takes a CR3 with bit 12 set for a user page
 * table, and an NMI can come while ours is loaded.
 */
static pgd_t *kexec_call_alloc_pgd(void)
{
	return (pgd_t *)__get_free_pages(GFP_KERNEL | __GFP_DMA32 | __GFP_ZERO, 1);
}

int kexec_call_init_pgtable(struct kimage *image, phys_addr_t control)
{
	struct x86_mapping_info info = kexec_call_mapping_info;
	pgd_t *pgd;
	int ret;

	pgd = kexec_call_alloc_pgd();
	if (!pgd)
		return -ENOMEM;

	ret = kernel_ident_mapping_init(&info, pgd, control,
					control + (PAGE_SIZE << KEXEC_CALL_CONTROL_ORDER));
	if (ret) {
		kexec_call_free_pgd(pgd);
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

void kexec_call_free_pgtable(struct kimage *image)
{
	kexec_call_free_pgd(image->arch.pgd);
	image->arch.pgd = NULL;
}

/* Below 4 GiB (__GFP_DMA32): identity addresses there are all in the lower half. */
bool kexec_call_control_reachable(phys_addr_t start, size_t size)
{
	return start + size <= SZ_4G;
}

/* A long-mode interrupt gate of the switch IDT, on IST stack @ist. */
static void kexec_call_set_gate64(struct kexec_call_state *state, unsigned int vector,
				  u32 handler, unsigned int ist)
{
	gate_desc gate;

	pack_gate(&gate, GATE_INTERRUPT, handler, 0, ist + 1, KEXEC_CALL_CS64);
	BUILD_BUG_ON(sizeof(gate) != 2 * sizeof(u64));
	memcpy(&state->switch_idt[2 * vector], &gate, sizeof(gate));
}

void kexec_call_init_arch_state(struct kexec_call_state *state,
				phys_addr_t control)
{
	state->gdt[KEXEC_CALL_CS64 / 8] = GDT_ENTRY(DESC_CODE64, 0, 0xfffff);

	/* The switch IDT's long-mode view: vectors 2 and 18 of 16-byte gates */
	kexec_call_set_gate64(state, X86_TRAP_NMI,
			      kexec_call_tramp_phys(control, kexec_call_tramp_nmi64),
			      IST_INDEX_NMI);
	kexec_call_set_gate64(state, X86_TRAP_MC,
			      kexec_call_tramp_phys(control, kexec_call_tramp_mce64),
			      IST_INDEX_MCE);
}
