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
 * hibernation out.  The steps that may take the console lock run before
 * kexec_call_mutex is taken and after it is released
 * (kexec_call_devices_freeze() and _thaw()), the rest with it held.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/console.h>
#include <linux/cpu.h>
#include <linux/freezer.h>
#include <linux/irqflags.h>
#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/pm.h>
#include <linux/suspend.h>
#include <linux/syscore_ops.h>

#include "kexec_call_internal.h"

/**
 * kexec_call_devices_freeze() - Freeze tasks and devices before a call
 *
 * The part of the quiesce sequence that runs before kexec_call_mutex is
 * taken: the console moved for suspend, tasks frozen, the console
 * suspended, devices frozen (PMSG_FREEZE, before the noirq phase).  Each
 * of these steps may take the console lock, which fbcon holds while a DRM
 * driver's mode set waits for kexec_call_mutex (vbedrm), so none runs
 * with that mutex held.
 *
 * Context: Process context with the system sleep lock held.  May sleep.
 * Return: 0, or the error of the step that failed, with everything done
 * before it undone.
 */
int kexec_call_devices_freeze(void)
{
	int err;

	lockdep_assert_held(&system_transition_mutex);
	pm_prepare_console();
	err = freeze_processes();
	if (err) {
		err = -EBUSY;
		goto err_restore_console;
	}
	suspend_console();
	err = dpm_suspend_start(PMSG_FREEZE);
	if (err)
		goto err_resume_console;
	return 0;

err_resume_console:
	resume_console();
	thaw_processes();
err_restore_console:
	pm_restore_console();
	pr_err("devices could not be frozen for the call: %d\n", err);
	return err;
}

/**
 * kexec_call_devices_thaw() - Undo kexec_call_devices_freeze()
 *
 * Context: Process context, kexec_call_mutex released.  May sleep.
 */
void kexec_call_devices_thaw(void)
{
	dpm_resume_end(PMSG_RESTORE);
	resume_console();
	thaw_processes();
	pm_restore_console();
}

/**
 * kexec_call_devices_suspend() - Quiesce devices and CPUs before a call
 *
 * The part of the quiesce sequence that runs with kexec_call_mutex held,
 * after kexec_call_devices_freeze(): the noirq phase, the secondary CPUs
 * offline, interrupts off, the syscore callbacks.
 *
 * Context: Process context with the system sleep lock and kexec_call_mutex
 * held, devices frozen.  May sleep.  On success returns with interrupts
 * disabled, on the only online CPU.
 * Return: 0, or the error of the step that failed, with everything done
 * before it undone (kexec_call_devices_thaw() undoes the freeze).
 */
int kexec_call_devices_suspend(void)
{
	int err;

	lockdep_assert_held(&system_transition_mutex);
	/* Once dpm_suspend_start() has run, dpm_suspend_end() must too */
	err = dpm_suspend_end(PMSG_FREEZE);
	if (err)
		goto err_out;
	err = suspend_disable_secondary_cpus();
	if (err)
		goto err_enable_cpus;
	local_irq_disable();
	/*
	 * As hibernation and suspend do: the syscore callbacks run with
	 * interrupts off and may take sleeping locks uncontended (ACPI's
	 * PCI interrupt links do), which might_sleep() lets be only then.
	 */
	system_state = SYSTEM_SUSPEND;
	err = syscore_suspend();
	if (err)
		goto err_enable_irqs;
	return 0;

err_enable_irqs:
	system_state = SYSTEM_RUNNING;
	local_irq_enable();
err_enable_cpus:
	suspend_enable_secondary_cpus();
	dpm_resume_start(PMSG_RESTORE);
err_out:
	pr_err("devices could not be quiesced for the call: %d\n", err);
	return err;
}

/**
 * kexec_call_devices_resume() - Undo kexec_call_devices_suspend() after a call
 *
 * Context: Interrupts disabled, as kexec_call_devices_suspend() left them;
 * returns with them enabled, every CPU back online and devices out of the
 * noirq phase.  kexec_call_devices_thaw() restores the rest once
 * kexec_call_mutex is released.
 */
void kexec_call_devices_resume(void)
{
	syscore_resume();
	system_state = SYSTEM_RUNNING;
	local_irq_enable();
	suspend_enable_secondary_cpus();
	dpm_resume_start(PMSG_RESTORE);
}
