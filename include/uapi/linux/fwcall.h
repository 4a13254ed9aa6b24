/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * /dev/fwcall: BIOS services on a running x86 kernel, through kexec_call.
 * See Documentation/driver-api/fwcall.rst.
 *
 * Every argument struct starts with its own size, which the caller sets to
 * sizeof(struct); a size the kernel does not know is refused with EINVAL,
 * so that structs can grow.  Named services need the device open (root);
 * FWCALL_IOC_INT, a raw software interrupt, also needs CAP_SYS_RAWIO and is
 * refused under kernel lockdown.
 */
#ifndef _UAPI_LINUX_FWCALL_H
#define _UAPI_LINUX_FWCALL_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define FWCALL_E820_MAX		128

/* One entry of the BIOS memory map */
struct fwcall_e820_range {
	__u64 addr;
	__u64 size;
	__u32 type;
	__u32 pad;
};

/* FWCALL_IOC_E820: the whole map, int 15h E820h */
struct fwcall_ioc_e820 {
	__u32 size;
	__u32 count;		/* in: room in entries (1..FWCALL_E820_MAX); out: used */
	__u64 entries;		/* user pointer to struct fwcall_e820_range[count] */
};

/* FWCALL_IOC_MEMSIZE: int 12h, int 15h E801h, int 11h */
struct fwcall_ioc_memsize {
	__u32 size;
	__u32 base_kb;		/* int 12h */
	__u32 e801_kb_1m_16m;	/* int 15h E801h */
	__u32 e801_blocks_16m_4g;
	__u32 equipment;	/* int 11h */
	__u32 pad;
};

/* FWCALL_IOC_RTC: the RTC through int 1Ah AH=02h/04h */
struct fwcall_ioc_rtc {
	__u32 size;
	__u32 year;		/* e.g. 2026 */
	__u32 month;		/* 1..12 */
	__u32 day;		/* 1..31 */
	__u32 hour;
	__u32 minute;
	__u32 second;
	__u32 pad;
};

/* FWCALL_IOC_PCIBIOS: PCI BIOS installation check, B101h */
struct fwcall_ioc_pcibios {
	__u32 size;
	__u8 mechanisms;
	__u8 major;
	__u8 minor;
	__u8 last_bus;
};

/* FWCALL_IOC_PCI_READ: one configuration register through the PCI BIOS */
struct fwcall_ioc_pci_read {
	__u32 size;
	__u32 bus;		/* 0..255 */
	__u32 devfn;		/* 0..255 */
	__u32 where;		/* 0..255, aligned to width */
	__u32 width;		/* 1, 2 or 4 */
	__u32 value;		/* out */
};

/* FWCALL_IOC_INT: a raw real-mode software interrupt (CAP_SYS_RAWIO) */
struct fwcall_ioc_int {
	__u32 size;
	__u32 vector;		/* 0..255 */
	__u32 eax, ebx, ecx, edx, esi, edi, ebp;
	__u32 eflags;		/* out */
	__u16 ds, es;
};

#define FWCALL_IOC_MAGIC	0xfc

#define FWCALL_IOC_E820		_IOWR(FWCALL_IOC_MAGIC, 1, struct fwcall_ioc_e820)
#define FWCALL_IOC_MEMSIZE	_IOWR(FWCALL_IOC_MAGIC, 2, struct fwcall_ioc_memsize)
#define FWCALL_IOC_RTC		_IOWR(FWCALL_IOC_MAGIC, 3, struct fwcall_ioc_rtc)
#define FWCALL_IOC_PCIBIOS	_IOWR(FWCALL_IOC_MAGIC, 4, struct fwcall_ioc_pcibios)
#define FWCALL_IOC_PCI_READ	_IOWR(FWCALL_IOC_MAGIC, 5, struct fwcall_ioc_pci_read)
#define FWCALL_IOC_INT		_IOWR(FWCALL_IOC_MAGIC, 6, struct fwcall_ioc_int)

#endif /* _UAPI_LINUX_FWCALL_H */
