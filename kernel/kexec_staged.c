// SPDX-License-Identifier: GPL-2.0-only
/*
 * kexec_load() in stages, and the map of an image's pages
 *
 * A staged load is one image loaded by several kexec_load() calls: a
 * KEXEC_STAGE_START call, any number of KEXEC_STAGE_MIDDLE calls and a
 * KEXEC_STAGE_FINAL call, each with up to KEXEC_SEGMENT_MAX segments, so
 * that an image may have any number of segments (a hibernated memory image
 * has one per run of saved pages).  See
 * Documentation/userspace-api/kexec-staged-load.rst.
 *
 * While an image loads, the source page of each destination page is found
 * in an xarray indexed by destination pfn, and the destination of each
 * source page in one indexed by source pfn: the checks a new page needs
 * (is it a destination, is it a source already) cost as much for the
 * millionth page as for the first, where the one-shot load scans every
 * segment and every entry.  The entry list that relocate_kernel walks is
 * written once, by the final stage, when every destination is known.
 *
 * /sys/kernel/kexec_pgmap gives user space the map from each destination
 * page to its source page: for an image loaded with KEXEC_PRESERVE_CONTEXT
 * the source page holds, after the jump, what the destination page held
 * before it, so that the loaded kernel finds the memory it displaced.
 */

#define pr_fmt(fmt) "kexec: " fmt

#include <linux/debugfs.h>
#include <linux/highmem.h>
#include <linux/kexec.h>
#include <linux/kobject.h>
#include <linux/mm.h>
#include <linux/mmu_notifier.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/sysfs.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

#include "kexec_internal.h"

/* No page: every pfn is below it */
#define KEXEC_STAGE_NONE	(~0UL)

/**
 * struct kexec_stage - a staged load in progress
 * @flags: the start stage's flags, without the stage
 * @entry: the image's entry point, which every stage repeats
 * @nr_pages: destination pages so far
 * @dest: destination pfn -> source pfn
 * @src: source pfn -> destination pfn
 * @pages: every page the load owns (sources, and pages reserved as their
 *	own source for a destination still to load), on page->lru
 * @nr_owned: pages on @pages
 * @mn: watches the loader's address space, whose end (exit, execve) ends
 *	the load
 * @mm: the loader's address space
 * @mm_gone: the loader's address space is gone: the reaper frees the load
 * @freeing: the load is being freed (mmu_notifier_unregister() calls
 *	->release too)
 * @snap: the map as /sys/kernel/kexec_pgmap gives it (@nr_pages entries),
 *	until the next call
 * @linear: measurement only: look pages up by scanning @pairs
 * @pairs: the map as an array, in load order (@linear; @nr_pages entries)
 * @max_pairs: room in @pairs
 */
struct kexec_stage {
	unsigned long flags;
	unsigned long entry;
	unsigned long nr_pages;
	struct xarray dest;
	struct xarray src;
	struct list_head pages;
	unsigned long nr_owned;
	struct mmu_notifier mn;
	struct mm_struct *mm;
	bool mm_gone;
	bool freeing;
	struct kexec_pgmap_entry *snap;
	bool linear;
	struct kexec_pgmap_entry *pairs;
	unsigned long max_pairs;
};

/* The load in progress, under the kexec lock */
static struct kimage *kexec_staged;

#ifdef CONFIG_KEXEC_STAGED_LOAD_BENCH
/* debugfs kexec_staged_linear: staged loads started from now on scan */
static bool kexec_staged_linear;
#else
#define kexec_staged_linear false
#endif

static unsigned long stage_value(void *entry)
{
	return entry ? xa_to_value(entry) : KEXEC_STAGE_NONE;
}

/* @linear: the pair whose destination (or source page) is @pfn, or NULL */
static struct kexec_pgmap_entry *stage_pair(struct kexec_stage *st,
					    unsigned long pfn, bool by_source)
{
	unsigned long i;

	for (i = 0; i < st->nr_pages; i++)
		if ((by_source ? st->pairs[i].backup : st->pairs[i].dest) == pfn)
			return &st->pairs[i];
	return NULL;
}

