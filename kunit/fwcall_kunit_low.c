// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the decisions fwcall takes at boot, before it reserves
 * low memory: whether the interrupt vector table and the BIOS data area
 * look like a PC BIOS's (fwcall_bios_check(), fed made-up tables: one
 * laid out as SeaBIOS lays it out, then that one with one thing broken at
 * a time, and the all-zero and UEFI-like ones of a machine without a
 * BIOS), and the fwcall= boot parameter.  Neither needs a BIOS: the
 * suite runs under any firmware.
 */

#include <linux/kernel.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#include <kunit/test.h>
#include <kunit/visibility.h>

#include "../fwcall_internal.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

#define FAR(seg, off)		((u32)(seg) << 16 | (off))
#define BDA_EBDA_SEG		0x0e
#define BDA_BASE_MEM_KB		0x13

static void set_reset(struct fwcall_bios_area *a, u8 opcode, u32 target)
{
	memset(a->reset, 0, sizeof(a->reset));
	a->reset[0] = opcode;
	put_unaligned_le32(target, &a->reset[1]);
}

static void set_bda(struct fwcall_bios_area *a, u16 base_kb, u16 ebda_seg)
{
	put_unaligned_le16(base_kb, &a->bda[BDA_BASE_MEM_KB]);
	put_unaligned_le16(ebda_seg, &a->bda[BDA_EBDA_SEG]);
}

/*
 * As SeaBIOS leaves it with a VGA BIOS: every vector at its default
 * handler in F000h, the hardware interrupts at theirs, int 10h in the VGA
 * ROM, the fixed-disk parameter tables (41h, 46h) in the EBDA, vector 79h
 * cleared; 639 KiB of base memory, the EBDA at 9FC0h; "jmp F000:E05B" at
 * FFFF0h.
 */
static void seabios_like(struct fwcall_bios_area *a)
{
	unsigned int v;

	memset(a, 0, sizeof(*a));
	for (v = 0; v < ARRAY_SIZE(a->ivt); v++)
		a->ivt[v] = FAR(0xf000, 0xff53);
	for (v = 0x08; v < 0x10; v++)
		a->ivt[v] = FAR(0xf000, 0xfea5);
	for (v = 0x70; v < 0x78; v++)
		a->ivt[v] = FAR(0xf000, 0xe2c3);
	a->ivt[0x10] = FAR(0xc000, 0x5ca3);
	a->ivt[0x41] = FAR(0x9fc0, 0x003d);
	a->ivt[0x46] = FAR(0x9fc0, 0x004d);
	a->ivt[0x79] = 0;
	set_bda(a, 639, 0x9fc0);
	set_reset(a, 0xea, FAR(0xf000, 0xe05b));
}

static void all_zero(struct fwcall_bios_area *a)
{
	memset(a, 0, sizeof(*a));
}

/*
 * As OVMF (edk2 2022.11, QEMU q35) leaves it: one vector set, int 10h, to
 * its VBE shim in C000h; no BIOS data; and at FFFF0h the last bytes of its
 * own reset code, no far jump.
 */
static const u8 ovmf_top[16] = {
	0x0f, 0x20, 0xc0, 0xa8, 0x01, 0x74, 0x05, 0xe9,
	0x28, 0xff, 0xff, 0xff, 0xe9, 0x09, 0xff, 0x90,
};

static void uefi_like(struct fwcall_bios_area *a)
{
	memset(a, 0, sizeof(*a));
	a->ivt[0x10] = FAR(0xc000, 0x0200);
	memcpy(a->reset, ovmf_top, sizeof(a->reset));
}

/* The same with a far jump into ROM at FFFF0h: its BIOS data area fails */
static void uefi_like_with_rom(struct fwcall_bios_area *a)
{
	uefi_like(a);
	set_reset(a, 0xea, FAR(0xf000, 0xe05b));
}

static void reset_zero(struct fwcall_bios_area *a)
{
	seabios_like(a);
	memset(a->reset, 0, sizeof(a->reset));
}

static void reset_all_ones(struct fwcall_bios_area *a)
{
	seabios_like(a);
	memset(a->reset, 0xff, sizeof(a->reset));
}

static void reset_into_ram(struct fwcall_bios_area *a)
{
	seabios_like(a);
	set_reset(a, 0xea, FAR(0x0000, 0x7c00));
}

static void reset_into_option_rom(struct fwcall_bios_area *a)
{
	seabios_like(a);
	set_reset(a, 0xea, FAR(0xc000, 0x0003));
}

/* FFFF:0010 is 1 MiB: not in the ROM */
static void reset_past_rom(struct fwcall_bios_area *a)
{
	seabios_like(a);
	set_reset(a, 0xea, FAR(0xffff, 0x0010));
}

static void reset_top_of_rom(struct fwcall_bios_area *a)
{
	seabios_like(a);
	set_reset(a, 0xea, FAR(0xffff, 0x000f));
}

static void base_mem_zero(struct fwcall_bios_area *a)
{
	seabios_like(a);
	set_bda(a, 0, 0x9fc0);
}

