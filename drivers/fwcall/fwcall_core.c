// SPDX-License-Identifier: GPL-2.0
/*
 * fwcall core: real-mode BIOS software interrupts through kexec_call.
 *
 * The real-mode thunk (fwcall_thunk.S) is copied into the low-memory
 * region reserved at boot and made a kexec_call image once; each
 * fwcall_int() loads the caller's registers into the thunk's data, calls
 * the image with the interrupt vector and reads back what the BIOS left.
 * One mutex covers the thunk's data and the bounce buffer.
 */

#define pr_fmt(fmt) "fwcall: " fmt

#include <linux/cpumask.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/fwcall.h>
#include <linux/init.h>
#include <linux/io.h>
#include <linux/kexec_call.h>
#include <linux/lockdep.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/stddef.h>
#include <linux/string.h>

#include <asm/apic.h>
#include <asm/desc_defs.h>
#include <asm/trapnr.h>

#include "fwcall_internal.h"

extern const u8 fwcall_thunk_start[], fwcall_thunk_end[], fwcall_thunk_pm32[],
	fwcall_thunk_nmi_real[], fwcall_thunk_nmi_pm16[], fwcall_bios32_shim[];

/* The high word of a present 16-bit interrupt gate of DPL 0 */
#define FWCALL_GATE16_INTR	0x8600

static_assert(offsetof(struct fwcall_regs, eax) == FWCALL_REGS_EAX);
static_assert(offsetof(struct fwcall_regs, ebx) == FWCALL_REGS_EBX);
static_assert(offsetof(struct fwcall_regs, ecx) == FWCALL_REGS_ECX);
static_assert(offsetof(struct fwcall_regs, edx) == FWCALL_REGS_EDX);
static_assert(offsetof(struct fwcall_regs, esi) == FWCALL_REGS_ESI);
static_assert(offsetof(struct fwcall_regs, edi) == FWCALL_REGS_EDI);
static_assert(offsetof(struct fwcall_regs, ebp) == FWCALL_REGS_EBP);
static_assert(offsetof(struct fwcall_regs, eflags) == FWCALL_REGS_EFLAGS);
static_assert(offsetof(struct fwcall_regs, ds) == FWCALL_REGS_DS);
static_assert(offsetof(struct fwcall_regs, es) == FWCALL_REGS_ES);
static_assert(sizeof(struct fwcall_regs) <= FWCALL_THUNK_GDT_DESC - FWCALL_THUNK_REGS);
static_assert(FWCALL_GDT_ENTRIES * 8 <= FWCALL_THUNK_XIDT - FWCALL_THUNK_GDT);
static_assert(FWCALL_THUNK_XIDT + FWCALL_XIDT_SIZE <= FWCALL_THUNK_DATA_END);
static_assert(FWCALL_BUF_MAX <= FWCALL_BOUNCE_SIZE);

static struct kimage *fwcall_image, *fwcall_bios32_image;
/* Serialises use of the thunk's data and of the bounce buffer */
DEFINE_MUTEX(fwcall_mutex);

/* The kernel's view of an offset in the low-memory region. */
void *fwcall_low(unsigned int offset)
{
	return phys_to_virt(fwcall_low_base + offset);
}

/**
 * fwcall_available() - Whether BIOS calls can be made
 *
 * Return: true once the thunk is in place (low memory was reserved at
 * boot and the kexec_call image was made).
 */
bool fwcall_available(void)
{
	return !IS_ERR_OR_NULL(fwcall_image);
}
EXPORT_SYMBOL_GPL(fwcall_available);

/* A descriptor-table register image, as LGDT and LIDT read it */
struct fwcall_desc_ptr32 {
	u16 limit;
	u32 base;
} __packed;

/* A far pointer for an indirect far jump to 32-bit code */
struct fwcall_far_ptr32 {
	u32 offset;
	u16 selector;
} __packed;

/* The thunk's offset of @sym, a label in it */
static u16 fwcall_thunk_off(const u8 *sym)
{
	return sym - fwcall_thunk_start;
}

