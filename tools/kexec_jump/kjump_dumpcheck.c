// SPDX-License-Identifier: GPL-2.0
/*
 * kjump-dumpcheck: on the host, check a snapshot that kernel B saved of
 * kernel A, read from the raw disk image QEMU wrote.
 *
 *	kjump-dumpcheck IMAGE TOKEN ADDR...
 *
 * The image's header and its checksums must hold, the dump must carry
 * A's VMCOREINFO note, every page must match its checksum, and each
 * physical ADDR that A reported must hold TOKEN (A filled those pages with
 * it: some inside B's destination range, whose contents come from their
 * backup pages, some outside).  Prints KTAP.
 *
 *	kjump-dumpcheck --middle-page IMAGE
 *
 * prints the offset in IMAGE and the physical address of the page in the
 * middle of the dump, for a test that damages one.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../ktap/ktap.h"
#include "kjump.h"

static int check_pages(const struct kjump_core *core, const uint64_t *table,
		       uint64_t nr)
{
	unsigned char page[KJUMP_PAGE];
	uint64_t n = 0, i, bad = 0;
	size_t k;

	for (k = 0; k < core->ehdr.e_phnum; k++) {
		const struct elf64_phdr *p = &core->phdr[k];

		if (p->p_type != PT_LOAD)
			continue;
		for (i = 0; i + KJUMP_PAGE <= p->p_filesz && n < nr;
		     i += KJUMP_PAGE, n++) {
			if (kjump_read_full(core->fd, page, KJUMP_PAGE,
					    core->base + p->p_offset + i) ||
			    kjump_csum(page, KJUMP_PAGE) != table[n])
				bad++;
		}
	}
	return n == nr && !bad;
}

static int middle_page(const char *image)
{
	struct kjump_image_hdr hdr;
	struct kjump_core core;
	uint64_t want, n = 0;
	size_t k;
	int fd;

	fd = open(image, O_RDONLY);
	if (fd < 0 || kjump_read_full(fd, &hdr, sizeof(hdr), 0) ||
	    kjump_core_open(&core, fd, KJUMP_ELF_OFFSET)) {
		fprintf(stderr, "kjump-dumpcheck: %s: no image\n", image);
		return 1;
	}
	want = hdr.nr_pages / 2;
	for (k = 0; k < core.ehdr.e_phnum; k++) {
		const struct elf64_phdr *p = &core.phdr[k];

		if (p->p_type != PT_LOAD)
			continue;
		if (want < n + p->p_filesz / KJUMP_PAGE) {
			printf("%lu 0x%lx\n",
			       (uint64_t)(core.base + p->p_offset + (want - n) * KJUMP_PAGE),
			       (uint64_t)p->p_paddr + (want - n) * KJUMP_PAGE);
			return 0;
		}
		n += p->p_filesz / KJUMP_PAGE;
	}
	return 1;
}

int main(int argc, char **argv)
{
	struct kjump_image_hdr hdr;
	struct kjump_core core;
	char osrelease[65] = "", buf[128];
	uint64_t *table, off, addr;
	size_t tlen;
	int fd, i, ok;

	if (argc == 3 && !strcmp(argv[1], "--middle-page"))
		return middle_page(argv[2]);
	if (argc < 4) {
		fprintf(stderr, "usage: kjump-dumpcheck IMAGE TOKEN ADDR...\n");
		return 2;
	}
	tlen = strlen(argv[2]);
	if (!tlen || tlen >= sizeof(buf)) {
		fprintf(stderr, "kjump-dumpcheck: bad token\n");
		return 2;
	}
	printf("KTAP version 1\n1..%d\n", 4 + argc - 3);
	fd = open(argv[1], O_RDONLY);
	ok = fd >= 0 && !kjump_read_full(fd, &hdr, sizeof(hdr), 0) &&
	     !memcmp(hdr.magic, KJUMP_MAGIC, sizeof(hdr.magic)) &&
	     hdr.hdr_csum == kjump_hdr_csum(&hdr);
	result(ok, "image_header # %s", argv[1]);
	if (!ok)
		return 1;
	ok = !kjump_core_open(&core, fd, KJUMP_ELF_OFFSET) &&
	     kjump_csum(core.hdr_buf, core.hdr_bytes) == hdr.elf_csum;
	result(ok, "elf_core_dump # %u program headers, %lu pages",
	       ok ? core.ehdr.e_phnum : 0, hdr.nr_pages);
	if (!ok)
		return 1;
	result(core.vmcoreinfo &&
	       !kjump_vmcoreinfo(core.vmcoreinfo, "OSRELEASE", osrelease,
				 sizeof(osrelease)),
	       "vmcoreinfo_note # OSRELEASE=%s", osrelease);
	table = malloc(hdr.nr_pages * 8 + 1);
	ok = table && !kjump_read_full(fd, table, hdr.nr_pages * 8,
				       hdr.table_offset) &&
	     kjump_csum(table, hdr.nr_pages * 8) == hdr.table_csum &&
	     check_pages(&core, table, hdr.nr_pages);
	result(ok, "page_checksums # %lu pages", hdr.nr_pages);
	for (i = 3; i < argc; i++) {
		addr = strtoull(argv[i], NULL, 0);
		ok = !kjump_core_find(&core, addr, &off) &&
		     !kjump_read_full(fd, buf, tlen, off) &&
		     !memcmp(buf, argv[2], tlen);
		result(ok, "token_at_0x%lx", addr);
	}
	kjump_core_close(&core);
	free(table);
	close(fd);
	return ktap_failed ? 1 : 0;
}
