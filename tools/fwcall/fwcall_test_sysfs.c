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

/* Entry by entry the same lines as /sys/firmware/memmap, type names too */
static void sysfs_e820(void)
{
	unsigned int i, bad = 0;

	for (i = 0; ; i++) {
		unsigned long long s1, e1, s2, e2;
		char path[128], t1[64] = "", t2[64] = "";

		snprintf(path, sizeof(path), VIEW "/e820/%u/start", i);
		if (access(path, F_OK))
			break;
		snprintf(path, sizeof(path), "e820/%u/start", i);
		view_uint(path, &s1);
		snprintf(path, sizeof(path), "e820/%u/end", i);
		view_uint(path, &e1);
		snprintf(path, sizeof(path), VIEW "/e820/%u/type", i);
		read_line(path, t1, sizeof(t1));
		if (memmap_entry(i, &s2, &e2, t2, sizeof(t2))) {
			bad++;
			continue;
		}
		if (s1 != s2 || e1 != e2 || strcmp(t1, t2)) {
			printf("# e820/%u: %#llx-%#llx \"%s\", memmap %#llx-%#llx \"%s\"\n",
			       i, s1, e1, t1, s2, e2, t2);
			bad++;
		}
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

/* printable ASCII, each other byte as '?' (the kernel's rule for these files) */
static void ascii(char *dst, const char *src, size_t size)
{
	size_t i;

	for (i = 0; i < size - 1 && src[i]; i++)
		dst[i] = (unsigned char)src[i] >= 0x20 && (unsigned char)src[i] < 0x7f ?
			 src[i] : '?';
	dst[i] = 0;
}

static void sysfs_vbe(void)
{
	static struct fwcall_ioc_vbe_info v = { .size = sizeof(v) };
	char oem[128] = "", modes[4096] = "", want[4096] = "";
	static const char * const files[] = { "oem_string", "vendor", "product",
					      "product_rev" };
	static const char * const strs[] = { v.oem_string, v.vendor, v.product,
					     v.product_rev };
	unsigned int i, bad = 0;
	int len = 0;

	read_line(VIEW "/vbe/oem_string", oem, sizeof(oem));
	read_line(VIEW "/vbe/modes", modes, sizeof(modes));
	if (ioctl(fd, FWCALL_IOC_VBE_INFO, &v)) {
		result(0, "sysfs_vbe_matches_ioctl # %s", strerror(errno));
		result(0, "sysfs_vbe_strings_printable_ascii");
		return;
	}
	for (i = 0; i < v.mode_count; i++)
		len += snprintf(want + len, sizeof(want) - len, "%s0x%03x",
				i ? " " : "", v.modes[i]);
	result(!strcmp(oem, v.oem_string) && !strcmp(modes, want) && v.mode_count,
	       "sysfs_vbe_matches_ioctl # \"%s\", %u modes", oem, v.mode_count);

	/* Each string file: the BIOS's string as printable ASCII, one line */
	for (i = 0; i < ARRAY_SIZE(files); i++) {
		char path[128], line[256] = "", clean[FWCALL_VBE_STR_MAX + 1];
		FILE *f;
		size_t n;

		snprintf(path, sizeof(path), VIEW "/vbe/%s", files[i]);
		f = fopen(path, "r");
		n = f ? fread(line, 1, sizeof(line) - 1, f) : 0;
		if (f)
			fclose(f);
		line[n] = 0;
		ascii(clean, strs[i], sizeof(clean) > FWCALL_VBE_STR_MAX ?
		      FWCALL_VBE_STR_MAX : sizeof(clean));
		if (!n || line[n - 1] != '\n' || strcspn(line, "\n") != n - 1)
			bad++;
		line[strcspn(line, "\n")] = 0;
		if (strcmp(line, clean))
			bad++;
		for (n = 0; line[n]; n++)
			bad += (unsigned char)line[n] < 0x20 || (unsigned char)line[n] > 0x7e;
	}
	result(!bad, "sysfs_vbe_strings_printable_ascii # %u of %zu differ", bad,
	       ARRAY_SIZE(files));
}

/* rtc is gone: it ran the BIOS at every read, and rtc0 has the time */
static void sysfs_no_rtc(void)
{
	result(access(VIEW "/rtc", F_OK) && errno == ENOENT && !access(VIEW, F_OK),
	       "sysfs_has_no_rtc");
}

void test_sysfs(void)
{
	sysfs_e820();
	sysfs_memsize();
	sysfs_pcibios();
	sysfs_vbe();
	sysfs_no_rtc();
}
