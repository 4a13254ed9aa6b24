// SPDX-License-Identifier: GPL-2.0
/*
 * kexec_load() in stages, from user space: every refusal (a stage out of
 * order, flags or an entry point that change, a bad segment, too many
 * segments, a bad buffer, another process's call, a loader that dies
 * mid-load), each ending the load in progress; then one image of
 * thousands of pages in hundreds of segments, loaded in stages over the
 * physical pages of this process's own locked buffer, checked page by page
 * through /sys/kernel/kexec_pgmap and /proc/kcore, and jumped to twice
 * with reboot(LINUX_REBOOT_CMD_KEXEC): its code counts the jumps in its
 * own page, and the buffer must come back intact each time.  x86_64; run
 * as root in the test initramfs; prints KTAP.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/elf.h>
#include <linux/kexec.h>
#include <linux/reboot.h>

#include "../ktap/ktap.h"

/* include/uapi/linux/kexec.h of this kernel; libc's headers may be older */
#ifndef KEXEC_STAGE_MASK
#define KEXEC_PHYS_CALL		0x00000010
#define KEXEC_STAGE_MASK	0x00000300
#define KEXEC_STAGE_FULL	0x00000000
#define KEXEC_STAGE_START	0x00000100
#define KEXEC_STAGE_MIDDLE	0x00000200
#define KEXEC_STAGE_FINAL	0x00000300
struct kexec_pgmap_entry {
	__u64 dest;
	__u64 backup;
};
#endif

#define PAGE		4096UL
#define NPAGES		2048	/* the buffer the image is loaded over */
#define SEG_PAGES	4	/* at most, per segment */
#define START		KEXEC_STAGE_START
#define MIDDLE		KEXEC_STAGE_MIDDLE
#define FINAL		KEXEC_STAGE_FINAL
#define PRESERVE	KEXEC_PRESERVE_CONTEXT

static unsigned char *buf;		/* this process's pages: destinations */
static unsigned char *img;		/* the image's contents, page by page */
static unsigned long pfn[NPAGES];
static struct kexec_segment *seg;	/* the image's segments */
static unsigned int nseg;
static int kcore = -1;

static long load(unsigned long entry, unsigned long nr,
		 struct kexec_segment *s, unsigned long flags)
{
	return syscall(SYS_kexec_load, entry, nr, s, flags);
}

static void expect_errno(long ret, int want, const char *name)
{
	int got = ret ? errno : 0;

	result(ret == -1 && got == want, "%s # errno %d (%s), want %d",
	       name, got, strerror(got), want);
}

/* What page @i of the buffer (A) and of the image hold */
static uint64_t a_word(unsigned int i, unsigned int w)
{
	return 0xa000000000000000ULL | (uint64_t)i << 16 | w;
}

static uint64_t img_word(unsigned int i, unsigned int w)
{
	return 0x1000000000000000ULL | (uint64_t)i << 16 | w;
}

static void fill(unsigned char *p, unsigned int i,
		 uint64_t (*word)(unsigned int, unsigned int))
{
	uint64_t *q = (uint64_t *)p;
	unsigned int w;

	for (w = 0; w < PAGE / 8; w++)
		q[w] = word(i, w);
}

/* The first page that differs from the pattern, or -1 */
static int check(const unsigned char *p, unsigned int i,
		 uint64_t (*word)(unsigned int, unsigned int))
{
	const uint64_t *q = (const uint64_t *)p;
	unsigned int w;

	for (w = 0; w < PAGE / 8; w++)
		if (q[w] != word(i, w))
			return w;
	return -1;
}

