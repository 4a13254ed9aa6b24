// SPDX-License-Identifier: GPL-2.0
/*
 * fwcall's VESA BIOS Extensions services: the controller information
 * (int 10h, AX=4F00h), the information on one mode (AX=4F01h), setting a
 * mode (AX=4F02h) and reading the current one (AX=4F03h); and the VGA
 * BIOS's own mode set (AH=00h), for going back to a text mode.
 *
 * Both fill a block at ES:DI in the bounce buffer.  The controller block
 * holds real-mode far pointers to the OEM strings and the mode list; a
 * VBE 2.0 BIOS asked with the "VBE2" signature may put them in the block
 * itself, else they point into its ROM.  Both are followed while the call
 * lock is still held, before another call can reuse the bounce buffer or
 * the BIOS's scratch memory.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/export.h>
#include <linux/fwcall.h>
#include <linux/io.h>
#include <linux/lockdep.h>
#include <linux/minmax.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/platform_device.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/unaligned.h>
#include <linux/vgaarb.h>

#include <kunit/visibility.h>

#include "fwcall_internal.h"

#define VBE_SIGNATURE		"VESA"
#define VBE2_SIGNATURE		"VBE2"
#define VBE_MODE_LIST_END	0xffff

/* Offsets in the controller information block (4F00h) */
#define VBE_INFO_SIGNATURE	0
#define VBE_INFO_VERSION	4
#define VBE_INFO_OEM_STRING	6
#define VBE_INFO_CAPABILITIES	10
#define VBE_INFO_MODES		14
#define VBE_INFO_TOTAL_MEMORY	18
#define VBE_INFO_OEM_REV	20
#define VBE_INFO_VENDOR		22
#define VBE_INFO_PRODUCT	26
#define VBE_INFO_PRODUCT_REV	30

/* Offsets in the mode information block (4F01h) */
#define VBE_MODE_ATTRIBUTES	0
#define VBE_MODE_BYTES_PER_LINE	16
#define VBE_MODE_X_RES		18
#define VBE_MODE_Y_RES		20
#define VBE_MODE_BPP		25
#define VBE_MODE_MEMORY_MODEL	27
#define VBE_MODE_RED_SIZE	31
#define VBE_MODE_RED_POS	32
#define VBE_MODE_GREEN_SIZE	33
#define VBE_MODE_GREEN_POS	34
#define VBE_MODE_BLUE_SIZE	35
#define VBE_MODE_BLUE_POS	36
#define VBE_MODE_PHYS_BASE	40
#define VBE_MODE_LIN_BYTES	50	/* LinBytesPerScanLine, VBE 3.0 */

/*
 * A VBE function, int 10h with @buf (if any) at ES:DI, with fwcall_mutex
 * held.  AL is 4Fh when the function exists (else -ENODEV), AH is 0 when
 * it succeeded (else @failed).
 */
static int fwcall_vbe_call_locked(struct fwcall_regs *regs, void *buf,
				  size_t len, int failed)
{
	int err = buf ? fwcall_int_buf_locked(0x10, regs, buf, len) :
			fwcall_int_locked(0x10, regs);

	if (err)
		return err;
	if ((u8)regs->eax != 0x4f)
		return -ENODEV;
	return (u8)(regs->eax >> 8) ? failed : 0;
}

/* A real-mode far pointer as a physical address. */
static phys_addr_t fwcall_vbe_phys(u32 farptr)
{
	return ((farptr >> 16) << 4) + (farptr & 0xffff);
}

/**
 * fwcall_vbe_fetch() - Copy what a far pointer of a VBE block points to
 * @farptr: a real-mode far pointer (segment << 16 | offset)
 * @block: the block the BIOS returned, as copied out of the bounce buffer
 * @block_len: its length
 * @dst: where the bytes go
 * @len: the most bytes to copy
 *
 * From @block when @farptr points into it (the bounce buffer of the call);
 * else from the first MiB (the video BIOS's ROM, or memory it keeps), but
 * never from fwcall's own low memory outside the block: what lies there
 * is the thunk's or a stale buffer's, not the BIOS's answer.  A copy
 * stops at the block's end, at fwcall's memory and at 1 MiB.  Called
 * with fwcall_mutex held, so that nothing the pointer names can change
 * under it.
 *
 * Return: the number of bytes copied, 0 for a null pointer, -ERANGE for a
 * pointer above 1 MiB or into fwcall's memory, or one that cannot be
 * mapped.
 */
