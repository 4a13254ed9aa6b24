// SPDX-License-Identifier: GPL-2.0
/*
 * fwcall end to end: BIOS calls and the kernel's own drivers on the same
 * hardware at once.  A child process keeps writing through the kernel
 * while this one reads through the BIOS, ROUNDS times each, on as many
 * CPUs as the machine has: PCI configuration space (sysfs writes of a
 * device's interrupt line register, PCI BIOS reads of its other
 * registers, CF8h/CFCh on both sides) and the RTC (/dev/rtc0 setting the
 * time to one of two values, int 1Ah reading it, 70h/71h on both sides).
 * An index port written by one side between the other's index and data
 * accesses shows as a wrong value on either side.
 */

#include <errno.h>
#include <fcntl.h>
#include <linux/fwcall.h>
#include <linux/rtc.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fwcall_test.h"

#define ROUNDS		3000
/* How far the RTC may have moved on from a value set (TCG is slow) */
#define RTC_SLACK_S	120

/**
 * struct shared_run - what the writing child and the reading parent share
 * @done: set by the parent once its ROUNDS reads are over
 * @writes: the child's writes
 * @wrong: the child's read-backs that did not give what it wrote
 * @first_wrong: the first wrong read-back, for the log
 */
struct shared_run {
	atomic_int done;
	atomic_uint writes;
	atomic_uint wrong;
	atomic_uint first_wrong;
};

