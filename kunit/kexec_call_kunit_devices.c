// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for KEXEC_CALL_PRESERVE_DEVICE: a test platform device with
 * freeze/restore callbacks and syscore callbacks count what a device call
 * does to them.
 *
 * A device call freezes user space, and a KUnit case runs in a kthread
 * while the task that started the suite (init at boot, or the writer of a
 * debugfs "run" file) waits for it in an unfreezable sleep.  So the KUnit
 * suite here tests the refusal that follows (-EBUSY, nothing left
 * changed), and the calls themselves are made by writing a count to
 * /sys/kernel/debug/kexec_call_test/device_calls: the writer makes them
 * in its own context, and reading the file gives the results as KTAP.
 * Writing a count of milliseconds to kexec_call_test/spin makes one plain
 * call that spins that long, for the end-to-end tests of the call lock's
 * waiters and of machine checks.
 */

#define pr_fmt(fmt) "kexec_call_test: " fmt

#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/debugfs.h>
#include <linux/freezer.h>
#include <linux/gfp.h>
#include <linux/init.h>
#include <linux/kexec.h>
#include <linux/kexec_call.h>
#include <linux/kstrtox.h>
#include <linux/kthread.h>
#include <linux/limits.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/platform_device.h>
#include <linux/pm.h>
#include <linux/sched.h>
#include <linux/seq_buf.h>
#include <linux/smp.h>
#include <linux/suspend.h>
#include <linux/syscore_ops.h>

#include <kunit/test.h>

#include <asm/tsc.h>

#include "../kexec_call_internal.h"
#include "kexec_call_kunit.h"

/**
 * struct kexec_call_dev_counts - what the PM core did to the test device
 * @freeze: ->freeze() calls
 * @freeze_noirq: ->freeze_noirq() calls
 * @restore_noirq: ->restore_noirq() calls
 * @restore: ->restore() calls
 * @syscore_suspend: syscore ->suspend() calls
 * @syscore_resume: syscore ->resume() calls
 * @cpus_in_syscore: online CPUs seen by the last syscore ->suspend()
 * @frozen_in_freeze: user space was frozen at the last ->freeze()
 */
struct kexec_call_dev_counts {
	unsigned int freeze;
	unsigned int freeze_noirq;
	unsigned int restore_noirq;
	unsigned int restore;
	unsigned int syscore_suspend;
	unsigned int syscore_resume;
	unsigned int cpus_in_syscore;
	bool frozen_in_freeze;
};

static struct kexec_call_dev_counts kexec_call_dev_counts;

static int kexec_call_test_dev_freeze(struct device *dev)
{
	kexec_call_dev_counts.freeze++;
	kexec_call_dev_counts.frozen_in_freeze = pm_freezing;
	return 0;
}

static int kexec_call_test_dev_freeze_noirq(struct device *dev)
{
	kexec_call_dev_counts.freeze_noirq++;
	return 0;
}

static int kexec_call_test_dev_restore_noirq(struct device *dev)
{
	kexec_call_dev_counts.restore_noirq++;
	return 0;
}

static int kexec_call_test_dev_restore(struct device *dev)
{
	kexec_call_dev_counts.restore++;
	return 0;
}

static const struct dev_pm_ops kexec_call_test_dev_pm_ops = {
	.freeze = kexec_call_test_dev_freeze,
	.freeze_noirq = kexec_call_test_dev_freeze_noirq,
	.restore_noirq = kexec_call_test_dev_restore_noirq,
	.restore = kexec_call_test_dev_restore,
};

static struct platform_driver kexec_call_test_driver = {
	.driver = {
		.name = "kexec_call_test",
		.pm = &kexec_call_test_dev_pm_ops,
	},
};

static int kexec_call_test_syscore_suspend(void *data)
{
	kexec_call_dev_counts.syscore_suspend++;
	kexec_call_dev_counts.cpus_in_syscore = num_online_cpus();
	return 0;
}

