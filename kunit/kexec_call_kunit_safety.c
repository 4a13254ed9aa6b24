// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the kexec_call safety contract: FPU/SIMD state and
 * descriptor tables under KEXEC_CALL_PRESERVE_CPU_EXT, FPU use without it,
 * the deadline that aborts a callee that does not return, maskable
 * interrupts held off in physical mode, CPU state the callee leaves changed,
 * and calls from several threads at once.
 */

#define pr_fmt(fmt) "kexec_call_test: " fmt

#include <linux/completion.h>
#include <linux/cpufeature.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/kexec.h>
#include <linux/kexec_call.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/panic.h>
#include <linux/sched.h>
#include <linux/smp.h>

#include <kunit/test.h>

#include <asm/apic.h>
#include <asm/desc.h>
#include <asm/fpu/api.h>
#include <asm/hardirq.h>
#include <asm/irq_vectors.h>
#include <asm/kexec_call.h>
#include <asm/processor-flags.h>
#include <asm/special_insns.h>
#include <asm/trapnr.h>
#include <asm/tsc.h>

#include "../kexec_call_internal.h"
#include "kexec_call_kunit.h"

#define GOOD	0x600dUL

/*
 * machine_kexec_vcall() as kexec_vcall() makes it, for a caller that holds
 * kexec_call_lock() and cannot sleep (in a kernel_fpu_begin() section).
 */
static int raw_call(struct kimage *image, u64 *ret,
		    unsigned int argc, ...)
{
	struct kexec_call_params params;
	va_list args;
	int err;

	va_start(args, argc);
	err = kexec_call_params_of(image, &params, argc, args);
	va_end(args);
	return err ? err : machine_kexec_vcall(image, ret, &params);
}

/* Known register contents the kernel holds across a CPU_EXT call. */
static const u32 fpu_test_xmm[8][4] = {
	{ 0x00010203, 0x04050607, 0x08090a0b, 0x0c0d0e0f },
	{ 0x10111213, 0x14151617, 0x18191a1b, 0x1c1d1e1f },
	{ 0x20212223, 0x24252627, 0x28292a2b, 0x2c2d2e2f },
	{ 0x30313233, 0x34353637, 0x38393a3b, 0x3c3d3e3f },
	{ 0x40414243, 0x44454647, 0x48494a4b, 0x4c4d4e4f },
	{ 0x50515253, 0x54555657, 0x58595a5b, 0x5c5d5e5f },
	{ 0x60616263, 0x64656667, 0x68696a6b, 0x6c6d6e6f },
	{ 0x70717273, 0x74757677, 0x78797a7b, 0x7c7d7e7f },
};

/* Two doubles for the x87 stack (pi, e) and a non-default MXCSR. */
#define FPU_TEST_ST1	0x400921fb54442d18ULL
#define FPU_TEST_ST0	0x4005bf0a8b145769ULL
#define FPU_TEST_MXCSR	0x3f80

