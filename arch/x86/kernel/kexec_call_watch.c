// SPDX-License-Identifier: GPL-2.0
/*
 * The deadline watch of kexec_call on x86: a callee that does not return
 * in time is aborted by an NMI from another CPU.
 *
 * Each image has one watch, a timer on another CPU than the caller's.  The
 * timer compares the call in progress with its deadline and, once it has
 * passed, marks the call fired in the image's state and sends the calling
 * CPU an NMI; the trampoline's NMI handler sees the mark and aborts the
 * callee.  The state's watch word carries a count of calls beside the
 * mark, so that a timer that looked at one call cannot fire on the next.
 */

#include <linux/atomic.h>
#include <linux/cpumask.h>
#include <linux/hrtimer.h>
#include <linux/init.h>
#include <linux/kexec.h>
#include <linux/kexec_call.h>
#include <linux/nmi.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/smp.h>

#include <asm/apic.h>
#include <asm/kexec_call.h>

#include <kunit/visibility.h>

#include "kexec_call_watch.h"

/* Set on a CPU by the watch just before it sends that CPU the abort NMI. */
static DEFINE_PER_CPU(bool, kexec_call_abort_nmi);

/**
 * struct kexec_call_watch - the deadline watch of an image
 * @timer: runs on another CPU than the caller's while calls are made
 * @state: the image's state
 * @deadline: when the call in progress must have returned
 * @period_ms: the deadline the watch was started for; also how long it
 *             keeps running after the last call
 * @flags: KEXEC_CALL_WATCH_RUNNING while @timer is queued or running,
 *         KEXEC_CALL_WATCH_BUSY when a call started since it last expired
 *
 * An hrtimer, not a timer_list: the calling CPU may be the one that keeps
 * jiffies, and with its interrupts off jiffies stop (for good with a
 * periodic tick), so a jiffies timer would never fire.
 *
 * The watch is started once for a run of calls, not for each call: starting
 * a timer on another CPU costs an IPI and a wait for it, more than the
 * switch to physical mode itself.  While calls keep coming the timer moves
 * its expiry to the deadline of the call in progress; once a whole period
 * passes without a call, it stops.
 */
struct kexec_call_watch {
	struct hrtimer timer;
	struct kexec_call_state *state;
	ktime_t deadline;
	unsigned int period_ms;
	atomic_t flags;
};

#define KEXEC_CALL_WATCH_RUNNING	BIT(0)
#define KEXEC_CALL_WATCH_BUSY		BIT(1)

/*
 * The watch expired: abort the call in progress if its deadline has passed
 * (NMI the calling CPU, whose trampoline aborts the callee), else wait for
 * that deadline; with no call in progress, run one more period, or stop
 * after a period without calls.
 */
static enum hrtimer_restart kexec_call_watch_fire(struct hrtimer *timer)
{
	struct kexec_call_watch *watch = container_of(timer, struct kexec_call_watch,
						      timer);
	struct kexec_call_state *state = watch->state;
	u32 call = READ_ONCE(state->watch);

	if ((call & KEXEC_CALL_WATCH_MASK) == KEXEC_CALL_WATCH_ARMED) {
		/* Pairs with kexec_call_watch_arm(): this call's deadline or a later one */
		smp_rmb();
		if (ktime_before(hrtimer_cb_get_time(timer), READ_ONCE(watch->deadline))) {
			hrtimer_set_expires(timer, READ_ONCE(watch->deadline));
			return HRTIMER_RESTART;
		}
		/* Fails if that call has returned meanwhile */
		if (cmpxchg(&state->watch, call, call - KEXEC_CALL_WATCH_ARMED +
			    KEXEC_CALL_WATCH_FIRED) == call) {
			unsigned int cpu = READ_ONCE(state->cpu);

			per_cpu(kexec_call_abort_nmi, cpu) = true;
			__apic_send_IPI(cpu, NMI_VECTOR);
		}
	}

	/* Against kexec_call_watch_arm(): either it sees the watch stopped or we see it busy */
	if (atomic_cmpxchg(&watch->flags, KEXEC_CALL_WATCH_RUNNING, 0) ==
	    KEXEC_CALL_WATCH_RUNNING)
		return HRTIMER_NORESTART;
	atomic_andnot(KEXEC_CALL_WATCH_BUSY, &watch->flags);
	hrtimer_forward_now(timer, ms_to_ktime(READ_ONCE(watch->period_ms)));
	return HRTIMER_RESTART;
}

/*
 * The abort NMI reaches the kernel when the callee returned just before it
 * (or when the trampoline latched it): it is ours, not an unknown NMI.
 */
