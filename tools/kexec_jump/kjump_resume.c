// SPDX-License-Identifier: GPL-2.0
/*
 * kjump-resume: in a fresh boot (kernel C), load a hibernation image that
 * kjump-save wrote and jump back into the kernel it holds.
 *
 *	kjump-resume [--jump] DEVICE
 *
 * Every check comes before anything is jumped to: the header and its
 * checksum, the device long enough for the image (a truncated image),
 * the build (kernel A's build ID must be the running kernel's, from
 * /sys/kernel/notes: the image goes back to A's physical addresses, under
 * A's own code), the program headers' and the page table's checksums, and
 * each page's checksum as it is loaded.  The pages go to A's physical
 * addresses with kexec_load() in stages (KEXEC_STAGE_START, _MIDDLE,
 * _FINAL), KEXEC_SEGMENT_MAX segments a call, with KEXEC_PRESERVE_CONTEXT
 * and A's jump-back entry as the entry point.  A refused page ends the load
 * in progress, which frees it.  With --jump, reboot(LINUX_REBOOT_CMD_KEXEC)
 * then swaps A's pages in and calls A's entry: A resumes where it jumped to
 * kernel B, and this process does not come back.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
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

#ifndef KEXEC_STAGE_MASK
#define KEXEC_STAGE_MASK	0x00000300
#define KEXEC_STAGE_FULL	0x00000000
#define KEXEC_STAGE_START	0x00000100
#define KEXEC_STAGE_MIDDLE	0x00000200
#define KEXEC_STAGE_FINAL	0x00000300
#endif
#ifndef KEXEC_SEGMENT_MAX
#define KEXEC_SEGMENT_MAX	16
#endif

#define SEG_PAGES	64	/* at most, per segment: 256 KiB */
#define NT_GNU_BUILD_ID_TYPE	3

static const char *dev;

static int refuse(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "kjump-resume: %s: refused: ", dev);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

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
		name = (n->n_namesz + 3) & ~3UL;
		desc = (n->n_descsz + 3) & ~3UL;
		p = notes + off + sizeof(*n);
		if (off + sizeof(*n) + name + desc > len)
			break;
		if (n->n_type == NT_GNU_BUILD_ID_TYPE && n->n_namesz == 4 &&
		    !memcmp(p, "GNU", 4) && 2 * n->n_descsz < size) {
			for (i = 0; i < n->n_descsz; i++)
				sprintf(hex + 2 * i, "%02x", p[name + i]);
			return 0;
		}
		off += sizeof(*n) + name + desc;
	}
	return -ENOENT;
}

static long kexec_load(unsigned long entry, unsigned long nr,
		       struct kexec_segment *seg, unsigned long flags)
{
	return syscall(SYS_kexec_load, entry, nr, seg, flags);
}

/* End the staged load in progress; the kernel frees it */
static void abandon_load(unsigned long entry)
{
	kexec_load(entry, 0, NULL, KEXEC_PRESERVE_CONTEXT | KEXEC_STAGE_FULL);
}

/**
 * struct loader - the staged load of an image's pages
 * @seg: segments of the next call
 * @buf: their data
 * @nr: segments in @seg
 * @calls: kexec_load() calls made
 * @segments: segments loaded
 * @stage: the next call's stage
 * @entry: the image's entry point
 */
struct loader {
	struct kexec_segment seg[KEXEC_SEGMENT_MAX];
	unsigned char *buf;
	unsigned int nr;
	unsigned long calls, segments, stage, entry;
};

static int flush(struct loader *l, unsigned long stage)
{
	if (kexec_load(l->entry, l->nr, l->seg,
		       KEXEC_PRESERVE_CONTEXT | stage) < 0)
		return -errno;
	l->calls++;
	l->segments += l->nr;
	l->nr = 0;
	l->stage = KEXEC_STAGE_MIDDLE;
	return 0;
}

