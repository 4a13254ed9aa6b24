// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/firmware/fwcall: a read-only view of what the BIOS answers.
 *
 * The BIOS's static answers (the E820 map, the memory sizes, the PCI BIOS
 * and the VBE controller) are asked once when the driver starts and kept,
 * so that reading the files runs no BIOS code.  The RTC, which changes, is
 * left to rtc-cmos (/sys/class/rtc/rtc0).  Services the BIOS does not have
 * leave their files out.  Strings from the BIOS are shown in printable
 * ASCII only.
 *
 *   e820/N/{start,end,type}     the map, as /sys/firmware/memmap lays it out
 *   base_memory_kb, equipment   int 12h, int 11h
 *   e801_kb_1m_16m, e801_blocks_16m_4g
 *   pcibios/{version,mechanisms,last_bus}
 *   vbe/{version,oem_string,vendor,product,product_rev,total_memory_kb,modes}
 */

#define pr_fmt(fmt) "fwcall: " fmt

#include <linux/fwcall.h>
#include <linux/init.h>
#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include <kunit/visibility.h>

#include <asm/e820/types.h>

#include "fwcall_internal.h"

static struct kobject *fwcall_kobj;

/* The BIOS's static answers, as asked at start */
static struct {
	int base_kb, equipment;
	u32 e801_kb_1m_16m, e801_blocks_16m_4g;
	bool have_e801;
	struct fwcall_pcibios_info pcibios;
	bool have_pcibios;
	struct fwcall_vbe_info *vbe;
} fwcall_facts;

/* One E820 entry as a directory of its own, in fwcall_e820_list */
struct fwcall_e820_kobj {
	struct kobject kobj;
	struct list_head node;
	struct fwcall_e820_entry entry;
};

/* e820/ and its entries, for fwcall_sysfs_exit() */
static struct kobject *fwcall_e820_dir;
static LIST_HEAD(fwcall_e820_list);

#define to_e820_kobj(k) container_of(k, struct fwcall_e820_kobj, kobj)

static ssize_t start_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "0x%llx\n", to_e820_kobj(kobj)->entry.addr);
}

static ssize_t end_show(struct kobject *kobj, struct kobj_attribute *attr,
			char *buf)
{
	struct fwcall_e820_entry *e = &to_e820_kobj(kobj)->entry;

	return sysfs_emit(buf, "0x%llx\n", e->addr + e->size - 1);
}

/**
 * fwcall_e820_type_name() - The name /sys/firmware/memmap gives an E820 type
 * @type: the type, as the BIOS reports it
 *
 * Must match e820_type_to_string() in arch/x86/kernel/e820.c, which names
 * the entries of /sys/firmware/memmap, so that the two views compare.
 *
 * Return: the name, "Unknown E820 type" for a type Linux does not know.
 */
VISIBLE_IF_KUNIT const char *fwcall_e820_type_name(u32 type)
{
	switch (type) {
	case E820_TYPE_RAM:
	case E820_TYPE_RESERVED_KERN:
		return "System RAM";
	case E820_TYPE_RESERVED:
		return "Reserved";
	case E820_TYPE_ACPI:
		return "ACPI Tables";
	case E820_TYPE_NVS:
		return "ACPI Non-volatile Storage";
	case E820_TYPE_UNUSABLE:
		return "Unusable memory";
	case E820_TYPE_PRAM:
		return "Persistent Memory (legacy)";
	case E820_TYPE_PMEM:
		return "Persistent Memory";
	case E820_TYPE_SOFT_RESERVED:
		return "Soft Reserved";
	default:
		return "Unknown E820 type";
	}
}
EXPORT_SYMBOL_IF_KUNIT(fwcall_e820_type_name);

static ssize_t type_show(struct kobject *kobj, struct kobj_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%s\n",
			  fwcall_e820_type_name(to_e820_kobj(kobj)->entry.type));
}