/* The physical pages of the buffer, from /proc/self/pagemap */
static int find_pfns(void)
{
	int fd = open("/proc/self/pagemap", O_RDONLY);
	uint64_t e;
	unsigned int i;

	if (fd < 0)
		return -1;
	for (i = 0; i < NPAGES; i++) {
		off_t off = ((uintptr_t)buf / PAGE + i) * 8;

		if (pread(fd, &e, 8, off) != 8 || !(e >> 63) ||
		    !(e & ((1ULL << 55) - 1))) {
			close(fd);
			return -1;
		}
		pfn[i] = e & ((1ULL << 55) - 1);
	}
	close(fd);
	return 0;
}

/*
 * The image over the NPAGES pages @pfns: one segment per run of physically
 * contiguous pages, SEG_PAGES at most; page i holds image page i.  Returns
 * the number of segments written to @s.
 */
static unsigned int make_segments(const unsigned long *pfns,
				  struct kexec_segment *s)
{
	unsigned int i = 0, n, count = 0;

	while (i < NPAGES) {
		for (n = 1; i + n < NPAGES && n < SEG_PAGES &&
		     pfns[i + n] == pfns[i] + n; n++)
			;
		s[count].buf = img + i * PAGE;
		s[count].bufsz = n * PAGE;
		s[count].mem = (void *)(pfns[i] * PAGE);
		s[count].memsz = n * PAGE;
		count++;
		i += n;
	}
	return count;
}

/* @n segments in middle stages, KEXEC_SEGMENT_MAX a call; 0 or -1 */
static int load_middles(unsigned long entry, struct kexec_segment *s,
			unsigned int n, unsigned int *calls)
{
	unsigned int k, nr;

	for (k = 0; k < n; k += nr) {
		nr = n - k < KEXEC_SEGMENT_MAX ? n - k : KEXEC_SEGMENT_MAX;
		if (load(entry, nr, s + k, MIDDLE | PRESERVE))
			return -1;
		if (calls)
			++*calls;
	}
	return 0;
}

/*
 * The jump-back routine, at the image's first page: pop the caller's
 * return address, count the jump at offset 0x800 of its own page, and go
 * back with a call, so that the kernel finds where to come back to on the
 * stack (the kexec jump protocol); the next jump continues after it.
 */
static void make_code(unsigned char *p, unsigned long phys)
{
	static const unsigned char code[] = {
		0x59,				/* pop %rcx */
		0x48, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, /* movabs $counter, %rax */
		0x48, 0xff, 0x00,		/* incq (%rax) */
		0xff, 0xd1,			/* call *%rcx */
		0xeb, 0xee,			/* jmp to the pop */
	};
	uint64_t counter = phys + 0x800;

	memcpy(p, code, sizeof(code));
	memcpy(p + 3, &counter, 8);
	memset(p + 0x800, 0, 8);
}

/* The pgmap, or NULL; *n entries */
static struct kexec_pgmap_entry *read_pgmap(size_t *n)
{
	size_t size = 0, room = 1 << 16;
	char *map = malloc(room);
	int fd = open("/sys/kernel/kexec_pgmap", O_RDONLY);
	ssize_t got;

