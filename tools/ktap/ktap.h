/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KTAP results for the project's user-space tests (tools/fwcall,
 * tools/kexec_call): one "ok N name # detail" or "not ok N ..." line per
 * check, numbered in order, failures counted.
 */
#ifndef KTAP_H
#define KTAP_H

/* Checks reported so far, and how many of them failed */
extern int ktap_checks, ktap_failed;

void result(int ok, const char *fmt, ...);

#endif /* KTAP_H */
