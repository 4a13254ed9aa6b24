// SPDX-License-Identifier: GPL-2.0
/*
 * kjump-save: in kernel B, write kernel A's memory image to a device.
 *
 *	makedumpfile -F -E -d LEVEL /proc/vmcore | kjump-save DEVICE [ENTRY]
 *
 * makedumpfile's flattened output (-F) arrives on standard input: records
 * of an offset, a size and the data, which land at KJUMP_ELF_OFFSET plus
 * that offset on DEVICE, so that the ELF core dump lies there whole.  Then
 * the page checksums and struct kjump_image_hdr (kjump.h) are written:
 * kernel A's build ID and release from the dump's VMCOREINFO note, and
 * ENTRY, A's jump-back entry (kexec_jump_back_entry= on B's command line),
 * for a hibernation image, which must lie in a page of the dump; with it,
 * B's own RAM ranges, where the dump's pages are the displaced ones that
 * a resume need not load (kjump.h).
 */
#define _GNU_SOURCE
#include <byteswap.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kjump.h"

/* makedumpfile's flattened format: a 4 KiB header, then big-endian records */
#define FLAT_SIGNATURE		"makedumpfile"
#define FLAT_HEADER_SIZE	4096
#define FLAT_END		(-1LL)
#define RECORD_MAX		(64UL << 20)

static int die(const char *what, int err)
{
	fprintf(stderr, "kjump-save: %s: %s\n", what, strerror(err));
	return 1;
}

