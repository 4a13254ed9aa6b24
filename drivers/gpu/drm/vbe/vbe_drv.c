// SPDX-License-Identifier: GPL-2.0
/*
 * vbedrm: a DRM driver that sets VESA BIOS Extensions modes at run time.
 *
 * The video BIOS runs natively in real mode through fwcall and
 * kexec_call: it lists its modes (4F00h, 4F01h) and sets the one an atomic
 * commit needs (4F02h); the driver scans out of the linear frame buffer
 * with shadow-buffered planes, as simpledrm does for the one mode a boot
 * loader chose.  On unbind the adapter goes back to the mode it was in.
 *
 * fwcall registers the platform device "fwcall-vbe" when the video BIOS
 * has VBE 2.0 or later, as sysfb registers the firmware's frame buffer.
 * The driver takes the frame buffer from a firmware driver (simpledrm,
 * vesafb, efifb) and from vgacon, and owns it as a firmware driver does,
 * so that a native driver for the adapter takes it in turn; it leaves an
 * adapter that a native driver drives already alone.
 */

#include <linux/aperture.h>
#include <linux/debugfs.h>
#include <linux/fwcall.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/vgaarb.h>

#include <drm/drm_atomic_helper.h>
#include <drm/drm_drv.h>
#include <drm/drm_fbdev_shmem.h>
#include <drm/drm_file.h>
#include <drm/drm_gem_shmem_helper.h>
#include <drm/drm_managed.h>
#include <drm/drm_print.h>

#include "vbe_drv.h"

#define DRIVER_DESC	"VESA BIOS Extensions mode setting through fwcall"
#define DRIVER_DATE	"20261130"
#define DRIVER_MAJOR	1
#define DRIVER_MINOR	0

static void vbedrm_debugfs_init(struct drm_minor *minor)
{
	struct vbedrm_device *vdev = to_vbedrm(minor->dev);

	debugfs_create_x16("vbe_refuse_next", 0600, minor->debugfs_root,
			   &vdev->refuse_next);
	debugfs_create_u32("vbe_mode_sets", 0400, minor->debugfs_root,
			   &vdev->mode_sets);
}

DEFINE_DRM_GEM_FOPS(vbedrm_fops);

static const struct drm_driver vbedrm_driver = {
	DRM_GEM_SHMEM_DRIVER_OPS,
	.name = VBEDRM_NAME,
	.desc = DRIVER_DESC,
	.date = DRIVER_DATE,
	.major = DRIVER_MAJOR,
	.minor = DRIVER_MINOR,
	.driver_features = DRIVER_ATOMIC | DRIVER_GEM | DRIVER_MODESET,
	.fops = &vbedrm_fops,
	.debugfs_init = vbedrm_debugfs_init,
};

/* The memory BAR of @vga that holds @base, or -1. */
static int vbedrm_vga_bar(struct pci_dev *vga, phys_addr_t base)
{
	int bar;

	for (bar = 0; vga && bar < PCI_STD_NUM_BARS; bar++)
		if ((pci_resource_flags(vga, bar) & IORESOURCE_MEM) &&
		    base >= pci_resource_start(vga, bar) &&
		    base <= pci_resource_end(vga, bar))
			return bar;
	return -1;
}

/*
 * Take the frame buffer from the drivers that use it now: a firmware
 * frame buffer driver on the adapter's memory and vgacon, which would
 * touch the registers the BIOS programs (int 10h drives the primary
 * adapter, so vgacon goes whatever the frame buffer's bus).
 */
static int vbedrm_remove_conflicts(struct vbedrm_device *vdev,
				   struct pci_dev *vga)
{
	if (vbedrm_vga_bar(vga, vdev->fb_base) >= 0)
		return aperture_remove_conflicting_pci_devices(vga, VBEDRM_NAME);
	aperture_remove_conflicting_devices(vdev->fb_base, vdev->fb_size,
					    VBEDRM_NAME);
	/* vga_remove_vgacon() dereferences its device: only with one */
	return vga ? __aperture_remove_legacy_vga_devices(vga) : 0;
}

/*
 * The video memory the driver maps: the BIOS's count, but not past the
 * BAR that holds the frame buffer, and only as much as the largest mode
 * uses.
 */
static int vbedrm_fb_size(struct vbedrm_device *vdev, struct pci_dev *vga)
{
	resource_size_t used = 0, size;
	unsigned int i, n = 0;
	int bar = vbedrm_vga_bar(vga, vdev->fb_base);

	if (bar >= 0)
		vdev->fb_size = min(vdev->fb_size,
				    pci_resource_end(vga, bar) - vdev->fb_base + 1);
	/* A mode that runs past the BAR goes */
	for (i = 0; i < vdev->mode_count; i++) {
		size = (resource_size_t)vdev->modes[i].pitch * vdev->modes[i].height;
		if (size > vdev->fb_size)
			continue;
		used = max(used, size);
		vdev->modes[n++] = vdev->modes[i];
	}
	vdev->mode_count = n;
	vdev->fb_size = min(vdev->fb_size, PAGE_ALIGN(used));
	return n ? 0 : -ENODEV;
}