	if (fd < 0 || !map) {
		free(map);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	while ((got = read(fd, map + size, room - size)) > 0) {
		size += got;
		if (size == room)
			map = realloc(map, room *= 2);
	}
	close(fd);
	if (got < 0) {
		free(map);
		return NULL;
	}
	*n = size / sizeof(struct kexec_pgmap_entry);
	return (struct kexec_pgmap_entry *)map;
}

/* Read a physical page through /proc/kcore's map of RAM */
static int read_phys(unsigned long phys, void *p)
{
	static struct elf64_phdr ph[64];
	static int nph = -1;
	struct elf64_hdr eh;
	int i;

	if (nph < 0) {
		kcore = open("/proc/kcore", O_RDONLY);
		if (kcore < 0 || pread(kcore, &eh, sizeof(eh), 0) != sizeof(eh))
			return -1;
		nph = eh.e_phnum < 64 ? eh.e_phnum : 64;
		if (pread(kcore, ph, nph * sizeof(*ph), eh.e_phoff) !=
		    (ssize_t)(nph * sizeof(*ph)))
			return -1;
	}
	for (i = 0; i < nph; i++) {
		if (ph[i].p_type != PT_LOAD || ph[i].p_paddr == ~0ULL ||
		    phys < ph[i].p_paddr || phys >= ph[i].p_paddr + ph[i].p_memsz)
			continue;
		return pread(kcore, p, PAGE, ph[i].p_offset + phys -
			     ph[i].p_paddr) == (ssize_t)PAGE ? 0 : -1;
	}
	return -1;
}

/* A load in progress from START: nothing is, once MIDDLE says EINVAL */
static int gone(void)
{
	return load(pfn[0] * PAGE, 0, NULL, MIDDLE | PRESERVE) == -1 &&
	       errno == EINVAL;
}

static void refusals(void)
{
	unsigned long entry = pfn[0] * PAGE;
	struct kexec_segment s[KEXEC_SEGMENT_MAX + 1];
	unsigned int i;
	int ok, status;

	expect_errno(load(entry, 1, seg, MIDDLE | PRESERVE), EINVAL,
		     "middle_without_start");
	expect_errno(load(entry, 1, seg, FINAL | PRESERVE), EINVAL,
		     "final_without_start");
	expect_errno(load(entry, 1, seg, START | KEXEC_ON_CRASH), EINVAL,
		     "start_on_crash");
	expect_errno(load(entry, 1, seg, START | PRESERVE | KEXEC_PHYS_CALL),
		     EINVAL, "start_phys_call");

	/* Each of these ends the load it interrupts */
	load(entry, 1, seg, START | PRESERVE);
	expect_errno(load(entry, 1, seg, START | PRESERVE), EINVAL, "two_starts");
	result(gone(), "two_starts_freed");

	load(entry, 1, seg, START | PRESERVE);
	expect_errno(load(entry, 1, seg + 1, PRESERVE), EINVAL,
		     "full_load_during_staged");
	result(gone(), "full_load_during_staged_freed");

	load(entry, 1, seg, START | PRESERVE);
	expect_errno(load(0, 0, NULL, 0), EINVAL, "unload_during_staged");
	result(gone(), "unload_during_staged_freed");

	load(entry, 1, seg, START | PRESERVE);
	expect_errno(load(entry, 1, seg + 1, MIDDLE), EINVAL, "flags_change");
	result(gone(), "flags_change_freed");

	load(entry, 1, seg, START | PRESERVE);
	expect_errno(load(entry + PAGE, 1, seg + 1, MIDDLE | PRESERVE), EINVAL,
		     "entry_changes");
	result(gone(), "entry_changes_freed");

	load(entry, 1, seg, START | PRESERVE);
	s[0] = seg[1];
	s[0].mem = (char *)s[0].mem + 8;
	expect_errno(load(entry, 1, s, MIDDLE | PRESERVE), EADDRNOTAVAIL,
		     "segment_unaligned");
	result(gone(), "segment_unaligned_freed");

	load(entry, 1, seg, START | PRESERVE);
	s[0] = seg[1];
	s[0].mem = (void *)~(PAGE - 1);
	s[0].memsz = PAGE;
	expect_errno(load(entry, 1, s, MIDDLE | PRESERVE), EADDRNOTAVAIL,
		     "segment_out_of_range");
	result(gone(), "segment_out_of_range_freed");

	load(entry, 1, seg, START | PRESERVE);
	s[0] = seg[1];
	s[1] = seg[1];
	expect_errno(load(entry, 2, s, MIDDLE | PRESERVE), EINVAL,
		     "segments_overlap_in_one_call");
	result(gone(), "segments_overlap_in_one_call_freed");

	load(entry, 1, seg, START | PRESERVE);
	for (i = 0; i <= KEXEC_SEGMENT_MAX; i++)
		s[i] = seg[1 + i];
	expect_errno(load(entry, KEXEC_SEGMENT_MAX + 1, s, MIDDLE | PRESERVE),
		     EINVAL, "too_many_segments");
	result(gone(), "too_many_segments_freed");

	load(entry, 1, seg, START | PRESERVE);
	s[0] = seg[1];
	s[0].buf = (void *)PAGE;
	expect_errno(load(entry, 1, s, MIDDLE | PRESERVE), EFAULT, "bad_buffer");
	result(gone(), "bad_buffer_freed");

	load(entry, 1, seg, START | PRESERVE);
	expect_errno(load(entry, 1, (void *)PAGE, MIDDLE | PRESERVE), EFAULT,
		     "bad_segment_array");
	result(gone(), "bad_segment_array_freed");

	/* Another process cannot touch the load, which goes on */
	ok = load(entry, 1, seg, START | PRESERVE) == 0;
	if (!fork()) {
		int busy = load(entry, 1, seg + 1, MIDDLE | PRESERVE) == -1 &&
			   errno == EBUSY;

		busy &= load(entry, 1, seg + 1, PRESERVE) == -1 && errno == EBUSY;
		_exit(busy ? 0 : 1);
	}
	wait(&status);
	result(ok && WIFEXITED(status) && !WEXITSTATUS(status),
	       "other_process_gets_ebusy");
	result(load(entry, 1, seg + 1, FINAL | PRESERVE) == 0,
	       "load_goes_on_after_other_process");
	result(load(0, 0, NULL, 0) == 0, "unload");
}

/*
 * Free memory in KiB: the zones' free pages and the pages on the CPUs'
 * free lists, which MemFree leaves out (freed pages go there first)
 */
static long mem_free_kib(void)
{
	FILE *f = fopen("/proc/zoneinfo", "r");
	long pages = 0, n;
	char line[128];

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, " nr_free_pages %ld", &n) == 1 ||
		    sscanf(line, " count: %ld", &n) == 1)
			pages += n;
	if (f)
		fclose(f);
	return f ? pages * (long)(PAGE / 1024) : -1;
}

