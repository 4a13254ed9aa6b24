// SPDX-License-Identifier: GPL-2.0
/*
 * kjump-resume: in a fresh boot (kernel C), load a hibernation image that
 * kjump-save wrote and jump back into the kernel it holds.
 *
 *	kjump-resume [--jump] DEVICE
 *
 * Every check comes before anything is jumped to:
 * - the header and its checksum, and sizes that agree with each other;
 * - the device long enough for the image (a truncated image);
 * - the build: kernel A's build ID must be the running kernel's (from
 *   /sys/kernel/notes), at the same virtual and physical place (no other
 *   KASLR offset): the jump goes to A's code at A's physical addresses;
 * - the machine: every page of the image must be RAM here, this boot must
 *   have started no other CPU (maxcpus=1: an offline CPU waits in code
 *   the image replaces), and the image must fit in free memory;
 * - the program headers' and the page table's checksums, and each page's
 *   checksum as it is loaded (or skipped).
 * The pages go to A's physical addresses with kexec_load() in stages
 * (KEXEC_STAGE_START, _MIDDLE, _FINAL), KEXEC_SEGMENT_MAX segments a call,
 * with KEXEC_PRESERVE_CONTEXT and A's jump-back entry as the entry point;
 * the displaced pages in kernel B's RAM are left out, A's return from the
 * jump copying their backups back.  A refused page ends the load in
 * progress, which frees it.  With --jump, the image's header is cleared
 * (an image resumes once), and reboot(LINUX_REBOOT_CMD_KEXEC) swaps A's
 * pages in and calls A's entry: A resumes where it jumped to kernel B, and
 * this process does not come back.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <linux/kexec.h>
#include <linux/reboot.h>

#include "kjump.h"

/* include/uapi/linux/kexec.h of this kernel; libc's headers may be older */
#ifndef KEXEC_STAGE_MASK
#define KEXEC_STAGE_MASK	0x00000300
#define KEXEC_STAGE_FULL	0x00000000
#define KEXEC_STAGE_START	0x00000100
#define KEXEC_STAGE_MIDDLE	0x00000200
#define KEXEC_STAGE_FINAL	0x00000300
#endif

#define SEG_PAGES		64	/* at most, per segment: 256 KiB */
#define NT_GNU_BUILD_ID_TYPE	3
#define START_KERNEL_MAP	0xffffffff80000000UL
#define MAX_RAM			64

static const char *dev;

/* Say why the image is refused (fprintf checks the format); 1 */
#define refuse(fmt, ...)						\
	(fprintf(stderr, "kjump-resume: %s: refused: " fmt "\n", dev,	\
		 ##__VA_ARGS__), 1)

/* The running kernel's build ID, in hex, from its notes */
static int running_build_id(char *hex, size_t size)
{
	unsigned char notes[4096], *p;
	const struct elf64_note *n;
	size_t len, off = 0, name, desc, i;
	int fd;
	ssize_t r;

	fd = open("/sys/kernel/notes", O_RDONLY);
	if (fd < 0)
		return -errno;
	r = read(fd, notes, sizeof(notes));
	close(fd);
	if (r < 0)
		return -errno;
	len = r;
	while (off + sizeof(*n) <= len) {
		n = (const struct elf64_note *)(notes + off);
		name = ((size_t)n->n_namesz + 3) & ~3UL;
		desc = ((size_t)n->n_descsz + 3) & ~3UL;
		p = notes + off + sizeof(*n);
		if (name + desc > len - off - sizeof(*n))
			break;
		if (n->n_type == NT_GNU_BUILD_ID_TYPE && n->n_namesz == 4 &&
		    !memcmp(p, "GNU", 4) && 2 * (size_t)n->n_descsz < size) {
			for (i = 0; i < n->n_descsz; i++)
				sprintf(hex + 2 * i, "%02x", p[name + i]);
			return 0;
		}
		off += sizeof(*n) + name + desc;
	}
	return -ENOENT;
}

/* The running kernel's System RAM, and where its code is, from /proc/iomem */
static struct kjump_range ram[MAX_RAM];
static unsigned int nr_ram;
static uint64_t kernel_code;

static int read_iomem(void)
{
	struct kjump_range code;
	int n;

	n = kjump_iomem("System RAM", 1, ram, MAX_RAM);
	if (n <= 0)
		return n ? n : -ENOENT;
	nr_ram = n;
	n = kjump_iomem("Kernel code", 0, &code, 1);
	if (n <= 0)
		return n ? n : -ENOENT;
	kernel_code = code.start;
	return 0;
}

static int is_ram(uint64_t start, uint64_t len)
{
	unsigned int i;

	for (i = 0; i < nr_ram; i++)
		if (start >= ram[i].start && start + len <= ram[i].end)
			return 1;
	return 0;
}

/* The running kernel's _text, from /proc/kallsyms (root sees addresses) */
static int running_text(uint64_t *text)
{
	unsigned long long addr;
	char line[256], sym[128], type;
	FILE *f;

	f = fopen("/proc/kallsyms", "r");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx %c %127s", &addr, &type, sym) == 3 &&
		    !strcmp(sym, "_text")) {
			fclose(f);
			*text = addr;
			return addr ? 0 : -EPERM;
		}
	}
	fclose(f);
	return -ENOENT;
}

