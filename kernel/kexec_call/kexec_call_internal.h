/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internals of kernel/kexec_call shared with its KUnit suite.
 */
#ifndef _KEXEC_CALL_INTERNAL_H
#define _KEXEC_CALL_INTERNAL_H

#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/kconfig.h>
#include <linux/stdarg.h>
#include <kunit/visibility.h>

/*
 * KEXEC_CALL_PRESERVE_DEVICE needs the freeze and restore callbacks of the
 * hibernation machinery (buses have them only with HIBERNATE_CALLBACKS, as
 * kexec jump needs HIBERNATION) and, on SMP, the taking of secondary CPUs
 * offline that goes with it (devices.c).
 */
static inline bool kexec_call_devices_supported(void)
{
	return IS_ENABLED(CONFIG_HIBERNATE_CALLBACKS) &&
	       (IS_ENABLED(CONFIG_PM_SLEEP_SMP) || !IS_ENABLED(CONFIG_SMP));
}

/*
 * A flag of images called with the system sleep lock (system_transition_mutex)
 * already held, as reboot() holds it: those of kexec_load() (user.c).
 */
#define KEXEC_CALL_SLEEP_LOCKED		BIT(31)

#ifdef CONFIG_HIBERNATE_CALLBACKS
int kexec_call_devices_freeze(void);
void kexec_call_devices_thaw(void);
int kexec_call_devices_suspend(void);
void kexec_call_devices_resume(void);
#else
static inline int kexec_call_devices_freeze(void)
{
	return -EOPNOTSUPP;
}

static inline void kexec_call_devices_thaw(void) { }

static inline int kexec_call_devices_suspend(void)
{
	return -EOPNOTSUPP;
}

static inline void kexec_call_devices_resume(void) { }
#endif

struct kimage;

int kexec_call_attach(struct kimage *image, unsigned long flags);
void kexec_call_detach(struct kimage *image);

#if IS_ENABLED(CONFIG_KUNIT)
struct kexec_call_params;

unsigned int kexec_call_deadline_max(int thresh);
unsigned int kexec_call_deadline_ms(struct kimage *image);
int kexec_call_params_of(struct kimage *image, struct kexec_call_params *params,
			 unsigned int argc, va_list args);
int kexec_call_lock(void);
void kexec_call_unlock(void);
int kexec_call_bench_command(const char *cmd, char *out, size_t size);
#endif

#endif /* _KEXEC_CALL_INTERNAL_H */
