// SPDX-License-Identifier: GPL-2.0
/*
 * End-to-end test of /dev/fwcall, run as root in the test initramfs: every
 * BIOS answer is checked against an independent source (sysfs, /dev/mem,
 * /dev/rtc0), and every malformed request against its errno.  Prints KTAP.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/klog.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/rtc.h>

#include <linux/fwcall.h>

#include "fwcall_test.h"

int fd;

int read_hex(const char *path, unsigned long long *val)
{
	FILE *f = fopen(path, "r");
	int ok;

	if (!f)
		return -1;
	ok = fscanf(f, "%llx", val) == 1;
	fclose(f);
	return ok ? 0 : -1;
}

/* The first line of @path without its newline; 0 or -1 */
int read_line(const char *path, char *line, size_t size)
{
	FILE *f = fopen(path, "r");
	int ok;

	if (!f)
		return -1;
	ok = !!fgets(line, size, f);
	fclose(f);
	if (!ok)
		return -1;
	line[strcspn(line, "\n")] = 0;
	return 0;
}

/* The sysfs name of the VGA device (class 0x0300xx); 0 or -1 */
int find_vga(char *name, size_t size)
{
	DIR *d = opendir("/sys/bus/pci/devices");
	struct dirent *de;
	int ret = -1;

	while (d && (de = readdir(d))) {
		unsigned long long class;
		char path[300];

		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/class",
			 de->d_name);
		if (de->d_name[0] != '.' && !read_hex(path, &class) &&
		    (class >> 8) == 0x0300) {
			snprintf(name, size, "%s", de->d_name);
			ret = 0;
			break;
		}
	}
	if (d)
		closedir(d);
	return ret;
}

/* Entry @i of /sys/firmware/memmap: its first and last address and type */
int memmap_entry(unsigned int i, unsigned long long *start,
		 unsigned long long *end, char *type, size_t size)
{
	char path[64];

	snprintf(path, sizeof(path), "/sys/firmware/memmap/%u/start", i);
	if (read_hex(path, start))
		return -1;
	snprintf(path, sizeof(path), "/sys/firmware/memmap/%u/end", i);
	if (read_hex(path, end))
		return -1;
	snprintf(path, sizeof(path), "/sys/firmware/memmap/%u/type", i);
	return read_line(path, type, size);
}

static unsigned int memmap_type(const char *name)
{
	static const struct { const char *name; unsigned int type; } types[] = {
		{ "System RAM", 1 }, { "Reserved", 2 }, { "ACPI Tables", 3 },
		{ "ACPI Non-volatile Storage", 4 }, { "Unusable memory", 5 },
		{ "Persistent Memory (legacy)", 7 }, { "Soft Reserved", 0xefffffff },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(types); i++)
		if (!strcmp(name, types[i].name))
			return types[i].type;
	return 0;
}

/*
 * The whole E820 map through /dev/fwcall, however long: count 0 asks how
 * many entries there are.  Its length, or -1 (errno set).
 */
int fwcall_e820_map(struct fwcall_e820_range **map)
{
	struct fwcall_ioc_e820 req = { .size = sizeof(req) };

	*map = NULL;
	while (ioctl(fd, FWCALL_IOC_E820, &req)) {
		free(*map);
		*map = NULL;
		if (errno != E2BIG)
			return -1;
		*map = calloc(req.count, sizeof(**map));
		if (!*map)
			return -1;
		req.entries = (uintptr_t)*map;
	}
	return req.count;
}

/*
 * The E820 map through the BIOS equals /sys/firmware/memmap, entry by
 * entry: the number of entries (-1 with errno set for a failed ioctl) and
 * of those that differ in *bad.
 */