VISIBLE_IF_KUNIT long fwcall_vbe_fetch(u32 farptr, const u8 *block,
				       size_t block_len, void *dst, size_t len)
{
	phys_addr_t addr = fwcall_vbe_phys(farptr);
	long offset = fwcall_buf_offset(farptr, block_len);
	phys_addr_t low_end = fwcall_low_base + FWCALL_LOW_SIZE;
	void *src;

	lockdep_assert_held(&fwcall_mutex);
	if (!farptr)
		return 0;
	if (offset >= 0) {
		len = min(len, block_len - offset);
		memcpy(dst, block + offset, len);
		return len;
	}
	if (addr >= SZ_1M || (addr >= fwcall_low_base && addr < low_end))
		return -ERANGE;
	len = min_t(size_t, len, SZ_1M - addr);
	if (addr < fwcall_low_base)
		len = min_t(size_t, len, fwcall_low_base - addr);
	src = memremap(addr, len, MEMREMAP_WB);
	if (!src)
		return -ERANGE;
	memcpy(dst, src, len);
	memunmap(src);
	return len;
}
EXPORT_SYMBOL_IF_KUNIT(fwcall_vbe_fetch);

/* Follow the string pointer at @field of the block into @str. */
static void fwcall_vbe_string(const u8 *block, unsigned int field, char *str)
{
	u32 farptr = get_unaligned_le32(block + field);
	long n;

	n = fwcall_vbe_fetch(farptr, block, FWCALL_VBE_INFO_SIZE, str,
			     FWCALL_VBE_STR_MAX - 1);
	str[max(n, 0L)] = '\0';
	/* Cut at the string's own NUL, leaving nothing read past it */
	n = strlen(str);
	memset(str + n, 0, FWCALL_VBE_STR_MAX - n);
}

/* Follow the mode list pointer of the block into @info->modes. */
static int fwcall_vbe_modes(struct fwcall_vbe_info *info)
{
	u32 farptr = get_unaligned_le32(info->raw + VBE_INFO_MODES);
	__le16 *list;
	unsigned int i;
	long n;

	list = kmalloc_array(FWCALL_VBE_MAX_MODES + 1, sizeof(*list),
			     GFP_KERNEL);
	if (!list)
		return -ENOMEM;
	n = fwcall_vbe_fetch(farptr, info->raw, FWCALL_VBE_INFO_SIZE, list,
			     (FWCALL_VBE_MAX_MODES + 1) * sizeof(*list));
	info->mode_count = 0;
	for (i = 0; n > 0 && i < n / sizeof(*list); i++) {
		u16 mode = le16_to_cpu(list[i]);

		if (mode == VBE_MODE_LIST_END)
			break;
		if (i == FWCALL_VBE_MAX_MODES) {
			n = -E2BIG;
			break;
		}
		info->modes[info->mode_count++] = mode;
	}
	kfree(list);
	if (n < 0)
		return n == -E2BIG ? -E2BIG : -EIO;
	/* A list must end inside what could be read */
	if (!n || i == n / sizeof(*list))
		return -EIO;
	return 0;
}

/*
 * Read the controller block in @info->raw, following its far pointers;
 * with fwcall_mutex held, from the call that filled it.
 */
static int fwcall_vbe_parse_info(struct fwcall_vbe_info *info)
{
	const u8 *raw = info->raw;

	if (memcmp(raw + VBE_INFO_SIGNATURE, VBE_SIGNATURE, 4))
		return -EIO;

	info->version = get_unaligned_le16(raw + VBE_INFO_VERSION);
	info->capabilities = get_unaligned_le32(raw + VBE_INFO_CAPABILITIES);
	info->total_memory_kb = get_unaligned_le16(raw + VBE_INFO_TOTAL_MEMORY) * 64;
	fwcall_vbe_string(raw, VBE_INFO_OEM_STRING, info->oem_string);
	if (info->version >= 0x0200) {
		info->oem_software_rev = get_unaligned_le16(raw + VBE_INFO_OEM_REV);
		fwcall_vbe_string(raw, VBE_INFO_VENDOR, info->vendor);
		fwcall_vbe_string(raw, VBE_INFO_PRODUCT, info->product);
		fwcall_vbe_string(raw, VBE_INFO_PRODUCT_REV, info->product_rev);
	}
	return fwcall_vbe_modes(info);
}

/**
 * fwcall_vbe_controller_info() - VBE controller information, int 10h AX=4F00h
 * @info: what the video BIOS reports, its strings and its mode list
 *
 * Asks for VBE 2.0 information (the "VBE2" signature) and follows the OEM
 * strings and the mode list out of their real-mode far pointers.
 *
 * Context: Process context.  May sleep.
 * Return: 0, -EINVAL for a NULL @info, -ENODEV without BIOS calls or
 * without a VBE BIOS, -EIO when the BIOS reports a failure or answers
 * without the "VESA" signature or with a mode list that does not end
 * where it can be read, -E2BIG for more than %FWCALL_VBE_MAX_MODES modes,
 * or the error of the call.
 */