static int kexec_call_nmi(unsigned int type, struct pt_regs *regs)
{
	if (!this_cpu_read(kexec_call_abort_nmi))
		return NMI_DONE;
	this_cpu_write(kexec_call_abort_nmi, false);
	return NMI_HANDLED;
}

static int __init kexec_call_nmi_init(void)
{
	return register_nmi_handler(NMI_LOCAL, kexec_call_nmi, 0, "kexec_call");
}
subsys_initcall(kexec_call_nmi_init);

struct kexec_call_watch *kexec_call_watch_alloc(struct kexec_call_state *state)
{
	struct kexec_call_watch *watch = kzalloc(sizeof(*watch), GFP_KERNEL);

	if (!watch)
		return NULL;
	hrtimer_init(&watch->timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS_PINNED_HARD);
	watch->timer.function = kexec_call_watch_fire;
	watch->state = state;
	return watch;
}

void kexec_call_watch_free(struct kexec_call_watch *watch)
{
	hrtimer_cancel(&watch->timer);
	kfree(watch);
}

/* On the watching CPU: (re)start the timer there, so that it fires there. */
static void kexec_call_watch_start(void *data)
{
	struct kexec_call_watch *watch = data;

	hrtimer_start(&watch->timer, watch->deadline, HRTIMER_MODE_ABS_PINNED_HARD);
}

/* The CPU the watch's timer is queued on (meaningful while it runs). */
static unsigned int kexec_call_watch_cpu(struct kexec_call_watch *watch)
{
	return READ_ONCE(watch->timer.base)->cpu_base->cpu;
}

/*
 * Arm the deadline of a call on this CPU.  The watch must run on another
 * online CPU; with a single CPU online (one CPU, or a
 * KEXEC_CALL_PRESERVE_DEVICE call) nothing can interrupt a callee that does
 * not return.  Preemption is off, interrupts on: no CPU can go offline
 * until the call is over, so a timer found on another CPU stays there.
 */
bool kexec_call_watch_arm(struct kexec_call_watch *watch, struct kimage *image)
{
	struct kexec_call_state *state = watch->state;
	unsigned int cpu = smp_processor_id();
	unsigned int other = cpumask_any_but(cpu_online_mask, cpu);
	unsigned int ms = kexec_call_deadline_ms(image);
	u32 call = (state->watch & ~KEXEC_CALL_WATCH_MASK) + KEXEC_CALL_WATCH_CALL;
	int flags;

	/* Whatever the last call's watch did, this call starts unwatched */
	WRITE_ONCE(state->watch, call | KEXEC_CALL_WATCH_IDLE);
	if (other >= nr_cpu_ids)
		return false;

	state->cpu = cpu;
	WRITE_ONCE(watch->deadline, ktime_add_ms(ktime_get(), ms));
	/* Pairs with kexec_call_watch_fire(): the deadline before the call */
	smp_wmb();
	WRITE_ONCE(state->watch, call | KEXEC_CALL_WATCH_ARMED);

	/* A running watch on another CPU, started for this deadline or a longer one */
	flags = atomic_fetch_or(KEXEC_CALL_WATCH_RUNNING | KEXEC_CALL_WATCH_BUSY,
				&watch->flags);
	if ((flags & KEXEC_CALL_WATCH_RUNNING) && ms >= READ_ONCE(watch->period_ms) &&
	    kexec_call_watch_cpu(watch) != cpu)
		return true;

	/* Start it, or move it to another CPU, or bring its expiry forward */
	WRITE_ONCE(watch->period_ms, ms);
	if (smp_call_function_single(other, kexec_call_watch_start, watch, 1)) {
		WRITE_ONCE(state->watch, call | KEXEC_CALL_WATCH_IDLE);
		return false;
	}
	return true;
}

void kexec_call_watch_disarm(struct kexec_call_state *state)
{
	u32 call = READ_ONCE(state->watch) & ~KEXEC_CALL_WATCH_MASK;

	/* Fails if the watch fired: then its NMI is on the way or was latched */
	cmpxchg(&state->watch, call | KEXEC_CALL_WATCH_ARMED,
		call | KEXEC_CALL_WATCH_IDLE);
}

#if IS_ENABLED(CONFIG_KUNIT)
/*
 * For the KUnit suite: the CPU the watch of @state's image runs on, or -1
 * while it is stopped.
 */
VISIBLE_IF_KUNIT int kexec_call_watch_where(struct kexec_call_state *state)
{
	struct kexec_call_watch *watch = state->deadline_watch;

	if (!(atomic_read(&watch->flags) & KEXEC_CALL_WATCH_RUNNING))
		return -1;
	return kexec_call_watch_cpu(watch);
}
EXPORT_SYMBOL_IF_KUNIT(kexec_call_watch_where);
#endif