static int e820_vs_memmap(unsigned int *bad_out)
{
	struct fwcall_e820_range *map;
	unsigned int i, bad = 0;
	int n = fwcall_e820_map(&map);

	if (n < 0)
		return n;
	for (i = 0; i < (unsigned int)n; i++) {
		unsigned long long start, end;
		char type[64] = "";

		if (memmap_entry(i, &start, &end, type, sizeof(type))) {
			bad++;
			continue;
		}
		printf("# e820 %2u: 0x%016llx-0x%016llx %u | memmap %#llx-%#llx %s\n", i,
		       (unsigned long long)map[i].addr,
		       (unsigned long long)(map[i].addr + map[i].size - 1), map[i].type,
		       start, end, type);
		if (start != map[i].addr || end != map[i].addr + map[i].size - 1 ||
		    memmap_type(type) != map[i].type)
			bad++;
	}
	/* ... and memmap has no entry more */
	{
		char path[64];

		snprintf(path, sizeof(path), "/sys/firmware/memmap/%d", n);
		if (!access(path, F_OK))
			bad++;
	}
	free(map);
	*bad_out = bad;
	return n;
}

static void test_e820(void)
{
	struct fwcall_ioc_int r = {
		.size = sizeof(r), .vector = 0x12, .flags = FWCALL_INT_BUF,
		.buf_len = FWCALL_BUF_MAX,
	};
	static uint8_t garbage[FWCALL_BUF_MAX];
	unsigned int bad = 0;
	int n;

	n = e820_vs_memmap(&bad);
	result(n > 0 && !bad, "e820_matches_memmap # %d entries%s%s", n,
	       n < 0 ? ", ioctl: " : "", n < 0 ? strerror(errno) : "");

	/*
	 * Again after a raw int 12h (which ignores ES:DI) has left the whole
	 * bounce buffer full of garbage: the walk's buffer is cleared once,
	 * before its first call, so none of it shows in the map.
	 */
	memset(garbage, 0xa5, sizeof(garbage));
	r.buf = (uintptr_t)garbage;
	if (ioctl(fd, FWCALL_IOC_INT, &r)) {
		result(0, "e820_after_garbage_matches_memmap # raw int 12h: %s",
		       strerror(errno));
		return;
	}
	n = e820_vs_memmap(&bad);
	result(n > 0 && !bad, "e820_after_garbage_matches_memmap # %d entries", n);
}

int devmem_word(unsigned long addr, unsigned int *val)
{
	int mfd = open("/dev/mem", O_RDONLY);
	uint16_t w;
	int ok;

	if (mfd < 0)
		return -1;
	ok = pread(mfd, &w, sizeof(w), addr) == sizeof(w);
	close(mfd);
	*val = w;
	return ok ? 0 : -1;
}

/* int 12h and int 11h equal the BIOS data area words, read from /dev/mem. */
static void test_memsize(void)
{
	struct fwcall_ioc_memsize req = { .size = sizeof(req) };
	unsigned int base, equip;
	int err = ioctl(fd, FWCALL_IOC_MEMSIZE, &req);

	if (err || devmem_word(0x413, &base) || devmem_word(0x410, &equip)) {
		result(0, "int12h_matches_bda # %s", strerror(errno));
		result(0, "int11h_matches_bda");
		return;
	}
	result(req.base_kb == base, "int12h_matches_bda # %u KiB, BDA %u",
	       req.base_kb, base);
	result(req.equipment == equip, "int11h_matches_bda # %#x, BDA %#x",
	       req.equipment, equip);
	printf("# E801: %u KiB below 16 MiB, %u blocks of 64 KiB above\n",
	       req.e801_kb_1m_16m, req.e801_blocks_16m_4g);
	result(req.e801_kb_1m_16m <= 15360 && req.e801_kb_1m_16m > 0,
	       "e801_plausible");
}

/*
 * A date and time (year, month 1-12, day, hour, minute, second) minus
 * /dev/rtc0's, in seconds, into *@diff; 0, or -1 when rtc0 cannot be read.
 */
int rtc0_diff(unsigned int year, unsigned int month, unsigned int day,
	      unsigned int hour, unsigned int min, unsigned int sec, long *diff)
{
	struct tm a = {
		.tm_year = year - 1900, .tm_mon = month - 1, .tm_mday = day,
		.tm_hour = hour, .tm_min = min, .tm_sec = sec,
	};
	struct tm b = { };
	struct rtc_time rt;
	int rfd = open("/dev/rtc0", O_RDONLY);
	int err;

	if (rfd < 0)
		return -1;
	err = ioctl(rfd, RTC_RD_TIME, &rt);
	close(rfd);
	if (err)
		return -1;
	b.tm_year = rt.tm_year;
	b.tm_mon = rt.tm_mon;
	b.tm_mday = rt.tm_mday;
	b.tm_hour = rt.tm_hour;
	b.tm_min = rt.tm_min;
	b.tm_sec = rt.tm_sec;
	*diff = (long)(timegm(&a) - timegm(&b));
	return 0;
}

