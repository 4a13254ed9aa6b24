// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for CONFIG_KEXEC_CALL_BENCH's measurements: each command gives one
 * line per sample, a call's interrupts-off window lies inside the call,
 * and every bad command is refused with its errno and no results.
 */

#include <linux/kernel.h>
#include <linux/kexec_call.h>
#include <linux/kstrtox.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <kunit/test.h>

#include <asm/tsc.h>

#include "../kexec_call_internal.h"

#define BENCH_OUT_SIZE	4096

/* Splits @text into lines of one or two numbers; returns the line count */
static unsigned int bench_parse(struct kunit *test, char *text, u64 *first,
				u64 *second, unsigned int max)
{
	unsigned int n = 0;
	char *line;

	while ((line = strsep(&text, "\n")) && *line && n < max) {
		char *b = strchr(line, ' ');

		second[n] = 0;
		if (b) {
			*b++ = '\0';
			KUNIT_EXPECT_EQ(test, kstrtou64(b, 10, &second[n]), 0);
		}
		KUNIT_EXPECT_EQ(test, kstrtou64(line, 10, &first[n]), 0);
		n++;
	}
	return n;
}

static void kexec_call_bench_samples(struct kunit *test)
{
	char *out = kunit_kzalloc(test, BENCH_OUT_SIZE, GFP_KERNEL);
	u64 call[8], irqs_off[8];
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, out);

	/* Five null calls with 16 arguments: the window lies inside each call */
	KUNIT_ASSERT_EQ(test, kexec_call_bench_command("null 5 16", out,
						       BENCH_OUT_SIZE), 0);
	KUNIT_ASSERT_EQ(test, bench_parse(test, out, call, irqs_off, 8), 5);
	for (i = 0; i < 5; i++) {
		KUNIT_EXPECT_GT(test, irqs_off[i], 0);
		KUNIT_EXPECT_LT(test, irqs_off[i], call[i]);
	}

	/* Bare switches: one number each */
	KUNIT_ASSERT_EQ(test, kexec_call_bench_command("floor 3", out,
						       BENCH_OUT_SIZE), 0);
	KUNIT_ASSERT_EQ(test, bench_parse(test, out, call, irqs_off, 8), 3);
	for (i = 0; i < 3; i++) {
		KUNIT_EXPECT_GT(test, call[i], 0);
		KUNIT_EXPECT_EQ(test, irqs_off[i], 0);
	}

	/* A 20 ms storm makes at least one call */
	KUNIT_ASSERT_EQ(test, kexec_call_bench_command("storm 20", out,
						       BENCH_OUT_SIZE), 0);
	KUNIT_ASSERT_EQ(test, bench_parse(test, out, call, irqs_off, 8), 1);
	KUNIT_EXPECT_GT(test, call[0], 0);

	/*
	 * Its control: 20 ms of rounds meant to last 1000 cycles each, by a
	 * calibration a stray interrupt may skew: at most as many rounds of
	 * 100 cycles as fit in 40 ms (the end is a jiffy late at worst)
	 */
	KUNIT_ASSERT_EQ(test, kexec_call_bench_command("control 20 300 700", out,
						       BENCH_OUT_SIZE), 0);
	KUNIT_ASSERT_EQ(test, bench_parse(test, out, call, irqs_off, 8), 1);
	KUNIT_EXPECT_GT(test, call[0], 0);
	KUNIT_EXPECT_LE(test, call[0], 40ULL * tsc_khz / 100);
}

struct kexec_call_bench_bad {
	const char *cmd;
	int err;
};

static const struct kexec_call_bench_bad kexec_call_bench_bad_cases[] = {
	{ "", -EINVAL },
	{ "null", -EINVAL },
	{ "nothing 5", -EINVAL },
	{ "null 0", -ERANGE },
	{ "floor 100001", -ERANGE },
	{ "storm 0", -ERANGE },
	{ "storm 10001", -ERANGE },
	{ "null 5 17", -E2BIG },
	{ "cpu_ext 5 4294967295", -E2BIG },
	{ "control 0 300 700", -ERANGE },
	{ "control 20 0 700", -ERANGE },
	{ "control 20 99999999 2", -ERANGE },
	{ "null 5 1 1", -EINVAL },
};

static void kexec_call_bench_bad_desc(const struct kexec_call_bench_bad *c,
				      char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "\"%s\"", c->cmd);
}

KUNIT_ARRAY_PARAM(kexec_call_bench_bad, kexec_call_bench_bad_cases,
		  kexec_call_bench_bad_desc);

static void kexec_call_bench_refused(struct kunit *test)
{
	const struct kexec_call_bench_bad *c = test->param_value;
	char out[16] = "untouched";

	/* Results of a good command first, so that "empty after" means something */
	KUNIT_ASSERT_EQ(test, kexec_call_bench_command("floor 1", NULL, 0), 0);
	KUNIT_EXPECT_EQ(test, kexec_call_bench_command(c->cmd, out, sizeof(out)),
			c->err);
	/* A refused command runs nothing and leaves the old results */
	KUNIT_EXPECT_STREQ(test, out, "untouched");
}

static struct kunit_case kexec_call_bench_test_cases[] = {
	KUNIT_CASE(kexec_call_bench_samples),
	KUNIT_CASE_PARAM(kexec_call_bench_refused, kexec_call_bench_bad_gen_params),
	{}
};

static struct kunit_suite kexec_call_bench_suite = {
	.name = "kexec_call_bench",
	.test_cases = kexec_call_bench_test_cases,
};

kunit_test_suite(kexec_call_bench_suite);