static void kexec_call_fpu_state_preserved(struct kunit *test)
{
	struct kimage *image = kexec_call_test_load(test, CALLEE(fpu_math),
						    KEXEC_CALL_PRESERVE_CPU_EXT);
	u64 st1 = FPU_TEST_ST1, st0 = FPU_TEST_ST0, out0 = 0, out1 = 0;
	u32 xmm[8][4] = { };
	u32 mxcsr_in = FPU_TEST_MXCSR, mxcsr = 0;
	u64 ret = 0;
	unsigned int round;
	int err;

	for (round = 0; round < 3; round++) {
		KUNIT_ASSERT_EQ(test, kexec_call_lock(), 0);
		kernel_fpu_begin();
		asm volatile("movdqu 0x00(%0), %%xmm0\n\t"
			     "movdqu 0x10(%0), %%xmm1\n\t"
			     "movdqu 0x20(%0), %%xmm2\n\t"
			     "movdqu 0x30(%0), %%xmm3\n\t"
			     "movdqu 0x40(%0), %%xmm4\n\t"
			     "movdqu 0x50(%0), %%xmm5\n\t"
			     "movdqu 0x60(%0), %%xmm6\n\t"
			     "movdqu 0x70(%0), %%xmm7\n\t"
			     "fninit\n\t"
			     "fldl %1\n\t"
			     "fldl %2\n\t"
			     "ldmxcsr %3"
			     : : "r" (fpu_test_xmm), "m" (st1), "m" (st0),
			       "m" (mxcsr_in) : "memory");

		err = raw_call(image, &ret, 2, 1234UL, 5678UL);

		asm volatile("stmxcsr %0\n\t"
			     "fstpl %1\n\t"
			     "fstpl %2\n\t"
			     "movdqu %%xmm0, 0x00(%3)\n\t"
			     "movdqu %%xmm1, 0x10(%3)\n\t"
			     "movdqu %%xmm2, 0x20(%3)\n\t"
			     "movdqu %%xmm3, 0x30(%3)\n\t"
			     "movdqu %%xmm4, 0x40(%3)\n\t"
			     "movdqu %%xmm5, 0x50(%3)\n\t"
			     "movdqu %%xmm6, 0x60(%3)\n\t"
			     "movdqu %%xmm7, 0x70(%3)"
			     : "=m" (mxcsr), "=m" (out0), "=m" (out1)
			     : "r" (xmm) : "memory");
		kernel_fpu_end();
		kexec_call_unlock();

		KUNIT_ASSERT_EQ(test, err, 0);
		/* The callee's own x87 and SSE2 results */
		KUNIT_EXPECT_EQ(test, lower_32_bits(ret), 1234 * 5678);
		KUNIT_EXPECT_EQ(test, upper_32_bits(ret), 1234 + 5678);
		/* ... and what the kernel held, intact */
		KUNIT_EXPECT_EQ(test, mxcsr, FPU_TEST_MXCSR);
		KUNIT_EXPECT_EQ(test, out0, FPU_TEST_ST0);
		KUNIT_EXPECT_EQ(test, out1, FPU_TEST_ST1);
		KUNIT_EXPECT_MEMEQ(test, xmm, fpu_test_xmm, sizeof(xmm));
	}
}

/* The upper halves of YMM0-7 (AVX state beyond SSE) survive a call too. */
static void kexec_call_fpu_avx_preserved(struct kunit *test)
{
	struct kimage *image;
	u32 ymm[8][8] = { }, want[8][8];
	u64 ret = 0;
	unsigned int i, j;
	int err;

	if (!boot_cpu_has(X86_FEATURE_AVX) || !boot_cpu_has(X86_FEATURE_OSXSAVE))
		kunit_skip(test, "the CPU (QEMU's model) has no AVX");
	image = kexec_call_test_load(test, CALLEE(avx_clobber),
				     KEXEC_CALL_PRESERVE_CPU_EXT);
	for (i = 0; i < 8; i++)
		for (j = 0; j < 8; j++)
			want[i][j] = 0xa0000000 | i << 8 | j;

	KUNIT_ASSERT_EQ(test, kexec_call_lock(), 0);
	kernel_fpu_begin();
	asm volatile("vmovdqu 0x00(%0), %%ymm0\n\t"
		     "vmovdqu 0x20(%0), %%ymm1\n\t"
		     "vmovdqu 0x40(%0), %%ymm2\n\t"
		     "vmovdqu 0x60(%0), %%ymm3\n\t"
		     "vmovdqu 0x80(%0), %%ymm4\n\t"
		     "vmovdqu 0xa0(%0), %%ymm5\n\t"
		     "vmovdqu 0xc0(%0), %%ymm6\n\t"
		     "vmovdqu 0xe0(%0), %%ymm7"
		     : : "r" (want) : "memory");
	err = raw_call(image, &ret, 0);
	asm volatile("vmovdqu %%ymm0, 0x00(%0)\n\t"
		     "vmovdqu %%ymm1, 0x20(%0)\n\t"
		     "vmovdqu %%ymm2, 0x40(%0)\n\t"
		     "vmovdqu %%ymm3, 0x60(%0)\n\t"
		     "vmovdqu %%ymm4, 0x80(%0)\n\t"
		     "vmovdqu %%ymm5, 0xa0(%0)\n\t"
		     "vmovdqu %%ymm6, 0xc0(%0)\n\t"
		     "vmovdqu %%ymm7, 0xe0(%0)"
		     : : "r" (ymm) : "memory");
	kernel_fpu_end();
	kexec_call_unlock();

	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_EXPECT_EQ(test, ret, GOOD);
	KUNIT_EXPECT_MEMEQ(test, ymm, want, sizeof(ymm));
}

