// SPDX-License-Identifier: GPL-2.0
/*
 * vbedrm's modesetting: one primary plane, CRTC, encoder and connector.
 *
 * The video BIOS sets a mode (4F02h) before the commit that needs it is
 * swapped in, so that a mode the BIOS refuses fails the commit with the
 * adapter, and the state, as they were.  The plane's shadow buffer is
 * copied (or converted, XRGB8888 to RGB565) into the linear frame buffer
 * for each damaged rectangle, in the geometry of the mode the adapter is
 * really in: a blit of an older commit that comes after a newer mode set
 * is skipped, the newer commit draws the whole frame.
 */

#include <linux/fwcall.h>
#include <linux/lockdep.h>

#include <drm/drm_atomic.h>
#include <drm/drm_atomic_helper.h>
#include <drm/drm_damage_helper.h>
#include <drm/drm_drv.h>
#include <drm/drm_format_helper.h>
#include <drm/drm_fourcc.h>
#include <drm/drm_framebuffer.h>
#include <drm/drm_gem_atomic_helper.h>
#include <drm/drm_gem_framebuffer_helper.h>
#include <drm/drm_print.h>
#include <drm/drm_probe_helper.h>
#include <drm/drm_simple_kms_helper.h>

#include "vbe_drv.h"

static const u64 vbedrm_modifiers[] = {
	DRM_FORMAT_MOD_LINEAR,
	DRM_FORMAT_MOD_INVALID
};

/* Whether @number is a mode of the table. */
static bool vbedrm_mode_listed(const struct vbedrm_device *vdev, u16 number)
{
	unsigned int i;

	for (i = 0; i < vdev->mode_count; i++)
		if (vdev->modes[i].number == number)
			return true;
	return false;
}

/*
 * Set @vmode through the BIOS, with @vdev->hw_lock held.  A refusal (or a
 * call that never ran) leaves the adapter in its mode; a call that was
 * aborted (its deadline, a fault in the BIOS) may have left it anywhere,
 * and the driver no longer knows its mode.  The errors a commit may return
 * are kept; any other failure is the BIOS's, -EIO.
 */
static int vbedrm_hw_set_mode_locked(struct vbedrm_device *vdev,
				     const struct vbedrm_mode *vmode)
{
	u16 number = READ_ONCE(vdev->refuse_next);
	int err;

	lockdep_assert_held(&vdev->hw_lock);
	WRITE_ONCE(vdev->refuse_next, 0);
	if (!number || vbedrm_mode_listed(vdev, number))
		number = vmode->number;
	vdev->hw_touched = true;
	err = fwcall_vbe_set_mode(number | FWCALL_VBE_MODE_LFB |
				  FWCALL_VBE_MODE_NOCLEAR);
	if (err) {
		drm_err(&vdev->drm, "the video BIOS did not set mode %#x (%ux%u): %d\n",
			number, vmode->width, vmode->height, err);
		if (err == -ETIMEDOUT || err == -EFAULT)
			vdev->hw_mode = NULL;
		return err == -ENOMEM || err == -EINTR || err == -ERESTARTSYS ?
		       err : -EIO;
	}
	vdev->hw_mode = vmode;
	WRITE_ONCE(vdev->mode_sets, vdev->mode_sets + 1);
	return 0;
}

/**
 * vbedrm_hw_set_mode() - Put the adapter into a mode of the table
 * @vdev: the device
 * @vmode: the mode; nothing is called when the adapter is in it already
 *
 * Context: Process context.  May sleep.
 * Return: 0, or the error of the BIOS call (-EIO when the BIOS refuses
 * the mode), with the adapter in the mode it was in.
 */
int vbedrm_hw_set_mode(struct vbedrm_device *vdev,
		       const struct vbedrm_mode *vmode)
{
	int err = 0;

	mutex_lock(&vdev->hw_lock);
	if (vdev->hw_mode != vmode)
		err = vbedrm_hw_set_mode_locked(vdev, vmode);
	mutex_unlock(&vdev->hw_lock);
	return err;
}