static struct kobj_attribute e820_start_attr = __ATTR_RO(start);
static struct kobj_attribute e820_end_attr = __ATTR_RO(end);
static struct kobj_attribute e820_type_attr = __ATTR_RO(type);

static struct attribute *fwcall_e820_attrs[] = {
	&e820_start_attr.attr,
	&e820_end_attr.attr,
	&e820_type_attr.attr,
	NULL
};
ATTRIBUTE_GROUPS(fwcall_e820);

static void fwcall_e820_release(struct kobject *kobj)
{
	kfree(to_e820_kobj(kobj));
}

static const struct kobj_type fwcall_e820_ktype = {
	.release = fwcall_e820_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = fwcall_e820_groups,
};

/* e820/N for every entry of the map, which is asked for once */
static int __init fwcall_sysfs_e820(void)
{
	struct fwcall_e820_entry *map;
	struct kobject *dir;
	unsigned int n, i;
	int err = 0;

	map = fwcall_e820_alloc(&n);
	if (IS_ERR(map))
		return PTR_ERR(map) == -ENODEV ? 0 : PTR_ERR(map);
	dir = kobject_create_and_add("e820", fwcall_kobj);
	if (!dir) {
		err = -ENOMEM;
		goto out_free;
	}
	fwcall_e820_dir = dir;
	for (i = 0; i < n; i++) {
		struct fwcall_e820_kobj *e = kzalloc(sizeof(*e), GFP_KERNEL);

		if (!e) {
			err = -ENOMEM;
			break;
		}
		e->entry = map[i];
		err = kobject_init_and_add(&e->kobj, &fwcall_e820_ktype, dir,
					   "%u", i);
		if (err) {
			kobject_put(&e->kobj);
			break;
		}
		list_add_tail(&e->node, &fwcall_e820_list);
	}
out_free:
	kvfree(map);
	return err;
}

static ssize_t base_memory_kb_show(struct kobject *kobj,
				   struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", fwcall_facts.base_kb);
}

static ssize_t equipment_show(struct kobject *kobj,
			      struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "0x%04x\n", fwcall_facts.equipment);
}

static ssize_t e801_kb_1m_16m_show(struct kobject *kobj,
				   struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", fwcall_facts.e801_kb_1m_16m);
}

static ssize_t e801_blocks_16m_4g_show(struct kobject *kobj,
				       struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", fwcall_facts.e801_blocks_16m_4g);
}

static struct kobj_attribute base_memory_kb_attr = __ATTR_RO(base_memory_kb);
static struct kobj_attribute equipment_attr = __ATTR_RO(equipment);
static struct kobj_attribute e801_kb_1m_16m_attr = __ATTR_RO(e801_kb_1m_16m);
static struct kobj_attribute e801_blocks_16m_4g_attr = __ATTR_RO(e801_blocks_16m_4g);

static struct attribute *fwcall_attrs[] = {
	&base_memory_kb_attr.attr,
	&equipment_attr.attr,
	&e801_kb_1m_16m_attr.attr,
	&e801_blocks_16m_4g_attr.attr,
	NULL
};

static umode_t fwcall_attr_visible(struct kobject *kobj, struct attribute *attr,
				   int n)
{
	if ((attr == &e801_kb_1m_16m_attr.attr ||
	     attr == &e801_blocks_16m_4g_attr.attr) && !fwcall_facts.have_e801)
		return 0;
	if (attr == &base_memory_kb_attr.attr && fwcall_facts.base_kb < 0)
		return 0;
	if (attr == &equipment_attr.attr && fwcall_facts.equipment < 0)
		return 0;
	return attr->mode;
}

static const struct attribute_group fwcall_group = {
	.attrs = fwcall_attrs,
	.is_visible = fwcall_attr_visible,
};

static ssize_t version_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%x.%02x\n", fwcall_facts.pcibios.major,
			  fwcall_facts.pcibios.minor);
}

