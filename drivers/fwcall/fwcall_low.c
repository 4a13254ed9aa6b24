// SPDX-License-Identifier: GPL-2.0
/*
 * fwcall's low memory: a region below 1 MiB for the real-mode thunk, its
 * stack and the bounce buffer through which BIOS services exchange data.
 *
 * Reserved at boot from what the kernel's real-mode trampoline left, just
 * before the whole first MiB is withheld from the page allocator, and only
 * when there is a PC BIOS to call: not with fwcall=off, not on a machine
 * booted through UEFI, and not when the real-mode interrupt vector table
 * and the BIOS data area do not look like a PC BIOS's.  Without the region
 * fwcall stays off: it runs no BIOS code and offers no interface, and the
 * boot log says why in one line.
 */

#define pr_fmt(fmt) "fwcall: " fmt

#include <linux/efi.h>
#include <linux/fwcall.h>
#include <linux/export.h>
#include <linux/init.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/memblock.h>
#include <linux/minmax.h>
#include <linux/printk.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#include <kunit/visibility.h>

#include <asm/early_ioremap.h>

#include "fwcall_internal.h"

/* Where the BIOS data area keeps what the check reads (offsets in it) */
#define BDA_EBDA_SEG		0x0e
#define BDA_BASE_MEM_KB		0x13

/* The range of a sane base memory size and EBDA, as arch/x86/kernel/ebda.c */
#define BIOS_LOW_MIN		SZ_128K
#define BIOS_LOW_END		0xa0000
#define OPTION_ROM_START	0xc0000
#define SYSTEM_ROM_START	0xf0000
#define BIOS_ROM_END		SZ_1M

/* The BIOS services every PC BIOS provides: int 10h to int 1Ah */
#define BIOS_SERVICE_FIRST	0x10
#define BIOS_SERVICE_LAST	0x1a

#define OPCODE_JMP_FAR		0xea

phys_addr_t fwcall_low_base __ro_after_init;
EXPORT_SYMBOL_NS_GPL(fwcall_low_base, FWCALL);

/*
 * The region as an iomem resource that user space may not map, so that
 * /proc/iomem shows it and /dev/mem's policy can be asked about it.
 */
static struct resource fwcall_low_iomem = {
	.name = "fwcall",
	.flags = IORESOURCE_MEM | IORESOURCE_BUSY | IORESOURCE_EXCLUSIVE,
};

static bool fwcall_off __initdata;

/*
 * fwcall_parse_param() - Parse the value of the fwcall= boot parameter
 * @arg: the value: "off" turns fwcall off, "on" (the default) back on
 * @off: set to whether fwcall is to be off
 *
 * Return: 0, or -EINVAL for a missing or unknown value; @off is then left
 * alone.
 */
VISIBLE_IF_KUNIT int fwcall_parse_param(const char *arg, bool *off)
{
	if (!arg)
		return -EINVAL;
	if (!strcmp(arg, "off")) {
		*off = true;
		return 0;
	}
	if (!strcmp(arg, "on")) {
		*off = false;
		return 0;
	}
	return -EINVAL;
}
EXPORT_SYMBOL_IF_KUNIT(fwcall_parse_param);

static int __init fwcall_param(char *arg)
{
	return fwcall_parse_param(arg, &fwcall_off);
}
early_param("fwcall", fwcall_param);

/* The linear address a real-mode far pointer (segment << 16 | offset) names */
static u32 far_linear(u32 farptr)
{
	return (farptr >> 16) * 16 + (farptr & 0xffff);
}

