// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for fwcall: BIOS services called in real mode through
 * kexec_call, checked against what Linux already knows of the same facts:
 * the BIOS data area, the E820 map the boot code read in real mode and the
 * RTC as Linux's driver reads it.
 */

#include <linux/fwcall.h>
#include <linux/io.h>
#include <linux/pci.h>
#include <linux/rtc.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>

#include <kunit/test.h>

#include <asm/e820/api.h>
#include <asm/e820/types.h>
#include <asm/processor-flags.h>

#include "../fwcall_internal.h"

/* BIOS data area words (the BIOS keeps them; its int 11h/12h read them) */
#define BDA_EQUIPMENT	0x410
#define BDA_BASE_MEM_KB	0x413

static u16 bda_word(unsigned int offset)
{
	return *(u16 *)phys_to_virt(offset);
}

static int fwcall_test_init(struct kunit *test)
{
	if (!fwcall_available())
		kunit_skip(test, "no BIOS calls (no low memory or no image)");
	return 0;
}

static void fwcall_int12h_matches_bda(struct kunit *test)
{
	int kb = fwcall_base_memory_kb();

	KUNIT_EXPECT_EQ(test, kb, (int)bda_word(BDA_BASE_MEM_KB));
	/* SeaBIOS: 639 KiB, below its 1 KiB EBDA */
	KUNIT_EXPECT_GE(test, kb, 512);
	KUNIT_EXPECT_LE(test, kb, 640);
	kunit_info(test, "int 12h: %d KiB\n", kb);
}

static void fwcall_int11h_matches_bda(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, fwcall_equipment(), (int)bda_word(BDA_EQUIPMENT));
}

/* Registers the BIOS does not touch come back as they went in. */
static void fwcall_int_keeps_registers(struct kunit *test)
{
	struct fwcall_regs regs = {
		.ebx = 0x12345678, .ecx = 0x9abcdef0, .edx = 0x0badcafe,
		.esi = 0x13572468, .edi = 0x2468ace0, .ebp = 0x5a5aa5a5,
		.ds = 0x1234, .es = 0x5678,
	};

	KUNIT_ASSERT_EQ(test, fwcall_int(0x12, &regs), 0);
	KUNIT_EXPECT_EQ(test, (u16)regs.eax, bda_word(BDA_BASE_MEM_KB));
	KUNIT_EXPECT_EQ(test, regs.ebx, 0x12345678);
	KUNIT_EXPECT_EQ(test, regs.ecx, 0x9abcdef0);
	KUNIT_EXPECT_EQ(test, regs.edx, 0x0badcafe);
	KUNIT_EXPECT_EQ(test, regs.esi, 0x13572468);
	KUNIT_EXPECT_EQ(test, regs.edi, 0x2468ace0);
	KUNIT_EXPECT_EQ(test, regs.ebp, 0x5a5aa5a5);
	KUNIT_EXPECT_EQ(test, regs.ds, 0x1234);
	KUNIT_EXPECT_EQ(test, regs.es, 0x5678);
}

#define E820_TEST_MAX	128

/*
 * The map from the BIOS now equals the one the boot code read from it in
 * real mode (e820_table_firmware, sorted and merged by the kernel, which
 * changes nothing in SeaBIOS's sorted, disjoint map).
 */
static void fwcall_e820_matches_firmware_map(struct kunit *test)
{
	struct fwcall_e820_entry *map;
	int n, i;

	map = kunit_kcalloc(test, E820_TEST_MAX, sizeof(*map), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, map);
	n = fwcall_e820(map, E820_TEST_MAX);
	KUNIT_ASSERT_GT(test, n, 0);
	KUNIT_EXPECT_EQ(test, n, (int)e820_table_firmware->nr_entries);
	for (i = 0; i < min_t(int, n, e820_table_firmware->nr_entries); i++) {
		struct e820_entry *e = &e820_table_firmware->entries[i];

		KUNIT_EXPECT_EQ_MSG(test, map[i].addr, e->addr, "entry %d", i);
		KUNIT_EXPECT_EQ_MSG(test, map[i].size, e->size, "entry %d", i);
		KUNIT_EXPECT_EQ_MSG(test, map[i].type, (u32)e->type, "entry %d", i);
		kunit_info(test, "E820 %2d: %#018llx-%#018llx type %u\n", i,
			   map[i].addr, map[i].addr + map[i].size - 1, map[i].type);
	}
}