/*
 * The transition IDT (fwcall_thunk.h): as a real-mode vector table, NMIs
 * to the thunk's real-mode handler in segment @seg; as a protected-mode
 * IDT, a 16-bit interrupt gate to its twin on FWCALL_CS16, which has the
 * same base.
 */
static void __init fwcall_install_xidt(u32 base, u16 seg)
{
	struct fwcall_desc_ptr32 xidt_desc = {
		.limit = FWCALL_XIDT_SIZE - 1,
		.base = base + FWCALL_THUNK_XIDT,
	};
	u8 *xidt = fwcall_low(FWCALL_THUNK_XIDT);
	u32 rm_nmi = (u32)seg << 16 | fwcall_thunk_off(fwcall_thunk_nmi_real);
	/* Offset 15:0 and selector, then the gate's type */
	u32 pm_nmi[2] = {
		fwcall_thunk_off(fwcall_thunk_nmi_pm16) | FWCALL_CS16 << 16,
		FWCALL_GATE16_INTR,
	};

	memcpy(xidt + FWCALL_XIDT_RM_NMI, &rm_nmi, sizeof(rm_nmi));
	memcpy(xidt + FWCALL_XIDT_PM_NMI, pm_nmi, sizeof(pm_nmi));
	memcpy(fwcall_low(FWCALL_THUNK_XIDT_DESC), &xidt_desc, sizeof(xidt_desc));
}

/* Copy the thunk into low memory and fill in what depends on its address. */
static void __init fwcall_install_thunk(void)
{
	u32 base = fwcall_low_base;
	struct desc_struct *gdt = fwcall_low(FWCALL_THUNK_GDT);
	struct fwcall_desc_ptr32 gdt_desc = {
		.limit = FWCALL_GDT_ENTRIES * sizeof(*gdt) - 1,
		.base = base + FWCALL_THUNK_GDT,
	};
	/* Real mode's interrupt vector table, at 0 */
	struct fwcall_desc_ptr32 rm_idt = { .limit = 0x3ff, .base = 0 };
	struct fwcall_far_ptr32 pm32 = {
		.offset = base + (fwcall_thunk_pm32 - fwcall_thunk_start),
		.selector = FWCALL_CS32,
	};
	u32 low_base = base;
	u16 seg = base >> 4;

	memset(fwcall_low(0), 0, FWCALL_BOUNCE_OFFSET);
	memcpy(fwcall_low(0), fwcall_thunk_start,
	       fwcall_thunk_end - fwcall_thunk_start);

	gdt[FWCALL_CS32 / 8] = (struct desc_struct)GDT_ENTRY_INIT(DESC_CODE32, 0, 0xfffff);
	gdt[FWCALL_DS32 / 8] = (struct desc_struct)GDT_ENTRY_INIT(DESC_DATA32, 0, 0xfffff);
	gdt[FWCALL_CS16 / 8] = (struct desc_struct)GDT_ENTRY_INIT(DESC_CODE16, base, 0xffff);
	gdt[FWCALL_DS16 / 8] = (struct desc_struct)GDT_ENTRY_INIT(DESC_DATA16, base, 0xffff);
	memcpy(fwcall_low(FWCALL_THUNK_GDT_DESC), &gdt_desc, sizeof(gdt_desc));
	memcpy(fwcall_low(FWCALL_THUNK_RM_IDT), &rm_idt, sizeof(rm_idt));
	memcpy(fwcall_low(FWCALL_THUNK_PM32), &pm32, sizeof(pm32));
	memcpy(fwcall_low(FWCALL_THUNK_BASE), &low_base, sizeof(low_base));
	memcpy(fwcall_low(FWCALL_THUNK_RM_SEG), &seg, sizeof(seg));
	memset(fwcall_low(FWCALL_THUNK_NMIS), 0, sizeof(u32));
	fwcall_install_xidt(base, seg);
}

/*
 * Deadlines for both images; the real-mode one also gets the abort flag
 * its NMI handlers look at, which kexec_call's own abort cannot reach.
 * Both hold the locks of the hardware each call shares (fwcall_hold.c).
 */
