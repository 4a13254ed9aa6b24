// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for kexec_call on the machine states around the switch that
 * QEMU's defaults do not show: no global translation of the identity map,
 * the platforms and CPU states that refuse a call, AMD SVM enabled, the
 * deadline bounded by the lockup detectors and watched from a housekeeping
 * CPU, the switch out of reach of kprobes and hardware breakpoints, NMI
 * handlers kept off user memory, machine checks, a callee that absorbs
 * the abort NMI for a while, NMIs from elsewhere left to the kernel, and
 * spinlocks held across the switch.
 */

#define pr_fmt(fmt) "kexec_call_test: " fmt

#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/hw_breakpoint.h>
#include <linux/kexec.h>
#include <linux/kexec_call.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/nmi.h>
#include <linux/perf_event.h>
#include <linux/pgtable.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/workqueue.h>

#include <kunit/test.h>

#include <asm/debugreg.h>
#include <asm/desc.h>
#include <asm/kexec_call.h>
#include <asm/msr.h>
#include <asm/processor-flags.h>
#include <asm/sections.h>
#include <asm/tlbflush.h>
#include <asm/trapnr.h>
#include <asm/tsc.h>

#include "../kexec_call_internal.h"
#include "kexec_call_kunit.h"

#define GOOD	0x600dUL

/**
 * struct kexec_call_pt_walk - what a walk of a page table found
 * @global: entries with the G bit, at any level
 * @leaves: leaf entries (pages of any size)
 */
struct kexec_call_pt_walk {
	unsigned int global;
	unsigned int leaves;
};

static void walk_ptes(struct kexec_call_pt_walk *w, pmd_t *pmd)
{
	pte_t *pte = (pte_t *)pmd_page_vaddr(*pmd);
	unsigned int i;

	for (i = 0; i < PTRS_PER_PTE; i++) {
		if (pte_none(pte[i]))
			continue;
		w->global += !!(pte_flags(pte[i]) & _PAGE_GLOBAL);
		w->leaves++;
	}
}

static void walk_pmds(struct kexec_call_pt_walk *w, pud_t *pud, unsigned long addr)
{
	pmd_t *pmd = pmd_offset(pud, addr);
	unsigned int i;

	for (i = 0; i < PTRS_PER_PMD; i++, pmd++) {
		if (pmd_none(*pmd))
			continue;
		w->global += !!(pmd_flags(*pmd) & _PAGE_GLOBAL);
		if (pmd_leaf(*pmd))
			w->leaves++;
		else
			walk_ptes(w, pmd);
	}
}

static void walk_puds(struct kexec_call_pt_walk *w, p4d_t *p4d, unsigned long addr)
{
	pud_t *pud = pud_offset(p4d, addr);
	unsigned int i;

	for (i = 0; i < PTRS_PER_PUD; i++, pud++) {
		if (pud_none(*pud))
			continue;
		w->global += !!(pud_flags(*pud) & _PAGE_GLOBAL);
		if (pud_leaf(*pud))
			w->leaves++;
		else
			walk_pmds(w, pud, addr + i * PUD_SIZE);
	}
}

static void walk_p4ds(struct kexec_call_pt_walk *w, pgd_t *pgd, unsigned long addr)
{
	p4d_t *p4d = p4d_offset(pgd, addr);
	unsigned int i;

	for (i = 0; i < PTRS_PER_P4D; i++, p4d++) {
		if (p4d_none(*p4d))
			continue;
		w->global += !!(p4d_flags(*p4d) & _PAGE_GLOBAL);
		walk_puds(w, p4d, addr + i * P4D_SIZE);
	}
}

/* Every level of @pgd's lower half: the identity map (the upper is the kernel's). */
static void walk_identity_half(struct kexec_call_pt_walk *w, pgd_t *pgd)
{
	unsigned int i;

	for (i = 0; i < KERNEL_PGD_BOUNDARY; i++) {
		if (pgd_none(pgd[i]))
			continue;
		w->global += !!(pgd_flags(pgd[i]) & _PAGE_GLOBAL);
		walk_p4ds(w, pgd + i, i * PGDIR_SIZE);
	}
}

/*
 * The identity map outlives CR4.PGE coming back while it is loaded: none of
 * its translations may be global, or one could stay in the TLB after the
 * call, supervisor and writable, at user addresses.
 */
