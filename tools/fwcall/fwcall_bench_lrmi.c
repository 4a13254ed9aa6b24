// SPDX-License-Identifier: GPL-2.0
/*
 * fwcall_bench_lrmi: the BIOS services of `make bench` run by libx86
 * (Debian's libx86, the LRMI interface over its x86emu), for the third
 * column of the table: the same raw calls as fwcall_bench's
 * (fwcall_bench_services.c), in the same boot.  A program of its own:
 * libx86 and libx86emu both define x86emu_intr_raise().
 *
 * libx86 copies the BIOS's memory from /dev/mem into its own and does port
 * I/O itself, so it needs iopl(3).  Buffers go to memory LRMI_alloc_real()
 * gives, at ES:DI.
 *
 * Prints "LAT service lrmi nanoseconds" per use and "LRMI service median
 * p99 uses-per-second" per service.
 *
 *   fwcall_bench_lrmi [REPETITIONS]
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>

/* libx86.h uses size_t without including its header */
#include <libx86.h>

#include "fwcall_bench.h"

/* Real-mode memory for the buffers; its linear address is from LRMI_base_addr() */
static uint8_t *real_buf;

static int lrmi(struct fwcall_cli_call *c, void *ctx)
{
	uint32_t lin = (uint32_t)((uintptr_t)real_buf - LRMI_base_addr());
	struct LRMI_regs r;

	(void)ctx;
	memset(&r, 0, sizeof(r));
	r.eax = c->regs.eax;
	r.ebx = c->regs.ebx;
	r.ecx = c->regs.ecx;
	r.edx = c->regs.edx;
	r.esi = c->regs.esi;
	r.edi = c->regs.edi;
	r.ebp = c->regs.ebp;
	r.ds = c->ds;
	r.es = c->es;
	if (c->buf_len) {
		memcpy(real_buf, c->buf, c->buf_len);
		r.es = lin >> 4;
		r.edi = lin & 0xf;
	}
	if (!LRMI_int(c->vector, &r))
		return -1;
	c->regs.eax = r.eax;
	c->regs.ebx = r.ebx;
	c->regs.ecx = r.ecx;
	c->regs.edx = r.edx;
	c->regs.esi = r.esi;
	c->regs.edi = r.edi;
	c->regs.ebp = r.ebp;
	c->regs.eflags = r.flags;
	c->es = r.es;
	if (c->buf_len)
		memcpy(c->buf, real_buf, c->buf_len);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned int reps = argc > 1 ? strtoul(argv[1], NULL, 0) : 200, i;

	if (iopl(3)) {
		fprintf(stderr, "fwcall_bench_lrmi: iopl: %s\n", strerror(errno));
		return 1;
	}
	if (!LRMI_init()) {
		fprintf(stderr, "fwcall_bench_lrmi: LRMI_init failed\n");
		return 1;
	}
	real_buf = LRMI_alloc_real(4096);
	if (!real_buf || !reps)
		return 1;
	for (i = 0; i < BENCH_SERVICES; i++) {
		const struct bench_call *s = &bench_services[i];
		struct bench_result r;

		if (bench_measure(s, "lrmi", lrmi, NULL, reps, &r))
			return 1;
		printf("LRMI %s %llu %llu %.0f\n", s->name, (unsigned long long)r.median,
		       (unsigned long long)r.p99, r.per_s);
	}
	LRMI_free_real(real_buf);
	return 0;
}