static void base_mem_too_big(struct fwcall_bios_area *a)
{
	seabios_like(a);
	set_bda(a, 641, 0x9fc0);
}

static void base_mem_640_no_ebda(struct fwcall_bios_area *a)
{
	seabios_like(a);
	set_bda(a, 640, 0);
	a->ivt[0x41] = FAR(0xf000, 0xe401);
	a->ivt[0x46] = FAR(0xf000, 0xe401);
}

static void ebda_in_vga_memory(struct fwcall_bios_area *a)
{
	seabios_like(a);
	set_bda(a, 639, 0xa000);
}

static void ebda_too_low(struct fwcall_bios_area *a)
{
	seabios_like(a);
	set_bda(a, 639, 0x0100);
}

static void service_unset(struct fwcall_bios_area *a)
{
	seabios_like(a);
	a->ivt[0x15] = 0;
}

static void ivt_zero(struct fwcall_bios_area *a)
{
	seabios_like(a);
	memset(a->ivt, 0, sizeof(a->ivt));
}

/* A vector into the RAM where boot loaders run */
static void vector_into_ram(struct fwcall_bios_area *a)
{
	seabios_like(a);
	a->ivt[0x13] = FAR(0x0000, 0x7c00);
}

/* A vector that is not a service's, into RAM: every set vector counts */
static void high_vector_into_ram(struct fwcall_bios_area *a)
{
	seabios_like(a);
	a->ivt[0xfe] = FAR(0x1000, 0x0000);
}

static void vector_into_vga_memory(struct fwcall_bios_area *a)
{
	seabios_like(a);
	a->ivt[0x08] = FAR(0xa000, 0x0000);
}

/* FFFF:0010 and up is the HMA, above 1 MiB */
static void vector_into_hma(struct fwcall_bios_area *a)
{
	seabios_like(a);
	a->ivt[0x1a] = FAR(0xffff, 0x0010);
}

/* Just below the EBDA, with the base memory size not lowered for it */
static void vector_below_ebda(struct fwcall_bios_area *a)
{
	seabios_like(a);
	a->ivt[0x13] = FAR(0x9f00, 0x0000);
}

/*
 * A boot loader or option ROM (iPXE, memdisk, GRUB's drivemap) that hooks
 * int 13h into memory it took from the top of conventional memory by
 * lowering the base memory size, as the BIOS boot specification has them
 * do: the memory is the BIOS's, the vector is good.
 */
static void hook_below_lowered_base(struct fwcall_bios_area *a)
{
	seabios_like(a);
	set_bda(a, 600, 0x9fc0);
	a->ivt[0x13] = FAR(0x9600, 0x0100);
}

static void vectors_in_option_roms(struct fwcall_bios_area *a)
{
	seabios_like(a);
	a->ivt[0x18] = FAR(0xd000, 0x0000);
	a->ivt[0x19] = FAR(0xe000, 0xfff0);
	a->ivt[0x43] = FAR(0xc000, 0x8000);
}

/* Vectors outside 10h-1Ah may be unset (SeaBIOS clears 79h) */
static void other_vectors_unset(struct fwcall_bios_area *a)
{
	seabios_like(a);
	memset(&a->ivt[0x20], 0, sizeof(a->ivt) - 0x20 * sizeof(a->ivt[0]));
	a->ivt[0x0f] = 0;
}

struct fwcall_bios_case {
	const char *name;
	void (*make)(struct fwcall_bios_area *area);
	enum fwcall_bios_verdict verdict;
	unsigned int vector;
};

static const struct fwcall_bios_case fwcall_bios_cases[] = {
	{ "SeaBIOS-like", seabios_like, FWCALL_BIOS_OK },
	{ "boot loader hook below a lowered base memory size",
	  hook_below_lowered_base, FWCALL_BIOS_OK },
	{ "vectors in option ROMs", vectors_in_option_roms, FWCALL_BIOS_OK },
	{ "vectors other than 10h-1Ah unset", other_vectors_unset, FWCALL_BIOS_OK },
	{ "640 KiB and no EBDA", base_mem_640_no_ebda, FWCALL_BIOS_OK },
	{ "reset vector to FFFF:000F", reset_top_of_rom, FWCALL_BIOS_OK },
	{ "all zero", all_zero, FWCALL_BIOS_NO_ROM },
	{ "UEFI-like", uefi_like, FWCALL_BIOS_NO_ROM },
	{ "UEFI-like with a ROM", uefi_like_with_rom, FWCALL_BIOS_BASE_MEM },
	{ "no reset vector", reset_zero, FWCALL_BIOS_NO_ROM },
	{ "no ROM (all ones)", reset_all_ones, FWCALL_BIOS_NO_ROM },
	{ "reset vector into RAM", reset_into_ram, FWCALL_BIOS_NO_ROM },
	{ "reset vector into an option ROM", reset_into_option_rom, FWCALL_BIOS_NO_ROM },
	{ "reset vector past 1 MiB", reset_past_rom, FWCALL_BIOS_NO_ROM },
	{ "base memory 0", base_mem_zero, FWCALL_BIOS_BASE_MEM },
	{ "base memory 641 KiB", base_mem_too_big, FWCALL_BIOS_BASE_MEM },
	{ "EBDA in VGA memory", ebda_in_vga_memory, FWCALL_BIOS_EBDA },
	{ "EBDA at 4 KiB", ebda_too_low, FWCALL_BIOS_EBDA },
	{ "int 15h unset", service_unset, FWCALL_BIOS_VECTOR_UNSET, 0x15 },
	{ "IVT all zero", ivt_zero, FWCALL_BIOS_VECTOR_UNSET, 0x10 },
	{ "int 13h into RAM at 7C00h", vector_into_ram, FWCALL_BIOS_VECTOR_OUTSIDE, 0x13 },
	{ "int FEh into RAM", high_vector_into_ram, FWCALL_BIOS_VECTOR_OUTSIDE, 0xfe },
	{ "int 08h into VGA memory", vector_into_vga_memory,
	  FWCALL_BIOS_VECTOR_OUTSIDE, 0x08 },
	{ "int 1Ah into the HMA", vector_into_hma, FWCALL_BIOS_VECTOR_OUTSIDE, 0x1a },
	{ "int 13h below the EBDA, above base memory", vector_below_ebda,
	  FWCALL_BIOS_VECTOR_OUTSIDE, 0x13 },
};

