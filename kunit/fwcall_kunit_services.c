// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for how fwcall's services take a BIOS's answers.  The suite
 * fwcall_decisions, which needs no BIOS, feeds made-up registers to the
 * decisions on one answer: an E820h entry, an E801h answer, a BIOS32
 * service's entry.  fwcall_e820_fake runs the E820h walk against a made-up
 * int 15h handler that fwcall calls in real mode like the BIOS's: maps
 * longer than the boot code's 128 entries, entries written only in part,
 * short lengths in ECX, a lost signature, a chain ended by CF, and one
 * that never ends.  fwcall_far_pointers checks where VBE far pointers are
 * followed and that the BIOS32 shim stays in the BIOS area.  Those two skip
 * without BIOS calls.
 */

#include <linux/fwcall.h>
#include <linux/io.h>
#include <linux/mutex.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <kunit/test.h>
#include <kunit/visibility.h>

#include <asm/e820/api.h>
#include <asm/processor-flags.h>

#include "../fwcall_internal.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

#define SMAP		0x534d4150
#define FAR(seg, off)	((u32)(seg) << 16 | (off))

/* One answer of int 15h E820h and what fwcall_e820_decode() makes of it */
struct e820_case {
	const char *name;
	u32 eflags, eax, ecx;
	int ret;
	bool has_attrs;
};

static const struct e820_case e820_cases[] = {
	{ "24_bytes_with_attrs", 0, SMAP, 24, 1, true },
	{ "28_bytes_with_attrs", 0, SMAP, 28, 1, true },
	{ "20_bytes_no_attrs", 0, SMAP, 20, 1, false },
	{ "23_bytes_no_attrs", 0, SMAP, 23, 1, false },
	{ "12_bytes_taken_as_written", 0, SMAP, 12, 1, false },
	{ "0_bytes_taken_as_written", 0, SMAP, 0, 1, false },
	{ "cf_ends_without_signature", X86_EFLAGS_CF, 0xe820, 24, 0, false },
	{ "cf_ends_with_signature", X86_EFLAGS_CF, SMAP, 24, 0, false },
	{ "lost_signature_eio", 0, 0x12345678, 24, -EIO, false },
};

KUNIT_ARRAY_PARAM_DESC(e820_cases, e820_cases, name);

static void fwcall_services_e820_decode(struct kunit *test)
{
	const struct e820_case *c = test->param_value;
	struct fwcall_regs regs = { .eflags = c->eflags, .eax = c->eax, .ecx = c->ecx };
	struct { u64 addr, size; u32 type, attrs; } __packed buf = {
		.addr = SZ_1M, .size = 0x7ee0000, .type = 1, .attrs = 3,
	};
	struct fwcall_e820_entry e;

	memset(&e, 0xa5, sizeof(e));
	KUNIT_ASSERT_EQ(test, fwcall_e820_decode(&regs, &buf, &e), c->ret);
	if (c->ret != 1)
		return;
	KUNIT_EXPECT_EQ(test, e.addr, (u64)SZ_1M);
	KUNIT_EXPECT_EQ(test, e.size, 0x7ee0000ULL);
	KUNIT_EXPECT_EQ(test, e.type, 1U);
	KUNIT_EXPECT_EQ(test, e.has_attrs, c->has_attrs);
	KUNIT_EXPECT_EQ(test, e.attrs, c->has_attrs ? 3U : 0U);
}

/* One answer of int 15h E801h and what fwcall_e801_decode() makes of it */
struct e801_case {
	const char *name;
	u32 eflags, eax, ebx, ecx, edx;
	int ret;
	u32 kb, blocks;
};

