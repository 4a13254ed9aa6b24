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
 *
 * One abort NMI may not be enough: it can land in the trampoline (which
 * only latches it), in kernel text before the call is under way, or in an
 * IDT the callee loaded.  So the watch sends another every
 * KEXEC_CALL_ABORT_RESEND_MS until the call has ended.  Each one is marked
 * in the state's abort_pending.  The end of the call stops the sending
 * under the watch's lock and waits briefly for a mark still set (an NMI in
 * flight); nothing of the call outlives it on the CPU.
 *
 * NMIs are never dropped for being ours.  The trampoline counts every NMI
 * that comes during the call, and which of them took an abort mark; once
 * the kernel's IDT is back, one NMI is raised again for them all, for the
 * kernel's handlers (perf, the NMI backtrace, the crash shootdown), then
 * the NMI reason port (SERR, IOCHK).  An NMI from elsewhere may have merged
 * with the abort NMI, so it is raised even when each NMI counted took a
 * mark; only then, if no handler claimed it, does kexec_call's NMI_UNKNOWN
 * handler claim it, and an NMI of unknown reason that merged with an abort
 * goes unreported, as default_do_nmi() swallows back-to-back ones.  An
 * abort NMI that lands in kernel text on either side of the trampoline
 * takes its mark in the same NMI_UNKNOWN handler, after every other
 * handler had its chance.
 */

#include <linux/atomic.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/hrtimer.h>
#include <linux/init.h>
#include <linux/kexec.h>
#include <linux/kexec_call.h>
#include <linux/nmi.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/sched/isolation.h>
#include <linux/smp.h>
#include <linux/spinlock.h>

#include <asm/apic.h>
#include <asm/kexec_call.h>

#include <kunit/visibility.h>

#include "kexec_call_watch.h"

/* How often the watch sends the abort NMI again while a call overruns. */
#define KEXEC_CALL_ABORT_RESEND_MS	10

/*
 * How long the end of a call waits for an NMI that was sent to its CPU and
 * has not arrived yet (an IPI in flight takes microseconds).
 */
#define KEXEC_CALL_NMI_SETTLE_US	1000

/* The state of the call in progress on a CPU, for kexec_call_nmi(). */
static DEFINE_PER_CPU(struct kexec_call_state *, kexec_call_nmi_state);

/**
 * struct kexec_call_watch - the deadline watch of an image
 * @timer: runs on another CPU than the caller's while calls are made
 * @state: the image's state
 * @deadline: when the call in progress must have returned
 * @period_ms: the deadline the watch was started for; also how long it
 *             keeps running after the last call
 * @flags: KEXEC_CALL_WATCH_RUNNING while @timer is queued or running,
 *         KEXEC_CALL_WATCH_BUSY when a call started since it last expired
 * @lock: orders the sending of an abort NMI with the end of the call:
 *        none is sent once kexec_call_watch_leave() has taken it
 * @pending: a call has found the watch running (kexec_call_watch_start())
 *           and not armed it yet: it may be spinning on its hold, with
 *           interrupts off, for longer than a period; the watch must not
 *           stop meanwhile
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
	raw_spinlock_t lock;
	bool pending;
};

#define KEXEC_CALL_WATCH_RUNNING	BIT(0)
#define KEXEC_CALL_WATCH_BUSY		BIT(1)

/*
 * Send the calling CPU an abort NMI if the call @fired is still in progress,
 * its caller's abort flag set first: the callee's own NMI handler, which
 * cannot reach the state, knows the NMI by it.
 */
static void kexec_call_watch_send_abort(struct kexec_call_watch *watch, u32 fired)
{
	struct kexec_call_state *state = watch->state;
	u32 *flag;

	raw_spin_lock(&watch->lock);
	if (READ_ONCE(state->watch) == fired) {
		flag = READ_ONCE(state->abort_flag);
		if (flag)
			WRITE_ONCE(*flag, 1);
		WRITE_ONCE(state->abort_pending, 1);
		__apic_send_IPI(READ_ONCE(state->cpu), NMI_VECTOR);
	}
	raw_spin_unlock(&watch->lock);
}

/*
 * The watch expired: abort the call in progress if its deadline has passed
 * (NMI the calling CPU, whose trampoline aborts the callee) and keep
 * aborting it until it has ended, else wait for that deadline; with no call
 * in progress, run one more period, or stop after a period without calls.
 */
static enum hrtimer_restart kexec_call_watch_fire(struct hrtimer *timer)
{
	struct kexec_call_watch *watch = container_of(timer, struct kexec_call_watch,
						      timer);
	struct kexec_call_state *state = watch->state;
	bool pending = READ_ONCE(watch->pending);
	u32 call, fired;

	/* Pairs with kexec_call_watch_arm(): not pending means armed, or later */
	smp_rmb();
	call = READ_ONCE(state->watch);
	fired = (call & ~KEXEC_CALL_WATCH_MASK) | KEXEC_CALL_WATCH_FIRED;

