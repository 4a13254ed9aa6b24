// SPDX-License-Identifier: GPL-2.0
/*
 * fwcall end to end, VBE: 4F00h and 4F01h through /dev/fwcall against
 * Linux's view of the VGA device in sysfs (its option ROM, its frame
 * buffer BAR).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/fwcall.h>

#include "fwcall_test.h"

#define VBE_MODE_ATTR_LFB	0x80

/* The device's option ROM as sysfs reads it (enabled for the read) */
static unsigned char *read_rom(const char *dev, size_t *size)
{
	static unsigned char rom[256 * 1024];
	char path[300];
	ssize_t n;
	int rfd;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/rom", dev);
	rfd = open(path, O_RDWR);
	if (rfd < 0)
		return NULL;
	if (write(rfd, "1", 1) != 1) {
		close(rfd);
		return NULL;
	}
	lseek(rfd, 0, SEEK_SET);
	/* sysfs hands out a page per read */
	for (n = 0; (size_t)n < sizeof(rom); ) {
		ssize_t got = read(rfd, rom + n, sizeof(rom) - n);

		if (got <= 0)
			break;
		n += got;
	}
	lseek(rfd, 0, SEEK_SET);
	if (write(rfd, "0", 1) != 1)
		n = -1;
	close(rfd);
	if (n <= 0)
		return NULL;
	*size = n;
	return rom;
}

/* BAR 0 of the device: the first line of its sysfs resource file */
static int read_bar0(const char *dev, unsigned long long *start,
		     unsigned long long *len)
{
	unsigned long long end, flags;
	char path[300], line[128];

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/resource", dev);
	if (read_line(path, line, sizeof(line)) ||
	    sscanf(line, "%llx %llx %llx", start, &end, &flags) != 3)
		return -1;
	*len = end - *start + 1;
	return 0;
}

void test_vbe(void)
{
	static struct fwcall_ioc_vbe_info v;
	unsigned long long fb = 0, fb_len = 0;
	unsigned int i, answered = 0, lfb = 0, lfb_bad = 0;
	unsigned char *rom;
	size_t rom_size = 0;
	char dev[64];
	int err;

	if (find_vga(dev, sizeof(dev)) || read_bar0(dev, &fb, &fb_len)) {
		for (i = 0; i < TEST_VBE_CHECKS; i++)
			result(0, "vbe # no VGA device in sysfs");
		return;
	}
	v.size = sizeof(v);
	err = ioctl(fd, FWCALL_IOC_VBE_INFO, &v) ? errno : 0;
	result(!err && !memcmp(v.raw, "VESA", 4) && v.version >= 0x0200,
	       "vbe_info_vesa_2_0 # signature %.4s, version %x.%x%s%s", v.raw,
	       v.version >> 8, v.version & 0xff, err ? ", " : "", err ? strerror(err) : "");
	printf("# VBE OEM \"%s\", vendor \"%s\", product \"%s\" rev \"%s\", %u modes\n",
	       v.oem_string, v.vendor, v.product, v.product_rev, v.mode_count);
	result(!!strstr(v.oem_string, "SeaBIOS"), "vbe_oem_string_seabios # \"%s\"",
	       v.oem_string);
	rom = read_rom(dev, &rom_size);
	result(rom && v.oem_string[0] &&
	       memmem(rom, rom_size, v.oem_string, strlen(v.oem_string)),
	       "vbe_oem_string_in_device_rom # %s rom, %zu bytes", dev, rom_size);
	result((unsigned long long)v.total_memory_kb * 1024 == fb_len,
	       "vbe_memory_is_bar0_size # %u KiB, BAR 0 %llu KiB", v.total_memory_kb,
	       fb_len / 1024);
	result(v.mode_count > 0 && v.mode_count <= FWCALL_VBE_MAX_MODES,
	       "vbe_mode_list # %u modes", v.mode_count);

	for (i = 0; i < v.mode_count; i++) {
		struct fwcall_ioc_vbe_mode m = { .size = sizeof(m), .mode = v.modes[i] };

		if (ioctl(fd, FWCALL_IOC_VBE_MODE, &m) || !m.x_res || !m.y_res) {
			printf("# mode %#x: %s\n", v.modes[i], strerror(errno));
			continue;
		}
		answered++;
		if (m.attributes & VBE_MODE_ATTR_LFB) {
			lfb++;
			if (m.phys_base != fb)
				lfb_bad++;
		}
	}
	result(v.mode_count && answered == v.mode_count,
	       "vbe_every_mode_answers # %u of %u", answered, v.mode_count);
	result(lfb && !lfb_bad, "vbe_frame_buffer_is_bar0 # %u modes at %#llx, %u elsewhere",
	       lfb, fb, lfb_bad);
}