static const struct e801_case e801_cases[] = {
	{ "cx_dx_512m", 0, 0x3c00, 0x1f00, 0x3c00, 0x1f00, 0, 15360, 7936 },
	{ "cx_dx_before_ax_bx", 0, 0x3c00, 5, 0x3c00, 7, 0, 15360, 7 },
	{ "ax_bx_when_cx_dx_zero", 0, 0x3c00, 100, 0, 0, 0, 15360, 100 },
	{ "upper_halves_ignored", 0, 0, 0, 0xdead3c00, 0xbeef0010, 0, 15360, 16 },
	{ "only_below_16m", 0, 0, 0, 0x1000, 0, 0, 4096, 0 },
	{ "hole_at_15m_kept", 0, 0, 0, 0x3800, 100, 0, 14336, 100 },
	{ "all_of_4g", 0, 0, 0, 0x3c00, 0xff00, 0, 15360, 65280 },
	{ "over_15m_eio", 0, 0, 0, 0x3c01, 0, -EIO, 0, 0 },
	{ "ax_left_e801h_eio", 0, 0xe801, 0, 0, 0, -EIO, 0, 0 },
	{ "past_4g_eio", 0, 0, 0, 0x3c00, 0xff01, -EIO, 0, 0 },
	{ "nothing_above_1m_eio", 0, 0, 0, 0, 0, -EIO, 0, 0 },
	{ "cf_enodev", X86_EFLAGS_CF, 0x8600, 0, 0, 0, -ENODEV, 0, 0 },
};

KUNIT_ARRAY_PARAM_DESC(e801_cases, e801_cases, name);

static void fwcall_services_e801_decode(struct kunit *test)
{
	const struct e801_case *c = test->param_value;
	struct fwcall_regs regs = {
		.eflags = c->eflags, .eax = c->eax, .ebx = c->ebx,
		.ecx = c->ecx, .edx = c->edx,
	};
	u32 kb = 0xa5a5a5a5, blocks = 0xa5a5a5a5;

	KUNIT_ASSERT_EQ(test, fwcall_e801_decode(&regs, &kb, &blocks), c->ret);
	/* Left alone on an error */
	KUNIT_EXPECT_EQ(test, kb, c->ret ? 0xa5a5a5a5 : c->kb);
	KUNIT_EXPECT_EQ(test, blocks, c->ret ? 0xa5a5a5a5 : c->blocks);
}

/* A BIOS32 directory's answer for a service: EBX base, ECX length, EDX offset */
struct bios32_case {
	const char *name;
	u32 base, length, offset;
	int ret;
	u32 entry;
};

static const struct bios32_case bios32_cases[] = {
	{ "seabios_like", 0xf0000, 0x10000, 0xd4c0, 0, 0xfd4c0 },
	{ "base_0", 0, SZ_1M, 0xfd000, 0, 0xfd000 },
	{ "first_byte_of_area", 0xe0000, 0x10, 0, 0, 0xe0000 },
	{ "last_byte_of_area", 0xf0000, 0x10000, 0xffff, 0, 0xfffff },
	{ "offset_at_length", 0xf0000, 0x100, 0x100, -EIO, 0 },
	{ "zero_length", 0xf0000, 0, 0, -EIO, 0 },
	{ "below_area", 0xd0000, 0x10000, 0xfff0, -EIO, 0 },
	{ "at_1m", 0xf0000, 0x20000, 0x10000, -EIO, 0 },
	{ "above_1m", 0xfffe0000, 0x10000, 0x10, -EIO, 0 },
	/* 0xffffff00 + 0xf0100 is 0xf0000 in 32 bits */
	{ "entry_wraps_32_bits", 0xffffff00, 0xf0200, 0xf0100, -EIO, 0 },
	{ "range_wraps_32_bits", 0xe0000, 0xffffffff, 0x100, -EIO, 0 },
};

KUNIT_ARRAY_PARAM_DESC(bios32_cases, bios32_cases, name);

static void fwcall_services_bios32_entry(struct kunit *test)
{
	const struct bios32_case *c = test->param_value;
	u32 entry = 0xa5a5a5a5;

	KUNIT_ASSERT_EQ(test, fwcall_bios32_service_entry(c->base, c->length,
							  c->offset, &entry),
			c->ret);
	KUNIT_EXPECT_EQ(test, entry, c->ret ? 0xa5a5a5a5 : c->entry);
	if (!c->ret)
		KUNIT_EXPECT_TRUE(test, fwcall_bios32_entry_ok(entry));
}

