// SPDX-License-Identifier: GPL-2.0
/*
 * fwcall-emu: the same raw BIOS call as `fwcall int`, run by an x86
 * emulator (libx86emu, see fwcall_x86emu.c) instead of natively, for
 * differential tests.
 *
 *   fwcall-emu int VECTOR [REG=VALUE]... [buf=LENGTH [in=HEX]]
 *   fwcall-emu batch
 *
 * A buffer goes at ES:DI as with fwcall, at the ES given (use the segment
 * /dev/fwcall used, and its far pointers into the buffer compare equal).
 * Prints what fwcall prints.  batch reads calls from standard input, one
 * per line as int's arguments, runs them in one emulator (what the BIOS
 * writes stays, as from one native call to the next) and prints each
 * answer, or "error", then a line "--": a test compares hundreds of calls
 * without starting the emulator hundreds of times.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fwcall_x86emu.h"

#define BATCH_ARGS	32

/* One call from its arguments; 0 when it ran and its answer was printed */
static int one_call(struct fwcall_x86emu *fe, int argc, char **argv)
{
	struct fwcall_cli_call c;
	int ret;

	if (fwcall_cli_parse(&c, argc, argv)) {
		free(c.buf);
		return -1;
	}
	ret = fwcall_x86emu_call(fe, &c);
	if (!ret)
		fwcall_cli_print(stdout, &c, false);
	free(c.buf);
	return ret;
}

static int batch(struct fwcall_x86emu *fe)
{
	char line[1024], *argv[BATCH_ARGS];
	int argc, failed = 0;

	while (fgets(line, sizeof(line), stdin)) {
		argc = fwcall_cli_split(line, argv, BATCH_ARGS);
		if (!argc)
			continue;
		if (argc < 0 || one_call(fe, argc, argv)) {
			puts("error");
			failed = 1;
		}
		puts("--");
	}
	return failed;
}

int main(int argc, char **argv)
{
	struct fwcall_x86emu *fe;
	struct fwcall_cli_call c;
	int is_batch = argc == 2 && !strcmp(argv[1], "batch");
	int ret;

	if (!is_batch) {
		if (argc < 3 || strcmp(argv[1], "int") ||
		    fwcall_cli_parse(&c, argc - 2, argv + 2)) {
			fputs("usage: fwcall-emu batch | fwcall-emu int", stderr);
			fwcall_cli_usage_regs(stderr);
			return 2;
		}
		free(c.buf);
	}
	fe = fwcall_x86emu_open();
	if (!fe) {
		fprintf(stderr, "fwcall-emu: %s\n", strerror(errno));
		return 1;
	}
	ret = is_batch ? batch(fe) : one_call(fe, argc - 2, argv + 2);
	fwcall_x86emu_close(fe);
	return ret ? 1 : 0;
}
