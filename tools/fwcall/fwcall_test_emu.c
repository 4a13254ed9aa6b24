// SPDX-License-Identifier: GPL-2.0
/*
 * fwcall end to end, the command and the differential: the fwcall command
 * against the ioctls and sysfs, and the same raw BIOS calls run natively
 * (`fwcall int`, through /dev/fwcall) and by an x86 emulator over
 * /dev/mem (`fwcall-emu int`, libx86emu): registers and buffers must be
 * the same.  EFLAGS are compared by CF only (IF and the reserved bits
 * are the caller's, not the BIOS's answer).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/fwcall.h>

#include "fwcall_regs.h"
#include "fwcall_test.h"

#define OUT_MAX		4096
/* A chain longer than the kernel's walk reads (FWCALL_E820_LIMIT) does not end */
#define E820_WALK_MAX	8192

/* Run @cmd; its output in @out; the exit status, or -1 */
static int run(const char *cmd, char *out, size_t size)
{
	FILE *p = popen(cmd, "r");
	size_t n;
	int status;

	out[0] = 0;
	if (!p)
		return -1;
	n = fread(out, 1, size - 1, p);
	out[n] = 0;
	status = pclose(p);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static unsigned int reg(const char *out, const char *name)
{
	const char *p = strstr(out, name);

	return p ? strtoul(p + strlen(name), NULL, 0) : 0xdeadbeef;
}

/* Cut the eflags= field: the answer is cf= */
static void mask_eflags(char *out)
{
	char *p = strstr(out, "eflags=0x");

	if (p)
		memset(p, '-', strlen("eflags=0x12345678"));
}

static unsigned int bounce_seg;

/*
 * The same call natively and emulated; 0 when both ran and agree.  The
 * native answer is left in @native for the caller's own checks.
 */
static int differ(const char *args, char *native)
{
	char cmd[512], emu[OUT_MAX];
	int buf = !!strstr(args, "buf=");

	snprintf(cmd, sizeof(cmd), "/bin/fwcall int %s", args);
	if (run(cmd, native, OUT_MAX))
		return -1;
	snprintf(cmd, sizeof(cmd), "/bin/fwcall-emu int %s%s", args,
		 buf ? " es=0x" : "");
	if (buf)
		snprintf(cmd + strlen(cmd), sizeof(cmd) - strlen(cmd), "%x", bounce_seg);
	if (run(cmd, emu, sizeof(emu))) {
		printf("# %s: emulator failed\n", args);
		return -1;
	}
	mask_eflags(native);
	mask_eflags(emu);
	if (strcmp(native, emu)) {
		printf("# %s:\n#  native %s#  emu    %s", args, native, emu);
		return 1;
	}
	return 0;
}

#define BATCH_MAX	512
#define ARGS_MAX	128

/* A batch of calls, each run natively and by the emulator */
struct emu_batch {
	char args[BATCH_MAX][ARGS_MAX];
	unsigned int n;
};

/*
 * @args natively through /dev/fwcall, printed into @out as `fwcall int`
 * prints it; 0, or -1 when the call failed.
 */
static int native_call(const char *args, char *out, size_t size)
{
	char copy[ARGS_MAX], *argv[32];
	struct fwcall_cli_call c = { };
	int argc, ret = -1;
	FILE *f;

	snprintf(copy, sizeof(copy), "%s", args);
	argc = fwcall_cli_split(copy, argv, 32);
	if (argc < 0 || fwcall_cli_parse(&c, argc, argv))
		goto out;
	if (fwcall_cli_ioctl(fd, &c))
		goto out;
	memset(out, 0, size);
	f = fmemopen(out, size - 1, "w");
	if (f) {
		fwcall_cli_print(f, &c, false);
		ret = fclose(f) ? -1 : 0;
	}
out:
	free(c.buf);
	return ret;
}

/*
 * Every call of @b natively, then all of them in one `fwcall-emu batch`
 * (starting the emulator once, not once a call); the number of calls
 * whose answers differ or did not run.
 */
static unsigned int differ_batch(struct emu_batch *b)
{
	static char emu[BATCH_MAX * OUT_MAX / 4];
	char path[] = "/tmp/fwcall-emu-batch.XXXXXX";
	unsigned int k, bad = 0;
	char cmd[128], native[OUT_MAX], *p = emu;
	int tfd = mkstemp(path);
	FILE *f = tfd >= 0 ? fdopen(tfd, "w") : NULL;

	if (!f) {
		if (tfd >= 0)
			close(tfd);
		return b->n;
	}
	/* The emulator's buffer goes where the native call's went */
	for (k = 0; k < b->n; k++) {
		if (strstr(b->args[k], "buf="))
			fprintf(f, "%s es=%#x\n", b->args[k], bounce_seg);
		else
			fprintf(f, "%s\n", b->args[k]);
	}
	fclose(f);
	snprintf(cmd, sizeof(cmd), "/bin/fwcall-emu batch <%s", path);
	run(cmd, emu, sizeof(emu));
	unlink(path);
	for (k = 0; k < b->n; k++) {
		int failed = native_call(b->args[k], native, sizeof(native));
		char *end = strstr(p, "--\n");

		if (!end) {
			printf("# %s: no answer from the emulator\n", b->args[k]);
			bad += b->n - k;
			break;
		}
		*end = 0;
		mask_eflags(native);
		mask_eflags(p);
		if (failed || strcmp(native, p)) {
			printf("# %s:\n#  native %s#  emu    %s", b->args[k],
			       failed ? "failed\n" : native, p);
			bad++;
		}
		p = end + 3;
	}
	return bad;
}

static void emu_simple(const char *name, const char *args)
{
	char out[OUT_MAX];
	int d = differ(args, out);

	out[strcspn(out, "\n")] = 0;
	result(!d, "%s # %s", name, out);
}

static void emu_e820(void)
{
	unsigned int next = 0, n = 0, bad = 0;
	char args[128], out[OUT_MAX];

	do {
		snprintf(args, sizeof(args),
			 "0x15 eax=0xe820 edx=0x534d4150 ecx=20 ebx=%u buf=20", next);
		if (differ(args, out))
			bad++;
		next = reg(out, "ebx=");
		n++;
	} while (next && !bad && n < E820_WALK_MAX);
	result(!bad && n > 1, "emu_e820_every_entry # %u entries", n);
}

static void emu_pci_config(void)
{
	static struct emu_batch b;
	unsigned int devices = 0, bad;
	DIR *d = opendir("/sys/bus/pci/devices");
	struct dirent *de;

	b.n = 0;
	while (d && (de = readdir(d))) {
		unsigned int dom, bus, dev, fn, where;

		if (sscanf(de->d_name, "%x:%x:%x.%x", &dom, &bus, &dev, &fn) != 4)
			continue;
		devices++;
		/* B10Ah: a dword; the status word (0x06) may change between calls */
		for (where = 0; where < 64 && b.n < BATCH_MAX; where += 4) {
			if (where == 4)
				continue;
			snprintf(b.args[b.n++], ARGS_MAX, "0x1a eax=0xb10a ebx=%u edi=%u",
				 bus << 8 | dev << 3 | fn, where);
		}
	}
	if (d)
		closedir(d);
	bad = differ_batch(&b);
	result(devices && !bad, "emu_pci_config_reads # %u devices, %u reads, %u differ",
	       devices, b.n, bad);
}

static void emu_vbe(void)
{
	static struct fwcall_ioc_vbe_info v = { .size = sizeof(v) };
	static struct emu_batch b;
	unsigned int i, bad;

	/* "VBE2" asks for the VBE 2.0 fields */
	emu_simple("emu_vbe_4f00", "0x10 eax=0x4f00 buf=512 in=56424532");
	if (ioctl(fd, FWCALL_IOC_VBE_INFO, &v)) {
		result(0, "emu_vbe_4f01_every_mode # %s", strerror(errno));
		return;
	}
	for (i = 0, b.n = 0; i < v.mode_count && b.n < BATCH_MAX; i++)
		snprintf(b.args[b.n++], ARGS_MAX, "0x10 eax=0x4f01 ecx=%u buf=256", v.modes[i]);
	bad = differ_batch(&b);
	result(v.mode_count && !bad, "emu_vbe_4f01_every_mode # %u modes, %u differ",
	       v.mode_count, bad);
}

void test_emu(void)
{
	char out[OUT_MAX];

	/* The bounce buffer's segment, as the native call reports it */
	if (!run("/bin/fwcall int 0x12 buf=1", out, sizeof(out)))
		bounce_seg = reg(out, "es=");
	printf("# bounce buffer segment %#x\n", bounce_seg);
	emu_simple("emu_int12h", "0x12");
	emu_simple("emu_int11h", "0x11");
	emu_e820();
	emu_simple("emu_e801", "0x15 eax=0xe801");
	emu_simple("emu_rtc_date", "0x1a eax=0x0400");
	emu_simple("emu_pcibios_b101", "0x1a eax=0xb101 edi=0");
	emu_pci_config();
	emu_vbe();
}

/* The command's answers are the ioctls' and sysfs's */
void test_tool(void)
{
	struct fwcall_e820_range *map;
	static struct fwcall_ioc_vbe_info v = { .size = sizeof(v) };
	char out[OUT_MAX * 4], want[256], *p;
	unsigned int n = 0, bad = 0, cfg = 0, dir, entry;
	int rc, rc2, cfd, count;

	rc = run("/bin/fwcall --json e820", out, sizeof(out));
	count = fwcall_e820_map(&map);
	for (p = out; (p = strstr(p, "{\"start\": ")); p++, n++) {
		unsigned long long start, end;
		unsigned int type;
		char attrs[16];

		if (sscanf(p, "{\"start\": %llu, \"end\": %llu, \"type\": %u, \"attrs\": %15[^}]}",
			   &start, &end, &type, attrs) != 4 || (int)n >= count ||
		    start != map[n].addr || end != map[n].addr + map[n].size - 1 ||
		    type != map[n].type ||
		    (map[n].flags & FWCALL_E820_ATTRS ? strtoul(attrs, NULL, 0) != map[n].attrs :
							 strcmp(attrs, "null")))
			bad++;
	}
	free(map);
	result(!rc && (int)n == count && !bad, "tool_e820_json # %u entries", n);

	rc = run("/bin/fwcall vbe-info", out, sizeof(out));
	ioctl(fd, FWCALL_IOC_VBE_INFO, &v);
	snprintf(want, sizeof(want), "OEM string       %s\n", v.oem_string);
	result(!rc && v.oem_string[0] && strstr(out, want), "tool_vbe_info_table");

	cfd = open("/sys/bus/pci/devices/0000:00:00.0/config", O_RDONLY);
	if (cfd >= 0 && read(cfd, &cfg, 4) != 4)
		cfg = 0;
	if (cfd >= 0)
		close(cfd);
	rc = run("/bin/fwcall --json pci-read 00:00.0 0 4", out, sizeof(out));
	result(!rc && cfg && reg(out, "\"value\": ") == cfg,
	       "tool_pci_read_is_sysfs # %#x", cfg);

	/* The BIOS32 directory far-called by hand finds the named $PCI entry */
	rc = run("/bin/fwcall --json bios32 '$PCI'", out, sizeof(out));
	dir = reg(out, "\"directory\": ");
	entry = reg(out, "\"entry\": ");
	snprintf(want, sizeof(want), "/bin/fwcall far %#x eax=0x49435024 ebx=0", dir);
	rc2 = rc ? rc : run(want, out, sizeof(out));
	result(!rc2 && !(reg(out, "eax=") & 0xff) &&
	       reg(out, "ebx=") + reg(out, "edx=") == entry,
	       "tool_far_call_finds_pcibios # directory %#x, $PCI %#x", dir, entry);

	rc = run("/bin/fwcall int 2>&1", out, sizeof(out));
	result(rc == 2 && strstr(out, "usage"), "tool_usage_on_bad_arguments # exit %d", rc);
}
