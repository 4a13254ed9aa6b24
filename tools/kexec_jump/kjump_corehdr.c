// SPDX-License-Identifier: GPL-2.0
/*
 * kjump-corehdr: in kernel A, after kernel B is loaded with
 * kexec --load-preserve-context, write the ELF core header that gives B a
 * /proc/vmcore of A's memory (elfcorehdr= on B's command line).
 *
 *	kjump-corehdr ADDR SIZE
 *
 * ADDR is memory A reserved at boot (memmap=SIZE$ADDR) and B does not use:
 * the header is written there through /dev/mem, after a check that the
 * range lies in a "Reserved" entry of /proc/iomem, and after the header
 * of an earlier jump there is cleared (a B that reads none fails, where a
 * stale one would give it the wrong backups).  It has a PT_NOTE for
 * A's VMCOREINFO note and PT_LOADs for A's System RAM, in which every page
 * B's image displaces takes its contents from the backup page that
 * /sys/kernel/kexec_pgmap names: at the jump, kexec swaps each destination
 * page with its source page, so A's page is there while B runs.  Without
 * it, a dump made in B would hold B's own pages at those addresses.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/kexec.h>

#include "kjump.h"

#ifndef KEXEC_STAGE_MASK
struct kexec_pgmap_entry {
	__u64 dest;
	__u64 backup;
};
#endif

#define MAX_RANGES	64
#define MAX_PHDRS	65534	/* below PN_XNUM */

static struct kjump_range ram[MAX_RANGES];
static unsigned int nr_ram;
static struct kexec_pgmap_entry *map;
static size_t nr_map;
static struct elf64_phdr *phdr;
static size_t nr_phdr;

static int die(const char *what, int err)
{
	fprintf(stderr, "kjump-corehdr: %s: %s\n", what, strerror(err));
	return 1;
}

/* A's top-level "System RAM" ranges, in whole pages */
static int read_ram(void)
{
	unsigned int i;
	int n;

	n = kjump_iomem("System RAM", 1, ram, MAX_RANGES);
	if (n <= 0)
		return n ? n : -ENOENT;
	for (i = 0; i < (unsigned int)n; i++) {
		ram[i].start = (ram[i].start + KJUMP_PAGE - 1) & ~(KJUMP_PAGE - 1);
		ram[i].end &= ~(KJUMP_PAGE - 1);
	}
	nr_ram = n;
	return 0;
}

/* ADDR and SIZE: inside one top-level "Reserved" range, not in RAM */
static int check_reserved(uint64_t addr, uint64_t size)
{
	struct kjump_range res[MAX_RANGES];
	int i, n, ok = 0;

	n = kjump_iomem("Reserved", 1, res, MAX_RANGES);
	for (i = 0; i < n; i++)
		if (addr >= res[i].start && addr + size <= res[i].end)
			ok = 1;
	for (i = 0; i < (int)nr_ram; i++)
		if (addr < ram[i].end && addr + size > ram[i].start)
			ok = 0;
	return n < 0 ? n : ok ? 0 : -EINVAL;
}

/* The loaded image's map of destination pages to their backups */
static int read_map(void)
{
	size_t cap = 0, n;
	int fd, tries = 0;

	fd = open("/sys/kernel/kexec_pgmap", O_RDONLY);
	if (fd < 0)
		return -errno;
	for (;;) {
		if (nr_map == cap) {
			cap = cap ? 2 * cap : 65536;
			map = realloc(map, cap * sizeof(*map));
			if (!map) {
				close(fd);
				return -ENOMEM;
			}
		}
		n = read(fd, map + nr_map, (cap - nr_map) * sizeof(*map));
		/* The kernel reads the map under the kexec lock, or -EBUSY */
		if ((ssize_t)n < 0 && errno == EBUSY && ++tries < 50) {
			usleep(20000);
			continue;
		}
		if ((ssize_t)n < 0) {
			close(fd);
			return -errno;
		}
		if (!n)
			break;
		nr_map += n / sizeof(*map);
	}
	close(fd);
	return nr_map ? 0 : -ENOENT;
}

/* The direct map's offset, from /proc/kcore's RAM program headers */
static int read_page_offset(uint64_t *page_offset)
{
	struct elf64_hdr eh;
	struct elf64_phdr ph;
	uint64_t best = UINT64_MAX;
	int fd, err = 0, i;

	fd = open("/proc/kcore", O_RDONLY);
	if (fd < 0)
		return -errno;
	err = kjump_read_full(fd, &eh, sizeof(eh), 0);
	for (i = 0; !err && i < eh.e_phnum; i++) {
		err = kjump_read_full(fd, &ph, sizeof(ph),
				      eh.e_phoff + i * sizeof(ph));
		if (err || ph.p_type != PT_LOAD || ph.p_paddr == UINT64_MAX ||
		    ph.p_vaddr < ph.p_paddr)
			continue;
		/* RAM's is the lowest: the vmemmap and the text lie above */
		if (ph.p_vaddr - ph.p_paddr < best)
			best = ph.p_vaddr - ph.p_paddr;
	}
	close(fd);
	if (err)
		return err;
	if (best == UINT64_MAX)
		return -ENOENT;
	*page_offset = best;
	return 0;
}

