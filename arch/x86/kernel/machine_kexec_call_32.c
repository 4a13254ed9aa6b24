// SPDX-License-Identifier: GPL-2.0
/*
 * kexec_call on i386: what differs from x86_64 (machine_kexec_call.c has
 * the rest).
 *
 * The image's page table, built once at allocation, in the kernel's paging
 * mode: the kernel's top-level entries for its half of the address space
 * (PAGE_OFFSET and up) and the control pages mapped at their physical
 * addresses, which lie below PAGE_OFFSET (kexec_call_control_reachable()).
 * Without PAE that is a page directory and one page table; with PAE a
 * page-directory-pointer table, one page directory and one page table.
 * The control pages are an 8 KiB aligned block, so one page table maps
 * both.
 *
 * EFER, where the CPU has one, holds the NX enable the kernel's page tables
 * rely on with PAE: the switch saves it and puts it back before paging.
 */

#include <linux/gfp.h>
#include <linux/kexec.h>
#include <linux/mm.h>
#include <linux/pgalloc.h>
#include <linux/pgtable.h>

#include <asm/kexec_call.h>
#include <asm/msr.h>

#include "machine_kexec_call.h"

void kexec_call_free_pgtable(struct kimage *image)
{
	/* The PGD is the first page of an order-1 block: see below */
	free_pages((unsigned long)image->arch.pgd, 1);
	image->arch.pgd = NULL;
#ifdef CONFIG_X86_PAE
	free_page((unsigned long)image->arch.pmd0);
	image->arch.pmd0 = NULL;
#endif
	free_page((unsigned long)image->arch.pte0);
	image->arch.pte0 = NULL;
}

/*
 * Map the page at @addr at its own address, through @pmd (PAE) and @pte.
 * Not global: CR4.PGE is back while this table is loaded, and a global
 * translation would outlive the call in the TLB, reachable from user space.
 */
static void kexec_call_map_identity(pgd_t *pgd, pmd_t *pmd, pte_t *pte,
				    unsigned long addr)
{
	pgd_t *pgde = pgd + pgd_index(addr);
	pmd_t *pmde;

	if (IS_ENABLED(CONFIG_X86_PAE))
		/* A PDPTE takes no other bits than present (and caching) */
		set_pgd(pgde, __pgd(__pa(pmd) | _PAGE_PRESENT));
	pmde = pmd_offset(pud_offset(p4d_offset(pgde, addr), addr), addr);
	set_pmd(pmde, __pmd(__pa(pte) | _PAGE_TABLE));
	set_pte(pte + pte_index(addr),
		pfn_pte(addr >> PAGE_SHIFT,
			__pgprot(pgprot_val(PAGE_KERNEL_EXEC) & ~_PAGE_GLOBAL)));
}

int kexec_call_init_pgtable(struct kimage *image, phys_addr_t control)
{
	unsigned long addr;
	pmd_t *pmd = NULL;

	/*
	 * The PGD is 8 KiB aligned, an order-1 block of which only the first
	 * page is used: with PTI, the entry code takes a CR3 with bit 12 set
	 * for a user page table, and an NMI can come while ours is loaded.
	 */
	image->arch.pgd = (pgd_t *)__get_free_pages(GFP_KERNEL | __GFP_ZERO, 1);
	image->arch.pte0 = (pte_t *)get_zeroed_page(GFP_KERNEL);
#ifdef CONFIG_X86_PAE
	image->arch.pmd0 = (pmd_t *)get_zeroed_page(GFP_KERNEL);
	pmd = image->arch.pmd0;
#endif
	if (!image->arch.pgd || !image->arch.pte0 ||
	    (IS_ENABLED(CONFIG_X86_PAE) && !pmd)) {
		kexec_call_free_pgtable(image);
		return -ENOMEM;
	}

	/*
	 * Kernel text, stacks and the direct map.  Entries for vmalloc space
	 * made later are filled in on a fault, as in every process's PGD.
	 */
	clone_pgd_range(image->arch.pgd + KERNEL_PGD_BOUNDARY,
			swapper_pg_dir + KERNEL_PGD_BOUNDARY, KERNEL_PGD_PTRS);

	for (addr = control; addr < control + (PAGE_SIZE << KEXEC_CALL_CONTROL_ORDER);
	     addr += PAGE_SIZE)
		kexec_call_map_identity(image->arch.pgd, pmd, image->arch.pte0, addr);
	return 0;
}

/* Identity addresses must stay clear of the kernel's half. */
bool kexec_call_control_reachable(phys_addr_t start, size_t size)
{
	return start + size <= PAGE_OFFSET;
}

void kexec_call_init_arch_state(struct kexec_call_state *state,
				phys_addr_t control)
{
	u64 efer;

	state->has_efer = !rdmsrl_safe(MSR_EFER, &efer);
}
