// SPDX-License-Identifier: GPL-2.0
/*
 * fwcall's named BIOS services: the memory map (int 15h E820h), the base
 * memory size (int 12h) and the equipment list (int 11h).
 */

#include <linux/errno.h>
#include <linux/export.h>
#include <linux/fwcall.h>
#include <linux/mutex.h>
#include <linux/string.h>

#include <asm/processor-flags.h>

#include "fwcall_internal.h"

#define E820_SMAP	0x534d4150	/* "SMAP" */

/* The layout int 15h E820h writes, 20 bytes (24 with ACPI 3.0 attributes) */
struct fwcall_e820_raw {
	u64 addr;
	u64 size;
	u32 type;
	u32 attrs;
} __packed;

/**
 * fwcall_e820() - Read the BIOS memory map with int 15h, AX=E820h
 * @map: where the entries go, in the BIOS's order
 * @max: how many @map holds
 *
 * Asks for one entry per call, continuing with the value the BIOS returns
 * in EBX until it returns 0 (or signals the end with CF).
 *
 * Context: Process context.  May sleep.
 * Return: the number of entries, -EINVAL for a NULL @map or a @max of 0,
 * -ENODEV without BIOS calls or when the BIOS has no E820h, -EIO when it
 * answers with a wrong signature or a short entry, -E2BIG when the map has
 * more than @max entries, or the error of the call.
 */
int fwcall_e820(struct fwcall_e820_entry *map, unsigned int max)
{
	struct fwcall_e820_raw *raw = fwcall_low(FWCALL_BOUNCE_OFFSET);
	struct fwcall_regs regs;
	unsigned int n = 0;
	u32 next = 0;
	int err = 0;

	if (!map || !max)
		return -EINVAL;
	if (!fwcall_available())
		return -ENODEV;

	mutex_lock(&fwcall_mutex);
	do {
		memset(raw, 0, sizeof(*raw));
		memset(&regs, 0, sizeof(regs));
		regs.eax = 0xe820;
		regs.edx = E820_SMAP;
		regs.ebx = next;
		regs.ecx = sizeof(*raw);
		regs.es = fwcall_bounce_seg();
		regs.edi = 0;
		err = fwcall_int_locked(0x15, &regs);
		if (err)
			break;
		/* CF on the first call: no E820h; later: past the last entry */
		if (regs.eflags & X86_EFLAGS_CF) {
			if (!n)
				err = -ENODEV;
			break;
		}
		if (regs.eax != E820_SMAP || regs.ecx < 20) {
			err = -EIO;
			break;
		}
		if (n == max) {
			err = -E2BIG;
			break;
		}
		map[n].addr = raw->addr;
		map[n].size = raw->size;
		map[n].type = raw->type;
		n++;
		next = regs.ebx;
	} while (next);
	mutex_unlock(&fwcall_mutex);

	return err ? err : n;
}
EXPORT_SYMBOL_GPL(fwcall_e820);

/**
 * fwcall_base_memory_kb() - Conventional memory size from int 12h
 *
 * Context: Process context.  May sleep.
 * Return: the KiB of memory below the EBDA that the BIOS reports in AX, or
 * a negative errno as fwcall_int() returns it.
 */
int fwcall_base_memory_kb(void)
{
	struct fwcall_regs regs = { };
	int err;

	err = fwcall_int(0x12, &regs);
	return err ? err : (u16)regs.eax;
}
EXPORT_SYMBOL_GPL(fwcall_base_memory_kb);

/**
 * fwcall_equipment() - The BIOS equipment list word from int 11h
 *
 * Context: Process context.  May sleep.
 * Return: the equipment word the BIOS reports in AX, or a negative errno
 * as fwcall_int() returns it.
 */
int fwcall_equipment(void)
{
	struct fwcall_regs regs = { };
	int err;

	err = fwcall_int(0x11, &regs);
	return err ? err : (u16)regs.eax;
}
EXPORT_SYMBOL_GPL(fwcall_equipment);