static int __init fwcall_set_deadlines(void)
{
	int err;

	err = kexec_call_set_deadline(fwcall_image, FWCALL_DEADLINE_MS);
	if (!err)
		err = kexec_call_set_deadline(fwcall_bios32_image, FWCALL_DEADLINE_MS);
	if (!err)
		err = kexec_call_set_abort_flag(fwcall_image,
						fwcall_low(FWCALL_THUNK_ABORT));
	if (!err)
		err = fwcall_hold_init(fwcall_image);
	if (!err)
		err = fwcall_hold_init(fwcall_bios32_image);
	return err;
}

static void fwcall_free_images(void)
{
	kexec_call_free(fwcall_bios32_image);
	kexec_call_free(fwcall_image);
	fwcall_bios32_image = NULL;
	fwcall_image = NULL;
}

static int __init fwcall_init(void)
{
	int err;

	BUILD_BUG_ON(FWCALL_THUNK_DATA_END > 0x1000);

	if (!fwcall_low_base)
		return -ENODEV;
	if (WARN_ON(fwcall_thunk_end - fwcall_thunk_start > FWCALL_THUNK_DATA))
		return -E2BIG;

	fwcall_install_thunk();
	fwcall_image = kexec_call_alloc(fwcall_low_base, 0);
	if (IS_ERR(fwcall_image)) {
		pr_err("no kexec_call image for the thunk: %ld\n",
		       PTR_ERR(fwcall_image));
		return PTR_ERR(fwcall_image);
	}
	fwcall_bios32_image = kexec_call_alloc(fwcall_low_base +
					       (fwcall_bios32_shim - fwcall_thunk_start), 0);
	if (IS_ERR(fwcall_bios32_image)) {
		kexec_call_free(fwcall_image);
		fwcall_image = NULL;
		pr_err("no kexec_call image for the BIOS32 shim: %ld\n",
		       PTR_ERR(fwcall_bios32_image));
		return PTR_ERR(fwcall_bios32_image);
	}
	err = fwcall_set_deadlines();
	if (err) {
		fwcall_free_images();
		pr_err("no deadline or locks for the BIOS calls: %d\n", err);
		return err;
	}
	pr_info("real-mode thunk at %pa, bounce buffer %#x bytes at segment %#x\n",
		&fwcall_low_base, FWCALL_BOUNCE_SIZE,
		(u32)((fwcall_low_base + FWCALL_BOUNCE_OFFSET) >> 4));
	err = fwcall_dev_init();
	if (err) {
		pr_err("no /dev/fwcall: %d\n", err);
		fwcall_free_images();
		return err;
	}
	fwcall_vbe_display_init();
	return 0;
}

/* Built in: after kexec_call and the NMI handlers are set up */
module_init(fwcall_init);

/*
 * The module goes: no user of /dev/fwcall is left (the device holds a
 * reference on the module while open) and no module that calls fwcall's
 * functions.  The low memory stays reserved for the next load.
 */
static void __exit fwcall_exit(void)
{
	fwcall_vbe_display_exit();
	fwcall_dev_exit();
	fwcall_free_images();
}
module_exit(fwcall_exit);

MODULE_DESCRIPTION("BIOS services through kexec_call");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(FWCALL);

/*
 * NMIs that came while the thunk was in real mode went to its own handler
 * (the IVT has no way to reach the kernel's), which counted them: raise
 * them again now, as kexec_call does for those it latches.
 */
static void fwcall_raise_nmis(void)
{
	u32 *count = fwcall_low(FWCALL_THUNK_NMIS);
	u32 nmis = READ_ONCE(*count);

	if (!nmis)
		return;
	WRITE_ONCE(*count, 0);
	/* One for them all: every handler looks at its own source */
	preempt_disable();
	__apic_send_IPI_mask(cpumask_of(smp_processor_id()), NMI_VECTOR);
	preempt_enable();
}

/* Call one of the thunk's routines with @regs in and out of its data. */
static int fwcall_thunk_call(struct kimage *image, u32 arg,
			     struct fwcall_regs *regs)
{
	u64 ret;
	int err;