/**
 * vbedrm_hw_restore() - Put the adapter back into the mode it was found in
 * @vdev: the device
 *
 * A VGA mode (the text mode, usually) through AH=00h, a VBE mode (a boot
 * loader's frame buffer) through 4F02h.  Nothing is called when the
 * driver never asked the BIOS for a mode.
 *
 * Context: Process context.  May sleep.
 * Return: 0, or the error of the BIOS call.
 */
int vbedrm_hw_restore(struct vbedrm_device *vdev)
{
	u16 found = vdev->found_mode & ~FWCALL_VBE_MODE_NOCLEAR;
	int err = 0;

	mutex_lock(&vdev->hw_lock);
	if (vdev->hw_touched) {
		/* A VGA mode may come with the LFB bit set */
		if ((found & ~FWCALL_VBE_MODE_LFB) < 0x100)
			err = fwcall_vga_set_mode(found & 0x7f);
		else
			err = fwcall_vbe_set_mode(found);
		vdev->hw_mode = NULL;
		vdev->hw_touched = false;
	}
	mutex_unlock(&vdev->hw_lock);
	if (err)
		drm_err(&vdev->drm, "could not go back to mode %#x: %d\n",
			found, err);
	return err;
}

/*
 * Primary plane
 */

static int vbedrm_plane_atomic_check(struct drm_plane *plane,
				     struct drm_atomic_state *state)
{
	struct vbedrm_device *vdev = to_vbedrm(plane->dev);
	struct drm_plane_state *plane_state =
		drm_atomic_get_new_plane_state(state, plane);
	struct drm_shadow_plane_state *shadow =
		to_drm_shadow_plane_state(plane_state);
	struct drm_framebuffer *fb = plane_state->fb;
	struct drm_crtc_state *crtc_state = NULL;
	const struct vbedrm_mode *vmode;
	int ret;

	if (plane_state->crtc)
		crtc_state = drm_atomic_get_new_crtc_state(state,
							   plane_state->crtc);
	ret = drm_atomic_helper_check_plane_state(plane_state, crtc_state,
						  DRM_PLANE_NO_SCALING,
						  DRM_PLANE_NO_SCALING,
						  false, false);
	if (ret || !plane_state->visible)
		return ret;

	vmode = vbedrm_mode_find(vdev, &crtc_state->mode);
	if (!vmode)
		return -EINVAL;	/* the CRTC's check says which mode */
	if (fb->format->format == vmode->format)
		return 0;
	if (fb->format->format != DRM_FORMAT_XRGB8888) {
		drm_dbg_kms(plane->dev, "no conversion from %p4cc to %p4cc\n",
			    &fb->format->format, &vmode->format);
		return -EINVAL;
	}
	/*
	 * A converted line, aligned, and the source line it comes from, as
	 * drm_fb_blit() converts into I/O memory
	 */
	if (!drm_format_conv_state_reserve(&shadow->fmtcnv_state,
					   round_up(vmode->width * vmode->cpp,
						    ARCH_KMALLOC_MINALIGN) +
					   vmode->width * fb->format->cpp[0],
					   GFP_KERNEL))
		return -ENOMEM;
	return 0;
}

static void vbedrm_plane_atomic_update(struct drm_plane *plane,
				       struct drm_atomic_state *state)
{
	struct vbedrm_device *vdev = to_vbedrm(plane->dev);
	struct drm_plane_state *plane_state =
		drm_atomic_get_new_plane_state(state, plane);
	struct drm_plane_state *old_plane_state =
		drm_atomic_get_old_plane_state(state, plane);
	struct drm_shadow_plane_state *shadow =
		to_drm_shadow_plane_state(plane_state);
	struct drm_framebuffer *fb = plane_state->fb;
	struct drm_crtc_state *crtc_state =
		drm_atomic_get_new_crtc_state(state, plane_state->crtc);
	const struct vbedrm_mode *vmode;
	struct drm_atomic_helper_damage_iter iter;
	struct drm_rect damage;
	int idx;

	if (drm_gem_fb_begin_cpu_access(fb, DMA_FROM_DEVICE))
		return;
	if (!drm_dev_enter(plane->dev, &idx))
		goto out;

