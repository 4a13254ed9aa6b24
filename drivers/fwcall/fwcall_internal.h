/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internals of drivers/fwcall shared between its files and its KUnit suite.
 */
#ifndef _FWCALL_INTERNAL_H
#define _FWCALL_INTERNAL_H

#include <linux/types.h>

#include "fwcall_thunk.h"

/* The system BIOS's area, where BIOS32 entry points lie */
#define FWCALL_BIOS_AREA_START	0xe0000

/*
 * The deadline of a BIOS call.  The services fwcall offers return within
 * milliseconds; a BIOS that waits for something that cannot come (a key
 * with interrupts blocked, a delay timed by an interrupt) is aborted well
 * before the lockup detectors would notice the CPU.
 */
#define FWCALL_DEADLINE_MS	1000

struct fwcall_regs;
struct mutex;

extern phys_addr_t fwcall_low_base;
extern struct mutex fwcall_mutex;

void *fwcall_low(unsigned int offset);
int fwcall_int_locked(u8 vector, struct fwcall_regs *regs);
bool fwcall_int_vector_allowed(u32 vector);
int fwcall_far_call_locked(u32 entry, struct fwcall_regs *regs);
u16 fwcall_bounce_seg(void);
int fwcall_sysfs_init(void);
#if IS_ENABLED(CONFIG_KUNIT)
int fwcall_dev_pci_read(u8 bus, u8 devfn, unsigned int where,
			unsigned int width, bool admin, u32 *val);
const char *fwcall_e820_type_name(u32 type);
void fwcall_ascii_sanitise(char *dst, const char *src, size_t size);
#endif

#endif /* _FWCALL_INTERNAL_H */
