// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for fwcall's VBE services, checked against Linux's own view
 * of the VGA device (its frame buffer BAR, its option ROM), and for the
 * raw-call helpers (the bounce buffer, far pointers into it, BIOS32 far
 * calls), checked against fwcall's named services.  The VBE suite needs
 * QEMU's standard VGA (the harness adds "-device VGA").
 */

#include <linux/delay.h>
#include <linux/fwcall.h>
#include <linux/io.h>
#include <linux/kthread.h>
#include <linux/nmi.h>
#include <linux/pci.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>

#include <kunit/test.h>

#include <asm/apic.h>
#include <asm/processor-flags.h>

#include "../fwcall_internal.h"

#define VBE_MODE_ATTR_SUPPORTED	BIT(0)
#define VBE_MODE_ATTR_GRAPHICS	BIT(4)
#define VBE_MODE_ATTR_LFB	BIT(7)
#define VBE_MODE_PLANES		24	/* NumberOfPlanes in the 4F01h block */

/* QEMU's standard VGA: the Bochs display interface's registers */
#define DISPI_INDEX_PORT	0x1ce
#define DISPI_DATA_PORT		0x1cf
#define DISPI_XRES		1
#define DISPI_YRES		2
#define DISPI_BPP		3
#define DISPI_ENABLE		4
#define DISPI_ENABLED		BIT(0)
#define DISPI_LFB_ENABLED	BIT(6)

/* A register of the adapter, read past the BIOS: what it really set. */
static u16 dispi_read(unsigned int index)
{
	outw(index, DISPI_INDEX_PORT);
	return inw(DISPI_DATA_PORT);
}

struct fwcall_vbe_test {
	struct pci_dev *vga;
	struct fwcall_vbe_info *info;
};

/* Whether @needle (NUL-terminated, not empty) occurs in @hay. */
static bool rom_has_string(const u8 *hay, size_t size, const char *needle)
{
	size_t len = strlen(needle), i;

	for (i = 0; len && i + len <= size; i++)
		if (!memcmp(hay + i, needle, len))
			return true;
	return false;
}

static int fwcall_test_init(struct kunit *test)
{
	if (!fwcall_available())
		kunit_skip(test, "no BIOS calls (no low memory or no image)");
	return 0;
}

static int fwcall_vbe_test_init(struct kunit *test)
{
	struct fwcall_vbe_test *t;

	if (!fwcall_available())
		kunit_skip(test, "no BIOS calls (no low memory or no image)");
	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	t->info = kunit_kzalloc(test, sizeof(*t->info), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->info);
	t->vga = pci_get_class(PCI_CLASS_DISPLAY_VGA << 8, NULL);
	test->priv = t;
	return 0;
}

static void fwcall_vbe_test_exit(struct kunit *test)
{
	struct fwcall_vbe_test *t = test->priv;

	if (t)
		pci_dev_put(t->vga);
}

/* The VGA device and the controller information, or the case is skipped. */
static struct fwcall_vbe_test *vbe_setup(struct kunit *test)
{
	struct fwcall_vbe_test *t = test->priv;

	if (!t->vga)
		kunit_skip(test, "no VGA device");
	KUNIT_ASSERT_EQ(test, fwcall_vbe_controller_info(t->info), 0);
	return t;
}

static void fwcall_vbe_controller(struct kunit *test)
{
	struct fwcall_vbe_test *t = vbe_setup(test);
	struct fwcall_vbe_info *info = t->info;
	size_t rom_size = 0;
	void __iomem *rom;
	void *copy;

	KUNIT_EXPECT_MEMEQ(test, info->raw, "VESA", 4);
	KUNIT_EXPECT_GE(test, info->version, 0x0200);
	KUNIT_EXPECT_GT(test, info->mode_count, 0U);
	/* The video memory is the frame buffer BAR's size (QEMU: 16 MiB) */
	KUNIT_EXPECT_EQ(test, (u64)info->total_memory_kb * SZ_1K,
			(u64)pci_resource_len(t->vga, 0));
	KUNIT_EXPECT_NOT_NULL(test, strstr(info->oem_string, "SeaBIOS"));
	KUNIT_EXPECT_GT(test, strlen(info->vendor), 0);
	KUNIT_EXPECT_GT(test, strlen(info->product), 0);

	/* The OEM string is the video BIOS's own, as Linux maps its ROM */
	rom = pci_map_rom(t->vga, &rom_size);
	KUNIT_ASSERT_FALSE(test, !rom);
	copy = kunit_kmalloc(test, rom_size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, copy);
	memcpy_fromio(copy, rom, rom_size);
	pci_unmap_rom(t->vga, rom);
	KUNIT_EXPECT_TRUE(test, rom_has_string(copy, rom_size, info->oem_string));
	kunit_info(test, "VBE %x.%x \"%s\" / \"%s\" / \"%s\" / \"%s\", %u KiB, %u modes\n",
		   info->version >> 8, info->version & 0xff, info->oem_string,
		   info->vendor, info->product, info->product_rev,
		   info->total_memory_kb, info->mode_count);
}