/* The source page of destination @dpfn, or NONE */
static unsigned long stage_source_of(struct kexec_stage *st, unsigned long dpfn)
{
	struct kexec_pgmap_entry *pair;

	if (!st->linear)
		return stage_value(xa_load(&st->dest, dpfn));
	pair = stage_pair(st, dpfn, false);
	return pair ? pair->backup : KEXEC_STAGE_NONE;
}

/* The destination whose source page is @spfn, or NONE */
static unsigned long stage_dest_of(struct kexec_stage *st, unsigned long spfn)
{
	struct kexec_pgmap_entry *pair;

	if (!st->linear)
		return stage_value(xa_load(&st->src, spfn));
	pair = stage_pair(st, spfn, true);
	return pair ? pair->dest : KEXEC_STAGE_NONE;
}

static int stage_pairs_set(struct kexec_stage *st, unsigned long dpfn,
			   unsigned long spfn, unsigned long *old)
{
	struct kexec_pgmap_entry *pairs, *pair = stage_pair(st, dpfn, false);
	unsigned long max;

	if (pair) {
		*old = pair->backup;
		pair->backup = spfn;
		return 0;
	}
	if (st->nr_pages == st->max_pairs) {
		max = max(2 * st->max_pairs, 512UL);
		pairs = kvmalloc_array(max, sizeof(*pairs), GFP_KERNEL);
		if (!pairs)
			return -ENOMEM;
		if (st->nr_pages)
			memcpy(pairs, st->pairs, st->nr_pages * sizeof(*pairs));
		kvfree(st->pairs);
		st->pairs = pairs;
		st->max_pairs = max;
	}
	/* A new destination: stage_map() counts it in @nr_pages */
	st->pairs[st->nr_pages].dest = dpfn;
	st->pairs[st->nr_pages].backup = spfn;
	*old = KEXEC_STAGE_NONE;
	return 0;
}

/*
 * Make @spfn the source page of destination @dpfn.  A source page it
 * replaces must become another destination's source (the caller's next
 * step): pages never leave the load before it ends.
 */
static int stage_map(struct kexec_stage *st, unsigned long dpfn,
		     unsigned long spfn)
{
	unsigned long old;
	void *prev;
	int ret;

	if (st->linear) {
		ret = stage_pairs_set(st, dpfn, spfn, &old);
		if (ret)
			return ret;
	} else {
		prev = xa_store(&st->dest, dpfn, xa_mk_value(spfn), GFP_KERNEL);
		ret = xa_err(prev);
		if (ret)
			return ret;
		old = stage_value(prev);
		ret = xa_err(xa_store(&st->src, spfn, xa_mk_value(dpfn),
				      GFP_KERNEL));
		if (ret)
			return ret;
		if (old != KEXEC_STAGE_NONE && old != spfn &&
		    stage_value(xa_load(&st->src, old)) == dpfn)
			xa_erase(&st->src, old);
	}
	if (old == KEXEC_STAGE_NONE)
		st->nr_pages++;
	return 0;
}

/* @pfn lies in a segment of the call being loaded */
static bool stage_in_call(struct kimage *image, unsigned long pfn)
{
	unsigned long i, first;

	for (i = 0; i < image->nr_segments; i++) {
		first = image->segment[i].mem >> PAGE_SHIFT;
		if (pfn - first < image->segment[i].memsz >> PAGE_SHIFT)
			return true;
	}
	return false;
}

/*
 * A page to be the source page of @dpfn: @dpfn itself, or a page that is
 * no destination, loaded or still to load in this call.  This keeps the
 * invariant of the one-shot load (kimage_alloc_page()): a source page is
 * its own destination or no destination at all, so relocate_kernel never
 * overwrites a source page it has yet to copy.  A later call's destination
 * can be an earlier source page: stage_source() moves it then.
 */
