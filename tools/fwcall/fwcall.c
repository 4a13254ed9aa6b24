// SPDX-License-Identifier: GPL-2.0
/*
 * fwcall: call BIOS services on the running machine through /dev/fwcall
 * (drivers/fwcall) and print their answers, as tables or with --json.
 *
 *   fwcall [--json] e820 | memsize | rtc | pcibios | vbe-info | vbe-modes
 *   fwcall [--json] pci-read [DOMAIN:]BUS:DEV.FN REGISTER [WIDTH]
 *   fwcall [--json] vbe-mode MODE
 *   fwcall [--json] bios32 SERVICE             (e.g. '$PCI')
 *   fwcall [--json] int VECTOR [REG=VALUE]... [buf=LENGTH [in=HEX]]
 *   fwcall [--json] far ENTRY [REG=VALUE]...   (a 32-bit BIOS entry)
 *
 * --json and --help may come anywhere.  The whole command line is checked
 * before the device is opened: --help works for any user, and a usage
 * error exits with 2 whoever runs it.  Answers are printed only once the
 * whole command has succeeded, so an error (exit 1) leaves no partial
 * output, and --json output is always one valid JSON value in ASCII.
 *
 * The raw calls, int and far, need a kernel built with CONFIG_FWCALL_RAW,
 * CAP_SYS_RAWIO, no lockdown, and iomem=relaxed under STRICT_DEVMEM.
 * See Documentation/driver-api/fwcall.rst.
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

/* A command line, parsed before the device is opened */
struct request {
	const char *cmd;
	int (*simple)(FILE *out);
	int (*run)(struct request *r, FILE *out);
	unsigned int bus, devfn, where, width;
	unsigned int mode;
	uint32_t id, entry;
	struct fwcall_cli_call call;
};

static bool json;
static int fd;

static int fail(const char *what)
{
	fprintf(stderr, "fwcall: %s: %s\n", what, strerror(errno));
	return 1;
}