/*
 * Every listed mode answers 4F01h; its frame buffer is Linux's BAR 0 and
 * its lines hold its pixels.
 */
static void fwcall_vbe_every_mode(struct kunit *test)
{
	struct fwcall_vbe_test *t = vbe_setup(test);
	resource_size_t fb = pci_resource_start(t->vga, 0);
	struct fwcall_vbe_mode_info *mi;
	unsigned int i, planes, lfb = 0;

	mi = kunit_kzalloc(test, sizeof(*mi), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, mi);
	for (i = 0; i < t->info->mode_count; i++) {
		u16 mode = t->info->modes[i];

		KUNIT_ASSERT_EQ_MSG(test, fwcall_vbe_mode_info(mode, mi), 0,
				    "mode %#x", mode);
		KUNIT_EXPECT_TRUE_MSG(test, mi->attributes & VBE_MODE_ATTR_SUPPORTED,
				      "mode %#x", mode);
		KUNIT_EXPECT_GT_MSG(test, mi->x_res, 0, "mode %#x", mode);
		KUNIT_EXPECT_GT_MSG(test, mi->y_res, 0, "mode %#x", mode);
		if (!(mi->attributes & VBE_MODE_ATTR_GRAPHICS))
			continue;
		/* A line holds its pixels, in each plane of a planar mode */
		planes = max_t(unsigned int, mi->raw[VBE_MODE_PLANES], 1);
		KUNIT_EXPECT_GE_MSG(test, mi->bytes_per_line * 8U * planes,
				    (unsigned int)mi->x_res * mi->bpp, "mode %#x", mode);
		if (mi->attributes & VBE_MODE_ATTR_LFB) {
			KUNIT_EXPECT_EQ_MSG(test, (u64)mi->phys_base, (u64)fb,
					    "mode %#x", mode);
			lfb++;
		}
	}
	KUNIT_EXPECT_GT(test, lfb, 0U);
	kunit_info(test, "%u modes answered, %u with a linear frame buffer at %pa\n",
		   t->info->mode_count, lfb, &fb);
}

