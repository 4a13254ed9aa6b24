// SPDX-License-Identifier: GPL-2.0
/*
 * fwcall's named BIOS services: the memory maps (int 15h E820h and E801h),
 * the base memory size (int 12h), the equipment list (int 11h) and the
 * RTC's time and date (int 1Ah).
 */

#define pr_fmt(fmt) "fwcall: " fmt

#include <linux/bcd.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/fwcall.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/rtc.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <kunit/visibility.h>

#include <asm/e820/types.h>
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
 * fwcall_e820_decode() - What one answer of int 15h E820h says
 * @regs: the registers the BIOS returned
 * @buf: the entry buffer as the call left it (24 bytes)
 * @entry: the entry, when there is one
 *
 * CF ends the chain whatever the rest says: BIOSes that end it so do not
 * always return the signature then.  Without CF, an answer that lost the
 * "SMAP" signature leaves the map in an unknown state (part of it, all of
 * it or garbage), so the whole walk fails, as the boot code's does.
 *
 * The entry is the buffer as it stands, whatever ECX says, as the boot
 * code takes it: a BIOS that reports fewer than 20 bytes has still
 * written the fields it meant to, and those it left alone keep what the
 * previous call put there, since the buffer is kept across the walk.
 * ECX decides only whether the ACPI 3.0 attributes are there: 24 bytes
 * or more.
 *
 * Return: 1 with @entry filled in, 0 at the end of the chain, -EIO for an
 * answer without the signature.
 */
VISIBLE_IF_KUNIT int fwcall_e820_decode(const struct fwcall_regs *regs,
					const void *buf,
					struct fwcall_e820_entry *entry)
{
	const struct fwcall_e820_raw *raw = buf;

	if (regs->eflags & X86_EFLAGS_CF)
		return 0;
	if (regs->eax != E820_SMAP)
		return -EIO;
	entry->addr = raw->addr;
	entry->size = raw->size;
	entry->type = raw->type;
	entry->has_attrs = regs->ecx >= sizeof(*raw);
	entry->attrs = entry->has_attrs ? raw->attrs : 0;
	return 1;
}
EXPORT_SYMBOL_IF_KUNIT(fwcall_e820_decode);

/*
 * Walk the whole chain with one buffer, zeroed once before the first call
 * and then left as each call leaves it (at least one BIOS updates only
 * the fields that change from the previous entry).  The first @max
 * entries go to @map, which may be NULL when @max is 0.
 *
 * Return: the number of entries in the map, or a negative errno.
 */
static int fwcall_e820_walk(struct fwcall_e820_entry *map, unsigned int max)
{
	struct fwcall_e820_raw *raw = fwcall_low(FWCALL_BOUNCE_OFFSET);
	struct fwcall_e820_entry entry;
	struct fwcall_regs regs;
	unsigned int n = 0;
	u32 next = 0;
	int err = 0;

	mutex_lock(&fwcall_mutex);
	memset(raw, 0, sizeof(*raw));
	do {
		if (n == FWCALL_E820_LIMIT) {
			pr_err_ratelimited(FW_BUG "E820h map does not end after %u entries\n",
					   n);
			err = -EIO;
			break;
		}
		regs = (struct fwcall_regs) {
			.eax = 0xe820,
			.edx = E820_SMAP,
			.ebx = next,
			.ecx = sizeof(*raw),
			.es = fwcall_bounce_seg(),
			.edi = 0,
		};
		err = fwcall_int_locked(0x15, &regs);
		if (err)
			break;
		err = fwcall_e820_decode(&regs, raw, &entry);
		if (err <= 0) {
			/* CF on the first call: no E820h */
			if (!err && !n)
				err = -ENODEV;
			break;
		}
		err = 0;
		if (n < max)
			map[n] = entry;
		n++;
		next = regs.ebx;
	} while (next);
	mutex_unlock(&fwcall_mutex);

	return err ? err : n;
}

/**
 * fwcall_e820() - Read the BIOS memory map with int 15h, AX=E820h
 * @map: where the entries go, in the BIOS's order
 * @max: how many @map holds
 *
 * Asks for one entry per call, continuing with the value the BIOS returns
 * in EBX until it returns 0 (or ends the chain with CF), as the boot code
 * does (arch/x86/boot/memory.c): one buffer for the whole walk, not
 * cleared between calls, and entries taken whatever length the BIOS
 * reports in ECX (the ACPI 3.0 attributes only with 24 bytes or more).
 * The map has no length limit of its own; a chain that has not ended
 * after %FWCALL_E820_LIMIT entries is a BIOS that loops.
 *
 * Context: Process context.  May sleep.
 * Return: the number of entries, -EINVAL for a NULL @map or a @max of 0,
 * -ENODEV without BIOS calls or when the BIOS has no E820h, -EIO when an
 * answer lacks the "SMAP" signature or the chain does not end, -E2BIG
 * when the map has more than @max entries, or the error of the call.
 */
