// SPDX-License-Identifier: GPL-2.0
/*
 * make bench: the cost of a staged kexec_load() per page, for images of
 * 2^12 to 2^17 pages in segments of 4 pages (pages/4 segments, one free
 * page between them), loaded 16 segments a call, with the kernel's
 * constant-time lookup and, for comparison, with the linear lookup of
 * CONFIG_KEXEC_STAGED_LOAD_BENCH (up to 2^MAX_LINEAR pages: it grows with
 * the square).  Each load is unloaded before the next; one load of 2^12
 * pages before them is not measured.  Prints one line per load:
 *
 *   STAGED lookup pages segments calls tsc-ticks ticks-per-page
 *
 * Under -icount shift=0 a TSC tick is one guest instruction.
 *
 *   kexec_staged_bench [MAX_LINEAR]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <x86intrin.h>
#include <linux/kexec.h>

/* include/uapi/linux/kexec.h of this kernel; libc's headers may be older */
#ifndef KEXEC_STAGE_MASK
#define KEXEC_STAGE_MASK	0x00000300
#define KEXEC_STAGE_START	0x00000100
#define KEXEC_STAGE_MIDDLE	0x00000200
#define KEXEC_STAGE_FINAL	0x00000300
#endif

#define PAGE		4096UL
#define SEG_PAGES	4
#define BASE		(64UL << 20)	/* the first destination */

static long load(unsigned long entry, unsigned long nr,
		 struct kexec_segment *s, unsigned long flags)
{
	return syscall(SYS_kexec_load, entry, nr, s, flags);
}

static int set_linear(int on)
{
	int fd = open("/sys/kernel/debug/kexec_staged_linear", O_WRONLY);
	int ok = fd >= 0 && write(fd, on ? "Y" : "N", 1) == 1;

	if (fd >= 0)
		close(fd);
	return ok ? 0 : -1;
}

/* One staged load of @pages pages; its TSC ticks, or 0 */
static unsigned long long one(unsigned long pages, const void *data,
			      unsigned long *calls)
{
	unsigned long nseg = pages / SEG_PAGES, k, nr;
	unsigned long long t0, t1;
	struct kexec_segment *seg = calloc(nseg, sizeof(*seg));
	long ret;

	if (!seg)
		return 0;
	for (k = 0; k < nseg; k++) {
		seg[k].buf = data;
		seg[k].bufsz = SEG_PAGES * PAGE;
		seg[k].mem = (void *)(BASE + k * (SEG_PAGES + 1) * PAGE);
		seg[k].memsz = SEG_PAGES * PAGE;
	}
	*calls = 0;
	t0 = __rdtsc();
	ret = load(BASE, 0, NULL, KEXEC_STAGE_START);
	for (k = 0; !ret && k < nseg; k += nr) {
		nr = nseg - k < KEXEC_SEGMENT_MAX ? nseg - k : KEXEC_SEGMENT_MAX;
		ret = load(BASE, nr, seg + k, KEXEC_STAGE_MIDDLE);
		++*calls;
	}
	if (!ret)
		ret = load(BASE, 0, NULL, KEXEC_STAGE_FINAL);
	t1 = __rdtsc();
	*calls += 2;
	free(seg);
	if (ret) {
		printf("# %lu pages: %s\n", pages, strerror(errno));
		return 0;
	}
	load(0, 0, NULL, 0);
	return t1 - t0;
}

int main(int argc, char **argv)
{
	int max_linear = argc > 1 ? atoi(argv[1]) : 15, order, linear;
	static char data[SEG_PAGES * PAGE];
	unsigned long long ticks;
	unsigned long calls;

	memset(data, 0x5a, sizeof(data));
	/* One load unmeasured: the first one fills the caches and slabs */
	if (set_linear(0) || !one(1UL << 12, data, &calls)) {
		printf("BENCH-FAILED warm-up load\n");
		return 1;
	}
	for (order = 12; order <= 17; order++) {
		for (linear = 0; linear <= 1; linear++) {
			unsigned long pages = 1UL << order;

			if (linear && order > max_linear)
				continue;
			if (set_linear(linear)) {
				printf("BENCH-FAILED no kexec_staged_linear in debugfs\n");
				return 1;
			}
			ticks = one(pages, data, &calls);
			if (!ticks) {
				printf("BENCH-FAILED staged load of %lu pages\n", pages);
				return 1;
			}
			printf("STAGED %s %lu %lu %lu %llu %llu\n",
			       linear ? "linear" : "xarray", pages,
			       pages / SEG_PAGES, calls, ticks, ticks / pages);
			fflush(stdout);
		}
	}
	set_linear(0);
	return 0;
}