	lockdep_assert_held(&fwcall_mutex);
	memcpy(fwcall_low(FWCALL_THUNK_REGS), regs, sizeof(*regs));
	err = kexec_call(image, &ret, 1, (unsigned long)arg);
	fwcall_raise_nmis();
	if (err)
		return err;
	memcpy(regs, fwcall_low(FWCALL_THUNK_REGS), sizeof(*regs));
	return 0;
}

/* fwcall_int() with fwcall_mutex held. */
int fwcall_int_locked(u8 vector, struct fwcall_regs *regs)
{
	u32 *abort_at = fwcall_low(FWCALL_THUNK_ABORT_AT);
	int err;

	WRITE_ONCE(*abort_at, 0);
	fwcall_hold_set(fwcall_hold_for_int(vector, regs->eax));
	err = fwcall_thunk_call(fwcall_image, vector, regs);
	/* Where the thunk abandoned the BIOS, if it was in real mode then */
	if (err == -ETIMEDOUT && READ_ONCE(*abort_at))
		pr_err_ratelimited(FW_BUG "int %02xh did not return: abandoned at %04x:%04x\n",
				   vector, *abort_at >> 16, *abort_at & 0xffff);
	return err;
}

/**
 * fwcall_int_vector_allowed() - Whether user space may ask for an interrupt
 * @vector: the vector of a raw FWCALL_IOC_INT request
 *
 * Not vector 2: "int 2" enters the thunk's real-mode NMI handler as if an
 * NMI had come, and fwcall would raise it again on the calling CPU; user
 * space cannot fake NMIs.
 *
 * Return: true for 0 to 255 but 2.
 */
bool fwcall_int_vector_allowed(u32 vector)
{
	return vector <= 255 && vector != X86_TRAP_NMI;
}

/**
 * fwcall_int() - Run a BIOS software interrupt in real mode
 * @vector: the interrupt, as in "int @vector"
 * @regs: the registers to load before it; on success, those the BIOS
 *	returned (EFLAGS included; CF is the usual error flag)
 *
 * Segment values in @regs are real-mode segments; memory the BIOS is to
 * read or write must lie below 1 MiB, in practice the bounce buffer
 * (fwcall_bounce_seg()).
 *
 * Context: Process context.  May sleep.
 * Return: 0 when the interrupt ran (whatever the BIOS made of it),
 * -EINVAL for a NULL @regs, -ENODEV when BIOS calls are unavailable, or
 * the error of the kexec_call that ran it (-EFAULT, -ETIMEDOUT, ...).
 */
int fwcall_int(u8 vector, struct fwcall_regs *regs)
{
	int err;

	if (!regs)
		return -EINVAL;
	if (!fwcall_available())
		return -ENODEV;
	mutex_lock(&fwcall_mutex);
	err = fwcall_int_locked(vector, regs);
	mutex_unlock(&fwcall_mutex);
	return err;
}
EXPORT_SYMBOL_GPL(fwcall_int);

/* fwcall_int_buf() with fwcall_mutex held and its checks made. */
int fwcall_int_buf_locked(u8 vector, struct fwcall_regs *regs, void *buf,
			  size_t len)
{
	void *bounce = fwcall_low(FWCALL_BOUNCE_OFFSET);
	int err;

	lockdep_assert_held(&fwcall_mutex);
	memcpy(bounce, buf, len);
	regs->es = fwcall_bounce_seg();
	regs->edi = 0;
	err = fwcall_int_locked(vector, regs);
	if (!err)
		memcpy(buf, bounce, len);
	return err;
}

/**
 * fwcall_int_buf() - Run a BIOS software interrupt with a buffer at ES:DI
 * @vector: the interrupt, as in "int @vector"
 * @regs: the registers, as for fwcall_int(); ES and DI are replaced by the
 *	bounce buffer's address before the call
 * @buf: what the BIOS is to find at ES:DI; on success, what it left there
 * @len: the length of @buf, 1 to %FWCALL_BUF_MAX bytes
 *
 * For the many services that take or fill a structure at ES:DI (E820h,
 * VBE, ...): copies @buf into the bounce buffer below 1 MiB, points ES:DI
 * at it, runs the interrupt and copies the bounce buffer back, all under
 * the lock that serialises BIOS calls.  Far pointers the BIOS returns
 * into the buffer can be resolved with fwcall_buf_offset() and read from
 * @buf, the copy taken under that lock.  Memory outside @buf is another
 * matter: once this returns, another call may have reused the bounce
 * buffer or the BIOS's scratch memory, so a pointer out of @buf cannot be
 * followed reliably afterwards (fwcall's VBE service follows its pointers
 * before it releases the lock).
 *
 * Context: Process context.  May sleep.
 * Return: as fwcall_int(), and -EINVAL for a NULL @buf or a bad @len;
 * @buf is left alone when the call fails.
 */