static void kexec_call_machine_no_global_pages(struct kunit *test)
{
	struct kimage *image = load_callee(test, CALLEE(ret_const));
	struct kexec_call_pt_walk w = { };
	u64 ret;

	walk_identity_half(&w, image->arch.pgd);
	KUNIT_EXPECT_EQ(test, w.global, 0);
	/* The walk found the control pages' mapping: it is not vacuous */
	KUNIT_EXPECT_GT(test, w.leaves, 0);
	KUNIT_EXPECT_EQ(test, kexec_call(image, &ret, 0), 0);
}

struct kexec_call_platform_case {
	const char *name;
	struct kexec_call_platform platform;
	bool refused;
};

static const struct kexec_call_platform_case kexec_call_platform_cases[] = {
	{ "bare_metal_or_plain_guest", { }, false },
	{ "sev_guest", { .sev_guest = true }, true },
	{ "tdx_guest", { .tdx_guest = true }, true },
	{ "xen_pv", { .xen_pv = true }, true },
	{ "preempt_rt", { .preempt_rt = true }, true },
	{ "sme_host", { .sme_host = true }, true },
	{ "fred", { .fred = true }, true },
	{ "sev_guest_on_rt", { .sev_guest = true, .preempt_rt = true }, true },
};

KUNIT_ARRAY_PARAM_DESC(kexec_call_platform, kexec_call_platform_cases, name);

/* Each platform predicate alone refuses; none of them, nothing refuses. */
static void kexec_call_machine_platform(struct kunit *test)
{
	const struct kexec_call_platform_case *c = test->param_value;
	const char *why = kexec_call_platform_refusal(&c->platform);

	KUNIT_EXPECT_EQ(test, !!why, c->refused);
}

struct kexec_call_cpu_case {
	const char *name;
	unsigned long cr4;
	int err;
};

static const struct kexec_call_cpu_case kexec_call_cpu_cases[] = {
	{ "plain", X86_CR4_PAE | X86_CR4_PGE | X86_CR4_MCE, 0 },
	{ "vmx_on", X86_CR4_PAE | X86_CR4_VMXE, -EBUSY },
	{ "smx_only", X86_CR4_PAE | X86_CR4_SMXE, 0 },
};

KUNIT_ARRAY_PARAM_DESC(kexec_call_cpu, kexec_call_cpu_cases, name);

/* A CPU in VMX operation (CR4.VMXE) cannot clear CR0.PG: -EBUSY. */
static void kexec_call_machine_vmx(struct kunit *test)
{
	const struct kexec_call_cpu_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, kexec_call_cpu_refusal(c->cr4), c->err);
}

static void kexec_call_set_svme(void *on)
{
	if (on)
		msr_set_bit(MSR_EFER, _EFER_SVME);
	else
		msr_clear_bit(MSR_EFER, _EFER_SVME);
}

/* One call on this CPU with EFER.SVME set; returns 0 if it held. */
static long kexec_call_svm_call(void *data)
{
	struct kimage *image = data;
	u64 ret = 0, efer;
	int err;

	err = kexec_call(image, &ret, 0);
	if (err)
		return err;
	rdmsrl(MSR_EFER, efer);
	if (lower_32_bits(ret) != 0x4b455843 || !(efer & EFER_SVME))
		return -EINVAL;
	return 0;
}

/*
 * AMD SVM enabled, as kvm_amd leaves every CPU once loaded: EFER.SVME does
 * not stop paging from being turned off, and the switch keeps it.  A call
 * on every CPU, each of which has SVME set.
 */
static void kexec_call_machine_svm(struct kunit *test)
{
	struct kimage *image = load_callee(test, CALLEE(ret_const));
	unsigned int cpu, calls = 0;
	u64 efer;

	if (!boot_cpu_has(X86_FEATURE_SVM))
		kunit_skip(test, "the CPU (QEMU's model) has no SVM; -cpu max has");
	rdmsrl(MSR_EFER, efer);
	if (efer & EFER_SVME)
		kunit_skip(test, "SVM is in use here (a hypervisor is loaded)");

	cpus_read_lock();
	on_each_cpu(kexec_call_set_svme, (void *)1UL, 1);
	for_each_online_cpu(cpu) {
		KUNIT_EXPECT_EQ_MSG(test, work_on_cpu(cpu, kexec_call_svm_call, image), 0,
				    "CPU %u", cpu);
		calls++;
	}
	on_each_cpu(kexec_call_set_svme, NULL, 1);
	cpus_read_unlock();
	kunit_info(test, "%u calls, one on each CPU, with EFER.SVME set\n", calls);
}

