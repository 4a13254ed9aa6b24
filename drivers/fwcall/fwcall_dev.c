// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/fwcall: BIOS services for user space (include/uapi/linux/fwcall.h).
 *
 * The device is root's (mode 0600).  Named services are read-only answers
 * of the BIOS and follow the rules the kernel applies to the same data
 * elsewhere (PCI configuration space as pci-sysfs serves it).  The raw
 * calls run BIOS code of the caller's choosing with full control of the
 * machine, so they can write any physical memory: they are built only
 * with CONFIG_FWCALL_RAW and are refused under lockdown, without
 * CAP_SYS_RAWIO, and where /dev/mem's strict checks apply.
 *
 * Every ioctl takes a struct whose first field is its size, copied in as
 * copy_struct_from_user() does, and checks every field before any BIOS
 * code runs.
 */

#define pr_fmt(fmt) "fwcall: " fmt

#include <linux/capability.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/fwcall.h>
#include <linux/init.h>
#include <linux/miscdevice.h>
#include <linux/pci.h>
#include <linux/pm_runtime.h>
#include <linux/rtc.h>
#include <linux/security.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include <kunit/visibility.h>

#include "fwcall_internal.h"

/*
 * A BIOS that raised an exception ends its kexec_call with -EFAULT; user
 * space reads EFAULT as a bad pointer of its own, so it gets EIO.
 */
static int fwcall_bios_err(int err)
{
	return err == -EFAULT ? -EIO : err;
}

static long fwcall_ioc_e820(struct file *file, void *arg, void __user *uarg)
{
	struct fwcall_ioc_e820 *req = arg;
	struct fwcall_e820_range *out;
	struct fwcall_e820_entry *map;
	unsigned int n, i;
	long err;

	/* The whole map, however long, to tell a short array the count needed */
	map = fwcall_e820_alloc(&n);
	if (IS_ERR(map))
		return fwcall_bios_err(PTR_ERR(map));
	if (n > req->count) {
		err = put_user(n, &((struct fwcall_ioc_e820 __user *)uarg)->count) ?
		      -EFAULT : -E2BIG;
		goto out_free_map;
	}

	out = kvcalloc(n, sizeof(*out), GFP_KERNEL);
	err = -ENOMEM;
	if (!out)
		goto out_free_map;
	for (i = 0; i < n; i++) {
		out[i].addr = map[i].addr;
		out[i].size = map[i].size;
		out[i].type = map[i].type;
		out[i].attrs = map[i].attrs;
		out[i].flags = map[i].has_attrs ? FWCALL_E820_ATTRS : 0;
	}
	req->count = n;
	err = 0;
	if (copy_to_user(u64_to_user_ptr(req->entries), out, n * sizeof(*out)))
		err = -EFAULT;
	kvfree(out);
out_free_map:
	kvfree(map);
	return err;
}

static long fwcall_ioc_memsize(struct file *file, void *arg, void __user *uarg)
{
	struct fwcall_ioc_memsize *req = arg;
	int kb, equipment, e801;

	if (req->flags)
		return -EINVAL;
	kb = fwcall_base_memory_kb();
	equipment = fwcall_equipment();
	e801 = fwcall_e801(&req->e801_kb_1m_16m, &req->e801_blocks_16m_4g);

	/* Each answer the BIOS gave, flagged; fail only when there is none */
	req->base_kb = 0;
	req->equipment = 0;
	if (kb >= 0) {
		req->base_kb = kb;
		req->flags |= FWCALL_MEMSIZE_BASE;
	}
	if (equipment >= 0) {
		req->equipment = equipment;
		req->flags |= FWCALL_MEMSIZE_EQUIPMENT;
	}
	if (!e801) {
		req->flags |= FWCALL_MEMSIZE_E801;
	} else {
		req->e801_kb_1m_16m = 0;
		req->e801_blocks_16m_4g = 0;
	}
	if (!req->flags)
		return fwcall_bios_err(kb);
	return 0;
}

static long fwcall_ioc_rtc(struct file *file, void *arg, void __user *uarg)
{
	struct fwcall_ioc_rtc *req = arg;
	struct rtc_time tm;
	int err;

	if (req->pad)
		return -EINVAL;
	err = fwcall_rtc_time(&tm);
	if (err)
		return fwcall_bios_err(err);
	req->year = tm.tm_year + 1900;
	req->month = tm.tm_mon + 1;
	req->day = tm.tm_mday;
	req->hour = tm.tm_hour;
	req->minute = tm.tm_min;
	req->second = tm.tm_sec;
	return 0;
}

