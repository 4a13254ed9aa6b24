// SPDX-License-Identifier: GPL-2.0
/*
 * Command-line form of a raw BIOS call, shared by fwcall and fwcall-emu:
 *
 *   VECTOR [REG=VALUE]... [buf=LENGTH] [in=HEXBYTES]
 *
 * REG is one of eax ebx ecx edx esi edi ebp ds es; buf= passes a buffer
 * of LENGTH bytes at ES:DI (zeros, then the bytes of in=).  Printed as
 * one line of registers and, with a buffer, one line of hex bytes.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "fwcall_regs.h"

#define FWCALL_CLI_BUF_MAX	16384

/*
 * @s as a whole number (decimal, 0x hex or 0 octal, as strtoull reads
 * them) of at most @max; 0 or -EINVAL.  Signs, spaces and trailing
 * characters are refused: strtoull would take "-1" as its largest value.
 */
int fwcall_cli_number(const char *s, unsigned long long max,
		      unsigned long long *val)
{
	unsigned long long v;
	char *end;

	if (!*s || !isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || v > max)
		return -EINVAL;
	*val = v;
	return 0;
}

static int parse_u32(const char *s, uint32_t *val)
{
	unsigned long long v;

	if (fwcall_cli_number(s, UINT32_MAX, &v))
		return -EINVAL;
	*val = v;
	return 0;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static int parse_hex_bytes(const char *s, uint8_t *buf, unsigned int len)
{
	unsigned int i, n = strlen(s);

	if (n % 2 || n / 2 > len)
		return -EINVAL;
	for (i = 0; i < n / 2; i++) {
		int hi = hex_digit(s[2 * i]), lo = hex_digit(s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -EINVAL;
		buf[i] = hi << 4 | lo;
	}
	return 0;
}

/*
 * @s, at most @max bytes of it, as a JSON string: quotes, backslashes and
 * control characters escaped, and every byte above 0x7f as the code point
 * of the same number (BIOS strings are in the BIOS's code page, not
 * UTF-8), so that the output is ASCII and valid JSON whatever @s holds.
 */
void fwcall_cli_json_string(FILE *f, const char *s, size_t max)
{
	size_t i;

	fputc('"', f);
	for (i = 0; i < max && s[i]; i++) {
		unsigned char c = s[i];

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* argv[0] is the vector; returns 0 or -EINVAL */
int fwcall_cli_parse(struct fwcall_cli_call *call, int argc, char **argv)
{
	static const char * const names[] = {
		"eax", "ebx", "ecx", "edx", "esi", "edi", "ebp",
	};
	uint32_t *regs[] = {
		&call->regs.eax, &call->regs.ebx, &call->regs.ecx,
		&call->regs.edx, &call->regs.esi, &call->regs.edi,
		&call->regs.ebp,
	};
	const char *in = NULL;
	uint32_t val;
	int i;

	memset(call, 0, sizeof(*call));
	if (argc < 1 || parse_u32(argv[0], &val) || val > 255)
		return -EINVAL;
	call->vector = val;
	for (i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		size_t klen;
		unsigned int r;

		if (!eq)
			return -EINVAL;
		klen = eq - argv[i];
		if (klen == 2 && !strncmp(argv[i], "in", 2)) {
			in = eq + 1;
			continue;
		}
		if (parse_u32(eq + 1, &val))
			return -EINVAL;
		if (klen == 3 && !strncmp(argv[i], "buf", 3)) {
			if (!val || val > FWCALL_CLI_BUF_MAX)
				return -EINVAL;
			call->buf_len = val;
			continue;
		}
		if (klen == 2 && (!strncmp(argv[i], "ds", 2) ||
				  !strncmp(argv[i], "es", 2))) {
			if (val > 0xffff)
				return -EINVAL;
			*(argv[i][0] == 'd' ? &call->ds : &call->es) = val;
			continue;
		}
		for (r = 0; r < ARRAY_SIZE(names); r++)
			if (klen == 3 && !strncmp(argv[i], names[r], 3))
				break;
		if (r == ARRAY_SIZE(names))
			return -EINVAL;
		*regs[r] = val;
	}
	if (in && !call->buf_len)
		return -EINVAL;
	if (call->buf_len) {
		call->buf = calloc(1, call->buf_len);
		if (!call->buf)
			return -ENOMEM;
		if (in && parse_hex_bytes(in, call->buf, call->buf_len))
			return -EINVAL;
	}
	return 0;
}

/*
 * The fields as "name=0x0000 ..." or as the members of a JSON object
 * (without its braces), after whatever the caller printed.
 */
void fwcall_cli_fields(FILE *f, const struct fwcall_cli_field *fields,
		       unsigned int n, bool json)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (json)
			fprintf(f, "%s\"%s\": %llu", i ? ", " : "", fields[i].name,
				fields[i].value);
		else if (fields[i].digits)
			fprintf(f, " %s=0x%0*llx", fields[i].name, fields[i].digits,
				fields[i].value);
		else
			fprintf(f, " %s=%llu", fields[i].name, fields[i].value);
	}
}

void fwcall_cli_print(FILE *f, const struct fwcall_cli_call *c, bool json)
{
	const struct fwcall_cli_field regs[] = {
		{ "eax", c->regs.eax, 8 }, { "ebx", c->regs.ebx, 8 }, { "ecx", c->regs.ecx, 8 },
		{ "edx", c->regs.edx, 8 }, { "esi", c->regs.esi, 8 }, { "edi", c->regs.edi, 8 },
		{ "ebp", c->regs.ebp, 8 }, { "eflags", c->regs.eflags, 8 },
		{ "ds", c->ds, 4 }, { "es", c->es, 4 }, { "cf", c->regs.eflags & 1, 0 },
	};
	unsigned int i;

	if (json)
		fprintf(f, "{\"vector\": %u, ", c->vector);
	else
		fprintf(f, "int 0x%02x:", c->vector);
	fwcall_cli_fields(f, regs, ARRAY_SIZE(regs), json);
	if (c->buf_len) {
		fputs(json ? ", \"buf\": \"" : "\nbuf: ", f);
		for (i = 0; i < c->buf_len; i++)
			fprintf(f, "%02x", c->buf[i]);
		if (json)
			fputc('"', f);
	}
	fputs(json ? "}\n" : "\n", f);
}

void fwcall_cli_usage_regs(FILE *f)
{
	fputs("  VECTOR [REG=VALUE]... [buf=LENGTH [in=HEXBYTES]]\n"
	      "    REG: eax ebx ecx edx esi edi ebp ds es; buf= puts a buffer of\n"
	      "    LENGTH bytes (zeros, then the bytes of in=) at ES:DI\n", f);
}

/*
 * @call through /dev/fwcall (@fd, FWCALL_IOC_INT), its answer back in
 * @call; the ioctl's return value.
 */
int fwcall_cli_ioctl(int fd, struct fwcall_cli_call *c)
{
	struct fwcall_ioc_int i = {
		.size = sizeof(i), .vector = c->vector, .regs = c->regs,
		.ds = c->ds, .es = c->es,
	};
	int ret;

	if (c->buf_len) {
		i.flags = FWCALL_INT_BUF;
		i.buf_len = c->buf_len;
		i.buf = (uintptr_t)c->buf;
	}
	ret = ioctl(fd, FWCALL_IOC_INT, &i);
	if (ret)
		return ret;
	c->regs = i.regs;
	c->ds = i.ds;
	c->es = i.es;
	return 0;
}

/*
 * Split @line in place at spaces, tabs and newlines into at most @max
 * words in @argv; their number, or -1 when more words are left.
 */
int fwcall_cli_split(char *line, char **argv, int max)
{
	char *tok, *save;
	int argc = 0;

	for (tok = strtok_r(line, " \t\n", &save); tok;
	     tok = strtok_r(NULL, " \t\n", &save)) {
		if (argc == max)
			return -1;
		argv[argc++] = tok;
	}
	return argc;
}