	mutex_lock(&vdev->hw_lock);
	vmode = vdev->hw_mode;
	/* A newer commit set another mode: it draws the whole frame */
	if (!vmode || vmode != to_vbedrm_crtc_state(crtc_state)->mode)
		goto unlock;
	drm_atomic_helper_damage_iter_init(&iter, old_plane_state, plane_state);
	drm_atomic_for_each_plane_damage(&iter, &damage) {
		struct iosys_map dst = vdev->screen;
		struct drm_rect dst_clip = plane_state->dst;
		unsigned int pitch = vmode->pitch;

		if (!drm_rect_intersect(&dst_clip, &damage))
			continue;
		iosys_map_incr(&dst, dst_clip.y1 * pitch + dst_clip.x1 * vmode->cpp);
		drm_fb_blit(&dst, &pitch, vmode->format, shadow->data, fb,
			    &damage, &shadow->fmtcnv_state);
	}
unlock:
	mutex_unlock(&vdev->hw_lock);
	drm_dev_exit(idx);
out:
	drm_gem_fb_end_cpu_access(fb, DMA_FROM_DEVICE);
}

static void vbedrm_plane_atomic_disable(struct drm_plane *plane,
					struct drm_atomic_state *state)
{
	struct vbedrm_device *vdev = to_vbedrm(plane->dev);
	const struct vbedrm_mode *vmode;
	unsigned int y;
	int idx;

	if (!drm_dev_enter(plane->dev, &idx))
		return;
	mutex_lock(&vdev->hw_lock);
	vmode = vdev->hw_mode;
	/* Black, in the mode the adapter is in */
	for (y = 0; vmode && y < vmode->height; y++)
		iosys_map_memset(&vdev->screen, y * vmode->pitch, 0,
				 vmode->width * vmode->cpp);
	mutex_unlock(&vdev->hw_lock);
	drm_dev_exit(idx);
}

static const struct drm_plane_helper_funcs vbedrm_plane_helper_funcs = {
	DRM_GEM_SHADOW_PLANE_HELPER_FUNCS,
	.atomic_check = vbedrm_plane_atomic_check,
	.atomic_update = vbedrm_plane_atomic_update,
	.atomic_disable = vbedrm_plane_atomic_disable,
};

static const struct drm_plane_funcs vbedrm_plane_funcs = {
	.update_plane = drm_atomic_helper_update_plane,
	.disable_plane = drm_atomic_helper_disable_plane,
	.destroy = drm_plane_cleanup,
	DRM_GEM_SHADOW_PLANE_FUNCS,
};

/*
 * CRTC
 */

static int vbedrm_crtc_atomic_check(struct drm_crtc *crtc,
				    struct drm_atomic_state *state)
{
	struct vbedrm_device *vdev = to_vbedrm(crtc->dev);
	struct drm_crtc_state *crtc_state =
		drm_atomic_get_new_crtc_state(state, crtc);
	struct vbedrm_crtc_state *vstate = to_vbedrm_crtc_state(crtc_state);

	vstate->mode = NULL;
	if (!crtc_state->enable)
		return 0;
	vstate->mode = vbedrm_mode_find(vdev, &crtc_state->mode);
	if (!vstate->mode) {
		drm_dbg_kms(crtc->dev, "mode " DRM_MODE_FMT " is not one the video BIOS offers\n",
			    DRM_MODE_ARG(&crtc_state->mode));
		return -EINVAL;
	}
	return drm_atomic_helper_check_crtc_primary_plane(crtc_state);
}

static const struct drm_crtc_helper_funcs vbedrm_crtc_helper_funcs = {
	.atomic_check = vbedrm_crtc_atomic_check,
};

static void vbedrm_crtc_destroy_state(struct drm_crtc *crtc,
				      struct drm_crtc_state *state)
{
	__drm_atomic_helper_crtc_destroy_state(state);
	kfree(to_vbedrm_crtc_state(state));
}

static void vbedrm_crtc_reset(struct drm_crtc *crtc)
{
	struct vbedrm_crtc_state *vstate = kzalloc(sizeof(*vstate), GFP_KERNEL);

	if (crtc->state)
		vbedrm_crtc_destroy_state(crtc, crtc->state);
	__drm_atomic_helper_crtc_reset(crtc, vstate ? &vstate->base : NULL);
}

static struct drm_crtc_state *vbedrm_crtc_duplicate_state(struct drm_crtc *crtc)
{
	struct vbedrm_crtc_state *vstate;

