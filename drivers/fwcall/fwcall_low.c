// SPDX-License-Identifier: GPL-2.0
/*
 * fwcall's low memory: a region below 1 MiB for the real-mode thunk, its
 * stack and the bounce buffer through which BIOS services exchange data.
 * Reserved at boot beside the kernel's own real-mode trampoline, before
 * the whole first MiB is withheld from the page allocator.
 */

#define pr_fmt(fmt) "fwcall: " fmt

#include <linux/fwcall.h>
#include <linux/init.h>
#include <linux/memblock.h>
#include <linux/printk.h>
#include <linux/sizes.h>

#include "fwcall_internal.h"

phys_addr_t fwcall_low_base __ro_after_init;

/**
 * fwcall_reserve_low() - Reserve fwcall's region below 1 MiB
 *
 * Called once from setup_arch(), just before the real-mode trampoline's
 * reservation.  The region lies above the first 64 KiB, which some BIOSes
 * scribble on, and is page aligned so that its real-mode segment covers it
 * from offset 0.  Without it (no free memory below 1 MiB) fwcall stays
 * unavailable and says so.
 *
 * Context: Early boot, memblock allocator.
 */
void __init fwcall_reserve_low(void)
{
	phys_addr_t mem;

	mem = memblock_phys_alloc_range(FWCALL_LOW_SIZE, PAGE_SIZE, SZ_64K, SZ_1M);
	if (!mem) {
		pr_info("no memory below 1 MiB for BIOS calls; fwcall disabled\n");
		return;
	}
	fwcall_low_base = mem;
	pr_info("reserved %#x bytes at %pa for BIOS calls\n", FWCALL_LOW_SIZE, &mem);
}