KUNIT_ARRAY_PARAM_DESC(fwcall_bios, fwcall_bios_cases, name);

static void fwcall_low_bios_check_verdict(struct kunit *test)
{
	const struct fwcall_bios_case *c = test->param_value;
	struct fwcall_bios_area *area;
	unsigned int vector = ~0U;
	enum fwcall_bios_verdict verdict;

	area = kunit_kzalloc(test, sizeof(*area), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, area);
	c->make(area);
	verdict = fwcall_bios_check(area, &vector);
	KUNIT_EXPECT_EQ(test, verdict, c->verdict);
	if (c->verdict == FWCALL_BIOS_VECTOR_UNSET ||
	    c->verdict == FWCALL_BIOS_VECTOR_OUTSIDE)
		KUNIT_EXPECT_EQ(test, vector, c->vector);
}

/* The check reads its argument only. */
static void fwcall_low_bios_check_pure(struct kunit *test)
{
	struct fwcall_bios_area *area, *copy;
	unsigned int vector;

	area = kunit_kzalloc(test, sizeof(*area), GFP_KERNEL);
	copy = kunit_kzalloc(test, sizeof(*copy), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, area);
	KUNIT_ASSERT_NOT_NULL(test, copy);
	vector_into_ram(area);
	memcpy(copy, area, sizeof(*area));
	KUNIT_EXPECT_EQ(test, fwcall_bios_check(area, &vector),
			FWCALL_BIOS_VECTOR_OUTSIDE);
	KUNIT_EXPECT_EQ(test, fwcall_bios_check(area, &vector),
			FWCALL_BIOS_VECTOR_OUTSIDE);
	KUNIT_EXPECT_MEMEQ(test, area, copy, sizeof(*area));
}

struct fwcall_param_case {
	const char *name;
	const char *arg;
	int err;
	bool off;
};

static const struct fwcall_param_case fwcall_param_cases[] = {
	{ "off", "off", 0, true },
	{ "on", "on", 0, false },
	{ "no value", NULL, -EINVAL },
	{ "empty", "", -EINVAL },
	{ "OFF", "OFF", -EINVAL },
	{ "0", "0", -EINVAL },
	{ "offline", "offline", -EINVAL },
	{ "off with a space", "off ", -EINVAL },
};

KUNIT_ARRAY_PARAM_DESC(fwcall_param, fwcall_param_cases, name);

/* A good value sets the flag; a bad one is refused and leaves it alone. */
static void fwcall_low_param_parse(struct kunit *test)
{
	const struct fwcall_param_case *c = test->param_value;
	bool from_off = true, from_on = false;

	KUNIT_EXPECT_EQ(test, fwcall_parse_param(c->arg, &from_off), c->err);
	KUNIT_EXPECT_EQ(test, fwcall_parse_param(c->arg, &from_on), c->err);
	if (c->err) {
		KUNIT_EXPECT_TRUE(test, from_off);
		KUNIT_EXPECT_FALSE(test, from_on);
	} else {
		KUNIT_EXPECT_EQ(test, from_off, c->off);
		KUNIT_EXPECT_EQ(test, from_on, c->off);
	}
}

static struct kunit_case fwcall_low_cases[] = {
	KUNIT_CASE_PARAM(fwcall_low_bios_check_verdict, fwcall_bios_gen_params),
	KUNIT_CASE(fwcall_low_bios_check_pure),
	KUNIT_CASE_PARAM(fwcall_low_param_parse, fwcall_param_gen_params),
	{}
};

static struct kunit_suite fwcall_low_suite = {
	.name = "fwcall_low",
	.test_cases = fwcall_low_cases,
};

kunit_test_suites(&fwcall_low_suite);
