// SPDX-License-Identifier: GPL-2.0
/*
 * fwcall: call BIOS services on the running machine through /dev/fwcall
 * (drivers/fwcall) and print their answers, as tables or with --json.
 *
 *   fwcall [--json] e820 | memsize | rtc | pcibios | vbe-info | vbe-modes
 *   fwcall [--json] pci-read BUS:DEV.FN REGISTER [WIDTH]
 *   fwcall [--json] vbe-mode MODE
 *   fwcall [--json] bios32 SERVICE             (e.g. '$PCI')
 *   fwcall [--json] int VECTOR [REG=VALUE]... [buf=LENGTH [in=HEX]]
 *   fwcall [--json] far ENTRY [REG=VALUE]...   (a 32-bit BIOS entry)
 *
 * The raw calls, int and far, need CAP_SYS_RAWIO and a kernel that is
 * not locked down.  See Documentation/driver-api/fwcall.rst.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/fwcall.h>

#include "fwcall_regs.h"

static bool json;
static int fd;

static int fail(const char *what)
{
	fprintf(stderr, "fwcall: %s: %s\n", what, strerror(errno));
	return 1;
}

/* A JSON object of numbers, on a line of its own */
static void json_object(const struct fwcall_cli_field *fields, unsigned int n)
{
	putchar('{');
	fwcall_cli_fields(stdout, fields, n, true);
	puts("}");
}

static const char *e820_type_name(unsigned int type)
{
	static const char * const names[] = {
		[1] = "usable", [2] = "reserved", [3] = "ACPI data",
		[4] = "ACPI NVS", [5] = "unusable", [7] = "persistent",
	};

	if (type < ARRAY_SIZE(names) && names[type])
		return names[type];
	return "unknown";
}

static int cmd_e820(void)
{
	struct fwcall_e820_range map[FWCALL_E820_MAX];
	struct fwcall_ioc_e820 req = {
		.size = sizeof(req), .count = FWCALL_E820_MAX,
		.entries = (uintptr_t)map,
	};
	unsigned int i;

	if (ioctl(fd, FWCALL_IOC_E820, &req))
		return fail("E820");
	if (json)
		printf("[");
	else
		printf("  # start              end                type\n");
	for (i = 0; i < req.count; i++) {
		unsigned long long start = map[i].addr;
		unsigned long long end = map[i].addr + map[i].size - 1;

		if (json)
			printf("%s\n  {\"start\": %llu, \"end\": %llu, \"type\": %u}",
			       i ? "," : "", start, end, map[i].type);
		else
			printf("%3u 0x%016llx 0x%016llx %u (%s)\n", i, start, end,
			       map[i].type, e820_type_name(map[i].type));
	}
	if (json)
		printf("\n]\n");
	return 0;
}

static int cmd_memsize(void)
{
	struct fwcall_ioc_memsize m = { .size = sizeof(m) };

	if (ioctl(fd, FWCALL_IOC_MEMSIZE, &m))
		return fail("memsize");
	if (json) {
		const struct fwcall_cli_field f[] = {
			{ "base_kb", m.base_kb, 0 }, { "e801_kb_1m_16m", m.e801_kb_1m_16m, 0 },
			{ "e801_blocks_16m_4g", m.e801_blocks_16m_4g, 0 },
			{ "equipment", m.equipment, 0 },
		};

		json_object(f, ARRAY_SIZE(f));
	} else {
		printf("base memory (int 12h)   %u KiB\n"
		       "1 MiB-16 MiB (E801h)    %u KiB\n"
		       "16 MiB-4 GiB (E801h)    %u x 64 KiB = %u MiB\n"
		       "equipment (int 11h)     0x%04x\n",
		       m.base_kb, m.e801_kb_1m_16m, m.e801_blocks_16m_4g,
		       m.e801_blocks_16m_4g / 16, m.equipment);
	}
	return 0;
}