static struct page *stage_alloc_source(struct kimage *image,
				       struct kexec_stage *st,
				       unsigned long dpfn)
{
	unsigned long pfn, spfn;
	struct page *page;

	for (;;) {
		cond_resched();
		page = kimage_alloc_pages(GFP_HIGHUSER, 0);
		if (!page)
			return NULL;
		pfn = page_to_boot_pfn(page);
		if (pfn > (KEXEC_SOURCE_MEMORY_LIMIT >> PAGE_SHIFT)) {
			list_add(&page->lru, &image->unusable_pages);
			continue;
		}
		list_add(&page->lru, &st->pages);
		st->nr_owned++;
		if (pfn == dpfn)
			return page;
		spfn = stage_source_of(st, pfn);
		if (spfn == KEXEC_STAGE_NONE) {
			if (!stage_in_call(image, pfn))
				return page;
			/* Still to load in this call: its own source then */
			if (stage_map(st, pfn, pfn))
				return NULL;
			continue;
		}
		/*
		 * A loaded destination: it becomes its own source, and its
		 * source page, no destination, is the one we want.
		 */
		copy_highpage(page, boot_pfn_to_page(spfn));
		if (stage_map(st, pfn, pfn))
			return NULL;
		return boot_pfn_to_page(spfn);
	}
}

/* The source page of destination @dpfn, found or made */
static struct page *stage_source(struct kimage *image, struct kexec_stage *st,
				 unsigned long dpfn)
{
	unsigned long spfn, other;
	struct page *page;

	/* Loaded by an earlier call (and now loaded again), or reserved */
	spfn = stage_source_of(st, dpfn);
	if (spfn != KEXEC_STAGE_NONE)
		return boot_pfn_to_page(spfn);

	page = stage_alloc_source(image, st, dpfn);
	if (!page)
		return NULL;

	/*
	 * An earlier call's source page is a destination now: its contents
	 * move to the new page, and it becomes its own source.
	 */
	other = stage_dest_of(st, dpfn);
	if (other != KEXEC_STAGE_NONE) {
		copy_highpage(page, boot_pfn_to_page(dpfn));
		if (stage_map(st, other, page_to_boot_pfn(page)) ||
		    stage_map(st, dpfn, dpfn))
			return NULL;
		return boot_pfn_to_page(dpfn);
	}

	if (stage_map(st, dpfn, page_to_boot_pfn(page)))
		return NULL;
	return page;
}

/* Copy one segment into its source pages, as kimage_load_segment() does */
static int stage_load_segment(struct kimage *image, struct kexec_stage *st,
			      struct kexec_segment *segment)
{
	unsigned char __user *buf = segment->buf;
	size_t ubytes = segment->bufsz, uchunk;
	unsigned long dpfn = segment->mem >> PAGE_SHIFT;
	unsigned long npages = segment->memsz >> PAGE_SHIFT;
	unsigned long limit = totalram_pages() / 2;
	struct page *page;
	char *ptr;
	int ret;

	for (; npages; npages--, dpfn++) {
		page = stage_source(image, st, dpfn);
		if (!page)
			return -ENOMEM;
		if (st->nr_pages > limit)
			return -EINVAL;
		ptr = kmap_local_page(page);
		clear_page(ptr);
		uchunk = min_t(size_t, ubytes, PAGE_SIZE);
		ret = uchunk ? copy_from_user(ptr, buf, uchunk) : 0;
		kunmap_local(ptr);
		if (ret)
			return -EFAULT;
		buf += uchunk;
		ubytes -= uchunk;
		cond_resched();
	}
	return 0;
}

/* One call's segments: checked as a one-shot load checks its own */
static int stage_load(struct kimage *image, struct kexec_stage *st,
		      unsigned long nr_segments, struct kexec_segment *segments)
{
	unsigned long i;
	int ret;

	image->nr_segments = nr_segments;
	memcpy(image->segment, segments, nr_segments * sizeof(*segments));
	ret = sanity_check_segment_list(image);
	for (i = 0; !ret && i < nr_segments; i++)
		ret = stage_load_segment(image, st, &image->segment[i]);
	/* Destinations are in @st from now on */
	image->nr_segments = 0;
	return ret;
}

/* End the load in progress and free it; under the kexec lock */
static void kexec_stage_drop(void)
{
	kimage_free(kexec_staged);
	kexec_staged = NULL;
}

static void kexec_stage_reap(struct work_struct *work);
static DECLARE_DELAYED_WORK(kexec_stage_reaper, kexec_stage_reap);

