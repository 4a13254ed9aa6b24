/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fwcall: BIOS services on a running x86 kernel, called natively through
 * kexec_call.  See Documentation/driver-api/fwcall.rst.
 */
#ifndef _LINUX_FWCALL_H
#define _LINUX_FWCALL_H

#include <linux/bits.h>
#include <linux/init.h>
#include <linux/types.h>
#include <uapi/linux/fwcall.h>

struct rtc_time;

/* The platform device of the display the video BIOS drives (vbedrm's) */
#define FWCALL_VBE_DISPLAY	"fwcall-vbe"

/* Flags of a VBE mode number (4F02h, 4F03h) */
#define FWCALL_VBE_MODE_LFB	BIT(14)	/* the linear frame buffer */
#define FWCALL_VBE_MODE_NOCLEAR	BIT(15)	/* keep the video memory */
/* Mode attributes (4F01h) */
#define FWCALL_VBE_ATTR_SUPPORTED	BIT(0)
#define FWCALL_VBE_ATTR_GRAPHICS	BIT(4)
#define FWCALL_VBE_ATTR_LFB		BIT(7)
/* Memory models (4F01h) */
#define FWCALL_VBE_MODEL_PACKED		4
#define FWCALL_VBE_MODEL_DIRECT		6

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
 * @attrs: the ACPI 3.0 extended attributes (bit 0 enabled, bit 1
 *	non-volatile) as the BIOS gave them; 0 when @has_attrs is false
 * @has_attrs: the BIOS reported 24 bytes or more in ECX, with @attrs
 *
 * The attributes are reported, not applied: like the boot code, fwcall
 * keeps entries whose "enabled" bit is clear, since BIOSes are known to
 * leave it clear on entries that are valid.
 */
struct fwcall_e820_entry {
	u64 addr;
	u64 size;
	u32 type;
	u32 attrs;
	bool has_attrs;
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

/**
 * struct fwcall_vbe_info - what VBE function 4F00h reports about the controller
 * @version: the VBE version, in BCD (0x0300 is 3.0)
 * @oem_software_rev: the OEM's software revision, in BCD (VBE 2.0 and later)
 * @capabilities: the capabilities of the controller (bit 0: DAC switchable
 *	to 8 bits per primary colour, ...)
 * @total_memory_kb: the video memory, in KiB
 * @mode_count: the number of entries in @modes
 * @modes: the mode numbers the BIOS lists, in its order
 * @oem_string: the OEM string, NUL-terminated (empty when the BIOS gives none)
 * @vendor: the OEM vendor name (VBE 2.0 and later)
 * @product: the OEM product name (VBE 2.0 and later)
 * @product_rev: the OEM product revision (VBE 2.0 and later)
 * @raw: the controller information block as the BIOS wrote it
 *
 * The strings and the mode list are followed out of the real-mode far
 * pointers of the block, into the block itself or the video BIOS's ROM.
 */
struct fwcall_vbe_info {
	u16 version;
	u16 oem_software_rev;
	u32 capabilities;
	u32 total_memory_kb;
	unsigned int mode_count;
	u16 modes[FWCALL_VBE_MAX_MODES];
	char oem_string[FWCALL_VBE_STR_MAX];
	char vendor[FWCALL_VBE_STR_MAX];
	char product[FWCALL_VBE_STR_MAX];
	char product_rev[FWCALL_VBE_STR_MAX];
	u8 raw[FWCALL_VBE_INFO_SIZE];
};

/**
 * struct fwcall_vbe_mode_info - what VBE function 4F01h reports about a mode
 * @attributes: the mode attributes (bit 0 supported, bit 4 graphics,
 *	bit 7 linear frame buffer available, ...)
 * @bytes_per_line: the length of a scan line in bytes
 * @x_res: the width, in pixels (characters in text modes)
 * @y_res: the height, in pixels (characters in text modes)
 * @bpp: bits per pixel
 * @memory_model: the memory model (0 text, 4 packed pixel, 6 direct colour, ...)
 * @red_size: the bits of red in a direct-colour pixel
 * @red_pos: the position of red's lowest bit
 * @green_size: the bits of green
 * @green_pos: the position of green's lowest bit
 * @blue_size: the bits of blue
 * @blue_pos: the position of blue's lowest bit
 * @phys_base: the physical address of the linear frame buffer (VBE 2.0)
 * @lin_bytes_per_line: the length of a scan line in the linear frame
 *	buffer (VBE 3.0; 0 from an older BIOS, which uses @bytes_per_line)
 * @raw: the mode information block as the BIOS wrote it
 */
struct fwcall_vbe_mode_info {
	u16 attributes;
	u16 bytes_per_line;
	u16 x_res;
	u16 y_res;
	u8 bpp;
	u8 memory_model;
	u8 red_size;
	u8 red_pos;
	u8 green_size;
	u8 green_pos;
	u8 blue_size;
	u8 blue_pos;
	u32 phys_base;
	u16 lin_bytes_per_line;
	u8 raw[FWCALL_VBE_MODE_SIZE];
};

#ifdef CONFIG_FWCALL_LOW
void __init fwcall_reserve_low(void);
#else
static inline void fwcall_reserve_low(void) { }
#endif

#if IS_ENABLED(CONFIG_FWCALL)
bool fwcall_available(void);
int fwcall_int(u8 vector, struct fwcall_regs *regs);
int fwcall_int_buf(u8 vector, struct fwcall_regs *regs, void *buf, size_t len);
long fwcall_buf_offset(u32 farptr, size_t len);
int fwcall_bios32_call(u32 entry, struct fwcall_regs *regs);
int fwcall_e820(struct fwcall_e820_entry *map, unsigned int max);
int fwcall_base_memory_kb(void);
int fwcall_equipment(void);
int fwcall_e801(u32 *kb_1m_16m, u32 *blocks_16m_4g);
int fwcall_rtc_time(struct rtc_time *tm);
int fwcall_vbe_controller_info(struct fwcall_vbe_info *info);
int fwcall_vbe_mode_info(u16 mode, struct fwcall_vbe_mode_info *info);
int fwcall_vbe_set_mode(u16 mode);
int fwcall_vbe_get_mode(u16 *mode);
int fwcall_vga_set_mode(u8 mode);
u32 fwcall_bios32_directory(void);
int fwcall_bios32_service(u32 id, u32 *entry);
int fwcall_pcibios_check(struct fwcall_pcibios_info *info);
int fwcall_pcibios_read_config(u8 bus, u8 devfn, unsigned int where,
			       unsigned int size, u32 *val);
#endif

#endif /* _LINUX_FWCALL_H */