static ssize_t mechanisms_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "0x%02x\n", fwcall_facts.pcibios.mechanisms);
}

static ssize_t last_bus_show(struct kobject *kobj, struct kobj_attribute *attr,
			     char *buf)
{
	return sysfs_emit(buf, "%u\n", fwcall_facts.pcibios.last_bus);
}

static struct kobj_attribute pcibios_version_attr = __ATTR_RO(version);
static struct kobj_attribute pcibios_mechanisms_attr = __ATTR_RO(mechanisms);
static struct kobj_attribute pcibios_last_bus_attr = __ATTR_RO(last_bus);

static struct attribute *fwcall_pcibios_attrs[] = {
	&pcibios_version_attr.attr,
	&pcibios_mechanisms_attr.attr,
	&pcibios_last_bus_attr.attr,
	NULL
};

static const struct attribute_group fwcall_pcibios_group = {
	.name = "pcibios",
	.attrs = fwcall_pcibios_attrs,
};

static ssize_t vbe_version_show(struct kobject *kobj,
				struct kobj_attribute *attr, char *buf)
{
	u16 v = fwcall_facts.vbe->version;

	return sysfs_emit(buf, "%x.%x\n", v >> 8, v & 0xff);
}

/**
 * fwcall_ascii_sanitise() - A BIOS string in printable ASCII
 * @dst: where the string goes, @size bytes, always NUL-terminated
 * @src: the string as the BIOS gave it, NUL-terminated within @size bytes
 *	or cut there
 * @size: the size of @dst and the most read of @src
 *
 * Every byte outside printable ASCII (0x20 to 0x7e: control characters,
 * DEL, and bytes of the BIOS's code page above 0x7f) becomes '?', so that
 * a file shows one line of text whatever the BIOS put in its string.
 */
VISIBLE_IF_KUNIT void fwcall_ascii_sanitise(char *dst, const char *src,
					    size_t size)
{
	size_t i;

	if (!size)
		return;
	for (i = 0; i < size - 1 && src[i]; i++) {
		unsigned char c = src[i];

		dst[i] = c >= 0x20 && c < 0x7f ? c : '?';
	}
	dst[i] = 0;
}
EXPORT_SYMBOL_IF_KUNIT(fwcall_ascii_sanitise);

static ssize_t fwcall_emit_string(char *buf, const char *s)
{
	char clean[FWCALL_VBE_STR_MAX];

	fwcall_ascii_sanitise(clean, s, sizeof(clean));
	return sysfs_emit(buf, "%s\n", clean);
}

static ssize_t oem_string_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	return fwcall_emit_string(buf, fwcall_facts.vbe->oem_string);
}

static ssize_t vendor_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	return fwcall_emit_string(buf, fwcall_facts.vbe->vendor);
}

static ssize_t product_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	return fwcall_emit_string(buf, fwcall_facts.vbe->product);
}

static ssize_t product_rev_show(struct kobject *kobj,
				struct kobj_attribute *attr, char *buf)
{
	return fwcall_emit_string(buf, fwcall_facts.vbe->product_rev);
}

static ssize_t total_memory_kb_show(struct kobject *kobj,
				    struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", fwcall_facts.vbe->total_memory_kb);
}

static ssize_t modes_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	const struct fwcall_vbe_info *vbe = fwcall_facts.vbe;
	unsigned int i;
	int len = 0;

	/* 93 modes in SeaBIOS: at most 256 x 7 bytes, well within a page */
	for (i = 0; i < vbe->mode_count; i++)
		len += sysfs_emit_at(buf, len, "%s0x%03x", i ? " " : "",
				     vbe->modes[i]);
	return len + sysfs_emit_at(buf, len, "\n");
}

static struct kobj_attribute vbe_version_attr =
	__ATTR(version, 0444, vbe_version_show, NULL);