/*
 * fwcall_bios_check() - Whether low memory looks like a PC BIOS left it
 * @area: a copy of the interrupt vector table, the BIOS data area and the
 *	system ROM's reset vector
 * @vector: set to the vector that failed, for %FWCALL_BIOS_VECTOR_UNSET
 *	and %FWCALL_BIOS_VECTOR_OUTSIDE
 *
 * A pure function of @area, so that it can be tried on made-up tables.
 * A PC BIOS has a far jump into its ROM at FFFF0h (the reset vector at the
 * top of the system ROM, F0000h-FFFFFh), a base memory size at 40:13h and
 * an EBDA segment at 40:0Eh (or none) between 128 and 640 KiB, and sets
 * the vectors of its services (int 10h to 1Ah).  Every vector that is set
 * points into the system ROM, an option ROM (C0000h-EFFFFh) or the memory
 * the BIOS keeps at the top of conventional memory: the EBDA, or what a
 * boot loader or an option ROM took from there by lowering the base memory
 * size.  A vector into RAM that Linux owns means the table is not a BIOS's
 * (or no longer is), and calling through it would run whatever lies there.
 *
 * Return: %FWCALL_BIOS_OK, or the first check that failed.
 */
VISIBLE_IF_KUNIT enum fwcall_bios_verdict
fwcall_bios_check(const struct fwcall_bios_area *area, unsigned int *vector)
{
	u32 base = get_unaligned_le16(&area->bda[BDA_BASE_MEM_KB]) * SZ_1K;
	u32 ebda = get_unaligned_le16(&area->bda[BDA_EBDA_SEG]) << 4;
	u32 reset = get_unaligned_le32(&area->reset[1]);
	u32 bios_low, addr;
	unsigned int v;

	if (area->reset[0] != OPCODE_JMP_FAR ||
	    far_linear(reset) < SYSTEM_ROM_START ||
	    far_linear(reset) >= BIOS_ROM_END)
		return FWCALL_BIOS_NO_ROM;
	if (base < BIOS_LOW_MIN || base > BIOS_LOW_END)
		return FWCALL_BIOS_BASE_MEM;
	if (ebda && (ebda < BIOS_LOW_MIN || ebda >= BIOS_LOW_END))
		return FWCALL_BIOS_EBDA;
	bios_low = ebda ? min(base, ebda) : base;

	for (v = 0; v < ARRAY_SIZE(area->ivt); v++) {
		*vector = v;
		if (!area->ivt[v]) {
			if (v >= BIOS_SERVICE_FIRST && v <= BIOS_SERVICE_LAST)
				return FWCALL_BIOS_VECTOR_UNSET;
			continue;
		}
		addr = far_linear(area->ivt[v]);
		if ((addr < bios_low || addr >= BIOS_LOW_END) &&
		    (addr < OPTION_ROM_START || addr >= BIOS_ROM_END))
			return FWCALL_BIOS_VECTOR_OUTSIDE;
	}
	return FWCALL_BIOS_OK;
}
EXPORT_SYMBOL_IF_KUNIT(fwcall_bios_check);

static struct fwcall_bios_area fwcall_boot_area __initdata;

/* Copy the IVT and BDA (0-4FFh) and the reset vector; false if unmappable */
static bool __init fwcall_copy_bios_area(struct fwcall_bios_area *area)
{
	size_t low = sizeof(area->ivt) + sizeof(area->bda);
	u8 *p;

	p = early_memremap(0, low);
	if (!p)
		return false;
	memcpy(area->ivt, p, sizeof(area->ivt));
	memcpy(area->bda, p + sizeof(area->ivt), sizeof(area->bda));
	early_memunmap(p, low);

	p = early_memremap(BIOS_ROM_END - sizeof(area->reset), sizeof(area->reset));
	if (!p)
		return false;
	memcpy(area->reset, p, sizeof(area->reset));
	early_memunmap(p, sizeof(area->reset));
	return true;
}

