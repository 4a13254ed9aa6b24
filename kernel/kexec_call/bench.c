// SPDX-License-Identifier: GPL-2.0
/*
 * kexec_call_bench: time kexec_call() itself, for `make bench`.
 *
 * Writing "<what> <count> [<argc>]" to /sys/kernel/debug/kexec_call_bench/run
 * runs a measurement in the writer's context; reading the file then gives
 * one line per sample, in CPU cycles (get_cycles()):
 *
 *   null N A     N kexec_call()s of a callee that only returns, with A
 *                arguments (0 by default): "<call> <irqs-off>", the cycles
 *                of the whole call and of its interrupts-off window
 *   floor N      N bare mode switches on the same image, no call (see
 *                machine_kexec_call_floor()): "<cycles>"
 *   cpu_ext N    N calls on an image with KEXEC_CALL_PRESERVE_CPU_EXT
 *   device N     N calls on an image with KEXEC_CALL_PRESERVE_DEVICE
 *   storm MS     null calls back to back for MS milliseconds: "<calls>"
 *   control MS OFF ON
 *                the storm's control: for MS milliseconds, no call but
 *                the same pattern, interrupts off for OFF cycles then on
 *                for ON cycles, busy throughout: "<rounds>"
 *
 * A measurement that fails stops at the first error, which the write
 * returns.  Nothing here runs unless the file is written.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/gfp.h>
#include <linux/init.h>
#include <linux/jiffies.h>
#include <linux/kexec.h>
#include <linux/kexec_call.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timex.h>
#include <linux/vmalloc.h>

#include <kunit/visibility.h>

#include "kexec_call_internal.h"

/* Most samples one write may ask for */
#define KEXEC_CALL_BENCH_MAX_SAMPLES	100000
/* Longest storm, in milliseconds */
#define KEXEC_CALL_BENCH_MAX_STORM_MS	10000
/* Longest round of the control, in cycles */
#define KEXEC_CALL_BENCH_MAX_ROUND	100000000
/* Room per line of output: two u64 numbers */
#define KEXEC_CALL_BENCH_LINE		42

/**
 * struct kexec_call_bench - the results of the last measurement
 * @lock: serialises measurements and reads
 * @text: the results, one line per sample
 * @len: bytes in @text
 */
static struct kexec_call_bench {
	struct mutex lock;	/* serialises measurements and reads */
	char *text;
	size_t len;
} kexec_call_bench = {
	.lock = __MUTEX_INITIALIZER(kexec_call_bench.lock),
};

/* A page below 4 GiB holding one RET: the callee that only returns. */
static struct page *kexec_call_bench_ret_page(void)
{
	struct page *page = alloc_page(GFP_KERNEL | __GFP_DMA32 | __GFP_ZERO);

	if (page)
		*(u8 *)page_address(page) = 0xc3;
	return page;
}

/* One call with @argc arguments (all 1); extra variadic ones are ignored. */
static int kexec_call_bench_call(struct kimage *image, unsigned int argc)
{
	u64 ret;

	return kexec_call(image, &ret, argc, 1UL, 1UL, 1UL, 1UL, 1UL, 1UL,
			  1UL, 1UL, 1UL, 1UL, 1UL, 1UL, 1UL, 1UL, 1UL, 1UL);
}

/* One line of results: @first, and @second unless it is 0. */
static void kexec_call_bench_line(u64 first, u64 second)
{
	struct kexec_call_bench *b = &kexec_call_bench;
	char *end = b->text + b->len;

	if (second)
		b->len += scnprintf(end, KEXEC_CALL_BENCH_LINE, "%llu %llu\n",
				    first, second);
	else
		b->len += scnprintf(end, KEXEC_CALL_BENCH_LINE, "%llu\n", first);
}

