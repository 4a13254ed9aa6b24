/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Raw BIOS calls run by libx86emu over a copy of the first MiB, for
 * fwcall-emu and fwcall_bench.
 */
#ifndef FWCALL_X86EMU_H
#define FWCALL_X86EMU_H

#include "fwcall_regs.h"

struct fwcall_x86emu;

struct fwcall_x86emu *fwcall_x86emu_open(void);
int fwcall_x86emu_call(struct fwcall_x86emu *fe, struct fwcall_cli_call *c);
void fwcall_x86emu_close(struct fwcall_x86emu *fe);

#endif /* FWCALL_X86EMU_H */