static unsigned long meminfo_kb(const char *key)
{
	unsigned long kb = 0;
	char line[128];
	size_t len = strlen(key);
	FILE *f;

	f = fopen("/proc/meminfo", "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, len) && line[len] == ':')
			sscanf(line + len + 1, "%lu", &kb);
	fclose(f);
	return kb;
}

static int skipped(const struct kjump_image_hdr *hdr, uint64_t pa)
{
	int i;

	for (i = 0; i < KJUMP_SKIP_MAX; i++)
		if (pa >= hdr->skip[i].start && pa < hdr->skip[i].end)
			return 1;
	return 0;
}

/* The header: its checksum, sizes that agree, the device long enough */
static int check_header(int fd, uint64_t dev_size, struct kjump_image_hdr *hdr)
{
	uint64_t need;

	if (dev_size < sizeof(*hdr) ||
	    kjump_read_full(fd, hdr, sizeof(*hdr), 0) ||
	    memcmp(hdr->magic, KJUMP_MAGIC, sizeof(hdr->magic)))
		return refuse("no hibernation image (no %s header)", KJUMP_MAGIC);
	if (hdr->version != KJUMP_VERSION || hdr->hdr_size != sizeof(*hdr))
		return refuse("image version %u, header %u bytes: not this tool's (%u, %zu)",
			      hdr->version, hdr->hdr_size, KJUMP_VERSION, sizeof(*hdr));
	if (hdr->hdr_csum != kjump_hdr_csum(hdr))
		return refuse("the image header's checksum does not match: corrupted");
	hdr->build_id[KJUMP_BUILD_ID_MAX] = '\0';
	hdr->osrelease[sizeof(hdr->osrelease) - 1] = '\0';
	if (!hdr->nr_pages || hdr->nr_pages > KJUMP_FILE_MAX / KJUMP_PAGE ||
	    hdr->elf_size > KJUMP_FILE_MAX || hdr->table_offset > KJUMP_FILE_MAX ||
	    hdr->table_offset < KJUMP_ELF_OFFSET + hdr->elf_size)
		return refuse("sizes that do not agree: %lu pages, ELF %lu bytes, table at %lu",
			      hdr->nr_pages, hdr->elf_size, hdr->table_offset);
	need = hdr->table_offset + hdr->nr_pages * 8;
	if (need > dev_size)
		return refuse("truncated: the image needs %lu bytes, the device has %lu",
			      need, dev_size);
	if (!hdr->entry)
		return refuse("a snapshot, not a hibernation image (no jump-back entry)");
	return 0;
}

/* This kernel must be A's build at A's place, on a machine A fits in */
static int check_machine(const struct kjump_image_hdr *hdr,
			 const struct kjump_core *core)
{
	char running[2 * KJUMP_BUILD_ID_MAX + 1] = "", val[32], cmdline[4096];
	uint64_t text = 0, a_offset, a_phys_base, c_offset, c_phys_base, pa, off;
	unsigned long avail;
	size_t k;
	int err, fd;
	ssize_t r;

	err = running_build_id(running, sizeof(running));
	if (err)
		return refuse("no build ID in /sys/kernel/notes: %s", strerror(-err));
	if (strcmp(running, hdr->build_id))
		return refuse("image of another kernel build: %s (%s), this kernel is %s",
			      hdr->build_id, hdr->osrelease, running);

	/* Where the kernel is: the KASLR offsets, virtual and physical */
	if (!core->vmcoreinfo ||
	    kjump_vmcoreinfo(core->vmcoreinfo, "KERNELOFFSET", val, sizeof(val)))
		return refuse("no KERNELOFFSET in the image's VMCOREINFO");
	a_offset = strtoull(val, NULL, 16);
	if (kjump_vmcoreinfo(core->vmcoreinfo, "NUMBER(phys_base)", val, sizeof(val)))
		return refuse("no NUMBER(phys_base) in the image's VMCOREINFO");
	a_phys_base = strtoull(val, NULL, 0);
	err = running_text(&text);
	if (!err)
		err = read_iomem();
	if (err)
		return refuse("cannot tell where this kernel is (/proc/kallsyms, /proc/iomem): %s",
			      strerror(-err));
	/* _text is at 0xffffffff81000000 + KERNELOFFSET, phys_base + its offset */
	c_offset = text - (START_KERNEL_MAP + 0x1000000);
	c_phys_base = kernel_code - (text - START_KERNEL_MAP);
	if (a_offset != c_offset || a_phys_base != c_phys_base)
		return refuse("a kernel elsewhere (KASLR): 0x%lx, 0x%lx; here 0x%lx, 0x%lx",
			      a_offset, a_phys_base, c_offset, c_phys_base);

	/* One CPU: the others would wait in code the image replaces */
	fd = open("/proc/cmdline", O_RDONLY);
	r = fd < 0 ? -1 : read(fd, cmdline, sizeof(cmdline) - 1);
	if (fd >= 0)
		close(fd);
	cmdline[r > 0 ? r : 0] = '\0';
	if (!strstr(cmdline, "maxcpus=1") && !strstr(cmdline, "nr_cpus=1") &&
	    sysconf(_SC_NPROCESSORS_CONF) > 1)
		return refuse("this boot started other CPUs: resume from a boot with maxcpus=1");

	/* Every page is RAM here, and the pages fit in free memory */
	for (k = 0; k < core->ehdr.e_phnum; k++) {
		const struct elf64_phdr *p = &core->phdr[k];

		if (p->p_type != PT_LOAD)
			continue;
		if (p->p_filesz % KJUMP_PAGE || p->p_paddr % KJUMP_PAGE)
			return refuse("PT_LOAD at 0x%lx not in whole pages",
				      (uint64_t)p->p_paddr);
		if (!is_ram(p->p_paddr, p->p_filesz))
			return refuse("memory at 0x%lx-0x%lx is not RAM here: another machine",
				      (uint64_t)p->p_paddr,
				      (uint64_t)(p->p_paddr + p->p_filesz));
	}
	if (kjump_core_find(core, hdr->entry, &off) || skipped(hdr, hdr->entry))
		return refuse("the entry 0x%lx is in no page the image loads", hdr->entry);
	avail = meminfo_kb("MemAvailable");
	pa = hdr->nr_pages * (KJUMP_PAGE / 1024);
	if (pa + (16 << 10) > avail || pa > meminfo_kb("MemTotal") / 2)
		return refuse("%lu KiB of pages, %lu KiB available: too little memory",
			      pa, avail);
	return 0;
}

static long kexec_load(unsigned long entry, unsigned long nr,
		       struct kexec_segment *seg, unsigned long flags)
{
	return syscall(SYS_kexec_load, entry, nr, seg, flags);
}

/**
 * struct loader - the staged load of an image's pages
 * @seg: segments of the next call
 * @buf: their data
 * @nr: segments in @seg
 * @calls: kexec_load() calls made
 * @segments: segments loaded
 * @pages: pages loaded
 * @stage: the next call's stage
 * @entry: the image's entry point
 * @in_progress: a staged load is in progress (its start succeeded, no
 *	call failed since: a failed call ended it)
 */
struct loader {
	struct kexec_segment seg[KEXEC_SEGMENT_MAX];
	unsigned char *buf;
	unsigned int nr;
	unsigned long calls, segments, pages, stage, entry;
	int in_progress;
};

static int flush(struct loader *l, unsigned long stage)
{
	if (kexec_load(l->entry, l->nr, l->seg,
		       KEXEC_PRESERVE_CONTEXT | stage) < 0) {
		l->in_progress = 0;
		return -errno;
	}
	l->in_progress = stage != KEXEC_STAGE_FINAL;
	l->calls++;
	l->segments += l->nr;
	l->nr = 0;
	l->stage = KEXEC_STAGE_MIDDLE;
	return 0;
}

/*
 * End the staged load in progress, which frees it: a full load while one
 * is in progress is refused and ends it.  Nothing to do without one.
 */
static void abandon_load(struct loader *l)
{
	if (l->in_progress)
		kexec_load(l->entry, 0, NULL, KEXEC_PRESERVE_CONTEXT | KEXEC_STAGE_FULL);
	l->in_progress = 0;
}

/* Read @len bytes of the dump from @i into PT_LOAD @p, each page checked */
static int read_checked(int fd, const struct kjump_core *core,
			const struct elf64_phdr *p, uint64_t i,
			unsigned char *data, uint64_t len,
			const uint64_t *table, uint64_t *n)
{
	uint64_t pa = p->p_paddr + i, j;

	if (kjump_read_full(fd, data, len, core->base + p->p_offset + i))
		return refuse("cannot read the page at 0x%lx", pa);
	for (j = 0; j < len; j += KJUMP_PAGE, (*n)++)
		if (kjump_csum(data + j, KJUMP_PAGE) != table[*n])
			return refuse("page 0x%lx fails its checksum: corrupted", pa + j);
	return 0;
}

/* Load the image's pages, each checked against its checksum */
static int load_pages(int fd, const struct kjump_image_hdr *hdr,
		      const struct kjump_core *core, const uint64_t *table,
		      struct loader *l)
{
	uint64_t n = 0, i, j, chunk, pa;
	unsigned char *data;
	size_t k;
	int err;

	for (k = 0; k < core->ehdr.e_phnum; k++) {
		const struct elf64_phdr *p = &core->phdr[k];

		if (p->p_type != PT_LOAD)
			continue;
		for (i = 0; i < p->p_filesz; i += chunk) {
			chunk = p->p_filesz - i;
			if (chunk > SEG_PAGES * KJUMP_PAGE)
				chunk = SEG_PAGES * KJUMP_PAGE;
			pa = p->p_paddr + i;
			data = l->buf + l->nr * SEG_PAGES * KJUMP_PAGE;
			/* Not loaded, but checked all the same */
			if (skipped(hdr, pa)) {
				chunk = KJUMP_PAGE;
				if (read_checked(fd, core, p, i, data, chunk, table, &n))
					return 1;
				continue;
			}
			/* A segment stops before a page that is skipped */
			for (j = KJUMP_PAGE; j < chunk; j += KJUMP_PAGE)
				if (skipped(hdr, pa + j))
					chunk = j;
			if (read_checked(fd, core, p, i, data, chunk, table, &n))
				return 1;
			l->seg[l->nr].buf = data;
			l->seg[l->nr].bufsz = chunk;
			l->seg[l->nr].mem = (void *)(uintptr_t)pa;
			l->seg[l->nr].memsz = chunk;
			l->pages += chunk / KJUMP_PAGE;
			if (++l->nr < KEXEC_SEGMENT_MAX)
				continue;
			err = flush(l, l->stage);
			if (err)
				return refuse("kexec_load() in stages: %s", strerror(-err));
		}
	}
	err = flush(l, l->calls ? KEXEC_STAGE_FINAL : KEXEC_STAGE_START);
	if (!err && l->calls == 1)
		err = flush(l, KEXEC_STAGE_FINAL);
	if (err)
		return refuse("kexec_load() in stages: %s", strerror(-err));
	return 0;
}

int main(int argc, char **argv)
{
	struct kjump_image_hdr hdr, cleared;
	struct kjump_core core;
	struct loader l = { .stage = KEXEC_STAGE_START };
	struct timespec t0, t1;
	uint64_t *table;
	int jump = 0, fd, err;
	off_t sz;

	if (argc == 3 && !strcmp(argv[1], "--jump")) {
		jump = 1;
		argv++;
		argc--;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: kjump-resume [--jump] DEVICE\n");
		return 2;
	}
	dev = argv[1];
	clock_gettime(CLOCK_MONOTONIC, &t0);
	fd = open(dev, jump ? O_RDWR : O_RDONLY);
	if (fd < 0)
		return refuse("%s", strerror(errno));
	sz = lseek(fd, 0, SEEK_END);
	if (sz < 0)
		return refuse("%s", strerror(errno));
	if (check_header(fd, sz, &hdr))
		return 1;

	/* The program headers, the machine, the page checksums */
	err = kjump_core_open(&core, fd, KJUMP_ELF_OFFSET);
	if (err) {
		kjump_core_close(&core);
		return refuse("no x86_64 ELF core dump at %lu: %s", KJUMP_ELF_OFFSET,
			      strerror(-err));
	}
	if (kjump_csum(core.hdr_buf, core.hdr_bytes) != hdr.elf_csum)
		return refuse("the program headers' checksum does not match: corrupted");
	if (kjump_core_end(&core) > hdr.elf_size ||
	    kjump_core_pages(&core) != hdr.nr_pages)
		return refuse("the dump's program headers do not agree with the header");
	if (check_machine(&hdr, &core))
		return 1;
	table = malloc(hdr.nr_pages * 8);
	if (!table || kjump_read_full(fd, table, hdr.nr_pages * 8, hdr.table_offset))
		return refuse("cannot read the page checksums");
	if (kjump_csum(table, hdr.nr_pages * 8) != hdr.table_csum)
		return refuse("the page checksums' checksum does not match: corrupted");

	l.entry = hdr.entry;
	l.buf = malloc(KEXEC_SEGMENT_MAX * SEG_PAGES * KJUMP_PAGE);
	if (!l.buf)
		return refuse("%s", strerror(ENOMEM));
	if (load_pages(fd, &hdr, &core, table, &l)) {
		abandon_load(&l);
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("kjump-resume: %s: %lu of %lu pages (%lu MiB) of %s build %s loaded ",
	       dev, l.pages, hdr.nr_pages, l.pages * KJUMP_PAGE >> 20,
	       hdr.osrelease, hdr.build_id);
	printf("in %lu segments, %lu calls, %ld ms; entry 0x%lx\n",
	       l.segments, l.calls, (t1.tv_sec - t0.tv_sec) * 1000 +
	       (t1.tv_nsec - t0.tv_nsec) / 1000000, hdr.entry);
	fflush(stdout);
	if (!jump)
		return 0;

	/* An image resumes once: A goes on, and its disks with it */
	memset(&cleared, 0, sizeof(cleared));
	if (kjump_write_full(fd, &cleared, sizeof(cleared), 0) || fdatasync(fd))
		return refuse("cannot clear the image's header: %s", strerror(errno));
	sync();
	reboot(LINUX_REBOOT_CMD_KEXEC);
	err = errno;
	kjump_write_full(fd, &hdr, sizeof(hdr), 0);
	fdatasync(fd);
	fprintf(stderr, "kjump-resume: the jump failed: %s\n", strerror(err));
	return 1;
}
