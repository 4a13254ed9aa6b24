// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for kexec_call: real physical-mode callees, called through
 * kexec_call() and checked for exact results, preserved kernel state and
 * every refusal.  The callees are 32-bit routines from
 * kexec_call_kunit_callees.S, copied to a page below 4 GiB.
 */

#define pr_fmt(fmt) "kexec_call_test: " fmt

#include <linux/delay.h>
#include <linux/gfp.h>
#include <linux/irqflags.h>
#include <linux/kexec.h>
#include <linux/kexec_call.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/nmi.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/vmstat.h>

#include <kunit/test.h>

#include <asm/kexec_call.h>
#include <asm/processor-flags.h>
#include <asm/trapnr.h>

#include "../kexec_call_internal.h"
#include "kexec_call_kunit.h"

#define RET_CONST	0x4b455843UL

/* RFLAGS bits a call must preserve; arithmetic flags may differ anyway. */
#define KEXEC_CALL_TEST_SYSTEM_FLAGS	(X86_EFLAGS_TF | X86_EFLAGS_IF |	\
					 X86_EFLAGS_DF | X86_EFLAGS_IOPL |	\
					 X86_EFLAGS_NT | X86_EFLAGS_AC)

static DEFINE_PER_CPU(unsigned long, kexec_call_test_pcpu);

static void kexec_call_args_returns_constant(struct kunit *test)
{
	struct kimage *image = load_callee(test, CALLEE(ret_const));
	u64 ret = 0;

	KUNIT_ASSERT_EQ(test, kexec_call(image, &ret, 0), 0);
	KUNIT_EXPECT_EQ(test, lower_32_bits(ret), RET_CONST);
}

static void kexec_call_args_returns_edx_eax(struct kunit *test)
{
	struct kimage *image = load_callee(test, CALLEE(ret64));
	u64 ret = 0;

	KUNIT_ASSERT_EQ(test, kexec_call(image, &ret, 0), 0);
	KUNIT_EXPECT_EQ(test, ret, 0x0123456789abcdefULL);
}

/* kexec_call() with the first @argc of @v; the rest are not read. */
static int call_with(struct kimage *image, u64 *ret,
		     unsigned int argc, const unsigned long *v)
{
	return kexec_call(image, ret, argc, v[0], v[1], v[2], v[3], v[4],
			  v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12],
			  v[13], v[14], v[15], v[16]);
}

static void kexec_call_args_sums_every_count(struct kunit *test)
{
	struct kimage *image = load_callee(test, CALLEE(weighted_sum));
	u32 *count = callee_var(test, CALLEE_VAR(weighted_sum,
						 weighted_sum_count));
	unsigned long v[KEXEC_CALL_MAX_ARGS + 1];
	unsigned int argc, i;

	BUILD_BUG_ON(KEXEC_CALL_MAX_ARGS + 1 != 17);
	for (i = 0; i < ARRAY_SIZE(v); i++)
		v[i] = 0x10001 * (i + 3) ^ (i == 0 ? 0xf0000000 : 0);

	for (argc = 0; argc <= KEXEC_CALL_MAX_ARGS; argc++) {
		u64 ret = ~0ULL;
		u32 expect = 0;

		for (i = 0; i < argc; i++)
			expect += (i + 1) * (u32)v[i];
		*count = argc;

		KUNIT_ASSERT_EQ(test, call_with(image, &ret, argc, v), 0);
		KUNIT_EXPECT_EQ_MSG(test, lower_32_bits(ret), expect,
				    "argc=%u", argc);
	}
}

static void kexec_call_protocol_paging_off(struct kunit *test)
{
	struct kimage *image = load_callee(test, CALLEE(read_cr0));
	u64 ret = 0;

	KUNIT_ASSERT_EQ(test, kexec_call(image, &ret, 0), 0);
	KUNIT_EXPECT_EQ(test, ret & X86_CR0_PG, 0);
	KUNIT_EXPECT_EQ(test, ret & X86_CR0_PE, X86_CR0_PE);
	KUNIT_EXPECT_EQ(test, read_cr0() & X86_CR0_PG, X86_CR0_PG);
}

static void kexec_call_protocol_writes_physical(struct kunit *test)
{
	struct kimage *image = load_callee(test, CALLEE(write_pattern));
	u64 ret = 0;
	unsigned int i, count = 256;
	u32 *buf;

	buf = (u32 *)get_zeroed_page(GFP_KERNEL | __GFP_DMA32);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, kexec_call_test_free_page,
							buf), 0);

	KUNIT_ASSERT_EQ(test, kexec_call(image, &ret, 3,
					 (unsigned long)virt_to_phys(buf),
					 (unsigned long)count, 0xc0de0000UL), 0);
	KUNIT_EXPECT_EQ(test, lower_32_bits(ret), count);
	for (i = 0; i < count; i++)
		KUNIT_EXPECT_EQ_MSG(test, buf[i], 0xc0de0000 + i, "word %u", i);
	KUNIT_EXPECT_EQ(test, buf[count], 0);
}