static struct shared_run *shared_map(void)
{
	void *p = mmap(NULL, sizeof(struct shared_run), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* ROUNDS writes at least, and on until the parent is done */
static int child_more(struct shared_run *run)
{
	return run->writes < ROUNDS || !run->done;
}

/* Until the child has written once, so that every read sees its values */
static int wait_first_write(struct shared_run *run, pid_t pid)
{
	while (!run->writes) {
		if (waitpid(pid, NULL, WNOHANG) == pid)
			return -1;
		usleep(100);
	}
	return 0;
}

static int wait_child(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The child: alternate 55h and AAh in the interrupt line register */
static void pci_writer(const char *config, struct shared_run *run)
{
	int cfd = open(config, O_RDWR);
	unsigned char v, back;

	if (cfd < 0)
		_exit(2);
	while (child_more(run)) {
		v = run->writes & 1 ? 0xaa : 0x55;
		if (pwrite(cfd, &v, 1, 0x3c) != 1 || pread(cfd, &back, 1, 0x3c) != 1)
			_exit(3);
		if (back != v && !run->wrong++)
			run->first_wrong = back;
		run->writes++;
	}
	_exit(0);
}

static void test_shared_pci(void)
{
	static const unsigned int regs[] = { 0x00, 0x08, 0x2c, 0x10 };
	unsigned char before[256], after[256], line;
	unsigned int bus, dev, fn, i, bios_wrong = 0, changed = 0;
	char name[64], config[128];
	struct shared_run *run;
	int cfd = -1, child_ret = -1, bios_err = 0;
	pid_t pid;

	if (find_vga(name, sizeof(name)) ||
	    sscanf(name, "%*x:%x:%x.%x", &bus, &dev, &fn) != 3)
		goto fail;
	snprintf(config, sizeof(config), "/sys/bus/pci/devices/%s/config", name);
	cfd = open(config, O_RDWR);
	if (cfd < 0 || pread(cfd, before, sizeof(before), 0) != sizeof(before))
		goto fail;
	line = before[0x3c];
	run = shared_map();
	if (!run)
		goto fail;

	pid = fork();
	if (pid == 0)
		pci_writer(config, run);
	if (pid < 0)
		goto fail;
	for (i = 0; !wait_first_write(run, pid) && i < ROUNDS; i++) {
		unsigned int where = regs[i % ARRAY_SIZE(regs)];
		struct fwcall_ioc_pci_read r = {
			.size = sizeof(r), .bus = bus, .devfn = dev << 3 | fn,
			.where = where, .width = 4,
		};
		uint32_t want;

		if (ioctl(fd, FWCALL_IOC_PCI_READ, &r)) {
			bios_err = errno;
			break;
		}
		memcpy(&want, before + where, 4);
		if (r.value != want && !bios_wrong++)
			printf("# BIOS read %s at %#x: %#x, want %#x\n", name,
			       where, r.value, want);
	}
	run->done = 1;
	child_ret = wait_child(pid);

	result(child_ret == 0 && run->writes >= ROUNDS && !run->wrong,
	       "shared_pci_sysfs_writes_read_back # %s, %u writes, %u wrong (first %#x), exit %d",
	       name, run->writes, run->wrong, run->first_wrong, child_ret);
	result(!bios_err && i == ROUNDS && !bios_wrong,
	       "shared_pci_bios_reads_right # %u reads of 4 registers meanwhile, %u wrong%s%s",
	       i, bios_wrong, bios_err ? ", " : "", bios_err ? strerror(bios_err) : "");
	/* Everything but the register written (and the status bits) as before */
	if (pwrite(cfd, &line, 1, 0x3c) != 1 ||
	    pread(cfd, after, sizeof(after), 0) != sizeof(after)) {
		result(0, "shared_pci_nothing_else_changed # %s", strerror(errno));
	} else {
		for (i = 0; i < sizeof(before); i++)
			if (i != 0x06 && i != 0x07 && before[i] != after[i])
				changed++;
		result(!changed, "shared_pci_nothing_else_changed # %u of 256 bytes differ",
		       changed);
	}
	munmap(run, sizeof(*run));
	close(cfd);
	return;
fail:
	if (cfd >= 0)
		close(cfd);
	result(0, "shared_pci_sysfs_writes_read_back # setup: %s", strerror(errno));
	result(0, "shared_pci_bios_reads_right # not run");
	result(0, "shared_pci_nothing_else_changed # not run");
}

/* The two times the child sets in turn */
static const struct rtc_time rtc_values[2] = {
	{ .tm_year = 101, .tm_mon = 0, .tm_mday = 1,
	  .tm_hour = 1, .tm_min = 1, .tm_sec = 1 },
	{ .tm_year = 102, .tm_mon = 1, .tm_mday = 2,
	  .tm_hour = 2, .tm_min = 2, .tm_sec = 2 },
};

static int tod(int h, int m, int s)
{
	return h * 3600 + m * 60 + s;
}

/* Whether a time of day read is within the slack after one of the two */
static int rtc_time_ok(int h, int m, int s)
{
	unsigned int i;
	int d;

	for (i = 0; i < ARRAY_SIZE(rtc_values); i++) {
		d = tod(h, m, s) - tod(rtc_values[i].tm_hour, rtc_values[i].tm_min,
				       rtc_values[i].tm_sec);
		if (d >= 0 && d <= RTC_SLACK_S)
			return 1;
	}
	return 0;
}

/* Whether a date read is one of the two (the slack does not cross midnight) */
static int rtc_date_ok(int year, int mon, int mday)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(rtc_values); i++)
		if (year == rtc_values[i].tm_year + 1900 &&
		    mon == rtc_values[i].tm_mon + 1 && mday == rtc_values[i].tm_mday)
			return 1;
	return 0;
}

/* The child: set one time, then the other, reading each back */
static void rtc_writer(struct shared_run *run)
{
	int rfd = open("/dev/rtc0", O_RDWR);
	const struct rtc_time *set;
	struct rtc_time back;

	if (rfd < 0)
		_exit(2);
	while (child_more(run)) {
		set = &rtc_values[run->writes & 1];
		if (ioctl(rfd, RTC_SET_TIME, set) || ioctl(rfd, RTC_RD_TIME, &back))
			_exit(3);
		if ((back.tm_year != set->tm_year || back.tm_mon != set->tm_mon ||
		     back.tm_mday != set->tm_mday ||
		     !rtc_time_ok(back.tm_hour, back.tm_min, back.tm_sec)) &&
		    !run->wrong++)
			run->first_wrong = back.tm_hour << 16 | back.tm_min << 8 |
					   back.tm_sec;
		run->writes++;
	}
	_exit(0);
}

/* Set the RTC to @start plus the time that has passed since @mono */
static int rtc_restore(const struct rtc_time *start, const struct timespec *mono)
{
	struct tm tm = {
		.tm_year = start->tm_year, .tm_mon = start->tm_mon,
		.tm_mday = start->tm_mday, .tm_hour = start->tm_hour,
		.tm_min = start->tm_min, .tm_sec = start->tm_sec,
	};
	struct rtc_time now = { };
	struct timespec end;
	time_t t;
	int rfd, err;

	clock_gettime(CLOCK_MONOTONIC, &end);
	t = timegm(&tm) + (end.tv_sec - mono->tv_sec);
	gmtime_r(&t, &tm);
	now.tm_year = tm.tm_year;
	now.tm_mon = tm.tm_mon;
	now.tm_mday = tm.tm_mday;
	now.tm_hour = tm.tm_hour;
	now.tm_min = tm.tm_min;
	now.tm_sec = tm.tm_sec;
	rfd = open("/dev/rtc0", O_RDWR);
	if (rfd < 0)
		return -1;
	err = ioctl(rfd, RTC_SET_TIME, &now);
	close(rfd);
	return err;
}

static void test_shared_rtc(void)
{
	struct fwcall_ioc_rtc req = { .size = sizeof(req) };
	unsigned int i, bios_wrong = 0;
	struct rtc_time start;
	struct timespec mono;
	struct shared_run *run;
	int rfd, child_ret, bios_err = 0;
	long diff = 0;
	pid_t pid;

	rfd = open("/dev/rtc0", O_RDONLY);
	if (rfd < 0 || ioctl(rfd, RTC_RD_TIME, &start)) {
		result(0, "shared_rtc_rtc0_sets_read_back # /dev/rtc0: %s", strerror(errno));
		result(0, "shared_rtc_bios_reads_right # not run");
		result(0, "shared_rtc_restored # not run");
		if (rfd >= 0)
			close(rfd);
		return;
	}
	close(rfd);
	clock_gettime(CLOCK_MONOTONIC, &mono);
	run = shared_map();
	pid = run ? fork() : -1;
	if (pid == 0)
		rtc_writer(run);
	for (i = 0; pid > 0 && !wait_first_write(run, pid) && i < ROUNDS; i++) {
		if (ioctl(fd, FWCALL_IOC_RTC, &req)) {
			bios_err = errno;
			break;
		}
		if ((!rtc_time_ok(req.hour, req.minute, req.second) ||
		     !rtc_date_ok(req.year, req.month, req.day)) && !bios_wrong++)
			printf("# BIOS read %04u-%02u-%02u %02u:%02u:%02u\n", req.year,
			       req.month, req.day, req.hour, req.minute, req.second);
	}
	if (run)
		run->done = 1;
	child_ret = pid > 0 ? wait_child(pid) : -1;

	result(child_ret == 0 && run->writes >= ROUNDS && !run->wrong,
	       "shared_rtc_rtc0_sets_read_back # %u sets, %u wrong (first %06x), exit %d",
	       run ? run->writes : 0, run ? run->wrong : 0,
	       run ? run->first_wrong : 0, child_ret);
	result(pid > 0 && !bios_err && i == ROUNDS && !bios_wrong,
	       "shared_rtc_bios_reads_right # %u reads meanwhile, %u wrong%s%s", i,
	       bios_wrong, bios_err ? ", " : "", bios_err ? strerror(bios_err) : "");
	/* Back to the time it would have been, as /dev/rtc0 and the BIOS see it */
	if (rtc_restore(&start, &mono) || ioctl(fd, FWCALL_IOC_RTC, &req) ||
	    rtc0_diff(req.year, req.month, req.day, req.hour, req.minute,
		      req.second, &diff))
		result(0, "shared_rtc_restored # %s", strerror(errno));
	else
		result(labs(diff) <= 2 && req.year == (unsigned int)start.tm_year + 1900,
		       "shared_rtc_restored # %04u-%02u-%02u, %+ld s from /dev/rtc0",
		       req.year, req.month, req.day, diff);
	if (run)
		munmap(run, sizeof(*run));
}

void test_shared(void)
{
	test_shared_pci();
	test_shared_rtc();
}