/* Free a load whose loader is gone; retry while the kexec lock is taken */
static void kexec_stage_reap(struct work_struct *work)
{
	if (!kexec_trylock()) {
		schedule_delayed_work(&kexec_stage_reaper,
				      msecs_to_jiffies(20));
		return;
	}
	if (kexec_staged && READ_ONCE(kexec_staged->stage->mm_gone)) {
		pr_info("staged load abandoned by its loader: freed\n");
		kexec_stage_drop();
	}
	kexec_unlock();
}

static void kexec_stage_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct kexec_stage *st = container_of(mn, struct kexec_stage, mn);

	/* Called by mmu_notifier_unregister() too, when the load ends */
	if (READ_ONCE(st->freeing))
		return;
	WRITE_ONCE(st->mm_gone, true);
	schedule_delayed_work(&kexec_stage_reaper, 0);
}

static const struct mmu_notifier_ops kexec_stage_mn_ops = {
	.release = kexec_stage_release,
};

/**
 * kexec_stage_free() - free the staged load of an image
 * @image: an image with a staged load in progress
 *
 * Frees every page the load owns and stops watching the loader.  Called by
 * kimage_free(), under the kexec lock.
 */
void kexec_stage_free(struct kimage *image)
{
	struct kexec_stage *st = image->stage;

	if (!st)
		return;
	WRITE_ONCE(st->freeing, true);
	if (st->mm)
		mmu_notifier_unregister(&st->mn, st->mm);
	kimage_free_page_list(&st->pages);
	kvfree(st->snap);
	xa_destroy(&st->dest);
	xa_destroy(&st->src);
	kvfree(st->pairs);
	kfree(st);
	image->stage = NULL;
}

static int kexec_stage_start(unsigned long entry, unsigned long flags)
{
	struct kexec_stage *st;
	struct kimage *image;
	int ret;

	/* Kernels to run, and physical-mode code to call, are loaded whole */
	if (flags & (KEXEC_ON_CRASH | KEXEC_PHYS_CALL | KEXEC_UPDATE_ELFCOREHDR |
		     KEXEC_CRASH_HOTPLUG_SUPPORT))
		return -EINVAL;

	image = do_kimage_alloc_init();
	if (!image)
		return -ENOMEM;
	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st) {
		kfree(image);
		return -ENOMEM;
	}
	xa_init(&st->dest);
	xa_init(&st->src);
	INIT_LIST_HEAD(&st->pages);
	st->flags = flags & ~KEXEC_STAGE_MASK;
	st->entry = entry;
	st->linear = kexec_staged_linear;
	image->stage = st;
	image->start = entry;
	image->preserve_context = !!(flags & KEXEC_PRESERVE_CONTEXT);

	st->mn.ops = &kexec_stage_mn_ops;
	ret = mmu_notifier_register(&st->mn, current->mm);
	if (ret) {
		kimage_free(image);
		return ret;
	}
	st->mm = current->mm;
	kexec_staged = image;
	return 0;
}

/* The pages of the entry list: none a destination, all below the limit */
static int stage_alloc_entry_pages(struct kimage *image, unsigned long count,
				   struct list_head *list)
{
	struct kexec_stage *st = image->stage;
	struct page *page;
	unsigned long pfn;

	while (count) {
		page = kimage_alloc_pages(GFP_KERNEL, 0);
		if (!page)
			return -ENOMEM;
		pfn = page_to_boot_pfn(page);
		if (pfn > (KEXEC_SOURCE_MEMORY_LIMIT >> PAGE_SHIFT) ||
		    stage_source_of(st, pfn) != KEXEC_STAGE_NONE) {
			/* freed with the image, or when it is installed */
			list_add(&page->lru, &image->unusable_pages);
			continue;
		}
		list_add_tail(&page->lru, list);
		count--;
	}
	return 0;
}

static int pgmap_cmp(const void *a, const void *b)
{
	const struct kexec_pgmap_entry *x = a, *y = b;

	return x->dest < y->dest ? -1 : x->dest > y->dest;
}

/* The map, sorted by destination, in physical addresses */
static struct kexec_pgmap_entry *stage_sorted_map(struct kexec_stage *st)
{
	struct kexec_pgmap_entry *map;
	unsigned long i = 0, dpfn;
	void *entry;