/* @count timed calls of @image (or bare switches with @floor). */
static int kexec_call_bench_calls(struct kimage *image, unsigned int count,
				  unsigned int argc, bool floor)
{
	unsigned int i;
	int ret;

	/* Warm up once: first-use costs are not the call's */
	ret = kexec_call_bench_call(image, argc);
	for (i = 0; !ret && i < count; i++) {
		cycles_t t0, t1;

		if (floor) {
			kexec_call_bench_line(machine_kexec_call_floor(image), 0);
		} else {
			t0 = get_cycles();
			ret = kexec_call_bench_call(image, argc);
			t1 = get_cycles();
			kexec_call_bench_line(t1 - t0,
					      machine_kexec_call_irqs_off(image));
		}
		cond_resched();
	}
	return ret;
}

/* Calls of @image back to back for @ms milliseconds; the count is the result. */
static int kexec_call_bench_storm(struct kimage *image, unsigned int ms)
{
	unsigned long end = jiffies + msecs_to_jiffies(ms);
	u64 calls = 0;
	int ret = 0;

	/* At least one call, however late this CPU got here */
	do {
		ret = kexec_call_bench_call(image, 0);
		calls++;
		cond_resched();
	} while (!ret && time_before(jiffies, end));
	kexec_call_bench_line(calls, 0);
	return ret;
}

/* @loops rounds of an empty loop: busy, with nothing but the loop to run */
static noinline void kexec_call_bench_busy(u64 loops)
{
	while (loops--)
		barrier();
}

/* Rounds of kexec_call_bench_busy() per 1000 cycles on this CPU */
static u64 kexec_call_bench_busy_rate(void)
{
	cycles_t t0 = get_cycles();

	kexec_call_bench_busy(1000000);
	return div64_u64(1000000000ULL, max_t(u64, get_cycles() - t0, 1));
}

/*
 * The storm's control, for @ms milliseconds: rounds of @off cycles with
 * interrupts off and @on with them on, as a null call's window and the
 * rest of it, spent in an empty loop (calibrated first, so that the
 * clock is not read in between); the count of rounds is the result.
 */
static int kexec_call_bench_control(unsigned int ms, unsigned int off,
				    unsigned int on)
{
	unsigned long end = jiffies + msecs_to_jiffies(ms);
	u64 rate, loops_off, loops_on, rounds = 0;
	unsigned long flags;

	/* Without a cycle counter there is no pattern to copy */
	if (!get_cycles())
		return -EOPNOTSUPP;
	rate = kexec_call_bench_busy_rate();
	loops_off = div_u64(rate * off, 1000);
	loops_on = div_u64(rate * on, 1000);

	do {
		local_irq_save(flags);
		kexec_call_bench_busy(loops_off);
		local_irq_restore(flags);
		kexec_call_bench_busy(loops_on);
		rounds++;
		cond_resched();
	} while (time_before(jiffies, end));
	kexec_call_bench_line(rounds, 0);
	return 0;
}

/* The measurements, by the name a command gives */
static const struct kexec_call_bench_cmd {
	const char *name;
	unsigned long flags;
	bool floor;
	bool storm;
	bool control;
} kexec_call_bench_cmds[] = {
	{ .name = "null" },
	{ .name = "floor", .floor = true },
	{ .name = "cpu_ext", .flags = KEXEC_CALL_PRESERVE_CPU_EXT },
	{ .name = "device", .flags = KEXEC_CALL_PRESERVE_DEVICE },
	{ .name = "storm", .storm = true },
	{ .name = "control", .storm = true, .control = true },
};

/* Run @c on a new image of a callee that only returns. */
static int kexec_call_bench_measure(const struct kexec_call_bench_cmd *c,
				    unsigned int count, unsigned int argc)
{
	struct kimage *image;
	struct page *page;
	int ret;

	page = kexec_call_bench_ret_page();
	if (!page)
		return -ENOMEM;
	image = kexec_call_alloc(page_to_phys(page), c->flags);
	if (IS_ERR(image)) {
		ret = PTR_ERR(image);
	} else {
		if (c->storm)
			ret = kexec_call_bench_storm(image, count);
		else
			ret = kexec_call_bench_calls(image, count, argc, c->floor);
		kexec_call_free(image);
	}
	__free_page(page);
	return ret;
}

