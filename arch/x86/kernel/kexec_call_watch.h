/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The deadline watch of kexec_call on x86 (kexec_call_watch.c), for
 * machine_kexec_call.c.
 */
#ifndef _X86_KERNEL_KEXEC_CALL_WATCH_H
#define _X86_KERNEL_KEXEC_CALL_WATCH_H

#include <linux/types.h>

struct kexec_call_state;
struct kexec_call_watch;
struct kimage;

/**
 * kexec_call_watch_alloc() - Make the deadline watch of an image
 * @state: the image's state
 *
 * Context: Process context.  May sleep.
 * Return: the watch, stopped, or NULL when memory is short.
 */
struct kexec_call_watch *kexec_call_watch_alloc(struct kexec_call_state *state);

/**
 * kexec_call_watch_free() - Stop a watch and free it
 * @watch: a watch of kexec_call_watch_alloc()
 *
 * Context: Process context, no call in progress on the image.
 */
void kexec_call_watch_free(struct kexec_call_watch *watch);

/**
 * kexec_call_watch_arm() - Set the deadline of the call about to be made
 * @watch: the image's watch
 * @image: the image
 *
 * Starts the call unwatched in the image's state (whatever the last call's
 * watch did) and then arms its deadline where another CPU can watch it.
 *
 * Context: Preemption disabled, interrupts enabled, on the calling CPU.
 * Return: true if the deadline is watched, false with no other CPU online.
 */
bool kexec_call_watch_arm(struct kexec_call_watch *watch, struct kimage *image);

/**
 * kexec_call_watch_disarm() - The call has returned: end its deadline
 * @state: the image's state
 *
 * Context: On the calling CPU, after a kexec_call_watch_arm() that returned
 * true.
 */
void kexec_call_watch_disarm(struct kexec_call_state *state);

#endif /* _X86_KERNEL_KEXEC_CALL_WATCH_H */
