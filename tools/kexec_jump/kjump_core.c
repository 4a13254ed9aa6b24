// SPDX-License-Identifier: GPL-2.0
/*
 * The ELF core reader and the checksums the kexec jump tools share: read a
 * core dump's headers and VMCOREINFO note from any offset of a file or
 * device, find the file offset of a physical address, checksum pages.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kjump.h"

/* Checksums: 64-bit FNV-1a, which any change of one byte changes. */
#define FNV_OFFSET	0xcbf29ce484222325ULL
#define FNV_PRIME	0x100000001b3ULL

uint64_t kjump_csum(const void *buf, size_t len)
{
	const unsigned char *p = buf;
	uint64_t h = FNV_OFFSET;

	while (len--) {
		h ^= *p++;
		h *= FNV_PRIME;
	}
	return h;
}

uint64_t kjump_hdr_csum(const struct kjump_image_hdr *hdr)
{
	struct kjump_image_hdr h = *hdr;

	h.hdr_csum = 0;
	return kjump_csum(&h, sizeof(h));
}

int kjump_read_full(int fd, void *buf, size_t len, uint64_t off)
{
	unsigned char *p = buf;
	ssize_t n;

	while (len) {
		n = pread(fd, p, len, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -ENODATA;
		p += n;
		off += n;
		len -= n;
	}
	return 0;
}

int kjump_write_full(int fd, const void *buf, size_t len, uint64_t off)
{
	const unsigned char *p = buf;
	ssize_t n;

	while (len) {
		n = pwrite(fd, p, len, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -ENOSPC;
		p += n;
		off += n;
		len -= n;
	}
	return 0;
}

/* The VMCOREINFO note among the notes of one PT_NOTE, or NULL */
static char *find_vmcoreinfo(const unsigned char *notes, size_t size)
{
	const struct elf64_note *n;
	size_t off = 0, name, desc;
	char *info;

	while (off + sizeof(*n) <= size) {
		n = (const struct elf64_note *)(notes + off);
		name = ((size_t)n->n_namesz + 3) & ~3UL;
		desc = ((size_t)n->n_descsz + 3) & ~3UL;
		if (!n->n_namesz || name + desc > size - off - sizeof(*n))
			return NULL;
		if (n->n_namesz == sizeof("VMCOREINFO") &&
		    !memcmp(notes + off + sizeof(*n), "VMCOREINFO",
			    sizeof("VMCOREINFO"))) {
			info = malloc(n->n_descsz + 1);
			if (!info)
				return NULL;
			memcpy(info, notes + off + sizeof(*n) + name, n->n_descsz);
			info[n->n_descsz] = '\0';
			return info;
		}
		off += sizeof(*n) + name + desc;
	}
	return NULL;
}

/**
 * kjump_core_open() - read an ELF core dump's headers
 * @core: filled in
 * @fd: the file or device that holds it
 * @base: where in @fd the ELF starts
 *
 * Return: 0, -EINVAL if it is not a 64-bit little-endian x86_64 ELF core
 * file with its program headers right after its header (as makedumpfile
 * and kjump-corehdr write them) and fewer than PN_XNUM of them, or the
 * read's error.  On an error, kjump_core_close() still frees what it got.
 */
int kjump_core_open(struct kjump_core *core, int fd, uint64_t base)
{
	unsigned char *notes;
	size_t i;
	int err;

	memset(core, 0, sizeof(*core));
	core->fd = fd;
	core->base = base;
	err = kjump_read_full(fd, &core->ehdr, sizeof(core->ehdr), base);
	if (err)
		return err;
	if (memcmp(core->ehdr.e_ident, ELFMAG, SELFMAG) ||
	    core->ehdr.e_ident[EI_CLASS] != ELFCLASS64 ||
	    core->ehdr.e_ident[EI_DATA] != ELFDATA2LSB ||
	    core->ehdr.e_ident[EI_VERSION] != EV_CURRENT ||
	    core->ehdr.e_type != ET_CORE || core->ehdr.e_machine != EM_X86_64 ||
	    core->ehdr.e_phentsize != sizeof(struct elf64_phdr) ||
	    !core->ehdr.e_phnum || core->ehdr.e_phnum >= PN_XNUM ||
	    core->ehdr.e_phoff != sizeof(core->ehdr))
		return -EINVAL;
	core->hdr_bytes = core->ehdr.e_phoff +
			  (size_t)core->ehdr.e_phnum * sizeof(struct elf64_phdr);
	core->hdr_buf = malloc(core->hdr_bytes);
	if (!core->hdr_buf)
		return -ENOMEM;
	err = kjump_read_full(fd, core->hdr_buf, core->hdr_bytes, base);
	if (err)
		return err;
	core->phdr = (struct elf64_phdr *)(core->hdr_buf + core->ehdr.e_phoff);
	for (i = 0; i < core->ehdr.e_phnum; i++) {
		const struct elf64_phdr *p = &core->phdr[i];

		/* Nothing beyond 2^50 bytes: no sum below can wrap */
		if (p->p_offset > KJUMP_FILE_MAX || p->p_filesz > KJUMP_FILE_MAX ||
		    p->p_paddr > KJUMP_FILE_MAX || p->p_memsz > KJUMP_FILE_MAX)
			return -EINVAL;
	}
	for (i = 0; i < core->ehdr.e_phnum && !core->vmcoreinfo; i++) {
		if (core->phdr[i].p_type != PT_NOTE ||
		    core->phdr[i].p_filesz > (1UL << 24))
			continue;
		notes = malloc(core->phdr[i].p_filesz);
		if (!notes)
			return -ENOMEM;
		err = kjump_read_full(fd, notes, core->phdr[i].p_filesz,
				      base + core->phdr[i].p_offset);
		if (!err)
			core->vmcoreinfo = find_vmcoreinfo(notes,
							   core->phdr[i].p_filesz);
		free(notes);
		if (err)
			return err;
	}
	return 0;
}

void kjump_core_close(struct kjump_core *core)
{
	free(core->hdr_buf);
	free(core->vmcoreinfo);
	core->hdr_buf = NULL;
	core->phdr = NULL;
	core->vmcoreinfo = NULL;
}

/* Pages the PT_LOADs hold in the file: what the checksum table covers */
uint64_t kjump_core_pages(const struct kjump_core *core)
{
	uint64_t pages = 0;
	size_t i;

	for (i = 0; i < core->ehdr.e_phnum; i++)
		if (core->phdr[i].p_type == PT_LOAD)
			pages += core->phdr[i].p_filesz / KJUMP_PAGE;
	return pages;
}

/* The end of the ELF: its headers and the furthest data */
uint64_t kjump_core_end(const struct kjump_core *core)
{
	uint64_t end = core->hdr_bytes;
	size_t i;

	for (i = 0; i < core->ehdr.e_phnum; i++)
		if (core->phdr[i].p_offset + core->phdr[i].p_filesz > end)
			end = core->phdr[i].p_offset + core->phdr[i].p_filesz;
	return end;
}

/**
 * kjump_core_find() - where a physical address's byte is in the dump
 * @core: the dump
 * @paddr: the physical address
 * @offset: set to its offset in the file or device
 *
 * Return: 0, or -ENOENT if no PT_LOAD holds it in the file (an excluded
 * page, or not memory).
 */
int kjump_core_find(const struct kjump_core *core, uint64_t paddr,
		    uint64_t *offset)
{
	const struct elf64_phdr *p;
	size_t i;

	for (i = 0; i < core->ehdr.e_phnum; i++) {
		p = &core->phdr[i];
		if (p->p_type != PT_LOAD || paddr < p->p_paddr ||
		    paddr - p->p_paddr >= p->p_filesz)
			continue;
		*offset = core->base + p->p_offset + (paddr - p->p_paddr);
		return 0;
	}
	return -ENOENT;
}

/**
 * kjump_vmcoreinfo() - one value of a VMCOREINFO text
 * @info: the text, "KEY=value" lines
 * @key: the key, without '='
 * @val: set to its value
 * @size: room in @val
 *
 * Return: 0, or -ENOENT if @key is not there (or the value is too long).
 */
int kjump_vmcoreinfo(const char *info, const char *key, char *val,
		     size_t size)
{
	size_t klen = strlen(key), vlen;
	const char *p = info, *end;

	while (p && *p) {
		end = strchr(p, '\n');
		if (!end)
			end = p + strlen(p);
		if (!strncmp(p, key, klen) && p[klen] == '=') {
			vlen = end - (p + klen + 1);
			if (vlen >= size)
				return -ENOENT;
			memcpy(val, p + klen + 1, vlen);
			val[vlen] = '\0';
			return 0;
		}
		p = *end ? end + 1 : NULL;
	}
	return -ENOENT;
}

/**
 * kjump_iomem() - the ranges of one kind in /proc/iomem
 * @name: the kind, as /proc/iomem names it ("System RAM", "Reserved")
 * @top: only top-level entries (not those nested in another)
 * @range: filled with each range, in /proc/iomem's order
 * @max: room in @range
 *
 * Return: how many were found, -E2BIG if more than @max, or -errno.
 */
int kjump_iomem(const char *name, int top, struct kjump_range *range,
		unsigned int max)
{
	unsigned long long s, e;
	char line[256], *kind;
	unsigned int n = 0;
	FILE *f;

	f = fopen("/proc/iomem", "r");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if ((top && line[0] == ' ') ||
		    sscanf(line, " %llx-%llx", &s, &e) != 2)
			continue;
		kind = strstr(line, " : ");
		if (!kind || strncmp(kind + 3, name, strlen(name)) ||
		    kind[3 + strlen(name)] != '\n')
			continue;
		if (n == max) {
			fclose(f);
			return -E2BIG;
		}
		range[n].start = s;
		range[n].end = e + 1;
		n++;
	}
	fclose(f);
	return n;
}
