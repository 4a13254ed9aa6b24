// SPDX-License-Identifier: GPL-2.0
/*
 * kexec_call from user space, end to end: physical-mode code (callee.S)
 * loaded once with kexec_load(KEXEC_PRESERVE_CONTEXT | KEXEC_PHYS_CALL)
 * at the physical address of the kernel's own code, then called through
 * reboot(LINUX_REBOOT_CMD_KEXEC) with a struct kexec_call_args, 20 times
 * with different arguments.  The callee counts its calls in its memory,
 * so the count checks that the image keeps its state between calls; the
 * kernel running on afterwards checks that its code was swapped back.
 * Run as root in the test initramfs; prints KTAP.
 *
 *   kexec_call_user_test CALLEE.bin
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/kexec.h>
#include <linux/reboot.h>

#include <linux/kexec_call.h>

#include "../ktap/ktap.h"

/* include/uapi/linux/kexec.h of this kernel; libc's headers may be older */
#ifndef KEXEC_PHYS_CALL
#define KEXEC_PHYS_CALL	0x00000010
#endif

#define CALLS		20
#define PAGE		4096

static void expect_errno(long ret, int want, const char *name)
{
	int got = ret ? errno : 0;

	result(ret == -1 && got == want, "%s # errno %d (%s), want %d", name, got,
	       strerror(got), want);
}

static long load(unsigned long entry, unsigned long nr, struct kexec_segment *seg,
		 unsigned long flags)
{
	return syscall(SYS_kexec_load, entry, nr, seg, flags);
}

static long call(void *arg)
{
	return syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2,
		       LINUX_REBOOT_CMD_KEXEC, arg);
}

/* The first address of a line of /proc/iomem naming @what, or 0 */
static unsigned long iomem_start(const char *what)
{
	FILE *f = fopen("/proc/iomem", "r");
	unsigned long start = 0, end;
	char line[256];

	while (f && fgets(line, sizeof(line), f)) {
		if (strstr(line, what) && sscanf(line, " %lx-%lx", &start, &end) == 2)
			break;
		start = 0;
	}
	if (f)
		fclose(f);
	return start;
}

static int read_callee(const char *path, void **buf, size_t *size)
{
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return -1;
	*buf = calloc(1, PAGE);
	n = *buf ? fread(*buf, 1, PAGE, f) : 0;
	fclose(f);
	*size = PAGE;
	return n ? 0 : -1;
}

/* One call with values 1..n scaled by @i; 0 when it returns what it should */
static int call_once(unsigned int i, unsigned int calls_before, unsigned long long *got)
{
	struct kexec_call_args a = { .size = sizeof(a) };
	unsigned int n = i % KEXEC_CALL_ARGS_MAX, j, sum = 0;

	a.argc = n + 1;
	a.args[0] = n;
	for (j = 1; j <= n; j++) {
		a.args[j] = i * 1000 + j;
		sum += a.args[j];
	}
	if (call(&a))
		return -1;
	*got = a.ret;
	return a.ret == (((unsigned long long)(calls_before + 1) << 16) | (sum & 0xffff)) ?
	       0 : 1;
}

int main(int argc, char **argv)
{
	const unsigned long both = KEXEC_PRESERVE_CONTEXT | KEXEC_PHYS_CALL;
	struct kexec_call_args a = { .size = sizeof(a) };
	struct kexec_segment seg = { };
	unsigned long long got = 0;
	unsigned long dest;
	unsigned int i, bad = 0;
	long ret;
	char online[64] = "", online_after[64] = "";
	FILE *f;

	/* On i386 the entry cannot be above 4 GiB: one check less */
	printf("KTAP version 1\n1..%d\n", ULONG_MAX > 0xffffffffUL ? 14 : 13);
	if (argc != 2 || read_callee(argv[1], (void **)&seg.buf, &seg.bufsz)) {
		printf("Bail out! usage: kexec_call_user_test CALLEE.bin\n");
		return 1;
	}
	f = fopen("/sys/devices/system/cpu/online", "r");
	if (f) {
		if (!fgets(online, sizeof(online), f))
			online[0] = 0;
		fclose(f);
	}

	/* The image goes where the kernel's code is: the swap must protect it */
	dest = iomem_start("Kernel code") & ~(PAGE - 1UL);
	seg.mem = (void *)dest;
	seg.memsz = PAGE;
	printf("# callee: %zu bytes at %#lx (Kernel code)\n", seg.bufsz, dest);

	expect_errno(load(dest, 1, &seg, KEXEC_PHYS_CALL), EINVAL,
		     "load_needs_preserve_context");
#if ULONG_MAX > 0xffffffffUL
	/* (On i386 kexec_load()'s entry cannot say more than 32 bits) */
	expect_errno(load(0x100000000UL, 1, &seg, both), EINVAL, "load_refuses_entry_above_4g");
#endif
	seg.mem = (void *)0xfebf0000UL;
	expect_errno(load(0xfebf0000UL, 1, &seg, both), EINVAL,
		     "load_refuses_destination_outside_ram");
	seg.mem = (void *)dest;
	ret = dest ? load(dest, 1, &seg, both) : -1;
	result(!ret, "load # %s", ret ? strerror(errno) : "at the kernel's code");

	/* Without an argument reboot() is kernel_kexec(): no kernel loaded */
	expect_errno(call(NULL), EINVAL, "null_argument_is_kernel_kexec");

	for (i = 1; i <= CALLS; i++) {
		int r = call_once(i, i - 1, &got);

		if (r) {
			printf("# call %u: %s, returned %#llx\n", i,
			       r < 0 ? strerror(errno) : "wrong answer", got);
			bad++;
		}
	}
	result(!bad, "calls_with_different_arguments # %u calls, %u wrong, last %#llx",
	       CALLS, bad, got);

	a.size = sizeof(a) - 8;
	expect_errno(call(&a), EINVAL, "refuses_wrong_size");
	a.size = sizeof(a);
	a.argc = KEXEC_CALL_ARGS_MAX + 1;
	expect_errno(call(&a), E2BIG, "refuses_too_many_arguments");
	a.argc = 2;
	a.args[0] = 1;
	a.args[1] = 1ULL << 32;
	expect_errno(call(&a), ERANGE, "refuses_argument_above_32_bits");
	expect_errno(call((void *)16), EFAULT, "refuses_bad_pointer");

	/* The refused calls did not run the image: its count goes on from CALLS */
	ret = call_once(CALLS + 1, CALLS, &got);
	result(!ret, "count_kept_across_refusals # %#llx", got);

	f = fopen("/sys/devices/system/cpu/online", "r");
	if (f) {
		if (!fgets(online_after, sizeof(online_after), f))
			online_after[0] = 0;
		fclose(f);
	}
	online[strcspn(online, "\n")] = 0;
	online_after[strcspn(online_after, "\n")] = 0;
	result(online[0] && !strcmp(online, online_after), "cpus_back_online # %s",
	       online_after);

	/* Unloaded, reboot() with an argument is kernel_kexec() again */
	result(!load(0, 0, NULL, both), "unload");
	a.argc = 0;
	expect_errno(call(&a), EINVAL, "unloaded_call_is_kernel_kexec");

	printf("# kexec_call user calls: %d checks, %d failed\n", ktap_checks, ktap_failed);
	return ktap_failed != 0;
}