/* Without KEXEC_CALL_PRESERVE_CPU_EXT the FPU traps and the call fails. */
struct kexec_call_fpu_case {
	const char *name;
	struct kexec_call_test_callee callee;
	const u8 *insn;
	unsigned long flags;
	int err;
	unsigned int vector;
};

static const struct kexec_call_fpu_case kexec_call_fpu_cases[] = {
	{ "x87_without_cpu_ext", CALLEE(fpu_x87), kexec_call_test_fpu_x87_insn,
	  0, -EFAULT, X86_TRAP_NM },
	{ "sse_without_cpu_ext", CALLEE(fpu_sse), kexec_call_test_fpu_sse_insn,
	  0, -EFAULT, X86_TRAP_UD },
	{ "x87_with_cpu_ext", CALLEE(fpu_x87), NULL,
	  KEXEC_CALL_PRESERVE_CPU_EXT, 0, 0 },
	{ "sse_with_cpu_ext", CALLEE(fpu_sse), NULL,
	  KEXEC_CALL_PRESERVE_CPU_EXT, 0, 0 },
};

KUNIT_ARRAY_PARAM_DESC(kexec_call_fpu, kexec_call_fpu_cases, name);

static void kexec_call_fpu_use(struct kunit *test)
{
	const struct kexec_call_fpu_case *c = test->param_value;
	struct kimage *image = kexec_call_test_load(test, c->callee, c->flags);
	struct kexec_call_test_ctx *ctx = test->priv;
	struct kexec_call_state *state = kexec_call_test_state(image);
	u64 ret = 0;

	KUNIT_EXPECT_EQ(test, kexec_call(image, &ret, 0), c->err);
	if (c->err) {
		KUNIT_EXPECT_EQ(test, state->fault_vector, c->vector + 1);
		KUNIT_EXPECT_EQ(test, state->fault_eip,
				(u32)virt_to_phys(ctx->code) +
				(u32)(c->insn - c->callee.start));
	} else {
		KUNIT_EXPECT_EQ(test, ret, GOOD);
	}
}

static void kexec_call_fpu_own_tables(struct kunit *test)
{
	struct kimage *image = kexec_call_test_load(test, CALLEE(own_tables),
						    KEXEC_CALL_PRESERVE_CPU_EXT);
	struct desc_ptr gdt, idt, gdt_after, idt_after;
	unsigned long jiffies_before;
	u64 ret = 0;
	u16 ldt, ldt_after;
	int err;

	migrate_disable();
	native_store_gdt(&gdt);
	store_idt(&idt);
	asm volatile("sldt %0" : "=r" (ldt));
	err = kexec_call(image, &ret, 0);
	native_store_gdt(&gdt_after);
	store_idt(&idt_after);
	asm volatile("sldt %0" : "=r" (ldt_after));
	migrate_enable();

	KUNIT_ASSERT_EQ(test, err, 0);
	/* Its int $0x40 went through its own IDT, with its own CS */
	KUNIT_EXPECT_EQ(test, lower_32_bits(ret), (0x28U << 16) | 0x1d7);
	KUNIT_EXPECT_EQ(test, gdt_after.address, gdt.address);
	KUNIT_EXPECT_EQ(test, gdt_after.size, gdt.size);
	KUNIT_EXPECT_EQ(test, idt_after.address, idt.address);
	KUNIT_EXPECT_EQ(test, idt_after.size, idt.size);
	KUNIT_EXPECT_EQ(test, ldt_after, ldt);

	/* The kernel's IDT takes timer interrupts again */
	jiffies_before = jiffies;
	msleep(20);
	KUNIT_EXPECT_GT(test, jiffies - jiffies_before, 0UL);
}

static struct kunit_case kexec_call_fpu_test_cases[] = {
	KUNIT_CASE(kexec_call_fpu_state_preserved),
	KUNIT_CASE(kexec_call_fpu_avx_preserved),
	KUNIT_CASE_PARAM(kexec_call_fpu_use, kexec_call_fpu_gen_params),
	KUNIT_CASE(kexec_call_fpu_own_tables),
	{}
};

static struct kunit_suite kexec_call_fpu_suite = {
	.name = "kexec_call_cpu_ext",
	.init = kexec_call_test_init,
	.test_cases = kexec_call_fpu_test_cases,
};

/* The spin callee's first argument */
#define SPIN_STI	BIT(0)
#define SPIN_SELF_IPI	BIT(1)