static struct kobj_attribute vbe_oem_string_attr = __ATTR_RO(oem_string);
static struct kobj_attribute vbe_vendor_attr = __ATTR_RO(vendor);
static struct kobj_attribute vbe_product_attr = __ATTR_RO(product);
static struct kobj_attribute vbe_product_rev_attr = __ATTR_RO(product_rev);
static struct kobj_attribute vbe_total_memory_kb_attr = __ATTR_RO(total_memory_kb);
static struct kobj_attribute vbe_modes_attr = __ATTR_RO(modes);

static struct attribute *fwcall_vbe_attrs[] = {
	&vbe_version_attr.attr,
	&vbe_oem_string_attr.attr,
	&vbe_vendor_attr.attr,
	&vbe_product_attr.attr,
	&vbe_product_rev_attr.attr,
	&vbe_total_memory_kb_attr.attr,
	&vbe_modes_attr.attr,
	NULL
};

static const struct attribute_group fwcall_vbe_group = {
	.name = "vbe",
	.attrs = fwcall_vbe_attrs,
};

/* Ask the BIOS its static answers once */
static void __init fwcall_sysfs_ask(void)
{
	fwcall_facts.base_kb = fwcall_base_memory_kb();
	fwcall_facts.equipment = fwcall_equipment();
	fwcall_facts.have_e801 = !fwcall_e801(&fwcall_facts.e801_kb_1m_16m,
					      &fwcall_facts.e801_blocks_16m_4g);
	fwcall_facts.have_pcibios = !fwcall_pcibios_check(&fwcall_facts.pcibios);
	fwcall_facts.vbe = kzalloc(sizeof(*fwcall_facts.vbe), GFP_KERNEL);
	if (fwcall_facts.vbe && fwcall_vbe_controller_info(fwcall_facts.vbe)) {
		kfree(fwcall_facts.vbe);
		fwcall_facts.vbe = NULL;
	}
}

/**
 * fwcall_sysfs_init() - Make /sys/firmware/fwcall
 *
 * Called once at start, after the thunk is in place.  A view that cannot
 * be made is reported and left out; the driver works without it.
 *
 * Return: 0, or a negative errno when the directory could not be made.
 */
int __init fwcall_sysfs_init(void)
{
	int err;

	fwcall_kobj = kobject_create_and_add("fwcall", firmware_kobj);
	if (!fwcall_kobj)
		return -ENOMEM;
	fwcall_sysfs_ask();
	err = sysfs_create_group(fwcall_kobj, &fwcall_group);
	if (!err && fwcall_facts.have_pcibios)
		err = sysfs_create_group(fwcall_kobj, &fwcall_pcibios_group);
	if (!err && fwcall_facts.vbe)
		err = sysfs_create_group(fwcall_kobj, &fwcall_vbe_group);
	if (!err)
		err = fwcall_sysfs_e820();
	if (err)
		pr_warn("/sys/firmware/fwcall incomplete: %d\n", err);
	return 0;
}

/**
 * fwcall_sysfs_exit() - Remove /sys/firmware/fwcall
 *
 * Undoes fwcall_sysfs_init() when the module goes, whatever part of the
 * view it made.
 */
void fwcall_sysfs_exit(void)
{
	struct fwcall_e820_kobj *e, *tmp;

	/* Out of sysfs first: no show() runs once kobject_del() returns */
	list_for_each_entry_safe(e, tmp, &fwcall_e820_list, node) {
		list_del(&e->node);
		kobject_del(&e->kobj);
		kobject_put(&e->kobj);
	}
	if (fwcall_e820_dir)
		kobject_del(fwcall_e820_dir);
	kobject_put(fwcall_e820_dir);
	fwcall_e820_dir = NULL;
	if (fwcall_kobj)
		kobject_del(fwcall_kobj);
	kfree(fwcall_facts.vbe);
	fwcall_facts.vbe = NULL;
	kobject_put(fwcall_kobj);
	fwcall_kobj = NULL;
}
