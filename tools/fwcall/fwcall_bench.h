/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The BIOS services `make bench` times (fwcall_bench_services.c), shared by
 * fwcall_bench (/dev/fwcall, libx86emu) and fwcall_bench_lrmi (libx86).
 */
#ifndef FWCALL_BENCH_H
#define FWCALL_BENCH_H

#include <stdint.h>

#include "fwcall_regs.h"

struct bench_call {
	const char *name;
	/* Sets up @c for call number @step of the service */
	void (*setup)(struct fwcall_cli_call *c, unsigned int step);
	/* true when the service needs another call after @c */
	int (*more)(const struct fwcall_cli_call *c);
};

#define BENCH_SERVICES	4
/* e820 (the full map), vbe (4F00h), pci (B10Ah), rtc (1Ah AH=02h) */
extern const struct bench_call bench_services[BENCH_SERVICES];

/* Most calls one use of a service may take (E820 entries) */
#define BENCH_MAX_STEPS	128

/* Runs one raw call @c on one side (native or an emulator); 0 or -1 */
typedef int (*bench_side_fn)(struct fwcall_cli_call *c, void *ctx);

struct bench_result {
	uint64_t median;	/* ns per use of the service */
	uint64_t p99;		/* ns */
	double per_s;		/* uses per second */
};

uint64_t bench_now_ns(void);

/*
 * Time @reps uses of @s through @call after one warm-up, printing a
 * "LAT <service> <side> <ns>" line for each.  Returns 0, or -1 when a
 * call fails.
 */
int bench_measure(const struct bench_call *s, const char *side,
		  bench_side_fn call, void *ctx, unsigned int reps,
		  struct bench_result *r);

#endif /* FWCALL_BENCH_H */