/* Whether a native driver has (or is taking) the primary VGA device. */
static bool vbedrm_vga_driven(struct platform_device *pdev, struct pci_dev *vga)
{
	if (!vga || !READ_ONCE(vga->dev.driver))
		return false;
	dev_info(&pdev->dev, "%s drives %s: its driver, not the BIOS\n",
		 dev_driver_string(&vga->dev), pci_name(vga));
	return true;
}

static int vbedrm_probe(struct platform_device *pdev)
{
	struct pci_dev *vga = vga_default_device();
	struct fwcall_vbe_info *info;
	struct vbedrm_device *vdev;
	struct drm_device *drm;
	void __iomem *screen;
	int ret;

	if (vbedrm_vga_driven(pdev, vga))
		return -ENODEV;

	vdev = devm_drm_dev_alloc(&pdev->dev, &vbedrm_driver,
				  struct vbedrm_device, drm);
	if (IS_ERR(vdev))
		return PTR_ERR(vdev);
	drm = &vdev->drm;
	ret = drmm_mutex_init(drm, &vdev->hw_lock);
	if (ret)
		return ret;

	info = kmalloc(sizeof(*info), GFP_KERNEL);
	if (!info)
		return -ENOMEM;
	ret = fwcall_vbe_controller_info(info);
	if (!ret && info->version < 0x0200)
		ret = -ENODEV;	/* no linear frame buffer before VBE 2.0 */
	if (ret) {
		kfree(info);
		return dev_err_probe(&pdev->dev, ret, "no VBE 2.0 BIOS\n");
	}
	vdev->fb_size = (resource_size_t)info->total_memory_kb * SZ_1K;
	vdev->modes = drmm_kcalloc(drm, info->mode_count, sizeof(*vdev->modes),
				   GFP_KERNEL);
	ret = vdev->modes ? vbedrm_modes_probe(vdev, info->version, info->modes,
					       info->mode_count) : -ENOMEM;
	kfree(info);
	if (ret)
		return dev_err_probe(&pdev->dev, ret,
				     "no mode with a linear frame buffer in XRGB8888 or RGB565\n");
	ret = vbedrm_fb_size(vdev, vga);
	if (ret)
		return dev_err_probe(&pdev->dev, ret, "no mode fits in the frame buffer's BAR\n");
	ret = fwcall_vbe_get_mode(&vdev->found_mode);
	if (ret)
		return dev_err_probe(&pdev->dev, ret, "no current mode\n");

	ret = vbedrm_remove_conflicts(vdev, vga);
	if (ret)
		return ret;
	ret = devm_aperture_acquire_for_platform_device(pdev, vdev->fb_base,
							vdev->fb_size);
	if (ret)
		return dev_err_probe(&pdev->dev, ret,
				     "frame buffer at %pa owned by another driver\n",
				     &vdev->fb_base);
	/* A native driver that was probing meanwhile has the adapter */
	if (vbedrm_vga_driven(pdev, vga))
		return -ENODEV;
	screen = devm_ioremap_wc(&pdev->dev, vdev->fb_base, vdev->fb_size);
	if (!screen)
		return -ENOMEM;
	iosys_map_set_vaddr_iomem(&vdev->screen, screen);

	ret = vbedrm_kms_init(vdev);
	if (ret)
		return ret;
	platform_set_drvdata(pdev, drm);
	ret = drm_dev_register(drm, 0);
	if (ret)
		return ret;
	drm_info(drm, "%u modes, frame buffer %pa (%u KiB mapped), found in mode %#x\n",
		 vdev->mode_count, &vdev->fb_base,
		 (unsigned int)(vdev->fb_size / SZ_1K), vdev->found_mode);
	drm_fbdev_shmem_setup(drm, 32);
	return 0;
}

static void vbedrm_remove(struct platform_device *pdev)
{
	struct drm_device *drm = platform_get_drvdata(pdev);

	drm_dev_unplug(drm);
	drm_atomic_helper_shutdown(drm);
	vbedrm_hw_restore(to_vbedrm(drm));
}

/* Reboot, power off, kexec: the next one finds the mode it expects */
static void vbedrm_shutdown(struct platform_device *pdev)
{
	struct drm_device *drm = platform_get_drvdata(pdev);

	drm_atomic_helper_shutdown(drm);
	vbedrm_hw_restore(to_vbedrm(drm));
}

static const struct platform_device_id vbedrm_ids[] = {
	{ FWCALL_VBE_DISPLAY },
	{ }
};
MODULE_DEVICE_TABLE(platform, vbedrm_ids);

static struct platform_driver vbedrm_platform_driver = {
	.driver = {
		.name = VBEDRM_NAME,
	},
	.id_table = vbedrm_ids,
	.probe = vbedrm_probe,
	.remove = vbedrm_remove,
	.shutdown = vbedrm_shutdown,
};
module_platform_driver(vbedrm_platform_driver);

MODULE_DESCRIPTION(DRIVER_DESC);
MODULE_LICENSE("GPL");
