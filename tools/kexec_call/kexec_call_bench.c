// SPDX-License-Identifier: GPL-2.0
/*
 * kexec_call_bench: the cost of a kexec_call, for `make bench`.  Drives the
 * kernel's /sys/kernel/debug/kexec_call_bench/run (CONFIG_KEXEC_CALL_BENCH)
 * and measures, in TSC cycles, in one boot:
 *
 *   null      kexec_call() of a callee that only returns
 *   floor     the bare mode switch under it, on the same page, no call
 *   getpid    a getpid() system call, from here
 *   irqs_off  the interrupts-off window of each null call
 *   argc      null calls with 0 to 16 arguments
 *   cpu_ext   null calls on a KEXEC_CALL_PRESERVE_CPU_EXT image
 *   device    null calls on a KEXEC_CALL_PRESERVE_DEVICE image
 *   storm     a compute loop on every other CPU, alone, while this CPU
 *             makes null calls back to back, and while it runs the
 *             kernel's control (the same interrupts-off pattern and
 *             busyness without calls): the fractions they keep
 *
 * Prints "LAT <series> <cycles>" per sample, "STAT <series> <n> <median>
 * <p99> <min> <max> <p1> <p25> <p75>" per series, "TSC <cycles per us>",
 * "STORM ...", "CONTROL ..." and "ARGC ..." lines, which scripts/bench.sh
 * turns into tables and plots.
 *
 *   kexec_call_bench [REPETITIONS [all|costs|storm|device]]
 *
 * costs: everything but the storm (for a boot whose TSC counts
 * instructions, -icount); storm: the storm and its control only; device:
 * the KEXEC_CALL_PRESERVE_DEVICE series only, REPETITIONS calls.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RUN_FILE	"/sys/kernel/debug/kexec_call_bench/run"
#define MAX_ARGS	16
#define STORM_MS	1000
#define STORM_ROUNDS	3
#define MAX_CPUS	64

static uint64_t rdtsc_ordered(void)
{
	uint32_t lo, hi;

	asm volatile("lfence; rdtsc" : "=a" (lo), "=d" (hi) : : "memory");
	return ((uint64_t)hi << 32) | lo;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static uint64_t pct(const uint64_t *sorted, unsigned int n, unsigned int p)
{
	unsigned int i = (uint64_t)n * p / 100;

	return sorted[i < n ? i : n - 1];
}

/* Print @n samples of @name as LAT lines and their STAT line; the median. */
static uint64_t report(const char *name, uint64_t *v, unsigned int n,
		       int lat)
{
	unsigned int i;

	if (lat)
		for (i = 0; i < n; i++)
			printf("LAT %s %llu\n", name, (unsigned long long)v[i]);
	qsort(v, n, sizeof(*v), cmp_u64);
	printf("STAT %s %u %llu %llu %llu %llu %llu %llu %llu\n", name, n,
	       (unsigned long long)pct(v, n, 50), (unsigned long long)pct(v, n, 99),
	       (unsigned long long)v[0], (unsigned long long)v[n - 1],
	       (unsigned long long)pct(v, n, 1), (unsigned long long)pct(v, n, 25),
	       (unsigned long long)pct(v, n, 75));
	return pct(v, n, 50);
}

/*
 * Run "@cmd" in the kernel and read back up to @n samples: the first
 * number of each line into @a, the second (if any) into @b.  Returns the
 * count read, or -1.
 */
static int kernel_run(const char *cmd, uint64_t *a, uint64_t *b, unsigned int n)
{
	static char text[1 << 22];
	unsigned int count = 0;
	ssize_t len, got = 0;
	char *p;
	int fd;

	fd = open(RUN_FILE, O_RDWR);
	if (fd < 0)
		return -1;
	if (write(fd, cmd, strlen(cmd)) != (ssize_t)strlen(cmd)) {
		fprintf(stderr, "kexec_call_bench: %s: %s\n", cmd, strerror(errno));
		close(fd);
		return -1;
	}
	lseek(fd, 0, SEEK_SET);
	while ((len = read(fd, text + got, sizeof(text) - 1 - got)) > 0)
		got += len;
	close(fd);
	text[got] = '\0';
	for (p = text; *p && count < n; count++) {
		char *end;

		a[count] = strtoull(p, &end, 10);
		if (b)
			b[count] = strtoull(end, &end, 10);
		p = strchr(end, '\n');
		if (!p)
			break;
		p++;
	}
	return count;
}

/*
 * @n samples of the kernel's measurement @what with @argc arguments into
 * @a (and the second numbers into @b), reported as @name; only the argc
 * series are not plotted.  0, or -1 when the kernel gave fewer.
 */
