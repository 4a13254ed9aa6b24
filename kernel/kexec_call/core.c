// SPDX-License-Identifier: GPL-2.0
/*
 * kexec_call: the generic part of calling physical-mode code and jumping back.
 *
 * An image is a struct kimage of type KEXEC_TYPE_CALL with no segments, or
 * one loaded by kexec_load() with KEXEC_PHYS_CALL (user.c).  This file
 * allocates and frees images, checks every argument before anything
 * changes, serialises calls system wide on kexec_call_mutex and hands each
 * call to the architecture's machine_kexec_vcall().
 *
 * Invariants:
 *  - a call runs only with kexec_call_mutex held, from process context;
 *  - a call on an image that is not live (never allocated here, or already
 *    freed) is refused without dereferencing the image;
 *  - a call that fails a check never reaches the callee.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/export.h>
#include <linux/kexec.h>
#include <linux/kexec_call.h>
#include <linux/kobject.h>
#include <linux/limits.h>
#include <linux/list.h>
#include <linux/minmax.h>
#include <linux/mutex.h>
#include <linux/nmi.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/suspend.h>
#include <linux/sysfs.h>
#include <linux/time.h>
#include <linux/wait.h>

#include <kunit/visibility.h>

#include "kexec_call_internal.h"

/**
 * struct kexec_call_image - a kexec_call image and its generic bookkeeping
 * @image: the kimage callers hold: @own, or one kexec_load() made; a kimage
 *         pointer is only ever compared with it, never converted
 * @own: the kimage of an image made by kexec_call_alloc()
 * @node: entry in kexec_call_images
 * @flags: KEXEC_CALL_PRESERVE_* flags given at allocation
 * @deadline_ms: how long a call may run before it is aborted
 * @abort_flag: the caller's word that the deadline watch sets before each
 *              abort NMI (kexec_call_set_abort_flag()), or NULL
 * @hold: the spinlocks calls hold across the switch (kexec_call_set_hold()),
 *        or NULL
 */
struct kexec_call_image {
	struct kimage *image;
	struct kimage own;
	struct list_head node;
	unsigned long flags;
	unsigned int deadline_ms;
	u32 *abort_flag;
	const struct kexec_call_hold *hold;
};

static DEFINE_MUTEX(kexec_call_mutex);
/*
 * The live images, under kexec_call_images_lock, and the one being called
 * (set under it, see kexec_call_end())
 */
static LIST_HEAD(kexec_call_images);
static struct kimage *kexec_call_current;
static DEFINE_SPINLOCK(kexec_call_images_lock);
/* Woken when a call ends, for kexec_call_remove() of the image called */
static DECLARE_WAIT_QUEUE_HEAD(kexec_call_done);
static struct task_struct *kexec_call_owner;

static atomic_long_t kexec_call_calls = ATOMIC_LONG_INIT(0);
static atomic_long_t kexec_call_refused = ATOMIC_LONG_INIT(0);
static atomic_long_t kexec_call_failed = ATOMIC_LONG_INIT(0);

/*
 * kexec_call_lock() - Take kexec_call_mutex, refusing a nested call
 *
 * The wait is interruptible: a task waiting here while a
 * KEXEC_CALL_PRESERVE_DEVICE call freezes user space leaves with
 * -ERESTARTSYS, and its system call is restarted once user space is thawed
 * (an uninterruptible wait would make freeze_processes() fail).
 *
 * Return: 0 with the mutex held, -EBUSY if the current task already holds
 * it (a call made from inside a call, for example from a device callback
 * run while devices are quiesced), or -ERESTARTSYS on a signal.
 */
