/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fwcall: BIOS services on a running x86 kernel, called natively through
 * kexec_call.  See Documentation/driver-api/fwcall.rst.
 */
#ifndef _LINUX_FWCALL_H
#define _LINUX_FWCALL_H

#include <linux/init.h>
#include <linux/types.h>

struct rtc_time;

/**
 * struct fwcall_regs - registers for a real-mode software interrupt
 * @eax: EAX in and out
 * @ebx: EBX in and out
 * @ecx: ECX in and out
 * @edx: EDX in and out
 * @esi: ESI in and out
 * @edi: EDI in and out
 * @ebp: EBP in and out
 * @eflags: EFLAGS as the BIOS returned them (CF is the usual error flag);
 *	ignored on the way in
 * @ds: DS in and out
 * @es: ES in and out
 *
 * The layout is shared with the real-mode thunk (fwcall_thunk.S).
 */
struct fwcall_regs {
	u32 eax;
	u32 ebx;
	u32 ecx;
	u32 edx;
	u32 esi;
	u32 edi;
	u32 ebp;
	u32 eflags;
	u16 ds;
	u16 es;
};

/**
 * struct fwcall_e820_entry - one entry of the BIOS memory map (int 15h E820h)
 * @addr: start of the range
 * @size: its length in bytes
 * @type: its type (1 usable RAM, 2 reserved, 3 ACPI data, 4 ACPI NVS, ...)
 */
struct fwcall_e820_entry {
	u64 addr;
	u64 size;
	u32 type;
};

/**
 * struct fwcall_pcibios_info - what the PCI BIOS installation check reports
 * @mechanisms: the configuration mechanisms supported (bit 0: #1, bit 1: #2)
 * @major: the PCI interface level, major (BCD)
 * @minor: the PCI interface level, minor (BCD)
 * @last_bus: the highest bus number in the system
 */
struct fwcall_pcibios_info {
	u8 mechanisms;
	u8 major;
	u8 minor;
	u8 last_bus;
};

#ifdef CONFIG_FWCALL
void __init fwcall_reserve_low(void);
bool fwcall_available(void);
int fwcall_int(u8 vector, struct fwcall_regs *regs);
int fwcall_e820(struct fwcall_e820_entry *map, unsigned int max);
int fwcall_base_memory_kb(void);
int fwcall_equipment(void);
int fwcall_e801(u32 *kb_1m_16m, u32 *blocks_16m_4g);
int fwcall_rtc_time(struct rtc_time *tm);
u32 fwcall_bios32_directory(void);
int fwcall_bios32_service(u32 id, u32 *entry);
int fwcall_pcibios_check(struct fwcall_pcibios_info *info);
int fwcall_pcibios_read_config(u8 bus, u8 devfn, unsigned int where,
			       unsigned int size, u32 *val);
#else
static inline void fwcall_reserve_low(void) { }
#endif

#endif /* _LINUX_FWCALL_H */