	map = kvmalloc_array(max(st->nr_pages, 1UL), sizeof(*map), GFP_KERNEL);
	if (!map)
		return NULL;
	if (st->linear) {
		memcpy(map, st->pairs, st->nr_pages * sizeof(*map));
		sort(map, st->nr_pages, sizeof(*map), pgmap_cmp, NULL);
	} else {
		xa_for_each(&st->dest, dpfn, entry) {
			if (WARN_ON_ONCE(i == st->nr_pages))
				break;
			map[i].dest = dpfn;
			map[i].backup = xa_to_value(entry);
			i++;
		}
	}
	for (i = 0; i < st->nr_pages; i++) {
		map[i].dest <<= PAGE_SHIFT;
		map[i].backup <<= PAGE_SHIFT;
	}
	return map;
}

/* Writes the entry list into pages taken from @pages */
struct stage_writer {
	struct list_head pages;
	kimage_entry_t *ind;
	kimage_entry_t *link;
	unsigned int slot;
};

#define STAGE_ENTRIES_PER_PAGE	(PAGE_SIZE / sizeof(kimage_entry_t) - 1)

static void stage_put(struct stage_writer *w, kimage_entry_t entry)
{
	struct page *page;

	if (!w->ind || w->slot == STAGE_ENTRIES_PER_PAGE) {
		page = list_first_entry(&w->pages, struct page, lru);
		list_del(&page->lru);
		w->ind = page_address(page);
		/* The last slot links to the next page */
		*w->link = virt_to_boot_phys(w->ind) | IND_INDIRECTION;
		w->link = &w->ind[STAGE_ENTRIES_PER_PAGE];
		*w->link = 0;
		w->slot = 0;
	}
	w->ind[w->slot++] = entry;
}

/*
 * Write the entry list relocate_kernel walks: for each run of destination
 * pages, the run's first destination and then its source pages.  The
 * list's pages are no destination and no source moves: the map that
 * /sys/kernel/kexec_pgmap gave before the final stage stays true if the
 * final stage adds no destination page.
 */
static int stage_write_entries(struct kimage *image,
			       const struct kexec_pgmap_entry *map,
			       unsigned long n)
{
	struct stage_writer w = { .link = &image->head };
	unsigned long i, runs = 0;
	int ret;

	INIT_LIST_HEAD(&w.pages);
	for (i = 0; i < n; i++)
		if (!i || map[i].dest != map[i - 1].dest + PAGE_SIZE)
			runs++;
	/* The entries and IND_DONE */
	ret = stage_alloc_entry_pages(image,
				      DIV_ROUND_UP(runs + n + 1,
						   STAGE_ENTRIES_PER_PAGE),
				      &w.pages);
	if (ret) {
		kimage_free_page_list(&w.pages);
		return ret;
	}
	for (i = 0; i < n; i++) {
		if (!i || map[i].dest != map[i - 1].dest + PAGE_SIZE)
			stage_put(&w, map[i].dest | IND_DESTINATION);
		stage_put(&w, map[i].backup | IND_SOURCE);
	}
	stage_put(&w, IND_DONE);
	WARN_ON_ONCE(!list_empty(&w.pages));
	return 0;
}

static int kexec_stage_final(struct kimage *image)
{
	struct kexec_stage *st = image->stage;
	struct kexec_pgmap_entry *map;
	int ret;

	if (WARN_ON_ONCE(st->nr_owned != st->nr_pages))
		return -EINVAL;
	map = stage_sorted_map(st);
	if (!map)
		return -ENOMEM;
	ret = stage_write_entries(image, map, st->nr_pages);
	if (ret) {
		kvfree(map);
		return ret;
	}
	/* The source pages belong to the entry list now */
	INIT_LIST_HEAD(&st->pages);
	st->nr_owned = 0;
	image->pgmap = map;
	image->pgmap_nr = st->nr_pages;
	kexec_stage_free(image);
	/* Destination pages the entry list could not use */
	kimage_free_page_list(&image->unusable_pages);

	/* What a one-shot load allocates first: it needs every destination */
	image->control_code_page =
		kimage_alloc_control_pages(image,
					   get_order(KEXEC_CONTROL_PAGE_SIZE));
	if (!image->control_code_page)
		return -ENOMEM;
	image->swap_page = kimage_alloc_control_pages(image, 0);
	if (!image->swap_page)
		return -ENOMEM;
	ret = machine_kexec_prepare(image);
	if (ret)
		return ret;
	return machine_kexec_post_load(image);
}