struct kexec_call_thresh_case {
	const char *name;
	int thresh;
	unsigned int max_ms;
};

static const struct kexec_call_thresh_case kexec_call_thresh_cases[] = {
	{ "detectors_off", 0, KEXEC_CALL_DEADLINE_MAX_MS },
	{ "thresh_1s", 1, 500 },
	{ "thresh_2s", 2, 1000 },
	{ "thresh_10s_default", 10, KEXEC_CALL_DEADLINE_MAX_MS },
	{ "thresh_60s", 60, KEXEC_CALL_DEADLINE_MAX_MS },
};

KUNIT_ARRAY_PARAM_DESC(kexec_call_thresh, kexec_call_thresh_cases, name);

/* The maximum deadline stays below the lockup detectors' threshold. */
static void kexec_call_machine_deadline_max(struct kunit *test)
{
	const struct kexec_call_thresh_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, kexec_call_deadline_max(c->thresh), c->max_ms);
	KUNIT_EXPECT_LT(test, c->thresh ? c->max_ms : 0U, c->thresh * 1000U + 1);
}

/*
 * With watchdog_thresh=1 the maximum follows it at once: a longer deadline
 * is refused and an image's deadline is cut for its calls.  The threshold
 * is lowered only for the few instructions that look.
 */
static void kexec_call_machine_deadline_follows_watchdog(struct kunit *test)
{
#ifdef CONFIG_LOCKUP_DETECTOR
	struct kimage *image = load_callee(test, CALLEE(ret_const));
	int thresh = READ_ONCE(watchdog_thresh);
	int longer, shorter;
	unsigned int cut;

	KUNIT_ASSERT_EQ(test, kexec_call_set_deadline(image, 1000), 0);
	WRITE_ONCE(watchdog_thresh, 1);
	cut = kexec_call_deadline_ms(image);
	longer = kexec_call_set_deadline(image, 501);
	shorter = kexec_call_set_deadline(image, 500);
	WRITE_ONCE(watchdog_thresh, thresh);

	KUNIT_EXPECT_EQ(test, cut, 500U);
	KUNIT_EXPECT_EQ(test, longer, -ERANGE);
	KUNIT_EXPECT_EQ(test, shorter, 0);
	/* Back to the threshold it had: the longer deadline is allowed again */
	KUNIT_EXPECT_EQ(test, kexec_call_set_deadline(image, 1000), 0);
	KUNIT_EXPECT_EQ(test, kexec_call_deadline_ms(image), 1000U);
#else
	kunit_skip(test, "no lockup detector in this kernel");
#endif
}

/*
 * The watch runs on an online housekeeping CPU (HK_TYPE_TIMER) other than
 * the caller's, never on a nohz_full one.
 */
static void kexec_call_machine_watch_pick(struct kunit *test)
{
	cpumask_var_t online, housekeeping;

	if (nr_cpu_ids < 2)
		kunit_skip(test, "needs masks of 2 CPUs");
	KUNIT_ASSERT_TRUE(test, zalloc_cpumask_var(&online, GFP_KERNEL));
	KUNIT_ASSERT_TRUE(test, zalloc_cpumask_var(&housekeeping, GFP_KERNEL));

	/* CPUs 0 and 1 online, 1 nohz_full: CPU 1 is watched from 0 ... */
	cpumask_set_cpu(0, online);
	cpumask_set_cpu(1, online);
	cpumask_set_cpu(0, housekeeping);
	KUNIT_EXPECT_EQ(test, kexec_call_watch_pick(1, online, housekeeping), 0U);
	/* ... and CPU 0 from nowhere: 1 is online but nohz_full */
	KUNIT_EXPECT_GE(test, kexec_call_watch_pick(0, online, housekeeping), nr_cpu_ids);
	/* Both housekeeping: each watches the other */
	cpumask_set_cpu(1, housekeeping);
	KUNIT_EXPECT_EQ(test, kexec_call_watch_pick(0, online, housekeeping), 1U);
	KUNIT_EXPECT_EQ(test, kexec_call_watch_pick(1, online, housekeeping), 0U);
	/* A housekeeping CPU that is offline does not watch */
	cpumask_clear_cpu(1, online);
	KUNIT_EXPECT_GE(test, kexec_call_watch_pick(0, online, housekeeping), nr_cpu_ids);

	free_cpumask_var(online);
	free_cpumask_var(housekeeping);
}