int fwcall_int_buf(u8 vector, struct fwcall_regs *regs, void *buf, size_t len)
{
	int err;

	if (!regs || !buf || !len || len > FWCALL_BUF_MAX)
		return -EINVAL;
	if (!fwcall_available())
		return -ENODEV;
	mutex_lock(&fwcall_mutex);
	err = fwcall_int_buf_locked(vector, regs, buf, len);
	mutex_unlock(&fwcall_mutex);
	return err;
}
EXPORT_SYMBOL_GPL(fwcall_int_buf);

/**
 * fwcall_buf_offset() - Where a real-mode far pointer points in the buffer
 * @farptr: a real-mode far pointer (segment << 16 | offset), as the BIOS
 *	returns them in structures
 * @len: the length of the buffer passed to fwcall_int_buf()
 *
 * Return: the offset in the buffer of the last fwcall_int_buf() call that
 * @farptr points to, or -ERANGE when it points elsewhere (beyond @len,
 * too, where the bounce buffer holds what other calls left).
 */
long fwcall_buf_offset(u32 farptr, size_t len)
{
	phys_addr_t addr = ((farptr >> 16) << 4) + (farptr & 0xffff);
	phys_addr_t start = fwcall_low_base + FWCALL_BOUNCE_OFFSET;

	if (!fwcall_low_base || addr < start || addr >= start + len)
		return -ERANGE;
	return addr - start;
}
EXPORT_SYMBOL_GPL(fwcall_buf_offset);

/*
 * Far-call the 32-bit BIOS entry @entry with fwcall_mutex held.  Every
 * path to the BIOS32 shim comes through here, the directory and the
 * services it finds as well as fwcall_bios32_call(): none leaves the BIOS
 * area.
 */
int fwcall_far_call_locked(u32 entry, struct fwcall_regs *regs)
{
	if (!fwcall_bios32_entry_ok(entry))
		return -EINVAL;
	/* The 32-bit entries are the PCI BIOS's, and the directory's */
	fwcall_hold_set(FWCALL_HOLD_PCI);
	return fwcall_thunk_call(fwcall_bios32_image, entry, regs);
}

/**
 * fwcall_bios32_call() - Far-call a 32-bit BIOS entry point
 * @entry: its physical address, in the BIOS area (0xE0000-0xFFFFF), as
 *	fwcall_bios32_service() finds them
 * @regs: the general registers to load (DS and ES are ignored: the entry
 *	runs with flat 32-bit segments); on success, those it returned
 *
 * Context: Process context.  May sleep.
 * Return: 0 when the entry returned, -EINVAL for a NULL @regs or an
 * @entry outside the BIOS area, -ENODEV when BIOS calls are unavailable,
 * or the error of the kexec_call that ran it.
 */
int fwcall_bios32_call(u32 entry, struct fwcall_regs *regs)
{
	int err;

	if (!regs || !fwcall_bios32_entry_ok(entry))
		return -EINVAL;
	if (!fwcall_available())
		return -ENODEV;
	mutex_lock(&fwcall_mutex);
	err = fwcall_far_call_locked(entry, regs);
	mutex_unlock(&fwcall_mutex);
	return err;
}
EXPORT_SYMBOL_GPL(fwcall_bios32_call);

/* The real-mode segment of the bounce buffer (offset 0 in it). */
u16 fwcall_bounce_seg(void)
{
	return (fwcall_low_base + FWCALL_BOUNCE_OFFSET) >> 4;
}
