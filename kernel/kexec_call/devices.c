// SPDX-License-Identifier: GPL-2.0
/*
 * KEXEC_CALL_PRESERVE_DEVICE: quiesce the system around a call.
 *
 * The same sequence kernel_kexec() runs around a KEXEC_PRESERVE_CONTEXT jump:
 * user space frozen, console suspended, every device frozen through the PM
 * core (PMSG_FREEZE) and restored after (PMSG_RESTORE), the secondary CPUs
 * taken offline and brought back, and syscore callbacks run with interrupts
 * off.  Firmware called in between may then touch hardware that Linux
 * drives.  The caller holds the system sleep lock, which keeps suspend and
 * hibernation out, and has moved the console (pm_prepare_console()) before
 * it took kexec_call_mutex.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/console.h>
#include <linux/cpu.h>
#include <linux/freezer.h>
#include <linux/irqflags.h>
#include <linux/lockdep.h>
#include <linux/pm.h>
#include <linux/suspend.h>
#include <linux/syscore_ops.h>

#include "kexec_call_internal.h"

/**
 * kexec_call_devices_suspend() - Quiesce devices and CPUs before a call
 *
 * Context: Process context with the system sleep lock and kexec_call_mutex
 * held, the console moved for suspend.  May sleep.  On success returns
 * with interrupts disabled, on the only online CPU.
 * Return: 0, or the error of the step that failed, with everything done
 * before it undone.
 */
int kexec_call_devices_suspend(void)
{
	int err;

	lockdep_assert_held(&system_transition_mutex);
	err = freeze_processes();
	if (err) {
		err = -EBUSY;
		goto err_out;
	}
	suspend_console();
	err = dpm_suspend_start(PMSG_FREEZE);
	if (err)
		goto err_resume_console;
	/* Once dpm_suspend_start() has run, dpm_suspend_end() must too */
	err = dpm_suspend_end(PMSG_FREEZE);
	if (err)
		goto err_resume_devices;
	err = suspend_disable_secondary_cpus();
	if (err)
		goto err_enable_cpus;
	local_irq_disable();
	err = syscore_suspend();
	if (err)
		goto err_enable_irqs;
	return 0;

err_enable_irqs:
	local_irq_enable();
err_enable_cpus:
	suspend_enable_secondary_cpus();
	dpm_resume_start(PMSG_RESTORE);
err_resume_devices:
	dpm_resume_end(PMSG_RESTORE);
err_resume_console:
	resume_console();
	thaw_processes();
err_out:
	pr_err("devices could not be quiesced for the call: %d\n", err);
	return err;
}

/**
 * kexec_call_devices_resume() - Undo kexec_call_devices_suspend() after a call
 *
 * Context: Interrupts disabled, as kexec_call_devices_suspend() left them;
 * returns with them enabled, every CPU back online and devices restored.
 */
void kexec_call_devices_resume(void)
{
	syscore_resume();
	local_irq_enable();
	suspend_enable_secondary_cpus();
	dpm_resume_start(PMSG_RESTORE);
	dpm_resume_end(PMSG_RESTORE);
	resume_console();
	thaw_processes();
}