/**
 * kexec_call_bench_command() - Run one measurement
 * @cmd: "<what> <count> [<argc>]", or "control <ms> <off> <on>", as written
 *       to the debugfs file
 * @out: if not NULL, where a copy of the results goes, NUL-terminated
 * @size: the size of @out
 *
 * Context: Process context.  May sleep; a device call freezes user space.
 * Return: 0, -EINVAL for a command that does not parse or an unknown
 * measurement, -ERANGE for a count of 0 or above the maximum (100000
 * samples, 10000 ms of storm or control) or a control round of 0 or over
 * KEXEC_CALL_BENCH_MAX_ROUND cycles, -E2BIG for more than
 * KEXEC_CALL_MAX_ARGS arguments, -EOPNOTSUPP for the control without a
 * cycle counter, -ENOMEM, or the first error of a call.
 * On error the results are empty.
 */
VISIBLE_IF_KUNIT int kexec_call_bench_command(const char *cmd, char *out,
					      size_t size)
{
	struct kexec_call_bench *b = &kexec_call_bench;
	const struct kexec_call_bench_cmd *c = NULL;
	unsigned int count, argc = 0, on = 0, i, max;
	char what[16];
	int n, ret;

	n = sscanf(cmd, "%15s %u %u %u", what, &count, &argc, &on);
	if (n < 2)
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(kexec_call_bench_cmds); i++)
		if (!strcmp(what, kexec_call_bench_cmds[i].name))
			c = &kexec_call_bench_cmds[i];
	/* Only the control takes a fourth number */
	if (!c || (n > 3 && !c->control))
		return -EINVAL;
	max = c->storm ? KEXEC_CALL_BENCH_MAX_STORM_MS : KEXEC_CALL_BENCH_MAX_SAMPLES;
	if (!count || count > max)
		return -ERANGE;
	if (c->control && (!argc || (u64)argc + on > KEXEC_CALL_BENCH_MAX_ROUND))
		return -ERANGE;
	if (!c->control && argc > KEXEC_CALL_MAX_ARGS)
		return -E2BIG;

	mutex_lock(&b->lock);
	kvfree(b->text);
	b->len = 0;
	b->text = kvmalloc((c->storm ? 1 : count) * KEXEC_CALL_BENCH_LINE + 1,
			   GFP_KERNEL);
	if (!b->text)
		ret = -ENOMEM;
	else if (c->control)
		ret = kexec_call_bench_control(count, argc, on);
	else
		ret = kexec_call_bench_measure(c, count, argc);
	if (ret)
		b->len = 0;
	if (out && size)
		strscpy(out, b->text ? b->text : "", min(size, b->len + 1));
	mutex_unlock(&b->lock);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(kexec_call_bench_command);

static ssize_t kexec_call_bench_write(struct file *file, const char __user *ubuf,
				      size_t len, loff_t *ppos)
{
	char buf[64];
	int ret;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	ret = kexec_call_bench_command(buf, NULL, 0);
	return ret ? ret : len;
}

static ssize_t kexec_call_bench_read(struct file *file, char __user *ubuf,
				     size_t len, loff_t *ppos)
{
	ssize_t ret;

	mutex_lock(&kexec_call_bench.lock);
	ret = simple_read_from_buffer(ubuf, len, ppos, kexec_call_bench.text,
				      kexec_call_bench.len);
	mutex_unlock(&kexec_call_bench.lock);
	return ret;
}

static const struct file_operations kexec_call_bench_fops = {
	.owner	= THIS_MODULE,
	.read	= kexec_call_bench_read,
	.write	= kexec_call_bench_write,
	.llseek	= default_llseek,
};

static int __init kexec_call_bench_init(void)
{
	struct dentry *dir = debugfs_create_dir("kexec_call_bench", NULL);

	debugfs_create_file("run", 0600, dir, NULL, &kexec_call_bench_fops);
	return 0;
}
late_initcall(kexec_call_bench_init);