#define TEST_DEADLINE_MS	100
/*
 * An abort is in time when it comes less than this after the deadline:
 * far earlier than the default deadline of 1000 ms (which the shorter
 * deadline case must not wait for), with room for a host that keeps the
 * watching vCPU off its CPU for a while.
 */
#define TEST_ABORT_LATE_MS	400

static void kexec_call_deadline_settings(struct kunit *test)
{
	struct kimage *image = load_callee(test, CALLEE(ret_const));
	struct kimage *freed;

	KUNIT_EXPECT_EQ(test, kexec_call_deadline_ms(image),
			KEXEC_CALL_DEADLINE_DEFAULT_MS);
	KUNIT_EXPECT_EQ(test, kexec_call_set_deadline(image, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, kexec_call_set_deadline(image,
						      KEXEC_CALL_DEADLINE_MAX_MS + 1),
			-ERANGE);
	KUNIT_EXPECT_EQ(test, kexec_call_deadline_ms(image),
			KEXEC_CALL_DEADLINE_DEFAULT_MS);
	KUNIT_EXPECT_EQ(test, kexec_call_set_deadline(image,
						      KEXEC_CALL_DEADLINE_MAX_MS), 0);
	KUNIT_EXPECT_EQ(test, kexec_call_deadline_ms(image),
			KEXEC_CALL_DEADLINE_MAX_MS);
	KUNIT_EXPECT_EQ(test, kexec_call_set_deadline(image, 1), 0);
	KUNIT_EXPECT_EQ(test, kexec_call_deadline_ms(image), 1);

	freed = kexec_call_alloc(image->start, 0);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, freed);
	kexec_call_free(freed);
	KUNIT_EXPECT_EQ(test, kexec_call_set_deadline(freed, 100), -ENOEXEC);
	KUNIT_EXPECT_EQ(test, kexec_call_set_abort_flag(freed, NULL), -ENOEXEC);
}

struct kexec_call_hang_case {
	const char *name;
	unsigned long how;
};

static const struct kexec_call_hang_case kexec_call_hang_cases[] = {
	{ "spin_forever_cli", 0 },
	{ "spin_forever_sti", SPIN_STI },
};

KUNIT_ARRAY_PARAM_DESC(kexec_call_hang, kexec_call_hang_cases, name);

static void kexec_call_deadline_aborts(struct kunit *test)
{
	const struct kexec_call_hang_case *c = test->param_value;
	struct kimage *image = load_callee(test, CALLEE(spin));
	struct kexec_call_state *state = kexec_call_test_state(image);
	u32 abort_flag = 0;
	u64 ret;
	unsigned int i;
	s64 ms;
	ktime_t t0;

	if (num_online_cpus() < 2)
		kunit_skip(test, "the deadline needs a second online CPU");
	KUNIT_ASSERT_EQ(test, kexec_call_set_deadline(image, TEST_DEADLINE_MS), 0);
	KUNIT_ASSERT_EQ(test, kexec_call_set_abort_flag(image, &abort_flag), 0);
	/*
	 * On the boot CPU, which keeps jiffies while the tick is periodic (as
	 * it is when built-in tests run): jiffies stop during the call, and
	 * the deadline must not depend on them.
	 */
	KUNIT_ASSERT_EQ(test, set_cpus_allowed_ptr(current,
						   cpumask_of(cpumask_first(cpu_online_mask))),
			0);

	for (i = 0; i < 3; i++) {
		ret = 0xabad1dea;
		t0 = ktime_get();
		KUNIT_EXPECT_EQ(test, kexec_call(image, &ret, 2, c->how, 0UL),
				-ETIMEDOUT);
		ms = ktime_ms_delta(ktime_get(), t0);
		KUNIT_EXPECT_EQ(test, ret, 0xabad1dea);
		KUNIT_EXPECT_EQ(test, state->fault_vector, X86_TRAP_NMI + 1);
		/* The watch said so in the caller's abort flag too */
		KUNIT_EXPECT_EQ(test, READ_ONCE(abort_flag), 1U);
		KUNIT_EXPECT_GE(test, ms, TEST_DEADLINE_MS);
		KUNIT_EXPECT_LT(test, ms, TEST_DEADLINE_MS + TEST_ABORT_LATE_MS);
		kunit_info(test, "aborted after %lld ms\n", ms);

		/* The kernel goes on and the same image returns normally */
		KUNIT_ASSERT_EQ(test, kexec_call(image, &ret, 2, c->how, 1000UL), 0);
		KUNIT_EXPECT_GT(test, lower_32_bits(ret), 0);
		KUNIT_EXPECT_EQ(test, state->fault_vector, 0);
		KUNIT_EXPECT_EQ(test, READ_ONCE(abort_flag), 0U);
	}
	KUNIT_EXPECT_EQ(test, kexec_call_set_abort_flag(image, NULL), 0);
	set_cpus_allowed_ptr(current, cpu_possible_mask);
}