/*
 * Values the compiler keeps in callee-saved registers across the call,
 * per-CPU data, current and printk must all survive a callee that
 * clobbers what it may.
 */
static void check_kernel_state_survives(struct kunit *test, struct kimage *image,
					unsigned long expect)
{
	struct task_struct *me = current;
	unsigned long a = 0x1111111111111111UL * (expect & 0xf);
	unsigned long b = a ^ 0x2222, c = a ^ 0x3333, d = a ^ 0x4444;
	unsigned long e = a ^ 0x5555, f = a ^ 0x6666;
	unsigned long flags_before, flags_after, pcpu;
	u64 ret = 0;
	int err;

	migrate_disable();
	this_cpu_write(kexec_call_test_pcpu, a ^ 0xfeed);
	asm volatile("" : "+r" (a), "+r" (b), "+r" (c), "+r" (d), "+r" (e),
		     "+r" (f));
	flags_before = native_save_fl();
	err = kexec_call(image, &ret, 0);
	flags_after = native_save_fl();
	asm volatile("" : "+r" (a), "+r" (b), "+r" (c), "+r" (d), "+r" (e),
		     "+r" (f));
	pcpu = this_cpu_read(kexec_call_test_pcpu);
	KUNIT_EXPECT_EQ(test, pcpu, a ^ 0xfeed);
	migrate_enable();

	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_EXPECT_EQ(test, lower_32_bits(ret), expect);
	KUNIT_EXPECT_PTR_EQ(test, current, me);
	KUNIT_EXPECT_EQ(test, b, a ^ 0x2222);
	KUNIT_EXPECT_EQ(test, c, a ^ 0x3333);
	KUNIT_EXPECT_EQ(test, d, a ^ 0x4444);
	KUNIT_EXPECT_EQ(test, e, a ^ 0x5555);
	KUNIT_EXPECT_EQ(test, f, a ^ 0x6666);
	KUNIT_EXPECT_EQ(test, flags_after & KEXEC_CALL_TEST_SYSTEM_FLAGS,
			flags_before & KEXEC_CALL_TEST_SYSTEM_FLAGS);
	KUNIT_EXPECT_EQ(test, flags_after & X86_EFLAGS_DF, 0);
	KUNIT_EXPECT_GT(test, pr_info("kernel state intact after callee\n"), 0);
}

static void kexec_call_protocol_clobbered_regs(struct kunit *test)
{
	check_kernel_state_survives(test, load_callee(test, CALLEE(clobber_regs)),
				    0x600d600d);
}

static void kexec_call_protocol_clobbered_segs(struct kunit *test)
{
	check_kernel_state_survives(test, load_callee(test, CALLEE(clobber_segs)),
				    0x5e65);
}

static void kexec_call_protocol_state_kept(struct kunit *test)
{
	struct kimage *image = load_callee(test, CALLEE(counter));
	u32 *value = callee_var(test, CALLEE_VAR(counter, counter_value));
	u64 ret;
	unsigned int i;

	for (i = 1; i <= 100; i++) {
		ret = 0;
		KUNIT_ASSERT_EQ(test, kexec_call(image, &ret, 0), 0);
		KUNIT_ASSERT_EQ(test, lower_32_bits(ret), i);
	}
	KUNIT_EXPECT_EQ(test, *value, 100);
}

/* Exceptions raised by the callee: each ends its call with -EFAULT. */
struct kexec_call_fault_case {
	const char *name;
	unsigned long how;
	unsigned int vector;
	u32 error_code;
	const u8 *eip;
};

static const struct kexec_call_fault_case kexec_call_fault_cases[] = {
	{ "ud2", 1, X86_TRAP_UD, 0, kexec_call_test_fault_ud },
	{ "divide_by_zero", 2, X86_TRAP_DE, 0, kexec_call_test_fault_de },
	{ "int3", 3, X86_TRAP_BP, 0, kexec_call_test_fault_bp_next },
	{ "bad_selector", 4, X86_TRAP_GP, 0xfff8, kexec_call_test_fault_gp },
};

KUNIT_ARRAY_PARAM_DESC(kexec_call_fault, kexec_call_fault_cases, name);