	switch (call & KEXEC_CALL_WATCH_MASK) {
	case KEXEC_CALL_WATCH_ARMED:
		/* Pairs with kexec_call_watch_arm(): this call's deadline or a later one */
		smp_rmb();
		if (ktime_before(hrtimer_cb_get_time(timer), READ_ONCE(watch->deadline))) {
			hrtimer_set_expires(timer, READ_ONCE(watch->deadline));
			return HRTIMER_RESTART;
		}
		/* Fails if that call has returned meanwhile */
		if (cmpxchg(&state->watch, call, fired) != call)
			break;
		fallthrough;
	case KEXEC_CALL_WATCH_FIRED:
		kexec_call_watch_send_abort(watch, fired);
		atomic_or(KEXEC_CALL_WATCH_BUSY, &watch->flags);
		hrtimer_forward_now(timer, ms_to_ktime(KEXEC_CALL_ABORT_RESEND_MS));
		return HRTIMER_RESTART;
	}

	/*
	 * Against kexec_call_watch_start(): either it sees the watch stopped
	 * or we see it busy, or its call pending (it marks that first)
	 */
	if (!pending &&
	    atomic_cmpxchg(&watch->flags, KEXEC_CALL_WATCH_RUNNING, 0) ==
	    KEXEC_CALL_WATCH_RUNNING)
		return HRTIMER_NORESTART;
	atomic_andnot(KEXEC_CALL_WATCH_BUSY, &watch->flags);
	hrtimer_forward_now(timer, ms_to_ktime(READ_ONCE(watch->period_ms)));
	return HRTIMER_RESTART;
}

#if IS_ENABLED(CONFIG_KUNIT)
/* For the KUnit suite: NMIs kexec_call_nmi_unknown() claimed */
VISIBLE_IF_KUNIT atomic_t kexec_call_nmis_claimed = ATOMIC_INIT(0);
EXPORT_SYMBOL_IF_KUNIT(kexec_call_nmis_claimed);
#endif

/*
 * Any NMI on a CPU in a call that reaches the kernel's handlers: note that
 * the one the end of the call raised again has arrived.  It is left to the
 * other handlers (every local handler runs on each NMI).
 */
static int kexec_call_nmi_arrived(unsigned int type, struct pt_regs *regs)
{
	struct kexec_call_state *state = this_cpu_read(kexec_call_nmi_state);

	if (state)
		WRITE_ONCE(state->nmi_raised, 0);
	return NMI_DONE;
}

/*
 * An NMI no handler claimed and the reason port did not explain, on a CPU
 * in a call: ours if it is the one raised again for NMIs that all took an
 * abort mark, or an abort NMI that landed in kernel text (it takes the
 * mark); else of unknown reason, as the kernel reports it.
 */
static int kexec_call_nmi_unknown(unsigned int type, struct pt_regs *regs)
{
	struct kexec_call_state *state = this_cpu_read(kexec_call_nmi_state);

	if (!state)
		return NMI_DONE;
	if (!xchg(&state->nmi_claimable, 0) && !xchg(&state->abort_pending, 0))
		return NMI_DONE;
	if (IS_ENABLED(CONFIG_KUNIT))
		atomic_inc(&kexec_call_nmis_claimed);
	return NMI_HANDLED;
}

static int __init kexec_call_nmi_init(void)
{
	int err;

	err = register_nmi_handler(NMI_LOCAL, kexec_call_nmi_arrived, 0,
				   "kexec_call");
	if (!err)
		err = register_nmi_handler(NMI_UNKNOWN, kexec_call_nmi_unknown, 0,
					   "kexec_call");
	return err;
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
	raw_spin_lock_init(&watch->lock);
	return watch;
}

void kexec_call_watch_free(struct kexec_call_watch *watch)
{
	hrtimer_cancel(&watch->timer);
	kfree(watch);
}

/* On the watching CPU: (re)start the timer there, so that it fires there. */
static void kexec_call_watch_start_here(void *data)
{
	struct kexec_call_watch *watch = data;

	hrtimer_start(&watch->timer, watch->deadline, HRTIMER_MODE_ABS_PINNED_HARD);
}

/* The CPU the watch's timer is queued on (meaningful while it runs). */
static unsigned int kexec_call_watch_cpu(struct kexec_call_watch *watch)
{
	return READ_ONCE(watch->timer.base)->cpu_base->cpu;
}

/**
 * kexec_call_watch_pick() - The CPU to watch a call on @cpu from
 * @cpu: the calling CPU
 * @online: the online CPUs
 * @housekeeping: the CPUs that may run timers (HK_TYPE_TIMER): never a
 *                nohz_full CPU, whose tick the watch would bring back
 *
 * Return: a CPU in both masks other than @cpu, or nr_cpu_ids if none.
 */
VISIBLE_IF_KUNIT unsigned int kexec_call_watch_pick(unsigned int cpu,
						    const struct cpumask *online,
						    const struct cpumask *housekeeping)
{
	return cpumask_any_and_but(online, housekeeping, cpu);
}
EXPORT_SYMBOL_IF_KUNIT(kexec_call_watch_pick);