static void kexec_call_test_syscore_resume(void *data)
{
	kexec_call_dev_counts.syscore_resume++;
}

static const struct syscore_ops kexec_call_test_syscore_ops = {
	.suspend = kexec_call_test_syscore_suspend,
	.resume = kexec_call_test_syscore_resume,
};

static struct syscore kexec_call_test_syscore = {
	.ops = &kexec_call_test_syscore_ops,
};

static struct platform_device *kexec_call_test_pdev;

/*
 * The test device, its driver and the syscore callbacks, registered once
 * at boot: a device call walks every device, so they must be in place
 * before any test runs and stay so.
 */
static int __init kexec_call_test_dev_register(void)
{
	int err;

	err = platform_driver_register(&kexec_call_test_driver);
	if (err)
		return err;
	kexec_call_test_pdev =
		platform_device_register_simple("kexec_call_test",
						PLATFORM_DEVID_NONE, NULL, 0);
	if (IS_ERR(kexec_call_test_pdev)) {
		platform_driver_unregister(&kexec_call_test_driver);
		return PTR_ERR(kexec_call_test_pdev);
	}
	register_syscore(&kexec_call_test_syscore);
	return 0;
}

static void __exit kexec_call_test_dev_unregister(void)
{
	unregister_syscore(&kexec_call_test_syscore);
	platform_device_unregister(kexec_call_test_pdev);
	platform_driver_unregister(&kexec_call_test_driver);
}

/*
 * From a KUnit case the freezer cannot freeze the task waiting for the
 * case: the call is refused with -EBUSY, the callee does not run and
 * devices and CPUs are left as they were.
 */
static void kexec_call_devices_refused_unfreezable(struct kunit *test)
{
	struct kimage *image = kexec_call_test_load(test, CALLEE(counter),
						    KEXEC_CALL_PRESERVE_DEVICE);
	u32 *value = callee_var(test, CALLEE_VAR(counter, counter_value));
	struct kexec_call_dev_counts before = kexec_call_dev_counts;
	unsigned int cpus = num_online_cpus(), timeout;
	u64 ret = 0xabad1dea;
	int err;

	if (IS_MODULE(CONFIG_KEXEC_CALL_KUNIT_TEST))
		kunit_skip(test, "needs freeze_timeout_msecs, not exported");
	if (IS_ERR_OR_NULL(kexec_call_test_pdev))
		kunit_skip(test, "the test device is not registered");
	timeout = freeze_timeout_msecs;
	freeze_timeout_msecs = 100;
	err = kexec_call(image, &ret, 0);
	freeze_timeout_msecs = timeout;

	KUNIT_EXPECT_EQ(test, err, -EBUSY);
	KUNIT_EXPECT_EQ(test, ret, 0xabad1dea);
	KUNIT_EXPECT_EQ(test, *value, 0);
	KUNIT_EXPECT_EQ(test, kexec_call_dev_counts.freeze, before.freeze);
	KUNIT_EXPECT_EQ(test, kexec_call_dev_counts.restore, before.restore);
	KUNIT_EXPECT_EQ(test, kexec_call_dev_counts.syscore_suspend,
			before.syscore_suspend);
	KUNIT_EXPECT_EQ(test, num_online_cpus(), cpus);
	KUNIT_EXPECT_FALSE(test, pm_freezing);
}

#define LOCK_ORDER_ROUNDS	100

/**
 * struct kexec_call_lock_order - two tasks taking the call's locks
 * @image: a plain image, called as reboot() calls, under the sleep lock
 * @done: completed by the reboot()-model thread
 * @calls: its calls that succeeded
 */
struct kexec_call_lock_order {
	struct kimage *image;
	struct completion done;
	atomic_t calls;
};

/* reboot(): the system sleep lock, then a call (kexec_call_mutex) */
static int kexec_call_reboot_model(void *data)
{
	struct kexec_call_lock_order *lo = data;
	unsigned int i, flags;
	u64 ret;

	for (i = 0; i < LOCK_ORDER_ROUNDS; i++) {
		flags = lock_system_sleep();
		if (!kexec_call(lo->image, &ret, 0))
			atomic_inc(&lo->calls);
		unlock_system_sleep(flags);
		cond_resched();
	}
	complete(&lo->done);
	return 0;
}