/* A loader killed between stages: its load is freed, all of it */
static void loader_dies(void)
{
	long before = mem_free_kib(), after = 0;
	unsigned long entry = pfn[0] * PAGE;
	struct timespec t = { 0, 50 * 1000 * 1000 };
	int p[2], i, freed = 0;
	pid_t child;
	char c;

	if (pipe(p)) {
		p[0] = -1;
		p[1] = -1;
	}
	child = fork();
	if (!child) {
		int ok = load(entry, 0, NULL, START | PRESERVE) == 0 &&
			 load_middles(entry, seg, nseg, NULL) == 0;

		c = ok ? 'y' : 'n';
		if (write(p[1], &c, 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	c = 'n';
	if (read(p[0], &c, 1) != 1)
		c = 'n';
	printf("# loader %d loaded %d pages, free %ld -> %ld kB\n",
	       child, NPAGES, before, mem_free_kib());
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	for (i = 0; i < 100 && !freed; i++) {
		/* EBUSY while the dead loader's load is there */
		freed = gone();
		if (!freed)
			nanosleep(&t, NULL);
	}
	after = mem_free_kib();
	printf("# freed after %d ms, free %ld kB\n", i * 50, after);
	result(c == 'y', "dying_loader_loaded");
	result(freed, "dying_loader_load_freed");
	/* The image's pages are back (8 MiB; 2 MiB of slack for the rest) */
	result(after > before - 2048, "dying_loader_memory_back # %ld -> %ld kB",
	       before, after);
	close(p[0]);
	close(p[1]);
}

static int map_matches(const struct kexec_pgmap_entry *m, size_t n,
		       const unsigned long *dest, size_t nd)
{
	size_t i;

	if (n != nd)
		return 0;
	for (i = 0; i < n; i++)
		if (m[i].dest != dest[i] * PAGE || m[i].backup % PAGE)
			return 0;
	return 1;
}

static int cmp_ulong(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

/* The entry of map @m (@n entries, or NULL) for destination @dest, or NULL */
static const struct kexec_pgmap_entry *map_find(const struct kexec_pgmap_entry *m,
						size_t n, unsigned long dest)
{
	size_t k;

	for (k = 0; m && k < n; k++)
		if (m[k].dest == dest)
			return &m[k];
	return NULL;
}

/* Page @i's image contents are at its backup page */
static int image_pages_ok(const struct kexec_pgmap_entry *m, size_t n,
			  unsigned int *bad)
{
	const struct kexec_pgmap_entry *e;
	unsigned char page[PAGE];
	unsigned int i, first_bad = 0;

	*bad = 0;
	for (i = 1; i < NPAGES; i++) {
		e = map_find(m, n, pfn[i] * PAGE);
		if (!e || read_phys(e->backup, page) ||
		    check(page, i, img_word) >= 0) {
			if (!(*bad)++)
				first_bad = i;
		}
	}
	if (*bad)
		printf("# %u image pages wrong, the first %u\n", *bad, first_bad);
	return !*bad;
}

static void staged_image(void)
{
	unsigned long entry = pfn[0] * PAGE, *dest, moved_dest, moved_backup;
	struct kexec_segment extra, code, first[KEXEC_SEGMENT_MAX];
	struct kexec_pgmap_entry *m, *m2, *m3;
	const struct kexec_pgmap_entry *e;
	unsigned char *junk;
	unsigned int i, calls = 0, bad;
	unsigned char page[PAGE], extra_page[PAGE];
	uint64_t count;
	size_t n, n2, k;
	int ok = 1, jump;
	long ret;

	/*
	 * Start: the first segments, the first one with junk: a later call
	 * loads it again, right (a later call may load a page again).
	 */
	memset(extra_page, 0x5a, PAGE);
	junk = malloc(seg[0].bufsz);
	memset(junk, 0xee, seg[0].bufsz);
	memcpy(first, seg, sizeof(first));
	first[0].buf = junk;
	ok &= load(entry, KEXEC_SEGMENT_MAX, first, START | PRESERVE) == 0;
	calls++;
	m = read_pgmap(&n);
	result(ok && m && n > 0, "start # %zu pages mapped", m ? n : 0);
	/*
	 * A middle call whose destination is a source page of the start:
	 * that page's contents must move, and it becomes its own source.
	 */
	moved_dest = m ? m[n - 1].dest : 0;
	moved_backup = m ? m[n - 1].backup : 0;
	extra.buf = extra_page;
	extra.bufsz = PAGE;
	extra.mem = (void *)moved_backup;
	extra.memsz = PAGE;
	free(m);
	ok = ok && load_middles(entry, seg + KEXEC_SEGMENT_MAX,
				nseg - KEXEC_SEGMENT_MAX, &calls) == 0;
	ok &= load(entry, 1, &extra, MIDDLE | PRESERVE) == 0;
	ok &= load(entry, 1, seg, MIDDLE | PRESERVE) == 0;
	calls += 2;
	result(ok, "middle_stages # %u calls, %u segments, %d pages", calls,
	       nseg + 1, NPAGES + 1);

	/* The map before the final stage, which loads only known pages */
	m = read_pgmap(&n);
	code.buf = img;
	code.bufsz = PAGE;
	code.mem = (void *)entry;
	code.memsz = PAGE;
	ret = load(entry, 1, &code, FINAL | PRESERVE);
	result(ret == 0, "final # %s", ret ? strerror(errno) : "loaded");
	m2 = read_pgmap(&n2);
	result(m && m2 && n == n2 && !memcmp(m, m2, n * sizeof(*m)),
	       "map_unchanged_by_final # %zu entries", n2);

	dest = calloc(NPAGES + 1, sizeof(*dest));
	memcpy(dest, pfn, NPAGES * sizeof(*dest));
	dest[NPAGES] = moved_backup / PAGE;
	qsort(dest, NPAGES + 1, sizeof(*dest), cmp_ulong);
	result(m2 && map_matches(m2, n2, dest, NPAGES + 1),
	       "map_lists_every_destination_in_order");

	/* The invariant relocate_kernel needs */
	ok = !!m2;
	for (k = 0; m2 && k < n2; k++) {
		unsigned long b = m2[k].backup / PAGE;

		if (b != m2[k].dest / PAGE &&
		    bsearch(&b, dest, NPAGES + 1, sizeof(*dest), cmp_ulong))
			ok = 0;
	}
	result(ok, "no_backup_is_another_destination");
	e = map_find(m2, n2, moved_backup);
	result(e && e->backup == moved_backup,
	       "moved_source_is_its_own_source # %#lx", moved_backup);
	e = map_find(m2, n2, moved_dest);
	result(e && e->backup != moved_backup,
	       "moved_source_moved # %#lx -> %#llx", moved_backup,
	       e ? (unsigned long long)e->backup : 0ULL);
	result(m2 && image_pages_ok(m2, n2, &bad), "image_pages_in_backups");
	e = map_find(m2, n2, moved_backup);
	result(e && !read_phys(e->backup, page) &&
	       !memcmp(page, extra_page, PAGE), "moved_source_page_reloaded");

	/* Jump: the image's code counts in its page; A's pages come back */
	for (jump = 1; jump <= 2; jump++) {
		ret = syscall(SYS_reboot, LINUX_REBOOT_MAGIC1,
			      LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_KEXEC, NULL);
		result(ret == 0, "jump_%d # %s", jump, ret ? strerror(errno) : "back");
		for (i = 0, bad = 0; i < NPAGES; i++)
			bad += check(buf + i * PAGE, i, a_word) >= 0;
		result(!bad, "jump_%d_buffer_intact # %u pages differ", jump, bad);
		count = 0;
		e = map_find(m2, n2, entry);
		if (e && !read_phys(e->backup, page))
			memcpy(&count, page + 0x800, 8);
		result(count == (uint64_t)jump, "jump_%d_counted # %llu", jump,
		       (unsigned long long)count);
	}
	ret = load(0, 0, NULL, 0);
	m3 = read_pgmap(&n);
	result(!ret && m3 && n == 0, "unload_empties_map");
	free(m3);
	free(junk);
	free(m);
	free(m2);
	free(dest);
}

/*
 * Destinations in free memory the kernel's allocator hands out to the
 * load: the source pages of a load just freed (as unmovable as the new
 * load's own allocations).  Sources land on destinations still to load in
 * the same call (reserved as their own sources) and on destinations
 * already loaded (which take their own contents back, their old source
 * going to the new page).  Once with the kernel's lookup and once with the
 * linear one.
 */
static void free_destinations(void)
{
	unsigned long *fpfn = calloc(NPAGES, sizeof(*fpfn)), entry;
	struct kexec_segment *fseg = calloc(NPAGES, sizeof(*fseg));
	unsigned int i, nfseg, own, bad, mode, first_bad;
	struct kexec_pgmap_entry *m;
	unsigned char page[PAGE];
	size_t n;
	int ok, fd;

	for (mode = 0; mode <= 1; mode++) {
		const char *name = mode ? "linear" : "xarray";

		fd = open("/sys/kernel/debug/kexec_staged_linear", O_WRONLY);
		ok = fd >= 0 && write(fd, mode ? "Y" : "N", 1) == 1;
		if (fd >= 0)
			close(fd);

		/* A load over the buffer, whose source pages become free */
		entry = pfn[0] * PAGE;
		ok &= load(entry, 0, NULL, START | PRESERVE) == 0;
		ok = ok && load_middles(entry, seg, nseg, NULL) == 0;
		ok = ok && load(entry, 0, NULL, FINAL | PRESERVE) == 0;
		m = read_pgmap(&n);
		for (i = 0; m && i < n && i < NPAGES; i++)
			fpfn[i] = m[i].backup / PAGE;
		ok = ok && m && n == NPAGES && load(0, 0, NULL, 0) == 0;
		free(m);
		qsort(fpfn, NPAGES, sizeof(*fpfn), cmp_ulong);
		nfseg = make_segments(fpfn, fseg);

		/* The image over them */
		entry = fpfn[0] * PAGE;
		ok = ok && load(entry, 0, NULL, START | PRESERVE) == 0;
		ok = ok && load_middles(entry, fseg, nfseg, NULL) == 0;
		ok = ok && load(entry, 0, NULL, FINAL | PRESERVE) == 0;
		if (!ok)
			printf("# %s: %s\n", name, strerror(errno));
		m = read_pgmap(&n);
		result(ok && m && n == NPAGES,
		       "free_destinations_%s_loaded # %u segments, %zu pages",
		       name, nfseg, m ? n : 0);
		/* Each page's image contents at its source; count own sources */
		for (i = 0, own = 0, bad = 0, first_bad = 0; m && i < n; i++) {
			unsigned long d = m[i].dest / PAGE, b = m[i].backup / PAGE;
			unsigned long *p = bsearch(&d, fpfn, NPAGES, sizeof(*fpfn),
						   cmp_ulong);
			int wrong;

			own += b == d;
			wrong = !p || read_phys(m[i].backup, page) ||
				memcmp(page, img + (p - fpfn) * PAGE, PAGE) ||
				(b != d && bsearch(&b, fpfn, NPAGES, sizeof(*fpfn),
						   cmp_ulong));
			if (wrong && !bad++)
				first_bad = i;
		}
		if (bad)
			printf("# %s: first wrong: %#llx <- %#llx\n", name,
			       (unsigned long long)m[first_bad].dest,
			       (unsigned long long)m[first_bad].backup);
		result(m && !bad, "free_destinations_%s_pages # %u wrong", name, bad);
		/* The allocator gave destinations back: those branches ran */
		result(own > 0, "free_destinations_%s_own_sources # %u", name, own);
		ok = load(0, 0, NULL, 0) == 0;
		result(ok, "free_destinations_%s_unload # %s", name,
		       ok ? "done" : strerror(errno));
		free(m);
	}
	fd = open("/sys/kernel/debug/kexec_staged_linear", O_WRONLY);
	if (fd >= 0 && write(fd, "N", 1) != 1)
		printf("# the linear lookup stays on\n");
	if (fd >= 0)
		close(fd);
	free(fpfn);
	free(fseg);
}

int main(void)
{
	unsigned int i;

	printf("KTAP version 1\n1..%d\n", 57);
	buf = mmap(NULL, NPAGES * PAGE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	img = malloc(NPAGES * PAGE);
	if (buf == MAP_FAILED || !img || mlock(buf, NPAGES * PAGE)) {
		printf("Bail out! no locked buffer: %s\n", strerror(errno));
		return 1;
	}
	for (i = 0; i < NPAGES; i++) {
		fill(buf + i * PAGE, i, a_word);
		fill(img + i * PAGE, i, img_word);
	}
	if (find_pfns()) {
		printf("Bail out! /proc/self/pagemap gives no pfns\n");
		return 1;
	}
	make_code(img, pfn[0] * PAGE);
	seg = calloc(NPAGES, sizeof(*seg));
	nseg = make_segments(pfn, seg);
	printf("# %d pages in %u segments, entry %#lx\n", NPAGES, nseg,
	       pfn[0] * PAGE);

	/* The linear lookup's switch */
	mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL);
	refusals();
	loader_dies();
	staged_image();
	free_destinations();
	printf("# %d checks, %d failed\n", ktap_checks, ktap_failed);
	return ktap_failed ? 1 : 0;
}
