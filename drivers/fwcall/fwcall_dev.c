// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/fwcall: BIOS services for user space (include/uapi/linux/fwcall.h).
 *
 * The device is root's (mode 0600).  Named services are read-only answers
 * of the BIOS; the raw software interrupt also needs CAP_SYS_RAWIO and is
 * refused under lockdown, since BIOS code runs with full control of the
 * machine.  Every ioctl checks its struct's size and every field before
 * any BIOS code runs.
 */

#define pr_fmt(fmt) "fwcall: " fmt

#include <linux/capability.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/fwcall.h>
#include <linux/init.h>
#include <linux/miscdevice.h>
#include <linux/rtc.h>
#include <linux/security.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "fwcall_internal.h"

/* Copy in an argument struct whose first field is its own size. */
static int fwcall_get_arg(void *arg, const void __user *uarg, size_t size)
{
	u32 usize;

	if (get_user(usize, (const u32 __user *)uarg))
		return -EFAULT;
	if (usize != size)
		return -EINVAL;
	if (copy_from_user(arg, uarg, size))
		return -EFAULT;
	return 0;
}

static long fwcall_ioc_e820(void __user *uarg)
{
	struct fwcall_ioc_e820 req;
	struct fwcall_e820_range *out;
	struct fwcall_e820_entry *map;
	int n, i;
	long err;

	err = fwcall_get_arg(&req, uarg, sizeof(req));
	if (err)
		return err;
	if (!req.count || req.count > FWCALL_E820_MAX)
		return -EINVAL;

	map = kcalloc(req.count, sizeof(*map), GFP_KERNEL);
	out = kcalloc(req.count, sizeof(*out), GFP_KERNEL);
	err = -ENOMEM;
	if (!map || !out)
		goto out_free;
	n = fwcall_e820(map, req.count);
	err = n;
	if (n < 0)
		goto out_free;
	for (i = 0; i < n; i++) {
		out[i].addr = map[i].addr;
		out[i].size = map[i].size;
		out[i].type = map[i].type;
	}
	req.count = n;
	err = -EFAULT;
	if (copy_to_user(u64_to_user_ptr(req.entries), out, n * sizeof(*out)) ||
	    copy_to_user(uarg, &req, sizeof(req)))
		goto out_free;
	err = 0;
out_free:
	kfree(out);
	kfree(map);
	return err;
}

static long fwcall_ioc_memsize(void __user *uarg)
{
	struct fwcall_ioc_memsize req;
	int kb, equipment;
	long err;

	err = fwcall_get_arg(&req, uarg, sizeof(req));
	if (err)
		return err;
	kb = fwcall_base_memory_kb();
	if (kb < 0)
		return kb;
	equipment = fwcall_equipment();
	if (equipment < 0)
		return equipment;
	err = fwcall_e801(&req.e801_kb_1m_16m, &req.e801_blocks_16m_4g);
	if (err)
		return err;
	req.base_kb = kb;
	req.equipment = equipment;
	req.pad = 0;
	return copy_to_user(uarg, &req, sizeof(req)) ? -EFAULT : 0;
}

static long fwcall_ioc_rtc(void __user *uarg)
{
	struct fwcall_ioc_rtc req;
	struct rtc_time tm;
	long err;

	err = fwcall_get_arg(&req, uarg, sizeof(req));
	if (err)
		return err;
	err = fwcall_rtc_time(&tm);
	if (err)
		return err;
	req.year = tm.tm_year + 1900;
	req.month = tm.tm_mon + 1;
	req.day = tm.tm_mday;
	req.hour = tm.tm_hour;
	req.minute = tm.tm_min;
	req.second = tm.tm_sec;
	req.pad = 0;
	return copy_to_user(uarg, &req, sizeof(req)) ? -EFAULT : 0;
}

static long fwcall_ioc_pcibios(void __user *uarg)
{
	struct fwcall_ioc_pcibios req;
	struct fwcall_pcibios_info info;
	long err;

	err = fwcall_get_arg(&req, uarg, sizeof(req));
	if (err)
		return err;
	err = fwcall_pcibios_check(&info);
	if (err)
		return err;
	req.mechanisms = info.mechanisms;
	req.major = info.major;
	req.minor = info.minor;
	req.last_bus = info.last_bus;
	return copy_to_user(uarg, &req, sizeof(req)) ? -EFAULT : 0;
}