static void fwcall_services_bios32_area(struct kunit *test)
{
	KUNIT_EXPECT_FALSE(test, fwcall_bios32_entry_ok(0));
	KUNIT_EXPECT_FALSE(test, fwcall_bios32_entry_ok(0xdffff));
	KUNIT_EXPECT_TRUE(test, fwcall_bios32_entry_ok(0xe0000));
	KUNIT_EXPECT_TRUE(test, fwcall_bios32_entry_ok(0xfffff));
	KUNIT_EXPECT_FALSE(test, fwcall_bios32_entry_ok(0x100000));
	/* A sum that overflowed 32 bits is not taken modulo 4 GiB */
	KUNIT_EXPECT_FALSE(test, fwcall_bios32_entry_ok(0x1000f0000ULL));
}

static struct kunit_case fwcall_decisions_cases[] = {
	KUNIT_CASE_PARAM(fwcall_services_e820_decode, e820_cases_gen_params),
	KUNIT_CASE_PARAM(fwcall_services_e801_decode, e801_cases_gen_params),
	KUNIT_CASE_PARAM(fwcall_services_bios32_entry, bios32_cases_gen_params),
	KUNIT_CASE(fwcall_services_bios32_area),
	{}
};

static struct kunit_suite fwcall_decisions_suite = {
	.name = "fwcall_decisions",
	.test_cases = fwcall_decisions_cases,
};

/*
 * A made-up int 15h E820h handler, at FAKE_STUB in the bounce buffer,
 * whose map has fake->count entries: entry i starts at i MiB, is 1 MiB
 * long, has type i % 4 + 1 and ACPI attributes 1.  It follows its
 * settings at offsets of its code segment (the bounce buffer's):
 *
 *   FAKE_COUNT    u32  entries (0xffffffff: a chain that never ends)
 *   FAKE_ECX      u32  what it returns in ECX
 *   FAKE_BAD_AT   u32  the entry answered without "SMAP" (0xffffffff: none)
 *   FAKE_PARTIAL  u8   after entry 0, write only the start address
 *   FAKE_CF_END   u8   never return EBX 0: end with CF on the next call
 *
 * A call for an entry past the last sets CF and leaves EAX as it came.
 */
#define FAKE_COUNT	0x40
#define FAKE_ECX	0x44
#define FAKE_BAD_AT	0x48
#define FAKE_PARTIAL	0x4c
#define FAKE_CF_END	0x4d
#define FAKE_STUB	0x100

