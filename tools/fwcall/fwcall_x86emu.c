// SPDX-License-Identifier: GPL-2.0
/*
 * Raw BIOS calls run by an x86 emulator (libx86emu) instead of natively:
 * over a private copy of the first MiB read from /dev/mem once (the
 * interrupt vectors, the BIOS data areas and ROMs), with port I/O done on
 * the real ports (iopl(3)), so the BIOS code reads the same devices as a
 * native call.  Pages of RAM that /dev/mem refuses (CONFIG_STRICT_DEVMEM
 * shows them as zeros) hold no BIOS code or data.  What the BIOS writes
 * stays in the copy, from one call to the next, as on a machine.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <unistd.h>
#include <x86emu.h>

#include "fwcall_x86emu.h"

#define LOW_MEM		0x100000
#define CODE_ADDR	0x600		/* "int N; hlt", in the copy only */
#define STACK_TOP	0x7000
#define TIMEOUT_S	10

struct fwcall_x86emu {
	x86emu_t *emu;
	unsigned char *mem;
};

static x86emu_memio_handler_t memio_default;

/*
 * Port I/O on the real ports.  libx86emu does real I/O only when EFLAGS
 * shows IOPL 3, which Linux no longer sets for iopl(3) (it grants an I/O
 * bitmap instead), so the ports are done here and memory is left to the
 * library.
 */
static unsigned int memio(x86emu_t *emu, u32 addr, u32 *val, unsigned int type)
{
	unsigned int width = type & 0xff;

	switch (type & ~0xffu) {
	case X86EMU_MEMIO_I:
		*val = width == X86EMU_MEMIO_8 ? inb(addr) :
		       width == X86EMU_MEMIO_16 ? inw(addr) : inl(addr);
		return 0;
	case X86EMU_MEMIO_O:
		if (width == X86EMU_MEMIO_8)
			outb(*val, addr);
		else if (width == X86EMU_MEMIO_16)
			outw(*val, addr);
		else
			outl(*val, addr);
		return 0;
	default:
		return memio_default(emu, addr, val, type);
	}
}

/* The first MiB as /dev/mem shows it; pages it refuses stay zero. */
static int read_low_mem(unsigned char *mem)
{
	int fd = open("/dev/mem", O_RDONLY);
	unsigned int addr;

	if (fd < 0)
		return -1;
	for (addr = 0; addr < LOW_MEM; addr += X86EMU_PAGE_SIZE)
		if (pread(fd, mem + addr, X86EMU_PAGE_SIZE, addr) != X86EMU_PAGE_SIZE)
			memset(mem + addr, 0, X86EMU_PAGE_SIZE);
	close(fd);
	return 0;
}

/* Set up the emulator over the first MiB; NULL with errno on failure. */
struct fwcall_x86emu *fwcall_x86emu_open(void)
{
	struct fwcall_x86emu *fe = calloc(1, sizeof(*fe));
	unsigned int addr;

	if (!fe)
		return NULL;
	fe->mem = malloc(LOW_MEM);
	if (!fe->mem || iopl(3) || read_low_mem(fe->mem))
		goto err;
	fe->emu = x86emu_new(X86EMU_PERM_RWX, X86EMU_PERM_RW);
	if (!fe->emu)
		goto err;
	for (addr = 0; addr < LOW_MEM; addr += X86EMU_PAGE_SIZE)
		x86emu_set_page(fe->emu, addr, fe->mem + addr);
	x86emu_set_perm(fe->emu, 0, LOW_MEM - 1, X86EMU_PERM_RWX | X86EMU_PERM_VALID);
	memio_default = x86emu_set_memio_handler(fe->emu, memio);
	return fe;
err:
	free(fe->mem);
	free(fe);
	return NULL;
}

void fwcall_x86emu_close(struct fwcall_x86emu *fe)
{
	if (!fe)
		return;
	x86emu_done(fe->emu);
	free(fe->mem);
	free(fe);
}

/*
 * Run @c as "int vector" at 0:CODE_ADDR, its buffer at ES:DI; @c gets the
 * registers and buffer the BIOS returned.  0, or -1 with a message.
 */
int fwcall_x86emu_call(struct fwcall_x86emu *fe, struct fwcall_cli_call *c)
{
	unsigned int buf_addr = c->es * 16 + (c->regs.edi & 0xffff);
	unsigned char *mem = fe->mem;
	x86emu_t *emu = fe->emu;
	unsigned int stop;

	if (c->buf_len) {
		if (buf_addr + c->buf_len > LOW_MEM) {
			fprintf(stderr, "fwcall-emu: buffer above 1 MiB\n");
			return -1;
		}
		memcpy(mem + buf_addr, c->buf, c->buf_len);
	}
	mem[CODE_ADDR] = 0xcd;		/* int imm8 */
	mem[CODE_ADDR + 1] = c->vector;
	mem[CODE_ADDR + 2] = 0xf4;	/* hlt */

	emu->x86.R_EAX = c->regs.eax;
	emu->x86.R_EBX = c->regs.ebx;
	emu->x86.R_ECX = c->regs.ecx;
	emu->x86.R_EDX = c->regs.edx;
	emu->x86.R_ESI = c->regs.esi;
	emu->x86.R_EDI = c->regs.edi;
	emu->x86.R_EBP = c->regs.ebp;
	emu->x86.R_ESP = STACK_TOP;
	emu->x86.R_EIP = CODE_ADDR;
	emu->x86.R_EFLG = 0x2;
	x86emu_set_seg_register(emu, emu->x86.R_CS_SEL, 0);
	x86emu_set_seg_register(emu, emu->x86.R_SS_SEL, 0);
	x86emu_set_seg_register(emu, emu->x86.R_DS_SEL, c->ds);
	x86emu_set_seg_register(emu, emu->x86.R_ES_SEL, c->es);
	emu->timeout = TIMEOUT_S;

	stop = x86emu_run(emu, X86EMU_RUN_LOOP | X86EMU_RUN_TIMEOUT);
	if ((stop & X86EMU_RUN_TIMEOUT) ||
	    emu->x86.R_CS != 0 || emu->x86.R_EIP != CODE_ADDR + 3) {
		fprintf(stderr, "fwcall-emu: stopped at %04x:%08x (reason %#x)\n",
			emu->x86.R_CS, emu->x86.R_EIP, stop);
		return -1;
	}
	c->regs.eax = emu->x86.R_EAX;
	c->regs.ebx = emu->x86.R_EBX;
	c->regs.ecx = emu->x86.R_ECX;
	c->regs.edx = emu->x86.R_EDX;
	c->regs.esi = emu->x86.R_ESI;
	c->regs.edi = emu->x86.R_EDI;
	c->regs.ebp = emu->x86.R_EBP;
	c->regs.eflags = emu->x86.R_EFLG;
	c->ds = emu->x86.R_DS;
	c->es = emu->x86.R_ES;
	if (c->buf_len)
		memcpy(c->buf, mem + buf_addr, c->buf_len);
	return 0;
}