static void kexec_call_protocol_fault_caught(struct kunit *test)
{
	const struct kexec_call_fault_case *c = test->param_value;
	struct kimage *image = load_callee(test, CALLEE(fault));
	struct kexec_call_test_ctx *ctx = test->priv;
	struct kexec_call_state *state = kexec_call_test_state(image);
	u64 ret;
	unsigned int i;

	for (i = 0; i < 3; i++) {
		ret = 0xabad1dea;
		KUNIT_EXPECT_EQ(test, kexec_call(image, &ret, 1, c->how), -EFAULT);
		KUNIT_EXPECT_EQ(test, ret, 0xabad1dea);
		KUNIT_EXPECT_EQ(test, state->fault_vector, c->vector + 1);
		KUNIT_EXPECT_EQ(test, state->fault_error, c->error_code);
		KUNIT_EXPECT_EQ(test, state->fault_eip,
				(u32)virt_to_phys(ctx->code) +
				(u32)(c->eip - kexec_call_test_fault_start));

		/* The kernel goes on and the same image still works. */
		KUNIT_ASSERT_EQ(test, kexec_call(image, &ret, 1, 0UL), 0);
		KUNIT_EXPECT_EQ(test, lower_32_bits(ret), 0x600d);
		KUNIT_EXPECT_EQ(test, state->fault_vector, 0);
	}
}

static atomic_t kexec_call_test_nmi_armed;
static atomic_t kexec_call_test_nmi_seen;

static int kexec_call_test_nmi_handler(unsigned int type, struct pt_regs *regs)
{
	if (atomic_add_unless(&kexec_call_test_nmi_armed, -1, 0)) {
		atomic_inc(&kexec_call_test_nmi_seen);
		return NMI_HANDLED;
	}
	return NMI_DONE;
}

static void kexec_call_test_unregister_nmi(void *unused)
{
	unregister_nmi_handler(NMI_LOCAL, "kexec_call_test");
}

static void kexec_call_protocol_nmi_latched(struct kunit *test)
{
	struct kimage *image = load_callee(test, CALLEE(self_nmi));
	struct kexec_call_state *state = kexec_call_test_state(image);
	unsigned int i, waited;
	u64 ret;
	int err;

	atomic_set(&kexec_call_test_nmi_armed, 0);
	atomic_set(&kexec_call_test_nmi_seen, 0);
	err = register_nmi_handler(NMI_LOCAL, kexec_call_test_nmi_handler, 0,
				   "kexec_call_test");
	KUNIT_ASSERT_EQ(test, err, 0);
	err = kunit_add_action_or_reset(test, kexec_call_test_unregister_nmi,
					NULL);
	KUNIT_ASSERT_EQ(test, err, 0);

	for (i = 1; i <= 10; i++) {
		atomic_inc(&kexec_call_test_nmi_armed);
		ret = 0;
		KUNIT_ASSERT_EQ(test, kexec_call(image, &ret, 0), 0);
		KUNIT_EXPECT_EQ(test, lower_32_bits(ret), 0x600d);
		/* It arrived in physical mode, and was latched there. */
		KUNIT_EXPECT_EQ(test, state->nmis, 1);
		for (waited = 0; waited < 100 &&
		     atomic_read(&kexec_call_test_nmi_seen) < i; waited++)
			mdelay(1);
		/* The kernel's handler saw it exactly once. */
		KUNIT_EXPECT_EQ(test, atomic_read(&kexec_call_test_nmi_seen), i);
	}
}

static unsigned long kexec_call_test_pages_in_use(void)
{
	return totalram_pages() - global_zone_page_state(NR_FREE_PAGES);
}

#define LEAK_ROUNDS	3

/*
 * Run @round LEAK_ROUNDS times and return the smallest growth of pages in
 * use over one round: a leak shows in every round, the per-CPU page lists
 * and other boot-time activity only now and then.  @round returns the
 * number of wrong results it saw, added to *@bad.
 */
static long kexec_call_test_growth(struct kunit *test,
				   unsigned int (*round)(struct kunit *test),
				   unsigned int *bad)
{
	long growth = LONG_MAX;
	unsigned long before;
	unsigned int i;

	round(test);
	for (i = 0; i < LEAK_ROUNDS; i++) {
		before = kexec_call_test_pages_in_use();
		*bad += round(test);
		growth = min(growth, (long)(kexec_call_test_pages_in_use() - before));
	}
	return growth;
}