VISIBLE_IF_KUNIT int kexec_call_lock(void)
{
	if (READ_ONCE(kexec_call_owner) == current)
		return -EBUSY;
	if (mutex_lock_interruptible(&kexec_call_mutex))
		return -ERESTARTSYS;
	WRITE_ONCE(kexec_call_owner, current);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(kexec_call_lock);

VISIBLE_IF_KUNIT void kexec_call_unlock(void)
{
	WRITE_ONCE(kexec_call_owner, NULL);
	mutex_unlock(&kexec_call_mutex);
}
EXPORT_SYMBOL_IF_KUNIT(kexec_call_unlock);

static struct kexec_call_image *kexec_call_find(struct kimage *image)
{
	struct kexec_call_image *ci;

	lockdep_assert_held(&kexec_call_images_lock);
	list_for_each_entry(ci, &kexec_call_images, node) {
		if (ci->image == image)
			return ci;
	}
	return NULL;
}

/**
 * kexec_call_deadline_max() - The longest deadline a watchdog threshold allows
 * @thresh: the lockup detectors' threshold (watchdog_thresh) in seconds, 0
 *          when they are off
 *
 * A call keeps interrupts off on its CPU for up to its deadline.  The hard
 * lockup detector reports a CPU whose timer interrupt has not run for a
 * window it checks: 60% of @thresh with the perf NMI, 80% with the buddy
 * CPU.  Half of @thresh stays clear of both.
 *
 * Return: the maximum deadline in milliseconds, at most
 * KEXEC_CALL_DEADLINE_MAX_MS.
 */
VISIBLE_IF_KUNIT unsigned int kexec_call_deadline_max(int thresh)
{
	if (thresh <= 0)
		return KEXEC_CALL_DEADLINE_MAX_MS;
	return min_t(unsigned int, KEXEC_CALL_DEADLINE_MAX_MS,
		     thresh * MSEC_PER_SEC / 2);
}
EXPORT_SYMBOL_IF_KUNIT(kexec_call_deadline_max);

/* The maximum for the threshold in force now (it can change at run time). */
static unsigned int kexec_call_deadline_max_now(void)
{
#ifdef CONFIG_LOCKUP_DETECTOR
	return kexec_call_deadline_max(READ_ONCE(watchdog_thresh));
#else
	return KEXEC_CALL_DEADLINE_MAX_MS;
#endif
}

/* @ci's settings for a call, into @params; kexec_call_images_lock held. */
static void kexec_call_settings(const struct kexec_call_image *ci,
				struct kexec_call_params *params)
{
	lockdep_assert_held(&kexec_call_images_lock);
	params->deadline_ms = min(READ_ONCE(ci->deadline_ms),
				  kexec_call_deadline_max_now());
	params->abort_flag = READ_ONCE(ci->abort_flag);
	params->hold = READ_ONCE(ci->hold);
}

/*
 * With kexec_call_mutex held: @image becomes the image being called, so
 * that kexec_call_remove() waits for the call; its flags go into @flags and
 * its settings into @params, all in one look-up.  Return: 0, or -ENOEXEC
 * if it is not (or no longer) live.
 */
static int kexec_call_begin(struct kimage *image, unsigned long *flags,
			    struct kexec_call_params *params)
{
	struct kexec_call_image *ci;

	lockdep_assert_held(&kexec_call_mutex);
	spin_lock(&kexec_call_images_lock);
	ci = kexec_call_find(image);
	if (ci) {
		WRITE_ONCE(kexec_call_current, image);
		*flags = ci->flags;
		kexec_call_settings(ci, params);
	}
	spin_unlock(&kexec_call_images_lock);
	return ci ? 0 : -ENOEXEC;
}

/*
 * The call is over.  kexec_call_current is set under kexec_call_images_lock
 * (against kexec_call_remove()'s look-up) but cleared without it: the
 * waiters are rare (a kexec_call_remove() of the image called), and the
 * wait queue's lock is taken only when there are some.  wq_has_sleeper()'s
 * barrier pairs with the one in prepare_to_wait_event(), so a waiter is
 * either seen or sees kexec_call_current cleared.
 */
static void kexec_call_end(void)
{
	/* The call's last use of the image before kexec_call_remove() frees it */
	smp_store_release(&kexec_call_current, NULL);
	if (wq_has_sleeper(&kexec_call_done))
		wake_up_all(&kexec_call_done);
}

static bool kexec_call_idle(struct kimage *image)
{
	/* Pairs with kexec_call_end(): the call is done with the image */
	return smp_load_acquire(&kexec_call_current) != image;
}

/*
 * Make @image callable: the architecture's control pages, and an entry in
 * kexec_call_images.  @ci is freed on error.
 */
static int kexec_call_add(struct kexec_call_image *ci, unsigned long flags)
{
	int ret;

	ci->flags = flags;
	ci->deadline_ms = KEXEC_CALL_DEADLINE_DEFAULT_MS;
	ret = machine_kexec_call_prepare(ci->image, flags);
	if (ret) {
		kfree(ci);
		return ret;
	}
	spin_lock(&kexec_call_images_lock);
	list_add(&ci->node, &kexec_call_images);
	spin_unlock(&kexec_call_images_lock);
	return 0;
}

/*
 * Take @image off kexec_call_images, wait for a call of it in progress, and
 * free what kexec_call_add() made.  Returns false if it was not there.
 * Neither this nor kexec_call_add() takes kexec_call_mutex: a task that
 * makes or frees an image while another image is called does not wait,
 * where the freezer could not freeze it.
 */
static bool kexec_call_remove(struct kimage *image)
{
	struct kexec_call_image *ci;

	spin_lock(&kexec_call_images_lock);
	ci = kexec_call_find(image);
	if (ci)
		list_del(&ci->node);
	spin_unlock(&kexec_call_images_lock);
	if (!ci)
		return false;
	wait_event(kexec_call_done, kexec_call_idle(image));

	machine_kexec_call_cleanup(image);
	kfree(ci);
	return true;
}

/**
 * kexec_call_attach() - Make a kimage that kexec_load() made callable
 * @image: the image, its segments loaded (KEXEC_PHYS_CALL)
 * @flags: KEXEC_CALL_PRESERVE_* flags
 *
 * Context: Process context.  May sleep.
 * Return: 0, -ENOMEM, or -EOPNOTSUPP for KEXEC_CALL_PRESERVE_DEVICE where
 * devices cannot be quiesced.
 */
int kexec_call_attach(struct kimage *image, unsigned long flags)
{
	struct kexec_call_image *ci;

	if ((flags & KEXEC_CALL_PRESERVE_DEVICE) && !kexec_call_devices_supported())
		return -EOPNOTSUPP;
	ci = kzalloc(sizeof(*ci), GFP_KERNEL);
	if (!ci)
		return -ENOMEM;
	ci->image = image;
	return kexec_call_add(ci, flags);
}

/**
 * kexec_call_detach() - Undo kexec_call_attach()
 * @image: the image; one that was never attached is left alone
 *
 * Context: Process context.  Waits for a call of @image in progress.
 * May sleep.
 */
void kexec_call_detach(struct kimage *image)
{
	kexec_call_remove(image);
}

/**
 * kexec_call_alloc() - Allocate an image that calls physical-mode code
 * @entry: physical address of the code to call, below 4 GiB
 * @flags: KEXEC_CALL_PRESERVE_* flags
 *
 * Makes a struct kimage of type KEXEC_TYPE_CALL with no segments whose
 * start is @entry, and its control pages below 4 GiB.  The code at @entry is
 * neither copied nor checked: the caller owns that memory and keeps it in
 * place until kexec_call_free().  Calls on the image have a deadline of
 * KEXEC_CALL_DEADLINE_DEFAULT_MS until kexec_call_set_deadline() changes it.
 *
 * @flags: KEXEC_CALL_PRESERVE_CPU_EXT lets the callee use the FPU and SIMD
 * registers (the kernel's are saved around the call); without it they trap
 * in the callee and end the call with -EFAULT.  KEXEC_CALL_PRESERVE_DEVICE
 * quiesces devices and takes the other CPUs offline around each call, as
 * kernel_kexec() does for KEXEC_PRESERVE_CONTEXT.
 *
 * Context: Process context.  May sleep.
 * Return: the image, or ERR_PTR(-EINVAL) for an entry of 0 or at or above
 * 4 GiB or an unknown flag, ERR_PTR(-EOPNOTSUPP) for
 * KEXEC_CALL_PRESERVE_DEVICE in a kernel without CONFIG_HIBERNATE_CALLBACKS
 * (or, on SMP, CONFIG_PM_SLEEP_SMP), ERR_PTR(-ENOMEM) when memory is short.
 */
struct kimage *kexec_call_alloc(phys_addr_t entry, unsigned long flags)
{
	struct kexec_call_image *ci;
	struct kimage *image;
	int ret;

	if (!entry || entry > U32_MAX)
		return ERR_PTR(-EINVAL);
	if (flags & ~KEXEC_CALL_PRESERVE_MASK)
		return ERR_PTR(-EINVAL);
	if ((flags & KEXEC_CALL_PRESERVE_DEVICE) && !kexec_call_devices_supported())
		return ERR_PTR(-EOPNOTSUPP);

	ci = kzalloc(sizeof(*ci), GFP_KERNEL);
	if (!ci)
		return ERR_PTR(-ENOMEM);

	image = &ci->own;
	image->head = 0;
	image->entry = &image->head;
	image->last_entry = &image->head;
	image->control_page = ~0UL;
	INIT_LIST_HEAD(&image->control_pages);
	INIT_LIST_HEAD(&image->dest_pages);
	INIT_LIST_HEAD(&image->unusable_pages);
	image->type = KEXEC_TYPE_CALL;
	image->preserve_context = 1;
	image->nr_segments = 0;
	image->start = entry;
	ci->image = image;

	ret = kexec_call_add(ci, flags);
	return ret ? ERR_PTR(ret) : image;
}
EXPORT_SYMBOL_GPL(kexec_call_alloc);

/**
 * kexec_call_free() - Free an image made by kexec_call_alloc()
 * @image: the image; NULL and error pointers are ignored
 *
 * Waits for a call in progress to finish.  Calls on @image made after this
 * returns fail with -ENOEXEC.
 *
 * Context: Process context.  Waits for a call of @image in progress.
 * May sleep.
 */
void kexec_call_free(struct kimage *image)
{
	if (IS_ERR_OR_NULL(image))
		return;
	WARN_ON_ONCE(!kexec_call_remove(image));
}
EXPORT_SYMBOL_GPL(kexec_call_free);

/**
 * kexec_call_set_deadline() - Set how long a call on an image may run
 * @image: an image from kexec_call_alloc()
 * @msecs: the deadline in milliseconds, 1 to KEXEC_CALL_DEADLINE_MAX_MS and
 *         below half the lockup detectors' threshold (watchdog_thresh)
 *
 * A callee still running when its deadline passes is aborted from another
 * CPU and its call returns -ETIMEDOUT.  With one CPU online (a uniprocessor,
 * or a KEXEC_CALL_PRESERVE_DEVICE call, which takes the others offline)
 * nothing can interrupt the callee and the deadline is not enforced.
 *
 * If watchdog_thresh is lowered later, calls are cut to the new maximum.
 *
 * Context: Process context.  Takes and releases kexec_call_images_lock.
 * Return: 0, -EINVAL for a deadline of 0, -ERANGE for one above the
 * maximum (kexec_call_deadline_max()), -ENOEXEC when @image is not a live
 * kexec_call image.  The deadline is unchanged on error.
 */
int kexec_call_set_deadline(struct kimage *image, unsigned int msecs)
{
	struct kexec_call_image *ci;

	if (!msecs)
		return -EINVAL;
	if (msecs > kexec_call_deadline_max_now())
		return -ERANGE;

	spin_lock(&kexec_call_images_lock);
	ci = kexec_call_find(image);
	if (ci)
		WRITE_ONCE(ci->deadline_ms, msecs);
	spin_unlock(&kexec_call_images_lock);
	return ci ? 0 : -ENOEXEC;
}
EXPORT_SYMBOL_GPL(kexec_call_set_deadline);

#if IS_ENABLED(CONFIG_KUNIT)
/* @image's settings into @params, for the KUnit suite.  0 or -ENOEXEC. */
static int kexec_call_settings_of(struct kimage *image,
				  struct kexec_call_params *params)
{
	struct kexec_call_image *ci;

	spin_lock(&kexec_call_images_lock);
	ci = kexec_call_find(image);
	if (ci)
		kexec_call_settings(ci, params);
	spin_unlock(&kexec_call_images_lock);
	return ci ? 0 : -ENOEXEC;
}

/**
 * kexec_call_deadline_ms() - The deadline of an image's calls
 * @image: a live kexec_call image
 *
 * What the next call on @image is given (struct kexec_call_params).
 *
 * Context: Process context; takes kexec_call_images_lock.
 * Return: the deadline in milliseconds, cut to the maximum in force now.
 */
unsigned int kexec_call_deadline_ms(struct kimage *image)
{
	struct kexec_call_params params = {
		.deadline_ms = KEXEC_CALL_DEADLINE_DEFAULT_MS,
	};

	kexec_call_settings_of(image, &params);
	return params.deadline_ms;
}
EXPORT_SYMBOL_IF_KUNIT(kexec_call_deadline_ms);
#endif

/**
 * kexec_call_set_abort_flag() - Have the deadline watch tell a callee it is aborted
 * @image: an image from kexec_call_alloc()
 * @flag: a word the caller owns and the callee can read, or NULL for none
 *
 * Each call on @image clears *@flag before the callee runs, and the
 * deadline watch sets it to 1 right before each abort NMI it sends.  A
 * callee that installs NMI handlers of its own, which kexec_call's abort
 * does not reach (real-mode code with the interrupt vector table as IDT),
 * checks it there and, when it is set, puts kexec_call's IDT back and
 * waits for the next abort NMI, which ends the call with -ETIMEDOUT.
 *
 * @flag must stay valid until it is replaced or @image is freed.  A change
 * applies from the next call: a call in progress is waited for, so that
 * the flag it runs with (which its watch may still write) may go once this
 * returns.
 *
 * Context: Process context, not from a callee's call.  Takes and releases
 * kexec_call_mutex and kexec_call_images_lock.  May sleep.
 * Return: 0, -ENOEXEC when @image is not a live kexec_call image,
 * -ERESTARTSYS when a signal came while a call was waited for, or -EBUSY
 * from within a call.
 */
int kexec_call_set_abort_flag(struct kimage *image, u32 *flag)
{
	struct kexec_call_image *ci;
	int err;

	err = kexec_call_lock();
	if (err)
		return err;
	spin_lock(&kexec_call_images_lock);
	ci = kexec_call_find(image);
	if (ci)
		WRITE_ONCE(ci->abort_flag, flag);
	spin_unlock(&kexec_call_images_lock);
	kexec_call_unlock();
	return ci ? 0 : -ENOEXEC;
}
EXPORT_SYMBOL_GPL(kexec_call_set_abort_flag);

/**
 * kexec_call_set_hold() - Have an image's calls hold spinlocks across the switch
 * @image: an image from kexec_call_alloc()
 * @hold: the lock and unlock functions, or NULL for none
 *
 * Each call on @image then runs @hold->lock(@hold->data) with interrupts
 * off right before the switch, and @hold->unlock(@hold->data) right after
 * the return, before interrupts come back; the deadline starts once the
 * locks are held.  See struct kexec_call_hold for what they may take.
 *
 * @hold must stay valid until it is replaced or @image is freed.  A change
 * applies from the next call: a call in progress is waited for, so that
 * the hold it runs with may go once this returns.
 *
 * Context: Process context, not from a callee's call.  Takes and releases
 * kexec_call_mutex and kexec_call_images_lock.  May sleep.
 * Return: 0, -EINVAL when @hold lacks a function, -ENOEXEC when @image is
 * not a live kexec_call image, -ERESTARTSYS when a signal came while a
 * call was waited for, or -EBUSY from within a call.
 */
int kexec_call_set_hold(struct kimage *image, const struct kexec_call_hold *hold)
{
	struct kexec_call_image *ci;
	int err;

	if (hold && (!hold->lock || !hold->unlock))
		return -EINVAL;
	err = kexec_call_lock();
	if (err)
		return err;
	spin_lock(&kexec_call_images_lock);
	ci = kexec_call_find(image);
	if (ci)
		WRITE_ONCE(ci->hold, hold);
	spin_unlock(&kexec_call_images_lock);
	kexec_call_unlock();
	return ci ? 0 : -ENOEXEC;
}
EXPORT_SYMBOL_GPL(kexec_call_set_hold);

/*
 * The arguments into @params, each checked to fit in 32 bits.  Return: 0,
 * -E2BIG for more than KEXEC_CALL_MAX_ARGS, -ERANGE for one above U32_MAX.
 */
static int kexec_call_take_args(struct kexec_call_params *params,
				unsigned int argc, va_list args)
{
	unsigned long high = 0;
	unsigned int i;

	if (argc > KEXEC_CALL_MAX_ARGS)
		return -E2BIG;
	params->argc = argc;
	/* One test after the loop: the bits above 32 of all of them */
	for (i = 0; i < argc; i++) {
		unsigned long arg = va_arg(args, unsigned long);

		high |= arg;
		params->argv[i] = arg;
	}
	return upper_32_bits(high) ? -ERANGE : 0;
}

#if IS_ENABLED(CONFIG_KUNIT)
/**
 * kexec_call_params_of() - The parameters kexec_vcall() would pass on
 * @image: a live kexec_call image
 * @params: filled in
 * @argc: number of arguments in @args
 * @args: the arguments
 *
 * For the KUnit suite's calls of machine_kexec_vcall() with
 * kexec_call_lock() held.
 *
 * Context: Process context; takes kexec_call_images_lock.
 * Return: 0, an error of the arguments as kexec_vcall(), or -ENOEXEC.
 */
int kexec_call_params_of(struct kimage *image, struct kexec_call_params *params,
			 unsigned int argc, va_list args)
{
	int err;

	err = kexec_call_take_args(params, argc, args);
	return err ? err : kexec_call_settings_of(image, params);
}
EXPORT_SYMBOL_IF_KUNIT(kexec_call_params_of);
#endif

/**
 * kexec_vcall() - Call an image's entry point in physical mode
 * @image: an image from kexec_call_alloc()
 * @ret: where the callee's return value is stored: EDX:EAX
 * @argc: number of arguments in @args, at most KEXEC_CALL_MAX_ARGS
 * @args: the arguments, unsigned longs that each fit in 32 bits
 *
 * Runs the callee with paging off and comes back, as described in
 * Documentation/arch/x86/kexec_call.rst.  One call runs at a time system
 * wide; other callers sleep until it is done.
 *
 * Context: Process context with interrupts enabled.  Takes and releases
 * kexec_call_mutex; for a KEXEC_CALL_PRESERVE_DEVICE image it then lets it
 * go and takes the system sleep lock (system_transition_mutex) and the
 * mutex again, in the order reboot() has.  May sleep.
 * Return: 0 with the callee's return value in @ret.  -EFAULT when the callee
 * raised an exception: it ran up to the faulting instruction, the exception
 * is logged and @ret is left alone.  -ETIMEDOUT when the callee overran the
 * image's deadline and was aborted (logged, @ret left alone).  -EIO when a
 * machine check ended the call (the kernel's machine-check handler has
 * seen it; @ret left alone).  Otherwise the callee did not run and the
 * return is -E2BIG for more than KEXEC_CALL_MAX_ARGS arguments, -ERANGE for
 * an argument above U32_MAX, -EDEADLK when called from atomic context or
 * with interrupts disabled, -EBUSY for a call made from inside a call or on
 * a CPU in VMX operation (a hypervisor such as KVM holds it), -ERESTARTSYS
 * when a signal or the freezer interrupted the wait for the call in
 * progress, -ENOEXEC when @image is not a live kexec_call image, or the
 * error of a device that refused to freeze (KEXEC_CALL_PRESERVE_DEVICE).
 */
int kexec_vcall(struct kimage *image, u64 *ret,
		unsigned int argc, va_list args)
{
	struct kexec_call_params params;
	unsigned int sleep_flags = 0;
	unsigned long flags = 0;
	bool sleep_lock = false, frozen = false;
	int err;

	err = kexec_call_take_args(&params, argc, args);
	if (err)
		goto out_refused;

	/* Sleeping is checked by the mutex's might_sleep() */
	if (WARN_ONCE(!in_task() || irqs_disabled(),
		      "kexec_call from atomic context\n")) {
		err = -EDEADLK;
		goto out_refused;
	}

	err = kexec_call_lock();
	if (err)
		goto out_refused;
	err = kexec_call_begin(image, &flags, &params);
	if (!err && (flags & KEXEC_CALL_PRESERVE_DEVICE)) {
		/*
		 * A call that quiesces devices needs the system sleep lock,
		 * which comes before kexec_call_mutex, as reboot() takes them
		 * (its images are KEXEC_CALL_SLEEP_LOCKED: reboot() holds it
		 * already), and tasks and devices frozen first: the console
		 * steps of the freeze take the console lock, which fbcon
		 * holds while a DRM driver's mode set calls the BIOS through
		 * kexec_call (vbedrm).  Such calls are slow anyway: let go,
		 * take the sleep lock, freeze, take the mutex and look the
		 * image up again, which may have been freed meanwhile.
		 */
		kexec_call_end();
		kexec_call_unlock();
		if (!(flags & KEXEC_CALL_SLEEP_LOCKED)) {
			sleep_flags = lock_system_sleep();
			sleep_lock = true;
		}
		err = kexec_call_devices_freeze();
		if (err)
			goto out_unlock_sleep;
		frozen = true;
		err = kexec_call_lock();
		if (err)
			goto out_thaw;
		err = kexec_call_begin(image, &flags, &params);
	}
	if (err)
		goto out_unlock;

	if (frozen) {
		err = kexec_call_devices_suspend();
		if (err)
			goto out_end;
		err = machine_kexec_vcall(image, ret, &params);
		kexec_call_devices_resume();
	} else {
		err = machine_kexec_vcall(image, ret, &params);
	}
	atomic_long_inc(err ? &kexec_call_failed : &kexec_call_calls);
	kexec_call_end();
	kexec_call_unlock();
	if (frozen)
		kexec_call_devices_thaw();
	if (sleep_lock)
		unlock_system_sleep(sleep_flags);
	return err;

out_end:
	kexec_call_end();
out_unlock:
	kexec_call_unlock();
out_thaw:
	if (frozen)
		kexec_call_devices_thaw();
out_unlock_sleep:
	if (sleep_lock)
		unlock_system_sleep(sleep_flags);
out_refused:
	atomic_long_inc(&kexec_call_refused);
	return err;
}
EXPORT_SYMBOL_GPL(kexec_vcall);

/**
 * kexec_call() - Call an image's entry point in physical mode
 * @image: an image from kexec_call_alloc()
 * @ret: where the callee's return value is stored
 * @argc: number of arguments that follow, at most KEXEC_CALL_MAX_ARGS
 * @...: the arguments, unsigned longs that each fit in 32 bits
 *
 * The variadic form of kexec_vcall(); see there.  Pass every argument as an
 * unsigned long: the callee reads each as a 32-bit cdecl stack slot.
 *
 * Context: Process context with interrupts enabled.  Takes and releases
 * kexec_call_mutex.  May sleep.
 * Return: as kexec_vcall().
 */
int kexec_call(struct kimage *image, u64 *ret,
	       unsigned int argc, ...)
{
	va_list args;
	int err;

	va_start(args, argc);
	err = kexec_vcall(image, ret, argc, args);
	va_end(args);
	return err;
}
EXPORT_SYMBOL_GPL(kexec_call);

static ssize_t calls_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "%ld\n", atomic_long_read(&kexec_call_calls));
}