/* The RTC through the BIOS is within 2 s of /dev/rtc0. */
static void test_rtc(void)
{
	struct fwcall_ioc_rtc req = { .size = sizeof(req) };
	long diff;

	if (ioctl(fd, FWCALL_IOC_RTC, &req) ||
	    rtc0_diff(req.year, req.month, req.day, req.hour, req.minute,
		      req.second, &diff)) {
		result(0, "rtc_matches_rtc0 # %s", strerror(errno));
		return;
	}
	result(labs(diff) <= 2, "rtc_matches_rtc0 # BIOS %04u-%02u-%02u %02u:%02u:%02u, %+ld s",
	       req.year, req.month, req.day, req.hour, req.minute, req.second, diff);
}

/* PCI BIOS config reads equal /sys/bus/pci/devices/<dev>/config, 64 bytes. */
static void test_pci(void)
{
	struct fwcall_ioc_pcibios info = { .size = sizeof(info) };
	unsigned int devices = 0, bad = 0, max_bus = 0;
	struct dirent *de;
	DIR *d;

	int err = ioctl(fd, FWCALL_IOC_PCIBIOS, &info);

	result(!err && (info.mechanisms & 1) && info.major >= 2,
	       "pcibios_present # version %x.%02x, mechanisms %#x, last bus %u",
	       info.major, info.minor, info.mechanisms, info.last_bus);

	d = opendir("/sys/bus/pci/devices");
	while (d && (de = readdir(d))) {
		unsigned int dom, bus, dev, fn, where;
		unsigned char cfg[64];
		char path[300];
		int cfd;

		if (sscanf(de->d_name, "%x:%x:%x.%x", &dom, &bus, &dev, &fn) != 4)
			continue;
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/config", de->d_name);
		cfd = open(path, O_RDONLY);
		if (cfd < 0 || read(cfd, cfg, sizeof(cfg)) != sizeof(cfg)) {
			bad++;
			if (cfd >= 0)
				close(cfd);
			continue;
		}
		close(cfd);
		devices++;
		if (bus > max_bus)
			max_bus = bus;
		for (where = 0; where < 64; where += 4) {
			struct fwcall_ioc_pci_read r = {
				.size = sizeof(r), .bus = bus, .devfn = dev << 3 | fn,
				.where = where, .width = 4,
			};
			uint32_t sys;

			memcpy(&sys, cfg + where, 4);
			if (ioctl(fd, FWCALL_IOC_PCI_READ, &r)) {
				bad++;
				continue;
			}
			/* Status bits may change between reads */
			if (where == 4) {
				sys &= 0xffff;
				r.value &= 0xffff;
			}
			if (r.value != sys) {
				printf("# %s at %#x: BIOS %#x, sysfs %#x\n", de->d_name,
				       where, r.value, sys);
				bad++;
			}
		}
	}
	if (d)
		closedir(d);
	result(devices > 0 && !bad, "pci_config_matches_sysfs # %u devices", devices);
	result(info.last_bus >= max_bus, "pcibios_last_bus # %u >= %u",
	       info.last_bus, max_bus);
}

void expect_errno(int ret, int want, const char *name)
{
	int got = ret ? errno : 0;

	result(ret == -1 && got == want, "%s # errno %d (%s), want %d", name, got,
	       strerror(got), want);
}

