// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the locks a BIOS call holds (fwcall_hold.c): which of
 * pci_config_lock and rtc_lock each service takes.  That they keep the
 * kernel's own accesses apart is tested end to end, against sysfs and
 * /dev/rtc0 (tools/fwcall/fwcall_test_shared.c).
 */

#include <kunit/test.h>

#include "../fwcall_internal.h"

struct fwcall_hold_case {
	const char *name;
	u8 vector;
	u32 eax;
	unsigned int hold;
};

static const struct fwcall_hold_case fwcall_hold_cases[] = {
	{ "PCI BIOS present B101h", 0x1a, 0xb101, FWCALL_HOLD_PCI },
	{ "PCI BIOS read dword B10Ah", 0x1a, 0xb10a, FWCALL_HOLD_PCI },
	{ "PCI BIOS, high word set", 0x1a, 0x1234b10a, FWCALL_HOLD_PCI },
	{ "RTC read time 02h", 0x1a, 0x0200, FWCALL_HOLD_RTC },
	{ "RTC read date 04h", 0x1a, 0x0400, FWCALL_HOLD_RTC },
	{ "tick count 00h", 0x1a, 0x0000, FWCALL_HOLD_RTC },
	{ "B1h in AL only", 0x1a, 0x00b1, FWCALL_HOLD_RTC },
	{ "VBE 4F00h", 0x10, 0x4f00, 0 },
	{ "VBE with B1h in AH", 0x10, 0xb101, 0 },
	{ "E820h", 0x15, 0xe820, 0 },
	{ "wait 86h", 0x15, 0x8600, 0 },
	{ "base memory int 12h", 0x12, 0, 0 },
	{ "equipment int 11h", 0x11, 0, 0 },
	{ "disk int 13h", 0x13, 0x0800, 0 },
	{ "vector 0", 0x00, 0, 0 },
	{ "vector FFh", 0xff, 0xb101, 0 },
};

KUNIT_ARRAY_PARAM_DESC(fwcall_hold, fwcall_hold_cases, name);

static void fwcall_hold_for_int_table(struct kunit *test)
{
	const struct fwcall_hold_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, fwcall_hold_for_int(c->vector, c->eax), c->hold);
}

static struct kunit_case fwcall_hold_test_cases[] = {
	KUNIT_CASE_PARAM(fwcall_hold_for_int_table, fwcall_hold_gen_params),
	{}
};

static struct kunit_suite fwcall_hold_suite = {
	.name = "fwcall_hold",
	.test_cases = fwcall_hold_test_cases,
};

kunit_test_suites(&fwcall_hold_suite);
