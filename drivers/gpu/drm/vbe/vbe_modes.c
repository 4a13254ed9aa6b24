// SPDX-License-Identifier: GPL-2.0
/*
 * vbedrm's modes: the video BIOS's mode list (4F00h) and each mode's
 * information (4F01h), kept when the mode has a linear frame buffer in a
 * format DRM scans out, one mode per resolution.
 *
 * A VBE BIOS lists a mode per resolution and depth.  The connector offers
 * resolutions; the deepest format kept for one is the one its CRTC scans
 * out, and XRGB8888 frame buffers are converted when that is RGB565.
 */

#include <linux/errno.h>
#include <linux/fwcall.h>
#include <linux/slab.h>

#include <drm/drm_fourcc.h>
#include <drm/drm_modes.h>

#include <kunit/visibility.h>

#include "vbe_drv.h"

#define VBEDRM_ATTRS	(FWCALL_VBE_ATTR_SUPPORTED | FWCALL_VBE_ATTR_GRAPHICS | \
			 FWCALL_VBE_ATTR_LFB)

/* Whether @mi's colour fields are @r:@g:@b bits at @rp, @gp and @bp. */
static bool vbedrm_mode_masks(const struct fwcall_vbe_mode_info *mi,
			      u8 r, u8 rp, u8 g, u8 gp, u8 b, u8 bp)
{
	return mi->red_size == r && mi->red_pos == rp &&
	       mi->green_size == g && mi->green_pos == gp &&
	       mi->blue_size == b && mi->blue_pos == bp;
}

/**
 * vbedrm_mode_format() - The DRM format of a VBE mode's pixels
 * @mi: the mode, as 4F01h describes it
 *
 * Return: %DRM_FORMAT_XRGB8888 for 32-bit direct colour with 8 bits of
 * red, green and blue at 16, 8 and 0; %DRM_FORMAT_RGB565 for 16-bit
 * direct colour with 5, 6 and 5 bits at 11, 5 and 0; else 0 (palette,
 * planar and text modes, other layouts).
 */
VISIBLE_IF_KUNIT u32 vbedrm_mode_format(const struct fwcall_vbe_mode_info *mi)
{
	if (mi->memory_model != FWCALL_VBE_MODEL_DIRECT)
		return 0;
	if (mi->bpp == 32 && vbedrm_mode_masks(mi, 8, 16, 8, 8, 8, 0))
		return DRM_FORMAT_XRGB8888;
	if (mi->bpp == 16 && vbedrm_mode_masks(mi, 5, 11, 6, 5, 5, 0))
		return DRM_FORMAT_RGB565;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vbedrm_mode_format);

/* Formats by preference, for the one a resolution keeps */
static unsigned int vbedrm_format_rank(u32 format)
{
	return format == DRM_FORMAT_XRGB8888 ? 2 : format == DRM_FORMAT_RGB565;
}

/**
 * vbedrm_mode_add() - Keep a VBE mode in the table if it can be scanned out
 * @modes: the table, with room for one more entry
 * @count: its number of entries, updated
 * @mi: the mode, as 4F01h describes it
 * @number: its VBE mode number
 * @fb_base: the linear frame buffer every mode must use
 * @fb_size: the video memory
 *
 * A mode is kept when it is supported, graphical, has a linear frame
 * buffer at @fb_base whose lines hold its pixels and which fits in
 * @fb_size, and its format is one vbedrm_mode_format() knows.  It takes
 * the place of a kept mode of the same resolution in a shallower format.
 *
 * Return: true when the mode went into the table.
 */