/* Where A's page @paddr is while B runs; @found: a page of B's image */
static uint64_t backup_of(uint64_t paddr, int *found)
{
	size_t lo = 0, hi = nr_map, mid;

	*found = 1;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (map[mid].dest == paddr)
			return map[mid].backup;
		if (map[mid].dest < paddr)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = 0;
	return paddr;
}

static int add_phdr(uint32_t type, uint64_t paddr, uint64_t offset,
		    uint64_t size, uint64_t vaddr)
{
	struct elf64_phdr *p = nr_phdr ? &phdr[nr_phdr - 1] : NULL;

	/* Extend the last PT_LOAD when both addresses follow on */
	if (type == PT_LOAD && p && p->p_type == PT_LOAD &&
	    p->p_paddr + p->p_memsz == paddr &&
	    p->p_offset + p->p_filesz == offset) {
		p->p_filesz += size;
		p->p_memsz += size;
		return 0;
	}
	if (nr_phdr == MAX_PHDRS)
		return -E2BIG;
	p = &phdr[nr_phdr++];
	memset(p, 0, sizeof(*p));
	p->p_type = type;
	p->p_flags = type == PT_LOAD ? PF_R | PF_W | PF_X : 0;
	p->p_offset = offset;
	p->p_paddr = paddr;
	p->p_vaddr = vaddr;
	p->p_filesz = size;
	p->p_memsz = size;
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long long note_addr;
	uint64_t addr, size, page_offset = 0, pa, moved = 0, own = 0, bytes;
	unsigned int note_size, i;
	int found;
	struct elf64_hdr *eh;
	unsigned char *hdr;
	int err, fd;
	FILE *f;

	if (argc != 3) {
		fprintf(stderr, "usage: kjump-corehdr ADDR SIZE\n");
		return 2;
	}
	addr = strtoull(argv[1], NULL, 0);
	size = strtoull(argv[2], NULL, 0);
	if (!size || size > (1ULL << 32) || addr & (KJUMP_PAGE - 1))
		return die("ADDR SIZE", EINVAL);
	err = read_ram();
	if (err)
		return die("/proc/iomem", -err);
	err = check_reserved(addr, size);
	if (err)
		return die("ADDR SIZE: not memory reserved at boot (memmap=SIZE$ADDR)", -err);
	fd = open("/dev/mem", O_RDWR | O_SYNC);
	if (fd < 0)
		return die("/dev/mem", errno);
	/* No header there until this one is whole */
	hdr = calloc(1, sizeof(*eh));
	if (!hdr)
		return die("header", ENOMEM);
	err = kjump_write_full(fd, hdr, sizeof(*eh), addr);
	free(hdr);
	if (err)
		return die("clearing the header through /dev/mem", -err);

	err = read_map();
	if (err)
		return die("/sys/kernel/kexec_pgmap (no image loaded?)", -err);
	err = read_page_offset(&page_offset);
	if (err)
		return die("/proc/kcore", -err);
	f = fopen("/sys/kernel/vmcoreinfo", "r");
	if (!f || fscanf(f, "%llx %x", &note_addr, &note_size) != 2)
		return die("/sys/kernel/vmcoreinfo", f ? EINVAL : errno);
	fclose(f);

	phdr = calloc(MAX_PHDRS, sizeof(*phdr));
	if (!phdr)
		return die("program headers", ENOMEM);
	/* The note, read where it is while B runs (one page at most) */
	pa = note_addr & ~(KJUMP_PAGE - 1);
	err = add_phdr(PT_NOTE, 0, backup_of(pa, &found) + (note_addr - pa),
		       note_size, 0);
	for (i = 0; !err && i < nr_ram; i++) {
		for (pa = ram[i].start; !err && pa < ram[i].end;
		     pa += KJUMP_PAGE) {
			int found;
			uint64_t from = backup_of(pa, &found);

			/*
			 * A destination that is its own source was free in A
			 * when the load took it: it holds B, nothing of A's.
			 * Left out, as a hole: B's own memory, which
			 * /proc/vmcore could not read anyway.
			 */
			if (found && from == pa) {
				own++;
				continue;
			}
			moved += found;
			err = add_phdr(PT_LOAD, pa, from, KJUMP_PAGE,
				       page_offset + pa);
		}
	}
	if (err)
		return die("program headers", -err);

	bytes = sizeof(*eh) + nr_phdr * sizeof(*phdr);
	if (bytes > size)
		return die("header larger than the reserved memory", E2BIG);
	hdr = calloc(1, bytes);
	if (!hdr)
		return die("header", ENOMEM);
	eh = (struct elf64_hdr *)hdr;
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_CORE;
	eh->e_machine = EM_X86_64;
	eh->e_version = EV_CURRENT;
	eh->e_phoff = sizeof(*eh);
	eh->e_ehsize = sizeof(*eh);
	eh->e_phentsize = sizeof(*phdr);
	eh->e_phnum = nr_phdr;
	memcpy(hdr + sizeof(*eh), phdr, nr_phdr * sizeof(*phdr));

	err = kjump_write_full(fd, hdr, bytes, addr);
	close(fd);
	if (err)
		return die("writing the header through /dev/mem", -err);
	printf("kjump-corehdr: %zu program headers (%lu bytes) at 0x%lx: ",
	       nr_phdr, bytes, addr);
	printf("%u RAM ranges, %zu image pages, ", nr_ram, nr_map);
	printf("%lu of A's pages read from their backup, %lu left out (B's own)\n",
	       moved, own);
	return 0;
}