static int kernel_series(const char *what, unsigned int argc, unsigned int n,
			 const char *name, uint64_t *a, uint64_t *b)
{
	char cmd[64];

	snprintf(cmd, sizeof(cmd), "%s %u %u", what, n, argc);
	if (kernel_run(cmd, a, b, n) != (int)n)
		return -1;
	report(name, a, n, strncmp(name, "argc", 4) != 0);
	return 0;
}

/* TSC cycles per microsecond, against CLOCK_MONOTONIC over 200 ms */
static double tsc_per_us(void)
{
	uint64_t t0 = now_ns(), c0 = rdtsc_ordered(), t1, c1;

	do {
		t1 = now_ns();
	} while (t1 - t0 < 200000000ull);
	c1 = rdtsc_ordered();
	return (double)(c1 - c0) * 1000.0 / (t1 - t0);
}

static int pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

/* A compute loop on @cpu for @ms milliseconds; writes its count to @fd. */
static void worker(int cpu, unsigned int ms, int fd)
{
	uint64_t x = 1, iters = 0, end;

	if (pin(cpu))
		_exit(1);
	end = now_ns() + ms * 1000000ull;
	while (now_ns() < end) {
		unsigned int i;

		for (i = 0; i < 1000; i++) {
			x = x * 6364136223846793005ull + 1442695040888963407ull;
			/* Keeps the compiler from folding the loop away */
			asm volatile("" : "+r" (x));
		}
		iters++;
	}
	if (write(fd, &iters, sizeof(iters)) != sizeof(iters))
		_exit(1);
	_exit(0);
}

/* What CPU 0 does during a round of the storm measurement */
enum storm_load { QUIET, STORM, CONTROL };

/* The control's pattern: a null call's interrupts-off window, and the rest */
static uint64_t control_off, control_on;

/*
 * The compute loop on CPUs 1..@ncpus-1 for STORM_MS, while CPU 0 idles,
 * makes null calls back to back or runs their control; per-CPU counts into
 * @iters.  Returns the count of calls or control rounds (0 idle), or -1.
 */