/* Whether there is a PC BIOS to call; if not, say why in one line. */
static bool __init fwcall_bios_present(void)
{
	struct fwcall_bios_area *area = &fwcall_boot_area;
	enum fwcall_bios_verdict verdict;
	unsigned int v = 0;

	if (!fwcall_copy_bios_area(area)) {
		pr_info("BIOS calls off: low memory could not be mapped\n");
		return false;
	}
	verdict = fwcall_bios_check(area, &v);
	switch (verdict) {
	case FWCALL_BIOS_OK:
		return true;
	case FWCALL_BIOS_NO_ROM:
		pr_info("BIOS calls off: no PC BIOS (no far jump into the system ROM at FFFF0h: %*ph)\n",
			5, area->reset);
		break;
	case FWCALL_BIOS_BASE_MEM:
	case FWCALL_BIOS_EBDA:
		pr_info("BIOS calls off: no PC BIOS (BIOS data area: base memory %u KiB, EBDA segment %#06x)\n",
			get_unaligned_le16(&area->bda[BDA_BASE_MEM_KB]),
			get_unaligned_le16(&area->bda[BDA_EBDA_SEG]));
		break;
	case FWCALL_BIOS_VECTOR_UNSET:
	case FWCALL_BIOS_VECTOR_OUTSIDE:
		pr_info("BIOS calls off: no PC BIOS (int %02xh vector %04x:%04x %s)\n",
			v, area->ivt[v] >> 16, area->ivt[v] & 0xffff,
			verdict == FWCALL_BIOS_VECTOR_UNSET ? "unset" :
			"outside the BIOS's ROMs and EBDA");
		break;
	}
	return false;
}

/**
 * fwcall_reserve_low() - Reserve fwcall's region below 1 MiB
 *
 * Called once from reserve_real_mode(), after it has placed the real-mode
 * trampoline (which secondary CPUs need to start) and before it withholds
 * the whole first MiB, so that fwcall takes only what the trampoline
 * left.  Takes nothing with fwcall=off, on an EFI boot, or when low memory
 * does not look like a PC BIOS's.  The region lies above the first 64 KiB,
 * which some BIOSes scribble on, and is page aligned so that its real-mode
 * segment covers it from offset 0.  Without it fwcall stays off and says
 * why, once.
 *
 * Context: Early boot, memblock allocator.
 */
void __init fwcall_reserve_low(void)
{
	phys_addr_t mem;

	if (fwcall_off) {
		pr_info("BIOS calls off: fwcall=off\n");
		return;
	}
	if (efi_enabled(EFI_BOOT)) {
		pr_info("BIOS calls off: booted through UEFI\n");
		return;
	}
	if (!fwcall_bios_present())
		return;

	mem = memblock_phys_alloc_range(FWCALL_LOW_SIZE, PAGE_SIZE, SZ_64K, SZ_1M);
	if (!mem) {
		pr_info("BIOS calls off: no free memory below 1 MiB after the real-mode trampoline\n");
		return;
	}
	fwcall_low_base = mem;
	pr_info("reserved %#x bytes at %pa for BIOS calls\n", FWCALL_LOW_SIZE, &mem);
}

/* Once the iomem tree is there, whether or not the driver is loaded */
static int __init fwcall_low_iomem_init(void)
{
	int err;

	if (!fwcall_low_base)
		return 0;
	fwcall_low_iomem.start = fwcall_low_base;
	fwcall_low_iomem.end = fwcall_low_base + FWCALL_LOW_SIZE - 1;
	err = insert_resource(&iomem_resource, &fwcall_low_iomem);
	if (err)
		pr_warn("%pR not in /proc/iomem (%d): raw calls refused\n",
			&fwcall_low_iomem, err);
	return 0;
}
subsys_initcall(fwcall_low_iomem_init);

/**
 * fwcall_low_devmem_exclusive() - Whether /dev/mem keeps user space off the region
 *
 * iomem_is_exclusive() is /dev/mem's own test; for fwcall's region, marked
 * exclusive, it is true under CONFIG_STRICT_DEVMEM (or iomem=strict) and
 * false with iomem=relaxed.  Raw BIOS calls, which reach all of physical
 * memory, are allowed only where it is false.
 *
 * Return: true when the region is exclusive or not in the iomem tree.
 */
bool fwcall_low_devmem_exclusive(void)
{
	return !fwcall_low_iomem.parent ||
	       iomem_is_exclusive(fwcall_low_iomem.start);
}
EXPORT_SYMBOL_NS_GPL(fwcall_low_devmem_exclusive, FWCALL);