/*
 * Make sure the watch runs on another online housekeeping CPU, for a
 * deadline of @ms.  With no such CPU (one CPU, or a
 * KEXEC_CALL_PRESERVE_DEVICE call) nothing can interrupt a callee that does
 * not return.  Preemption is off, interrupts on: no CPU can go offline
 * until the call is over, so a timer found on another CPU stays there.
 */
bool kexec_call_watch_start(struct kexec_call_watch *watch, unsigned int ms)
{
	unsigned int cpu = smp_processor_id();
	unsigned int other;
	int flags;

	/* Until armed: the watch, if it runs, keeps running (see _fire()) */
	WRITE_ONCE(watch->pending, true);
	/* A running watch on another CPU, started for this deadline or a longer one */
	flags = atomic_fetch_or(KEXEC_CALL_WATCH_RUNNING | KEXEC_CALL_WATCH_BUSY,
				&watch->flags);
	if ((flags & KEXEC_CALL_WATCH_RUNNING) && ms >= READ_ONCE(watch->period_ms) &&
	    kexec_call_watch_cpu(watch) != cpu)
		return true;

	other = kexec_call_watch_pick(cpu, cpu_online_mask,
				      housekeeping_cpumask(HK_TYPE_TIMER));
	if (other >= nr_cpu_ids) {
		/* A watch that was stopped stays stopped */
		if (!(flags & KEXEC_CALL_WATCH_RUNNING))
			atomic_andnot(KEXEC_CALL_WATCH_RUNNING | KEXEC_CALL_WATCH_BUSY,
				      &watch->flags);
		kexec_call_watch_abandon(watch);
		return false;
	}

	/* Start it, or move it to another CPU, or bring its expiry forward */
	WRITE_ONCE(watch->period_ms, ms);
	WRITE_ONCE(watch->deadline, ktime_add_ms(ktime_get(), ms));
	if (smp_call_function_single(other, kexec_call_watch_start_here, watch, 1)) {
		kexec_call_watch_abandon(watch);
		return false;
	}
	return true;
}

void kexec_call_watch_abandon(struct kexec_call_watch *watch)
{
	WRITE_ONCE(watch->pending, false);
}

void kexec_call_watch_arm(struct kexec_call_watch *watch, unsigned int ms)
{
	struct kexec_call_state *state = watch->state;
	u32 call = (state->watch & ~KEXEC_CALL_WATCH_MASK) + KEXEC_CALL_WATCH_CALL;

	WRITE_ONCE(state->cpu, smp_processor_id());
	WRITE_ONCE(watch->deadline, ktime_add_ms(ktime_get(), ms));
	/* Pairs with kexec_call_watch_fire(): the deadline before the call */
	smp_wmb();
	WRITE_ONCE(state->watch, call | KEXEC_CALL_WATCH_ARMED);
	/* And the call armed before it is no longer pending */
	smp_wmb();
	WRITE_ONCE(watch->pending, false);
}

void kexec_call_watch_enter(struct kexec_call_state *state)
{
	state->abort_pending = 0;
	state->nmi_raised = 0;
	state->nmi_claimable = 0;
	this_cpu_write(kexec_call_nmi_state, state);
}

/*
 * Wait, briefly, for the kernel's NMI handler to clear @flag: an NMI sent
 * to this CPU that has not arrived yet.  Then clear it anyway (the NMI was
 * absorbed where no handler of ours ran: in an IDT the callee loaded).
 */
static void kexec_call_nmi_settle(u32 *flag)
{
	unsigned int us;

	for (us = 0; us < KEXEC_CALL_NMI_SETTLE_US && READ_ONCE(*flag); us++)
		udelay(1);
	WRITE_ONCE(*flag, 0);
}

void kexec_call_watch_leave(struct kexec_call_watch *watch,
			    struct kexec_call_state *state)
{
	/* No abort NMI is sent after this; one sent before may be in flight */
	if (watch) {
		u32 call = READ_ONCE(state->watch) & ~KEXEC_CALL_WATCH_MASK;

		raw_spin_lock(&watch->lock);
		WRITE_ONCE(state->watch, call | KEXEC_CALL_WATCH_IDLE);
		raw_spin_unlock(&watch->lock);
	}
	kexec_call_nmi_settle(&state->abort_pending);

	/*
	 * NMIs the trampoline latched: one NMI raised again is enough, since
	 * every local NMI handler looks at its own source on each NMI (and the
	 * CPU merges NMIs that come while one is blocked anyway).  Ours to
	 * claim, if no other handler does, only when each took an abort mark.
	 * Handled on this CPU before the wait below ends.
	 */
	if (state->nmis) {
		WRITE_ONCE(state->nmi_claimable, state->nmi_aborts >= state->nmis);
		WRITE_ONCE(state->nmi_raised, 1);
		__apic_send_IPI(smp_processor_id(), NMI_VECTOR);
		kexec_call_nmi_settle(&state->nmi_raised);
		WRITE_ONCE(state->nmi_claimable, 0);
	}
	this_cpu_write(kexec_call_nmi_state, NULL);
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
