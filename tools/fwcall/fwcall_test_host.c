// SPDX-License-Identifier: GPL-2.0
/*
 * The fwcall command's checks that need no /dev/fwcall (fwcall_test_cli.c),
 * for the build host:
 *
 *   fwcall_test_host PATH-OF-FWCALL
 *
 * Prints KTAP; exit 0 when every check passed.
 */
#include <stdarg.h>
#include <stdio.h>

#include "fwcall_test.h"

int fd = -1;
static int test_no, failed;

void result(int ok, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d ", ok ? "" : "not ", ++test_no);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	failed += !ok;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fputs("usage: fwcall_test_host PATH-OF-FWCALL\n", stderr);
		return 2;
	}
	printf("KTAP version 1\n1..%d\n", TEST_CLI_HOST_CHECKS);
	test_cli(argv[1], 0);
	printf("# fwcall command on the host: %d checks, %d failed\n", test_no, failed);
	return failed != 0 || test_no != TEST_CLI_HOST_CHECKS;
}