/*
 * One lock order: a KEXEC_CALL_PRESERVE_DEVICE call takes the system sleep
 * lock before kexec_call_mutex, as reboot() does.  A thread calls as
 * reboot() does while this one makes device calls (refused here, after
 * both locks were taken: see above), 100 rounds each; lockdep (the lockdep
 * configuration) would report the other order at once.
 */
static void kexec_call_devices_lock_order(struct kunit *test)
{
	struct kimage *device = kexec_call_test_load(test, CALLEE(counter),
						     KEXEC_CALL_PRESERVE_DEVICE);
	struct kexec_call_lock_order lo = { };
	struct kimage *plain;
	struct task_struct *task;
	unsigned int i, timeout, busy = 0;
	void *code;
	u64 ret;

	if (IS_MODULE(CONFIG_KEXEC_CALL_KUNIT_TEST))
		kunit_skip(test, "needs freeze_timeout_msecs, not exported");
	code = (void *)get_zeroed_page(GFP_KERNEL | __GFP_DMA32);
	KUNIT_ASSERT_NOT_NULL(test, code);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, kexec_call_test_free_page,
							code), 0);
	memcpy(code, kexec_call_test_ret_const_start,
	       kexec_call_test_ret_const_end - kexec_call_test_ret_const_start);
	plain = kexec_call_alloc(virt_to_phys(code), 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(plain));

	lo.image = plain;
	init_completion(&lo.done);
	task = kthread_run(kexec_call_reboot_model, &lo, "kexec_call_reboot");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));

	timeout = freeze_timeout_msecs;
	freeze_timeout_msecs = 10;
	for (i = 0; i < LOCK_ORDER_ROUNDS; i++)
		busy += kexec_call(device, &ret, 0) == -EBUSY;
	freeze_timeout_msecs = timeout;
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&lo.done, 60 * HZ), 0UL);
	kexec_call_free(plain);

	KUNIT_EXPECT_EQ(test, busy, LOCK_ORDER_ROUNDS);
	KUNIT_EXPECT_EQ(test, atomic_read(&lo.calls), LOCK_ORDER_ROUNDS);
}

static struct kunit_case kexec_call_devices_test_cases[] = {
	KUNIT_CASE(kexec_call_devices_refused_unfreezable),
	KUNIT_CASE_SLOW(kexec_call_devices_lock_order),
	{}
};

static struct kunit_suite kexec_call_devices_suite = {
	.name = "kexec_call_devices",
	.init = kexec_call_test_init,
	.test_cases = kexec_call_devices_test_cases,
};

kunit_test_suites(&kexec_call_devices_suite);

#ifdef CONFIG_DEBUG_FS
#define DEVICE_CALLS_MAX	100

static DEFINE_MUTEX(kexec_call_device_calls_lock);
static char kexec_call_device_calls_report[8192];

/* One KTAP result line per check; returns whether it held. */
static bool kexec_call_report(struct seq_buf *s, unsigned int *n, bool ok,
			      const char *what, unsigned int call)
{
	seq_buf_printf(s, "%sok %u device_call_%u_%s\n", ok ? "" : "not ",
		       ++*n, call, what);
	return ok;
}

#define CHECKS_PER_CALL	7

/*
 * Make @calls device calls to a counter callee in the caller's context
 * and check, for each, what the devices, the CPUs and the console saw.
 */