static long fwcall_ioc_pcibios(struct file *file, void *arg, void __user *uarg)
{
	struct fwcall_ioc_pcibios *req = arg;
	struct fwcall_pcibios_info info;
	int err;

	err = fwcall_pcibios_check(&info);
	if (err)
		return fwcall_bios_err(err);
	req->mechanisms = info.mechanisms;
	req->major = info.major;
	req->minor = info.minor;
	req->last_bus = info.last_bus;
	return 0;
}

/*
 * Wake @pdev's configuration space as pci-sysfs does before a read: its
 * parent resumed, its own runtime suspend held off, and the device
 * resumed if it is in D3cold.  0, or -EIO when it stays in D3cold.
 */
static int fwcall_pci_pm_get(struct pci_dev *pdev)
{
	struct device *parent = pdev->dev.parent;

	if (parent)
		pm_runtime_get_sync(parent);
	pm_runtime_get_noresume(&pdev->dev);
	pm_runtime_barrier(&pdev->dev);
	if (pdev->current_state == PCI_D3cold)
		pm_runtime_resume(&pdev->dev);
	return pdev->current_state == PCI_D3cold ? -EIO : 0;
}

static void fwcall_pci_pm_put(struct pci_dev *pdev)
{
	struct device *parent = pdev->dev.parent;

	pm_runtime_put(&pdev->dev);
	if (parent)
		pm_runtime_put_sync(parent);
}

/**
 * fwcall_dev_pci_read() - A configuration read for user space
 * @bus: the bus number, in PCI domain 0 (the PCI BIOS knows no other)
 * @devfn: device and function
 * @where: the register, aligned to @width
 * @width: 1, 2 or 4
 * @admin: the caller has CAP_SYS_ADMIN
 * @val: the value read
 *
 * Applies pci-sysfs's rules for its config file: without CAP_SYS_ADMIN
 * only the first 64 bytes (128 for a CardBus bridge) may be read, and a
 * device in D3cold is woken first or not read at all.  Devices Linux does
 * not know are read within the first 64 bytes as well.
 *
 * Context: Process context.  May sleep.
 * Return: 0, -EINVAL for a bad @width or @where, -EPERM beyond what the
 * caller may read, -EIO when the device stays in D3cold or the BIOS
 * raised an exception, or the error of fwcall_pcibios_read_config().
 */
