/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What machine_kexec_call.c, the x86 side of kexec_call common to i386 and
 * x86_64, takes from machine_kexec_call_32.c or machine_kexec_call_64.c.
 */
#ifndef _X86_KERNEL_MACHINE_KEXEC_CALL_H
#define _X86_KERNEL_MACHINE_KEXEC_CALL_H

#include <linux/types.h>

#include <asm/kexec_call.h>

struct kimage;

/* The physical address of @sym's copy on the control page at @control. */
static inline u32 kexec_call_tramp_phys(phys_addr_t control, const u8 *sym)
{
	return control + (sym - kexec_call_tramp_start);
}

/**
 * kexec_call_init_pgtable() - Build the page table of an image
 * @image: the image; its page table goes to image->arch
 * @control: the physical address of its control pages
 *
 * The table maps the kernel's half as the kernel does and the control pages
 * at their physical addresses.
 *
 * Return: 0, or -ENOMEM.
 */
int kexec_call_init_pgtable(struct kimage *image, phys_addr_t control);

/* Free what kexec_call_init_pgtable() built. */
void kexec_call_free_pgtable(struct kimage *image);

/*
 * Whether control pages at @start, @size bytes, can be mapped at their
 * physical addresses beside the kernel's half of the address space.
 */
bool kexec_call_control_reachable(phys_addr_t start, size_t size);

/* The GDT entries and switch IDT gates only one bitness needs. */
void kexec_call_init_arch_state(struct kexec_call_state *state,
				phys_addr_t control);

/**
 * kexec_call_platform_check() - Whether kexec_call can run on this machine
 *
 * Logs the reason once when it cannot (kexec_call_platform.c).
 *
 * Return: 0, or -EOPNOTSUPP.
 */
int kexec_call_platform_check(void);

/* XSAVE and FXSAVE in the kernel's operand size */
#ifdef CONFIG_X86_64
#define KEXEC_CALL_XSAVE	"xsave64"
#define KEXEC_CALL_XRSTOR	"xrstor64"
#define KEXEC_CALL_FXSAVE	"fxsave64"
#define KEXEC_CALL_FXRSTOR	"fxrstor64"
#else
#define KEXEC_CALL_XSAVE	"xsave"
#define KEXEC_CALL_XRSTOR	"xrstor"
#define KEXEC_CALL_FXSAVE	"fxsave"
#define KEXEC_CALL_FXRSTOR	"fxrstor"
#endif

#endif /* _X86_KERNEL_MACHINE_KEXEC_CALL_H */
