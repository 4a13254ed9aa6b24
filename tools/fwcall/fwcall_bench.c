// SPDX-License-Identifier: GPL-2.0
/*
 * fwcall_bench: BIOS services through /dev/fwcall (natively, in real mode
 * through kexec_call) against the same calls run by libx86emu over
 * /dev/mem, in the same boot (`make bench`).  The same raw calls on both
 * sides (FWCALL_IOC_INT and fwcall_x86emu_call()), each repeated; the
 * services are in fwcall_bench_services.c.  Then the cost of the bounce
 * buffer: int 12h through /dev/fwcall with buffers of 0 to 16 KiB.
 *
 * Prints, for scripts/bench.sh, one "LAT service side nanoseconds" line
 * per call, one "ROW ..." line per service with the medians, the 99th
 * percentiles, the calls per second and the ratio, and one "BUF bytes
 * median p99" line per buffer size.
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
#include <unistd.h>

#include <linux/fwcall.h>

#include "fwcall_bench.h"
#include "fwcall_x86emu.h"

static int fd;
/* The segment of the kernel's bounce buffer, where the emulator puts its buffers */
static uint16_t bounce_seg;

static int native(struct fwcall_cli_call *c, void *ctx)
{
	struct fwcall_ioc_int r = { .size = sizeof(r) };

	(void)ctx;
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

static int emulated(struct fwcall_cli_call *c, void *ctx)
{
	c->es = bounce_seg;
	return fwcall_x86emu_call(ctx, c);
}

/* int 12h with a bounce buffer of @len bytes (none for 0), which it ignores */
static uint8_t big[FWCALL_BUF_MAX];
static unsigned int buf_len;

static void setup_int12(struct fwcall_cli_call *c, unsigned int step)
{
	(void)step;
	memset(c, 0, sizeof(*c));
	c->vector = 0x12;
	c->buf = big;
	c->buf_len = buf_len;
}

static int more_none(const struct fwcall_cli_call *c)
{
	(void)c;
	return 0;
}

static int buffer_growth(unsigned int reps)
{
	static const unsigned int sizes[] = { 0, 16, 256, 1024, 4096, FWCALL_BUF_MAX };
	const struct bench_call int12 = { "int12buf", setup_int12, more_none };
	struct bench_result r;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		buf_len = sizes[i];
		/* Its LAT lines are not plotted: the series name says so */
		if (bench_measure(&int12, "growth", native, NULL, reps, &r))
			return -1;
		printf("BUF %u %llu %llu\n", sizes[i], (unsigned long long)r.median,
		       (unsigned long long)r.p99);
	}
	return 0;
}

int main(int argc, char **argv)
{
	unsigned int reps = argc > 1 ? strtoul(argv[1], NULL, 0) : 200, i;
	uint8_t probe_buf[1];
	struct fwcall_ioc_int probe = {
		.size = sizeof(probe), .vector = 0x12, .flags = FWCALL_INT_BUF,
		.buf_len = 1, .buf = (uintptr_t)probe_buf,
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
	for (i = 0; i < BENCH_SERVICES; i++) {
		const struct bench_call *s = &bench_services[i];
		struct bench_result n, e;

		if (bench_measure(s, "fwcall", native, NULL, reps, &n) ||
		    bench_measure(s, "x86emu", emulated, fe, reps, &e))
			return 1;
		printf("ROW %s %llu %llu %.0f %llu %llu %.0f %.2f\n", s->name,
		       (unsigned long long)n.median, (unsigned long long)n.p99, n.per_s,
		       (unsigned long long)e.median, (unsigned long long)e.p99, e.per_s,
		       n.per_s / e.per_s);
	}
	fwcall_x86emu_close(fe);
	return buffer_growth(reps) ? 1 : 0;
}