/* Raw calls with a malformed buffer or entry, services that do not exist */
static void test_refusals_raw(void)
{
	struct fwcall_ioc_int r = {
		.size = sizeof(r), .vector = 0x15, .regs.eax = 0xe820,
	};
	struct fwcall_ioc_bios32_call b = { .size = sizeof(b), .entry = 0xdfff0 };
	struct fwcall_ioc_bios32_service s = { .size = sizeof(s), .id = 0x4e4f4e45 };
	struct fwcall_ioc_vbe_mode vm = { .size = sizeof(vm), .mode = 0x3ffe };
	struct fwcall_ioc_vbe_info vi = { .size = sizeof(vi) - 2 };
	static char buf[FWCALL_BUF_MAX + 1];

	r.flags = 2;
	expect_errno(ioctl(fd, FWCALL_IOC_INT, &r), EINVAL, "int_refuses_unknown_flag");
	r.flags = FWCALL_INT_BUF;
	r.buf = (uintptr_t)buf;
	expect_errno(ioctl(fd, FWCALL_IOC_INT, &r), EINVAL, "int_buf_refuses_length_0");
	r.buf_len = FWCALL_BUF_MAX + 1;
	expect_errno(ioctl(fd, FWCALL_IOC_INT, &r), EINVAL, "int_buf_refuses_length_above_max");
	r.buf_len = 20;
	r.buf = 16;
	expect_errno(ioctl(fd, FWCALL_IOC_INT, &r), EFAULT, "int_buf_refuses_bad_pointer");
	r.flags = 0;
	r.buf = (uintptr_t)buf;
	expect_errno(ioctl(fd, FWCALL_IOC_INT, &r), EINVAL, "int_refuses_buffer_without_flag");
	expect_errno(ioctl(fd, FWCALL_IOC_BIOS32_CALL, &b), EINVAL,
		     "far_refuses_entry_outside_bios_area");
	expect_errno(ioctl(fd, FWCALL_IOC_BIOS32_SERVICE, &s), ENOENT,
		     "bios32_unknown_service");
	expect_errno(ioctl(fd, FWCALL_IOC_VBE_MODE, &vm), ENOENT, "vbe_unknown_mode");
	expect_errno(ioctl(fd, FWCALL_IOC_VBE_INFO, &vi), EINVAL, "vbe_info_refuses_wrong_size");
}

/* Malformed requests get their errno and change nothing. */
static void test_refusals(void)
{
	struct fwcall_e820_range one;
	struct fwcall_ioc_e820 e = { .size = sizeof(e), .count = 1,
				     .entries = (uintptr_t)&one };
	struct fwcall_ioc_memsize m = { .size = sizeof(m) - 4 };
	struct fwcall_ioc_pci_read p = { .size = sizeof(p), .width = 3 };
	struct fwcall_ioc_int r = { .size = sizeof(r), .vector = 256 };

	expect_errno(ioctl(fd, FWCALL_IOC_MEMSIZE, &m), EINVAL, "refuses_wrong_size");
	expect_errno(ioctl(fd, FWCALL_IOC_MEMSIZE, (void *)16), EFAULT, "refuses_bad_pointer");
	expect_errno(ioctl(fd, _IO(FWCALL_IOC_MAGIC, 99)), ENOTTY, "refuses_unknown_command");
	expect_errno(ioctl(fd, FWCALL_IOC_E820, &e), E2BIG, "e820_too_small_buffer");
	e.count = 1024;
	e.entries = 16;
	expect_errno(ioctl(fd, FWCALL_IOC_E820, &e), EFAULT, "e820_refuses_bad_entries");
	expect_errno(ioctl(fd, FWCALL_IOC_PCI_READ, &p), EINVAL, "pci_refuses_width_3");
	p.width = 4;
	p.where = 2;
	expect_errno(ioctl(fd, FWCALL_IOC_PCI_READ, &p), EINVAL, "pci_refuses_unaligned");
	p.where = 256;
	p.width = 1;
	expect_errno(ioctl(fd, FWCALL_IOC_PCI_READ, &p), EINVAL, "pci_refuses_register_256");
	p.where = 0;
	p.bus = 256;
	expect_errno(ioctl(fd, FWCALL_IOC_PCI_READ, &p), EINVAL, "pci_refuses_bus_256");
	expect_errno(ioctl(fd, FWCALL_IOC_INT, &r), EINVAL, "int_refuses_vector_256");
	r.vector = 2;
	expect_errno(ioctl(fd, FWCALL_IOC_INT, &r), EINVAL, "int_refuses_vector_2_nmi");
	test_refusals_raw();
}