/**
 * kexec_stage_load() - one stage of a staged kexec_load()
 * @entry: the image's entry point; every stage gives the same
 * @nr_segments: segments in this call
 * @segments: the segments, copied from user space
 * @flags: kexec_load() flags, with the stage in KEXEC_STAGE_MASK
 *
 * Called by do_kexec_load() under the kexec lock.  A start stage begins a
 * load; middle stages add segments; the final stage adds its own, writes
 * the entry list and installs the image as a one-shot load would.
 * A stage out of order, flags or an entry point that differ from the
 * start's, or any error ends the load in progress and frees it.  A call
 * from another process while a load is in progress gets -EBUSY and leaves
 * it alone.
 *
 * Return: 0, or a negative errno.
 */
int kexec_stage_load(unsigned long entry, unsigned long nr_segments,
		     struct kexec_segment *segments, unsigned long flags)
{
	unsigned long stage = flags & KEXEC_STAGE_MASK;
	struct kimage *image = kexec_staged;
	int ret;

	if (image && image->stage->mm != current->mm)
		return -EBUSY;
	if (image) {
		/* The map changes */
		kvfree(image->stage->snap);
		image->stage->snap = NULL;
	}

	if (stage == KEXEC_STAGE_START) {
		ret = -EINVAL;
		if (image)
			goto out_end;
		ret = kexec_stage_start(entry, flags);
		if (ret)
			return ret;
		image = kexec_staged;
	} else {
		ret = -EINVAL;
		if (!image)
			return ret;
		if (image->stage->flags != (flags & ~KEXEC_STAGE_MASK) ||
		    image->stage->entry != entry)
			goto out_end;
	}

	ret = stage_load(image, image->stage, nr_segments, segments);
	if (ret || stage != KEXEC_STAGE_FINAL)
		goto out;

	ret = kexec_stage_final(image);
	if (ret)
		goto out_end;
	kexec_staged = NULL;
	/* Install the new kernel and uninstall the old */
	kimage_free(xchg(&kexec_image, image));
	return 0;

out:
	if (!ret)
		return 0;
out_end:
	kexec_stage_drop();
	return ret;
}

/**
 * kexec_stage_end() - end the caller's staged load after a refused call
 *
 * For a stage call that kexec_load() refused before do_kexec_load() (too
 * many segments, a fault on the segment array): the load it belonged to
 * ends, as it would for any other error.  Another process's load is left
 * alone.
 */
void kexec_stage_end(void)
{
	/* A dying loader's load goes with its address space instead */
	while (!kexec_trylock()) {
		if (fatal_signal_pending(current))
			return;
		schedule_timeout_killable(1);
	}
	if (kexec_staged && kexec_staged->stage->mm == current->mm)
		kexec_stage_drop();
	kexec_unlock();
}

/**
 * kexec_stage_in_progress() - refuse a full load during a staged one
 * @flags: the full load's kexec_load() flags
 *
 * Under the kexec lock.  Only loads of the image a staged load will
 * replace are refused: crash kernels and physical-mode callees have their
 * own slots.
 *
 * Return: -EBUSY if another process's staged load is in progress,
 * -EINVAL (after ending it) if the caller's is, 0 if none is.
 */
int kexec_stage_in_progress(unsigned long flags)
{
	if (!kexec_staged || (flags & (KEXEC_ON_CRASH | KEXEC_PHYS_CALL)))
		return 0;
	if (kexec_staged->stage->mm != current->mm)
		return -EBUSY;
	kexec_stage_drop();
	return -EINVAL;
}

/**
 * kexec_pgmap_is_destination() - whether a mapped image has a destination
 *	page in a range
 * @image: an image with a map (image->pgmap)
 * @start: the range's first byte
 * @end: its last byte
 *
 * Return: true if a destination page of @image lies in [@start, @end].
 */
