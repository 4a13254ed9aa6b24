// SPDX-License-Identifier: GPL-2.0
/*
 * The BIOS services `make bench` times, as raw calls that fwcall_bench runs
 * through /dev/fwcall and libx86emu and fwcall_bench_lrmi through libx86.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fwcall_bench.h"

#define E820_SMAP	0x534d4150

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

const struct bench_call bench_services[BENCH_SERVICES] = {
	{ "e820", setup_e820, more_e820 },
	{ "vbe", setup_vbe, more_none },
	{ "pci", setup_pci, more_none },
	{ "rtc", setup_rtc, more_none },
};

uint64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* One use of @s (several calls for E820) through @call; ns, or 0 on error */
static uint64_t bench_once(const struct bench_call *s, bench_side_fn call,
			   void *ctx)
{
	struct fwcall_cli_call c;
	unsigned int step = 0;
	uint64_t t0 = bench_now_ns();

	memset(&c, 0, sizeof(c));
	do {
		s->setup(&c, step++);
		if (call(&c, ctx))
			return 0;
	} while (s->more(&c) && step < BENCH_MAX_STEPS);
	return bench_now_ns() - t0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int bench_measure(const struct bench_call *s, const char *side,
		  bench_side_fn call, void *ctx, unsigned int reps,
		  struct bench_result *r)
{
	uint64_t *lat = calloc(reps, sizeof(*lat)), total = 0;
	unsigned int i;

	if (!lat || !reps)
		return -1;
	/* Warm up once: first-use costs are not the service's */
	bench_once(s, call, ctx);
	for (i = 0; i < reps; i++) {
		lat[i] = bench_once(s, call, ctx);
		if (!lat[i]) {
			fprintf(stderr, "bench: %s %s failed\n", s->name, side);
			free(lat);
			return -1;
		}
		total += lat[i];
		printf("LAT %s %s %llu\n", s->name, side, (unsigned long long)lat[i]);
	}
	qsort(lat, reps, sizeof(*lat), cmp_u64);
	r->median = lat[reps / 2];
	r->p99 = lat[(reps * 99) / 100];
	r->per_s = reps * 1e9 / total;
	free(lat);
	return 0;
}