static long fwcall_ioc_pci_read(void __user *uarg)
{
	struct fwcall_ioc_pci_read req;
	long err;

	err = fwcall_get_arg(&req, uarg, sizeof(req));
	if (err)
		return err;
	if (req.bus > 255 || req.devfn > 255)
		return -EINVAL;
	/* fwcall_pcibios_read_config() checks where and width */
	err = fwcall_pcibios_read_config(req.bus, req.devfn, req.where,
					 req.width, &req.value);
	if (err)
		return err;
	return copy_to_user(uarg, &req, sizeof(req)) ? -EFAULT : 0;
}

static long fwcall_ioc_vbe_info(void __user *uarg)
{
	struct fwcall_ioc_vbe_info *req;
	struct fwcall_vbe_info *info;
	long err;

	req = kmalloc(sizeof(*req), GFP_KERNEL);
	info = kmalloc(sizeof(*info), GFP_KERNEL);
	err = -ENOMEM;
	if (!req || !info)
		goto out_free;
	err = fwcall_get_arg(req, uarg, sizeof(*req));
	if (err)
		goto out_free;
	err = fwcall_vbe_controller_info(info);
	if (err)
		goto out_free;

	memset(req, 0, sizeof(*req));
	req->size = sizeof(*req);
	req->version = info->version;
	req->oem_software_rev = info->oem_software_rev;
	req->capabilities = info->capabilities;
	req->total_memory_kb = info->total_memory_kb;
	req->mode_count = info->mode_count;
	memcpy(req->modes, info->modes, info->mode_count * sizeof(req->modes[0]));
	memcpy(req->oem_string, info->oem_string, sizeof(req->oem_string));
	memcpy(req->vendor, info->vendor, sizeof(req->vendor));
	memcpy(req->product, info->product, sizeof(req->product));
	memcpy(req->product_rev, info->product_rev, sizeof(req->product_rev));
	memcpy(req->raw, info->raw, sizeof(req->raw));
	err = copy_to_user(uarg, req, sizeof(*req)) ? -EFAULT : 0;
out_free:
	kfree(info);
	kfree(req);
	return err;
}

static long fwcall_ioc_vbe_mode(void __user *uarg)
{
	struct fwcall_ioc_vbe_mode req;
	struct fwcall_vbe_mode_info *info;
	long err;

	err = fwcall_get_arg(&req, uarg, sizeof(req));
	if (err)
		return err;
	info = kmalloc(sizeof(*info), GFP_KERNEL);
	if (!info)
		return -ENOMEM;
	err = fwcall_vbe_mode_info(req.mode, info);
	if (err)
		goto out_free;
	req.attributes = info->attributes;
	req.bytes_per_line = info->bytes_per_line;
	req.x_res = info->x_res;
	req.y_res = info->y_res;
	req.bpp = info->bpp;
	req.memory_model = info->memory_model;
	req.phys_base = info->phys_base;
	memcpy(req.raw, info->raw, sizeof(req.raw));
	err = copy_to_user(uarg, &req, sizeof(req)) ? -EFAULT : 0;
out_free:
	kfree(info);
	return err;
}

static long fwcall_ioc_bios32_service(void __user *uarg)
{
	struct fwcall_ioc_bios32_service req;
	long err;

	err = fwcall_get_arg(&req, uarg, sizeof(req));
	if (err)
		return err;
	req.directory = fwcall_bios32_directory();
	if (!req.directory)
		return -ENODEV;
	err = fwcall_bios32_service(req.id, &req.entry);
	if (err)
		return err;
	return copy_to_user(uarg, &req, sizeof(req)) ? -EFAULT : 0;
}

/* Raw calls run BIOS code of the caller's choosing with the machine's keys. */
static int fwcall_raw_allowed(void)
{
	if (!capable(CAP_SYS_RAWIO))
		return -EPERM;
	return security_locked_down(LOCKDOWN_DEV_MEM);
}

/* A raw call's registers from its ioctl struct, and back */
static void fwcall_regs_in(struct fwcall_regs *regs,
			   const struct fwcall_ioc_regs *in)
{
	*regs = (struct fwcall_regs){
		.eax = in->eax, .ebx = in->ebx, .ecx = in->ecx, .edx = in->edx,
		.esi = in->esi, .edi = in->edi, .ebp = in->ebp,
	};
}

