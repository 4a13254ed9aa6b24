// SPDX-License-Identifier: GPL-2.0
/*
 * Where kexec_call cannot run on x86: the platforms on which paging cannot
 * be turned off as the switch does it, decided once at image allocation,
 * and the CPU state that forbids it at call time.
 *
 * Refused at allocation (-EOPNOTSUPP):
 *  - SEV, SEV-ES and SEV-SNP guests: with paging off every access is
 *    encrypted with the guest's key and the hypervisor must not see the
 *    guest leave paging (SEV-ES/SNP terminate it on the #VC that follows);
 *  - TDX guests: a TD cannot clear CR0.PG (the TDX module injects #GP);
 *  - Xen PV guests: the kernel runs without control of CR0 and CR3;
 *  - PREEMPT_RT kernels: a call keeps interrupts off for up to its
 *    deadline, seconds, which no real-time latency bound allows;
 *  - SME hosts (mem_encrypt=on): with paging off no access is encrypted,
 *    while the image's page table, trampoline and stack were written
 *    through the encrypted direct map;
 *  - FRED (fred=on): in long mode events bypass the IDT, so the switch's
 *    NMI and machine-check gates would not be used on the way out, and an
 *    #MC could not be handed back to the kernel through its gate.
 *
 * Refused at call time (-EBUSY): a CPU in VMX operation (CR4.VMXE, set by
 * KVM while it holds VMXON, on every CPU from the time kvm_intel loads in
 * 6.12).  CR0.PG cannot be cleared there (#GP, then a triple fault in the
 * trampoline), and there is no interface to leave VMX operation for a
 * while and come back under KVM's feet.  AMD's EFER.SVME does not restrict
 * paging; the switch keeps it as it is.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cc_platform.h>
#include <linux/cpufeature.h>
#include <linux/errno.h>
#include <linux/kconfig.h>
#include <linux/printk.h>

#include <asm/kexec_call.h>
#include <asm/processor-flags.h>

#include <xen/xen.h>

#include <kunit/visibility.h>

#include "machine_kexec_call.h"

/**
 * kexec_call_platform_refusal() - Why kexec_call cannot run on a platform
 * @p: the platform's properties
 *
 * Return: NULL where kexec_call can run, else the reason, for the log.
 */
VISIBLE_IF_KUNIT const char *
kexec_call_platform_refusal(const struct kexec_call_platform *p)
{
	if (p->sev_guest)
		return "SEV guest: memory encryption cannot follow paging off";
	if (p->tdx_guest)
		return "TDX guest: paging cannot be turned off";
	if (p->xen_pv)
		return "Xen PV guest: no control of paging";
	if (p->preempt_rt)
		return "PREEMPT_RT: a call keeps interrupts off for up to its deadline";
	if (p->sme_host)
		return "SME active: the trampoline and its tables are encrypted";
	if (p->fred)
		return "FRED: events bypass the switch's IDT";
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(kexec_call_platform_refusal);

/* This machine's properties. */
static void kexec_call_platform_read(struct kexec_call_platform *p)
{
	p->tdx_guest = cpu_feature_enabled(X86_FEATURE_TDX_GUEST);
	p->sev_guest = !p->tdx_guest && cc_platform_has(CC_ATTR_GUEST_MEM_ENCRYPT);
	p->xen_pv = xen_pv_domain();
	p->preempt_rt = IS_ENABLED(CONFIG_PREEMPT_RT);
	p->sme_host = cc_platform_has(CC_ATTR_HOST_MEM_ENCRYPT);
	p->fred = cpu_feature_enabled(X86_FEATURE_FRED);
}

int kexec_call_platform_check(void)
{
	struct kexec_call_platform p = { };
	const char *why;

	kexec_call_platform_read(&p);
	why = kexec_call_platform_refusal(&p);
	if (!why)
		return 0;
	pr_warn_once("physical-mode calls refused on this machine: %s\n", why);
	return -EOPNOTSUPP;
}

int kexec_call_cpu_refusal(unsigned long cr4)
{
	return cr4 & X86_CR4_VMXE ? -EBUSY : 0;
}
EXPORT_SYMBOL_IF_KUNIT(kexec_call_cpu_refusal);