/* The switch is noinstr: no kprobe, tracer or sanitizer reaches it. */
static void kexec_call_machine_switch_noinstr(struct kunit *test)
{
	unsigned long addr = (unsigned long)kexec_call_switch;

	KUNIT_EXPECT_GE(test, addr, (unsigned long)__noinstr_text_start);
	KUNIT_EXPECT_LT(test, addr, (unsigned long)__noinstr_text_end);
}

/*
 * The task register after a call: the kernel's TSS selector, its GDT
 * descriptor marked busy again (LTR did that, on the writable alias), the
 * TSS limit known good, on every CPU calls were made from, many times.
 */
static void kexec_call_machine_task_register(struct kunit *test)
{
	struct kimage *image = load_callee(test, CALLEE(ret_const));
	unsigned int cpu, i;
	u64 ret;

	for_each_online_cpu(cpu) {
		struct desc_struct *tss;

		if (set_cpus_allowed_ptr(current, cpumask_of(cpu)))
			continue;
		for (i = 0; i < 10; i++)
			KUNIT_ASSERT_EQ(test, kexec_call(image, &ret, 0), 0);
		preempt_disable();
		tss = &get_current_gdt_rw()[GDT_ENTRY_TSS];
		KUNIT_EXPECT_EQ_MSG(test, native_store_tr(), GDT_ENTRY_TSS * 8, "CPU %u", cpu);
		/* Type 11: an available TSS (9) with its busy bit */
		KUNIT_EXPECT_EQ_MSG(test, (unsigned int)tss->type, 11, "CPU %u", cpu);
		KUNIT_EXPECT_FALSE_MSG(test, this_cpu_read(__tss_limit_invalid),
				       "CPU %u", cpu);
		preempt_enable();
	}
	set_cpus_allowed_ptr(current, cpu_possible_mask);
}

static u32 kexec_call_watched_word;

static void kexec_call_test_bp_hit(struct perf_event *bp,
				   struct perf_sample_data *data,
				   struct pt_regs *regs)
{
}

/*
 * With a hardware breakpoint set in the kernel, the callee finds DR7 with
 * no breakpoint enabled, and the kernel finds its own back, addresses
 * included, though the callee moved DR0-DR3.
 */
static void kexec_call_machine_dr7(struct kunit *test)
{
	struct kimage *image = load_callee(test, CALLEE(read_dr7));
	unsigned long before, after, addr_before[4], addr_after[4];
	struct perf_event * __percpu *bp;
	struct perf_event_attr attr;
	u64 ret = ~0ULL;
	int err;

	if (!IS_ENABLED(CONFIG_HAVE_HW_BREAKPOINT))
		kunit_skip(test, "no hardware breakpoints in this kernel");
	hw_breakpoint_init(&attr);
	attr.bp_addr = (unsigned long)&kexec_call_watched_word;
	attr.bp_len = HW_BREAKPOINT_LEN_4;
	attr.bp_type = HW_BREAKPOINT_W;
	bp = register_wide_hw_breakpoint(&attr, kexec_call_test_bp_hit, NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(bp));

	migrate_disable();
	get_debugreg(before, 7);
	get_debugreg(addr_before[0], 0);
	get_debugreg(addr_before[1], 1);
	get_debugreg(addr_before[2], 2);
	get_debugreg(addr_before[3], 3);
	err = kexec_call(image, &ret, 0);
	get_debugreg(after, 7);
	get_debugreg(addr_after[0], 0);
	get_debugreg(addr_after[1], 1);
	get_debugreg(addr_after[2], 2);
	get_debugreg(addr_after[3], 3);
	migrate_enable();
	unregister_wide_hw_breakpoint(bp);

	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_EXPECT_NE(test, before & 0xff, 0UL);
	KUNIT_EXPECT_EQ(test, lower_32_bits(ret) & 0xff, 0U);
	KUNIT_EXPECT_EQ(test, after, before);
	KUNIT_EXPECT_MEMEQ(test, addr_after, addr_before, sizeof(addr_before));
}