/*
 * E801h describes the RAM that starts at 1 MiB: up to 15 MiB below 16 MiB,
 * the rest in 64 KiB blocks up to 4 GiB.  Check it against the E820 entry
 * that starts at 1 MiB in the map the boot code read.
 */
static void fwcall_e801_matches_e820(struct kunit *test)
{
	u64 end = 0, below_16m, above_16m;
	u32 kb, blocks;
	int i;

	KUNIT_ASSERT_EQ(test, fwcall_e801(&kb, &blocks), 0);
	for (i = 0; i < e820_table_firmware->nr_entries; i++) {
		struct e820_entry *e = &e820_table_firmware->entries[i];

		if (e->type == E820_TYPE_RAM && e->addr == SZ_1M)
			end = min_t(u64, e->addr + e->size, SZ_4G);
	}
	KUNIT_ASSERT_GT(test, end, (u64)SZ_1M);
	below_16m = min_t(u64, end, SZ_16M) - SZ_1M;
	above_16m = end > SZ_16M ? end - SZ_16M : 0;
	KUNIT_EXPECT_EQ(test, (u64)kb * SZ_1K, below_16m);
	KUNIT_EXPECT_EQ(test, (u64)blocks * SZ_64K, above_16m);
	kunit_info(test, "E801: %u KiB below 16 MiB, %u blocks above\n", kb, blocks);
}

static time64_t fwcall_test_rtc_seconds(struct kunit *test, struct rtc_device *rtc)
{
	struct rtc_time tm;

	KUNIT_ASSERT_EQ(test, rtc_read_time(rtc, &tm), 0);
	return rtc_tm_to_time64(&tm);
}

/* The RTC through the BIOS is within 2 s of the RTC through Linux's driver. */
static void fwcall_rtc_matches_linux(struct kunit *test)
{
	struct rtc_device *rtc = rtc_class_open("rtc0");
	time64_t before, bios, after;
	struct rtc_time tm;

	if (!rtc)
		kunit_skip(test, "no rtc0");
	before = fwcall_test_rtc_seconds(test, rtc);
	KUNIT_EXPECT_EQ(test, fwcall_rtc_time(&tm), 0);
	after = fwcall_test_rtc_seconds(test, rtc);
	rtc_class_close(rtc);

	KUNIT_EXPECT_EQ(test, rtc_valid_tm(&tm), 0);
	bios = rtc_tm_to_time64(&tm);
	KUNIT_EXPECT_GE(test, bios, before - 2);
	KUNIT_EXPECT_LE(test, bios, after + 2);
	kunit_info(test, "BIOS RTC %ptRs, Linux rtc0 %lld..%lld (BIOS %lld)\n",
		   &tm, before, after, bios);
}

static void fwcall_bios32_directory_found(struct kunit *test)
{
	u32 dir = fwcall_bios32_directory(), entry = 0;

	KUNIT_ASSERT_NE(test, dir, 0);
	KUNIT_EXPECT_GE(test, dir, 0xe0000U);
	KUNIT_EXPECT_LT(test, dir, 0x100000U);
	KUNIT_EXPECT_EQ(test, fwcall_bios32_service(0x49435024, &entry), 0);
	KUNIT_EXPECT_NE(test, entry, 0);
	/* An identifier no BIOS knows */
	KUNIT_EXPECT_EQ(test, fwcall_bios32_service(0x4e4f4e45, &entry), -ENOENT);
	kunit_info(test, "BIOS32 directory at %#x, $PCI at %#x\n", dir, entry);
}

static void fwcall_pcibios_present(struct kunit *test)
{
	struct fwcall_pcibios_info info = { };
	struct pci_bus *bus = NULL;
	int last = 0;

	KUNIT_ASSERT_EQ(test, fwcall_pcibios_check(&info), 0);
	/* Configuration mechanism #1, as Linux uses on QEMU */
	KUNIT_EXPECT_TRUE(test, info.mechanisms & 1);
	KUNIT_EXPECT_GE(test, info.major, 2);
	while ((bus = pci_find_next_bus(bus)))
		last = max_t(int, last, bus->number);
	KUNIT_EXPECT_GE(test, (int)info.last_bus, last);
	kunit_info(test, "PCI BIOS %x.%02x, mechanisms %#x, last bus %u\n",
		   info.major, info.minor, info.mechanisms, info.last_bus);
}

/* @dev's configuration register at @where, @size bytes, through the PCI BIOS */
static u32 bios_config(struct kunit *test, struct pci_dev *dev,
		       unsigned int where, unsigned int size)
{
	u32 val = 0;
	int err;

	err = fwcall_pcibios_read_config(dev->bus->number, dev->devfn, where,
					 size, &val);
	KUNIT_EXPECT_EQ_MSG(test, err, 0, "%s at %#x", pci_name(dev), where);
	return val;
}

