// SPDX-License-Identifier: GPL-2.0
/* KTAP results for the project's user-space tests; see ktap.h. */

#include <stdarg.h>
#include <stdio.h>
#include <termios.h>
#include <unistd.h>

#include "ktap.h"

int ktap_checks, ktap_failed;

void result(int ok, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d ", ok ? "" : "not ", ++ktap_checks);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	/*
	 * Out of the UART before the next check runs: the kernel prints to
	 * the serial console directly (the freezer's "Freezing user space
	 * processes" for a device call), and a line still draining from the
	 * tty would be split by it and go uncounted.  Not a tty: no wait.
	 */
	fflush(stdout);
	tcdrain(STDOUT_FILENO);
	ktap_failed += !ok;
}