/*
 * Call @image, an await_change callee, while @fn runs in a thread on
 * another online CPU until the calls end; @fn releases the callee once it
 * has seen what it looks for.  A host with fewer CPUs than the guest may
 * keep the thread's vCPU off its CPU for a whole call: up to ten calls of
 * 500 ms, until one is released (*@ret not 0).  *@tries is the number
 * made.  Called with migration disabled and a second CPU online.
 */
static int kexec_call_released_by(struct kimage *image, int (*fn)(void *),
				  void *data, unsigned int *tries, u64 *ret)
{
	unsigned int other = cpumask_any_but(cpu_online_mask, smp_processor_id());
	struct task_struct *task;
	int err = 0;

	task = kthread_create(fn, data, "kexec_call_test");
	if (IS_ERR(task))
		return PTR_ERR(task);
	kthread_bind(task, other);
	get_task_struct(task);
	wake_up_process(task);
	*ret = 0;
	for (*tries = 0; *tries < 10 && !err && !*ret; (*tries)++)
		err = kexec_call(image, ret, 1, (unsigned long)tsc_khz * 500);
	kthread_stop(task);
	put_task_struct(task);
	return err;
}

/**
 * struct kexec_call_mm_watch - watches the calling CPU's loaded_mm
 * @cpu: the calling CPU
 * @release: the await_change callee's variable, moved once seen
 * @seen: whether loaded_mm said "switching" while the callee ran
 */
struct kexec_call_mm_watch {
	unsigned int cpu;
	u32 *release;
	bool seen;
};

static int kexec_call_mm_watch_thread(void *data)
{
	struct kexec_call_mm_watch *w = data;

	while (!kthread_should_stop()) {
		if (READ_ONCE(per_cpu(cpu_tlbstate.loaded_mm, w->cpu)) == LOADED_MM_SWITCHING) {
			WRITE_ONCE(w->seen, true);
			WRITE_ONCE(*w->release, READ_ONCE(*w->release) + 1);
		}
		cond_resched();
	}
	return 0;
}

/*
 * While the image's page table is loaded, an NMI handler on the calling
 * CPU must see nmi_uaccess_okay() false: cpu_tlbstate.loaded_mm says
 * "switching", as within switch_mm_irqs_off().  A thread on another CPU
 * reads it while the callee spins, and lets the callee go once it has.
 */
static void kexec_call_machine_loaded_mm(struct kunit *test)
{
	struct kimage *image = load_callee(test, CALLEE(await_change));
	struct kexec_call_mm_watch w = { };
	struct mm_struct *after;
	unsigned int tries;
	u64 ret = 0;
	int err;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs a second online CPU");
	w.release = callee_var(test, CALLEE_VAR(await_change, await_change_value));
	migrate_disable();
	w.cpu = smp_processor_id();
	err = kexec_call_released_by(image, kexec_call_mm_watch_thread, &w,
				     &tries, &ret);
	/* Into a local: sparse's token limit on i386 */
	after = this_cpu_read(cpu_tlbstate.loaded_mm);
	migrate_enable();

	KUNIT_EXPECT_PTR_NE(test, after, LOADED_MM_SWITCHING);
	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_EXPECT_TRUE(test, w.seen);
	/* Released by the thread, not by its 500 ms running out */
	KUNIT_EXPECT_NE(test, ret, 0ULL);
}

/* The spinlock the test hold takes */
static DEFINE_RAW_SPINLOCK(kexec_call_test_hold_spin);

/**
 * struct kexec_call_hold_test - what a test hold saw
 * @locks: calls of the lock function
 * @unlocks: calls of the unlock function
 * @irqs_on: calls of either with interrupts enabled
 * @release: the await_change callee's variable
 * @contended: set by the other CPU when it found the lock held in the window
 */
struct kexec_call_hold_test {
	unsigned int locks;
	unsigned int unlocks;
	unsigned int irqs_on;
	u32 *release;
	bool contended;
};

static void kexec_call_test_hold_lock(void *data)
	__acquires(&kexec_call_test_hold_spin)
{
	struct kexec_call_hold_test *h = data;

	if (!irqs_disabled())
		h->irqs_on++;
	raw_spin_lock(&kexec_call_test_hold_spin);
	h->locks++;
}

static void kexec_call_test_hold_unlock(void *data)
	__releases(&kexec_call_test_hold_spin)
{
	struct kexec_call_hold_test *h = data;

	if (!irqs_disabled())
		h->irqs_on++;
	h->unlocks++;
	raw_spin_unlock(&kexec_call_test_hold_spin);
}