int main(int argc, char **argv)
{
	struct kjump_image_hdr hdr;
	struct kjump_core core;
	struct loader l = { .stage = KEXEC_STAGE_START };
	struct timespec t0, t1;
	char running[2 * KJUMP_BUILD_ID_MAX + 1] = "";
	uint64_t *table, dev_size, need, n = 0, i, chunk, j;
	int jump = 0, fd, err;
	unsigned char *data;
	size_t k;
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
	fd = open(dev, O_RDONLY);
	if (fd < 0)
		return refuse("%s", strerror(errno));
	sz = lseek(fd, 0, SEEK_END);
	if (sz < 0)
		return refuse("%s", strerror(errno));
	dev_size = sz;

	/* The header, and the device long enough for what it describes */
	if (dev_size < sizeof(hdr) ||
	    kjump_read_full(fd, &hdr, sizeof(hdr), 0) ||
	    memcmp(hdr.magic, KJUMP_MAGIC, sizeof(hdr.magic)))
		return refuse("no hibernation image (no %s header)", KJUMP_MAGIC);
	if (hdr.version != KJUMP_VERSION || hdr.hdr_size != sizeof(hdr))
		return refuse("image version %u, header %u bytes: not this tool's (%u, %zu)",
			      hdr.version, hdr.hdr_size, KJUMP_VERSION, sizeof(hdr));
	if (hdr.hdr_csum != kjump_hdr_csum(&hdr))
		return refuse("the image header's checksum does not match: corrupted");
	hdr.build_id[KJUMP_BUILD_ID_MAX] = '\0';
	hdr.osrelease[sizeof(hdr.osrelease) - 1] = '\0';
	need = hdr.table_offset + hdr.nr_pages * 8;
	if (need < KJUMP_ELF_OFFSET + hdr.elf_size)
		need = KJUMP_ELF_OFFSET + hdr.elf_size;
	if (need > dev_size)
		return refuse("truncated: the image needs %lu bytes, the device has %lu",
			      need, dev_size);
	if (!hdr.entry)
		return refuse("a snapshot, not a hibernation image (no jump-back entry)");

	/* The same build: A's code must be what runs after the jump */
	err = running_build_id(running, sizeof(running));
	if (err)
		return refuse("no build ID in /sys/kernel/notes: %s", strerror(-err));
	if (strcmp(running, hdr.build_id))
		return refuse("image of another kernel build: %s (%s), %s %s",
			      hdr.build_id, hdr.osrelease, "this kernel's is", running);

	/* The program headers and the page checksums */
	err = kjump_core_open(&core, fd, KJUMP_ELF_OFFSET);
	if (err)
		return refuse("no x86_64 ELF core dump at %lu: %s", KJUMP_ELF_OFFSET,
			      strerror(-err));
	if (kjump_csum(core.hdr_buf, core.hdr_bytes) != hdr.elf_csum)
		return refuse("the program headers' checksum does not match: corrupted");
	if (kjump_core_pages(&core) != hdr.nr_pages)
		return refuse("%lu pages in the dump, %lu in the header",
			      kjump_core_pages(&core), hdr.nr_pages);
	table = malloc(hdr.nr_pages * 8 + 1);
	if (!table || kjump_read_full(fd, table, hdr.nr_pages * 8, hdr.table_offset))
		return refuse("cannot read the page checksums");
	if (kjump_csum(table, hdr.nr_pages * 8) != hdr.table_csum)
		return refuse("the page checksums' checksum does not match: corrupted");

	/* Load, page by page checked, SEG_PAGES pages a segment at most */
	l.entry = hdr.entry;
	l.buf = malloc(KEXEC_SEGMENT_MAX * SEG_PAGES * KJUMP_PAGE);
	if (!l.buf)
		return refuse("%s", strerror(ENOMEM));
	for (k = 0; k < core.ehdr.e_phnum; k++) {
		const struct elf64_phdr *p = &core.phdr[k];

		if (p->p_type != PT_LOAD)
			continue;
		if (p->p_filesz % KJUMP_PAGE || p->p_paddr % KJUMP_PAGE) {
			abandon_load(l.entry);
			return refuse("PT_LOAD at 0x%lx not in whole pages",
				      (uint64_t)p->p_paddr);
		}
		for (i = 0; i < p->p_filesz; i += chunk) {
			chunk = p->p_filesz - i;
			if (chunk > SEG_PAGES * KJUMP_PAGE)
				chunk = SEG_PAGES * KJUMP_PAGE;
			data = l.buf + l.nr * SEG_PAGES * KJUMP_PAGE;
			if (kjump_read_full(fd, data, chunk,
					    core.base + p->p_offset + i)) {
				abandon_load(l.entry);
				return refuse("cannot read the page at 0x%lx",
					      (uint64_t)(p->p_paddr + i));
			}
			for (j = 0; j < chunk; j += KJUMP_PAGE, n++) {
				if (kjump_csum(data + j, KJUMP_PAGE) == table[n])
					continue;
				abandon_load(l.entry);
				return refuse("the page at 0x%lx %s",
					      (uint64_t)(p->p_paddr + i + j),
					      "does not match its checksum: corrupted");
			}
			l.seg[l.nr].buf = data;
			l.seg[l.nr].bufsz = chunk;
			l.seg[l.nr].mem = (void *)(uintptr_t)(p->p_paddr + i);
			l.seg[l.nr].memsz = chunk;
			if (++l.nr < KEXEC_SEGMENT_MAX)
				continue;
			err = flush(&l, l.stage);
			if (err) {
				abandon_load(l.entry);
				return refuse("kexec_load() in stages: %s", strerror(-err));
			}
		}
	}
	err = flush(&l, l.calls ? KEXEC_STAGE_FINAL : KEXEC_STAGE_START);
	if (!err && l.calls == 1)
		err = flush(&l, KEXEC_STAGE_FINAL);
	if (err) {
		abandon_load(l.entry);
		return refuse("kexec_load() in stages: %s", strerror(-err));
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("kjump-resume: %s: %lu pages (%lu MiB) of %s build %s ",
	       dev, n, n * KJUMP_PAGE >> 20, hdr.osrelease, hdr.build_id);
	printf("loaded in %lu segments, %lu calls, %ld ms; entry 0x%lx\n",
	       l.segments, l.calls, (t1.tv_sec - t0.tv_sec) * 1000 +
	       (t1.tv_nsec - t0.tv_nsec) / 1000000, hdr.entry);
	fflush(stdout);
	if (!jump)
		return 0;
	sync();
	reboot(LINUX_REBOOT_CMD_KEXEC);
	fprintf(stderr, "kjump-resume: the jump failed: %s\n", strerror(errno));
	return 1;
}
