// SPDX-License-Identifier: GPL-2.0
/*
 * fwcall_bench: BIOS services through /dev/fwcall (natively, in real mode
 * through kexec_call) against the same calls run by libx86emu over
 * /dev/mem, in the same boot (`make bench`).  The same raw calls on both
 * sides (FWCALL_IOC_INT and fwcall_x86emu_call()), each repeated:
 *
 *   e820   the full E820 map (int 15h E820h until EBX is 0)
 *   vbe    VBE controller information (int 10h 4F00h, 512-byte buffer)
 *   pci    one PCI configuration read (int 1Ah B10Ah, 00:00.0 register 0)
 *   rtc    the RTC time (int 1Ah AH=02h)
 *
 * Prints, for scripts/bench.sh, one "LAT service side nanoseconds" line
 * per call and one "ROW ..." line per service with the medians, the 99th
 * percentiles, the calls per second and the ratio.
 *
 *   fwcall_bench [REPETITIONS]
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <linux/fwcall.h>

#include "fwcall_x86emu.h"

#define E820_SMAP	0x534d4150

static int fd;
static uint16_t bounce_seg;

struct bench_call {
	const char *name;
	/* Sets up @c for call number @step of the service */
	void (*setup)(struct fwcall_cli_call *c, unsigned int step);
	/* true when the service needs another call after @c */
	int (*more)(const struct fwcall_cli_call *c);
};

static uint8_t buf[512];

static void setup_e820(struct fwcall_cli_call *c, unsigned int step)
{
	static uint32_t next;

	if (!step)
		next = 0;
	else
		next = c->regs.ebx;
	memset(c, 0, sizeof(*c));
	c->vector = 0x15;
	c->regs.eax = 0xe820;
	c->regs.edx = E820_SMAP;
	c->regs.ecx = 20;
	c->regs.ebx = next;
	c->buf = buf;
	c->buf_len = 20;
}

static int more_e820(const struct fwcall_cli_call *c)
{
	return c->regs.ebx && !(c->regs.eflags & 1);
}

static void setup_vbe(struct fwcall_cli_call *c, unsigned int step)
{
	(void)step;
	memset(c, 0, sizeof(*c));
	memset(buf, 0, sizeof(buf));
	memcpy(buf, "VBE2", 4);
	c->vector = 0x10;
	c->regs.eax = 0x4f00;
	c->buf = buf;
	c->buf_len = 512;
}

static void setup_pci(struct fwcall_cli_call *c, unsigned int step)
{
	(void)step;
	memset(c, 0, sizeof(*c));
	c->vector = 0x1a;
	c->regs.eax = 0xb10a;
}

static void setup_rtc(struct fwcall_cli_call *c, unsigned int step)
{
	(void)step;
	memset(c, 0, sizeof(*c));
	c->vector = 0x1a;
	c->regs.eax = 0x0200;
}

static int more_none(const struct fwcall_cli_call *c)
{
	(void)c;
	return 0;
}

static const struct bench_call services[] = {
	{ "e820", setup_e820, more_e820 },
	{ "vbe", setup_vbe, more_none },
	{ "pci", setup_pci, more_none },
	{ "rtc", setup_rtc, more_none },
};

static int native(struct fwcall_cli_call *c)
{
	struct fwcall_ioc_int r = { .size = sizeof(r) };

	r.vector = c->vector;
	r.regs = c->regs;
	if (c->buf_len) {
		r.flags = FWCALL_INT_BUF;
		r.buf_len = c->buf_len;
		r.buf = (uintptr_t)c->buf;
	}
	if (ioctl(fd, FWCALL_IOC_INT, &r))
		return -1;
	c->regs = r.regs;
	c->es = r.es;
	return 0;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* One use of @s (several calls for E820), natively or emulated; ns or 0 */
static uint64_t run_once(const struct bench_call *s, struct fwcall_x86emu *fe)
{
	struct fwcall_cli_call c;
	unsigned int step = 0;
	uint64_t t0 = now_ns();

	memset(&c, 0, sizeof(c));
	do {
		s->setup(&c, step++);
		/* The emulator's buffer at the segment the kernel uses */
		if (fe)
			c.es = bounce_seg;
		if (fe ? fwcall_x86emu_call(fe, &c) : native(&c))
			return 0;
	} while (s->more(&c) && step < 128);
	return now_ns() - t0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Time @reps uses of @s; its median and p99 in ns, calls per second */
static int measure(const struct bench_call *s, const char *side,
		   struct fwcall_x86emu *fe, unsigned int reps, uint64_t *med,
		   uint64_t *p99, double *per_s)
{
	uint64_t *lat = calloc(reps, sizeof(*lat)), total = 0;
	unsigned int i;

	if (!lat)
		return -1;
	for (i = 0; i < reps; i++) {
		lat[i] = run_once(s, fe);
		if (!lat[i]) {
			fprintf(stderr, "fwcall_bench: %s %s failed: %s\n", s->name,
				side, strerror(errno));
			free(lat);
			return -1;
		}
		total += lat[i];
		printf("LAT %s %s %llu\n", s->name, side, (unsigned long long)lat[i]);
	}
	qsort(lat, reps, sizeof(*lat), cmp_u64);
	*med = lat[reps / 2];
	*p99 = lat[(reps * 99) / 100 < reps ? (reps * 99) / 100 : reps - 1];
	*per_s = reps * 1e9 / total;
	free(lat);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned int reps = argc > 1 ? strtoul(argv[1], NULL, 0) : 200, i;
	struct fwcall_ioc_int probe = {
		.size = sizeof(probe), .vector = 0x12, .flags = FWCALL_INT_BUF,
		.buf_len = 1, .buf = (uintptr_t)buf,
	};
	struct fwcall_x86emu *fe;

	fd = open("/dev/fwcall", O_RDWR);
	if (fd < 0 || !reps) {
		fprintf(stderr, "fwcall_bench: /dev/fwcall: %s\n", strerror(errno));
		return 1;
	}
	/* The bounce buffer's segment, where the emulator puts its buffers */
	if (ioctl(fd, FWCALL_IOC_INT, &probe)) {
		fprintf(stderr, "fwcall_bench: raw call: %s\n", strerror(errno));
		return 1;
	}
	bounce_seg = probe.es;
	fe = fwcall_x86emu_open();
	if (!fe) {
		fprintf(stderr, "fwcall_bench: libx86emu: %s\n", strerror(errno));
		return 1;
	}
	printf("REPS %u\n", reps);
	for (i = 0; i < ARRAY_SIZE(services); i++) {
		uint64_t nm, np, em, ep;
		double nps, eps;

		/* Warm both up once: first-use costs are not the service's */
		run_once(&services[i], NULL);
		run_once(&services[i], fe);
		if (measure(&services[i], "fwcall", NULL, reps, &nm, &np, &nps) ||
		    measure(&services[i], "x86emu", fe, reps, &em, &ep, &eps))
			return 1;
		printf("ROW %s %llu %llu %.0f %llu %llu %.0f %.2f\n", services[i].name,
		       (unsigned long long)nm, (unsigned long long)np, nps,
		       (unsigned long long)em, (unsigned long long)ep, eps, nps / eps);
	}
	fwcall_x86emu_close(fe);
	return 0;
}
