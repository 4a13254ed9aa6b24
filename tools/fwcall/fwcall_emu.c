// SPDX-License-Identifier: GPL-2.0
/*
 * fwcall-emu: the same raw BIOS call as `fwcall int`, run by an x86
 * emulator (libx86emu, see fwcall_x86emu.c) instead of natively, for
 * differential tests.
 *
 *   fwcall-emu int VECTOR [REG=VALUE]... [buf=LENGTH [in=HEX]]
 *
 * A buffer goes at ES:DI as with fwcall, at the ES given (use the segment
 * /dev/fwcall used, and its far pointers into the buffer compare equal).
 * Prints what fwcall prints.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fwcall_x86emu.h"

int main(int argc, char **argv)
{
	struct fwcall_x86emu *fe;
	struct fwcall_cli_call c;
	int ret;

	if (argc < 3 || strcmp(argv[1], "int") ||
	    fwcall_cli_parse(&c, argc - 2, argv + 2)) {
		fputs("usage: fwcall-emu int", stderr);
		fwcall_cli_usage_regs(stderr);
		return 2;
	}
	fe = fwcall_x86emu_open();
	if (!fe) {
		fprintf(stderr, "fwcall-emu: %s\n", strerror(errno));
		return 1;
	}
	ret = fwcall_x86emu_call(fe, &c);
	if (!ret)
		fwcall_cli_print(stdout, &c, false);
	fwcall_x86emu_close(fe);
	free(c.buf);
	return ret ? 1 : 0;
}
