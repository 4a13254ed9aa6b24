/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A raw BIOS call as the fwcall command and its emulator twin take it on
 * their command lines and print it, so that their outputs compare as text.
 */
#ifndef FWCALL_REGS_H
#define FWCALL_REGS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct fwcall_cli_call {
	unsigned int vector;
	uint32_t eax, ebx, ecx, edx, esi, edi, ebp, eflags;
	uint16_t ds, es;
	uint8_t *buf;		/* at ES:DI when buf_len is not 0 */
	unsigned int buf_len;
};

int fwcall_cli_parse(struct fwcall_cli_call *call, int argc, char **argv);
void fwcall_cli_print(FILE *f, const struct fwcall_cli_call *call, bool json);
void fwcall_cli_usage_regs(FILE *f);

#endif /* FWCALL_REGS_H */