/*
 * Opened without CAP_SYS_ADMIN, /dev/fwcall reads the first 64 bytes of a
 * device's configuration space and refuses the rest, as pci-sysfs's
 * config file, opened the same way, stops at 64 bytes.
 */
static void test_pci_admin(void)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct fwcall_ioc_pci_read r = { .size = sizeof(r), .where = 0x3c, .width = 4 };
	struct __user_cap_data_struct c[2];
	unsigned char cfg[256];
	int ufd = -1, cfd = -1, ret1 = -1, ret2 = -1, err2 = 0;
	ssize_t got = -1;
	uint32_t sys = 0;

	if (syscall(SYS_capget, &h, c) == 0) {
		c[CAP_SYS_ADMIN / 32].effective &= ~(1u << (CAP_SYS_ADMIN % 32));
		if (syscall(SYS_capset, &h, c) == 0) {
			ufd = open("/dev/fwcall", O_RDWR);
			cfd = open("/sys/bus/pci/devices/0000:00:00.0/config", O_RDONLY);
		}
		c[CAP_SYS_ADMIN / 32].effective |= 1u << (CAP_SYS_ADMIN % 32);
		syscall(SYS_capset, &h, c);
	}
	if (cfd >= 0)
		got = pread(cfd, cfg, sizeof(cfg), 0);
	if (ufd >= 0) {
		ret1 = ioctl(ufd, FWCALL_IOC_PCI_READ, &r);
		memcpy(&sys, cfg + 0x3c, 4);
		r.where = 0x40;
		ret2 = ioctl(ufd, FWCALL_IOC_PCI_READ, &r);
		err2 = errno;
	}
	result(!ret1 && got == 64 && r.value == sys,
	       "pci_header_without_cap_sys_admin # sysfs gave %zd bytes, 0x3c = %#x",
	       got, sys);
	errno = err2;
	expect_errno(ret2, EPERM, "pci_beyond_64_needs_cap_sys_admin");
	if (ufd >= 0)
		close(ufd);
	if (cfd >= 0)
		close(cfd);
}

/* A raw int 12h with CAP_SYS_RAWIO; EPERM once the capability is dropped. */
static void test_raw(void)
{
	struct fwcall_ioc_int r = { .size = sizeof(r), .vector = 0x12 };
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct c[2];
	unsigned int base;
	int ret;

	ret = ioctl(fd, FWCALL_IOC_INT, &r);
	result(!ret && !devmem_word(0x413, &base) && (r.regs.eax & 0xffff) == base,
	       "raw_int12h_with_cap_sys_rawio # ax %u", r.regs.eax & 0xffff);

	/* Drop CAP_SYS_RAWIO from the effective set, keep the rest */
	if (syscall(SYS_capget, &h, c)) {
		result(0, "raw_int_without_cap_sys_rawio # capget: %s", strerror(errno));
		return;
	}
	c[CAP_SYS_RAWIO / 32].effective &= ~(1u << (CAP_SYS_RAWIO % 32));
	if (syscall(SYS_capset, &h, c)) {
		result(0, "raw_int_without_cap_sys_rawio # capset: %s", strerror(errno));
		return;
	}
	expect_errno(ioctl(fd, FWCALL_IOC_INT, &r), EPERM, "raw_int_without_cap_sys_rawio");
	{
		struct fwcall_ioc_bios32_call b = { .size = sizeof(b), .entry = 0xf0000 };

		expect_errno(ioctl(fd, FWCALL_IOC_BIOS32_CALL, &b), EPERM,
			     "far_call_without_cap_sys_rawio");
	}
	/* Named services still work without it */
	{
		struct fwcall_ioc_memsize m = { .size = sizeof(m) };

		result(!ioctl(fd, FWCALL_IOC_MEMSIZE, &m) && m.base_kb == base,
		       "named_service_without_cap_sys_rawio");
	}
	c[CAP_SYS_RAWIO / 32].effective |= 1u << (CAP_SYS_RAWIO % 32);
	syscall(SYS_capset, &h, c);
	test_pci_admin();
}