static void kexec_call_device_calls(struct seq_buf *s, unsigned int calls)
{
	struct kexec_call_test_callee callee = CALLEE(counter);
	struct kexec_call_dev_counts before = kexec_call_dev_counts, *now;
	unsigned int cpus = num_online_cpus(), i, n = 0, failed = 0;
	struct kimage *image;
	u64 ret;
	void *code;
	int err;

	seq_buf_printf(s, "KTAP version 1\n1..%u\n", calls * CHECKS_PER_CALL);
	code = (void *)get_zeroed_page(GFP_KERNEL | __GFP_DMA32);
	if (!code) {
		seq_buf_printf(s, "Bail out! no page for the callee\n");
		return;
	}
	memcpy(code, callee.start, callee.end - callee.start);
	image = kexec_call_alloc(virt_to_phys(code), KEXEC_CALL_PRESERVE_DEVICE);
	if (IS_ERR(image)) {
		seq_buf_printf(s, "Bail out! kexec_call_alloc: %ld\n",
			       PTR_ERR(image));
		free_page((unsigned long)code);
		return;
	}

	for (i = 1; i <= calls; i++) {
		ret = 0;
		err = kexec_call(image, &ret, 0);
		now = &kexec_call_dev_counts;
		seq_buf_printf(s, "# call %u: err %d, ret %llu, freeze %u+%u, restore %u+%u,",
			       i, err, ret, now->freeze - before.freeze,
			       now->freeze_noirq - before.freeze_noirq,
			       now->restore_noirq - before.restore_noirq,
			       now->restore - before.restore);
		seq_buf_printf(s, " syscore %u/%u, CPUs in syscore %u, frozen %d\n",
			       now->syscore_suspend - before.syscore_suspend,
			       now->syscore_resume - before.syscore_resume,
			       now->cpus_in_syscore, now->frozen_in_freeze);
		failed += !kexec_call_report(s, &n, !err && ret == i,
					     "returns_count", i);
		/* Each callback exactly once per call */
		failed += !kexec_call_report(s, &n,
					     now->freeze - before.freeze == i &&
					     now->freeze_noirq - before.freeze_noirq == i,
					     "device_frozen_once", i);
		failed += !kexec_call_report(s, &n,
					     now->restore - before.restore == i &&
					     now->restore_noirq - before.restore_noirq == i,
					     "device_restored_once", i);
		failed += !kexec_call_report(s, &n,
					     now->syscore_suspend - before.syscore_suspend == i &&
					     now->syscore_resume - before.syscore_resume == i,
					     "syscore_once", i);
		/* The call ran on the only online CPU, with user space frozen */
		failed += !kexec_call_report(s, &n, now->cpus_in_syscore == 1 &&
					     now->frozen_in_freeze,
					     "one_cpu_user_space_frozen", i);
		failed += !kexec_call_report(s, &n, num_online_cpus() == cpus,
					     "all_cpus_back", i);
		failed += !kexec_call_report(s, &n,
					     pr_info("device call %u returned %llu\n",
						     i, ret) > 0 && !pm_freezing,
					     "console_and_user_space_back", i);
	}
	seq_buf_printf(s, "# device calls: %u, checks failed: %u, CPUs online: %u\n",
		       calls, failed, num_online_cpus());
	kexec_call_free(image);
	free_page((unsigned long)code);
}

static ssize_t kexec_call_device_calls_write(struct file *file,
					     const char __user *buf,
					     size_t count, loff_t *ppos)
{
	struct seq_buf s;
	unsigned int calls;
	int err;

	err = kstrtouint_from_user(buf, count, 0, &calls);
	if (err)
		return err;
	if (!calls || calls > DEVICE_CALLS_MAX)
		return -ERANGE;

	mutex_lock(&kexec_call_device_calls_lock);
	seq_buf_init(&s, kexec_call_device_calls_report,
		     sizeof(kexec_call_device_calls_report));
	kexec_call_device_calls(&s, calls);
	err = seq_buf_has_overflowed(&s) ? -EOVERFLOW : 0;
	mutex_unlock(&kexec_call_device_calls_lock);
	return err ? err : count;
}