/*
 * Every device's first 64 bytes of configuration space through the PCI
 * BIOS equal what Linux reads with its own configuration access, as
 * dwords, and bytes and words agree with what Linux knows of the device.
 */
static void fwcall_pcibios_config_matches_linux(struct kunit *test)
{
	struct pci_dev *dev = NULL;
	unsigned int where, devices = 0;
	u32 bios, linux_val;

	for_each_pci_dev(dev) {
		devices++;
		for (where = 0; where < 64; where += 4) {
			bios = bios_config(test, dev, where, 4);
			KUNIT_ASSERT_EQ(test, pci_read_config_dword(dev, where, &linux_val), 0);
			/* Status bits can change between the reads: the command word */
			if (where == PCI_COMMAND) {
				bios &= 0xffff;
				linux_val &= 0xffff;
			}
			KUNIT_EXPECT_EQ_MSG(test, bios, linux_val, "%s at %#x",
					    pci_name(dev), where);
		}
		KUNIT_EXPECT_EQ(test, bios_config(test, dev, PCI_VENDOR_ID, 2),
				(u32)dev->vendor);
		KUNIT_EXPECT_EQ(test, bios_config(test, dev, PCI_DEVICE_ID, 2),
				(u32)dev->device);
		KUNIT_EXPECT_EQ(test, bios_config(test, dev, PCI_REVISION_ID, 1),
				(u32)dev->revision);
	}
	KUNIT_EXPECT_GT(test, devices, 0U);
	kunit_info(test, "%u devices compared\n", devices);
}

static void fwcall_refusals(struct kunit *test)
{
	struct fwcall_e820_entry one;
	u32 val;

	KUNIT_EXPECT_EQ(test, fwcall_int(0x12, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, fwcall_e820(NULL, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, fwcall_e820(&one, 0), -EINVAL);
	/* Every PC map has more than one entry */
	KUNIT_EXPECT_EQ(test, fwcall_e820(&one, 1), -E2BIG);
	KUNIT_EXPECT_EQ(test, fwcall_e801(NULL, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, fwcall_rtc_time(NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, fwcall_bios32_service(0x49435024, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, fwcall_pcibios_check(NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, fwcall_pcibios_read_config(0, 0, 0, 4, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, fwcall_pcibios_read_config(0, 0, 0, 3, &val), -EINVAL);
	KUNIT_EXPECT_EQ(test, fwcall_pcibios_read_config(0, 0, 2, 4, &val), -EINVAL);
	KUNIT_EXPECT_EQ(test, fwcall_pcibios_read_config(0, 0, 1, 2, &val), -EINVAL);
	KUNIT_EXPECT_EQ(test, fwcall_pcibios_read_config(0, 0, 256, 1, &val), -EINVAL);
	/* ... and the calls after work */
	KUNIT_EXPECT_EQ(test, fwcall_base_memory_kb(), (int)bda_word(BDA_BASE_MEM_KB));
}

static void fwcall_many_calls(struct kunit *test)
{
	int want = bda_word(BDA_BASE_MEM_KB), i, bad = 0;

	for (i = 0; i < 1000; i++)
		if (fwcall_base_memory_kb() != want)
			bad++;
	KUNIT_EXPECT_EQ(test, bad, 0);
}

static struct kunit_case fwcall_test_cases[] = {
	KUNIT_CASE(fwcall_int12h_matches_bda),
	KUNIT_CASE(fwcall_int11h_matches_bda),
	KUNIT_CASE(fwcall_int_keeps_registers),
	KUNIT_CASE(fwcall_e820_matches_firmware_map),
	KUNIT_CASE(fwcall_e801_matches_e820),
	KUNIT_CASE(fwcall_rtc_matches_linux),
	KUNIT_CASE(fwcall_bios32_directory_found),
	KUNIT_CASE(fwcall_pcibios_present),
	KUNIT_CASE(fwcall_pcibios_config_matches_linux),
	KUNIT_CASE(fwcall_refusals),
	KUNIT_CASE(fwcall_many_calls),
	{}
};

static struct kunit_suite fwcall_test_suite = {
	.name = "fwcall",
	.init = fwcall_test_init,
	.test_cases = fwcall_test_cases,
};

kunit_test_suites(&fwcall_test_suite);

MODULE_DESCRIPTION("KUnit tests for fwcall");
MODULE_LICENSE("GPL");
