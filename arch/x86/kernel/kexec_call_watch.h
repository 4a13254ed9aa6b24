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
 * kexec_call_watch_start() - Have a watch ready for a call on this CPU
 * @watch: the image's watch
 * @ms: the deadline of the call
 *
 * Starts the watch's timer on another online housekeeping CPU, or leaves it
 * running where it runs if that is another CPU and it was started for a
 * deadline no longer than @ms.  When it returns true the call is pending
 * until kexec_call_watch_arm() or kexec_call_watch_abandon(): the watch
 * does not stop meanwhile, however long the call's hold spins.
 *
 * Context: Preemption disabled, interrupts enabled, on the calling CPU.
 * Return: true if the call can be watched, false with no other CPU to
 * watch it from.
 */
bool kexec_call_watch_start(struct kexec_call_watch *watch, unsigned int ms);

/**
 * kexec_call_watch_abandon() - A call kexec_call_watch_start() was true for is not made
 * @watch: the image's watch
 *
 * Lets the watch stop after a period without calls again.
 *
 * Context: Interrupts disabled, on the calling CPU.
 */
void kexec_call_watch_abandon(struct kexec_call_watch *watch);

/**
 * kexec_call_watch_arm() - Set the deadline of the call about to be made
 * @watch: the image's watch, started by kexec_call_watch_start()
 * @ms: the deadline, from now
 *
 * Context: Interrupts disabled, on the calling CPU, just before the switch.
 */
void kexec_call_watch_arm(struct kexec_call_watch *watch, unsigned int ms);

/**
 * kexec_call_watch_enter() - A call begins on this CPU
 * @state: the image's state
 *
 * From here the kernel's NMI handler knows NMIs the call leaves behind as
 * its own.
 *
 * Context: Interrupts disabled, on the calling CPU, before the switch.
 */
void kexec_call_watch_enter(struct kexec_call_state *state);

/**
 * kexec_call_watch_leave() - The call has returned: end its deadline
 * @watch: the image's watch if the call was armed, else NULL
 * @state: the image's state
 *
 * Stops the abort NMIs, waits briefly for one still in flight, raises the
 * NMIs the trampoline latched again on this CPU and waits for the kernel's
 * handler to take it.  Nothing of the call stays behind on the CPU.
 *
 * Context: Interrupts disabled, on the calling CPU, after the switch.
 */
void kexec_call_watch_leave(struct kexec_call_watch *watch,
			    struct kexec_call_state *state);

#endif /* _X86_KERNEL_KEXEC_CALL_WATCH_H */
