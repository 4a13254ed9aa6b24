/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The parts of the /dev/fwcall end-to-end test (fwcall_test.c and its
 * fwcall_test_*.c groups): KTAP results and the independent sources.
 */
#ifndef FWCALL_TEST_H
#define FWCALL_TEST_H

#include <stddef.h>

#include "../ktap/ktap.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

extern int fd;

void expect_errno(int ret, int want, const char *name);
int read_hex(const char *path, unsigned long long *val);
int read_line(const char *path, char *line, size_t size);
int devmem_word(unsigned long addr, unsigned int *val);
int rtc0_diff(unsigned int year, unsigned int month, unsigned int day,
	      unsigned int hour, unsigned int min, unsigned int sec, long *diff);
int memmap_entry(unsigned int i, unsigned long long *start,
		 unsigned long long *end, char *type, size_t size);
int find_vga(char *name, size_t size);
struct fwcall_e820_range;
int fwcall_e820_map(struct fwcall_e820_range **map);

/* The groups, with the number of checks each reports */
#define TEST_VBE_CHECKS		7
void test_vbe(void);
#define TEST_SYSFS_CHECKS	7
void test_sysfs(void);
#define TEST_TOOL_CHECKS	5
void test_tool(void);
#define TEST_EMU_CHECKS		9
void test_emu(void);
#define TEST_UAPI_CHECKS	16
void test_uapi(void);
/* fwcall_test_shared.c: BIOS calls against the kernel's PCI and RTC users */
#define TEST_SHARED_CHECKS	6
void test_shared(void);
/* fwcall_test_module.c: unloaded and loaded again, last */
#define TEST_MODULE_CHECKS	5
void test_module(void);
/* fwcall_test_cli.c: without the device (also on the host), and with it */
#define TEST_CLI_HOST_CHECKS	5
#define TEST_CLI_CHECKS		(TEST_CLI_HOST_CHECKS + 5)
void test_cli(const char *path, int device);
int json_valid(const char *s);

#endif /* FWCALL_TEST_H */