/* Random ioctls leave the kernel running and later calls correct. */
static void test_random(unsigned int count)
{
	static const struct { unsigned int cmd, size; } cmds[] = {
		{ FWCALL_IOC_E820, sizeof(struct fwcall_ioc_e820) },
		{ FWCALL_IOC_MEMSIZE, sizeof(struct fwcall_ioc_memsize) },
		{ FWCALL_IOC_RTC, sizeof(struct fwcall_ioc_rtc) },
		{ FWCALL_IOC_PCIBIOS, sizeof(struct fwcall_ioc_pcibios) },
		{ FWCALL_IOC_PCI_READ, sizeof(struct fwcall_ioc_pci_read) },
		{ FWCALL_IOC_INT, sizeof(struct fwcall_ioc_int) },
		{ FWCALL_IOC_VBE_INFO, sizeof(struct fwcall_ioc_vbe_info) },
		{ FWCALL_IOC_VBE_MODE, sizeof(struct fwcall_ioc_vbe_mode) },
		{ FWCALL_IOC_BIOS32_SERVICE, sizeof(struct fwcall_ioc_bios32_service) },
	};
	struct fwcall_ioc_memsize m = { .size = sizeof(m) };
	unsigned int i, base, accepted = 0;
	/* Room for the largest struct, random in its first 64 bytes */
	static uint32_t buf[sizeof(struct fwcall_ioc_vbe_info) / 4];

	srand(12345);
	for (i = 0; i < count; i++) {
		unsigned int cmd, j, k = rand() % ARRAY_SIZE(cmds);
		void *arg = buf;

		for (j = 0; j < 16; j++)
			buf[j] = rand() % 4 ? (uint32_t)rand() : (uint32_t)(rand() % 300);
		/* Mostly real commands, with the right size now and then */
		cmd = rand() % 5 ? cmds[k].cmd : (unsigned int)rand();
		if (rand() % 2)
			buf[0] = cmds[k].size;
		/* Keep raw interrupts to harmless ones: int 12h, int 11h */
		if (cmd == FWCALL_IOC_INT)
			buf[1] = 0x11 + rand() % 2;
		/* E820 entries pointer: valid, or NULL */
		if (cmd == FWCALL_IOC_E820)
			buf[2] = 0, buf[3] = 0;
		if (rand() % 16 == 0)
			arg = (void *)(uintptr_t)rand();
		if (!ioctl(fd, cmd, arg))
			accepted++;
	}
	result(!ioctl(fd, FWCALL_IOC_MEMSIZE, &m) && !devmem_word(0x413, &base) &&
	       m.base_kb == base,
	       "random_ioctls_then_correct # %u ioctls, %u accepted", count, accepted);
}

/* The kernel's lockdown mode, "[integrity]" among them when in force */
static void lockdown_mode(char *mode, size_t size)
{
	if (read_line("/sys/kernel/security/lockdown", mode, size))
		mode[0] = 0;
}

/* The first System RAM of /proc/iomem above 1 MiB; 0 when none */
static unsigned long long ram_above_1m(void)
{
	FILE *f = fopen("/proc/iomem", "r");
	unsigned long long start = 0, end;
	char line[256];

	while (f && fgets(line, sizeof(line), f)) {
		if (line[0] != ' ' && strstr(line, ": System RAM") &&
		    sscanf(line, "%llx-%llx", &start, &end) == 2 && start >= 0x100000)
			break;
		start = 0;
	}
	if (f)
		fclose(f);
	return start;
}

/*
 * Booted without iomem=relaxed on a kernel with STRICT_DEVMEM: /dev/mem
 * refuses RAM, and raw calls, which reach all of it, are refused even
 * with CAP_SYS_RAWIO while the named services answer.  Then lockdown is
 * raised to integrity at run time: raw calls are refused for a reason of
 * their own, which the kernel log names, and named services still answer.
 */