static int read_stdin(void *buf, size_t len)
{
	unsigned char *p = buf;
	ssize_t n;

	while (len) {
		n = read(0, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -ENODATA;
		p += n;
		len -= n;
	}
	return 0;
}

/* Copy the flattened stream to @fd; the furthest byte written goes in @end */
static int unflatten(int fd, uint64_t dev_size, uint64_t *end)
{
	unsigned char *head, *data = NULL;
	int64_t rec[2];
	uint64_t off, size;
	size_t cap = 0;
	int err;

	head = malloc(FLAT_HEADER_SIZE);
	if (!head)
		return -ENOMEM;
	err = read_stdin(head, FLAT_HEADER_SIZE);
	if (!err && memcmp(head, FLAT_SIGNATURE, sizeof(FLAT_SIGNATURE)))
		err = -EPROTO;
	free(head);
	*end = 0;
	while (!err) {
		err = read_stdin(rec, sizeof(rec));
		if (err)
			break;
		if ((int64_t)bswap_64(rec[0]) == FLAT_END)
			break;
		off = bswap_64(rec[0]);
		size = bswap_64(rec[1]);
		if (off > (1ULL << 50) || size > RECORD_MAX) {
			err = -EPROTO;
			break;
		}
		if (KJUMP_ELF_OFFSET + off + size > dev_size) {
			err = -ENOSPC;
			break;
		}
		if (size > cap) {
			free(data);
			cap = size;
			data = malloc(cap);
			if (!data) {
				err = -ENOMEM;
				break;
			}
		}
		err = read_stdin(data, size);
		if (!err)
			err = kjump_write_full(fd, data, size,
					       KJUMP_ELF_OFFSET + off);
		if (off + size > *end)
			*end = off + size;
	}
	free(data);
	return err;
}

/* Checksum every page the PT_LOADs hold, in order, into @table */
static int checksum_pages(const struct kjump_core *core, uint64_t *table)
{
	unsigned char *page;
	uint64_t n = 0, i;
	size_t k;
	int err = 0;

	page = malloc(KJUMP_PAGE);
	if (!page)
		return -ENOMEM;
	for (k = 0; !err && k < core->ehdr.e_phnum; k++) {
		const struct elf64_phdr *p = &core->phdr[k];

		if (p->p_type != PT_LOAD)
			continue;
		if (p->p_filesz % KJUMP_PAGE || p->p_paddr % KJUMP_PAGE) {
			err = -EINVAL;
			break;
		}
		for (i = 0; !err && i < p->p_filesz; i += KJUMP_PAGE) {
			err = kjump_read_full(core->fd, page, KJUMP_PAGE,
					      core->base + p->p_offset + i);
			table[n++] = kjump_csum(page, KJUMP_PAGE);
		}
	}
	free(page);
	return err;
}

int main(int argc, char **argv)
{
	struct kjump_image_hdr hdr = { .version = KJUMP_VERSION };
	struct kjump_core core;
	struct timespec t0, t1;
	uint64_t dev_size, end, off, *table;
	off_t sz;
	int fd, err = 0;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: makedumpfile -F -E -d LEVEL /proc/vmcore |\n");
		fprintf(stderr, "       kjump-save DEVICE [ENTRY]\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (argc == 3) {
		char *end;

		errno = 0;
		hdr.entry = strtoull(argv[2], &end, 0);
		if (errno || end == argv[2] || *end || !hdr.entry)
			return die("ENTRY (kexec_jump_back_entry=)", EINVAL);
		/* B's own RAM: its pages are the displaced ones */
		err = kjump_iomem("System RAM", 1, hdr.skip, KJUMP_SKIP_MAX);
		if (err <= 0)
			return die("B's RAM in /proc/iomem", err ? -err : ENOENT);
	}
	fd = open(argv[1], O_RDWR);
	if (fd < 0)
		return die(argv[1], errno);
	sz = lseek(fd, 0, SEEK_END);
	if (sz < 0)
		return die(argv[1], errno);
	dev_size = sz;

	/* No header until the image is whole: a failed save leaves none */
	if (dev_size < KJUMP_ELF_OFFSET)
		return die(argv[1], ENOSPC);
	err = kjump_write_full(fd, &hdr, sizeof(hdr), 0);
	if (!err)
		err = fdatasync(fd) ? -errno : 0;
	if (err)
		return die(argv[1], -err);
	err = unflatten(fd, dev_size, &end);
	if (err == -EPROTO)
		return die("standard input, not makedumpfile -F output", EPROTO);
	if (err)
		return die("writing the dump", -err);
	err = kjump_core_open(&core, fd, KJUMP_ELF_OFFSET);
	if (err)
		return die("the dump written (not an x86_64 ELF core?)", -err);
	if (kjump_core_end(&core) > end)
		return die("the dump's program headers reach past its end", EINVAL);
	if (!core.vmcoreinfo ||
	    kjump_vmcoreinfo(core.vmcoreinfo, "BUILD-ID", hdr.build_id,
			     sizeof(hdr.build_id)) ||
	    kjump_vmcoreinfo(core.vmcoreinfo, "OSRELEASE", hdr.osrelease,
			     sizeof(hdr.osrelease)))
		return die("the dump's VMCOREINFO (BUILD-ID, OSRELEASE)", ENOENT);

	if (hdr.entry && kjump_core_find(&core, hdr.entry, &off))
		return die("ENTRY is in no page of the dump", EINVAL);
	memcpy(hdr.magic, KJUMP_MAGIC, sizeof(hdr.magic));
	hdr.hdr_size = sizeof(hdr);
	hdr.elf_size = end;
	hdr.nr_pages = kjump_core_pages(&core);
	hdr.table_offset = (KJUMP_ELF_OFFSET + hdr.elf_size + KJUMP_PAGE - 1) &
			   ~(KJUMP_PAGE - 1);
	if (hdr.table_offset + hdr.nr_pages * 8 > dev_size)
		return die("the page checksums", ENOSPC);
	table = malloc(hdr.nr_pages * 8 + 1);
	if (!table)
		return die("the page checksums", ENOMEM);
	err = checksum_pages(&core, table);
	if (err)
		return die("reading the dump back", -err);
	hdr.table_csum = kjump_csum(table, hdr.nr_pages * 8);
	hdr.elf_csum = kjump_csum(core.hdr_buf, core.hdr_bytes);
	err = kjump_write_full(fd, table, hdr.nr_pages * 8, hdr.table_offset);
	if (!err)
		err = fdatasync(fd) ? -errno : 0;
	/* The header last: an image is whole once it is there */
	hdr.hdr_csum = kjump_hdr_csum(&hdr);
	if (!err)
		err = kjump_write_full(fd, &hdr, sizeof(hdr), 0);
	if (!err)
		err = fdatasync(fd) ? -errno : 0;
	if (err)
		return die(argv[1], -err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("kjump-save: %s: %lu pages (%lu MiB) in %u program headers, ",
	       argv[1], hdr.nr_pages, hdr.nr_pages * KJUMP_PAGE >> 20,
	       core.ehdr.e_phnum);
	printf("ELF %lu bytes, entry 0x%lx, %s build %s, %ld ms\n",
	       hdr.elf_size, hdr.entry, hdr.osrelease, hdr.build_id,
	       (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000);
	kjump_core_close(&core);
	free(table);
	close(fd);
	return 0;
}