static ssize_t kexec_call_device_calls_read(struct file *file, char __user *buf,
					    size_t count, loff_t *ppos)
{
	ssize_t ret;

	mutex_lock(&kexec_call_device_calls_lock);
	ret = simple_read_from_buffer(buf, count, ppos,
				      kexec_call_device_calls_report,
				      strnlen(kexec_call_device_calls_report,
					      sizeof(kexec_call_device_calls_report)));
	mutex_unlock(&kexec_call_device_calls_lock);
	return ret;
}

static const struct file_operations kexec_call_device_calls_fops = {
	.owner = THIS_MODULE,
	.read = kexec_call_device_calls_read,
	.write = kexec_call_device_calls_write,
	.llseek = default_llseek,
};

/* The longest spin: its TSC cycles must fit the callee's 32-bit argument. */
#define SPIN_MS_MAX	1000

/*
 * spin: the writer makes one plain call of the spin callee for the
 * milliseconds it writes; the write returns the call's error.  The end to
 * end tests hold the call lock with it, and inject a machine check into
 * the CPU it names in the log while it runs.
 */
static ssize_t kexec_call_spin_write(struct file *file, const char __user *buf,
				     size_t count, loff_t *ppos)
{
	struct kexec_call_test_callee callee = CALLEE(spin);
	struct kimage *image;
	unsigned int ms;
	u64 cycles, ret;
	void *code;
	int err, cpu;

	err = kstrtouint_from_user(buf, count, 0, &ms);
	if (err)
		return err;
	cycles = (u64)tsc_khz * ms;
	if (!ms || ms > SPIN_MS_MAX || cycles > U32_MAX)
		return -ERANGE;

	code = (void *)get_zeroed_page(GFP_KERNEL | __GFP_DMA32);
	if (!code)
		return -ENOMEM;
	memcpy(code, callee.start, callee.end - callee.start);
	image = kexec_call_alloc(virt_to_phys(code), 0);
	if (IS_ERR(image)) {
		free_page((unsigned long)code);
		return PTR_ERR(image);
	}
	err = kexec_call_set_deadline(image, 2 * SPIN_MS_MAX);
	if (!err) {
		migrate_disable();
		cpu = smp_processor_id();
		pr_info("spin %u ms on CPU %d\n", ms, cpu);
		err = kexec_call(image, &ret, 3, 0UL, (unsigned long)cycles, 0UL);
		migrate_enable();
		pr_info("spin on CPU %d: %d\n", cpu, err);
	}
	kexec_call_free(image);
	free_page((unsigned long)code);
	return err ? err : count;
}

static const struct file_operations kexec_call_spin_fops = {
	.owner = THIS_MODULE,
	.write = kexec_call_spin_write,
	.llseek = default_llseek,
};

static struct dentry *kexec_call_test_debugfs;

static void kexec_call_test_debugfs_init(void)
{
	kexec_call_test_debugfs = debugfs_create_dir("kexec_call_test", NULL);
	debugfs_create_file("device_calls", 0600, kexec_call_test_debugfs, NULL,
			    &kexec_call_device_calls_fops);
	debugfs_create_file("spin", 0200, kexec_call_test_debugfs, NULL,
			    &kexec_call_spin_fops);
}

static void kexec_call_test_debugfs_exit(void)
{
	debugfs_remove(kexec_call_test_debugfs);
}
#else
static void kexec_call_test_debugfs_init(void) { }
static void kexec_call_test_debugfs_exit(void) { }
#endif /* CONFIG_DEBUG_FS */

static int __init kexec_call_test_devices_init(void)
{
	int err;

	err = kexec_call_test_dev_register();
	if (err)
		pr_warn("test device not registered: %d\n", err);
	kexec_call_test_debugfs_init();
	return 0;
}

static void __exit kexec_call_test_devices_exit(void)
{
	kexec_call_test_debugfs_exit();
	if (!IS_ERR_OR_NULL(kexec_call_test_pdev))
		kexec_call_test_dev_unregister();
}

/* Built in, before the KUnit executor runs; as a module, before its suites */
module_init(kexec_call_test_devices_init);
module_exit(kexec_call_test_devices_exit);
