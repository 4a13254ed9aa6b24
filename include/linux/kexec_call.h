/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kexec_call: call firmware code in physical mode and jump back.
 *
 * An image is a struct kimage of type KEXEC_TYPE_CALL with no segments:
 * its entry point is the physical address of the code to call, and its
 * control pages (below 4 GiB) hold the trampoline, the callee's stack and
 * the state needed to jump back.  An image is called as often as wanted,
 * with different arguments each time; see Documentation/core-api/kexec_call.rst
 * and, for the x86 calling convention, Documentation/arch/x86/kexec_call.rst.
 */
#ifndef _LINUX_KEXEC_CALL_H
#define _LINUX_KEXEC_CALL_H

#include <linux/bits.h>
#include <linux/err.h>
#include <linux/stdarg.h>
#include <linux/types.h>

struct kimage;

/*
 * reboot(LINUX_REBOOT_CMD_KEXEC) with an argument calls the image loaded by
 * kexec_load() with KEXEC_PHYS_CALL (include/uapi/linux/kexec_call.h);
 * without one it is kernel_kexec(), as it always was.
 */
int kexec_call_reboot(void __user *arg);

/* Save and restore FPU/MMX/SSE/AVX state around the call. */
#define KEXEC_CALL_PRESERVE_CPU_EXT	BIT(0)
/* Quiesce and restore devices and secondary CPUs around the call. */
#define KEXEC_CALL_PRESERVE_DEVICE	BIT(1)

#define KEXEC_CALL_PRESERVE_MASK	(KEXEC_CALL_PRESERVE_CPU_EXT | \
					 KEXEC_CALL_PRESERVE_DEVICE)

/* The most arguments a callee can be passed, each 32 bits wide. */
#define KEXEC_CALL_MAX_ARGS		16

/*
 * Every call has a deadline: an image starts with the default and
 * kexec_call_set_deadline() changes it.  The maximum is the lower of
 * KEXEC_CALL_DEADLINE_MAX_MS and half the lockup detectors' threshold
 * (watchdog_thresh, 10 s by default), so that a call never trips them.
 */
#define KEXEC_CALL_DEADLINE_DEFAULT_MS	1000
#define KEXEC_CALL_DEADLINE_MAX_MS	5000

/**
 * struct kexec_call_hold - spinlocks an image's calls hold across the switch
 * @lock: takes them, on the calling CPU with interrupts off, once the CPU
 *	is found able to make the call and before anything is switched
 * @unlock: releases them once the kernel's state is back, interrupts
 *	still off; not called when @lock was not
 * @data: passed to both
 *
 * For a callee that uses hardware the kernel guards with a spinlock (the
 * PCI configuration ports, the RTC's index and data ports): the kernel's
 * own users of that hardware wait on the lock while the callee runs.
 * Only spinlocks that are taken with interrupts off elsewhere too, and
 * never a sleeping lock: the window cannot sleep (a spinlock_t is one only
 * on PREEMPT_RT, where kexec_call_alloc() refuses).  Their other users
 * spin while the callee runs, possibly on the CPU that watches its
 * deadline: hold them only around short callees.
 */
struct kexec_call_hold {
	void (*lock)(void *data);
	void (*unlock)(void *data);
	void *data;
};

/**
 * struct kexec_call_params - one call, as kexec_vcall() hands it on
 * @argc: number of arguments in @argv
 * @argv: the arguments, each checked to fit in 32 bits
 * @deadline_ms: how long the callee may run before it is aborted
 * @abort_flag: the caller's word the deadline watch sets before each abort
 *	NMI (kexec_call_set_abort_flag()), or NULL
 * @hold: the spinlocks the window holds (kexec_call_set_hold()), or NULL
 *
 * Everything the architecture needs of the image's generic settings, read
 * once per call under the lock that guards them, so that the architecture
 * code calls nothing in kernel/kexec_call/.
 */
struct kexec_call_params {
	unsigned int argc;
	u32 argv[KEXEC_CALL_MAX_ARGS];
	unsigned int deadline_ms;
	u32 *abort_flag;
	const struct kexec_call_hold *hold;
};

#ifdef CONFIG_KEXEC_CALL

struct kimage *kexec_call_alloc(phys_addr_t entry, unsigned long flags);
void kexec_call_free(struct kimage *image);
int kexec_vcall(struct kimage *image, u64 *ret,
		unsigned int argc, va_list args);
int kexec_call(struct kimage *image, u64 *ret,
	       unsigned int argc, ...);