/* On another CPU: the lock is held while the callee runs, then lets it go */
static int kexec_call_hold_thread(void *data)
{
	struct kexec_call_hold_test *h = data;
	unsigned long flags;

	while (!kthread_should_stop()) {
		if (READ_ONCE(h->locks) && !READ_ONCE(h->unlocks)) {
			if (raw_spin_trylock_irqsave(&kexec_call_test_hold_spin, flags)) {
				raw_spin_unlock_irqrestore(&kexec_call_test_hold_spin, flags);
			} else {
				WRITE_ONCE(h->contended, true);
				WRITE_ONCE(*h->release, READ_ONCE(*h->release) + 1);
			}
		}
		cond_resched();
	}
	return 0;
}

/*
 * kexec_call_set_hold(): the image's calls take the hold's lock with
 * interrupts off before the switch and release it after, once per call:
 * another CPU finds it held while the callee runs.  Bad holds and dead
 * images are refused.
 */
static void kexec_call_machine_hold(struct kunit *test)
{
	struct kimage *image = load_callee(test, CALLEE(await_change));
	struct kexec_call_hold_test h = { };
	struct kexec_call_hold hold = {
		.lock = kexec_call_test_hold_lock,
		.unlock = kexec_call_test_hold_unlock,
		.data = &h,
	};
	struct kexec_call_hold no_unlock = { .lock = kexec_call_test_hold_lock };
	struct kimage *dead = kexec_call_alloc(image->start, 0);
	unsigned int tries;
	bool free = false;
	u64 ret = 0;
	int err;

	KUNIT_EXPECT_EQ(test, kexec_call_set_hold(image, &no_unlock), -EINVAL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dead);
	kexec_call_free(dead);
	KUNIT_EXPECT_EQ(test, kexec_call_set_hold(dead, &hold), -ENOEXEC);

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs a second online CPU");
	h.release = callee_var(test, CALLEE_VAR(await_change, await_change_value));
	KUNIT_ASSERT_EQ(test, kexec_call_set_hold(image, &hold), 0);
	migrate_disable();
	err = kexec_call_released_by(image, kexec_call_hold_thread, &h, &tries,
				     &ret);
	migrate_enable();

	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_EXPECT_TRUE(test, h.contended);
	KUNIT_EXPECT_NE(test, ret, 0ULL);
	KUNIT_EXPECT_EQ(test, h.locks, tries);
	KUNIT_EXPECT_EQ(test, h.unlocks, tries);
	KUNIT_EXPECT_EQ(test, h.irqs_on, 0U);
	if (raw_spin_trylock(&kexec_call_test_hold_spin)) {
		raw_spin_unlock(&kexec_call_test_hold_spin);
		free = true;
	}
	KUNIT_EXPECT_TRUE(test, free);

	/* No hold: the next call takes nothing */
	KUNIT_ASSERT_EQ(test, kexec_call_set_hold(image, NULL), 0);
	KUNIT_EXPECT_EQ(test, kexec_call(image, &ret, 1, 1000UL), 0);
	KUNIT_EXPECT_EQ(test, h.locks, tries);
}

/*
 * The machine-check vector ends the call with -EIO.  Executed in software
 * (MCG_STATUS.MCIP clear) it is not passed on to the kernel's handler; the
 * real one is tested end to end (scripts/test-initramfs.sh, machine_check).
 * The next call works.
 */
static void kexec_call_machine_mc_vector(struct kunit *test)
{
	struct kimage *image = load_callee(test, CALLEE(int_mc));
	struct kimage *next;
	u64 ret = 0;

	KUNIT_EXPECT_EQ(test, kexec_call(image, &ret, 0), -EIO);
	KUNIT_EXPECT_EQ(test, ret, 0ULL);
	next = load_callee(test, CALLEE(ret_const));
	KUNIT_EXPECT_EQ(test, kexec_call(next, &ret, 0), 0);
	KUNIT_EXPECT_EQ(test, lower_32_bits(ret), 0x4b455843);
}

#define ABSORB_DEADLINE_MS	100
#define ABSORB_MS		300
/* How late an abort may come after the callee lets NMIs through again */
#define ABSORB_LATE_MS		400

