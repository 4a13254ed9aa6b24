// SPDX-License-Identifier: GPL-2.0
/*
 * kexec_call for user space: physical-mode code loaded with kexec_load()
 * and KEXEC_PHYS_CALL, called with reboot(LINUX_REBOOT_CMD_KEXEC) and a
 * struct kexec_call_args (include/uapi/linux/kexec_call.h).
 *
 * The image is an ordinary kimage with segments, kept in its own slot
 * (kexec_call_user_image) beside kexec_image and guarded by the same kexec
 * lock.  Its pages stay where kexec_load() put them; the trampoline swaps
 * them with their destinations around each call, with paging off, as
 * relocate_kernel does for a kexec jump.  Since the destinations may be
 * memory the kernel uses, every call quiesces devices and takes the other
 * CPUs offline (KEXEC_CALL_PRESERVE_DEVICE), and the image's pages are
 * all below 4 GiB, where the 32-bit trampoline reaches them.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ioport.h>
#include <linux/kexec.h>
#include <linux/kexec_call.h>
#include <linux/limits.h>
#include <linux/sizes.h>
#include <linux/uaccess.h>

#include <uapi/linux/kexec_call.h>

#include "../kexec_internal.h"
#include "kexec_call_internal.h"

static_assert(KEXEC_CALL_ARGS_MAX == KEXEC_CALL_MAX_ARGS);

/* The image loaded with KEXEC_PHYS_CALL; guarded by the kexec lock */
struct kimage *kexec_call_user_image;

/**
 * kexec_call_attach_user() - Make an image kexec_load() made callable
 * @image: the image, its segments loaded, with KEXEC_PHYS_CALL
 *
 * Called by kexec_load() before it installs @image.  The entry point and
 * every destination must lie in RAM below 4 GiB.
 *
 * Context: Process context, the kexec lock held.  May sleep.
 * Return: 0, -EINVAL for an entry of 0 or at or above 4 GiB or a
 * destination outside RAM, -ERANGE for a destination or a page of the
 * image at or above 4 GiB, -EOPNOTSUPP where devices cannot be quiesced,
 * or -ENOMEM.
 */
int kexec_call_attach_user(struct kimage *image)
{
	unsigned long i;

	if (!image->start || image->start > U32_MAX)
		return -EINVAL;
	for (i = 0; i < image->nr_segments; i++) {
		const struct kexec_segment *seg = &image->segment[i];

		if (seg->mem + seg->memsz > SZ_4G)
			return -ERANGE;
		if (region_intersects(seg->mem, seg->memsz, IORESOURCE_SYSTEM_RAM,
				      IORES_DESC_NONE) != REGION_INTERSECTS)
			return -EINVAL;
	}
	/* Called from reboot(), which holds the system sleep lock */
	return kexec_call_attach(image, KEXEC_CALL_PRESERVE_DEVICE |
				 KEXEC_CALL_SLEEP_LOCKED);
}

/**
 * kexec_call_detach_user() - Undo kexec_call_attach_user()
 * @image: the image kimage_free() is about to free
 *
 * Context: Process context.  May sleep.
 */
void kexec_call_detach_user(struct kimage *image)
{
	kexec_call_detach(image);
}

/* Copy in and check reboot()'s argument */
static int kexec_call_get_args(struct kexec_call_args *req,
			       const void __user *uarg)
{
	unsigned int i;
	u32 size;

	if (get_user(size, (const u32 __user *)uarg))
		return -EFAULT;
	if (size != sizeof(*req))
		return -EINVAL;
	if (copy_from_user(req, uarg, sizeof(*req)))
		return -EFAULT;
	if (req->argc > KEXEC_CALL_ARGS_MAX)
		return -E2BIG;
	for (i = 0; i < req->argc; i++)
		if (req->args[i] > U32_MAX)
			return -ERANGE;
	return 0;
}

/**
 * kexec_call_reboot() - reboot(LINUX_REBOOT_CMD_KEXEC)
 * @uarg: reboot()'s argument: NULL, or a struct kexec_call_args
 *
 * Without an image loaded with KEXEC_PHYS_CALL, this is kernel_kexec()
 * whatever @uarg is, as reboot() always did: glibc's reboot() and so
 * kexec-tools pass no argument at all, and @uarg then holds whatever the
 * register held.  With such an image loaded, a NULL @uarg is still
 * kernel_kexec(); any other calls the image with the arguments and stores
 * what it returned in @uarg->ret.
 *
 * Context: Process context, CAP_SYS_BOOT checked by reboot().  May sleep.
 * Return: what kernel_kexec() returns, or 0 when the image was called,
 * -EFAULT for a bad pointer, -EINVAL for a wrong size, -E2BIG for too
 * many arguments, -ERANGE for an argument at or above 2^32, -EBUSY while
 * kexec is busy, or the error of the call (kexec_vcall()).
 */
int kexec_call_reboot(void __user *uarg)
{
	struct kexec_call_args req;
	u64 ret = 0;
	u64 *a = req.args;
	int err;

	if (!kexec_trylock())
		return -EBUSY;
	if (!kexec_call_user_image || !uarg) {
		kexec_unlock();
		return kernel_kexec();
	}
	err = kexec_call_get_args(&req, uarg);
	if (err) {
		kexec_unlock();
		return err;
	}
	/* Slots past argc are never read */
	err = kexec_call(kexec_call_user_image, &ret, req.argc,
			 (unsigned long)a[0], (unsigned long)a[1],
			 (unsigned long)a[2], (unsigned long)a[3],
			 (unsigned long)a[4], (unsigned long)a[5],
			 (unsigned long)a[6], (unsigned long)a[7],
			 (unsigned long)a[8], (unsigned long)a[9],
			 (unsigned long)a[10], (unsigned long)a[11],
			 (unsigned long)a[12], (unsigned long)a[13],
			 (unsigned long)a[14], (unsigned long)a[15]);
	kexec_unlock();
	if (err)
		return err;

	req.ret = ret;
	if (put_user(req.ret, &((struct kexec_call_args __user *)uarg)->ret))
		return -EFAULT;
	return 0;
}