bool kexec_pgmap_is_destination(struct kimage *image, unsigned long start,
				unsigned long end)
{
	struct kexec_stage *st = image->stage;
	unsigned long lo = 0, hi = image->pgmap_nr, mid, pfn;

	if (st) {
		for (pfn = start >> PAGE_SHIFT; pfn <= end >> PAGE_SHIFT; pfn++)
			if (stage_source_of(st, pfn) != KEXEC_STAGE_NONE)
				return true;
		return false;
	}
	/* The first destination at or above @start */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (image->pgmap[mid].dest + PAGE_SIZE - 1 < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < image->pgmap_nr && image->pgmap[lo].dest <= end;
}

/* The entry after @ptr in an image's list, across indirection pages */
static kimage_entry_t *kimage_next_entry(kimage_entry_t *ptr)
{
	if (*ptr & IND_INDIRECTION)
		return boot_phys_to_virt(*ptr & PAGE_MASK);
	return ptr + 1;
}

/* The map of a one-shot load, from its entry list */
static int kexec_pgmap_build(struct kimage *image)
{
	struct kexec_pgmap_entry *map;
	kimage_entry_t *ptr, entry;
	unsigned long n = 0, dest = 0;

	for (ptr = &image->head; (entry = *ptr) && !(entry & IND_DONE);
	     ptr = kimage_next_entry(ptr))
		if (entry & IND_SOURCE)
			n++;
	map = kvmalloc_array(max(n, 1UL), sizeof(*map), GFP_KERNEL);
	if (!map)
		return -ENOMEM;
	n = 0;
	for (ptr = &image->head; (entry = *ptr) && !(entry & IND_DONE);
	     ptr = kimage_next_entry(ptr)) {
		if (entry & IND_DESTINATION) {
			dest = entry & PAGE_MASK;
		} else if (entry & IND_SOURCE) {
			map[n].dest = dest;
			map[n].backup = entry & PAGE_MASK;
			dest += PAGE_SIZE;
			n++;
		}
	}
	sort(map, n, sizeof(*map), pgmap_cmp, NULL);
	image->pgmap = map;
	image->pgmap_nr = n;
	return 0;
}

static ssize_t kexec_pgmap_read(struct file *file, struct kobject *kobj,
				struct bin_attribute *attr, char *buf,
				loff_t pos, size_t count)
{
	struct kexec_pgmap_entry *map = NULL;
	struct kexec_stage *st;
	struct kimage *image;
	size_t size = 0;
	ssize_t ret = 0;

	if (!kexec_trylock())
		return -EBUSY;
	image = kexec_staged ?: kexec_image;
	if (!image)
		goto out;
	st = image->stage;
	if (st) {
		/* The load in progress, as its last call left it */
		if (!st->snap) {
			st->snap = stage_sorted_map(st);
			if (!st->snap) {
				ret = -ENOMEM;
				goto out;
			}
		}
		map = st->snap;
		size = st->nr_pages;
	} else {
		if (!image->pgmap && !image->file_mode &&
		    image->type == KEXEC_TYPE_DEFAULT) {
			ret = kexec_pgmap_build(image);
			if (ret)
				goto out;
		}
		map = image->pgmap;
		size = image->pgmap_nr;
	}
	size *= sizeof(*map);
	if (pos < size) {
		count = min_t(size_t, count, size - pos);
		memcpy(buf, (char *)map + pos, count);
		ret = count;
	}
out:
	kexec_unlock();
	return ret;
}

static struct bin_attribute kexec_pgmap_attr = {
	.attr = { .name = "kexec_pgmap", .mode = 0400 },
	.read = kexec_pgmap_read,
};

static int __init kexec_staged_init(void)
{
#ifdef CONFIG_KEXEC_STAGED_LOAD_BENCH
	debugfs_create_bool("kexec_staged_linear", 0600, NULL,
			    &kexec_staged_linear);
#endif
	return sysfs_create_bin_file(kernel_kobj, &kexec_pgmap_attr);
}
subsys_initcall(kexec_staged_init);
