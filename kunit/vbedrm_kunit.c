// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for vbedrm's mode table: which VBE modes it keeps, for
 * synthetic 4F01h answers, and the table it builds from the video BIOS
 * (QEMU's standard VGA under SeaBIOS), checked against Linux's own view of
 * the adapter's frame buffer BAR.
 */

#include <linux/fwcall.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include <drm/drm_fourcc.h>
#include <drm/drm_modes.h>

#include <kunit/test.h>

#include "../vbe_drv.h"

#define FB_BASE		0xfd000000
#define FB_SIZE		SZ_16M

/* A mode's colour fields: @r:@g:@b bits at @rp, @gp and @bp. */
static void set_masks(struct fwcall_vbe_mode_info *mi, u8 r, u8 rp, u8 g,
		      u8 gp, u8 b, u8 bp)
{
	mi->red_size = r;
	mi->red_pos = rp;
	mi->green_size = g;
	mi->green_pos = gp;
	mi->blue_size = b;
	mi->blue_pos = bp;
}

/*
 * A 4F01h answer for a direct-colour LFB mode of @w x @h at @bpp: 32
 * (8:8:8), 16 (5:6:5) or 15 (5:5:5 in 16 bits).
 */
static struct fwcall_vbe_mode_info mode_info(u16 w, u16 h, u8 bpp)
{
	u8 bits = bpp == 15 ? 16 : bpp;
	struct fwcall_vbe_mode_info mi = {
		.attributes = FWCALL_VBE_ATTR_SUPPORTED |
			      FWCALL_VBE_ATTR_GRAPHICS | FWCALL_VBE_ATTR_LFB,
		.bytes_per_line = w * (bits / 8),
		.x_res = w,
		.y_res = h,
		.bpp = bits,
		.memory_model = FWCALL_VBE_MODEL_DIRECT,
		.phys_base = FB_BASE,
	};

	if (bpp == 32)
		set_masks(&mi, 8, 16, 8, 8, 8, 0);
	else if (bpp == 16)
		set_masks(&mi, 5, 11, 6, 5, 5, 0);
	else if (bpp == 15)
		set_masks(&mi, 5, 10, 5, 5, 5, 0);
	return mi;
}

static void vbedrm_formats(struct kunit *test)
{
	struct fwcall_vbe_mode_info mi;

	mi = mode_info(640, 480, 32);
	KUNIT_EXPECT_EQ(test, vbedrm_mode_format(&mi), DRM_FORMAT_XRGB8888);
	mi = mode_info(640, 480, 16);
	KUNIT_EXPECT_EQ(test, vbedrm_mode_format(&mi), DRM_FORMAT_RGB565);
	/* 5:5:5 in 16 bits, 24 bits, palette and BGR layouts: not scanned out */
	mi = mode_info(640, 480, 15);
	KUNIT_EXPECT_EQ(test, vbedrm_mode_format(&mi), 0);
	mi = mode_info(640, 480, 32);
	mi.bpp = 24;
	KUNIT_EXPECT_EQ(test, vbedrm_mode_format(&mi), 0);
	mi = mode_info(640, 480, 8);
	mi.memory_model = FWCALL_VBE_MODEL_PACKED;
	KUNIT_EXPECT_EQ(test, vbedrm_mode_format(&mi), 0);
	mi = mode_info(640, 480, 32);
	mi.red_pos = 0;
	mi.blue_pos = 16;
	KUNIT_EXPECT_EQ(test, vbedrm_mode_format(&mi), 0);
}

static void vbedrm_table_keeps(struct kunit *test)
{
	struct vbedrm_mode modes[4] = {};
	struct fwcall_vbe_mode_info mi;
	unsigned int n = 0;

	/* RGB565 first, then XRGB8888 of the same size takes its place */
	mi = mode_info(800, 600, 16);
	KUNIT_EXPECT_TRUE(test, vbedrm_mode_add(modes, &n, &mi, 0x114, FB_BASE, FB_SIZE));
	mi = mode_info(800, 600, 32);
	KUNIT_EXPECT_TRUE(test, vbedrm_mode_add(modes, &n, &mi, 0x115, FB_BASE, FB_SIZE));
	KUNIT_EXPECT_EQ(test, n, 1U);
	KUNIT_EXPECT_EQ(test, modes[0].number, 0x115);
	KUNIT_EXPECT_EQ(test, modes[0].format, DRM_FORMAT_XRGB8888);
	KUNIT_EXPECT_EQ(test, modes[0].pitch, 3200U);
	KUNIT_EXPECT_EQ(test, modes[0].cpp, 4);
	/* ... and a shallower one after does not */
	mi = mode_info(800, 600, 16);
	KUNIT_EXPECT_FALSE(test, vbedrm_mode_add(modes, &n, &mi, 0x114, FB_BASE, FB_SIZE));
	KUNIT_EXPECT_EQ(test, modes[0].number, 0x115);

	/* VBE 3.0's linear pitch wins over the banked one */
	mi = mode_info(1024, 768, 16);
	mi.lin_bytes_per_line = 4096;
	KUNIT_EXPECT_TRUE(test, vbedrm_mode_add(modes, &n, &mi, 0x117, FB_BASE, FB_SIZE));
	KUNIT_EXPECT_EQ(test, n, 2U);
	KUNIT_EXPECT_EQ(test, modes[1].pitch, 4096U);
	KUNIT_EXPECT_EQ(test, modes[1].format, DRM_FORMAT_RGB565);
	KUNIT_EXPECT_EQ(test, modes[1].cpp, 2);
}

static void vbedrm_table_refuses(struct kunit *test)
{
	struct vbedrm_mode modes[2] = {};
	struct fwcall_vbe_mode_info mi;
	unsigned int n = 0;

	mi = mode_info(640, 480, 32);
	mi.attributes &= ~FWCALL_VBE_ATTR_LFB;
	KUNIT_EXPECT_FALSE(test, vbedrm_mode_add(modes, &n, &mi, 1, FB_BASE, FB_SIZE));
	mi = mode_info(640, 480, 32);
	mi.attributes &= ~FWCALL_VBE_ATTR_SUPPORTED;
	KUNIT_EXPECT_FALSE(test, vbedrm_mode_add(modes, &n, &mi, 1, FB_BASE, FB_SIZE));
	/* Another frame buffer than the first mode's */
	mi = mode_info(640, 480, 32);
	mi.phys_base = FB_BASE + SZ_16M;
	KUNIT_EXPECT_FALSE(test, vbedrm_mode_add(modes, &n, &mi, 1, FB_BASE, FB_SIZE));
	/* Lines shorter than their pixels */
	mi = mode_info(640, 480, 32);
	mi.bytes_per_line = 640 * 2;
	KUNIT_EXPECT_FALSE(test, vbedrm_mode_add(modes, &n, &mi, 1, FB_BASE, FB_SIZE));
	/* More than the video memory */
	mi = mode_info(4096, 4096, 32);
	KUNIT_EXPECT_FALSE(test, vbedrm_mode_add(modes, &n, &mi, 1, FB_BASE, FB_SIZE));
	mi = mode_info(0, 480, 32);
	KUNIT_EXPECT_FALSE(test, vbedrm_mode_add(modes, &n, &mi, 1, FB_BASE, FB_SIZE));
	KUNIT_EXPECT_EQ(test, n, 0U);
}

/* The DRM mode of each entry finds it; the same size at other timings does not */
static void vbedrm_mode_lookup(struct kunit *test)
{
	struct vbedrm_mode modes[2] = {
		{ .number = 0x118, .width = 1024, .height = 768, .pitch = 4096,
		  .format = DRM_FORMAT_XRGB8888 },
		{ .number = 0x115, .width = 800, .height = 600, .pitch = 3200,
		  .format = DRM_FORMAT_XRGB8888 },
	};
	struct vbedrm_device *vdev;
	struct drm_display_mode mode;

	vdev = kunit_kzalloc(test, sizeof(*vdev), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, vdev);
	vdev->modes = modes;
	vdev->mode_count = ARRAY_SIZE(modes);

	vbedrm_display_mode(&modes[1], &mode);
	KUNIT_EXPECT_STREQ(test, mode.name, "800x600");
	KUNIT_EXPECT_PTR_EQ(test, vbedrm_mode_find(vdev, &mode), &modes[1]);
	vbedrm_display_mode(&modes[0], &mode);
	KUNIT_EXPECT_PTR_EQ(test, vbedrm_mode_find(vdev, &mode), &modes[0]);
	mode.clock += 1000;
	KUNIT_EXPECT_NULL(test, vbedrm_mode_find(vdev, &mode));
	vbedrm_display_mode(&modes[0], &mode);
	mode.hdisplay = 1280;
	KUNIT_EXPECT_NULL(test, vbedrm_mode_find(vdev, &mode));
}

static void put_vga(void *vga)
{
	pci_dev_put(vga);
}

/*
 * The table from SeaBIOS's video BIOS: its frame buffer is the VGA
 * device's BAR 0 as Linux sees it, every mode fits in it, and the sizes
 * every VBE BIOS of this adapter offers are there in XRGB8888.
 */
static void vbedrm_bios_table(struct kunit *test)
{
	static const u16 sizes[][2] = {
		{ 640, 480 }, { 800, 600 }, { 1024, 768 }, { 1280, 1024 },
	};
	struct fwcall_vbe_info *info;
	struct vbedrm_device *vdev;
	struct pci_dev *vga;
	unsigned int i, j;

	if (!fwcall_available())
		kunit_skip(test, "no BIOS calls");
	vga = pci_get_device(0x1234, 0x1111, NULL);
	if (!vga)
		kunit_skip(test, "not QEMU's standard VGA");
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, put_vga, vga), 0);
	info = kunit_kzalloc(test, sizeof(*info), GFP_KERNEL);
	vdev = kunit_kzalloc(test, sizeof(*vdev), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, info);
	KUNIT_ASSERT_NOT_NULL(test, vdev);
	KUNIT_ASSERT_EQ(test, fwcall_vbe_controller_info(info), 0);
	vdev->modes = kunit_kcalloc(test, info->mode_count, sizeof(*vdev->modes),
				    GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, vdev->modes);
	vdev->fb_size = (resource_size_t)info->total_memory_kb * SZ_1K;

	KUNIT_EXPECT_EQ(test, vbedrm_modes_probe(vdev, info->version, info->modes,
						 info->mode_count), 0);
	KUNIT_EXPECT_EQ(test, (u64)vdev->fb_base, (u64)pci_resource_start(vga, 0));
	for (i = 0; i < vdev->mode_count; i++) {
		const struct vbedrm_mode *m = &vdev->modes[i];

		KUNIT_EXPECT_LE(test, (u64)m->pitch * m->height,
				(u64)pci_resource_len(vga, 0));
		for (j = 0; j < i; j++)
			KUNIT_EXPECT_FALSE(test, vdev->modes[j].width == m->width &&
					   vdev->modes[j].height == m->height);
	}
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		bool found = false;

		for (j = 0; j < vdev->mode_count; j++)
			found |= vdev->modes[j].width == sizes[i][0] &&
				 vdev->modes[j].height == sizes[i][1] &&
				 vdev->modes[j].format == DRM_FORMAT_XRGB8888;
		KUNIT_EXPECT_TRUE_MSG(test, found, "%ux%u", sizes[i][0], sizes[i][1]);
	}
	kunit_info(test, "%u of %u modes kept, frame buffer %pa\n",
		   vdev->mode_count, info->mode_count, &vdev->fb_base);
}

static struct kunit_case vbedrm_test_cases[] = {
	KUNIT_CASE(vbedrm_formats),
	KUNIT_CASE(vbedrm_table_keeps),
	KUNIT_CASE(vbedrm_table_refuses),
	KUNIT_CASE(vbedrm_mode_lookup),
	KUNIT_CASE(vbedrm_bios_table),
	{}
};

static struct kunit_suite vbedrm_test_suite = {
	.name = "vbedrm",
	.test_cases = vbedrm_test_cases,
};

kunit_test_suite(vbedrm_test_suite);

MODULE_DESCRIPTION("KUnit tests for vbedrm");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