static long long storm_round(int ncpus, enum storm_load storm, uint64_t *iters)
{
	long long calls = 0;
	int fds[2], cpu;
	char cmd[64];
	uint64_t c;

	if (pipe(fds))
		return -1;
	for (cpu = 1; cpu < ncpus; cpu++) {
		pid_t pid = fork();

		if (pid < 0)
			return -1;
		if (!pid) {
			close(fds[0]);
			worker(cpu, STORM_MS, fds[1]);
		}
	}
	close(fds[1]);
	if (storm != QUIET) {
		if (storm == STORM)
			snprintf(cmd, sizeof(cmd), "storm %u", STORM_MS);
		else
			snprintf(cmd, sizeof(cmd), "control %u %llu %llu", STORM_MS,
				 (unsigned long long)control_off,
				 (unsigned long long)control_on);
		if (kernel_run(cmd, &c, NULL, 1) != 1)
			calls = -1;
		else
			calls = c;
	}
	for (cpu = 1; cpu < ncpus; cpu++) {
		int status;
		pid_t pid = wait(&status);

		if (pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
			return -1;
	}
	/* Counts arrive in no particular order: the sum is what counts */
	for (cpu = 1; cpu < ncpus; cpu++)
		if (read(fds[0], &iters[cpu], sizeof(iters[cpu])) != sizeof(iters[cpu]))
			return -1;
	close(fds[0]);
	return calls;
}

/* Sort @n fractions in place (insertion sort: a handful). */
static void sort_fractions(double *f, int n)
{
	int i, j;

	for (i = 1; i < n; i++) {
		double x = f[i];

		for (j = i; j > 0 && f[j - 1] > x; j--)
			f[j] = f[j - 1];
		f[j] = x;
	}
}

/*
 * The other CPUs' throughput during a storm, and during its control, as
 * fractions of their throughput with CPU 0 idle; the control's pattern
 * comes from @call and @irqs_off, the medians of a null call and of its
 * interrupts-off window.
 */
static int storm(uint64_t call, uint64_t irqs_off)
{
	int ncpus = sysconf(_SC_NPROCESSORS_ONLN), round, cpu;
	double frac[STORM_ROUNDS], ctl[STORM_ROUNDS];
	long long calls = 0, rounds = 0;

	if (ncpus < 2 || ncpus > MAX_CPUS) {
		printf("STORM skipped %d CPUs\n", ncpus);
		return 0;
	}
	control_off = irqs_off;
	control_on = call > irqs_off ? call - irqs_off : 1;
	if (pin(0))
		return -1;
	for (round = 0; round < STORM_ROUNDS; round++) {
		uint64_t quiet[MAX_CPUS] = { 0 }, busy[MAX_CPUS] = { 0 };
		uint64_t twin[MAX_CPUS] = { 0 };
		uint64_t sq = 0, sb = 0, st = 0;
		long long c, r;

		/* Alternate, so that drift hits all three alike */
		if (storm_round(ncpus, QUIET, quiet) < 0)
			return -1;
		c = storm_round(ncpus, STORM, busy);
		r = storm_round(ncpus, CONTROL, twin);
		if (c < 0 || r < 0)
			return -1;
		calls += c;
		rounds += r;
		for (cpu = 1; cpu < ncpus; cpu++) {
			sq += quiet[cpu];
			sb += busy[cpu];
			st += twin[cpu];
		}
		frac[round] = (double)sb / sq;
		ctl[round] = (double)st / sq;
		printf("STORMROUND %d %llu %llu %llu %lld %lld\n", round,
		       (unsigned long long)sq, (unsigned long long)sb,
		       (unsigned long long)st, c, r);
	}
	sort_fractions(frac, STORM_ROUNDS);
	sort_fractions(ctl, STORM_ROUNDS);
	printf("STORM %d %d %.3f %.3f %.3f %.0f\n", ncpus, STORM_ROUNDS,
	       frac[STORM_ROUNDS / 2], frac[0], frac[STORM_ROUNDS - 1],
	       calls * 1000.0 / (STORM_ROUNDS * STORM_MS));
	printf("CONTROL %d %d %.3f %.3f %.3f %.0f %llu %llu\n", ncpus, STORM_ROUNDS,
	       ctl[STORM_ROUNDS / 2], ctl[0], ctl[STORM_ROUNDS - 1],
	       rounds * 1000.0 / (STORM_ROUNDS * STORM_MS),
	       (unsigned long long)control_off, (unsigned long long)control_on);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned int reps = argc > 1 ? strtoul(argv[1], NULL, 0) : 1000, i;
	const char *mode = argc > 2 ? argv[2] : "all";
	unsigned int dev_reps = reps < 10 ? reps : 10;
	uint64_t *a = calloc(reps, sizeof(*a)), *b = calloc(reps, sizeof(*b));
	uint64_t call, irqs_off;

	if (!a || !b || !reps)
		return 1;
	if (access(RUN_FILE, W_OK)) {
		fprintf(stderr, "kexec_call_bench: %s: %s\n", RUN_FILE, strerror(errno));
		return 1;
	}
	if (pin(0))
		return 1;
	printf("TSC %.1f\n", tsc_per_us());

	if (!strcmp(mode, "device"))
		return kernel_series("device", 0, reps, "device", a, b) ? 1 : 0;
	if (!strcmp(mode, "storm")) {
		/* The control's pattern, from null calls in this boot */
		if (kernel_series("null", 0, reps, "null", a, b))
			return 1;
		call = pct(a, reps, 50);
		irqs_off = report("irqs_off", b, reps, 1);
		return storm(call, irqs_off) ? 1 : 0;
	}
	if (strcmp(mode, "all") && strcmp(mode, "costs")) {
		fprintf(stderr, "kexec_call_bench: unknown mode %s\n", mode);
		return 1;
	}

	/* getpid() from here, timed like the kernel times its calls */
	syscall(SYS_getpid);
	for (i = 0; i < reps; i++) {
		uint64_t t0 = rdtsc_ordered();

		syscall(SYS_getpid);
		a[i] = rdtsc_ordered() - t0;
	}
	report("getpid", a, reps, 1);

	if (kernel_series("floor", 0, reps, "floor", a, NULL) ||
	    kernel_series("null", 0, reps, "null", a, b))
		return 1;
	/* report() left the samples sorted */
	call = pct(a, reps, 50);
	irqs_off = report("irqs_off", b, reps, 1);
	if (kernel_series("cpu_ext", 0, reps, "cpu_ext", a, b))
		return 1;

	for (i = 0; i <= MAX_ARGS; i++) {
		char name[16];

		snprintf(name, sizeof(name), "argc%u", i);
		if (kernel_series("null", i, reps, name, a, b))
			return 1;
		printf("ARGC %u %llu\n", i, (unsigned long long)pct(a, reps, 50));
	}

	/* Device calls freeze user space, this process included: a few */
	if (kernel_series("device", 0, dev_reps, "device", a, b))
		return 1;

	if (!strcmp(mode, "all") && storm(call, irqs_off))
		return 1;
	return 0;
}