int fwcall_vbe_controller_info(struct fwcall_vbe_info *info)
{
	struct fwcall_regs regs = { .eax = 0x4f00 };
	u8 *raw;
	int err;

	if (!info)
		return -EINVAL;
	if (!fwcall_available())
		return -ENODEV;
	memset(info, 0, sizeof(*info));
	raw = info->raw;
	memcpy(raw + VBE_INFO_SIGNATURE, VBE2_SIGNATURE, 4);

	mutex_lock(&fwcall_mutex);
	err = fwcall_vbe_call_locked(&regs, raw, FWCALL_VBE_INFO_SIZE, -EIO);
	if (!err)
		err = fwcall_vbe_parse_info(info);
	mutex_unlock(&fwcall_mutex);
	return err;
}
EXPORT_SYMBOL_GPL(fwcall_vbe_controller_info);

/**
 * fwcall_vbe_mode_info() - VBE mode information, int 10h AX=4F01h
 * @mode: the mode number, as fwcall_vbe_controller_info() lists them
 * @info: what the video BIOS reports about @mode
 *
 * Context: Process context.  May sleep.
 * Return: 0, -EINVAL for a NULL @info, -ENODEV without BIOS calls or
 * without a VBE BIOS, -ENOENT when the BIOS fails the call (a mode it
 * does not know), or the error of the call.
 */
int fwcall_vbe_mode_info(u16 mode, struct fwcall_vbe_mode_info *info)
{
	struct fwcall_regs regs = { .eax = 0x4f01, .ecx = mode };
	u8 *raw;
	int err;

	if (!info)
		return -EINVAL;
	if (!fwcall_available())
		return -ENODEV;
	memset(info, 0, sizeof(*info));
	raw = info->raw;
	mutex_lock(&fwcall_mutex);
	err = fwcall_vbe_call_locked(&regs, raw, FWCALL_VBE_MODE_SIZE, -ENOENT);
	mutex_unlock(&fwcall_mutex);
	if (err)
		return err;

	info->attributes = get_unaligned_le16(raw + VBE_MODE_ATTRIBUTES);
	info->bytes_per_line = get_unaligned_le16(raw + VBE_MODE_BYTES_PER_LINE);
	info->x_res = get_unaligned_le16(raw + VBE_MODE_X_RES);
	info->y_res = get_unaligned_le16(raw + VBE_MODE_Y_RES);
	info->bpp = raw[VBE_MODE_BPP];
	info->memory_model = raw[VBE_MODE_MEMORY_MODEL];
	info->red_size = raw[VBE_MODE_RED_SIZE];
	info->red_pos = raw[VBE_MODE_RED_POS];
	info->green_size = raw[VBE_MODE_GREEN_SIZE];
	info->green_pos = raw[VBE_MODE_GREEN_POS];
	info->blue_size = raw[VBE_MODE_BLUE_SIZE];
	info->blue_pos = raw[VBE_MODE_BLUE_POS];
	info->phys_base = get_unaligned_le32(raw + VBE_MODE_PHYS_BASE);
	info->lin_bytes_per_line = get_unaligned_le16(raw + VBE_MODE_LIN_BYTES);
	return 0;
}
EXPORT_SYMBOL_GPL(fwcall_vbe_mode_info);

/**
 * fwcall_vbe_set_mode() - Set a VBE mode, int 10h AX=4F02h
 * @mode: the mode number, as fwcall_vbe_controller_info() lists it, with
 *	%FWCALL_VBE_MODE_LFB for its linear frame buffer and
 *	%FWCALL_VBE_MODE_NOCLEAR to leave the video memory as it is
 *
 * The BIOS programs the adapter; what it leaves in the registers is all
 * that is known of the new mode, so a caller that scans out of the frame
 * buffer takes the geometry from fwcall_vbe_mode_info() for @mode.
 *
 * Context: Process context.  May sleep.
 * Return: 0, -ENODEV without BIOS calls or without a VBE BIOS, -EIO when
 * the BIOS refuses the mode (AH not 0), or the error of the call.  After
 * a refusal the adapter is in the mode it was in, as far as the BIOS
 * keeps to the VBE specification.
 */
