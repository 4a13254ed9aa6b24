// SPDX-License-Identifier: GPL-2.0
/*
 * The hardware a BIOS call shares with the kernel's own drivers.
 *
 * The PCI BIOS reaches configuration space through the CF8h/CFCh ports,
 * which the kernel's type 1 accessors use under pci_config_lock; the
 * BIOS's time services read and write the RTC through its index and data
 * ports, 70h/71h, which rtc-cmos and the rest of the kernel use under
 * rtc_lock.  An index written by one side and data moved by the other
 * reads or writes the wrong register.  So each BIOS call holds the locks
 * of the hardware it may touch across its physical-mode window
 * (kexec_call_set_hold()): both are spinlocks taken with interrupts off,
 * and nothing that sleeps is taken inside the window.
 *
 * Built in also when the driver is a module: pci_config_lock is not
 * exported.
 */

#include <linux/bits.h>
#include <linux/export.h>
#include <linux/kexec_call.h>
#include <linux/mc146818rtc.h>
#include <linux/spinlock.h>

#include <asm/pci_x86.h>

#include "fwcall_internal.h"

/* What the next call holds, FWCALL_HOLD_*, under fwcall_mutex */
static unsigned int fwcall_hold_now;
/* What the call in progress took, for the unlock to release just that */
static unsigned int fwcall_hold_taken;

/**
 * fwcall_hold_for_int() - The locks a BIOS software interrupt holds
 * @vector: the interrupt
 * @eax: EAX at the call, which selects the service
 *
 * int 1Ah AH=B1h is the PCI BIOS (configuration space through CF8h/CFCh);
 * the rest of int 1Ah is the time of day and the RTC (70h/71h).  Both are
 * short.  Other services are left alone, though some BIOSes read CMOS in
 * int 15h or a video BIOS its adapter's configuration space in int 10h:
 * those include waits and mode sets that run for long, and a CPU that
 * wants a held lock spins with interrupts off, which may be the CPU the
 * deadline is watched from.
 *
 * Return: FWCALL_HOLD_PCI, FWCALL_HOLD_RTC or 0.
 */
unsigned int fwcall_hold_for_int(u8 vector, u32 eax)
{
	if (vector != 0x1a)
		return 0;
	return (eax >> 8 & 0xff) == 0xb1 ? FWCALL_HOLD_PCI : FWCALL_HOLD_RTC;
}
EXPORT_SYMBOL_NS_GPL(fwcall_hold_for_int, FWCALL);

/**
 * fwcall_hold_set() - Choose the locks the next BIOS call holds
 * @what: FWCALL_HOLD_* flags
 *
 * Context: with fwcall_mutex held, until that call has returned.
 */
void fwcall_hold_set(unsigned int what)
{
	fwcall_hold_now = what;
}
EXPORT_SYMBOL_NS_GPL(fwcall_hold_set, FWCALL);

/*
 * rtc_lock first: a spinlock_t is not taken inside a raw spinlock.  It
 * does not sleep here: kexec_call refuses PREEMPT_RT kernels.  (The
 * __acquire() and __release() markers tell sparse about the locks not
 * taken.)
 */
static void fwcall_hold_lock(void *data)
	__acquires(&rtc_lock) __acquires(&pci_config_lock)
{
	unsigned int what = READ_ONCE(*(unsigned int *)data);

	if (what & FWCALL_HOLD_RTC)
		spin_lock(&rtc_lock);
	else
		__acquire(&rtc_lock);
#ifdef CONFIG_PCI
	if (what & FWCALL_HOLD_PCI)
		raw_spin_lock(&pci_config_lock);
	else
#endif
		__acquire(&pci_config_lock);
	fwcall_hold_taken = what;
}

static void fwcall_hold_unlock(void *data)
	__releases(&pci_config_lock) __releases(&rtc_lock)
{
	unsigned int what = fwcall_hold_taken;

#ifdef CONFIG_PCI
	if (what & FWCALL_HOLD_PCI)
		raw_spin_unlock(&pci_config_lock);
	else
#endif
		__release(&pci_config_lock);
	if (what & FWCALL_HOLD_RTC)
		spin_unlock(&rtc_lock);
	else
		__release(&rtc_lock);
}

static const struct kexec_call_hold fwcall_hold = {
	.lock = fwcall_hold_lock,
	.unlock = fwcall_hold_unlock,
	.data = &fwcall_hold_now,
};

/**
 * fwcall_hold_init() - Have an image's calls hold what fwcall_hold_set() chose
 * @image: one of fwcall's kexec_call images
 *
 * Return: 0, or the error of kexec_call_set_hold().
 */
int fwcall_hold_init(struct kimage *image)
{
	return kexec_call_set_hold(image, &fwcall_hold);
}
EXPORT_SYMBOL_NS_GPL(fwcall_hold_init, FWCALL);
