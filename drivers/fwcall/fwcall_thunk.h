/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The low-memory region of fwcall, shared by the C side and the real-mode
 * thunk (fwcall_thunk.S).  The region is FWCALL_LOW_SIZE bytes, page
 * aligned, below 1 MiB, and addressed in real mode as segment base >> 4:
 *
 *   0x0000  the thunk's code, then at FWCALL_THUNK_DATA its data
 *   0x1000  the real-mode stack, growing down from FWCALL_THUNK_STACK_TOP
 *   0x2000  the bounce buffer, up to the end of the region
 */
#ifndef _FWCALL_THUNK_H
#define _FWCALL_THUNK_H

#include <asm/kexec_call.h>

#define FWCALL_LOW_SIZE			0x8000
#define FWCALL_THUNK_STACK_TOP		0x2000
#define FWCALL_BOUNCE_OFFSET		0x2000
#define FWCALL_BOUNCE_SIZE		(FWCALL_LOW_SIZE - FWCALL_BOUNCE_OFFSET)

/* The thunk's data, at fixed offsets from the start of the region */
#define FWCALL_THUNK_DATA		0x800
#define FWCALL_THUNK_REGS		(FWCALL_THUNK_DATA + 0x00)	/* struct fwcall_regs */
#define FWCALL_THUNK_GDT_DESC		(FWCALL_THUNK_DATA + 0x40)	/* limit, base */
#define FWCALL_THUNK_RM_IDT		(FWCALL_THUNK_DATA + 0x4a)	/* limit, base */
#define FWCALL_THUNK_PM32		(FWCALL_THUNK_DATA + 0x50)	/* offset, selector */
#define FWCALL_THUNK_SAVED_ESP		(FWCALL_THUNK_DATA + 0x58)
#define FWCALL_THUNK_BASE		(FWCALL_THUNK_DATA + 0x5c)	/* the region's address */
#define FWCALL_THUNK_RM_SEG		(FWCALL_THUNK_DATA + 0x60)	/* its real-mode segment */
#define FWCALL_THUNK_NMIS		(FWCALL_THUNK_DATA + 0x64)	/* real-mode NMIs */
#define FWCALL_THUNK_SAVED_NMI		(FWCALL_THUNK_DATA + 0x68)	/* the BIOS's IVT[2] */
#define FWCALL_THUNK_ABORT		(FWCALL_THUNK_DATA + 0x6c)	/* the watch's abort flag */
#define FWCALL_THUNK_PM_IDT		(FWCALL_THUNK_DATA + 0x70)	/* kexec_call's IDTR */
#define FWCALL_THUNK_XIDT_DESC		(FWCALL_THUNK_DATA + 0x78)	/* limit, base */
#define FWCALL_THUNK_GDT		(FWCALL_THUNK_DATA + 0x80)	/* up to 16 descriptors */
#define FWCALL_THUNK_XIDT		(FWCALL_THUNK_DATA + 0x100)	/* the transition IDT */
#define FWCALL_THUNK_ABORT_AT		(FWCALL_THUNK_DATA + 0x118)	/* offset, segment */
#define FWCALL_THUNK_DATA_END		(FWCALL_THUNK_DATA + 0x11c)

/*
 * The transition IDT, loaded while the CPU crosses between real mode and
 * 16-bit protected mode, in either direction: the NMI entry of a real-mode
 * interrupt vector table (a far pointer at byte 8) and, at byte 16, the
 * NMI gate of a protected-mode IDT (a 16-bit interrupt gate).  The two
 * views do not overlap.
 */
#define FWCALL_XIDT_RM_NMI		(2 * 4)
#define FWCALL_XIDT_PM_NMI		(2 * 8)
#define FWCALL_XIDT_SIZE		(FWCALL_XIDT_PM_NMI + 8)

/* Offsets in struct fwcall_regs */
#define FWCALL_REGS_EAX			0x00
#define FWCALL_REGS_EBX			0x04
#define FWCALL_REGS_ECX			0x08
#define FWCALL_REGS_EDX			0x0c
#define FWCALL_REGS_ESI			0x10
#define FWCALL_REGS_EDI			0x14
#define FWCALL_REGS_EBP			0x18
#define FWCALL_REGS_EFLAGS		0x1c
#define FWCALL_REGS_DS			0x20
#define FWCALL_REGS_ES			0x22

/*
 * The thunk's GDT.  Its 32-bit code and data selectors are those of the
 * kexec_call trampoline (KEXEC_CALL_CS32, KEXEC_CALL_DS32, which differ
 * between i386 and x86_64), so the trampoline's gates stay valid while the
 * thunk's GDT is loaded; the 16-bit ones follow them.
 */
#define FWCALL_CS32			KEXEC_CALL_CS32
#define FWCALL_DS32			KEXEC_CALL_DS32
#define FWCALL_CS16			(KEXEC_CALL_DS32 + 8)
#define FWCALL_DS16			(KEXEC_CALL_DS32 + 16)
#define FWCALL_GDT_ENTRIES		(FWCALL_DS16 / 8 + 1)

#endif /* _FWCALL_THUNK_H */