static const u8 fwcall_fake_e820[] = {
	0x2e, 0x66, 0x39, 0x1e, 0x40, 0x00,	/* cmpl %ebx, %cs:COUNT */
	0x76, 0x7d,				/* jbe end */
	0x66, 0x89, 0xd8,			/* movl %ebx, %eax */
	0x66, 0xc1, 0xe0, 0x14,			/* shll $20, %eax */
	0x26, 0x66, 0x89, 0x05,			/* movl %eax, %es:(%di) */
	0x66, 0x89, 0xd8,			/* movl %ebx, %eax */
	0x66, 0xc1, 0xe8, 0x0c,			/* shrl $12, %eax */
	0x26, 0x66, 0x89, 0x45, 0x04,		/* movl %eax, %es:4(%di) */
	0x66, 0x85, 0xdb,			/* testl %ebx, %ebx */
	0x74, 0x08,				/* jz full */
	0x2e, 0x80, 0x3e, 0x4c, 0x00, 0x00,	/* cmpb $0, %cs:PARTIAL */
	0x75, 0x29,				/* jne done */
	/* full: */
	0x26, 0x66, 0xc7, 0x45, 0x08,
	0x00, 0x00, 0x10, 0x00,			/* movl $0x100000, %es:8(%di) */
	0x26, 0x66, 0xc7, 0x45, 0x0c,
	0x00, 0x00, 0x00, 0x00,			/* movl $0, %es:12(%di) */
	0x66, 0x89, 0xd8,			/* movl %ebx, %eax */
	0x66, 0x83, 0xe0, 0x03,			/* andl $3, %eax */
	0x66, 0x40,				/* incl %eax */
	0x26, 0x66, 0x89, 0x45, 0x10,		/* movl %eax, %es:16(%di) */
	0x26, 0x66, 0xc7, 0x45, 0x14,
	0x01, 0x00, 0x00, 0x00,			/* movl $1, %es:20(%di) */
	/* done: */
	0x66, 0xb8, 0x50, 0x41, 0x4d, 0x53,	/* movl $SMAP, %eax */
	0x2e, 0x66, 0x39, 0x1e, 0x48, 0x00,	/* cmpl %ebx, %cs:BAD_AT */
	0x75, 0x03,				/* jne 1f */
	0x66, 0x31, 0xc0,			/* xorl %eax, %eax */
	0x66, 0x43,				/* 1: incl %ebx */
	0x2e, 0x80, 0x3e, 0x4d, 0x00, 0x00,	/* cmpb $0, %cs:CF_END */
	0x75, 0x0b,				/* jne 2f */
	0x2e, 0x66, 0x39, 0x1e, 0x40, 0x00,	/* cmpl %ebx, %cs:COUNT */
	0x75, 0x03,				/* jne 2f */
	0x66, 0x31, 0xdb,			/* xorl %ebx, %ebx */
	0x2e, 0x66, 0x8b, 0x0e, 0x44, 0x00,	/* 2: movl %cs:ECX, %ecx */
	0xf8,					/* clc */
	0xca, 0x02, 0x00,			/* lret $2 */
	/* end: */
	0xf9,					/* stc */
	0xca, 0x02, 0x00,			/* lret $2 */
};

struct fake_e820 {
	u32 count, ecx, bad_at;
	bool partial, cf_end;
};

static u32 fwcall_saved_int15;

static void fwcall_fake_e820_unhook(void *unused)
{
	WRITE_ONCE(*(u32 *)phys_to_virt(0x15 * 4), fwcall_saved_int15);
}

/*
 * Point int 15h at the made-up handler until the case ends.  Nothing else
 * calls the BIOS while KUnit runs (user space has not started), and the
 * handler answers only what fwcall_e820() asks.
 */
static void fwcall_fake_e820_hook(struct kunit *test, const struct fake_e820 *f)
{
	u8 *bounce = fwcall_low(FWCALL_BOUNCE_OFFSET);
	u32 *ivt = phys_to_virt(0x15 * 4);

	memset(bounce, 0, FAKE_STUB);
	memcpy(bounce + FAKE_STUB, fwcall_fake_e820, sizeof(fwcall_fake_e820));
	memcpy(bounce + FAKE_COUNT, &f->count, 4);
	memcpy(bounce + FAKE_ECX, &f->ecx, 4);
	memcpy(bounce + FAKE_BAD_AT, &f->bad_at, 4);
	bounce[FAKE_PARTIAL] = f->partial;
	bounce[FAKE_CF_END] = f->cf_end;
	fwcall_saved_int15 = READ_ONCE(*ivt);
	WRITE_ONCE(*ivt, FAR(fwcall_bounce_seg(), FAKE_STUB));
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, fwcall_fake_e820_unhook,
							NULL), 0);
}

/* Whether @e is entry @i of the made-up map (@partial: written in part). */
static bool fake_entry_ok(const struct fwcall_e820_entry *e, unsigned int i,
			  bool partial, bool attrs)
{
	return e->addr == (u64)i << 20 && e->size == SZ_1M &&
	       e->type == (partial ? 1 : i % 4 + 1) && e->has_attrs == attrs &&
	       e->attrs == (attrs ? 1 : 0);
}

static int fwcall_e820_fake_init(struct kunit *test)
{
	if (!fwcall_available())
		kunit_skip(test, "no BIOS calls (no low memory or no image)");
	return 0;
}