/* One call of the spin callee that never returns: aborted in time? */
static void kexec_call_expect_abort(struct kunit *test, struct kimage *image,
				    const char *when)
{
	u64 ret;
	ktime_t t0 = ktime_get();
	s64 ms;

	KUNIT_EXPECT_EQ_MSG(test, kexec_call(image, &ret, 2, 0UL, 0UL),
			    -ETIMEDOUT, "%s", when);
	ms = ktime_ms_delta(ktime_get(), t0);
	KUNIT_EXPECT_GE_MSG(test, ms, TEST_DEADLINE_MS, "%s", when);
	KUNIT_EXPECT_LT_MSG(test, ms, TEST_DEADLINE_MS + TEST_ABORT_LATE_MS,
			    "%s", when);
	kunit_info(test, "%s: aborted after %lld ms\n", when, ms);
}

/* Ten calls that return, from the current CPU */
static void kexec_call_ten_calls(struct kunit *test, struct kimage *image)
{
	u64 ret;
	unsigned int i;

	for (i = 0; i < 10; i++)
		KUNIT_ASSERT_EQ(test, kexec_call(image, &ret, 2, 0UL, 1UL), 0);
}

/*
 * The watch is started once for a run of calls and runs on another CPU:
 * each call's deadline must still hold when the deadline gets shorter than
 * the one the watch was started for, and when the call is made from the
 * CPU the watch runs on.  A quiet period stops it.
 */
static void kexec_call_deadline_watch(struct kunit *test)
{
	struct kimage *image = load_callee(test, CALLEE(spin));
	struct kexec_call_state *state = kexec_call_test_state(image);
	unsigned int first, other;

	if (num_online_cpus() < 2)
		kunit_skip(test, "the deadline needs a second online CPU");
	first = cpumask_first(cpu_online_mask);
	KUNIT_ASSERT_EQ(test, set_cpus_allowed_ptr(current, cpumask_of(first)), 0);

	/* Started for the default deadline, then a call with a shorter one */
	kexec_call_ten_calls(test, image);
	other = kexec_call_watch_where(state);
	KUNIT_ASSERT_GE(test, (int)other, 0);
	KUNIT_EXPECT_NE(test, other, first);
	KUNIT_ASSERT_EQ(test, kexec_call_set_deadline(image, TEST_DEADLINE_MS), 0);
	kexec_call_expect_abort(test, image, "shorter deadline");

	/* Calls from the CPU the watch runs on: it moves */
	kexec_call_ten_calls(test, image);
	other = kexec_call_watch_where(state);
	KUNIT_ASSERT_GE(test, (int)other, 0);
	KUNIT_ASSERT_EQ(test, set_cpus_allowed_ptr(current, cpumask_of(other)), 0);
	kexec_call_expect_abort(test, image, "from the watching CPU");
	KUNIT_EXPECT_NE(test, kexec_call_watch_where(state), (int)other);

	/*
	 * Two periods after the last call the watch stops; wait for ten, for
	 * a host slow to run the watching vCPU.
	 */
	msleep(10 * TEST_DEADLINE_MS);
	KUNIT_EXPECT_EQ(test, kexec_call_watch_where(state), -1);
	set_cpus_allowed_ptr(current, cpu_possible_mask);
}

/*
 * A hold whose lock keeps the CPU, interrupts off, for @data ms by the
 * clock (mdelay() is not that exact under emulation)
 */
static void kexec_call_test_slow_lock(void *data)
{
	ktime_t t = ktime_get();

	while (ktime_ms_delta(ktime_get(), t) < (unsigned long)data)
		cpu_relax();
}

static void kexec_call_test_slow_unlock(void *data)
{
}