static int cmd_rtc(void)
{
	struct fwcall_ioc_rtc r = { .size = sizeof(r) };

	if (ioctl(fd, FWCALL_IOC_RTC, &r))
		return fail("RTC");
	printf(json ? "{\"rtc\": \"%04u-%02u-%02u %02u:%02u:%02u\"}\n" :
		      "%04u-%02u-%02u %02u:%02u:%02u\n",
	       r.year, r.month, r.day, r.hour, r.minute, r.second);
	return 0;
}

static int cmd_pcibios(void)
{
	struct fwcall_ioc_pcibios p = { .size = sizeof(p) };

	if (ioctl(fd, FWCALL_IOC_PCIBIOS, &p))
		return fail("PCI BIOS");
	if (json)
		printf("{\"version\": \"%x.%02x\", \"mechanisms\": %u, \"last_bus\": %u}\n",
		       p.major, p.minor, p.mechanisms, p.last_bus);
	else
		printf("PCI BIOS %x.%02x, configuration mechanisms 0x%02x, last bus %u\n",
		       p.major, p.minor, p.mechanisms, p.last_bus);
	return 0;
}

static int cmd_pci_read(int argc, char **argv)
{
	struct fwcall_ioc_pci_read r = { .size = sizeof(r), .width = 4 };
	unsigned int bus, dev, fn;
	char tail;

	if (argc < 2 || argc > 3 ||
	    sscanf(argv[0], "%x:%x.%x%c", &bus, &dev, &fn, &tail) != 3 ||
	    dev > 31 || fn > 7)
		return -1;
	r.bus = bus;
	r.devfn = dev << 3 | fn;
	r.where = strtoul(argv[1], NULL, 0);
	if (argc == 3)
		r.width = strtoul(argv[2], NULL, 0);
	if (ioctl(fd, FWCALL_IOC_PCI_READ, &r))
		return fail("PCI read");
	if (json) {
		const struct fwcall_cli_field f[] = {
			{ "bus", r.bus, 0 }, { "devfn", r.devfn, 0 }, { "where", r.where, 0 },
			{ "width", r.width, 0 }, { "value", r.value, 0 },
		};

		json_object(f, ARRAY_SIZE(f));
	} else {
		printf("%02x:%02x.%x @0x%02x/%u = 0x%0*x\n", bus, dev, fn, r.where,
		       r.width, (int)r.width * 2, r.value);
	}
	return 0;
}

static void json_string(const char *key, const char *s, const char *sep)
{
	printf("\"%s\": \"", key);
	for (; *s; s++)
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	printf("\"%s", sep);
}

static int vbe_info(struct fwcall_ioc_vbe_info *v)
{
	memset(v, 0, sizeof(*v));
	v->size = sizeof(*v);
	return ioctl(fd, FWCALL_IOC_VBE_INFO, v);
}

static int cmd_vbe_info(void)
{
	static struct fwcall_ioc_vbe_info v;
	unsigned int i;

	if (vbe_info(&v))
		return fail("VBE 4F00h");
	if (json) {
		printf("{\"version\": \"%x.%x\", ", v.version >> 8, v.version & 0xff);
		json_string("oem_string", v.oem_string, ", ");
		json_string("vendor", v.vendor, ", ");
		json_string("product", v.product, ", ");
		json_string("product_rev", v.product_rev, ", ");
		{
			const struct fwcall_cli_field f[] = {
				{ "oem_software_rev", v.oem_software_rev, 0 },
				{ "capabilities", v.capabilities, 0 },
				{ "total_memory_kb", v.total_memory_kb, 0 },
			};

			fwcall_cli_fields(stdout, f, ARRAY_SIZE(f), true);
		}
		printf(", \"modes\": [");
		for (i = 0; i < v.mode_count; i++)
			printf("%s%u", i ? ", " : "", v.modes[i]);
		printf("]}\n");
		return 0;
	}
	printf("VBE version      %x.%x\n"
	       "OEM string       %s\n"
	       "vendor           %s\n"
	       "product          %s\n"
	       "product revision %s\n"
	       "OEM software rev %x.%02x\n"
	       "capabilities     0x%08x\n"
	       "video memory     %u KiB\n"
	       "modes (%u):",
	       v.version >> 8, v.version & 0xff, v.oem_string, v.vendor,
	       v.product, v.product_rev, v.oem_software_rev >> 8,
	       v.oem_software_rev & 0xff, v.capabilities, v.total_memory_kb,
	       v.mode_count);
	for (i = 0; i < v.mode_count; i++)
		printf("%s0x%03x", i % 12 ? " " : "\n  ", v.modes[i]);
	printf("\n");
	return 0;
}