int fwcall_e820(struct fwcall_e820_entry *map, unsigned int max)
{
	int n;

	if (!map || !max)
		return -EINVAL;
	if (!fwcall_available())
		return -ENODEV;

	n = fwcall_e820_walk(map, max);
	if (n > 0 && (unsigned int)n > max)
		return -E2BIG;
	return n;
}
EXPORT_SYMBOL_GPL(fwcall_e820);

/**
 * fwcall_e820_alloc() - The whole BIOS memory map, however long
 * @count: the number of entries, on success
 *
 * Walks the map into room for as many entries as the boot code reads
 * (%E820_MAX_ENTRIES_ZEROPAGE), and once more into room for all of them
 * when there are more.
 *
 * Context: Process context.  May sleep.
 * Return: the map, to be freed with kvfree(), or an ERR_PTR() of
 * -ENOMEM, -EIO for a map whose length changed between the two walks,
 * or fwcall_e820()'s errors.
 */
struct fwcall_e820_entry *fwcall_e820_alloc(unsigned int *count)
{
	unsigned int room = E820_MAX_ENTRIES_ZEROPAGE;
	struct fwcall_e820_entry *map;
	int n, walks;

	if (!fwcall_available())
		return ERR_PTR(-ENODEV);
	for (walks = 0; walks < 2; walks++) {
		map = kvcalloc(room, sizeof(*map), GFP_KERNEL);
		if (!map)
			return ERR_PTR(-ENOMEM);
		n = fwcall_e820_walk(map, room);
		if (n < 0) {
			kvfree(map);
			return ERR_PTR(n);
		}
		if ((unsigned int)n <= room) {
			*count = n;
			return map;
		}
		kvfree(map);
		room = n;
	}
	return ERR_PTR(-EIO);
}

/* A service that takes nothing and answers in AX. */
static int fwcall_int_ax(u8 vector)
{
	struct fwcall_regs regs = { };
	int err;

	err = fwcall_int(vector, &regs);
	return err ? err : (u16)regs.eax;
}

/**
 * fwcall_base_memory_kb() - Conventional memory size from int 12h
 *
 * Context: Process context.  May sleep.
 * Return: the KiB of memory below the EBDA that the BIOS reports in AX, or
 * a negative errno as fwcall_int() returns it.
 */
int fwcall_base_memory_kb(void)
{
	return fwcall_int_ax(0x12);
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
	return fwcall_int_ax(0x11);
}
EXPORT_SYMBOL_GPL(fwcall_equipment);

/* E801h's limits: 15 MiB between 1 and 16 MiB, 64 KiB blocks up to 4 GiB */
#define E801_KB_1M_16M_MAX	(15 * 1024)
#define E801_BLOCKS_MAX		((SZ_4G - SZ_16M) / SZ_64K)

/**
 * fwcall_e801_decode() - What an answer of int 15h E801h says
 * @regs: the registers the BIOS returned
 * @kb_1m_16m: KiB between 1 MiB and 16 MiB
 * @blocks_16m_4g: 64 KiB blocks between 16 MiB and 4 GiB
 *
 * Takes CX/DX (the configured memory), or AX/BX when the BIOS leaves CX
 * and DX zero, as the boot code does (arch/x86/boot/memory.c), and
 * refuses what cannot be true: more than 15 MiB between 1 and 16 MiB (the
 * boot code's "bogus" case, which also catches a BIOS that left AX as
 * E801h), more 64 KiB blocks than fit between 16 MiB and 4 GiB, and no
 * memory above 1 MiB at all, which the running kernel disproves.  Less
 * than 15 MiB below 16 MiB with memory above it is kept: it is a memory
 * hole at 15 MiB, which old boards had (the boot code ignores what lies
 * above such a hole; fwcall reports both values).
 *
 * Return: 0 with both values set, -ENODEV when the BIOS has no E801h (CF
 * set), -EIO for an answer that makes no sense; the values are left alone
 * on an error.
 */