/* A JSON object of numbers, on a line of its own */
static void json_object(FILE *out, const struct fwcall_cli_field *fields,
			unsigned int n)
{
	fputc('{', out);
	fwcall_cli_fields(out, fields, n, true);
	fputs("}\n", out);
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

/* The whole map, however long: the kernel says how many entries it has */
static int cmd_e820(FILE *out)
{
	struct fwcall_ioc_e820 req = { .size = sizeof(req) };
	struct fwcall_e820_range *map = NULL;
	unsigned int i;

	while (ioctl(fd, FWCALL_IOC_E820, &req)) {
		if (errno != E2BIG) {
			free(map);
			return fail("E820");
		}
		free(map);
		map = calloc(req.count, sizeof(*map));
		if (!map)
			return fail("E820");
		req.entries = (uintptr_t)map;
	}
	if (json)
		fputs("[", out);
	else
		fputs("  # start              end                type\n", out);
	for (i = 0; i < req.count; i++) {
		unsigned long long start = map[i].addr;
		unsigned long long end = map[i].addr + map[i].size - 1;
		bool attrs = map[i].flags & FWCALL_E820_ATTRS;

		if (json) {
			fprintf(out, "%s\n  {\"start\": %llu, \"end\": %llu, ",
				i ? "," : "", start, end);
			fprintf(out, "\"type\": %u, \"attrs\": ", map[i].type);
			if (attrs)
				fprintf(out, "%u}", map[i].attrs);
			else
				fputs("null}", out);
			continue;
		}
		fprintf(out, "%3u 0x%016llx 0x%016llx %u (%s)", i, start, end,
			map[i].type, e820_type_name(map[i].type));
		if (attrs)
			fprintf(out, ", ACPI 3.0 attributes 0x%x", map[i].attrs);
		fputc('\n', out);
	}
	fputs(json ? "\n]\n" : "", out);
	free(map);
	return 0;
}

/* A number, or JSON's null / the table's "-" when the BIOS gave none */
static void memsize_field(FILE *out, const char *name, unsigned int val,
			  bool valid, const char *sep)
{
	if (valid)
		fprintf(out, "\"%s\": %u%s", name, val, sep);
	else
		fprintf(out, "\"%s\": null%s", name, sep);
}

static int cmd_memsize(FILE *out)
{
	struct fwcall_ioc_memsize m = { .size = sizeof(m) };
	bool base, e801, equip;

	if (ioctl(fd, FWCALL_IOC_MEMSIZE, &m))
		return fail("memsize");
	base = m.flags & FWCALL_MEMSIZE_BASE;
	e801 = m.flags & FWCALL_MEMSIZE_E801;
	equip = m.flags & FWCALL_MEMSIZE_EQUIPMENT;
	if (json) {
		fputc('{', out);
		memsize_field(out, "base_kb", m.base_kb, base, ", ");
		memsize_field(out, "e801_kb_1m_16m", m.e801_kb_1m_16m, e801, ", ");
		memsize_field(out, "e801_blocks_16m_4g", m.e801_blocks_16m_4g, e801, ", ");
		memsize_field(out, "equipment", m.equipment, equip, "}\n");
		return 0;
	}
	if (base)
		fprintf(out, "base memory (int 12h)   %u KiB\n", m.base_kb);
	else
		fputs("base memory (int 12h)   -\n", out);
	if (e801)
		fprintf(out, "1 MiB-16 MiB (E801h)    %u KiB\n"
			"16 MiB-4 GiB (E801h)    %u x 64 KiB = %u MiB\n",
			m.e801_kb_1m_16m, m.e801_blocks_16m_4g,
			m.e801_blocks_16m_4g / 16);
	else
		fputs("1 MiB-16 MiB (E801h)    -\n16 MiB-4 GiB (E801h)    -\n", out);
	if (equip)
		fprintf(out, "equipment (int 11h)     0x%04x\n", m.equipment);
	else
		fputs("equipment (int 11h)     -\n", out);
	return 0;
}

static int cmd_rtc(FILE *out)
{
	struct fwcall_ioc_rtc t = { .size = sizeof(t) };

	if (ioctl(fd, FWCALL_IOC_RTC, &t))
		return fail("RTC");
	fprintf(out, json ? "{\"rtc\": \"%04u-%02u-%02u %02u:%02u:%02u\"}\n" :
			    "%04u-%02u-%02u %02u:%02u:%02u\n",
		t.year, t.month, t.day, t.hour, t.minute, t.second);
	return 0;
}

static int cmd_pcibios(FILE *out)
{
	struct fwcall_ioc_pcibios p = { .size = sizeof(p) };

	if (ioctl(fd, FWCALL_IOC_PCIBIOS, &p))
		return fail("PCI BIOS");
	if (json)
		fprintf(out, "{\"version\": \"%x.%02x\", \"mechanisms\": %u, \"last_bus\": %u}\n",
			p.major, p.minor, p.mechanisms, p.last_bus);
	else
		fprintf(out, "PCI BIOS %x.%02x, configuration mechanisms 0x%02x, last bus %u\n",
			p.major, p.minor, p.mechanisms, p.last_bus);
	return 0;
}

static int cmd_pci_read(struct request *r, FILE *out)
{
	struct fwcall_ioc_pci_read p = {
		.size = sizeof(p), .bus = r->bus, .devfn = r->devfn,
		.where = r->where, .width = r->width,
	};

	if (ioctl(fd, FWCALL_IOC_PCI_READ, &p))
		return fail("PCI read");
	if (json) {
		const struct fwcall_cli_field f[] = {
			{ "domain", 0, 0 }, { "bus", p.bus, 0 }, { "devfn", p.devfn, 0 },
			{ "where", p.where, 0 }, { "width", p.width, 0 },
			{ "value", p.value, 0 },
		};

		json_object(out, f, ARRAY_SIZE(f));
	} else {
		fprintf(out, "0000:%02x:%02x.%x @0x%02x/%u = 0x%0*x\n", p.bus,
			p.devfn >> 3, p.devfn & 7, p.where, p.width,
			(int)p.width * 2, p.value);
	}
	return 0;
}

static int vbe_info(struct fwcall_ioc_vbe_info *v)
{
	memset(v, 0, sizeof(*v));
	v->size = sizeof(*v);
	return ioctl(fd, FWCALL_IOC_VBE_INFO, v);
}

static int cmd_vbe_info(FILE *out)
{
	static struct fwcall_ioc_vbe_info v;
	const struct { const char *name; const char *s; } strs[] = {
		{ "oem_string", v.oem_string }, { "vendor", v.vendor },
		{ "product", v.product }, { "product_rev", v.product_rev },
	};
	unsigned int i;

	if (vbe_info(&v))
		return fail("VBE 4F00h");
	if (json) {
		const struct fwcall_cli_field f[] = {
			{ "oem_software_rev", v.oem_software_rev, 0 },
			{ "capabilities", v.capabilities, 0 },
			{ "total_memory_kb", v.total_memory_kb, 0 },
		};

		fprintf(out, "{\"version\": \"%x.%x\", ", v.version >> 8,
			v.version & 0xff);
		for (i = 0; i < ARRAY_SIZE(strs); i++) {
			fprintf(out, "\"%s\": ", strs[i].name);
			fwcall_cli_json_string(out, strs[i].s, FWCALL_VBE_STR_MAX);
			fputs(", ", out);
		}
		fwcall_cli_fields(out, f, ARRAY_SIZE(f), true);
		fputs(", \"modes\": [", out);
		for (i = 0; i < v.mode_count && i < FWCALL_VBE_MAX_MODES; i++)
			fprintf(out, "%s%u", i ? ", " : "", v.modes[i]);
		fputs("]}\n", out);
		return 0;
	}
	fprintf(out, "VBE version      %x.%x\n"
		"OEM string       %.*s\n"
		"vendor           %.*s\n"
		"product          %.*s\n"
		"product revision %.*s\n"
		"OEM software rev %x.%02x\n"
		"capabilities     0x%08x\n"
		"video memory     %u KiB\n"
		"modes (%u):",
		v.version >> 8, v.version & 0xff,
		FWCALL_VBE_STR_MAX, v.oem_string, FWCALL_VBE_STR_MAX, v.vendor,
		FWCALL_VBE_STR_MAX, v.product, FWCALL_VBE_STR_MAX, v.product_rev,
		v.oem_software_rev >> 8, v.oem_software_rev & 0xff,
		v.capabilities, v.total_memory_kb, v.mode_count);
	for (i = 0; i < v.mode_count && i < FWCALL_VBE_MAX_MODES; i++)
		fprintf(out, "%s0x%03x", i % 12 ? " " : "\n  ", v.modes[i]);
	fputc('\n', out);
	return 0;
}

static int vbe_mode(unsigned int mode, struct fwcall_ioc_vbe_mode *m)
{
	memset(m, 0, sizeof(*m));
	m->size = sizeof(*m);
	m->mode = mode;
	return ioctl(fd, FWCALL_IOC_VBE_MODE, m);
}

static void print_mode(FILE *out, const struct fwcall_ioc_vbe_mode *m,
		       bool first)
{
	const struct fwcall_cli_field f[] = {
		{ "mode", m->mode, 0 }, { "attributes", m->attributes, 0 },
		{ "x_res", m->x_res, 0 }, { "y_res", m->y_res, 0 }, { "bpp", m->bpp, 0 },
		{ "memory_model", m->memory_model, 0 },
		{ "bytes_per_line", m->bytes_per_line, 0 }, { "phys_base", m->phys_base, 0 },
	};

	if (json) {
		fprintf(out, "%s{", first ? "" : ",\n ");
		fwcall_cli_fields(out, f, ARRAY_SIZE(f), true);
		fputc('}', out);
		return;
	}
	fprintf(out, "0x%03x  %5ux%-5u %2u bpp  model %u", m->mode, m->x_res,
		m->y_res, m->bpp, m->memory_model);
	fprintf(out, "  %5u bytes/line  attr 0x%04x  fb 0x%08x\n",
		m->bytes_per_line, m->attributes, m->phys_base);
}

static int cmd_vbe_mode(struct request *r, FILE *out)
{
	struct fwcall_ioc_vbe_mode m;

	if (vbe_mode(r->mode, &m))
		return fail("VBE 4F01h");
	print_mode(out, &m, true);
	if (json)
		fputc('\n', out);
	return 0;
}

static int cmd_vbe_modes(FILE *out)
{
	static struct fwcall_ioc_vbe_info v;
	struct fwcall_ioc_vbe_mode m;
	unsigned int i;

	if (vbe_info(&v))
		return fail("VBE 4F00h");
	fputs(json ? "[" : "mode   resolution   depth   model  line\n", out);
	for (i = 0; i < v.mode_count && i < FWCALL_VBE_MAX_MODES; i++) {
		if (vbe_mode(v.modes[i], &m))
			return fail("VBE 4F01h");
		print_mode(out, &m, !i);
	}
	if (json)
		fputs("]\n", out);
	return 0;
}

static int cmd_bios32(struct request *r, FILE *out)
{
	struct fwcall_ioc_bios32_service s = { .size = sizeof(s), .id = r->id };

	if (ioctl(fd, FWCALL_IOC_BIOS32_SERVICE, &s))
		return fail("BIOS32 directory");
	fprintf(out, json ? "{\"directory\": %u, \"entry\": %u}\n" :
			    "BIOS32 directory at 0x%05x, service at 0x%05x\n",
		s.directory, s.entry);
	return 0;
}

static int cmd_int(struct request *r, FILE *out)
{
	struct fwcall_cli_call *c = &r->call;

	if (fwcall_cli_ioctl(fd, c))
		return fail("int");
	fwcall_cli_print(out, c, json);
	return 0;
}

static int cmd_far(struct request *r, FILE *out)
{
	struct fwcall_ioc_bios32_call b = {
		.size = sizeof(b), .entry = r->entry, .regs = r->call.regs,
	};

	if (ioctl(fd, FWCALL_IOC_BIOS32_CALL, &b))
		return fail("far call");
	{
		const struct fwcall_cli_field f[] = {
			{ "entry", b.entry, 5 }, { "eax", b.regs.eax, 8 },
			{ "ebx", b.regs.ebx, 8 }, { "ecx", b.regs.ecx, 8 },
			{ "edx", b.regs.edx, 8 }, { "esi", b.regs.esi, 8 },
			{ "edi", b.regs.edi, 8 }, { "ebp", b.regs.ebp, 8 },
			{ "eflags", b.regs.eflags, 8 },
		};

		if (json) {
			json_object(out, f, ARRAY_SIZE(f));
		} else {
			fputs("far:", out);
			fwcall_cli_fields(out, f, ARRAY_SIZE(f), false);
			fputc('\n', out);
		}
	}
	return 0;
}

static void help_text(FILE *f)
{
	fputs("usage: fwcall [--json] SERVICE [ARGS]\n"
	      "  e820                      the BIOS memory map (int 15h E820h)\n"
	      "  memsize                   int 12h, int 15h E801h, int 11h\n"
	      "  rtc                       the RTC's date and time (int 1Ah)\n"
	      "  pcibios                   PCI BIOS installation check (B101h)\n"
	      "  pci-read [DDDD:]BB:DD.F REG [W]\n"
	      "                            a configuration register, W = 1, 2, 4\n"
	      "                            (domain 0 only: the PCI BIOS's)\n"
	      "  vbe-info                  VBE controller information (4F00h)\n"
	      "  vbe-mode MODE             VBE mode information (4F01h)\n"
	      "  vbe-modes                 4F01h for every listed mode\n"
	      "  bios32 NAME               a BIOS32 service's entry, e.g. '$PCI'\n"
	      "  int VECTOR [REG=VAL]...   a raw real-mode interrupt (CAP_SYS_RAWIO):\n"
	      "  far ENTRY [REG=VAL]...    a far call to a 32-bit BIOS entry (CAP_SYS_RAWIO)\n",
	      f);
	fwcall_cli_usage_regs(f);
	fputs("  --json anywhere prints JSON; --help prints this.\n", f);
}

/* 1 to @digits hex digits, at most @max; 0 or -1 */
static int hex_field(const char *s, size_t len, unsigned int digits,
		     unsigned int max, unsigned int *val)
{
	char field[8];
	unsigned long long v;

	if (!len || len > digits)
		return -1;
	memcpy(field, "0x", 2);
	memcpy(field + 2, s, len);
	field[2 + len] = 0;
	if (strspn(field + 2, "0123456789abcdefABCDEF") != len ||
	    fwcall_cli_number(field, max, &v))
		return -1;
	*val = v;
	return 0;
}

/* [DDDD:]BB:DD.F, hex, as lspci writes it; 0 or -1 */
static int parse_bdf(const char *s, struct request *r)
{
	const char *c1 = strchr(s, ':'), *c2, *dot, *bdf = s;
	unsigned int domain = 0, dev, fn;

	if (!c1)
		return -1;
	c2 = strchr(c1 + 1, ':');
	if (c2) {
		if (hex_field(s, c1 - s, 4, 0xffff, &domain))
			return -1;
		s = c1 + 1;
		c1 = c2;
	}
	dot = strchr(c1 + 1, '.');
	if (!dot || hex_field(s, c1 - s, 2, 0xff, &r->bus) ||
	    hex_field(c1 + 1, dot - c1 - 1, 2, 0x1f, &dev) ||
	    hex_field(dot + 1, strlen(dot + 1), 1, 7, &fn))
		return -1;
	if (domain) {
		fprintf(stderr, "fwcall: %s: the PCI BIOS reaches PCI domain 0 only\n",
			bdf);
		return -1;
	}
	r->devfn = dev << 3 | fn;
	return 0;
}

static int parse_pci_read(struct request *r, int argc, char **argv)
{
	unsigned long long where, width = 4;

	if (argc < 2 || argc > 3 || parse_bdf(argv[0], r) ||
	    fwcall_cli_number(argv[1], 255, &where) ||
	    (argc == 3 && fwcall_cli_number(argv[2], 4, &width)) ||
	    (width != 1 && width != 2 && width != 4) || where % width)
		return -1;
	r->where = where;
	r->width = width;
	return 0;
}

static int parse_far(struct request *r, int argc, char **argv)
{
	struct fwcall_cli_call *c = &r->call;
	unsigned long long entry;
	char *vector = "0";
	int ret;

	/* The entry takes the vector's place; no segments, no buffer */
	if (argc < 1 || fwcall_cli_number(argv[0], UINT32_MAX, &entry))
		return -1;
	r->entry = entry;
	argv[0] = vector;
	ret = fwcall_cli_parse(c, argc, argv);
	if (ret || c->buf_len || c->ds || c->es)
		return -1;
	return 0;
}

/* The command and its arguments (no options left): 0 or -1 */
static int parse(struct request *r, int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(FILE *out);
	} simple[] = {
		{ "e820", cmd_e820 }, { "memsize", cmd_memsize }, { "rtc", cmd_rtc },
		{ "pcibios", cmd_pcibios }, { "vbe-info", cmd_vbe_info },
		{ "vbe-modes", cmd_vbe_modes },
	};
	unsigned long long mode;
	unsigned int i;

	if (argc < 1)
		return -1;
	r->cmd = argv[0];
	argc--;
	argv++;
	for (i = 0; i < ARRAY_SIZE(simple); i++) {
		if (!strcmp(r->cmd, simple[i].name)) {
			r->simple = simple[i].run;
			return argc ? -1 : 0;
		}
	}
	if (!strcmp(r->cmd, "pci-read")) {
		r->run = cmd_pci_read;
		return parse_pci_read(r, argc, argv);
	}
	if (!strcmp(r->cmd, "vbe-mode")) {
		r->run = cmd_vbe_mode;
		if (argc != 1 || fwcall_cli_number(argv[0], 0xffff, &mode))
			return -1;
		r->mode = mode;
		return 0;
	}
	if (!strcmp(r->cmd, "bios32")) {
		r->run = cmd_bios32;
		if (argc != 1 || strlen(argv[0]) != 4)
			return -1;
		memcpy(&r->id, argv[0], 4);
		return 0;
	}
	if (!strcmp(r->cmd, "int")) {
		r->run = cmd_int;
		return fwcall_cli_parse(&r->call, argc, argv) ? -1 : 0;
	}
	if (!strcmp(r->cmd, "far")) {
		r->run = cmd_far;
		return parse_far(r, argc, argv);
	}
	return -1;
}

