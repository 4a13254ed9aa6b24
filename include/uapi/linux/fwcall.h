/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * /dev/fwcall: BIOS services on a running x86 kernel, through kexec_call.
 * See Documentation/driver-api/fwcall.rst.
 *
 * Every argument struct starts with its own size, which the caller sets
 * to sizeof(struct) as its header knows it.  The command numbers do not
 * encode a size (_IO, as iommufd's), so they stay the same when a struct
 * grows at its end, and the kernel takes the caller's size as
 * copy_struct_from_user() does: a size below the struct's first version
 * (FWCALL_*_SIZE_VER0) is EINVAL; fields an older caller's struct lacks
 * read as zero; bytes of a newer caller's struct beyond the kernel's must
 * be zero, or the call fails with E2BIG; the kernel writes back at most
 * the caller's size.  Pad fields and flags the kernel does not know must
 * be zero (EINVAL).
 *
 * Errors: EFAULT is a bad user pointer only; a BIOS that raised an
 * exception is EIO, one that overran its deadline ETIMEDOUT, a service
 * the BIOS does not have ENODEV (ENOENT for an unknown BIOS32 service or
 * VBE mode).
 *
 * Named services need the device open (root).  The raw calls,
 * FWCALL_IOC_INT (a software interrupt in real mode) and
 * FWCALL_IOC_BIOS32_CALL (a far call to a 32-bit BIOS entry), can write
 * any physical memory: they exist only with CONFIG_FWCALL_RAW (ENOTTY
 * otherwise), need CAP_SYS_RAWIO, and are refused (EPERM) under kernel
 * lockdown and where /dev/mem's strict checks apply (CONFIG_STRICT_DEVMEM
 * without iomem=relaxed).
 */
#ifndef _UAPI_LINUX_FWCALL_H
#define _UAPI_LINUX_FWCALL_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define FWCALL_BUF_MAX		16384	/* largest FWCALL_IOC_INT buffer */
#define FWCALL_VBE_MAX_MODES	256
#define FWCALL_VBE_STR_MAX	64
#define FWCALL_VBE_INFO_SIZE	512	/* the 4F00h block */
#define FWCALL_VBE_MODE_SIZE	256	/* the 4F01h block */

/* One entry of the BIOS memory map (written by the kernel) */
struct fwcall_e820_range {
	__u64 addr;
	__u64 size;
	__u32 type;
	__u32 attrs;		/* ACPI 3.0 extended attributes, with FWCALL_E820_ATTRS */
	__u32 flags;		/* FWCALL_E820_* */
	__u32 pad;		/* 0 */
};

/*
 * The BIOS reported 24 bytes or more: attrs holds its ACPI 3.0 extended
 * attributes (bit 0 enabled, bit 1 non-volatile), as the BIOS gave them.
 * Without it the BIOS reported fewer than 24 bytes (the entry is still
 * taken, as the kernel's boot code takes it) and attrs is 0.
 */
#define FWCALL_E820_ATTRS	(1U << 0)

/*
 * FWCALL_IOC_E820: the whole map, int 15h E820h, however long.  With too
 * little room (count 0 included) the call fails with E2BIG and count is
 * the number of entries needed.
 */
struct fwcall_ioc_e820 {
	__u32 size;
	__u32 count;		/* in: room in entries; out: used, or needed (E2BIG) */
	__u64 entries;		/* user pointer to struct fwcall_e820_range[count] */
};

#define FWCALL_E820_SIZE_VER0	16

/*
 * FWCALL_IOC_MEMSIZE: int 12h, int 15h E801h, int 11h.  Each answer the
 * BIOS gives is returned with its FWCALL_MEMSIZE_* flag set; one it does
 * not give reads 0 with its flag clear.  The call fails only when none
 * of the three could be read.
 */
struct fwcall_ioc_memsize {
	__u32 size;
	__u32 flags;		/* in: 0; out: FWCALL_MEMSIZE_* */
	__u32 base_kb;		/* int 12h */
	__u32 e801_kb_1m_16m;	/* int 15h E801h */
	__u32 e801_blocks_16m_4g;
	__u32 equipment;	/* int 11h */
};

#define FWCALL_MEMSIZE_BASE	(1U << 0)	/* base_kb is valid */
#define FWCALL_MEMSIZE_E801	(1U << 1)	/* both e801_* are valid */
#define FWCALL_MEMSIZE_EQUIPMENT (1U << 2)	/* equipment is valid */

#define FWCALL_MEMSIZE_SIZE_VER0 24

/* FWCALL_IOC_RTC: the RTC through int 1Ah AH=02h/04h */
struct fwcall_ioc_rtc {
	__u32 size;
	__u32 year;		/* e.g. 2026 */
	__u32 month;		/* 1..12 */
	__u32 day;		/* 1..31 */
	__u32 hour;
	__u32 minute;
	__u32 second;
	__u32 pad;		/* 0 */
};

#define FWCALL_RTC_SIZE_VER0	32

/* FWCALL_IOC_PCIBIOS: PCI BIOS installation check, B101h */
struct fwcall_ioc_pcibios {
	__u32 size;
	__u8 mechanisms;
	__u8 major;
	__u8 minor;
	__u8 last_bus;
};

#define FWCALL_PCIBIOS_SIZE_VER0 8