VISIBLE_IF_KUNIT int fwcall_e801_decode(const struct fwcall_regs *regs,
					u32 *kb_1m_16m, u32 *blocks_16m_4g)
{
	u32 kb, blocks;

	if (regs->eflags & X86_EFLAGS_CF)
		return -ENODEV;
	if ((u16)regs->ecx || (u16)regs->edx) {
		kb = (u16)regs->ecx;
		blocks = (u16)regs->edx;
	} else {
		kb = (u16)regs->eax;
		blocks = (u16)regs->ebx;
	}
	if (kb > E801_KB_1M_16M_MAX || blocks > E801_BLOCKS_MAX ||
	    (!kb && !blocks))
		return -EIO;
	*kb_1m_16m = kb;
	*blocks_16m_4g = blocks;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(fwcall_e801_decode);

/**
 * fwcall_e801() - Extended memory sizes from int 15h, AX=E801h
 * @kb_1m_16m: KiB of memory between 1 MiB and 16 MiB (at most 15360)
 * @blocks_16m_4g: 64 KiB blocks of memory between 16 MiB and 4 GiB
 *
 * Takes CX/DX, or AX/BX where the BIOS leaves CX and DX zero, as the boot
 * code does, and checks that the answer makes sense (see
 * fwcall_e801_decode()).
 *
 * Context: Process context.  May sleep.
 * Return: 0, -EINVAL for a NULL pointer, -ENODEV when the BIOS has no
 * E801h (CF set), -EIO for an answer that makes no sense (more than 15 MiB
 * below 16 MiB, more than 4 GiB, or nothing above 1 MiB), or the error of
 * the call.
 */
int fwcall_e801(u32 *kb_1m_16m, u32 *blocks_16m_4g)
{
	struct fwcall_regs regs = { .eax = 0xe801 };
	int err;

	if (!kb_1m_16m || !blocks_16m_4g)
		return -EINVAL;
	err = fwcall_int(0x15, &regs);
	if (err)
		return err;
	err = fwcall_e801_decode(&regs, kb_1m_16m, blocks_16m_4g);
	if (err == -EIO)
		pr_warn_ratelimited(FW_BUG "E801h answer makes no sense: AX %04x BX %04x CX %04x DX %04x\n",
				    (u16)regs.eax, (u16)regs.ebx,
				    (u16)regs.ecx, (u16)regs.edx);
	return err;
}
EXPORT_SYMBOL_GPL(fwcall_e801);

/**
 * fwcall_rtc_time() - The RTC's time and date from int 1Ah, AH=02h and 04h
 * @tm: the time read, in the RTC's own time zone (UTC on Linux machines)
 *
 * Reads the time, then the date, then the time again, and retries once if
 * the two times differ in their minute, so that a date read across
 * midnight is not paired with the wrong day.
 *
 * Context: Process context.  May sleep.
 * Return: 0, -EINVAL for a NULL @tm, -EIO when the BIOS says the RTC is not
 * running (CF set), or the error of the call.
 */
int fwcall_rtc_time(struct rtc_time *tm)
{
	struct fwcall_regs t1, date, t2;
	int err, tries = 2;

	if (!tm)
		return -EINVAL;
	do {
		t1 = (struct fwcall_regs){ .eax = 0x0200 };
		date = (struct fwcall_regs){ .eax = 0x0400 };
		t2 = (struct fwcall_regs){ .eax = 0x0200 };
		err = fwcall_int(0x1a, &t1);
		if (!err)
			err = fwcall_int(0x1a, &date);
		if (!err)
			err = fwcall_int(0x1a, &t2);
		if (err)
			return err;
		if ((t1.eflags | date.eflags | t2.eflags) & X86_EFLAGS_CF)
			return -EIO;
	} while ((t1.ecx & 0xffff) != (t2.ecx & 0xffff) && --tries);

	/* Time: CH hours, CL minutes, DH seconds; date: CH:CL year, DH month, DL day */
	tm->tm_hour = bcd2bin((u8)(t2.ecx >> 8));
	tm->tm_min = bcd2bin((u8)t2.ecx);
	tm->tm_sec = bcd2bin((u8)(t2.edx >> 8));
	tm->tm_year = bcd2bin((u8)(date.ecx >> 8)) * 100 +
		      bcd2bin((u8)date.ecx) - 1900;
	tm->tm_mon = bcd2bin((u8)(date.edx >> 8)) - 1;
	tm->tm_mday = bcd2bin((u8)date.edx);
	tm->tm_wday = -1;
	tm->tm_yday = -1;
	tm->tm_isdst = 0;
	return 0;
}
EXPORT_SYMBOL_GPL(fwcall_rtc_time);