/*
 * A call that finds the watch running and then spins on its hold for
 * longer than the watch's quiet periods: the watch must not stop in
 * between, and the callee that never returns is still aborted.
 */
static void kexec_call_deadline_slow_hold(struct kunit *test)
{
	struct kimage *image = load_callee(test, CALLEE(spin));
	struct kexec_call_state *state = kexec_call_test_state(image);
	const struct kexec_call_hold slow = {
		.lock = kexec_call_test_slow_lock,
		.unlock = kexec_call_test_slow_unlock,
		.data = (void *)(3UL * TEST_DEADLINE_MS),
	};
	ktime_t t0;
	u64 ret;
	s64 ms;

	if (num_online_cpus() < 2)
		kunit_skip(test, "the deadline needs a second online CPU");
	KUNIT_ASSERT_EQ(test, kexec_call_set_deadline(image, TEST_DEADLINE_MS), 0);
	/* The watch running, for this deadline */
	KUNIT_ASSERT_EQ(test, kexec_call(image, &ret, 2, 0UL, 1UL), 0);
	KUNIT_ASSERT_GE(test, kexec_call_watch_where(state), 0);
	KUNIT_ASSERT_EQ(test, kexec_call_set_hold(image, &slow), 0);
	t0 = ktime_get();
	KUNIT_EXPECT_EQ(test, kexec_call(image, &ret, 2, 0UL, 0UL), -ETIMEDOUT);
	/* The deadline starts once the hold is taken */
	ms = ktime_ms_delta(ktime_get(), t0);
	KUNIT_EXPECT_GE(test, ms, 4 * TEST_DEADLINE_MS);
	KUNIT_EXPECT_LT(test, ms, 4 * TEST_DEADLINE_MS + TEST_ABORT_LATE_MS);
	kunit_info(test, "aborted after %lld ms, 3 periods of them in the hold\n", ms);
	KUNIT_EXPECT_EQ(test, kexec_call_set_hold(image, NULL), 0);
}

static struct kunit_case kexec_call_deadline_test_cases[] = {
	KUNIT_CASE(kexec_call_deadline_settings),
	KUNIT_CASE_PARAM(kexec_call_deadline_aborts, kexec_call_hang_gen_params),
	KUNIT_CASE(kexec_call_deadline_watch),
	KUNIT_CASE(kexec_call_deadline_slow_hold),
	{}
};

static struct kunit_suite kexec_call_deadline_suite = {
	.name = "kexec_call_deadline",
	.init = kexec_call_test_init,
	.test_cases = kexec_call_deadline_test_cases,
};

/*
 * A callee that sends its CPU an interrupt (the irq_work vector, which
 * Linux counts and which needs no work queued), enables interrupts and
 * spins for a millisecond: an interrupt taken in physical mode would end
 * the call with -EFAULT.  The kernel takes it once, after the call.
 */
static void kexec_call_irq_held_off(struct kunit *test)
{
	struct kimage *image = load_callee(test, CALLEE(spin));
	unsigned int irq_work, irq_work_after, timer, timer_after;
	unsigned long j;
	u64 ret = 0;
	int err;

	migrate_disable();
	irq_work = this_cpu_read(irq_stat.apic_irq_work_irqs);
	err = kexec_call(image, &ret, 3, SPIN_STI | SPIN_SELF_IPI,
			 (unsigned long)tsc_khz, (unsigned long)IRQ_WORK_VECTOR);
	/* Taken on the way out of the call, with interrupts enabled again */
	irq_work_after = this_cpu_read(irq_stat.apic_irq_work_irqs);
	KUNIT_EXPECT_EQ(test, irq_work_after, irq_work + 1);

	/* Timers work afterwards */
	timer = this_cpu_read(irq_stat.apic_timer_irqs);
	j = jiffies;
	msleep(20);
	timer_after = this_cpu_read(irq_stat.apic_timer_irqs);
	KUNIT_EXPECT_GT(test, timer_after, timer);
	migrate_enable();
	KUNIT_EXPECT_GE(test, jiffies - j, msecs_to_jiffies(20));

	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_EXPECT_GT(test, lower_32_bits(ret), 0);
}

static struct kunit_case kexec_call_irq_test_cases[] = {
	KUNIT_CASE(kexec_call_irq_held_off),
	{}
};

static struct kunit_suite kexec_call_irq_suite = {
	.name = "kexec_call_irq",
	.init = kexec_call_test_init,
	.test_cases = kexec_call_irq_test_cases,
};

