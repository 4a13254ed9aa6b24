// SPDX-License-Identifier: GPL-2.0
/*
 * fwcall end to end, the ioctl contract: command numbers without a size,
 * struct sizes taken as copy_struct_from_user() takes them, pad fields,
 * EIO for a BIOS exception, E2BIG with the count E820 needs, MEMSIZE's
 * flags (with E801h taken away by hooking int 15h in the interrupt
 * vector table through /dev/mem) and E820's ACPI 3.0 attributes against
 * the raw int 15h.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/fwcall.h>

#include "fwcall_test.h"

#define SMAP	0x534d4150

static void uapi_numbers(void)
{
	static const unsigned int cmds[] = {
		FWCALL_IOC_E820, FWCALL_IOC_MEMSIZE, FWCALL_IOC_RTC,
		FWCALL_IOC_PCIBIOS, FWCALL_IOC_PCI_READ, FWCALL_IOC_INT,
		FWCALL_IOC_VBE_INFO, FWCALL_IOC_VBE_MODE,
		FWCALL_IOC_BIOS32_SERVICE, FWCALL_IOC_BIOS32_CALL,
	};
	unsigned int i, bad = 0;

	/* Sizes live in the structs: a grown struct keeps its number */
	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		if (cmds[i] != (0xfcU << 8 | (i + 1)))
			bad++;
	result(!bad, "uapi_numbers_carry_no_size # %u of %zu differ", bad,
	       ARRAY_SIZE(cmds));
}

/* A struct from a newer header: longer, its tail zero or not */
static void uapi_sizes(void)
{
	struct {
		struct fwcall_ioc_memsize m;
		uint8_t tail[16];
		uint8_t canary[16];
	} big;
	unsigned int base, i, kept = 1;
	int ret;

	memset(&big, 0, sizeof(big));
	memset(big.canary, 0xaa, sizeof(big.canary));
	big.m.size = sizeof(big.m) + sizeof(big.tail);
	ret = ioctl(fd, FWCALL_IOC_MEMSIZE, &big);
	for (i = 0; i < sizeof(big.canary); i++)
		kept &= big.canary[i] == 0xaa && !big.tail[i];
	result(!ret && !devmem_word(0x413, &base) && big.m.base_kb == base && kept,
	       "uapi_longer_struct_zero_tail_accepted # %u KiB, nothing written past size",
	       big.m.base_kb);

	big.tail[15] = 1;
	big.m.base_kb = 0x5a5a5a5a;
	expect_errno(ioctl(fd, FWCALL_IOC_MEMSIZE, &big), E2BIG,
		     "uapi_longer_struct_nonzero_tail_e2big");
	result(big.m.base_kb == 0x5a5a5a5a, "uapi_e2big_writes_nothing");

	big.m.size = FWCALL_MEMSIZE_SIZE_VER0 - 1;
	expect_errno(ioctl(fd, FWCALL_IOC_MEMSIZE, &big), EINVAL,
		     "uapi_below_first_version_einval");
}

static void uapi_pads(void)
{
	struct fwcall_ioc_rtc t = { .size = sizeof(t), .pad = 1 };
	struct fwcall_ioc_memsize m = { .size = sizeof(m), .flags = 1 };
	struct fwcall_ioc_int r = { .size = sizeof(r), .vector = 0x12, .pad = 1 };

	expect_errno(ioctl(fd, FWCALL_IOC_RTC, &t), EINVAL, "uapi_rtc_pad_einval");
	expect_errno(ioctl(fd, FWCALL_IOC_MEMSIZE, &m), EINVAL,
		     "uapi_memsize_flags_in_einval");
	expect_errno(ioctl(fd, FWCALL_IOC_INT, &r), EINVAL, "uapi_int_pad_einval");
}

/*
 * A far call into the BIOS area at an "ff ff" (an invalid opcode), found
 * through /dev/mem: the BIOS's exception is EIO, and the next call works.
 */
static void uapi_bios_exception(void)
{
	struct fwcall_ioc_bios32_call b = { .size = sizeof(b) };
	struct fwcall_ioc_memsize m = { .size = sizeof(m) };
	static uint8_t rom[0x20000];
	int mfd = open("/dev/mem", O_RDONLY);
	unsigned int i, base;

	if (mfd < 0 || pread(mfd, rom, sizeof(rom), 0xe0000) != sizeof(rom)) {
		result(0, "uapi_bios_exception_eio # /dev/mem: %s", strerror(errno));
		result(0, "uapi_call_after_exception");
		if (mfd >= 0)
			close(mfd);
		return;
	}
	close(mfd);
	for (i = 0; i + 1 < sizeof(rom); i++)
		if (rom[i] == 0xff && rom[i + 1] == 0xff)
			break;
	b.entry = 0xe0000 + i;
	printf("# ff ff at %#x\n", b.entry);
	expect_errno(i + 1 < sizeof(rom) ? ioctl(fd, FWCALL_IOC_BIOS32_CALL, &b) : 0,
		     EIO, "uapi_bios_exception_eio");
	result(!ioctl(fd, FWCALL_IOC_MEMSIZE, &m) && !devmem_word(0x413, &base) &&
	       m.base_kb == base, "uapi_call_after_exception");
}

