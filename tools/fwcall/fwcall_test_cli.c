// SPDX-License-Identifier: GPL-2.0
/*
 * fwcall end to end, the command line of the fwcall command: --help for
 * any user, usage errors (exit 2) found before the device is opened,
 * numbers that do not parse or fit refused, --json anywhere, JSON that is
 * valid whatever the BIOS's strings hold, nothing printed on an error,
 * and pci-read with a PCI domain.  The checks without the device also run
 * on the build host (fwcall_test_host).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fwcall_regs.h"
#include "fwcall_test.h"

#define CLI_OUT_MAX	(64 * 1024)
#define NOBODY		65534

static const char *fwcall;

/*
 * Run fwcall with @args (split at spaces, no quoting), as user nobody when
 * @nobody and we are root; stdout and stderr into @out and @err.  The exit
 * status, or -1.
 */
static int cli_run(const char *args, bool nobody, char *out, char *err)
{
	char *argv[32], *copy = strdup(args);
	int po[2], pe[2], status, argc;
	ssize_t n, no = 0, ne = 0;
	pid_t pid;

	argv[0] = (char *)fwcall;
	argc = copy ? fwcall_cli_split(copy, argv + 1, 30) : -1;
	if (argc < 0) {
		free(copy);
		return -1;
	}
	argv[argc + 1] = NULL;
	if (pipe(po) || pipe(pe))
		return -1;
	pid = fork();
	if (!pid) {
		dup2(po[1], 1);
		dup2(pe[1], 2);
		close(po[0]);
		close(pe[0]);
		if (nobody && !geteuid() && (setgroups(0, NULL) || setgid(NOBODY) ||
					     setuid(NOBODY)))
			_exit(125);
		execv(fwcall, argv);
		_exit(126);
	}
	close(po[1]);
	close(pe[1]);
	/* Small outputs: stderr stays within its pipe while stdout drains */
	while ((n = read(po[0], out + no, CLI_OUT_MAX - 1 - no)) > 0)
		no += n;
	while ((n = read(pe[0], err + ne, CLI_OUT_MAX - 1 - ne)) > 0)
		ne += n;
	out[no] = 0;
	err[ne] = 0;
	close(po[0]);
	close(pe[0]);
	free(copy);
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* A small JSON validator (RFC 8259), for one value and nothing else */
static const char *json_value(const char *p, int depth);

static const char *json_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

static const char *json_string(const char *p)
{
	const unsigned char *s = (const unsigned char *)p + 1;

	while (*s != '"') {
		if (*s < 0x20)
			return NULL;
		if (*s == '\\') {
			s++;
			if (*s == 'u') {
				int i;

				for (i = 1; i <= 4; i++)
					if (!strchr("0123456789abcdefABCDEF", s[i]) || !s[i])
						return NULL;
				s += 5;
				continue;
			}
			if (!*s || !strchr("\"\\/bfnrt", *s))
				return NULL;
			s++;
		} else if (*s >= 0x80) {
			/* UTF-8: a lead byte and its continuation bytes */
			int len = *s >= 0xf0 && *s < 0xf5 ? 4 : *s >= 0xe0 ? 3 :
				  *s >= 0xc2 && *s < 0xe0 ? 2 : 0;
			int i;

			if (!len)
				return NULL;
			for (i = 1; i < len; i++)
				if ((s[i] & 0xc0) != 0x80)
					return NULL;
			s += len;
		} else {
			s++;
		}
	}
	return (const char *)s + 1;
}

static const char *json_number(const char *p)
{
	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (*p >= '0' && *p <= '9')
			p++;
	else
		return NULL;
	if (*p == '.') {
		if (*++p < '0' || *p > '9')
			return NULL;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (*p < '0' || *p > '9')
			return NULL;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return p;
}

static const char *json_members(const char *p, int depth, char close, bool keys)
{
	p = json_ws(p + 1);
	if (*p == close)
		return p + 1;
	for (;;) {
		if (keys) {
			if (*p != '"')
				return NULL;
			p = json_string(p);
			if (!p)
				return NULL;
			p = json_ws(p);
			if (*p++ != ':')
				return NULL;
		}
		p = json_value(p, depth + 1);
		if (!p)
			return NULL;
		p = json_ws(p);
		if (*p == close)
			return p + 1;
		if (*p++ != ',')
			return NULL;
		p = json_ws(p);
	}
}

static const char *json_value(const char *p, int depth)
{
	p = json_ws(p);
	if (depth > 32)
		return NULL;
	switch (*p) {
	case '{':
		return json_members(p, depth, '}', true);
	case '[':
		return json_members(p, depth, ']', false);
	case '"':
		return json_string(p);
	case 't':
		return strncmp(p, "true", 4) ? NULL : p + 4;
	case 'f':
		return strncmp(p, "false", 5) ? NULL : p + 5;
	case 'n':
		return strncmp(p, "null", 4) ? NULL : p + 4;
	default:
		return json_number(p);
	}
}

/* @s is exactly one JSON value (and white space) */
int json_valid(const char *s)
{
	const char *end = json_value(s, 0);

	return end && !*json_ws(end);
}

/* The escaper with bytes no BIOS string should hold, but some do */
static void cli_json_escaping(void)
{
	static const char nasty[] = "OEM \"1\" \\ \x01\t\x7f\xe9\xff end";
	static const char want[] =
		"\"OEM \\\"1\\\" \\\\ \\u0001\\u0009\\u007f\\u00e9\\u00ff end\"";
	char *text = NULL, cut[8];
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f) {
		result(0, "cli_json_escapes_any_bytes # %s", strerror(errno));
		return;
	}
	fwcall_cli_json_string(f, nasty, sizeof(nasty));
	/* At most max bytes of a string without its NUL */
	memset(cut, 'x', sizeof(cut));
	fputc(' ', f);
	fwcall_cli_json_string(f, cut, 3);
	fclose(f);
	result(!strncmp(text, want, strlen(want)) && !strcmp(text + strlen(want), " \"xxx\"") &&
	       json_valid(want), "cli_json_escapes_any_bytes # %s", text);
	free(text);
}

static void cli_without_device(void)
{
	static const char * const usage_errors[] = {
		"", "bogus", "e820 extra", "--bogus e820", "pci-read",
		"pci-read 00:00.0", "pci-read 0:0 0", "pci-read 00:20.0 0",
		"pci-read 00:00.8 0", "pci-read 100:00.0 0", "pci-read 00:00.0 256",
		"pci-read 00:00.0 0x1z", "pci-read 00:00.0 -4", "pci-read 00:00.0 0 3",
		"pci-read 00:00.0 2 4", "pci-read 10000:00:00.0 0",
		"pci-read 0001:00:00.0 0", "vbe-mode 0x10000", "vbe-mode -1",
		"vbe-mode 12ab", "bios32 $PC", "int", "int 0x100", "int 0x15 eax=0x100000000",
		"int 0x15 eax=-1", "int 0x15 eax=+1", "int 0x15 eax=", "int 0x15 fs=0",
		"int 0x15 ds=0x10000", "int 0x12 in=00", "int 0x12 buf=0",
		"int 0x12 buf=16385", "int 0x12 buf=2 in=0g00", "int 0x12 buf=2 in=+1ab",
		"far", "far 0x100000000", "far 0xe0000 buf=4", "far 0xe0000 es=1",
	};
	static char out[CLI_OUT_MAX], err[CLI_OUT_MAX];
	unsigned int i, bad = 0;
	int rc;

	rc = cli_run("--help", true, out, err);
	result(!rc && strstr(out, "usage: fwcall") && !err[0],
	       "cli_help_for_any_user # exit %d", rc);
	rc = cli_run("e820 --help --json", true, out, err);
	result(!rc && strstr(out, "usage: fwcall"), "cli_help_anywhere # exit %d", rc);

	/* As nobody, who cannot open the device: exit 2 proves parse first */
	for (i = 0; i < ARRAY_SIZE(usage_errors); i++) {
		rc = cli_run(usage_errors[i], true, out, err);
		if (rc != 2 || out[0] || !err[0]) {
			printf("# \"%s\": exit %d, stdout %zu bytes\n", usage_errors[i],
			       rc, strlen(out));
			bad++;
		}
	}
	result(!bad, "cli_usage_errors_exit_2_before_open # %zu command lines, %u wrong",
	       ARRAY_SIZE(usage_errors), bad);
	rc = cli_run("pci-read 0001:00:00.0 0", true, out, err);
	result(rc == 2 && strstr(err, "domain 0 only"), "cli_pci_domain_not_0_refused # %s",
	       strtok(err, "\n"));
	cli_json_escaping();
}

/* The sysfs config dword at @where of @dev; 0 or -1 */
static int sysfs_config(const char *dev, unsigned int where, unsigned int *val)
{
	char path[128];
	int cfd, ok;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/config", dev);
	cfd = open(path, O_RDONLY);
	if (cfd < 0)
		return -1;
	ok = pread(cfd, val, 4, where) == 4;
	close(cfd);
	return ok ? 0 : -1;
}

static void cli_with_device(void)
{
	static const char * const commands[] = {
		"e820", "memsize", "rtc", "pcibios", "vbe-info", "vbe-modes",
		"pci-read 00:00.0 0", "bios32 $PCI", "int 0x12",
		"int 0x15 eax=0xe820 edx=0x534d4150 ecx=20 buf=20",
	};
	static char out[CLI_OUT_MAX], out2[CLI_OUT_MAX], err[CLI_OUT_MAX];
	unsigned int i, bad = 0, cfg = 0;
	const char *v;
	int rc, rc2;

	rc = cli_run("--json e820", false, out, err);
	rc2 = cli_run("e820 --json", false, out2, err);
	result(!rc && !rc2 && json_valid(out) && !strcmp(out, out2),
	       "cli_json_anywhere # exit %d and %d", rc, rc2);

	for (i = 0; i < ARRAY_SIZE(commands); i++) {
		char args[128];

		snprintf(args, sizeof(args), "--json %s", commands[i]);
		rc = cli_run(args, false, out, err);
		if (rc || !json_valid(out)) {
			printf("# %s: exit %d, %s\n", args, rc, strtok(err, "\n"));
			bad++;
		}
	}
	result(!bad, "cli_json_valid_every_command # %zu commands, %u wrong",
	       ARRAY_SIZE(commands), bad);

	/* An error after the device is open: a message, no output at all */
	rc = cli_run("--json vbe-mode 0x3ffe", false, out, err);
	result(rc == 1 && !out[0] && strstr(err, "VBE 4F01h"),
	       "cli_error_prints_nothing # exit %d, %zu bytes out", rc, strlen(out));
	rc = cli_run("--json e820", true, out, err);
	result(rc == 1 && !out[0] && strstr(err, "/dev/fwcall"),
	       "cli_open_error_prints_nothing # exit %d", rc);

	rc = cli_run("--json pci-read 0000:00:00.0 0", false, out, err);
	rc2 = cli_run("--json pci-read 00:00.0 0", false, out2, err);
	v = strstr(out, "\"value\": ");
	/* Read first: the order arguments are evaluated in is unspecified */
	if (sysfs_config("0000:00:00.0", 0, &cfg))
		cfg = 0;
	result(!rc && !rc2 && !strcmp(out, out2) && v && cfg &&
	       strtoul(v + 9, NULL, 0) == cfg, "cli_pci_read_with_domain # %#x", cfg);
}

/* fwcall at @path; the checks that need /dev/fwcall only with @device */
void test_cli(const char *path, int device)
{
	fwcall = path;
	cli_without_device();
	if (device)
		cli_with_device();
}