int main(int argc, char **argv)
{
	struct request r = { 0 };
	char **args, *text = NULL, *unknown = NULL;
	size_t len = 0;
	bool help = false;
	int i, n = 0, ret;
	FILE *out;

	/* Options anywhere; "--" ends them */
	args = calloc(argc + 1, sizeof(*args));
	if (!args)
		return fail("arguments");
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			while (++i < argc)
				args[n++] = argv[i];
			break;
		}
		if (!strcmp(argv[i], "--json"))
			json = true;
		else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			help = true;
		else if (strncmp(argv[i], "--", 2))
			args[n++] = argv[i];
		else if (!unknown)
			unknown = argv[i];
	}
	if (help) {
		help_text(stdout);
		return 0;
	}
	if (unknown) {
		fprintf(stderr, "fwcall: unknown option %s\n", unknown);
		help_text(stderr);
		return 2;
	}
	if (parse(&r, n, args)) {
		fprintf(stderr, "fwcall: %s: bad or missing arguments\n",
			r.cmd ? r.cmd : "no service");
		help_text(stderr);
		return 2;
	}

	fd = open("/dev/fwcall", O_RDWR);
	if (fd < 0)
		return fail("/dev/fwcall");
	out = open_memstream(&text, &len);
	if (!out)
		return fail("output");
	ret = r.simple ? r.simple(out) : r.run(&r, out);
	if (fclose(out))
		ret = fail("output");
	if (!ret && fwrite(text, 1, len, stdout) != len)
		ret = fail("output");
	free(text);
	free(r.call.buf);
	close(fd);
	if (fflush(stdout))
		ret = fail("output");
	return ret;
}
