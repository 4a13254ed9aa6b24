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

#include <linux/fwcall.h>

struct fwcall_cli_call {
	unsigned int vector;
	struct fwcall_ioc_regs regs;	/* as /dev/fwcall takes them */
	uint16_t ds, es;
	uint8_t *buf;		/* at ES:DI when buf_len is not 0 */
	unsigned int buf_len;
};

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* A named number, printed as "name=0x..." (digits wide) or in JSON */
struct fwcall_cli_field {
	const char *name;
	unsigned long long value;
	int digits;
};

void fwcall_cli_fields(FILE *f, const struct fwcall_cli_field *fields,
		       unsigned int n, bool json);
int fwcall_cli_number(const char *s, unsigned long long max,
		      unsigned long long *val);
void fwcall_cli_json_string(FILE *f, const char *s, size_t max);
int fwcall_cli_parse(struct fwcall_cli_call *call, int argc, char **argv);
void fwcall_cli_print(FILE *f, const struct fwcall_cli_call *call, bool json);
int fwcall_cli_ioctl(int fd, struct fwcall_cli_call *call);
int fwcall_cli_split(char *line, char **argv, int max);
void fwcall_cli_usage_regs(FILE *f);

#endif /* FWCALL_REGS_H */