static unsigned int many_calls_round(struct kunit *test)
{
	struct kexec_call_test_ctx *ctx = test->priv;
	unsigned int i, bad = 0;
	u64 ret;

	for (i = 0; i < 10000; i++) {
		ret = 0;
		if (kexec_call(ctx->image, &ret, 0) || ret != 0x0123456789abcdefULL)
			bad++;
		if (!(i % 1000))
			cond_resched();
	}
	return bad;
}

static void kexec_call_protocol_many_calls(struct kunit *test)
{
	unsigned int bad = 0;
	long growth;

	load_callee(test, CALLEE(ret64));
	growth = kexec_call_test_growth(test, many_calls_round, &bad);

	KUNIT_EXPECT_EQ(test, bad, 0);
	/* A leak of even 16 bytes a call would show as 39 pages a round. */
	KUNIT_EXPECT_LT(test, growth, 32L);
}

static unsigned int many_images_round(struct kunit *test)
{
	struct kexec_call_test_ctx *ctx = test->priv;
	struct kimage *image;
	unsigned int i, bad = 0;
	u64 ret;

	for (i = 0; i < 1000; i++) {
		image = kexec_call_alloc(virt_to_phys(ctx->code), 0);
		if (IS_ERR(image)) {
			bad++;
			continue;
		}
		if (kexec_call(image, &ret, 0) || lower_32_bits(ret) != RET_CONST)
			bad++;
		kexec_call_free(image);
	}
	return bad;
}

static void kexec_call_protocol_many_images(struct kunit *test)
{
	struct kexec_call_test_callee callee = CALLEE(ret_const);
	struct kexec_call_test_ctx *ctx = test->priv;
	unsigned int bad = 0;
	long growth;

	memcpy(ctx->code, callee.start, callee.end - callee.start);
	growth = kexec_call_test_growth(test, many_images_round, &bad);

	KUNIT_EXPECT_EQ(test, bad, 0);
	/*
	 * An image leaks at least its two control pages: 2,000 a round.
	 * Generic KASAN holds freed slab objects in its quarantine for a
	 * while, which shows here as growth; under it only a leak of pages
	 * can be told apart.
	 */
	KUNIT_EXPECT_LT(test, growth,
			IS_ENABLED(CONFIG_KASAN_GENERIC) ? 1024L : 32L);
}

/* Refusals at allocation. */
struct kexec_call_alloc_case {
	const char *name;
	phys_addr_t entry;
	unsigned long flags;
	int err;
};

static const struct kexec_call_alloc_case kexec_call_alloc_cases[] = {
	{ "entry_zero", 0, 0, -EINVAL },
#ifdef CONFIG_PHYS_ADDR_T_64BIT
	/* (Without a 64-bit phys_addr_t no entry can be that high) */
	{ "entry_4g", 0x100000000ULL, 0, -EINVAL },
	{ "entry_high", 0xfffff00000ULL, 0, -EINVAL },
#endif
	{ "flags_unknown", 0x1000, BIT(7), -EINVAL },
	{ "flags_unknown_with_known", 0x1000,
	  KEXEC_CALL_PRESERVE_CPU_EXT | BIT(5), -EINVAL },
};

KUNIT_ARRAY_PARAM_DESC(kexec_call_alloc, kexec_call_alloc_cases, name);

static void kexec_call_args_alloc_refused(struct kunit *test)
{
	const struct kexec_call_alloc_case *c = test->param_value;
	struct kimage *image;

	image = kexec_call_alloc(c->entry, c->flags);
	KUNIT_EXPECT_TRUE(test, IS_ERR(image));
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(image), c->err);
	if (!IS_ERR(image))
		kexec_call_free(image);
}

/* Refusals at call time: each must leave the callee's counter alone. */
enum kexec_call_bad_call {
	BAD_TOO_MANY_ARGS,
	BAD_ARG_ABOVE_32_BITS,
	BAD_ARG_NEGATIVE,
	BAD_WRONG_TYPE,
	BAD_FREED_IMAGE,
	BAD_NESTED,
	BAD_IRQS_DISABLED,
};

struct kexec_call_bad_case {
	const char *name;
	enum kexec_call_bad_call what;
	int err;
};

static const struct kexec_call_bad_case kexec_call_bad_cases[] = {
	{ "too_many_args", BAD_TOO_MANY_ARGS, -E2BIG },
#ifdef CONFIG_64BIT
	/* (On i386 every unsigned long fits in a 32-bit slot) */
	{ "arg_above_32_bits", BAD_ARG_ABOVE_32_BITS, -ERANGE },
	{ "arg_negative", BAD_ARG_NEGATIVE, -ERANGE },
#endif
	{ "wrong_image_type", BAD_WRONG_TYPE, -ENOEXEC },
	{ "freed_image", BAD_FREED_IMAGE, -ENOEXEC },
	{ "nested_call", BAD_NESTED, -EBUSY },
	{ "irqs_disabled", BAD_IRQS_DISABLED, -EDEADLK },
};

