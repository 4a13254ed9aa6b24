/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vbedrm: VESA BIOS Extensions mode setting through fwcall.
 */
#ifndef _VBE_DRV_H
#define _VBE_DRV_H

#include <linux/iosys-map.h>
#include <linux/mutex.h>
#include <linux/types.h>

#include <drm/drm_connector.h>
#include <drm/drm_crtc.h>
#include <drm/drm_device.h>
#include <drm/drm_encoder.h>
#include <drm/drm_modes.h>
#include <drm/drm_plane.h>

#define VBEDRM_NAME	"vbedrm"

struct fwcall_vbe_mode_info;

/**
 * struct vbedrm_mode - one resolution the video BIOS can scan out
 * @number: the VBE mode number that sets it
 * @width: the width, in pixels
 * @height: the height, in pixels
 * @pitch: the length of a line of the linear frame buffer, in bytes
 * @format: the DRM format of the frame buffer (%DRM_FORMAT_XRGB8888 or
 *	%DRM_FORMAT_RGB565)
 * @cpp: the bytes of one of its pixels
 */
struct vbedrm_mode {
	u16 number;
	u16 width;
	u16 height;
	u32 pitch;
	u32 format;
	u8 cpp;
};

/**
 * struct vbedrm_device - the adapter behind the video BIOS
 * @drm: the DRM device
 * @modes: the resolutions, one VBE mode each
 * @mode_count: the number of @modes
 * @fb_base: the physical address of the linear frame buffer
 * @fb_size: the video memory, in bytes
 * @screen: @fb_base mapped write-combined
 * @found_mode: the mode the adapter was in at probe (4F03h), given back
 *	on unbind
 * @hw_lock: orders BIOS mode sets and the blits into the frame buffer
 * @hw_mode: the mode the adapter is in, NULL until the driver sets one
 *	and after a call that may have left it anywhere; under @hw_lock
 * @hw_touched: the driver has asked the BIOS for a mode since probe (or
 *	since it gave the found mode back); under @hw_lock
 * @refuse_next: a VBE mode number the next mode set asks the BIOS for in
 *	place of the right one, for testing a mode the BIOS refuses
 *	(debugfs "vbe_refuse_next"; 0 for none, and a number of the table is
 *	not used, since the adapter would not be in the mode the driver
 *	thinks); read and cleared under @hw_lock
 * @mode_sets: the BIOS mode sets that succeeded (debugfs "vbe_mode_sets")
 * @primary_plane: the one plane, scanned out of @screen
 * @crtc: the one CRTC
 * @encoder: the one encoder
 * @connector: the one connector, with @modes
 */
struct vbedrm_device {
	struct drm_device drm;
	struct vbedrm_mode *modes;
	unsigned int mode_count;
	phys_addr_t fb_base;
	resource_size_t fb_size;
	struct iosys_map screen;
	u16 found_mode;
	struct mutex hw_lock; /* BIOS mode sets and blits, one at a time */
	const struct vbedrm_mode *hw_mode;
	bool hw_touched;
	u16 refuse_next;
	u32 mode_sets;
	struct drm_plane primary_plane;
	struct drm_crtc crtc;
	struct drm_encoder encoder;
	struct drm_connector connector;
};

/**
 * struct vbedrm_crtc_state - the CRTC's state with the VBE mode it needs
 * @base: the DRM state
 * @mode: the entry of &vbedrm_device.modes for @base's mode; NULL while
 *	the CRTC is off
 */
struct vbedrm_crtc_state {
	struct drm_crtc_state base;
	const struct vbedrm_mode *mode;
};

static inline struct vbedrm_device *to_vbedrm(struct drm_device *drm)
{
	return container_of(drm, struct vbedrm_device, drm);
}

static inline struct vbedrm_crtc_state *
to_vbedrm_crtc_state(struct drm_crtc_state *state)
{
	return container_of(state, struct vbedrm_crtc_state, base);
}

/* vbe_modes.c */
int vbedrm_modes_probe(struct vbedrm_device *vdev, u16 version,
		       const u16 *numbers, unsigned int count);
const struct vbedrm_mode *vbedrm_mode_find(const struct vbedrm_device *vdev,
					   const struct drm_display_mode *mode);
void vbedrm_display_mode(const struct vbedrm_mode *vmode,
			 struct drm_display_mode *mode);

#if IS_ENABLED(CONFIG_KUNIT)
u32 vbedrm_mode_format(const struct fwcall_vbe_mode_info *mi);
bool vbedrm_mode_add(struct vbedrm_mode *modes, unsigned int *count,
		     const struct fwcall_vbe_mode_info *mi, u16 number,
		     phys_addr_t fb_base, resource_size_t fb_size);
#endif

/* vbe_kms.c */
int vbedrm_kms_init(struct vbedrm_device *vdev);
int vbedrm_hw_set_mode(struct vbedrm_device *vdev,
		       const struct vbedrm_mode *vmode);
int vbedrm_hw_restore(struct vbedrm_device *vdev);

#endif /* _VBE_DRV_H */