	if (drm_WARN_ON(crtc->dev, !crtc->state))
		return NULL;
	vstate = kzalloc(sizeof(*vstate), GFP_KERNEL);
	if (!vstate)
		return NULL;
	__drm_atomic_helper_crtc_duplicate_state(crtc, &vstate->base);
	vstate->mode = to_vbedrm_crtc_state(crtc->state)->mode;
	return &vstate->base;
}

static const struct drm_crtc_funcs vbedrm_crtc_funcs = {
	.reset = vbedrm_crtc_reset,
	.destroy = drm_crtc_cleanup,
	.set_config = drm_atomic_helper_set_config,
	.page_flip = drm_atomic_helper_page_flip,
	.atomic_duplicate_state = vbedrm_crtc_duplicate_state,
	.atomic_destroy_state = vbedrm_crtc_destroy_state,
};

/*
 * Connector
 */

static int vbedrm_connector_get_modes(struct drm_connector *connector)
{
	struct vbedrm_device *vdev = to_vbedrm(connector->dev);
	const struct vbedrm_mode *preferred = &vdev->modes[0];
	struct drm_display_mode *mode;
	unsigned int i, n = 0;

	/* 1024x768 when the BIOS has it: every monitor of the VBE era does */
	for (i = 0; i < vdev->mode_count; i++)
		if (vdev->modes[i].width == 1024 && vdev->modes[i].height == 768)
			preferred = &vdev->modes[i];
	for (i = 0; i < vdev->mode_count; i++) {
		mode = drm_mode_create(connector->dev);
		if (!mode)
			break;
		vbedrm_display_mode(&vdev->modes[i], mode);
		if (&vdev->modes[i] == preferred)
			mode->type |= DRM_MODE_TYPE_PREFERRED;
		drm_mode_probed_add(connector, mode);
		n++;
	}
	return n;
}

static const struct drm_connector_helper_funcs vbedrm_connector_helper_funcs = {
	.get_modes = vbedrm_connector_get_modes,
};

static const struct drm_connector_funcs vbedrm_connector_funcs = {
	.reset = drm_atomic_helper_connector_reset,
	.fill_modes = drm_helper_probe_single_connector_modes,
	.destroy = drm_connector_cleanup,
	.atomic_duplicate_state = drm_atomic_helper_connector_duplicate_state,
	.atomic_destroy_state = drm_atomic_helper_connector_destroy_state,
};

/*
 * Mode config
 */

/*
 * The commit before this one on @crtc has programmed the hardware: its
 * copies into the frame buffer are done before the BIOS changes the mode.
 * A nonblocking commit does not wait, as drm_atomic_helper_commit() would
 * not let it either.
 */
static int vbedrm_wait_previous(struct drm_crtc *crtc, bool nonblock)
{
	struct drm_crtc_commit *commit;
	long ret = 0;

	spin_lock(&crtc->commit_lock);
	commit = list_first_entry_or_null(&crtc->commit_list,
					  struct drm_crtc_commit, commit_entry);
	if (commit)
		drm_crtc_commit_get(commit);
	spin_unlock(&crtc->commit_lock);
	if (!commit)
		return 0;
	if (nonblock) {
		if (!try_wait_for_completion(&commit->flip_done))
			ret = -EBUSY;
	} else {
		ret = wait_for_completion_interruptible_timeout(&commit->hw_done,
								10 * HZ);
		ret = ret < 0 ? ret : ret ? 0 : -EBUSY;
	}
	drm_crtc_commit_put(commit);
	return ret;
}

/*
 * The BIOS sets the mode before the helper swaps the state in: after the
 * swap a commit cannot fail, and a mode the BIOS refuses must fail it.
 * This is the one way a commit fails after a TEST_ONLY commit of the same
 * state passed: only the BIOS knows, and asking it sets the mode.
 */
static int vbedrm_atomic_commit(struct drm_device *drm,
				struct drm_atomic_state *state, bool nonblock)
{
	struct vbedrm_device *vdev = to_vbedrm(drm);
	struct drm_crtc_state *crtc_state =
		drm_atomic_get_new_crtc_state(state, &vdev->crtc);
	const struct vbedrm_mode *vmode, *old = NULL;
	bool set = false;
	int ret = 0, idx;

