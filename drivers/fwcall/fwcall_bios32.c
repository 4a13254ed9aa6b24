// SPDX-License-Identifier: GPL-2.0
/*
 * fwcall's 32-bit BIOS services: the BIOS32 service directory and, through
 * it, the PCI BIOS (installation check, configuration space reads).  Their
 * entry points are far-called in flat 32-bit protected mode by the thunk's
 * BIOS32 shim.
 */

#define pr_fmt(fmt) "fwcall: " fmt

#include <linux/errno.h>
#include <linux/export.h>
#include <linux/fwcall.h>
#include <linux/io.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/sizes.h>
#include <linux/string.h>

#include <kunit/visibility.h>

#include <asm/processor-flags.h>

#include "fwcall_internal.h"

#define BIOS32_SIGNATURE	0x5f32335f	/* "_32_" */
#define BIOS32_START		FWCALL_BIOS_AREA_START
#define BIOS32_END		FWCALL_BIOS_AREA_END
#define PCI_SERVICE		0x49435024	/* "$PCI" */
#define PCI_SIGNATURE		0x20494350	/* "PCI " */

/* The BIOS32 service directory header, 16-byte aligned in the BIOS area */
struct bios32_header {
	u32 signature;
	u32 entry;
	u8 revision;
	u8 length;	/* in 16-byte paragraphs */
	u8 checksum;
	u8 reserved[5];
} __packed;

/* @h lies @offset bytes into the mapped BIOS area */
static bool bios32_valid(const struct bios32_header *h, unsigned long offset)
{
	const u8 *p = (const u8 *)h;
	unsigned int i, len = h->length * 16;
	u8 sum = 0;

	if (h->signature != BIOS32_SIGNATURE || !len ||
	    offset + len > BIOS32_END - BIOS32_START)
		return false;
	for (i = 0; i < len; i++)
		sum += p[i];
	return !sum && h->revision == 0 && fwcall_bios32_entry_ok(h->entry);
}

/*
 * Found once and kept, since the BIOS area is ROM; a failed search is
 * repeated next time.  Both are guarded by fwcall_mutex.
 */
static u32 fwcall_bios32_dir, fwcall_pcibios_entry;

/* Scan the BIOS area for the directory header; its entry point, or 0. */
static u32 fwcall_bios32_scan(void)
{
	unsigned long offset;
	void *area;
	u32 entry = 0;

	area = memremap(BIOS32_START, BIOS32_END - BIOS32_START, MEMREMAP_WB);
	if (!area)
		return 0;
	for (offset = 0; offset < BIOS32_END - BIOS32_START; offset += 16) {
		const struct bios32_header *h = area + offset;

		if (bios32_valid(h, offset)) {
			entry = h->entry;
			break;
		}
	}
	memunmap(area);
	return entry;
}

static u32 fwcall_bios32_directory_locked(void)
{
	lockdep_assert_held(&fwcall_mutex);
	if (!fwcall_bios32_dir)
		fwcall_bios32_dir = fwcall_bios32_scan();
	return fwcall_bios32_dir;
}

/**
 * fwcall_bios32_directory() - Find the BIOS32 service directory
 *
 * Scans 0xE0000-0xFFFFF on 16-byte boundaries for a "_32_" header with a
 * valid checksum, revision 0 and an entry point in that same area, the
 * first time it is found; later calls return what was found.
 *
 * Context: Process context.  May sleep.
 * Return: the directory's physical entry point, or 0 when there is none.
 */
u32 fwcall_bios32_directory(void)
{
	u32 dir;

	mutex_lock(&fwcall_mutex);
	dir = fwcall_bios32_directory_locked();
	mutex_unlock(&fwcall_mutex);
	return dir;
}
EXPORT_SYMBOL_GPL(fwcall_bios32_directory);

/**
 * fwcall_bios32_service_entry() - A service's entry from the directory's answer
 * @base: the service's base address (EBX)
 * @length: the length of its code (ECX)
 * @offset: its entry point's offset from @base (EDX)
 * @entry: the entry point's physical address, on success
 *
 * The sums are taken 64 bits wide: the service's range must not wrap
 * around 4 GiB, the entry must lie within that range, and in the system
 * BIOS's area (0xE0000-0xFFFFF) as every entry fwcall calls must.
 *
 * Return: 0, or -EIO for an answer that breaks one of these.
 */
