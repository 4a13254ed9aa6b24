// SPDX-License-Identifier: GPL-2.0
/*
 * fwcall end to end, /sys/firmware/fwcall: the read-only view against
 * Linux's own (/sys/firmware/memmap, the BIOS data area, /dev/rtc0) and
 * against the ioctls.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/fwcall.h>

#include "fwcall_test.h"

#define VIEW	"/sys/firmware/fwcall"

static int view_uint(const char *file, unsigned long long *val)
{
	char path[128], line[64];

	snprintf(path, sizeof(path), VIEW "/%s", file);
	if (read_line(path, line, sizeof(line)))
		return -1;
	*val = strtoull(line, NULL, 0);
	return 0;
}

static void sysfs_e820(void)
{
	unsigned int i, bad = 0;

	for (i = 0; ; i++) {
		unsigned long long s1, e1, t1, s2, e2;
		char path[128], type[64];
		int ram;

		snprintf(path, sizeof(path), VIEW "/e820/%u/start", i);
		if (access(path, F_OK))
			break;
		snprintf(path, sizeof(path), "e820/%u/start", i);
		view_uint(path, &s1);
		snprintf(path, sizeof(path), "e820/%u/end", i);
		view_uint(path, &e1);
		snprintf(path, sizeof(path), "e820/%u/type", i);
		view_uint(path, &t1);
		if (memmap_entry(i, &s2, &e2, type, sizeof(type))) {
			bad++;
			continue;
		}
		/* RAM is RAM in both; memmap names the other types its own way */
		ram = t1 == 1;
		if (s1 != s2 || e1 != e2 || ram != !strcmp(type, "System RAM"))
			bad++;
	}
	{
		char path[64];

		snprintf(path, sizeof(path), "/sys/firmware/memmap/%u", i);
		if (!access(path, F_OK))
			bad++;
	}
	result(i > 0 && !bad, "sysfs_e820_matches_memmap # %u entries, %u differ", i, bad);
}

static void sysfs_memsize(void)
{
	unsigned long long kb = 0, equip = 0, e801 = 0;
	struct fwcall_ioc_memsize m = { .size = sizeof(m) };
	unsigned int bda_kb, bda_equip;

	int ok;

	/* Read first: the order arguments are evaluated in is unspecified */
	ok = !view_uint("base_memory_kb", &kb) && !view_uint("equipment", &equip) &&
	     !devmem_word(0x413, &bda_kb) && !devmem_word(0x410, &bda_equip) &&
	     kb == bda_kb && equip == bda_equip;
	result(ok, "sysfs_memsize_is_bda # %llu KiB, equipment %#llx", kb, equip);
	ok = !view_uint("e801_kb_1m_16m", &e801) && !ioctl(fd, FWCALL_IOC_MEMSIZE, &m) &&
	     e801 == m.e801_kb_1m_16m;
	result(ok, "sysfs_e801 # %llu KiB", e801);
}

static void sysfs_pcibios(void)
{
	struct fwcall_ioc_pcibios p = { .size = sizeof(p) };
	char line[32] = "", want[32];

	read_line(VIEW "/pcibios/version", line, sizeof(line));
	ioctl(fd, FWCALL_IOC_PCIBIOS, &p);
	snprintf(want, sizeof(want), "%x.%02x", p.major, p.minor);
	result(!strcmp(line, want), "sysfs_pcibios_version # %s", line);
}

static void sysfs_vbe(void)
{
	static struct fwcall_ioc_vbe_info v = { .size = sizeof(v) };
	char oem[128] = "", modes[4096] = "", want[4096] = "";
	unsigned int i;
	int len = 0;

	read_line(VIEW "/vbe/oem_string", oem, sizeof(oem));
	read_line(VIEW "/vbe/modes", modes, sizeof(modes));
	if (ioctl(fd, FWCALL_IOC_VBE_INFO, &v)) {
		result(0, "sysfs_vbe_matches_ioctl # %s", strerror(errno));
		return;
	}
	for (i = 0; i < v.mode_count; i++)
		len += snprintf(want + len, sizeof(want) - len, "%s0x%03x",
				i ? " " : "", v.modes[i]);
	result(!strcmp(oem, v.oem_string) && !strcmp(modes, want) && v.mode_count,
	       "sysfs_vbe_matches_ioctl # \"%s\", %u modes", oem, v.mode_count);
}

/* Root's only (it runs BIOS code), and within 2 s of /dev/rtc0 */
static void sysfs_rtc(void)
{
	unsigned int y, mo, d, h, mi, sec;
	struct stat st = { 0 };
	char line[64] = "";
	long diff = 99;
	int ok;

	if (!read_line(VIEW "/rtc", line, sizeof(line)) &&
	    sscanf(line, "%u-%u-%u %u:%u:%u", &y, &mo, &d, &h, &mi, &sec) == 6 &&
	    rtc0_diff(y, mo, d, h, mi, sec, &diff))
		diff = 99;
	ok = !stat(VIEW "/rtc", &st) && (st.st_mode & 0777) == 0400 && labs(diff) <= 2;
	result(ok,
	       "sysfs_rtc_matches_rtc0 # \"%s\", %+ld s, mode %o", line, diff,
	       st.st_mode & 0777);
}

void test_sysfs(void)
{
	sysfs_e820();
	sysfs_memsize();
	sysfs_pcibios();
	sysfs_vbe();
	sysfs_rtc();
}
