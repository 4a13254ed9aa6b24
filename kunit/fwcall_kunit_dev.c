// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the rules fwcall's user interface applies on top of the
 * BIOS: PCI configuration reads as pci-sysfs allows them (the first 64
 * bytes without CAP_SYS_ADMIN, no read of a device in D3cold), the E820
 * type names of /sys/firmware/memmap and printable-ASCII BIOS strings.
 */

#include <linux/fwcall.h>
#include <linux/pci.h>
#include <linux/string.h>

#include <kunit/test.h>
#include <kunit/visibility.h>

#include <asm/e820/types.h>

#include "../fwcall_internal.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

/* The host bridge, 00:00.0, which every PC has and no driver suspends */
static struct pci_dev *fwcall_dev_test_bridge(struct kunit *test)
{
	struct pci_dev *pdev;

	if (!fwcall_available())
		kunit_skip(test, "no BIOS calls");
	pdev = pci_get_domain_bus_and_slot(0, 0, PCI_DEVFN(0, 0));
	if (!pdev)
		kunit_skip(test, "no PCI device 00:00.0");
	return pdev;
}

static void fwcall_dev_pci_read_header_for_anyone(struct kunit *test)
{
	struct pci_dev *pdev = fwcall_dev_test_bridge(test);
	u32 val = 0, want;

	pci_read_config_dword(pdev, 0x3c, &want);
	KUNIT_EXPECT_EQ(test, fwcall_dev_pci_read(0, 0, 0x3c, 4, false, &val), 0);
	KUNIT_EXPECT_EQ(test, val, want);
	pci_dev_put(pdev);
}

static void fwcall_dev_pci_read_beyond_64_needs_admin(struct kunit *test)
{
	struct pci_dev *pdev = fwcall_dev_test_bridge(test);
	u32 val = 0x5a5a5a5a, want;

	/* The last byte of the header is the first refused */
	KUNIT_EXPECT_EQ(test, fwcall_dev_pci_read(0, 0, 0x40, 1, false, &val),
			-EPERM);
	KUNIT_EXPECT_EQ(test, fwcall_dev_pci_read(0, 0, 0x3e, 4, false, &val),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, val, 0x5a5a5a5a);
	pci_read_config_dword(pdev, 0x40, &want);
	KUNIT_EXPECT_EQ(test, fwcall_dev_pci_read(0, 0, 0x40, 4, true, &val), 0);
	KUNIT_EXPECT_EQ(test, val, want);
	pci_dev_put(pdev);
}

/* A device in D3cold that cannot be woken is not read. */
static void fwcall_dev_pci_read_not_in_d3cold(struct kunit *test)
{
	struct pci_dev *pdev = fwcall_dev_test_bridge(test);
	pci_power_t state = pdev->current_state;
	u32 val = 0x5a5a5a5a;
	int err;

	/* No driver and no runtime PM: nothing can wake it from "D3cold" */
	pdev->current_state = PCI_D3cold;
	err = fwcall_dev_pci_read(0, 0, 0, 4, true, &val);
	pdev->current_state = state;
	KUNIT_EXPECT_EQ(test, err, -EIO);
	KUNIT_EXPECT_EQ(test, val, 0x5a5a5a5a);
	KUNIT_EXPECT_EQ(test, fwcall_dev_pci_read(0, 0, 0, 4, true, &val), 0);
	KUNIT_EXPECT_EQ(test, val, (u32)pdev->device << 16 | pdev->vendor);
	pci_dev_put(pdev);
}

static void fwcall_dev_e820_type_names(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, fwcall_e820_type_name(E820_TYPE_RAM), "System RAM");
	KUNIT_EXPECT_STREQ(test, fwcall_e820_type_name(E820_TYPE_RESERVED), "Reserved");
	KUNIT_EXPECT_STREQ(test, fwcall_e820_type_name(E820_TYPE_ACPI), "ACPI Tables");
	KUNIT_EXPECT_STREQ(test, fwcall_e820_type_name(E820_TYPE_NVS),
			   "ACPI Non-volatile Storage");
	KUNIT_EXPECT_STREQ(test, fwcall_e820_type_name(E820_TYPE_UNUSABLE),
			   "Unusable memory");
	KUNIT_EXPECT_STREQ(test, fwcall_e820_type_name(E820_TYPE_PMEM),
			   "Persistent Memory");
	KUNIT_EXPECT_STREQ(test, fwcall_e820_type_name(6), "Unknown E820 type");
}

static void fwcall_dev_ascii_sanitise(struct kunit *test)
{
	char out[8];

	fwcall_ascii_sanitise(out, "A\tb\x7f\xe9z", sizeof(out));
	KUNIT_EXPECT_STREQ(test, out, "A?b??z");
	/* Cut to the room, always terminated */
	fwcall_ascii_sanitise(out, "0123456789", sizeof(out));
	KUNIT_EXPECT_STREQ(test, out, "0123456");
}

static struct kunit_case fwcall_dev_test_cases[] = {
	KUNIT_CASE(fwcall_dev_pci_read_header_for_anyone),
	KUNIT_CASE(fwcall_dev_pci_read_beyond_64_needs_admin),
	KUNIT_CASE(fwcall_dev_pci_read_not_in_d3cold),
	KUNIT_CASE(fwcall_dev_e820_type_names),
	KUNIT_CASE(fwcall_dev_ascii_sanitise),
	{}
};

static struct kunit_suite fwcall_dev_test_suite = {
	.name = "fwcall_dev",
	.test_cases = fwcall_dev_test_cases,
};

kunit_test_suites(&fwcall_dev_test_suite);

MODULE_DESCRIPTION("KUnit tests for fwcall's user interface rules");
MODULE_LICENSE("GPL");