static int vbe_mode(unsigned int mode, struct fwcall_ioc_vbe_mode *m)
{
	memset(m, 0, sizeof(*m));
	m->size = sizeof(*m);
	m->mode = mode;
	return ioctl(fd, FWCALL_IOC_VBE_MODE, m);
}

static void print_mode(const struct fwcall_ioc_vbe_mode *m, bool first)
{
	const struct fwcall_cli_field f[] = {
		{ "mode", m->mode, 0 }, { "attributes", m->attributes, 0 },
		{ "x_res", m->x_res, 0 }, { "y_res", m->y_res, 0 }, { "bpp", m->bpp, 0 },
		{ "memory_model", m->memory_model, 0 },
		{ "bytes_per_line", m->bytes_per_line, 0 }, { "phys_base", m->phys_base, 0 },
	};

	if (json) {
		printf("%s{", first ? "" : ",\n ");
		fwcall_cli_fields(stdout, f, ARRAY_SIZE(f), true);
		putchar('}');
		return;
	}
	printf("0x%03x  %5ux%-5u %2u bpp  model %u", m->mode, m->x_res, m->y_res,
	       m->bpp, m->memory_model);
	printf("  %5u bytes/line  attr 0x%04x  fb 0x%08x\n", m->bytes_per_line,
	       m->attributes, m->phys_base);
}

static int cmd_vbe_mode(int argc, char **argv)
{
	struct fwcall_ioc_vbe_mode m;

	if (argc != 1)
		return -1;
	if (vbe_mode(strtoul(argv[0], NULL, 0), &m))
		return fail("VBE 4F01h");
	print_mode(&m, true);
	if (json)
		printf("\n");
	return 0;
}

static int cmd_vbe_modes(void)
{
	static struct fwcall_ioc_vbe_info v;
	struct fwcall_ioc_vbe_mode m;
	unsigned int i;

	if (vbe_info(&v))
		return fail("VBE 4F00h");
	if (json)
		printf("[");
	else
		printf("mode   resolution   depth   model  line\n");
	for (i = 0; i < v.mode_count; i++) {
		if (vbe_mode(v.modes[i], &m))
			return fail("VBE 4F01h");
		print_mode(&m, !i);
	}
	if (json)
		printf("]\n");
	return 0;
}

static int cmd_bios32(int argc, char **argv)
{
	struct fwcall_ioc_bios32_service s = { .size = sizeof(s) };

	if (argc != 1 || strlen(argv[0]) != 4)
		return -1;
	memcpy(&s.id, argv[0], 4);
	if (ioctl(fd, FWCALL_IOC_BIOS32_SERVICE, &s))
		return fail("BIOS32 directory");
	printf(json ? "{\"directory\": %u, \"entry\": %u}\n" :
		      "BIOS32 directory at 0x%05x, service at 0x%05x\n",
	       s.directory, s.entry);
	return 0;
}

static int cmd_int(int argc, char **argv)
{
	struct fwcall_cli_call c;
	struct fwcall_ioc_int r = { .size = sizeof(r) };

	if (fwcall_cli_parse(&c, argc, argv))
		return -1;
	r.vector = c.vector;
	r.regs = c.regs;
	r.ds = c.ds;
	r.es = c.es;
	if (c.buf_len) {
		r.flags = FWCALL_INT_BUF;
		r.buf_len = c.buf_len;
		r.buf = (uintptr_t)c.buf;
	}
	if (ioctl(fd, FWCALL_IOC_INT, &r))
		return fail("int");
	c.regs = r.regs;
	c.ds = r.ds;
	c.es = r.es;
	fwcall_cli_print(stdout, &c, json);
	free(c.buf);
	return 0;
}