/* 300 entries: read whole, or -E2BIG where there is less room */
static void fwcall_e820_fake_long_map(struct kunit *test)
{
	const struct fake_e820 f = { .count = 300, .ecx = 24, .bad_at = U32_MAX };
	struct fwcall_e820_entry *map;
	unsigned int i, n, bad = 0;

	map = kunit_kcalloc(test, f.count, sizeof(*map), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, map);
	fwcall_fake_e820_hook(test, &f);

	KUNIT_EXPECT_EQ(test, fwcall_e820(map, 128), -E2BIG);
	KUNIT_EXPECT_EQ(test, fwcall_e820(map, f.count - 1), -E2BIG);
	KUNIT_ASSERT_EQ(test, fwcall_e820(map, f.count), (int)f.count);
	for (i = 0; i < f.count; i++)
		bad += !fake_entry_ok(&map[i], i, false, true);
	KUNIT_EXPECT_EQ(test, bad, 0U);

	/* The map the ioctl and sysfs take, sized to fit */
	map = fwcall_e820_alloc(&n);
	KUNIT_ASSERT_FALSE(test, IS_ERR(map));
	KUNIT_EXPECT_EQ(test, n, f.count);
	for (i = 0, bad = 0; i < n; i++)
		bad += !fake_entry_ok(&map[i], i, false, true);
	kvfree(map);
	KUNIT_EXPECT_EQ(test, bad, 0U);
}

/*
 * A BIOS that writes only what changed from the previous entry: the
 * other fields keep what it wrote before, as the buffer is not cleared
 * between calls.
 */
static void fwcall_e820_fake_partial_entries(struct kunit *test)
{
	const struct fake_e820 f = {
		.count = 6, .ecx = 24, .bad_at = U32_MAX, .partial = true,
	};
	struct fwcall_e820_entry map[6];
	unsigned int i;

	fwcall_fake_e820_hook(test, &f);
	KUNIT_ASSERT_EQ(test, fwcall_e820(map, ARRAY_SIZE(map)), 6);
	for (i = 0; i < ARRAY_SIZE(map); i++)
		KUNIT_EXPECT_TRUE_MSG(test, fake_entry_ok(&map[i], i, true, true),
				      "entry %u: %#llx+%#llx type %u", i,
				      map[i].addr, map[i].size, map[i].type);
}

static const u32 short_ecx[] = { 0, 12, 19, 20, 23 };

static void short_ecx_desc(const u32 *ecx, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "ecx_%u", *ecx);
}

KUNIT_ARRAY_PARAM(short_ecx, short_ecx, short_ecx_desc);

/* ECX below 24 (even below 20): the entries stand, without attributes */
static void fwcall_e820_fake_short_ecx(struct kunit *test)
{
	const u32 *ecx = test->param_value;
	const struct fake_e820 f = { .count = 4, .ecx = *ecx, .bad_at = U32_MAX };
	struct fwcall_e820_entry map[4];
	unsigned int i;

	fwcall_fake_e820_hook(test, &f);
	KUNIT_ASSERT_EQ(test, fwcall_e820(map, ARRAY_SIZE(map)), 4);
	for (i = 0; i < ARRAY_SIZE(map); i++)
		KUNIT_EXPECT_TRUE_MSG(test, fake_entry_ok(&map[i], i, false, false),
				      "entry %u", i);
}

/* A lost signature fails the walk, on the first entry or a later one */
static void fwcall_e820_fake_lost_signature(struct kunit *test)
{
	struct fake_e820 f = { .count = 5, .ecx = 24, .bad_at = 2 };
	struct fwcall_e820_entry map[5];
	unsigned int n;

	fwcall_fake_e820_hook(test, &f);
	KUNIT_EXPECT_EQ(test, fwcall_e820(map, ARRAY_SIZE(map)), -EIO);
	KUNIT_EXPECT_TRUE(test, IS_ERR(fwcall_e820_alloc(&n)));
	fwcall_fake_e820_unhook(NULL);
	f.bad_at = 0;
	fwcall_fake_e820_hook(test, &f);
	KUNIT_EXPECT_EQ(test, fwcall_e820(map, ARRAY_SIZE(map)), -EIO);
}