VISIBLE_IF_KUNIT int fwcall_bios32_service_entry(u32 base, u32 length,
						 u32 offset, u32 *entry)
{
	u64 addr = (u64)base + offset;

	if ((u64)base + length > SZ_4G || offset >= length ||
	    !fwcall_bios32_entry_ok(addr))
		return -EIO;
	*entry = addr;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(fwcall_bios32_service_entry);

/* fwcall_bios32_service() with fwcall_mutex held and its checks made. */
static int fwcall_bios32_service_locked(u32 id, u32 *entry)
{
	struct fwcall_regs regs = { .eax = id, .ebx = 0 };
	u32 dir = fwcall_bios32_directory_locked();
	int err;

	if (!dir)
		return -ENODEV;
	err = fwcall_far_call_locked(dir, &regs);
	if (err)
		return err;
	/* AL: 0 found, 0x80 not present, 0x81 unknown function */
	switch ((u8)regs.eax) {
	case 0:
		break;
	case 0x80:
		return -ENOENT;
	default:
		return -EIO;
	}
	/* EBX base, ECX length, EDX the entry's offset from the base */
	err = fwcall_bios32_service_entry(regs.ebx, regs.ecx, regs.edx, entry);
	if (err)
		pr_err_ratelimited(FW_BUG "BIOS32 service %08x: bad entry: base %08x, offset %08x, length %08x\n",
				   id, regs.ebx, regs.edx, regs.ecx);
	return err;
}

/**
 * fwcall_bios32_service() - Look a service up in the BIOS32 directory
 * @id: the service's identifier, e.g. 0x49435024 ("$PCI")
 * @entry: its physical entry point, on success
 *
 * The entry the directory gives (its base plus offset) must lie within the
 * service's range, which must not wrap around 4 GiB, and in the system
 * BIOS's area, 0xE0000-0xFFFFF, where fwcall_bios32_call() accepts it.
 *
 * Context: Process context.  May sleep.
 * Return: 0, -EINVAL for a NULL @entry, -ENODEV without BIOS calls or
 * without a directory, -ENOENT when the directory does not know @id, -EIO
 * for an answer that makes no sense (an entry outside the BIOS area or
 * its own range, a range that wraps), or the error of the call.
 */
int fwcall_bios32_service(u32 id, u32 *entry)
{
	int err;

	if (!entry)
		return -EINVAL;
	if (!fwcall_available())
		return -ENODEV;

	mutex_lock(&fwcall_mutex);
	err = fwcall_bios32_service_locked(id, entry);
	mutex_unlock(&fwcall_mutex);
	return err;
}
EXPORT_SYMBOL_GPL(fwcall_bios32_service);

/*
 * A PCI BIOS function: AX = 0xb1xx, CF and AH report errors.  The PCI
 * BIOS's entry is looked up in the directory at the first call only.
 */
static int fwcall_pcibios(struct fwcall_regs *regs)
{
	int err = 0;

	if (!fwcall_available())
		return -ENODEV;

	mutex_lock(&fwcall_mutex);
	if (!fwcall_pcibios_entry)
		err = fwcall_bios32_service_locked(PCI_SERVICE, &fwcall_pcibios_entry);
	if (!err)
		err = fwcall_far_call_locked(fwcall_pcibios_entry, regs);
	mutex_unlock(&fwcall_mutex);
	if (err)
		return err;
	if ((regs->eflags & X86_EFLAGS_CF) || (u8)(regs->eax >> 8))
		return -EIO;
	return 0;
}

/**
 * fwcall_pcibios_check() - PCI BIOS installation check (B101h)
 * @info: what the PCI BIOS reports
 *
 * Context: Process context.  May sleep.
 * Return: 0, -EINVAL for a NULL @info, -ENODEV without BIOS32 or without
 * a PCI BIOS ("PCI " signature missing), -EIO when it reports an error, or
 * the error of the call.
 */
int fwcall_pcibios_check(struct fwcall_pcibios_info *info)
{
	struct fwcall_regs regs = { .eax = 0xb101, .edi = 0 };
	int err;

	if (!info)
		return -EINVAL;
	err = fwcall_pcibios(&regs);
	if (err == -ENOENT)
		return -ENODEV;
	if (err)
		return err;
	if (regs.edx != PCI_SIGNATURE)
		return -ENODEV;
	info->mechanisms = (u8)regs.eax;
	info->major = (u8)(regs.ebx >> 8);
	info->minor = (u8)regs.ebx;
	info->last_bus = (u8)regs.ecx;
	return 0;
}
EXPORT_SYMBOL_GPL(fwcall_pcibios_check);

/**
 * fwcall_pcibios_read_config() - Read PCI configuration space (B108h-B10Ah)
 * @bus: the bus number
 * @devfn: device and function, as PCI_DEVFN() makes them
 * @where: the register's offset, 0 to 255, aligned to @size
 * @size: 1, 2 or 4 bytes
 * @val: the value read
 *
 * Context: Process context.  May sleep.
 * Return: 0, -EINVAL for a bad @size, @where or NULL @val, -ENODEV without
 * a PCI BIOS, -EIO when it reports an error, or the error of the call.
 */
int fwcall_pcibios_read_config(u8 bus, u8 devfn, unsigned int where,
			       unsigned int size, u32 *val)
{
	struct fwcall_regs regs = { };
	int err;

	if (!val || (size != 1 && size != 2 && size != 4) ||
	    where > 255 || where % size)
		return -EINVAL;

	regs.eax = size == 1 ? 0xb108 : size == 2 ? 0xb109 : 0xb10a;
	regs.ebx = bus << 8 | devfn;
	regs.edi = where;
	err = fwcall_pcibios(&regs);
	if (err == -ENOENT)
		return -ENODEV;
	if (err)
		return err;
	*val = size == 1 ? (u8)regs.ecx : size == 2 ? (u16)regs.ecx : regs.ecx;
	return 0;
}
EXPORT_SYMBOL_GPL(fwcall_pcibios_read_config);