int fwcall_vbe_set_mode(u16 mode)
{
	struct fwcall_regs regs = { .eax = 0x4f02, .ebx = mode };
	int err;

	if (!fwcall_available())
		return -ENODEV;
	mutex_lock(&fwcall_mutex);
	err = fwcall_vbe_call_locked(&regs, NULL, 0, -EIO);
	mutex_unlock(&fwcall_mutex);
	return err;
}
EXPORT_SYMBOL_GPL(fwcall_vbe_set_mode);

/**
 * fwcall_vbe_get_mode() - The current video mode, int 10h AX=4F03h
 * @mode: where the mode number goes: a VBE mode (100h and above) with the
 *	flag bits the BIOS reports (%FWCALL_VBE_MODE_LFB), or a VGA mode
 *	below 100h (3 is the 80x25 colour text mode)
 *
 * Context: Process context.  May sleep.
 * Return: 0, -EINVAL for a NULL @mode, -ENODEV without BIOS calls or
 * without a VBE BIOS, -EIO when the BIOS fails the call, or the error of
 * the call.
 */
int fwcall_vbe_get_mode(u16 *mode)
{
	struct fwcall_regs regs = { .eax = 0x4f03 };
	int err;

	if (!mode)
		return -EINVAL;
	if (!fwcall_available())
		return -ENODEV;
	mutex_lock(&fwcall_mutex);
	err = fwcall_vbe_call_locked(&regs, NULL, 0, -EIO);
	mutex_unlock(&fwcall_mutex);
	if (!err)
		*mode = regs.ebx;
	return err;
}
EXPORT_SYMBOL_GPL(fwcall_vbe_get_mode);

/**
 * fwcall_vga_set_mode() - Set a VGA mode, int 10h AH=00h
 * @mode: the VGA mode number, below 80h (3 is the 80x25 colour text mode)
 *
 * For going back to the mode fwcall_vbe_get_mode() found when it was a
 * VGA mode.  The call reports no status; a caller that must know reads
 * the mode back with fwcall_vbe_get_mode().
 *
 * Context: Process context.  May sleep.
 * Return: 0, -EINVAL for a mode of 80h or above (bit 7 asks the BIOS to
 * keep the video memory, which a caller means through its own choice of
 * mode, not by accident), -ENODEV without BIOS calls, or the error of
 * the call.
 */
int fwcall_vga_set_mode(u8 mode)
{
	struct fwcall_regs regs = { .eax = mode };

	if (mode & 0x80)
		return -EINVAL;
	return fwcall_int(0x10, &regs);
}
EXPORT_SYMBOL_GPL(fwcall_vga_set_mode);

/* The display the video BIOS drives, for vbedrm; NULL when there is none */
static struct platform_device *fwcall_vbe_display;

/**
 * fwcall_vbe_display_init() - Offer the video BIOS's display to a driver
 *
 * When the video BIOS answers 4F00h with VBE 2.0 or later (linear frame
 * buffers), registers the platform device "fwcall-vbe", a child of the
 * primary VGA device when there is one, as sysfb registers the firmware's
 * frame buffer: vbedrm binds to it.  Without one fwcall goes on as before.
 *
 * Context: Process context, from fwcall's initialisation.
 */
void fwcall_vbe_display_init(void)
{
	struct pci_dev *vga = vga_default_device();
	struct fwcall_vbe_info *info;
	struct platform_device *pdev;
	u16 version = 0;

	info = kmalloc(sizeof(*info), GFP_KERNEL);
	if (!info)
		return;
	if (!fwcall_vbe_controller_info(info))
		version = info->version;
	kfree(info);
	if (version < 0x0200)
		return;
	pdev = platform_device_alloc(FWCALL_VBE_DISPLAY, PLATFORM_DEVID_NONE);
	if (!pdev)
		return;
	if (vga)
		pdev->dev.parent = &vga->dev;
	/*
	 * The aperture helpers unregister it when a native driver comes,
	 * maybe as soon as it is added: fwcall keeps a reference of its own
	 */
	get_device(&pdev->dev);
	if (platform_device_add(pdev)) {
		pr_warn("no %s device\n", FWCALL_VBE_DISPLAY);
		put_device(&pdev->dev);
		platform_device_put(pdev);
		return;
	}
	fwcall_vbe_display = pdev;
}

/**
 * fwcall_vbe_display_exit() - Take the video BIOS's display away again
 *
 * Unregisters the device of fwcall_vbe_display_init() unless the aperture
 * helpers already did, and drops fwcall's reference.
 */
void fwcall_vbe_display_exit(void)
{
	if (!fwcall_vbe_display)
		return;
	if (device_is_registered(&fwcall_vbe_display->dev))
		platform_device_unregister(fwcall_vbe_display);
	put_device(&fwcall_vbe_display->dev);
	fwcall_vbe_display = NULL;
}