/* Ended by CF (without "SMAP") instead of EBX 0: every entry, no error */
static void fwcall_e820_fake_cf_end(struct kunit *test)
{
	const struct fake_e820 f = {
		.count = 3, .ecx = 24, .bad_at = U32_MAX, .cf_end = true,
	};
	struct fwcall_e820_entry map[3];

	fwcall_fake_e820_hook(test, &f);
	KUNIT_EXPECT_EQ(test, fwcall_e820(map, ARRAY_SIZE(map)), 3);
	KUNIT_EXPECT_TRUE(test, fake_entry_ok(&map[2], 2, false, true));
}

/* CF on the first call: no E820h */
static void fwcall_e820_fake_none(struct kunit *test)
{
	const struct fake_e820 f = { .count = 0, .ecx = 24, .bad_at = U32_MAX };
	struct fwcall_e820_entry one;
	unsigned int n;

	fwcall_fake_e820_hook(test, &f);
	KUNIT_EXPECT_EQ(test, fwcall_e820(&one, 1), -ENODEV);
	KUNIT_EXPECT_EQ(test, PTR_ERR(fwcall_e820_alloc(&n)), -ENODEV);
}

/* A chain that never ends is cut after FWCALL_E820_LIMIT entries */
static void fwcall_e820_fake_endless(struct kunit *test)
{
	const struct fake_e820 f = { .count = U32_MAX, .ecx = 24, .bad_at = U32_MAX };
	struct fwcall_e820_entry one;

	fwcall_fake_e820_hook(test, &f);
	KUNIT_EXPECT_EQ(test, fwcall_e820(&one, 1), -EIO);
}

/*
 * SeaBIOS's own map, with garbage left in the buffer by an earlier call,
 * equals the map the boot code read (as in the fwcall suite), and no
 * garbage shows as attributes.
 */
static void fwcall_e820_garbage_in_buffer(struct kunit *test)
{
	struct fwcall_e820_entry *map;
	unsigned int n, i;

	memset(fwcall_low(FWCALL_BOUNCE_OFFSET), 0xa5, 64);
	map = fwcall_e820_alloc(&n);
	KUNIT_ASSERT_FALSE(test, IS_ERR(map));
	KUNIT_EXPECT_EQ(test, n, e820_table_firmware->nr_entries);
	for (i = 0; i < min(n, e820_table_firmware->nr_entries); i++) {
		struct e820_entry *e = &e820_table_firmware->entries[i];

		KUNIT_EXPECT_EQ_MSG(test, map[i].addr, e->addr, "entry %u", i);
		KUNIT_EXPECT_EQ_MSG(test, map[i].size, e->size, "entry %u", i);
		KUNIT_EXPECT_EQ_MSG(test, map[i].type, (u32)e->type, "entry %u", i);
		if (!map[i].has_attrs)
			KUNIT_EXPECT_EQ_MSG(test, map[i].attrs, 0U, "entry %u", i);
	}
	kvfree(map);
}

static struct kunit_case fwcall_e820_fake_cases[] = {
	KUNIT_CASE(fwcall_e820_fake_long_map),
	KUNIT_CASE(fwcall_e820_fake_partial_entries),
	KUNIT_CASE_PARAM(fwcall_e820_fake_short_ecx, short_ecx_gen_params),
	KUNIT_CASE(fwcall_e820_fake_lost_signature),
	KUNIT_CASE(fwcall_e820_fake_cf_end),
	KUNIT_CASE(fwcall_e820_fake_none),
	KUNIT_CASE_SLOW(fwcall_e820_fake_endless),
	KUNIT_CASE(fwcall_e820_garbage_in_buffer),
	{}
};

static struct kunit_suite fwcall_e820_fake_suite = {
	.name = "fwcall_e820_fake",
	.init = fwcall_e820_fake_init,
	.test_cases = fwcall_e820_fake_cases,
};

/*
 * VBE far pointers are followed into the block, or into the first MiB
 * outside fwcall's own memory, with the call lock held.
 */