	if (crtc_state && crtc_state->enable &&
	    drm_atomic_crtc_needs_modeset(crtc_state) &&
	    drm_dev_enter(drm, &idx)) {
		vmode = to_vbedrm_crtc_state(crtc_state)->mode;
		ret = vbedrm_wait_previous(&vdev->crtc, nonblock);
		if (!ret) {
			mutex_lock(&vdev->hw_lock);
			old = vdev->hw_mode;
			if (vmode != old) {
				ret = vbedrm_hw_set_mode_locked(vdev, vmode);
				set = !ret;
			}
			mutex_unlock(&vdev->hw_lock);
		}
		drm_dev_exit(idx);
		if (ret)
			return ret;
	}

	ret = drm_atomic_helper_commit(drm, state, nonblock);
	if (ret && set) {
		/* Nothing of the commit happened: the old mode comes back */
		if (old && vbedrm_hw_set_mode(vdev, old))
			drm_err(drm, "the adapter is left in %ux%u\n",
				vmode->width, vmode->height);
		else if (!old)
			vbedrm_hw_restore(vdev);
	}
	return ret;
}

static const struct drm_mode_config_funcs vbedrm_mode_config_funcs = {
	.fb_create = drm_gem_fb_create_with_dirty,
	.atomic_check = drm_atomic_helper_check,
	.atomic_commit = vbedrm_atomic_commit,
};

/**
 * vbedrm_kms_init() - Set up the plane, CRTC, encoder and connector
 * @vdev: the device, with its mode table
 *
 * Return: 0 or a negative errno.
 */
int vbedrm_kms_init(struct vbedrm_device *vdev)
{
	struct drm_device *drm = &vdev->drm;
	unsigned int i, max_w = 0, max_h = 0;
	/* XRGB8888 always (converted for RGB565 modes), RGB565 if every mode is */
	static const u32 formats[] = { DRM_FORMAT_XRGB8888, DRM_FORMAT_RGB565 };
	unsigned int format_count = ARRAY_SIZE(formats);
	int ret;

	ret = drmm_mode_config_init(drm);
	if (ret)
		return ret;
	for (i = 0; i < vdev->mode_count; i++) {
		max_w = max_t(unsigned int, max_w, vdev->modes[i].width);
		max_h = max_t(unsigned int, max_h, vdev->modes[i].height);
		if (vdev->modes[i].format != DRM_FORMAT_RGB565)
			format_count = 1;
	}
	drm->mode_config.min_width = 1;
	drm->mode_config.min_height = 1;
	drm->mode_config.max_width = max_w;
	drm->mode_config.max_height = max_h;
	drm->mode_config.preferred_depth = 24;
	drm->mode_config.funcs = &vbedrm_mode_config_funcs;

	ret = drm_universal_plane_init(drm, &vdev->primary_plane, 0,
				       &vbedrm_plane_funcs, formats,
				       format_count,
				       vbedrm_modifiers,
				       DRM_PLANE_TYPE_PRIMARY, NULL);
	if (ret)
		return ret;
	drm_plane_helper_add(&vdev->primary_plane, &vbedrm_plane_helper_funcs);
	drm_plane_enable_fb_damage_clips(&vdev->primary_plane);

	ret = drm_crtc_init_with_planes(drm, &vdev->crtc, &vdev->primary_plane,
					NULL, &vbedrm_crtc_funcs, NULL);
	if (ret)
		return ret;
	drm_crtc_helper_add(&vdev->crtc, &vbedrm_crtc_helper_funcs);

	ret = drm_simple_encoder_init(drm, &vdev->encoder,
				      DRM_MODE_ENCODER_NONE);
	if (ret)
		return ret;
	vdev->encoder.possible_crtcs = drm_crtc_mask(&vdev->crtc);

	ret = drm_connector_init(drm, &vdev->connector, &vbedrm_connector_funcs,
				 DRM_MODE_CONNECTOR_Unknown);
	if (ret)
		return ret;
	drm_connector_helper_add(&vdev->connector,
				 &vbedrm_connector_helper_funcs);
	ret = drm_connector_attach_encoder(&vdev->connector, &vdev->encoder);
	if (ret)
		return ret;

	drm_mode_config_reset(drm);
	return 0;
}
