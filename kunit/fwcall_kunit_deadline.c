// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the deadline of fwcall's real-mode calls: a BIOS that
 * never returns (it waits for a key, or for a delay timed by interrupts
 * the calling CPU does not take, or spins) is abandoned once kexec_call's
 * watch fires, the call returns -ETIMEDOUT within the deadline and a
 * little more, and the next call works as before.  And the interrupt
 * vectors user space may not ask for.
 */

#include <linux/fwcall.h>
#include <linux/io.h>
#include <linux/ktime.h>
#include <linux/limits.h>
#include <linux/minmax.h>
#include <linux/string.h>

#include <kunit/test.h>

#include "../fwcall_internal.h"

/*
 * How late after its deadline an aborted call may return: at most
 * DEADLINE_SLACK_MS in the best of HANG_TRIES calls, and never more than
 * DEADLINE_LATE_MS, which leaves room for a loaded host that keeps the
 * watching vCPU off its CPU for a while (as kexec_call's own suite does).
 */
#define DEADLINE_SLACK_MS	100
#define DEADLINE_LATE_MS	400
#define HANG_TRIES		3

/* A "user interrupt" vector, free on PCs, and its handler's offset in the bounce buffer */
#define HANG_VECTOR		0x65
#define HANG_STUB		0x100

static const u8 fwcall_test_jmp_self[] = {
	0xeb, 0xfe,					/* 1: jmp 1b */
};

/**
 * struct fwcall_hang_case - a BIOS call that does not return
 * @name: the case's description
 * @vector: the interrupt
 * @eax: EAX for it
 * @ecx: ECX for it
 * @edx: EDX for it
 * @jmp_self: @vector is pointed at a "jmp $" of the test's own
 */
struct fwcall_hang_case {
	const char *name;
	u8 vector;
	u32 eax, ecx, edx;
	bool jmp_self;
};

static const struct fwcall_hang_case fwcall_hang_cases[] = {
	{ .name = "int 16h AH=00h, a key that never comes", .vector = 0x16 },
	{ .name = "int 15h AH=86h, a 16 s wait", .vector = 0x15, .eax = 0x8600,
	  .ecx = 0xf4, .edx = 0x2400 },
	{ .name = "jmp $ in real mode", .vector = HANG_VECTOR, .jmp_self = true },
};

KUNIT_ARRAY_PARAM_DESC(fwcall_hang, fwcall_hang_cases, name);

static int fwcall_deadline_test_init(struct kunit *test)
{
	if (!fwcall_available())
		kunit_skip(test, "no BIOS calls (no low memory or no image)");
	if (num_online_cpus() < 2)
		kunit_skip(test, "no deadline without a second CPU to watch the call");
	return 0;
}

/* One call of @c: -ETIMEDOUT, where the thunk abandoned the BIOS, how long. */
static s64 fwcall_hang_once(struct kunit *test, const struct fwcall_hang_case *c)
{
	u32 abort_at, *ivt_nmi = phys_to_virt(2 * 4), bios_nmi = *ivt_nmi;
	struct fwcall_regs regs = {
		.eax = c->eax, .ecx = c->ecx, .edx = c->edx,
	};
	ktime_t t0 = ktime_get();
	s64 ms;
	int err;

	err = fwcall_int(c->vector, &regs);
	ms = ktime_ms_delta(ktime_get(), t0);

	KUNIT_EXPECT_EQ(test, err, -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, READ_ONCE(*(u32 *)fwcall_low(FWCALL_THUNK_ABORT)), 1U);
	KUNIT_EXPECT_GE(test, ms, FWCALL_DEADLINE_MS);
	KUNIT_EXPECT_LT(test, ms, FWCALL_DEADLINE_MS + DEADLINE_LATE_MS);
	/* Abandoned in real mode, in our jmp $ for that case */
	abort_at = READ_ONCE(*(u32 *)fwcall_low(FWCALL_THUNK_ABORT_AT));
	KUNIT_EXPECT_NE(test, abort_at, 0U);
	if (c->jmp_self)
		KUNIT_EXPECT_EQ(test, abort_at, (u32)fwcall_bounce_seg() << 16 | HANG_STUB);
	kunit_info(test, "%s: %d after %lld ms, abandoned at %04x:%04x\n",
		   c->name, err, ms, abort_at >> 16, abort_at & 0xffff);

	/* The BIOS's NMI vector is back and no NMI is left counted */
	KUNIT_EXPECT_EQ(test, READ_ONCE(*ivt_nmi), bios_nmi);
	KUNIT_EXPECT_EQ(test, READ_ONCE(*(u32 *)fwcall_low(FWCALL_THUNK_NMIS)), 0U);
	return ms;
}