static void test_strict(void)
{
	struct fwcall_ioc_int r = { .size = sizeof(r), .vector = 0x12 };
	struct fwcall_ioc_bios32_call b = { .size = sizeof(b), .entry = 0xf0000 };
	struct fwcall_ioc_memsize m = { .size = sizeof(m) };
	unsigned long long ram = ram_above_1m();
	char cmdline[1024] = "", mode[128] = "", iomem[16384];
	static char log[1 << 20];
	int mfd, ret, err, n;
	uint32_t word;
	FILE *f;

	/* /dev/mem's own verdict on RAM: EPERM under STRICT_DEVMEM */
	read_line("/proc/cmdline", cmdline, sizeof(cmdline));
	mfd = open("/dev/mem", O_RDONLY);
	ret = mfd < 0 ? -1 : (int)pread(mfd, &word, sizeof(word), ram);
	err = errno;
	if (mfd >= 0)
		close(mfd);
	result(!strstr(cmdline, "iomem=relaxed") && ram && ret < 0 && err == EPERM,
	       "devmem_strict_in_force # /dev/mem at %#llx: %d, %s", ram, ret,
	       strerror(err));

	f = fopen("/proc/iomem", "r");
	n = f ? fread(iomem, 1, sizeof(iomem) - 1, f) : 0;
	iomem[n] = 0;
	if (f)
		fclose(f);
	result(!!strstr(iomem, " : fwcall\n"), "iomem_shows_fwcall");

	expect_errno(ioctl(fd, FWCALL_IOC_INT, &r), EPERM, "raw_int_refused_strict_devmem");
	expect_errno(ioctl(fd, FWCALL_IOC_BIOS32_CALL, &b), EPERM,
		     "far_call_refused_strict_devmem");
	ret = ioctl(fd, FWCALL_IOC_MEMSIZE, &m);
	result(!ret && m.base_kb >= 512 && m.base_kb <= 640,
	       "named_service_strict_devmem # %u KiB", m.base_kb);

	f = fopen("/sys/kernel/security/lockdown", "w");
	if (f) {
		fputs("integrity", f);
		fclose(f);
	}
	lockdown_mode(mode, sizeof(mode));
	result(!!strstr(mode, "[integrity]"), "locked_down # %s", mode);
	expect_errno(ioctl(fd, FWCALL_IOC_INT, &r), EPERM, "raw_int_refused_under_lockdown");
	n = klogctl(3, log, sizeof(log) - 1);
	log[n > 0 ? n : 0] = 0;
	result(!!strstr(log, ": raw BIOS calls through /dev/fwcall is restricted"),
	       "lockdown_reason_of_its_own_logged");
	m = (struct fwcall_ioc_memsize){ .size = sizeof(m) };
	ret = ioctl(fd, FWCALL_IOC_MEMSIZE, &m);
	result(!ret && m.base_kb >= 512 && m.base_kb <= 640,
	       "named_service_under_lockdown # %u KiB", m.base_kb);
}

int main(int argc, char **argv)
{
	int strict = argc > 1 && !strcmp(argv[1], "--strict");
	unsigned int random_count = argc > 1 && !strict ? atoi(argv[1]) : 10000;

	printf("KTAP version 1\n1..%d\n", strict ? 9 :
	       35 + TEST_VBE_CHECKS + TEST_SYSFS_CHECKS + TEST_TOOL_CHECKS +
	       TEST_EMU_CHECKS + TEST_UAPI_CHECKS + TEST_CLI_CHECKS +
	       TEST_SHARED_CHECKS + TEST_MODULE_CHECKS);
	fd = open("/dev/fwcall", O_RDWR);
	if (fd < 0) {
		printf("Bail out! /dev/fwcall: %s\n", strerror(errno));
		return 1;
	}
	if (strict) {
		test_strict();
		return ktap_failed != 0;
	}
	test_e820();
	test_memsize();
	test_rtc();
	test_pci();
	test_shared();
	test_refusals();
	test_raw();
	test_vbe();
	test_sysfs();
	test_tool();
	test_emu();
	test_uapi();
	test_cli("/bin/fwcall", 1);
	test_random(random_count);
	test_module();
	printf("# fwcall end to end: %d checks, %d failed\n", ktap_checks, ktap_failed);
	return ktap_failed != 0;
}