static void fwcall_vbe_refusals(struct kunit *test)
{
	struct fwcall_vbe_test *t = vbe_setup(test);
	struct fwcall_vbe_mode_info *mi;

	mi = kunit_kzalloc(test, sizeof(*mi), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, mi);
	KUNIT_EXPECT_EQ(test, fwcall_vbe_controller_info(NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, fwcall_vbe_mode_info(0x101, NULL), -EINVAL);
	/* A mode number no BIOS lists */
	KUNIT_EXPECT_EQ(test, fwcall_vbe_mode_info(0x3ffe, mi), -ENOENT);
	/* ... and the calls after work */
	KUNIT_EXPECT_EQ(test, fwcall_vbe_mode_info(t->info->modes[0], mi), 0);
}

/* The listed LFB mode of @w x @h at @bpp, or 0. */
static u16 vbe_find_mode(struct kunit *test, struct fwcall_vbe_info *info,
			 unsigned int w, unsigned int h, unsigned int bpp)
{
	struct fwcall_vbe_mode_info *mi;
	unsigned int i;

	mi = kunit_kzalloc(test, sizeof(*mi), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, mi);
	for (i = 0; i < info->mode_count; i++) {
		if (fwcall_vbe_mode_info(info->modes[i], mi))
			continue;
		if ((mi->attributes & VBE_MODE_ATTR_LFB) && mi->x_res == w &&
		    mi->y_res == h && mi->bpp == bpp)
			return info->modes[i];
	}
	return 0;
}

/*
 * 4F02h sets what the adapter's own registers then show, 4F03h reads it
 * back; a mode the BIOS refuses leaves the adapter as it was; AH=00h goes
 * back to the text mode.
 */
static void fwcall_vbe_set_modes(struct kunit *test)
{
	struct fwcall_vbe_test *t = vbe_setup(test);
	u16 mode, cur = 0;

	if (t->vga->vendor != 0x1234 || t->vga->device != 0x1111)
		kunit_skip(test, "not QEMU's standard VGA");
	mode = vbe_find_mode(test, t->info, 1024, 768, 32);
	KUNIT_ASSERT_NE(test, mode, 0);

	KUNIT_ASSERT_EQ(test, fwcall_vbe_set_mode(mode | FWCALL_VBE_MODE_LFB |
						  FWCALL_VBE_MODE_NOCLEAR), 0);
	KUNIT_EXPECT_EQ(test, dispi_read(DISPI_XRES), 1024);
	KUNIT_EXPECT_EQ(test, dispi_read(DISPI_YRES), 768);
	KUNIT_EXPECT_EQ(test, dispi_read(DISPI_BPP), 32);
	KUNIT_EXPECT_EQ(test, dispi_read(DISPI_ENABLE) &
			(DISPI_ENABLED | DISPI_LFB_ENABLED),
			DISPI_ENABLED | DISPI_LFB_ENABLED);
	KUNIT_ASSERT_EQ(test, fwcall_vbe_get_mode(&cur), 0);
	KUNIT_EXPECT_EQ(test, cur & ~FWCALL_VBE_MODE_NOCLEAR,
			mode | FWCALL_VBE_MODE_LFB);

	/* A mode number the BIOS does not list: refused, nothing changed */
	KUNIT_EXPECT_EQ(test, fwcall_vbe_set_mode(0x3ffe), -EIO);
	KUNIT_EXPECT_EQ(test, dispi_read(DISPI_XRES), 1024);
	KUNIT_EXPECT_EQ(test, dispi_read(DISPI_YRES), 768);
	KUNIT_ASSERT_EQ(test, fwcall_vbe_get_mode(&cur), 0);
	KUNIT_EXPECT_EQ(test, cur & ~FWCALL_VBE_MODE_NOCLEAR,
			mode | FWCALL_VBE_MODE_LFB);
	KUNIT_EXPECT_EQ(test, fwcall_vbe_get_mode(NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, fwcall_vga_set_mode(0x83), -EINVAL);

	/* Back to 80x25 text: the display interface is off again */
	KUNIT_EXPECT_EQ(test, fwcall_vga_set_mode(3), 0);
	KUNIT_ASSERT_EQ(test, fwcall_vbe_get_mode(&cur), 0);
	KUNIT_EXPECT_EQ(test, cur, 3);
	KUNIT_EXPECT_EQ(test, dispi_read(DISPI_ENABLE) & DISPI_ENABLED, 0);
}

/* A raw E820h through fwcall_int_buf() gives the named service's first entry. */
static void fwcall_int_buf_e820(struct kunit *test)
{
	struct fwcall_e820_entry map[2];
	struct fwcall_regs regs = {
		.eax = 0xe820, .edx = 0x534d4150, .ecx = 20, .ebx = 0,
	};
	struct { u64 addr, size; u32 type; } __packed raw;

	memset(&raw, 0xa5, sizeof(raw));
	KUNIT_ASSERT_EQ(test, fwcall_e820(map, ARRAY_SIZE(map)), -E2BIG);
	KUNIT_ASSERT_EQ(test, fwcall_int_buf(0x15, &regs, &raw, sizeof(raw)), 0);
	KUNIT_EXPECT_FALSE(test, regs.eflags & X86_EFLAGS_CF);
	KUNIT_EXPECT_EQ(test, regs.eax, 0x534d4150U);
	KUNIT_EXPECT_EQ(test, regs.es, fwcall_bounce_seg());
	KUNIT_EXPECT_EQ(test, raw.addr, map[0].addr);
	KUNIT_EXPECT_EQ(test, raw.size, map[0].size);
	KUNIT_EXPECT_EQ(test, raw.type, map[0].type);
	KUNIT_EXPECT_NE(test, regs.ebx, 0U);
}

static void fwcall_int_buf_refusals(struct kunit *test)
{
	struct fwcall_regs regs = { .eax = 0xe820 };
	u8 byte;

	KUNIT_EXPECT_EQ(test, fwcall_int_buf(0x15, NULL, &byte, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, fwcall_int_buf(0x15, &regs, NULL, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, fwcall_int_buf(0x15, &regs, &byte, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, fwcall_int_buf(0x15, &regs, &byte, FWCALL_BUF_MAX + 1),
			-EINVAL);
}

/* Far pointers are placed in the buffer, or refused. */
static void fwcall_buf_offset_resolves(struct kunit *test)
{
	u32 seg = fwcall_bounce_seg();

	KUNIT_EXPECT_EQ(test, fwcall_buf_offset(seg << 16 | 0x10, 512), 0x10L);
	KUNIT_EXPECT_EQ(test, fwcall_buf_offset((seg + 1) << 16 | 0x2, 512), 0x12L);
	KUNIT_EXPECT_EQ(test, fwcall_buf_offset(seg << 16 | 0x200, 512), -ERANGE);
	KUNIT_EXPECT_EQ(test, fwcall_buf_offset((seg - 1) << 16 | 0xf, 512), -ERANGE);
	KUNIT_EXPECT_EQ(test, fwcall_buf_offset(0xc0000000, 512), -ERANGE);
}

/* The directory far-called by hand finds the same $PCI entry. */
static void fwcall_bios32_call_directory(struct kunit *test)
{
	struct fwcall_regs regs = { .eax = 0x49435024, .ebx = 0 };
	u32 dir = fwcall_bios32_directory(), entry = 0;

	KUNIT_ASSERT_NE(test, dir, 0U);
	KUNIT_ASSERT_EQ(test, fwcall_bios32_service(0x49435024, &entry), 0);
	KUNIT_ASSERT_EQ(test, fwcall_bios32_call(dir, &regs), 0);
	KUNIT_EXPECT_EQ(test, regs.eax & 0xff, 0U);
	KUNIT_EXPECT_EQ(test, regs.ebx + regs.edx, entry);

	KUNIT_EXPECT_EQ(test, fwcall_bios32_call(dir, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, fwcall_bios32_call(0, &regs), -EINVAL);
	KUNIT_EXPECT_EQ(test, fwcall_bios32_call(0xdffff, &regs), -EINVAL);
	KUNIT_EXPECT_EQ(test, fwcall_bios32_call(0x100000, &regs), -EINVAL);
}

/*
 * An NMI that comes while the BIOS runs in real mode: a handler of ours
 * for a free vector (in the bounce buffer) says it started and spins until
 * released; another CPU sends the calling CPU an NMI meanwhile, sees the
 * thunk count it, and releases the spin.  After the call the kernel's NMI
 * handlers must see that NMI, once.
 */
#define SPIN_VECTOR	0x66	/* a "user interrupt" vector, free on PCs */
#define SPIN_STUB	0x100	/* offsets in the bounce buffer */
#define SPIN_STARTED	0x10
#define SPIN_RELEASE	0x11

static const u8 fwcall_test_spin_stub[] = {
	0x2e, 0xc6, 0x06, SPIN_STARTED, 0x00, 0x01,	/* movb $1, %cs:STARTED */
	0x2e, 0x80, 0x3e, SPIN_RELEASE, 0x00, 0x00,	/* 1: cmpb $0, %cs:RELEASE */
	0x74, 0xf8,					/* je 1b */
	0xcf,						/* iret */
};

struct fwcall_nmi_poke {
	unsigned int cpu;
	u8 *bounce;
	u32 *nmis;
	bool started, counted;
};

static bool fwcall_test_wait(u8 *flag, u32 *count, u64 until)
{
	while (ktime_get_ns() < until) {
		if (flag && READ_ONCE(*flag))
			return true;
		if (count && READ_ONCE(*count))
			return true;
		cpu_relax();
	}
	return false;
}

static int fwcall_test_poke(void *data)
{
	struct fwcall_nmi_poke *p = data;
	/* Not jiffies: the calling CPU may be the one that keeps them */
	u64 until = ktime_get_ns() + NSEC_PER_SEC;

	p->started = fwcall_test_wait(&p->bounce[SPIN_STARTED], NULL, until);
	if (p->started) {
		__apic_send_IPI(p->cpu, NMI_VECTOR);
		p->counted = fwcall_test_wait(NULL, p->nmis, until);
	}
	WRITE_ONCE(p->bounce[SPIN_RELEASE], 1);
	while (!kthread_should_stop())
		usleep_range(1000, 2000);
	return 0;
}

static atomic_t fwcall_test_nmi_armed, fwcall_test_nmi_seen;

static int fwcall_test_nmi(unsigned int type, struct pt_regs *regs)
{
	if (atomic_add_unless(&fwcall_test_nmi_armed, -1, 0)) {
		atomic_inc(&fwcall_test_nmi_seen);
		return NMI_HANDLED;
	}
	return NMI_DONE;
}

static void fwcall_nmi_in_real_mode(struct kunit *test)
{
	u32 *ivt = phys_to_virt(SPIN_VECTOR * 4), saved = *ivt;
	u32 *ivt_nmi = phys_to_virt(2 * 4), bios_nmi = *ivt_nmi;
	u8 *bounce = fwcall_low(FWCALL_BOUNCE_OFFSET);
	struct fwcall_nmi_poke poke = {
		.bounce = bounce, .nmis = fwcall_low(FWCALL_THUNK_NMIS),
	};
	struct fwcall_regs regs = { };
	struct task_struct *poker;
	unsigned int waited;
	int err;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs a second CPU to send the NMI");

	memset(bounce, 0, SPIN_STUB);
	memcpy(bounce + SPIN_STUB, fwcall_test_spin_stub, sizeof(fwcall_test_spin_stub));
	WRITE_ONCE(*ivt, (u32)fwcall_bounce_seg() << 16 | SPIN_STUB);
	atomic_set(&fwcall_test_nmi_armed, 1);
	atomic_set(&fwcall_test_nmi_seen, 0);
	err = register_nmi_handler(NMI_LOCAL, fwcall_test_nmi, 0, "fwcall_test");
	KUNIT_ASSERT_EQ(test, err, 0);

	migrate_disable();
	poke.cpu = smp_processor_id();
	poker = kthread_create(fwcall_test_poke, &poke, "fwcall_test_poke");
	if (!IS_ERR(poker)) {
		kthread_bind(poker, cpumask_any_but(cpu_online_mask, poke.cpu));
		wake_up_process(poker);
		err = fwcall_int(SPIN_VECTOR, &regs);
		kthread_stop(poker);
	}
	migrate_enable();
	for (waited = 0; waited < 100 && !atomic_read(&fwcall_test_nmi_seen); waited++)
		mdelay(1);
	unregister_nmi_handler(NMI_LOCAL, "fwcall_test");
	WRITE_ONCE(*ivt, saved);

	KUNIT_ASSERT_FALSE(test, IS_ERR(poker));
	KUNIT_EXPECT_EQ(test, err, 0);
	KUNIT_EXPECT_TRUE(test, poke.started);
	/* The thunk's handler took it in real mode... */
	KUNIT_EXPECT_TRUE(test, poke.counted);
	/* ...and the kernel's saw it after the call, once */
	KUNIT_EXPECT_EQ(test, atomic_read(&fwcall_test_nmi_seen), 1);
	KUNIT_EXPECT_EQ(test, READ_ONCE(*poke.nmis), 0U);
	/* The BIOS's own NMI vector is back */
	KUNIT_EXPECT_EQ(test, READ_ONCE(*ivt_nmi), bios_nmi);
}

static struct kunit_case fwcall_vbe_test_cases[] = {
	KUNIT_CASE(fwcall_vbe_controller),
	KUNIT_CASE(fwcall_vbe_every_mode),
	KUNIT_CASE(fwcall_vbe_refusals),
	KUNIT_CASE(fwcall_vbe_set_modes),
	{}
};

static struct kunit_suite fwcall_vbe_test_suite = {
	.name = "fwcall_vbe",
	.init = fwcall_vbe_test_init,
	.exit = fwcall_vbe_test_exit,
	.test_cases = fwcall_vbe_test_cases,
};

static struct kunit_case fwcall_raw_test_cases[] = {
	KUNIT_CASE(fwcall_int_buf_e820),
	KUNIT_CASE(fwcall_int_buf_refusals),
	KUNIT_CASE(fwcall_buf_offset_resolves),
	KUNIT_CASE(fwcall_bios32_call_directory),
	KUNIT_CASE(fwcall_nmi_in_real_mode),
	{}
};

static struct kunit_suite fwcall_raw_test_suite = {
	.name = "fwcall_raw",
	.init = fwcall_test_init,
	.test_cases = fwcall_raw_test_cases,
};

kunit_test_suites(&fwcall_vbe_test_suite, &fwcall_raw_test_suite);