/*
 * FWCALL_IOC_PCI_READ: one configuration register through the PCI BIOS,
 * with the rules of /sys/bus/pci/devices/.../config: registers beyond the
 * first 64 bytes (128 for a CardBus bridge) need CAP_SYS_ADMIN (EPERM),
 * and a device in D3cold that cannot be woken is not read (EIO).  The
 * PCI BIOS reaches PCI domain 0 only.
 */
struct fwcall_ioc_pci_read {
	__u32 size;
	__u32 bus;		/* 0..255 */
	__u32 devfn;		/* 0..255 */
	__u32 where;		/* 0..255, aligned to width */
	__u32 width;		/* 1, 2 or 4 */
	__u32 value;		/* out */
};

#define FWCALL_PCI_READ_SIZE_VER0 24

/* FWCALL_IOC_VBE_INFO: VBE controller information, int 10h AX=4F00h */
struct fwcall_ioc_vbe_info {
	__u32 size;
	__u16 version;		/* BCD, 0x0300 for VBE 3.0 */
	__u16 oem_software_rev;
	__u32 capabilities;
	__u32 total_memory_kb;
	__u32 mode_count;	/* entries used in modes */
	__u16 modes[FWCALL_VBE_MAX_MODES];
	char oem_string[FWCALL_VBE_STR_MAX];	/* NUL-terminated */
	char vendor[FWCALL_VBE_STR_MAX];
	char product[FWCALL_VBE_STR_MAX];
	char product_rev[FWCALL_VBE_STR_MAX];
	__u8 raw[FWCALL_VBE_INFO_SIZE];	/* the block as the BIOS wrote it */
};

#define FWCALL_VBE_INFO_SIZE_VER0 1300

/* FWCALL_IOC_VBE_MODE: VBE mode information, int 10h AX=4F01h */
struct fwcall_ioc_vbe_mode {
	__u32 size;
	__u16 mode;		/* in: a mode number from the list */
	__u16 attributes;
	__u16 bytes_per_line;
	__u16 x_res;
	__u16 y_res;
	__u8 bpp;
	__u8 memory_model;
	__u32 phys_base;	/* linear frame buffer */
	__u8 raw[FWCALL_VBE_MODE_SIZE];	/* the block as the BIOS wrote it */
};

#define FWCALL_VBE_MODE_SIZE_VER0 276

/* FWCALL_IOC_BIOS32_SERVICE: look a service up in the BIOS32 directory */
struct fwcall_ioc_bios32_service {
	__u32 size;
	__u32 id;		/* e.g. 0x49435024, "$PCI" */
	__u32 directory;	/* out: the directory's entry point */
	__u32 entry;		/* out: the service's entry point */
};

#define FWCALL_BIOS32_SERVICE_SIZE_VER0 16

/* The general registers of a raw call, in and out */
struct fwcall_ioc_regs {
	__u32 eax, ebx, ecx, edx, esi, edi, ebp;
	__u32 eflags;		/* out */
};

/* FWCALL_IOC_INT: a raw real-mode software interrupt (see above) */
struct fwcall_ioc_int {
	__u32 size;
	__u32 vector;		/* 0..255 */
	struct fwcall_ioc_regs regs;
	__u16 ds, es;
	__u32 flags;		/* FWCALL_INT_* */
	__u32 buf_len;		/* with FWCALL_INT_BUF: 1..FWCALL_BUF_MAX, else 0 */
	__u32 pad;		/* 0 */
	__u64 buf;		/* with FWCALL_INT_BUF: user pointer, else 0 */
};

#define FWCALL_INT_SIZE_VER0	64

/*
 * Copy buf_len bytes at buf into a buffer below 1 MiB, point ES:DI at it
 * for the call (replacing es and edi) and copy it back to buf after.
 */
#define FWCALL_INT_BUF		(1U << 0)

/* FWCALL_IOC_BIOS32_CALL: far-call a 32-bit BIOS entry (see above) */
struct fwcall_ioc_bios32_call {
	__u32 size;
	__u32 entry;		/* physical, 0xe0000..0xfffff */
	struct fwcall_ioc_regs regs;	/* segments are flat */
};

#define FWCALL_BIOS32_CALL_SIZE_VER0 40

/* Registered in Documentation/userspace-api/ioctl/ioctl-number.rst */
#define FWCALL_IOC_MAGIC	0xfc

/* The argument's size is its first field, not part of the number */
#define FWCALL_IOC_E820			_IO(FWCALL_IOC_MAGIC, 1)
#define FWCALL_IOC_MEMSIZE		_IO(FWCALL_IOC_MAGIC, 2)
#define FWCALL_IOC_RTC			_IO(FWCALL_IOC_MAGIC, 3)
#define FWCALL_IOC_PCIBIOS		_IO(FWCALL_IOC_MAGIC, 4)
#define FWCALL_IOC_PCI_READ		_IO(FWCALL_IOC_MAGIC, 5)
#define FWCALL_IOC_INT			_IO(FWCALL_IOC_MAGIC, 6)
#define FWCALL_IOC_VBE_INFO		_IO(FWCALL_IOC_MAGIC, 7)
#define FWCALL_IOC_VBE_MODE		_IO(FWCALL_IOC_MAGIC, 8)
#define FWCALL_IOC_BIOS32_SERVICE	_IO(FWCALL_IOC_MAGIC, 9)
#define FWCALL_IOC_BIOS32_CALL		_IO(FWCALL_IOC_MAGIC, 10)

#endif /* _UAPI_LINUX_FWCALL_H */