/*
 * A callee that loads an IDT of its own whose NMI gate only IRETs absorbs
 * the abort NMI; once it puts the trampoline's IDT back, the next abort NMI
 * ends it.  The watch keeps sending them: the call ends with -ETIMEDOUT
 * soon after the callee stops absorbing them, and nothing of the abort
 * stays behind.
 */
static void kexec_call_machine_nmi_absorbed(struct kunit *test)
{
	struct kimage *image = load_callee(test, CALLEE(own_nmi_idt));
	struct kexec_call_state *state = kexec_call_test_state(image);
	ktime_t start;
	s64 ms;
	u64 ret = 0;
	int err;

	if (num_online_cpus() < 2)
		kunit_skip(test, "the deadline needs a second online CPU");
	KUNIT_ASSERT_EQ(test, kexec_call_set_deadline(image, ABSORB_DEADLINE_MS), 0);
	start = ktime_get();
	err = kexec_call(image, &ret, 1, (unsigned long)tsc_khz * ABSORB_MS);
	ms = ktime_ms_delta(ktime_get(), start);

	KUNIT_EXPECT_EQ(test, err, -ETIMEDOUT);
	KUNIT_EXPECT_GE(test, ms, ABSORB_MS);
	KUNIT_EXPECT_LT(test, ms, ABSORB_MS + ABSORB_LATE_MS);
	KUNIT_EXPECT_EQ(test, READ_ONCE(state->abort_pending), 0U);
	KUNIT_EXPECT_EQ(test, READ_ONCE(state->nmi_raised), 0U);
	kunit_info(test, "aborted after %lld ms, %u NMIs latched\n", ms, state->nmis);
}

static atomic_t kexec_call_test_unknown_nmis;

/*
 * Sees every NMI that reaches the NMI_UNKNOWN stage, as kexec_call's own
 * handler there does; claims it, so that none is reported.
 */
static int kexec_call_test_unknown_nmi(unsigned int type, struct pt_regs *regs)
{
	atomic_inc(&kexec_call_test_unknown_nmis);
	return NMI_HANDLED;
}

static void kexec_call_test_unregister_unknown(void *unused)
{
	unregister_nmi_handler(NMI_UNKNOWN, "kexec_call_test_unknown");
}

/* NMIs that reached the NMI_UNKNOWN stage and kexec_call did not claim */
static int kexec_call_test_unclaimed(int seen0, int claimed0)
{
	return (atomic_read(&kexec_call_test_unknown_nmis) - seen0) -
	       (atomic_read(&kexec_call_nmis_claimed) - claimed0);
}

#define UNCLAIMED_DEADLINE_MS	50

/*
 * An NMI from elsewhere that came during a call is raised again afterwards
 * and left to the kernel's handlers: with no handler for its source it
 * reaches the NMI_UNKNOWN stage, and kexec_call does not claim it there.
 * An aborted call raises one too (an NMI from elsewhere may have merged
 * with the abort NMI), which only kexec_call claims, at that stage.
 */