static void fwcall_deadline_hang_times_out(struct kunit *test)
{
	const struct fwcall_hang_case *c = test->param_value;
	u32 *ivt = phys_to_virt(c->vector * 4), saved = *ivt;
	u8 *bounce = fwcall_low(FWCALL_BOUNCE_OFFSET);
	int kb = fwcall_base_memory_kb();
	s64 ms, best = S64_MAX;
	unsigned int i;

	KUNIT_ASSERT_GT(test, kb, 0);
	if (c->jmp_self) {
		memcpy(bounce + HANG_STUB, fwcall_test_jmp_self,
		       sizeof(fwcall_test_jmp_self));
		WRITE_ONCE(*ivt, (u32)fwcall_bounce_seg() << 16 | HANG_STUB);
	}
	for (i = 0; i < HANG_TRIES && best > FWCALL_DEADLINE_MS + DEADLINE_SLACK_MS; i++) {
		ms = fwcall_hang_once(test, c);
		best = min(best, ms);
		/* The next call works as before, and clears the abort flag */
		KUNIT_EXPECT_EQ(test, fwcall_base_memory_kb(), kb);
		KUNIT_EXPECT_EQ(test, READ_ONCE(*(u32 *)fwcall_low(FWCALL_THUNK_ABORT)), 0U);
	}
	if (c->jmp_self)
		WRITE_ONCE(*ivt, saved);
	KUNIT_EXPECT_LE(test, best, FWCALL_DEADLINE_MS + DEADLINE_SLACK_MS);
}

/* A call that returns leaves the abort flag clear. */
static void fwcall_deadline_flag_clear_on_return(struct kunit *test)
{
	u32 *flag = fwcall_low(FWCALL_THUNK_ABORT);

	WRITE_ONCE(*flag, 1);
	KUNIT_EXPECT_GT(test, fwcall_base_memory_kb(), 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(*flag), 0U);
}

/**
 * struct fwcall_vector_case - a vector of a raw FWCALL_IOC_INT request
 * @name: the case's description
 * @vector: the vector
 * @allowed: whether user space may ask for it
 */
struct fwcall_vector_case {
	const char *name;
	u32 vector;
	bool allowed;
};

static const struct fwcall_vector_case fwcall_vector_cases[] = {
	{ .name = "0", .vector = 0, .allowed = true },
	{ .name = "2, the NMI", .vector = 2, .allowed = false },
	{ .name = "10h", .vector = 0x10, .allowed = true },
	{ .name = "15h", .vector = 0x15, .allowed = true },
	{ .name = "255", .vector = 255, .allowed = true },
	{ .name = "256", .vector = 256, .allowed = false },
};

KUNIT_ARRAY_PARAM_DESC(fwcall_vector, fwcall_vector_cases, name);

static void fwcall_vector_allowed_for_ioctl(struct kunit *test)
{
	const struct fwcall_vector_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, fwcall_int_vector_allowed(c->vector), c->allowed);
}

static struct kunit_case fwcall_deadline_test_cases[] = {
	KUNIT_CASE_PARAM(fwcall_deadline_hang_times_out, fwcall_hang_gen_params),
	KUNIT_CASE(fwcall_deadline_flag_clear_on_return),
	{}
};

static struct kunit_suite fwcall_deadline_test_suite = {
	.name = "fwcall_deadline",
	.init = fwcall_deadline_test_init,
	.test_cases = fwcall_deadline_test_cases,
};

static struct kunit_case fwcall_vector_test_cases[] = {
	KUNIT_CASE_PARAM(fwcall_vector_allowed_for_ioctl, fwcall_vector_gen_params),
	{}
};

static struct kunit_suite fwcall_vector_test_suite = {
	.name = "fwcall_raw_vectors",
	.test_cases = fwcall_vector_test_cases,
};

kunit_test_suites(&fwcall_deadline_test_suite, &fwcall_vector_test_suite);