VISIBLE_IF_KUNIT bool vbedrm_mode_add(struct vbedrm_mode *modes,
				      unsigned int *count,
				      const struct fwcall_vbe_mode_info *mi,
				      u16 number, phys_addr_t fb_base,
				      resource_size_t fb_size)
{
	u32 format = vbedrm_mode_format(mi);
	u32 pitch = mi->lin_bytes_per_line ?: mi->bytes_per_line;
	struct vbedrm_mode *slot;
	unsigned int i;

	if ((mi->attributes & VBEDRM_ATTRS) != VBEDRM_ATTRS || !format ||
	    !mi->x_res || !mi->y_res || mi->phys_base != fb_base ||
	    pitch < mi->x_res * (mi->bpp / 8) ||
	    (u64)pitch * mi->y_res > fb_size)
		return false;

	slot = &modes[*count];
	for (i = 0; i < *count; i++) {
		if (modes[i].width != mi->x_res || modes[i].height != mi->y_res)
			continue;
		if (vbedrm_format_rank(modes[i].format) >= vbedrm_format_rank(format))
			return false;
		slot = &modes[i];
		break;
	}
	if (slot == &modes[*count])
		(*count)++;
	*slot = (struct vbedrm_mode) {
		.number = number,
		.width = mi->x_res,
		.height = mi->y_res,
		.pitch = pitch,
		.format = format,
		.cpp = mi->bpp / 8,
	};
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(vbedrm_mode_add);

/**
 * vbedrm_modes_probe() - Build the mode table from the video BIOS
 * @vdev: the device, with @vdev->modes room for @count entries and
 *	@vdev->fb_size set
 * @version: the VBE version 4F00h reported (BCD)
 * @numbers: the mode numbers 4F00h listed
 * @count: how many
 *
 * Asks the BIOS about each mode (4F01h).  The linear frame buffer is the
 * one of the first mode with one; a mode that puts its frame buffer
 * elsewhere is left out.  The linear frame buffer's own pitch is VBE 3.0's
 * (before, the field is reserved).
 *
 * Context: Process context.  May sleep.
 * Return: 0 with @vdev->mode_count and @vdev->fb_base set, -ENODEV when no
 * mode can be scanned out, -ENOMEM, or the error of a BIOS call.
 */
int vbedrm_modes_probe(struct vbedrm_device *vdev, u16 version,
		       const u16 *numbers, unsigned int count)
{
	struct fwcall_vbe_mode_info *mi;
	unsigned int i;
	int err = 0;

	mi = kmalloc(sizeof(*mi), GFP_KERNEL);
	if (!mi)
		return -ENOMEM;
	vdev->mode_count = 0;
	for (i = 0; i < count; i++) {
		err = fwcall_vbe_mode_info(numbers[i], mi);
		if (err == -ENOENT)
			continue;	/* listed, but the BIOS disowns it */
		if (err)
			break;
		if (version < 0x0300)
			mi->lin_bytes_per_line = 0;
		if (!vdev->fb_base && vbedrm_mode_format(mi) &&
		    (mi->attributes & FWCALL_VBE_ATTR_LFB))
			vdev->fb_base = mi->phys_base;
		vbedrm_mode_add(vdev->modes, &vdev->mode_count, mi, numbers[i],
				vdev->fb_base, vdev->fb_size);
	}
	kfree(mi);
	if (err)
		return err;
	return vdev->mode_count ? 0 : -ENODEV;
}
EXPORT_SYMBOL_IF_KUNIT(vbedrm_modes_probe);

/**
 * vbedrm_display_mode() - The DRM mode the connector offers for a VBE mode
 * @vmode: the VBE mode
 * @mode: where the DRM mode goes
 *
 * The BIOS picks the timings; the mode carries the resolution, with the
 * timings of a 60 Hz display that DRM_MODE_INIT() derives from it, and a
 * size for 96 dpi.
 */
void vbedrm_display_mode(const struct vbedrm_mode *vmode,
			 struct drm_display_mode *mode)
{
	const struct drm_display_mode m = {
		DRM_MODE_INIT(60, vmode->width, vmode->height,
			      DRM_MODE_RES_MM(vmode->width, 96ul),
			      DRM_MODE_RES_MM(vmode->height, 96ul))
	};

	*mode = m;
	drm_mode_set_name(mode);
}
EXPORT_SYMBOL_IF_KUNIT(vbedrm_display_mode);

/**
 * vbedrm_mode_find() - The VBE mode of a DRM mode
 * @vdev: the device
 * @mode: a mode from user space or the console
 *
 * Return: the table's entry whose DRM mode (vbedrm_display_mode()) has
 * @mode's timings and flags, or NULL: a mode the connector does not offer.
 */
const struct vbedrm_mode *vbedrm_mode_find(const struct vbedrm_device *vdev,
					   const struct drm_display_mode *mode)
{
	struct drm_display_mode ours;
	unsigned int i;

	for (i = 0; i < vdev->mode_count; i++) {
		vbedrm_display_mode(&vdev->modes[i], &ours);
		if (drm_mode_match(mode, &ours, DRM_MODE_MATCH_TIMINGS |
				   DRM_MODE_MATCH_CLOCK | DRM_MODE_MATCH_FLAGS |
				   DRM_MODE_MATCH_3D_FLAGS))
			return &vdev->modes[i];
	}
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(vbedrm_mode_find);