static void kexec_call_machine_nmi_unclaimed(struct kunit *test)
{
	struct kimage *nmi = load_callee(test, CALLEE(self_nmi));
	struct kexec_call_state *nmi_state = kexec_call_test_state(nmi);
	int seen0, claimed0, seen_nmi;
	struct kexec_call_state *spin_state;
	struct kimage *spin;
	unsigned int i;
	u64 ret;
	int err;

	err = register_nmi_handler(NMI_UNKNOWN, kexec_call_test_unknown_nmi, 0,
				   "kexec_call_test_unknown");
	KUNIT_ASSERT_EQ(test, err, 0);
	err = kunit_add_action_or_reset(test, kexec_call_test_unregister_unknown,
					NULL);
	KUNIT_ASSERT_EQ(test, err, 0);
	seen0 = atomic_read(&kexec_call_test_unknown_nmis);
	claimed0 = atomic_read(&kexec_call_nmis_claimed);

	for (i = 1; i <= 3; i++) {
		ret = 0;
		KUNIT_ASSERT_EQ(test, kexec_call(nmi, &ret, 0), 0);
		KUNIT_EXPECT_EQ(test, lower_32_bits(ret), GOOD);
		KUNIT_EXPECT_EQ(test, nmi_state->nmis, 1);
		KUNIT_EXPECT_EQ(test, nmi_state->nmi_aborts, 0);
		/* Raised again on this CPU before the call returned */
		KUNIT_EXPECT_EQ(test, kexec_call_test_unclaimed(seen0, claimed0), i);
	}
	seen_nmi = atomic_read(&kexec_call_test_unknown_nmis) - seen0;
	KUNIT_EXPECT_EQ(test, seen_nmi, 3);

	if (num_online_cpus() < 2)
		kunit_skip(test, "the deadline needs a second online CPU");
	/* The fixture's page now holds the spinning callee */
	spin = load_callee(test, CALLEE(spin));
	spin_state = kexec_call_test_state(spin);
	KUNIT_ASSERT_EQ(test, kexec_call_set_deadline(spin, UNCLAIMED_DEADLINE_MS), 0);
	for (i = 0; i < 3; i++) {
		KUNIT_EXPECT_EQ(test, kexec_call(spin, &ret, 2, 0UL, 0UL), -ETIMEDOUT);
		KUNIT_EXPECT_GE(test, spin_state->nmis, 1);
		KUNIT_EXPECT_EQ(test, spin_state->nmi_aborts, spin_state->nmis);
	}
	/* A resent abort NMI still in flight would come within 10 ms */
	msleep(20);
	/* Each aborted call raised one NMI, which kexec_call claimed */
	KUNIT_EXPECT_GE(test, atomic_read(&kexec_call_test_unknown_nmis) - seen0,
			seen_nmi + 3);
	KUNIT_EXPECT_EQ(test, kexec_call_test_unclaimed(seen0, claimed0), 3);
}

/*
 * The fault and abort paths take the trampoline's GDT, segments and stack
 * before they write anything: a callee whose stack lies in the firmware ROM
 * (pushes lost, pops garbage) that faults, or spins until its deadline,
 * still ends its call cleanly, and the next call works.
 */
static void kexec_call_machine_bad_stack(struct kunit *test)
{
	struct kimage *image = load_callee(test, CALLEE(bad_stack));
	struct kexec_call_state *state = kexec_call_test_state(image);
	struct kimage *next;
	u64 ret = 0;

	KUNIT_EXPECT_EQ(test, kexec_call(image, &ret, 1, 0UL), -EFAULT);
	KUNIT_EXPECT_EQ(test, state->fault_vector, X86_TRAP_UD + 1);
	if (num_online_cpus() >= 2) {
		KUNIT_ASSERT_EQ(test, kexec_call_set_deadline(image, ABSORB_DEADLINE_MS), 0);
		KUNIT_EXPECT_EQ(test, kexec_call(image, &ret, 1, 1UL), -ETIMEDOUT);
	}
	next = load_callee(test, CALLEE(ret_const));
	KUNIT_EXPECT_EQ(test, kexec_call(next, &ret, 0), 0);
	KUNIT_EXPECT_EQ(test, lower_32_bits(ret), 0x4b455843);
}

static struct kunit_case kexec_call_machine_test_cases[] = {
	KUNIT_CASE(kexec_call_machine_no_global_pages),
	KUNIT_CASE_PARAM(kexec_call_machine_platform, kexec_call_platform_gen_params),
	KUNIT_CASE_PARAM(kexec_call_machine_vmx, kexec_call_cpu_gen_params),
	KUNIT_CASE(kexec_call_machine_svm),
	KUNIT_CASE_PARAM(kexec_call_machine_deadline_max, kexec_call_thresh_gen_params),
	KUNIT_CASE(kexec_call_machine_deadline_follows_watchdog),
	KUNIT_CASE(kexec_call_machine_watch_pick),
	KUNIT_CASE(kexec_call_machine_switch_noinstr),
	KUNIT_CASE(kexec_call_machine_task_register),
	KUNIT_CASE(kexec_call_machine_dr7),
	KUNIT_CASE(kexec_call_machine_loaded_mm),
	KUNIT_CASE(kexec_call_machine_hold),
	KUNIT_CASE(kexec_call_machine_mc_vector),
	KUNIT_CASE(kexec_call_machine_nmi_absorbed),
	KUNIT_CASE(kexec_call_machine_nmi_unclaimed),
	KUNIT_CASE(kexec_call_machine_bad_stack),
	{}
};

static struct kunit_suite kexec_call_machine_suite = {
	.name = "kexec_call_machine",
	.init = kexec_call_test_init,
	.test_cases = kexec_call_machine_test_cases,
};

kunit_test_suites(&kexec_call_machine_suite);
