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

int main(int argc, char **argv)
{
	if (argc != 2) {
		fputs("usage: fwcall_test_host PATH-OF-FWCALL\n", stderr);
		return 2;
	}
	printf("KTAP version 1\n1..%d\n", TEST_CLI_HOST_CHECKS);
	test_cli(argv[1], 0);
	printf("# fwcall command on the host: %d checks, %d failed\n", ktap_checks, ktap_failed);
	return ktap_failed != 0 || ktap_checks != TEST_CLI_HOST_CHECKS;
}