VISIBLE_IF_KUNIT int fwcall_dev_pci_read(u8 bus, u8 devfn, unsigned int where,
					 unsigned int width, bool admin, u32 *val)
{
	unsigned int limit = 64;
	struct pci_dev *pdev;
	int err;

	if ((width != 1 && width != 2 && width != 4) || where > 255 ||
	    where % width)
		return -EINVAL;
	pdev = pci_get_domain_bus_and_slot(0, bus, devfn);
	if (pdev && pdev->hdr_type == PCI_HEADER_TYPE_CARDBUS)
		limit = 128;
	err = -EPERM;
	if (where + width > limit && !admin)
		goto out_put;
	if (pdev) {
		err = fwcall_pci_pm_get(pdev);
		if (!err)
			err = fwcall_pcibios_read_config(bus, devfn, where,
							 width, val);
		fwcall_pci_pm_put(pdev);
	} else {
		err = fwcall_pcibios_read_config(bus, devfn, where, width, val);
	}
	err = fwcall_bios_err(err);
out_put:
	pci_dev_put(pdev);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(fwcall_dev_pci_read);

static long fwcall_ioc_pci_read(struct file *file, void *arg, void __user *uarg)
{
	struct fwcall_ioc_pci_read *req = arg;
	bool admin;

	if (req->bus > 255 || req->devfn > 255)
		return -EINVAL;
	admin = file_ns_capable(file, &init_user_ns, CAP_SYS_ADMIN);
	return fwcall_dev_pci_read(req->bus, req->devfn, req->where,
				   req->width, admin, &req->value);
}

static long fwcall_ioc_vbe_info(struct file *file, void *arg, void __user *uarg)
{
	struct fwcall_ioc_vbe_info *req = arg;
	struct fwcall_vbe_info *info;
	int err;

	info = kmalloc(sizeof(*info), GFP_KERNEL);
	if (!info)
		return -ENOMEM;
	err = fwcall_vbe_controller_info(info);
	if (err)
		goto out_free;

	req->version = info->version;
	req->oem_software_rev = info->oem_software_rev;
	req->capabilities = info->capabilities;
	req->total_memory_kb = info->total_memory_kb;
	req->mode_count = info->mode_count;
	memset(req->modes, 0, sizeof(req->modes));
	memcpy(req->modes, info->modes, info->mode_count * sizeof(req->modes[0]));
	memcpy(req->oem_string, info->oem_string, sizeof(req->oem_string));
	memcpy(req->vendor, info->vendor, sizeof(req->vendor));
	memcpy(req->product, info->product, sizeof(req->product));
	memcpy(req->product_rev, info->product_rev, sizeof(req->product_rev));
	memcpy(req->raw, info->raw, sizeof(req->raw));
out_free:
	kfree(info);
	return fwcall_bios_err(err);
}

static long fwcall_ioc_vbe_mode(struct file *file, void *arg, void __user *uarg)
{
	struct fwcall_ioc_vbe_mode *req = arg;
	struct fwcall_vbe_mode_info *info;
	int err;

	info = kmalloc(sizeof(*info), GFP_KERNEL);
	if (!info)
		return -ENOMEM;
	err = fwcall_vbe_mode_info(req->mode, info);
	if (err)
		goto out_free;
	req->attributes = info->attributes;
	req->bytes_per_line = info->bytes_per_line;
	req->x_res = info->x_res;
	req->y_res = info->y_res;
	req->bpp = info->bpp;
	req->memory_model = info->memory_model;
	req->phys_base = info->phys_base;
	memcpy(req->raw, info->raw, sizeof(req->raw));
out_free:
	kfree(info);
	return fwcall_bios_err(err);
}

static long fwcall_ioc_bios32_service(struct file *file, void *arg,
				      void __user *uarg)
{
	struct fwcall_ioc_bios32_service *req = arg;

	req->directory = fwcall_bios32_directory();
	if (!req->directory)
		return -ENODEV;
	return fwcall_bios_err(fwcall_bios32_service(req->id, &req->entry));
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

/*
 * Raw calls reach all of physical memory, fwcall's own included: they are
 * allowed only where /dev/mem would let user space at memory the kernel
 * keeps to itself (fwcall_low_devmem_exclusive()).
 */
static int fwcall_raw_allowed(void)
{
	int err;

	err = security_locked_down(LOCKDOWN_FWCALL_RAW);
	if (err)
		return err;
	if (!capable(CAP_SYS_RAWIO))
		return -EPERM;
	if (fwcall_low_devmem_exclusive())
		return -EPERM;
	return 0;
}

static long fwcall_ioc_int(struct file *file, void *arg, void __user *uarg)
{
	struct fwcall_ioc_int *req = arg;
	struct fwcall_regs regs;
	void *buf = NULL;
	int err;

	if (!fwcall_int_vector_allowed(req->vector) || req->pad ||
	    (req->flags & ~FWCALL_INT_BUF))
		return -EINVAL;
	if (req->flags & FWCALL_INT_BUF) {
		if (!req->buf_len || req->buf_len > FWCALL_BUF_MAX)
			return -EINVAL;
		buf = memdup_user(u64_to_user_ptr(req->buf), req->buf_len);
		if (IS_ERR(buf))
			return PTR_ERR(buf);
	} else if (req->buf_len || req->buf) {
		return -EINVAL;
	}

	fwcall_regs_in(&regs, &req->regs);
	regs.ds = req->ds;
	regs.es = req->es;
	if (buf)
		err = fwcall_int_buf(req->vector, &regs, buf, req->buf_len);
	else
		err = fwcall_int(req->vector, &regs);
	if (err) {
		err = fwcall_bios_err(err);
		goto out_free;
	}
	fwcall_regs_out(&req->regs, &regs);
	req->ds = regs.ds;
	req->es = regs.es;
	if (buf && copy_to_user(u64_to_user_ptr(req->buf), buf, req->buf_len))
		err = -EFAULT;
out_free:
	kfree(buf);
	return err;
}

static long fwcall_ioc_bios32_call(struct file *file, void *arg,
				   void __user *uarg)
{
	struct fwcall_ioc_bios32_call *req = arg;
	struct fwcall_regs regs;
	int err;

	/* fwcall_bios32_call() checks the entry */
	fwcall_regs_in(&regs, &req->regs);
	err = fwcall_bios32_call(req->entry, &regs);
	if (err)
		return fwcall_bios_err(err);
	fwcall_regs_out(&req->regs, &regs);
	return 0;
}

/**
 * struct fwcall_ioctl_op - one ioctl of /dev/fwcall
 * @size: the size of its struct as this kernel knows it
 * @min_size: the size of the struct's first version (FWCALL_*_SIZE_VER0)
 * @raw: a raw call (CONFIG_FWCALL_RAW, fwcall_raw_allowed())
 * @fn: the handler; gets the struct copied in, fills it for the way out,
 *	and gets the user's pointer for what it writes back on an error
 */
struct fwcall_ioctl_op {
	unsigned int size;
	unsigned int min_size;
	bool raw;
	long (*fn)(struct file *file, void *arg, void __user *uarg);
};

#define FWCALL_OP(_nr, _struct, _ver0, _raw, _fn)	\
	[_nr] = {					\
		.size = sizeof(struct _struct),		\
		.min_size = (_ver0),			\
		.raw = (_raw),				\
		.fn = (_fn),				\
	}

static const struct fwcall_ioctl_op fwcall_ioctl_ops[] = {
	FWCALL_OP(_IOC_NR(FWCALL_IOC_E820), fwcall_ioc_e820,
		  FWCALL_E820_SIZE_VER0, false, fwcall_ioc_e820),
	FWCALL_OP(_IOC_NR(FWCALL_IOC_MEMSIZE), fwcall_ioc_memsize,
		  FWCALL_MEMSIZE_SIZE_VER0, false, fwcall_ioc_memsize),
	FWCALL_OP(_IOC_NR(FWCALL_IOC_RTC), fwcall_ioc_rtc,
		  FWCALL_RTC_SIZE_VER0, false, fwcall_ioc_rtc),
	FWCALL_OP(_IOC_NR(FWCALL_IOC_PCIBIOS), fwcall_ioc_pcibios,
		  FWCALL_PCIBIOS_SIZE_VER0, false, fwcall_ioc_pcibios),
	FWCALL_OP(_IOC_NR(FWCALL_IOC_PCI_READ), fwcall_ioc_pci_read,
		  FWCALL_PCI_READ_SIZE_VER0, false, fwcall_ioc_pci_read),
	FWCALL_OP(_IOC_NR(FWCALL_IOC_INT), fwcall_ioc_int,
		  FWCALL_INT_SIZE_VER0, true, fwcall_ioc_int),
	FWCALL_OP(_IOC_NR(FWCALL_IOC_VBE_INFO), fwcall_ioc_vbe_info,
		  FWCALL_VBE_INFO_SIZE_VER0, false, fwcall_ioc_vbe_info),
	FWCALL_OP(_IOC_NR(FWCALL_IOC_VBE_MODE), fwcall_ioc_vbe_mode,
		  FWCALL_VBE_MODE_SIZE_VER0, false, fwcall_ioc_vbe_mode),
	FWCALL_OP(_IOC_NR(FWCALL_IOC_BIOS32_SERVICE), fwcall_ioc_bios32_service,
		  FWCALL_BIOS32_SERVICE_SIZE_VER0, false,
		  fwcall_ioc_bios32_service),
	FWCALL_OP(_IOC_NR(FWCALL_IOC_BIOS32_CALL), fwcall_ioc_bios32_call,
		  FWCALL_BIOS32_CALL_SIZE_VER0, true, fwcall_ioc_bios32_call),
};

static long fwcall_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;
	const struct fwcall_ioctl_op *op;
	unsigned int nr = _IOC_NR(cmd);
	u32 usize;
	void *karg;
	long err;

	if (cmd != _IO(FWCALL_IOC_MAGIC, nr) || nr >= ARRAY_SIZE(fwcall_ioctl_ops))
		return -ENOTTY;
	op = &fwcall_ioctl_ops[nr];
	if (!op->fn || (op->raw && !IS_ENABLED(CONFIG_FWCALL_RAW)))
		return -ENOTTY;
	if (op->raw) {
		err = fwcall_raw_allowed();
		if (err)
			return err;
	}

	if (get_user(usize, (const u32 __user *)uarg))
		return -EFAULT;
	if (usize < op->min_size)
		return -EINVAL;
	karg = kzalloc(op->size, GFP_KERNEL);
	if (!karg)
		return -ENOMEM;
	err = copy_struct_from_user(karg, op->size, uarg, usize);
	if (err)
		goto out_free;
	err = op->fn(file, karg, uarg);
	if (!err && copy_to_user(uarg, karg, min_t(size_t, usize, op->size)))
		err = -EFAULT;
out_free:
	kfree(karg);
	return err;
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

/**
 * fwcall_dev_init() - Offer /sys/firmware/fwcall and /dev/fwcall
 *
 * Called by fwcall_init() once the images are made.  The sysfs view is
 * left out if it cannot be made; the device is not.
 *
 * Return: 0, or the error of misc_register(), with the sysfs view gone.
 */
int __init fwcall_dev_init(void)
{
	int err;

	err = fwcall_sysfs_init();
	if (err)
		pr_warn("no /sys/firmware/fwcall: %d\n", err);
	err = misc_register(&fwcall_miscdev);
	if (err)
		fwcall_sysfs_exit();
	return err;
}

/* Undo fwcall_dev_init(), when the module goes */
void fwcall_dev_exit(void)
{
	misc_deregister(&fwcall_miscdev);
	fwcall_sysfs_exit();
}
