/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internals of drivers/fwcall shared between its files and its KUnit suite.
 */
#ifndef _FWCALL_INTERNAL_H
#define _FWCALL_INTERNAL_H

#include <linux/bits.h>
#include <linux/types.h>

#include "fwcall_thunk.h"

/* The system BIOS's area, where BIOS32 entry points lie */
#define FWCALL_BIOS_AREA_START	0xe0000
#define FWCALL_BIOS_AREA_END	0x100000

/*
 * The most entries an E820h walk reads before it calls the BIOS's chain
 * endless: well above the most the kernel itself keeps (E820_MAX_ENTRIES,
 * 3200 with 1024 NUMA nodes), so that it bounds a looping BIOS, not a map.
 */
#define FWCALL_E820_LIMIT	8192

/*
 * The deadline of a BIOS call.  The services fwcall offers return within
 * milliseconds; a BIOS that waits for something that cannot come (a key
 * with interrupts blocked, a delay timed by an interrupt) is aborted well
 * before the lockup detectors would notice the CPU.
 */
#define FWCALL_DEADLINE_MS	1000

/* The kernel's locks a BIOS call holds across its window (fwcall_hold.c) */
#define FWCALL_HOLD_PCI		BIT(0)	/* pci_config_lock: ports CF8h/CFCh */
#define FWCALL_HOLD_RTC		BIT(1)	/* rtc_lock: ports 70h/71h */

struct fwcall_e820_entry;
struct fwcall_regs;
struct kimage;
struct mutex;

/**
 * struct fwcall_bios_area - a copy of what a PC BIOS leaves in low memory
 * @ivt: the real-mode interrupt vector table at 0, one far pointer
 *	(segment << 16 | offset) per vector
 * @bda: the BIOS data area at 400h
 * @reset: the last 16 bytes of the system ROM, at FFFF0h: the reset vector
 */
struct fwcall_bios_area {
	u32 ivt[256];
	u8 bda[256];
	u8 reset[16];
};

/**
 * enum fwcall_bios_verdict - what fwcall_bios_check() found
 * @FWCALL_BIOS_OK: it looks like a PC BIOS's
 * @FWCALL_BIOS_NO_ROM: no far jump into the system ROM at FFFF0h
 * @FWCALL_BIOS_BASE_MEM: the base memory size is not within 128-640 KiB
 * @FWCALL_BIOS_EBDA: the EBDA segment is set but not within 128-640 KiB
 * @FWCALL_BIOS_VECTOR_UNSET: a BIOS service vector (10h-1Ah) is 0000:0000
 * @FWCALL_BIOS_VECTOR_OUTSIDE: a vector points outside the ROMs and EBDA
 */
enum fwcall_bios_verdict {
	FWCALL_BIOS_OK,
	FWCALL_BIOS_NO_ROM,
	FWCALL_BIOS_BASE_MEM,
	FWCALL_BIOS_EBDA,
	FWCALL_BIOS_VECTOR_UNSET,
	FWCALL_BIOS_VECTOR_OUTSIDE,
};

extern phys_addr_t fwcall_low_base;
extern struct mutex fwcall_mutex;

void *fwcall_low(unsigned int offset);
int fwcall_int_locked(u8 vector, struct fwcall_regs *regs);
int fwcall_int_buf_locked(u8 vector, struct fwcall_regs *regs, void *buf,
			  size_t len);
bool fwcall_int_vector_allowed(u32 vector);
int fwcall_far_call_locked(u32 entry, struct fwcall_regs *regs);
u16 fwcall_bounce_seg(void);
unsigned int fwcall_hold_for_int(u8 vector, u32 eax);
void fwcall_hold_set(unsigned int what);
int fwcall_hold_init(struct kimage *image);
int fwcall_sysfs_init(void);
void fwcall_sysfs_exit(void);
int fwcall_dev_init(void);
void fwcall_dev_exit(void);
void fwcall_vbe_display_init(void);
void fwcall_vbe_display_exit(void);
bool fwcall_low_devmem_exclusive(void);
struct fwcall_e820_entry *fwcall_e820_alloc(unsigned int *count);

/**
 * fwcall_bios32_entry_ok() - Whether a 32-bit BIOS entry may be called
 * @entry: its physical address, 64 bits wide so that a sum that overflowed
 *	32 bits is seen as such
 *
 * Return: true when @entry lies in the system BIOS's area,
 * 0xE0000-0xFFFFF.
 */
static inline bool fwcall_bios32_entry_ok(u64 entry)
{
	return entry >= FWCALL_BIOS_AREA_START && entry < FWCALL_BIOS_AREA_END;
}

#if IS_ENABLED(CONFIG_KUNIT)
int fwcall_dev_pci_read(u8 bus, u8 devfn, unsigned int where,
			unsigned int width, bool admin, u32 *val);
const char *fwcall_e820_type_name(u32 type);
int fwcall_e820_decode(const struct fwcall_regs *regs, const void *buf,
		       struct fwcall_e820_entry *entry);
int fwcall_e801_decode(const struct fwcall_regs *regs, u32 *kb_1m_16m,
		       u32 *blocks_16m_4g);
int fwcall_bios32_service_entry(u32 base, u32 length, u32 offset, u32 *entry);
long fwcall_vbe_fetch(u32 farptr, const u8 *block, size_t block_len,
		      void *dst, size_t len);
void fwcall_ascii_sanitise(char *dst, const char *src, size_t size);
#endif

#if IS_ENABLED(CONFIG_KUNIT)
int fwcall_parse_param(const char *arg, bool *off);
enum fwcall_bios_verdict fwcall_bios_check(const struct fwcall_bios_area *area,
					   unsigned int *vector);
#endif

#endif /* _FWCALL_INTERNAL_H */
