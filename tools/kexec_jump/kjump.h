/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kexec jump snapshots and hibernation: the image format the save tool
 * writes and the resume tool and the host checker read, and the ELF core
 * reader they share.
 *
 * A device (or file) holding an image starts with struct kjump_image_hdr
 * in its first 4 KiB.  At KJUMP_ELF_OFFSET follows the ELF core dump that
 * makedumpfile made of kernel A's memory, elf_size bytes, then, at
 * table_offset, one 64-bit checksum per page that the dump's PT_LOADs hold,
 * in program header order.  Everything is little endian.
 */
#ifndef KJUMP_H
#define KJUMP_H

#include <stddef.h>
#include <stdint.h>
#include <linux/elf.h>

#define KJUMP_PAGE		4096UL
#define KJUMP_MAGIC		"KJUMPIMG"
#define KJUMP_VERSION		2
#define KJUMP_ELF_OFFSET	0x100000UL	/* 1 MiB */
#define KJUMP_BUILD_ID_MAX	64
#define KJUMP_FILE_MAX		0x4000000000000ULL	/* 2^50: offsets, sizes */
#define KJUMP_SKIP_MAX		4

/**
 * struct kjump_range - a range of physical memory
 * @start: its first byte
 * @end: the byte after its last
 */
struct kjump_range {
	uint64_t start;
	uint64_t end;
};

/**
 * struct kjump_image_hdr - what the save tool records with a dump
 * @magic: KJUMP_MAGIC
 * @version: KJUMP_VERSION
 * @hdr_size: sizeof(struct kjump_image_hdr)
 * @elf_size: bytes of the ELF core dump at KJUMP_ELF_OFFSET
 * @table_offset: where the page checksums start, from the device's start
 * @nr_pages: pages the dump's PT_LOADs hold, and checksums in the table
 * @entry: kernel A's jump-back entry (physical), 0 for a snapshot
 * @build_id: kernel A's build ID, in hex, from its VMCOREINFO note
 * @osrelease: kernel A's release, from the same note
 * @skip: kernel B's RAM ranges [start, end): A's pages there are displaced
 *	pages, which the dump holds twice, read from their backups (for
 *	makedumpfile and a debugger) and in the backups themselves; A's
 *	return from the jump copies each backup back, so a resume skips them
 * @elf_csum: checksum of the ELF header and program headers
 * @table_csum: checksum of the page checksum table
 * @hdr_csum: checksum of this header with @hdr_csum zero
 */
struct kjump_image_hdr {
	char magic[8];
	uint32_t version;
	uint32_t hdr_size;
	uint64_t elf_size;
	uint64_t table_offset;
	uint64_t nr_pages;
	uint64_t entry;
	char build_id[KJUMP_BUILD_ID_MAX + 1];
	char osrelease[65];
	char pad[6];
	struct kjump_range skip[KJUMP_SKIP_MAX];
	uint64_t elf_csum;
	uint64_t table_csum;
	uint64_t hdr_csum;
};

/**
 * struct kjump_core - an ELF core dump read from a file descriptor
 * @fd: the file or device
 * @base: where the ELF starts in it
 * @ehdr: its ELF header
 * @phdr: its program headers
 * @vmcoreinfo: the VMCOREINFO note's text, NUL-terminated, or NULL
 * @hdr_bytes: bytes of ELF header and program headers (for a checksum)
 * @hdr_buf: those bytes
 */
struct kjump_core {
	int fd;
	uint64_t base;
	struct elf64_hdr ehdr;
	struct elf64_phdr *phdr;
	char *vmcoreinfo;
	size_t hdr_bytes;
	unsigned char *hdr_buf;
};

uint64_t kjump_csum(const void *buf, size_t len);
int kjump_core_open(struct kjump_core *core, int fd, uint64_t base);
void kjump_core_close(struct kjump_core *core);
uint64_t kjump_core_pages(const struct kjump_core *core);
uint64_t kjump_core_end(const struct kjump_core *core);
int kjump_core_find(const struct kjump_core *core, uint64_t paddr,
		    uint64_t *offset);
int kjump_vmcoreinfo(const char *info, const char *key, char *val,
		     size_t size);
int kjump_read_full(int fd, void *buf, size_t len, uint64_t off);
int kjump_write_full(int fd, const void *buf, size_t len, uint64_t off);
uint64_t kjump_hdr_csum(const struct kjump_image_hdr *hdr);
int kjump_iomem(const char *name, int top, struct kjump_range *range,
		unsigned int max);

#endif /* KJUMP_H */