/* A callee that returns with CPU state changed: repaired and reported. */
enum kexec_call_bad_state {
	BAD_STATE_DF = 1,
	BAD_STATE_IF,
	BAD_STATE_CR0_AM,
	BAD_STATE_CR4_TSD,
};

struct kexec_call_repair_case {
	const char *name;
	enum kexec_call_bad_state what;
};

static const struct kexec_call_repair_case kexec_call_repair_cases[] = {
	{ "direction_flag", BAD_STATE_DF },
	{ "interrupt_flag", BAD_STATE_IF },
	{ "cr0_alignment_mask", BAD_STATE_CR0_AM },
	{ "cr4_time_stamp_disable", BAD_STATE_CR4_TSD },
};

KUNIT_ARRAY_PARAM_DESC(kexec_call_repair, kexec_call_repair_cases, name);

static void kexec_call_repair_state(struct kunit *test)
{
	const struct kexec_call_repair_case *c = test->param_value;
	struct kimage *image = load_callee(test, CALLEE(bad_state));
	struct kexec_call_state *state = kexec_call_test_state(image);
	unsigned long cr0, cr4, flags;
	u64 ret = 0;
	int err;

	migrate_disable();
	cr0 = read_cr0();
	cr4 = __read_cr4();
	err = kexec_call(image, &ret, 1, (unsigned long)c->what);
	flags = native_save_fl();
	KUNIT_EXPECT_EQ(test, read_cr0(), cr0);
	KUNIT_EXPECT_EQ(test, __read_cr4(), cr4);
	migrate_enable();

	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_EXPECT_EQ(test, ret, GOOD);
	/* The callee did leave the state changed... */
	switch (c->what) {
	case BAD_STATE_DF:
		KUNIT_EXPECT_TRUE(test, state->ret_eflags & X86_EFLAGS_DF);
		break;
	case BAD_STATE_IF:
		KUNIT_EXPECT_TRUE(test, state->ret_eflags & X86_EFLAGS_IF);
		break;
	case BAD_STATE_CR0_AM:
		KUNIT_EXPECT_EQ(test, state->ret_cr0 ^ state->cr0_call,
				X86_CR0_AM);
		break;
	case BAD_STATE_CR4_TSD:
		KUNIT_EXPECT_EQ(test, state->ret_cr4 ^ state->cr4_call,
				X86_CR4_TSD);
		break;
	}
	/* ... the kernel runs with its own, and the firmware is blamed */
	KUNIT_EXPECT_EQ(test, flags & (X86_EFLAGS_DF | X86_EFLAGS_IF),
			X86_EFLAGS_IF);
	KUNIT_EXPECT_TRUE(test, test_taint(TAINT_FIRMWARE_WORKAROUND));
}

static struct kunit_case kexec_call_repair_test_cases[] = {
	KUNIT_CASE_PARAM(kexec_call_repair_state, kexec_call_repair_gen_params),
	{}
};

static struct kunit_suite kexec_call_repair_suite = {
	.name = "kexec_call_repair",
	.init = kexec_call_test_init,
	.test_cases = kexec_call_repair_test_cases,
};

#define STORM_THREADS	4
#define STORM_CALLS	1000

/**
 * struct kexec_call_storm - calls made from several threads at once
 * @image: a counter callee they all call
 * @done: completed by each thread when it is finished
 * @bad: wrong results or errors seen, over all threads
 */
struct kexec_call_storm {
	struct kimage *image;
	struct completion done;
	atomic_t bad;
};

static int kexec_call_storm_thread(void *data)
{
	struct kexec_call_storm *storm = data;
	u64 ret, last = 0;
	unsigned int i;

	for (i = 0; i < STORM_CALLS; i++) {
		/* The counter only rises: calls are serialised */
		if (kexec_call(storm->image, &ret, 0) || ret <= last)
			atomic_inc(&storm->bad);
		last = ret;
	}
	complete(&storm->done);
	return 0;
}