static void fwcall_regs_out(struct fwcall_ioc_regs *out,
			    const struct fwcall_regs *regs)
{
	*out = (struct fwcall_ioc_regs){
		.eax = regs->eax, .ebx = regs->ebx, .ecx = regs->ecx,
		.edx = regs->edx, .esi = regs->esi, .edi = regs->edi,
		.ebp = regs->ebp, .eflags = regs->eflags,
	};
}

static long fwcall_ioc_int(void __user *uarg)
{
	struct fwcall_ioc_int req;
	struct fwcall_regs regs;
	void *buf = NULL;
	long err;

	err = fwcall_raw_allowed();
	if (err)
		return err;
	err = fwcall_get_arg(&req, uarg, sizeof(req));
	if (err)
		return err;
	if (!fwcall_int_vector_allowed(req.vector) || req.pad ||
	    (req.flags & ~FWCALL_INT_BUF))
		return -EINVAL;
	if (req.flags & FWCALL_INT_BUF) {
		if (!req.buf_len || req.buf_len > FWCALL_BUF_MAX)
			return -EINVAL;
		buf = memdup_user(u64_to_user_ptr(req.buf), req.buf_len);
		if (IS_ERR(buf))
			return PTR_ERR(buf);
	} else if (req.buf_len || req.buf) {
		return -EINVAL;
	}

	fwcall_regs_in(&regs, &req.regs);
	regs.ds = req.ds;
	regs.es = req.es;
	if (buf)
		err = fwcall_int_buf(req.vector, &regs, buf, req.buf_len);
	else
		err = fwcall_int(req.vector, &regs);
	if (err)
		goto out_free;
	fwcall_regs_out(&req.regs, &regs);
	req.ds = regs.ds;
	req.es = regs.es;
	err = -EFAULT;
	if (buf && copy_to_user(u64_to_user_ptr(req.buf), buf, req.buf_len))
		goto out_free;
	if (copy_to_user(uarg, &req, sizeof(req)))
		goto out_free;
	err = 0;
out_free:
	kfree(buf);
	return err;
}

static long fwcall_ioc_bios32_call(void __user *uarg)
{
	struct fwcall_ioc_bios32_call req;
	struct fwcall_regs regs;
	long err;

	err = fwcall_raw_allowed();
	if (err)
		return err;
	err = fwcall_get_arg(&req, uarg, sizeof(req));
	if (err)
		return err;
	/* fwcall_bios32_call() checks the entry */
	fwcall_regs_in(&regs, &req.regs);
	err = fwcall_bios32_call(req.entry, &regs);
	if (err)
		return err;
	fwcall_regs_out(&req.regs, &regs);
	return copy_to_user(uarg, &req, sizeof(req)) ? -EFAULT : 0;
}

static long fwcall_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case FWCALL_IOC_E820:
		return fwcall_ioc_e820(uarg);
	case FWCALL_IOC_MEMSIZE:
		return fwcall_ioc_memsize(uarg);
	case FWCALL_IOC_RTC:
		return fwcall_ioc_rtc(uarg);
	case FWCALL_IOC_PCIBIOS:
		return fwcall_ioc_pcibios(uarg);
	case FWCALL_IOC_PCI_READ:
		return fwcall_ioc_pci_read(uarg);
	case FWCALL_IOC_VBE_INFO:
		return fwcall_ioc_vbe_info(uarg);
	case FWCALL_IOC_VBE_MODE:
		return fwcall_ioc_vbe_mode(uarg);
	case FWCALL_IOC_BIOS32_SERVICE:
		return fwcall_ioc_bios32_service(uarg);
	case FWCALL_IOC_INT:
		return fwcall_ioc_int(uarg);
	case FWCALL_IOC_BIOS32_CALL:
		return fwcall_ioc_bios32_call(uarg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations fwcall_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = fwcall_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice fwcall_miscdev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "fwcall",
	.fops = &fwcall_fops,
	.mode = 0600,
};

static int __init fwcall_dev_init(void)
{
	int err;

	if (!fwcall_available())
		return -ENODEV;
	err = fwcall_sysfs_init();
	if (err)
		pr_warn("no /sys/firmware/fwcall: %d\n", err);
	return misc_register(&fwcall_miscdev);
}

/* After fwcall_init() (device_initcall) has made the images */
late_initcall(fwcall_dev_init);
