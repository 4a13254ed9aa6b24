// SPDX-License-Identifier: GPL-2.0
/* KTAP results for the project's user-space tests; see ktap.h. */

#include <stdarg.h>
#include <stdio.h>

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
	ktap_failed += !ok;
}