static void kexec_call_concurrency_threads(struct kunit *test)
{
	struct kexec_call_storm storm = { };
	u32 *value = callee_var(test, CALLEE_VAR(counter, counter_value));
	struct task_struct *task;
	unsigned int i, started = 0;

	storm.image = load_callee(test, CALLEE(counter));
	init_completion(&storm.done);
	for (i = 0; i < STORM_THREADS; i++) {
		task = kthread_run(kexec_call_storm_thread, &storm,
				   "kexec_call_storm/%u", i);
		KUNIT_EXPECT_FALSE(test, IS_ERR(task));
		if (!IS_ERR(task))
			started++;
	}
	for (i = 0; i < started; i++)
		KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&storm.done,
								  60 * HZ), 0UL);

	KUNIT_EXPECT_EQ(test, started, STORM_THREADS);
	KUNIT_EXPECT_EQ(test, atomic_read(&storm.bad), 0);
	KUNIT_EXPECT_EQ(test, *value, started * STORM_CALLS);
}

/* Advances @data, the await_change callee's variable, on another CPU. */
static int kexec_call_ticker_thread(void *data)
{
	u32 *value = data;

	while (!kthread_should_stop()) {
		WRITE_ONCE(*value, READ_ONCE(*value) + 1);
		cond_resched();
	}
	return 0;
}

#define TICKER_CALLS		2000
/* How long a call waits for the counter to move, in milliseconds */
#define TICKER_WAIT_MS		50
/* Calls that may wait in vain: one in ten */
#define TICKER_MISSES_MAX	(TICKER_CALLS / 10)

/*
 * Other CPUs run while a CPU is in physical mode: each call spins until a
 * thread bound to another CPU moves a counter, and returns how long it
 * spun.  A kexec_call that held the other CPUs would leave every call
 * waiting in vain.  A few may, rightly: when the other CPU waits for this
 * one (a stop_machine(), a synchronous IPI, which this CPU answers only
 * after the call), or when a host with fewer CPUs than the guest keeps that
 * vCPU off its CPU for a while.  So a call waits at most TICKER_WAIT_MS and
 * the caller then lets such work run; nine calls in ten must see the
 * counter move.
 */
static void kexec_call_concurrency_other_cpus_run(struct kunit *test)
{
	struct kimage *image = load_callee(test, CALLEE(await_change));
	u32 *value = callee_var(test, CALLEE_VAR(await_change, await_change_value));
	unsigned long cycles = (unsigned long)tsc_khz * TICKER_WAIT_MS;
	unsigned int i, other, missed = 0;
	struct task_struct *task;
	u64 ret, spins = 0;
	int err;

	migrate_disable();
	other = cpumask_any_but(cpu_online_mask, smp_processor_id());
	if (other >= nr_cpu_ids) {
		migrate_enable();
		kunit_skip(test, "needs a second online CPU");
	}
	task = kthread_create(kexec_call_ticker_thread, value,
			      "kexec_call_ticker");
	if (IS_ERR(task)) {
		migrate_enable();
		KUNIT_FAIL(test, "no ticker thread: %ld", PTR_ERR(task));
		return;
	}
	kthread_bind(task, other);
	get_task_struct(task);
	wake_up_process(task);

	for (i = 0; i < TICKER_CALLS && missed <= TICKER_MISSES_MAX; i++) {
		err = kexec_call(image, &ret, 1, cycles);
		if (err) {
			KUNIT_FAIL(test, "call %u: %d", i, err);
			break;
		}
		if (ret)
			spins += ret;
		else
			missed++;
		cond_resched();
	}
	kthread_stop(task);
	put_task_struct(task);
	migrate_enable();

	KUNIT_EXPECT_EQ(test, i, TICKER_CALLS);
	KUNIT_EXPECT_LE(test, missed, TICKER_MISSES_MAX);
	kunit_info(test, "%u of %u calls saw CPU %u's counter move (%llu spins in all), %u waited %u ms in vain\n",
		   i - missed, i, other, spins, missed, TICKER_WAIT_MS);
}

static struct kunit_case kexec_call_concurrency_test_cases[] = {
	KUNIT_CASE_SLOW(kexec_call_concurrency_threads),
	KUNIT_CASE(kexec_call_concurrency_other_cpus_run),
	{}
};

static struct kunit_suite kexec_call_concurrency_suite = {
	.name = "kexec_call_concurrency",
	.init = kexec_call_test_init,
	.test_cases = kexec_call_concurrency_test_cases,
};

kunit_test_suites(&kexec_call_fpu_suite, &kexec_call_deadline_suite,
		  &kexec_call_irq_suite, &kexec_call_repair_suite,
		  &kexec_call_concurrency_suite);