static struct kobj_attribute calls_attr = __ATTR_RO(calls);

static ssize_t refused_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%ld\n", atomic_long_read(&kexec_call_refused));
}

static struct kobj_attribute refused_attr = __ATTR_RO(refused);

static ssize_t failed_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%ld\n", atomic_long_read(&kexec_call_failed));
}

static struct kobj_attribute failed_attr = __ATTR_RO(failed);

static ssize_t images_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	struct kexec_call_image *ci;
	unsigned int n = 0;

	spin_lock(&kexec_call_images_lock);
	list_for_each_entry(ci, &kexec_call_images, node)
		n++;
	spin_unlock(&kexec_call_images_lock);
	return sysfs_emit(buf, "%u\n", n);
}

static struct kobj_attribute images_attr = __ATTR_RO(images);

static struct attribute *kexec_call_attrs[] = {
	&calls_attr.attr,
	&refused_attr.attr,
	&failed_attr.attr,
	&images_attr.attr,
	NULL
};

static const struct attribute_group kexec_call_attr_group = {
	.name = "kexec_call",
	.attrs = kexec_call_attrs,
};

static int __init kexec_call_sysfs_init(void)
{
	return sysfs_create_group(kernel_kobj, &kexec_call_attr_group);
}
subsys_initcall(kexec_call_sysfs_init);