static void fwcall_vbe_fetch_places(struct kunit *test)
{
	u32 seg = fwcall_bounce_seg(), low_seg = fwcall_low_base >> 4;
	char dst[64];
	u8 block[512];
	long n;

	if (!fwcall_available())
		kunit_skip(test, "no BIOS calls (no low memory or no image)");
	memset(block, 0, sizeof(block));
	memcpy(block + 0x100, "in the block", 13);
	mutex_lock(&fwcall_mutex);
	/* Into the block: from the copy */
	n = fwcall_vbe_fetch(FAR(seg, 0x100), block, sizeof(block), dst, 13);
	KUNIT_EXPECT_EQ(test, n, 13L);
	KUNIT_EXPECT_STREQ(test, dst, "in the block");
	/* Near its end: what is left of it */
	KUNIT_EXPECT_EQ(test, fwcall_vbe_fetch(FAR(seg, 0x1f8), block, sizeof(block),
					       dst, 64), 8L);
	/* A null pointer: nothing */
	KUNIT_EXPECT_EQ(test, fwcall_vbe_fetch(0, block, sizeof(block), dst, 64), 0L);
	/* The bounce buffer past the block, the thunk: fwcall's, refused */
	KUNIT_EXPECT_EQ(test, fwcall_vbe_fetch(FAR(seg, 0x200), block, sizeof(block),
					       dst, 64), -ERANGE);
	KUNIT_EXPECT_EQ(test, fwcall_vbe_fetch(FAR(low_seg, 0), block, sizeof(block),
					       dst, 64), -ERANGE);
	KUNIT_EXPECT_EQ(test, fwcall_vbe_fetch(FAR(low_seg + 0x7ff, 0xf), block,
					       sizeof(block), dst, 64), -ERANGE);
	/* Just below fwcall's memory: stops there */
	KUNIT_EXPECT_EQ(test, fwcall_vbe_fetch(FAR(low_seg - 1, 0xc), block,
					       sizeof(block), dst, 64), 4L);
	/* The system ROM: read; at and above 1 MiB: refused */
	KUNIT_EXPECT_EQ(test, fwcall_vbe_fetch(FAR(0xf000, 0xfff0), block,
					       sizeof(block), dst, 64), 16L);
	KUNIT_EXPECT_EQ(test, fwcall_vbe_fetch(FAR(0xffff, 0x10), block,
					       sizeof(block), dst, 64), -ERANGE);
	mutex_unlock(&fwcall_mutex);
}

/* The BIOS32 shim refuses entries outside the BIOS area on every path */
static void fwcall_bios32_far_call_area(struct kunit *test)
{
	struct fwcall_regs regs = { };

	if (!fwcall_available())
		kunit_skip(test, "no BIOS calls (no low memory or no image)");
	mutex_lock(&fwcall_mutex);
	KUNIT_EXPECT_EQ(test, fwcall_far_call_locked(0, &regs), -EINVAL);
	KUNIT_EXPECT_EQ(test, fwcall_far_call_locked(0xdfff0, &regs), -EINVAL);
	KUNIT_EXPECT_EQ(test, fwcall_far_call_locked(0x100000, &regs), -EINVAL);
	KUNIT_EXPECT_EQ(test, fwcall_far_call_locked(0xfffffff0, &regs), -EINVAL);
	mutex_unlock(&fwcall_mutex);
	KUNIT_EXPECT_EQ(test, fwcall_bios32_call(0xfffffff0, &regs), -EINVAL);
}

static struct kunit_case fwcall_far_pointer_cases[] = {
	KUNIT_CASE(fwcall_vbe_fetch_places),
	KUNIT_CASE(fwcall_bios32_far_call_area),
	{}
};

static struct kunit_suite fwcall_far_pointer_suite = {
	.name = "fwcall_far_pointers",
	.test_cases = fwcall_far_pointer_cases,
};

kunit_test_suites(&fwcall_decisions_suite, &fwcall_e820_fake_suite,
		  &fwcall_far_pointer_suite);

MODULE_DESCRIPTION("KUnit tests for how fwcall takes BIOS answers");
MODULE_LICENSE("GPL");
