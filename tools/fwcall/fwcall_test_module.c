// SPDX-License-Identifier: GPL-2.0
/*
 * fwcall end to end, where the driver is a module (the initramfs has it as
 * MODULE_PATH and /init loaded it): it cannot go while /dev/fwcall is
 * open; it goes, taking /dev/fwcall, /sys/firmware/fwcall and its two
 * kexec_call images with it and leaving its low memory reserved; it comes
 * back and gives the same answers.  Where fwcall is built in, the checks
 * are skipped.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fwcall_test.h"

#define MODULE_PATH	"/lib/modules/fwcall.ko"

/* The E820 map's length through /dev/fwcall (fd), as fwcall_e820_map() reads it */
static int e820_count(void)
{
	struct fwcall_e820_range *map;
	int n = fwcall_e820_map(&map);

	free(map);
	return n;
}

static int iomem_has_fwcall(void)
{
	char line[256];
	FILE *f = fopen("/proc/iomem", "r");
	int found = 0;

	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, " : fwcall"))
			found = 1;
	if (f)
		fclose(f);
	return found;
}

static void skip_all(const char *why)
{
	static const char * const names[] = {
		"module_unload_refused_while_open", "module_unloads",
		"module_unload_frees_images", "module_low_memory_kept",
		"module_reloads",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		result(1, "%s # SKIP %s", names[i], why);
}

void test_module(void)
{
	unsigned long long images = ~0ULL;
	int before, after = -1, ret, err, ko;

	if (access(MODULE_PATH, R_OK)) {
		skip_all("fwcall is built in");
		return;
	}
	before = e820_count();

	ret = syscall(SYS_delete_module, "fwcall", O_NONBLOCK);
	err = errno;
	result(ret == -1 && err == EWOULDBLOCK,
	       "module_unload_refused_while_open # ret %d, %s", ret,
	       ret ? strerror(err) : "unloaded");
	if (!ret) {
		skip_all("unloaded early");
		return;
	}

	close(fd);
	fd = -1;
	ret = syscall(SYS_delete_module, "fwcall", O_NONBLOCK);
	err = errno;
	result(!ret && access("/dev/fwcall", F_OK) && access("/sys/firmware/fwcall", F_OK),
	       "module_unloads # ret %d%s%s, /dev/fwcall %s, /sys/firmware/fwcall %s",
	       ret, ret ? ", " : "", ret ? strerror(err) : "",
	       access("/dev/fwcall", F_OK) ? "gone" : "left",
	       access("/sys/firmware/fwcall", F_OK) ? "gone" : "left");
	read_hex("/sys/kernel/kexec_call/images", &images);
	result(images == 0, "module_unload_frees_images # images %llu", images);
	result(iomem_has_fwcall(), "module_low_memory_kept # /proc/iomem");

	ko = open(MODULE_PATH, O_RDONLY | O_CLOEXEC);
	ret = ko < 0 ? -1 : syscall(SYS_finit_module, ko, "", 0);
	err = errno;
	if (ko >= 0)
		close(ko);
	fd = open("/dev/fwcall", O_RDWR);
	if (fd >= 0)
		after = e820_count();
	result(!ret && fd >= 0 && before > 0 && after == before,
	       "module_reloads # ret %d%s%s, E820 entries %d then %d", ret,
	       ret ? ", " : "", ret ? strerror(err) : "", before, after);
}