static int cmd_far(int argc, char **argv)
{
	struct fwcall_cli_call c;
	struct fwcall_ioc_bios32_call r = { .size = sizeof(r) };

	/* The entry takes the vector's place; no segments, no buffer */
	if (argc < 1)
		return -1;
	r.entry = strtoul(argv[0], NULL, 0);
	argv[0] = "0";
	if (fwcall_cli_parse(&c, argc, argv) || c.buf_len || c.ds || c.es)
		return -1;
	r.regs = c.regs;
	if (ioctl(fd, FWCALL_IOC_BIOS32_CALL, &r))
		return fail("far call");
	{
		const struct fwcall_cli_field f[] = {
			{ "entry", r.entry, 5 }, { "eax", r.regs.eax, 8 },
			{ "ebx", r.regs.ebx, 8 }, { "ecx", r.regs.ecx, 8 },
			{ "edx", r.regs.edx, 8 }, { "esi", r.regs.esi, 8 },
			{ "edi", r.regs.edi, 8 }, { "ebp", r.regs.ebp, 8 },
			{ "eflags", r.regs.eflags, 8 },
		};

		if (json) {
			json_object(f, ARRAY_SIZE(f));
		} else {
			printf("far:");
			fwcall_cli_fields(stdout, f, ARRAY_SIZE(f), false);
			putchar('\n');
		}
	}
	return 0;
}

static void help(void)
{
	fputs("usage: fwcall [--json] SERVICE [ARGS]\n"
	      "  e820                      the BIOS memory map (int 15h E820h)\n"
	      "  memsize                   int 12h, int 15h E801h, int 11h\n"
	      "  rtc                       the RTC's date and time (int 1Ah)\n"
	      "  pcibios                   PCI BIOS installation check (B101h)\n"
	      "  pci-read B:D.F REG [W]    a configuration register, W = 1, 2, 4\n"
	      "  vbe-info                  VBE controller information (4F00h)\n"
	      "  vbe-mode MODE             VBE mode information (4F01h)\n"
	      "  vbe-modes                 4F01h for every listed mode\n"
	      "  bios32 NAME               a BIOS32 service's entry, e.g. '$PCI'\n"
	      "  int VECTOR [REG=VAL]...   a raw real-mode interrupt (CAP_SYS_RAWIO):\n"
	      "  far ENTRY [REG=VAL]...    a far call to a 32-bit BIOS entry (CAP_SYS_RAWIO)\n",
	      stderr);
	fwcall_cli_usage_regs(stderr);
}

int main(int argc, char **argv)
{
	const char *cmd;
	int ret;

	if (argc > 1 && !strcmp(argv[1], "--json")) {
		json = true;
		argv++, argc--;
	}
	if (argc < 2) {
		help();
		return 2;
	}
	fd = open("/dev/fwcall", O_RDWR);
	if (fd < 0)
		return fail("/dev/fwcall");
	cmd = argv[1];
	argc -= 2;
	argv += 2;
	if (!strcmp(cmd, "e820") && !argc)
		ret = cmd_e820();
	else if (!strcmp(cmd, "memsize") && !argc)
		ret = cmd_memsize();
	else if (!strcmp(cmd, "rtc") && !argc)
		ret = cmd_rtc();
	else if (!strcmp(cmd, "pcibios") && !argc)
		ret = cmd_pcibios();
	else if (!strcmp(cmd, "pci-read"))
		ret = cmd_pci_read(argc, argv);
	else if (!strcmp(cmd, "vbe-info") && !argc)
		ret = cmd_vbe_info();
	else if (!strcmp(cmd, "vbe-mode"))
		ret = cmd_vbe_mode(argc, argv);
	else if (!strcmp(cmd, "vbe-modes") && !argc)
		ret = cmd_vbe_modes();
	else if (!strcmp(cmd, "bios32"))
		ret = cmd_bios32(argc, argv);
	else if (!strcmp(cmd, "int"))
		ret = cmd_int(argc, argv);
	else if (!strcmp(cmd, "far"))
		ret = cmd_far(argc, argv);
	else
		ret = -1;
	if (ret < 0) {
		help();
		return 2;
	}
	return ret;
}