/* The E820 map through the raw int 15h, asking for 24-byte entries */
static int raw_e820(unsigned int next, struct fwcall_ioc_int *r, uint8_t *buf)
{
	memset(r, 0, sizeof(*r));
	memset(buf, 0, 24);
	r->size = sizeof(*r);
	r->vector = 0x15;
	r->regs.eax = 0xe820;
	r->regs.edx = SMAP;
	r->regs.ebx = next;
	r->regs.ecx = 24;
	r->flags = FWCALL_INT_BUF;
	r->buf_len = 24;
	r->buf = (uintptr_t)buf;
	return ioctl(fd, FWCALL_IOC_INT, r);
}

static void uapi_e820(void)
{
	struct fwcall_ioc_e820 q = { .size = sizeof(q) };
	struct fwcall_e820_range *map, one;
	unsigned int i, n, next = 0, bad = 0, acpi3 = 0;
	struct fwcall_ioc_int r;
	uint8_t buf[24];

	/* Count 0 asks how many; E2BIG says it in count */
	expect_errno(ioctl(fd, FWCALL_IOC_E820, &q), E2BIG, "e820_count_0_e2big");
	n = q.count;
	map = calloc(n + 1, sizeof(*map));
	q.count = 1;
	q.entries = (uintptr_t)&one;
	ioctl(fd, FWCALL_IOC_E820, &q);
	result(n > 1 && q.count == n, "e820_e2big_writes_count_needed # %u", q.count);
	q.count = n + 1;
	q.entries = (uintptr_t)map;
	result(map && !ioctl(fd, FWCALL_IOC_E820, &q) && q.count == n,
	       "e820_room_to_spare # %u of %u", q.count, n + 1);

	/* Each entry's attributes as the raw call with ECX = 24 returns them */
	for (i = 0; map && i < n; i++) {
		uint32_t attrs;
		int has;

		if (raw_e820(next, &r, buf) || r.regs.eax != SMAP) {
			bad++;
			break;
		}
		memcpy(&attrs, buf + 20, 4);
		has = r.regs.ecx >= 24;
		acpi3 += has;
		if (!(map[i].flags & FWCALL_E820_ATTRS) != !has ||
		    map[i].attrs != (has ? attrs : 0) || map[i].pad)
			bad++;
		next = r.regs.ebx;
	}
	result(map && !bad, "e820_acpi3_attrs_match_raw_call # %u of %u entries with attributes",
	       acpi3, n);
	free(map);
}

/*
 * IVT[15h] -> a handler in the BIOS data area's inter-application
 * communication area (0:4F0h, 16 bytes) that fails AX=E801h with CF and
 * passes everything else to the BIOS's int 15h.
 */
static int hook_e801(uint32_t *saved)
{
	uint8_t code[16] = {
		0x3d, 0x01, 0xe8,	/* cmp ax, 0e801h */
		0x75, 0x04,		/* jne chain */
		0xf9,			/* stc */
		0xca, 0x02, 0x00,	/* retf 2 */
		0xea,			/* chain: jmp far (the BIOS's int 15h) */
	};
	uint32_t hook = 0x04f0;
	int mfd = open("/dev/mem", O_RDWR);
	int ok;

	if (mfd < 0)
		return -1;
	ok = pread(mfd, saved, 4, 0x15 * 4) == 4;
	memcpy(code + 10, saved, 4);
	ok = ok && pwrite(mfd, code, sizeof(code), 0x4f0) == sizeof(code) &&
	     pwrite(mfd, &hook, 4, 0x15 * 4) == 4;
	close(mfd);
	return ok ? 0 : -1;
}

static void unhook_e801(uint32_t saved)
{
	int mfd = open("/dev/mem", O_RDWR);

	if (mfd >= 0) {
		if (pwrite(mfd, &saved, 4, 0x15 * 4) != 4)
			printf("# IVT[15h] not restored: %s\n", strerror(errno));
		close(mfd);
	}
}

static void uapi_memsize(void)
{
	struct fwcall_ioc_memsize m = { .size = sizeof(m) };
	unsigned int base, equip, all = FWCALL_MEMSIZE_BASE | FWCALL_MEMSIZE_E801 |
					  FWCALL_MEMSIZE_EQUIPMENT;
	uint32_t saved;
	int ret;

	ret = ioctl(fd, FWCALL_IOC_MEMSIZE, &m);
	result(!ret && m.flags == all, "memsize_flags_all # %#x", m.flags);

	if (hook_e801(&saved)) {
		result(0, "memsize_without_e801 # /dev/mem: %s", strerror(errno));
		return;
	}
	memset(&m, 0x5a, sizeof(m));
	m.size = sizeof(m);
	m.flags = 0;
	ret = ioctl(fd, FWCALL_IOC_MEMSIZE, &m);
	unhook_e801(saved);
	result(!ret && m.flags == (all & ~FWCALL_MEMSIZE_E801) &&
	       !m.e801_kb_1m_16m && !m.e801_blocks_16m_4g &&
	       !devmem_word(0x413, &base) && !devmem_word(0x410, &equip) &&
	       m.base_kb == base && m.equipment == equip,
	       "memsize_without_e801 # ret %d, flags %#x, %u KiB, equipment %#x",
	       ret, m.flags, m.base_kb, m.equipment);
}

void test_uapi(void)
{
	uapi_numbers();
	uapi_sizes();
	uapi_pads();
	uapi_bios_exception();
	uapi_e820();
	uapi_memsize();
}