int kexec_call_set_deadline(struct kimage *image, unsigned int msecs);
int kexec_call_set_abort_flag(struct kimage *image, u32 *flag);
int kexec_call_set_hold(struct kimage *image,
			const struct kexec_call_hold *hold);

/* Images loaded by kexec_load() with KEXEC_PHYS_CALL (kernel/kexec.c) */
extern struct kimage *kexec_call_user_image;
int kexec_call_attach_user(struct kimage *image);
void kexec_call_detach_user(struct kimage *image);

/**
 * machine_kexec_vcall() - Architecture hook that runs one call
 * @image: a kexec_call image, checked by the caller
 * @ret: where the callee's return value is stored
 * @params: the arguments and the image's settings for this call
 *
 * Implemented by each architecture that selects ARCH_SUPPORTS_KEXEC_CALL.
 * Called by kexec_vcall() with kexec_call_mutex held and every argument
 * already validated.
 *
 * Context: Process context, interrupts enabled.  Disables interrupts on the
 * calling CPU for the duration of the physical-mode window.
 * Return: 0 with the callee's return value in @ret; -EFAULT if the callee
 * raised an exception, -ETIMEDOUT if it overran its deadline and was
 * aborted (both logged, @ret untouched); another negative errno if the
 * callee did not run.
 */
int machine_kexec_vcall(struct kimage *image, u64 *ret,
			const struct kexec_call_params *params);

/**
 * machine_kexec_call_prepare() - Set up the architecture part of an image
 * @image: a new kexec_call image with its entry point set
 * @flags: the image's KEXEC_CALL_PRESERVE_* flags
 *
 * Allocates and fills the control pages: trampoline, stack and the data the
 * jump back needs, and what @flags ask for (the FPU save area for
 * KEXEC_CALL_PRESERVE_CPU_EXT).  Everything done here is undone by
 * machine_kexec_call_cleanup().
 *
 * Context: Process context.  May sleep.
 * Return: 0 on success, -ENOMEM when memory is short.
 */
int machine_kexec_call_prepare(struct kimage *image, unsigned long flags);

/**
 * machine_kexec_call_cleanup() - Free what machine_kexec_call_prepare() set up
 * @image: the image being freed
 *
 * Context: Process context.  May sleep.
 */
void machine_kexec_call_cleanup(struct kimage *image);

#ifdef CONFIG_KEXEC_CALL_BENCH
/**
 * machine_kexec_call_floor() - Time one bare mode switch on an image
 * @image: a kexec_call image no call is using
 *
 * The floor under which no call can go: the same switch as a call, on the
 * same control page, turning round as soon as paging (and long mode) is
 * off, without a callee and without the preparations of a call.
 *
 * Context: Process context, preemption allowed.
 * Return: the switch's cost in get_cycles() units.
 */
u64 machine_kexec_call_floor(struct kimage *image);

/**
 * machine_kexec_call_irqs_off() - How long the last call kept interrupts off
 * @image: the image of that call
 *
 * Context: Process context.
 * Return: the interrupts-off window of @image's last call in get_cycles()
 * units.
 */
u64 machine_kexec_call_irqs_off(struct kimage *image);
#endif

#else /* !CONFIG_KEXEC_CALL */

static inline struct kimage *kexec_call_alloc(phys_addr_t entry,
					      unsigned long flags)
{
	return ERR_PTR(-EOPNOTSUPP);
}

static inline void kexec_call_free(struct kimage *image) { }

static inline int kexec_vcall(struct kimage *image, u64 *ret,
			      unsigned int argc, va_list args)
{
	return -EOPNOTSUPP;
}

static inline int kexec_call(struct kimage *image, u64 *ret,
			     unsigned int argc, ...)
{
	return -EOPNOTSUPP;
}

static inline int kexec_call_set_deadline(struct kimage *image,
					  unsigned int msecs)
{
	return -EOPNOTSUPP;
}

static inline int kexec_call_set_abort_flag(struct kimage *image, u32 *flag)
{
	return -EOPNOTSUPP;
}

static inline int kexec_call_set_hold(struct kimage *image,
				      const struct kexec_call_hold *hold)
{
	return -EOPNOTSUPP;
}

static inline int kexec_call_attach_user(struct kimage *image)
{
	return -EOPNOTSUPP;
}

static inline void kexec_call_detach_user(struct kimage *image) { }

#endif /* CONFIG_KEXEC_CALL */

#endif /* _LINUX_KEXEC_CALL_H */