KUNIT_ARRAY_PARAM_DESC(kexec_call_bad, kexec_call_bad_cases, name);

static void kexec_call_args_call_refused(struct kunit *test)
{
	const struct kexec_call_bad_case *c = test->param_value;
	struct kimage *image = load_callee(test, CALLEE(counter));
	u32 *value = callee_var(test, CALLEE_VAR(counter, counter_value));
	unsigned long v[KEXEC_CALL_MAX_ARGS + 1] = { 0 };
	u64 ret = 0xabad1dea;
	struct kimage *other;
	unsigned long flags;
	int err = 0;

	switch (c->what) {
	case BAD_TOO_MANY_ARGS:
		err = call_with(image, &ret, KEXEC_CALL_MAX_ARGS + 1, v);
		break;
	case BAD_ARG_ABOVE_32_BITS:
		v[KEXEC_CALL_MAX_ARGS - 1] = (unsigned long)U32_MAX + 1;
		err = call_with(image, &ret, KEXEC_CALL_MAX_ARGS, v);
		break;
	case BAD_ARG_NEGATIVE:
		err = kexec_call(image, &ret, 2, 1UL, (unsigned long)-1L);
		break;
	case BAD_WRONG_TYPE:
		other = kunit_kzalloc(test, sizeof(*other), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, other);
		other->type = KEXEC_TYPE_DEFAULT;
		other->start = image->start;
		err = kexec_call(other, &ret, 0);
		break;
	case BAD_FREED_IMAGE:
		other = kexec_call_alloc(image->start, 0);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, other);
		kexec_call_free(other);
		err = kexec_call(other, &ret, 0);
		break;
	case BAD_NESTED:
		KUNIT_ASSERT_EQ(test, kexec_call_lock(), 0);
		err = kexec_call(image, &ret, 0);
		kexec_call_unlock();
		break;
	case BAD_IRQS_DISABLED:
		local_irq_save(flags);
		err = kexec_call(image, &ret, 0);
		local_irq_restore(flags);
		break;
	}

	KUNIT_EXPECT_EQ(test, err, c->err);
	KUNIT_EXPECT_EQ(test, ret, 0xabad1dea);
	KUNIT_EXPECT_EQ(test, *value, 0);

	/* Nothing was left half done: the image still works. */
	KUNIT_ASSERT_EQ(test, kexec_call(image, &ret, 0), 0);
	KUNIT_EXPECT_EQ(test, lower_32_bits(ret), 1);
}

static struct kunit_case kexec_call_args_cases[] = {
	KUNIT_CASE(kexec_call_args_returns_constant),
	KUNIT_CASE(kexec_call_args_returns_edx_eax),
	KUNIT_CASE(kexec_call_args_sums_every_count),
	KUNIT_CASE_PARAM(kexec_call_args_alloc_refused,
			 kexec_call_alloc_gen_params),
	KUNIT_CASE_PARAM(kexec_call_args_call_refused,
			 kexec_call_bad_gen_params),
	{}
};

static struct kunit_suite kexec_call_args_suite = {
	.name = "kexec_call_args",
	.init = kexec_call_test_init,
	.test_cases = kexec_call_args_cases,
};

static struct kunit_case kexec_call_protocol_cases[] = {
	KUNIT_CASE(kexec_call_protocol_paging_off),
	KUNIT_CASE(kexec_call_protocol_writes_physical),
	KUNIT_CASE(kexec_call_protocol_clobbered_regs),
	KUNIT_CASE(kexec_call_protocol_clobbered_segs),
	KUNIT_CASE(kexec_call_protocol_state_kept),
	KUNIT_CASE_PARAM(kexec_call_protocol_fault_caught,
			 kexec_call_fault_gen_params),
	KUNIT_CASE(kexec_call_protocol_nmi_latched),
	KUNIT_CASE_SLOW(kexec_call_protocol_many_calls),
	KUNIT_CASE_SLOW(kexec_call_protocol_many_images),
	{}
};

static struct kunit_suite kexec_call_protocol_suite = {
	.name = "kexec_call_protocol",
	.init = kexec_call_test_init,
	.test_cases = kexec_call_protocol_cases,
};

kunit_test_suites(&kexec_call_args_suite, &kexec_call_protocol_suite);

MODULE_DESCRIPTION("KUnit tests for kexec_call");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
