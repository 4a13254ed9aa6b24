// SPDX-License-Identifier: GPL-2.0
/*
 * vbedrm end to end, from the initramfs: the connector's modes against
 * the video BIOS's own list ('fwcall vbe-modes'), mode sets of a known
 * pattern checked pixel by pixel in QEMU screenshots, the modes refused
 * (by the atomic check, by the BIOS), 100 mode switches, the console on
 * the fbdev emulation, and unbind back to the mode the driver found.
 *
 *   vbedrm_test            the adapter in text mode at boot
 *   vbedrm_test takeover   booted with vga=0x314: simpledrm had the
 *                          boot loader's 800x600 frame buffer
 *   vbedrm_test bench N    make bench: N mode sets each way between
 *                          800x600 and 1024x768, and N frames in each
 *                          without one, in TSC ticks ("STAT" lines as
 *                          kexec_call_bench prints them)
 *   vbedrm_test demo       make run: the modes, and 800x600 with the
 *                          pattern for a moment
 *
 * A screenshot is asked of the host on the console:
 *   "vbedrm-screendump NAME SPEC"
 * and its verdict read back from the second serial port, "ok DETAIL" or
 * "not ok DETAIL" (scripts/screendump-server.py).  SPEC is "pattern W H"
 * (every pixel of the pattern below), "same PREVIOUS" (the same pixels as
 * an earlier screenshot), "size W H", or "console W H" (that size, and
 * not blank where the console writes).
 */

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <drm/drm.h>
#include <drm/drm_fourcc.h>
#include <drm/drm_mode.h>

#include "../ktap/ktap.h"

#define DRIVER		"/sys/bus/platform/drivers/vbedrm"
#define DEVICE		"fwcall-vbe"	/* fwcall's platform device */
#define SWITCHES	100

struct fb {
	uint32_t id, handle, width, height, pitch;
	uint64_t size;
	uint32_t *pixels;
};

static int card = -1, conn_id, crtc_id, host = -1;
/* The dumb buffers' mappings: each holds the card open until unmapped */
static struct {
	void *addr;
	size_t size;
} mapped[16];
static unsigned int mapped_count;
static struct drm_mode_modeinfo modes[256];
static unsigned int mode_count;

/* The pattern: red across, green down, blue x XOR y. */
static uint32_t pattern(unsigned int x, unsigned int y, unsigned int w,
			unsigned int h)
{
	uint32_t r = x * 255 / (w - 1), g = y * 255 / (h - 1), b = (x ^ y) & 0xff;

	return r << 16 | g << 8 | b;
}

/* Ask the host for a screenshot and its verdict; report it as one check. */
static int ask_screenshot(const char *name, const char *spec)
{
	char line[256] = "";
	size_t n = 0;
	int ok;

	/* The request, as screendump-server.py looks for it */
	static const char request[] = "vbedrm-screendump";

	printf("%s %s %s\n", request, name, spec);
	fflush(stdout);
	tcdrain(STDOUT_FILENO);
	while (n < sizeof(line) - 1) {
		ssize_t r = read(host, line + n, 1);

		if (r <= 0 || line[n] == '\n')
			break;
		n++;
	}
	line[n] = '\0';
	ok = !strncmp(line, "ok", 2);
	result(ok, "screenshot %s (%s) # %s", name, spec, n ? line : "no answer");
	return ok;
}

static int open_host(void)
{
	struct termios t;

	host = open("/dev/ttyS1", O_RDWR | O_NOCTTY);
	if (host < 0 || tcgetattr(host, &t))
		return -1;
	cfmakeraw(&t);
	return tcsetattr(host, TCSANOW, &t);
}

static long read_number(const char *path)
{
	char buf[32] = "";
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	return strtol(buf, NULL, 0);
}

static int write_string(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY), ok;

	if (fd < 0)
		return -1;
	ok = write(fd, s, strlen(s)) == (ssize_t)strlen(s);
	close(fd);
	return ok ? 0 : -1;
}

/* The file named @name in the card's debugfs directory. */
static void debugfs_path(char *path, size_t size, const char *name)
{
	char probe[128];
	int i;

	for (i = 0; i < 64; i++) {
		snprintf(probe, sizeof(probe), "/sys/kernel/debug/dri/%d/%s", i, name);
		if (!access(probe, F_OK))
			break;
	}
	snprintf(path, size, "%s", probe);
}

static long mode_sets(void)
{
	char path[128];

	debugfs_path(path, sizeof(path), "vbe_mode_sets");
	return read_number(path);
}

static int drm_driver_is(int fd, const char *want)
{
	char name[64] = "";
	struct drm_version v = { .name = name, .name_len = sizeof(name) - 1 };

	return !ioctl(fd, DRM_IOCTL_VERSION, &v) && !strcmp(name, want);
}

/*
 * vbedrm's card, opened: not always card0, a firmware driver it took over
 * from may still hold minor 0 when vbedrm registers.
 */
static int find_card(char *path, size_t size)
{
	int i, fd;

	for (i = 0; i < 16; i++) {
		snprintf(path, size, "/dev/dri/card%d", i);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (drm_driver_is(fd, "vbedrm"))
			return fd;
		close(fd);
	}
	snprintf(path, size, "no vbedrm card");
	return -1;
}

static int has_card(void)
{
	char path[32];
	int fd = find_card(path, sizeof(path));

	if (fd >= 0)
		close(fd);
	return fd >= 0;
}

static int open_card(char *path, size_t size)
{
	struct drm_mode_card_res res = {};
	struct drm_mode_get_connector c = {};
	uint32_t crtcs[4], conns[4], encs[4];

	card = find_card(path, size);
	if (card < 0)
		return -1;
	if (ioctl(card, DRM_IOCTL_MODE_GETRESOURCES, &res) ||
	    res.count_crtcs < 1 || res.count_connectors < 1 ||
	    res.count_crtcs > 4 || res.count_connectors > 4 ||
	    res.count_encoders > 4)
		return -1;
	res.crtc_id_ptr = (uintptr_t)crtcs;
	res.connector_id_ptr = (uintptr_t)conns;
	res.encoder_id_ptr = (uintptr_t)encs;
	res.count_fbs = 0;
	if (ioctl(card, DRM_IOCTL_MODE_GETRESOURCES, &res))
		return -1;
	crtc_id = crtcs[0];
	conn_id = conns[0];

	c.connector_id = conn_id;
	if (ioctl(card, DRM_IOCTL_MODE_GETCONNECTOR, &c) || c.count_modes > 256)
		return -1;
	mode_count = c.count_modes;
	memset(&c, 0, sizeof(c));
	c.connector_id = conn_id;
	c.count_modes = mode_count;
	c.modes_ptr = (uintptr_t)modes;
	return ioctl(card, DRM_IOCTL_MODE_GETCONNECTOR, &c);
}

static const struct drm_mode_modeinfo *find_mode(unsigned int w, unsigned int h)
{
	unsigned int i;

	for (i = 0; i < mode_count; i++)
		if (modes[i].hdisplay == w && modes[i].vdisplay == h)
			return &modes[i];
	return NULL;
}

/*
 * A dumb buffer of @w x @h in @format, drawn with the pattern: 0, the
 * errno of ADDFB2, or -1.
 */
static int make_fb(struct fb *fb, unsigned int w, unsigned int h, uint32_t format)
{
	struct drm_mode_create_dumb create = {
		.width = w, .height = h, .bpp = format == DRM_FORMAT_RGB565 ? 16 : 32,
	};
	struct drm_mode_map_dumb map = {};
	struct drm_mode_fb_cmd2 cmd = {
		.width = w, .height = h, .pixel_format = format,
	};
	unsigned int x, y;

	if (ioctl(card, DRM_IOCTL_MODE_CREATE_DUMB, &create))
		return -1;
	map.handle = create.handle;
	if (ioctl(card, DRM_IOCTL_MODE_MAP_DUMB, &map))
		return -1;
	fb->pixels = mmap(NULL, create.size, PROT_READ | PROT_WRITE, MAP_SHARED,
			  card, map.offset);
	if (fb->pixels == MAP_FAILED)
		return -1;
	fb->handle = create.handle;
	fb->pitch = create.pitch;
	fb->size = create.size;
	fb->width = w;
	fb->height = h;
	if (mapped_count < 16) {
		mapped[mapped_count].addr = fb->pixels;
		mapped[mapped_count++].size = fb->size;
	}
	for (y = 0; format == DRM_FORMAT_XRGB8888 && y < h; y++)
		for (x = 0; x < w; x++)
			fb->pixels[y * (fb->pitch / 4) + x] = pattern(x, y, w, h);
	cmd.handles[0] = create.handle;
	cmd.pitches[0] = create.pitch;
	if (ioctl(card, DRM_IOCTL_MODE_ADDFB2, &cmd))
		return errno;
	fb->id = cmd.fb_id;
	return 0;
}

/* SETCRTC with @fb and @mode; 0 or the errno. */
static int set_crtc(const struct fb *fb, const struct drm_mode_modeinfo *mode)
{
	struct drm_mode_crtc crtc = {
		.set_connectors_ptr = (uintptr_t)&conn_id,
		.count_connectors = 1,
		.crtc_id = crtc_id,
		.fb_id = fb->id,
		.mode_valid = 1,
		.mode = *mode,
	};

	return ioctl(card, DRM_IOCTL_MODE_SETCRTC, &crtc) ? errno : 0;
}

/* The CRTC's mode and frame buffer as the kernel reports them. */
static int get_crtc(struct drm_mode_crtc *crtc)
{
	memset(crtc, 0, sizeof(*crtc));
	crtc->crtc_id = crtc_id;
	return ioctl(card, DRM_IOCTL_MODE_GETCRTC, crtc);
}

/*
 * The connector's modes are the resolutions of the BIOS's LFB modes in a
 * format vbedrm scans out: direct colour (model 6) at 32 or 16 bits per
 * pixel (SeaBIOS lists its 5:5:5 modes as 15 bits).
 */
static void check_mode_list(void)
{
	unsigned int num, w, h, bpp, model, line, attr, fbase;
	unsigned int listed = 0, found = 0, i;
	unsigned int seen[256][2];
	char buf[256];
	FILE *f = popen("/bin/fwcall vbe-modes", "r");

	while (f && fgets(buf, sizeof(buf), f)) {
		int dup = 0;

		if (sscanf(buf, "0x%x %ux%u %u bpp model %u %u bytes/line attr 0x%x fb 0x%x",
			   &num, &w, &h, &bpp, &model, &line, &attr, &fbase) != 8)
			continue;
		if (!(attr & 0x80) || model != 6 || (bpp != 32 && bpp != 16))
			continue;
		for (i = 0; i < listed; i++)
			dup |= seen[i][0] == w && seen[i][1] == h;
		if (dup || listed == 256)
			continue;
		seen[listed][0] = w;
		seen[listed][1] = h;
		listed++;
		found += !!find_mode(w, h);
	}
	if (f)
		pclose(f);
	result(listed && found == listed && mode_count == listed,
	       "connector modes are the BIOS's LFB modes in XRGB8888 or RGB565 # %u modes, %u from fwcall vbe-modes, %u of them offered",
	       mode_count, listed, found);
}

/* Set @w x @h with a pattern buffer; a screenshot checks every pixel. */
static int set_pattern(unsigned int w, unsigned int h, struct fb *fb)
{
	const struct drm_mode_modeinfo *mode = find_mode(w, h);
	char name[32], spec[64];
	int err = -1;

	if (mode && !make_fb(fb, w, h, DRM_FORMAT_XRGB8888))
		err = set_crtc(fb, mode);
	result(!err, "mode set %ux%u XRGB8888 # %s", w, h,
	       err > 0 ? strerror(err) : mode ? "" : "not offered");
	snprintf(name, sizeof(name), "pattern-%ux%u", w, h);
	snprintf(spec, sizeof(spec), "pattern %u %u", w, h);
	return ask_screenshot(name, spec);
}

static void test_modes(void)
{
	static const unsigned int sizes[][2] = {
		{ 1024, 768 }, { 800, 600 }, { 1280, 1024 }, { 1024, 768 },
	};
	struct fb fbs[4], fb565, fb800;
	struct drm_mode_modeinfo bad;
	struct drm_mode_crtc crtc;
	long after;
	char refuse[128];
	unsigned int i;
	long before;
	int err;

	for (i = 0; i < 4; i++)
		set_pattern(sizes[i][0], sizes[i][1], &fbs[i]);

	/* A mode outside the list: the atomic check refuses it */
	bad = *find_mode(1024, 768);
	bad.clock += 1000;
	err = set_crtc(&fbs[3], &bad);
	result(err == EINVAL, "a mode outside the list is refused # %s",
	       err ? strerror(err) : "accepted");
	ask_screenshot("outside-list", "same pattern-1024x768");

	/* A mode the BIOS refuses: the commit fails, the old mode stays */
	make_fb(&fb800, 800, 600, DRM_FORMAT_XRGB8888);
	debugfs_path(refuse, sizeof(refuse), "vbe_refuse_next");
	before = mode_sets();
	write_string(refuse, "0x3ffe");
	err = set_crtc(&fb800, find_mode(800, 600));
	result(err == EIO, "a mode the BIOS refuses fails the commit # %s",
	       err ? strerror(err) : "accepted");
	err = get_crtc(&crtc);
	after = mode_sets();
	result(!err && crtc.mode_valid && crtc.mode.hdisplay == 1024 &&
	       crtc.mode.vdisplay == 768 && crtc.fb_id == fbs[3].id &&
	       after == before,
	       "after the refusal the CRTC keeps 1024x768 and its buffer # %ux%u fb %u, BIOS mode sets %ld -> %ld",
	       crtc.mode.hdisplay, crtc.mode.vdisplay, crtc.fb_id, before, after);
	ask_screenshot("bios-refused", "same pattern-1024x768");

	/*
	 * RGB565 is not converted up to a 32-bit mode: with XRGB8888 modes
	 * the plane does not offer it, and ADDFB2 (or else the commit)
	 * refuses it
	 */
	err = make_fb(&fb565, 1024, 768, DRM_FORMAT_RGB565);
	if (!err)
		err = set_crtc(&fb565, find_mode(1024, 768));
	result(err == EINVAL, "an RGB565 buffer on XRGB8888 modes is refused # %s",
	       err > 0 ? strerror(err) : err ? "no buffer" : "accepted");

	/* Mode switches in a row, each one a BIOS call */
	before = mode_sets();
	for (i = 0, err = 0; i < SWITCHES && !err; i++)
		err = i % 2 ? set_crtc(&fbs[3], find_mode(1024, 768)) :
			      set_crtc(&fbs[1], find_mode(800, 600));
	result(!err && mode_sets() - before == SWITCHES,
	       "%d mode switches # %u done, BIOS mode sets %ld%s%s", SWITCHES, i,
	       mode_sets() - before, err ? ", " : "", err ? strerror(err) : "");
	ask_screenshot("after-switches", "pattern 1024 768");
}

/* An atomic request: properties grouped by object, in order of addition */
struct atomic_req {
	uint32_t objs[8], counts[8], props[32];
	uint64_t values[32];
	unsigned int nobj, nprop;
};

static void atomic_add(struct atomic_req *r, uint32_t obj, uint32_t prop,
		       uint64_t value)
{
	if (!r->nobj || r->objs[r->nobj - 1] != obj) {
		r->objs[r->nobj] = obj;
		r->counts[r->nobj++] = 0;
	}
	r->counts[r->nobj - 1]++;
	r->props[r->nprop] = prop;
	r->values[r->nprop++] = value;
}

/* DRM_IOCTL_MODE_ATOMIC with @flags: 0 or the errno. */
static int atomic_commit(const struct atomic_req *r, uint32_t flags)
{
	struct drm_mode_atomic a = {
		.flags = flags,
		.count_objs = r->nobj,
		.objs_ptr = (uintptr_t)r->objs,
		.count_props_ptr = (uintptr_t)r->counts,
		.props_ptr = (uintptr_t)r->props,
		.prop_values_ptr = (uintptr_t)r->values,
	};

	return ioctl(card, DRM_IOCTL_MODE_ATOMIC, &a) ? errno : 0;
}

/* The id of @obj's property @name, or 0. */
static uint32_t prop_id(uint32_t obj, uint32_t type, const char *name)
{
	struct drm_mode_obj_get_properties g = { .obj_id = obj, .obj_type = type };
	uint32_t ids[64];
	uint64_t vals[64];
	unsigned int i;

	if (ioctl(card, DRM_IOCTL_MODE_OBJ_GETPROPERTIES, &g) || g.count_props > 64)
		return 0;
	g.props_ptr = (uintptr_t)ids;
	g.prop_values_ptr = (uintptr_t)vals;
	if (ioctl(card, DRM_IOCTL_MODE_OBJ_GETPROPERTIES, &g))
		return 0;
	for (i = 0; i < g.count_props; i++) {
		struct drm_mode_get_property p = { .prop_id = ids[i] };

		if (!ioctl(card, DRM_IOCTL_MODE_GETPROPERTY, &p) && !strcmp(p.name, name))
			return ids[i];
	}
	return 0;
}

/* A full modeset of @mode with @fb, as an atomic request. */
static int atomic_modeset(struct atomic_req *r, const struct fb *fb,
			  const struct drm_mode_modeinfo *mode)
{
	struct drm_mode_get_plane_res pr = {};
	struct drm_mode_create_blob blob = {
		.data = (uintptr_t)mode, .length = sizeof(*mode),
	};
	uint32_t plane;

	memset(r, 0, sizeof(*r));
	pr.plane_id_ptr = (uintptr_t)&plane;
	pr.count_planes = 1;
	if (ioctl(card, DRM_IOCTL_MODE_GETPLANERESOURCES, &pr) || pr.count_planes != 1 ||
	    ioctl(card, DRM_IOCTL_MODE_CREATEPROPBLOB, &blob))
		return -1;
	atomic_add(r, crtc_id, prop_id(crtc_id, DRM_MODE_OBJECT_CRTC, "MODE_ID"), blob.blob_id);
	atomic_add(r, crtc_id, prop_id(crtc_id, DRM_MODE_OBJECT_CRTC, "ACTIVE"), 1);
	atomic_add(r, conn_id, prop_id(conn_id, DRM_MODE_OBJECT_CONNECTOR, "CRTC_ID"),
		   crtc_id);
	atomic_add(r, plane, prop_id(plane, DRM_MODE_OBJECT_PLANE, "FB_ID"), fb->id);
	atomic_add(r, plane, prop_id(plane, DRM_MODE_OBJECT_PLANE, "CRTC_ID"), crtc_id);
	atomic_add(r, plane, prop_id(plane, DRM_MODE_OBJECT_PLANE, "SRC_X"), 0);
	atomic_add(r, plane, prop_id(plane, DRM_MODE_OBJECT_PLANE, "SRC_Y"), 0);
	atomic_add(r, plane, prop_id(plane, DRM_MODE_OBJECT_PLANE, "SRC_W"),
		   (uint64_t)mode->hdisplay << 16);
	atomic_add(r, plane, prop_id(plane, DRM_MODE_OBJECT_PLANE, "SRC_H"),
		   (uint64_t)mode->vdisplay << 16);
	atomic_add(r, plane, prop_id(plane, DRM_MODE_OBJECT_PLANE, "CRTC_X"), 0);
	atomic_add(r, plane, prop_id(plane, DRM_MODE_OBJECT_PLANE, "CRTC_Y"), 0);
	atomic_add(r, plane, prop_id(plane, DRM_MODE_OBJECT_PLANE, "CRTC_W"), mode->hdisplay);
	atomic_add(r, plane, prop_id(plane, DRM_MODE_OBJECT_PLANE, "CRTC_H"), mode->vdisplay);
	return 0;
}

/* Wait for the event of a commit made with DRM_MODE_PAGE_FLIP_EVENT. */
static int wait_event(void)
{
	char buf[256];

	return read(card, buf, sizeof(buf)) > 0 ? 0 : -1;
}

/*
 * The atomic interface: TEST_ONLY checks a listed mode without a BIOS
 * call and refuses an unlisted one; a modeset needs ALLOW_MODESET; two
 * nonblocking modesets back to back either both land or the second is
 * refused with EBUSY, and the adapter ends in the last one that landed.
 */
static void test_atomic(void)
{
	const struct drm_mode_modeinfo *m800 = find_mode(800, 600),
				       *m1024 = find_mode(1024, 768);
	struct drm_set_client_cap cap = { .capability = DRM_CLIENT_CAP_ATOMIC, .value = 1 };
	struct drm_mode_modeinfo bad = *m1024;
	const uint32_t modeset = DRM_MODE_ATOMIC_ALLOW_MODESET;
	struct drm_mode_crtc crtc;
	struct fb f800, f1024, *fb800 = &f800, *fb1024 = &f1024;
	struct atomic_req r;
	long before, after;
	int err, err2, ok;

	ok = !make_fb(fb800, 800, 600, DRM_FORMAT_XRGB8888) &&
	     !make_fb(fb1024, 1024, 768, DRM_FORMAT_XRGB8888) &&
	     !ioctl(card, DRM_IOCTL_SET_CLIENT_CAP, &cap) &&
	     !atomic_modeset(&r, fb800, m800);
	before = mode_sets();
	err = ok ? atomic_commit(&r, modeset | DRM_MODE_ATOMIC_TEST_ONLY) : -1;
	after = mode_sets();
	ok = !err && !get_crtc(&crtc) && crtc.mode.hdisplay == 1024 && after == before;
	result(ok, "TEST_ONLY of a listed mode: no BIOS call # %s, %ux%u, mode sets %ld -> %ld",
	       err > 0 ? strerror(err) : err ? "no request" : "passed",
	       crtc.mode.hdisplay, crtc.mode.vdisplay, before, after);

	bad.clock += 1000;
	err = atomic_modeset(&r, fb1024, &bad) ? -1 :
	      atomic_commit(&r, modeset | DRM_MODE_ATOMIC_TEST_ONLY);
	result(err == EINVAL, "atomic TEST_ONLY of an unlisted mode is refused # %s",
	       err > 0 ? strerror(err) : err ? "no request" : "passed");

	err = atomic_modeset(&r, fb800, m800) ? -1 : atomic_commit(&r, 0);
	result(err == EINVAL, "a modeset without ALLOW_MODESET is refused # %s",
	       err > 0 ? strerror(err) : err ? "no request" : "passed");

	/* Two nonblocking modesets back to back */
	before = mode_sets();
	err = atomic_modeset(&r, fb800, m800) ? -1 :
	      atomic_commit(&r, modeset | DRM_MODE_ATOMIC_NONBLOCK |
				DRM_MODE_PAGE_FLIP_EVENT);
	err2 = atomic_modeset(&r, fb1024, m1024) ? -1 :
	       atomic_commit(&r, modeset | DRM_MODE_ATOMIC_NONBLOCK |
				 DRM_MODE_PAGE_FLIP_EVENT);
	if (!err)
		wait_event();
	if (!err2)
		wait_event();
	after = mode_sets();
	get_crtc(&crtc);
	ok = !err && (!err2 || err2 == EBUSY) &&
	     crtc.mode.hdisplay == (err2 ? 800 : 1024) &&
	     after - before == (err2 ? 1 : 2);
	result(ok, "two nonblocking modesets land, or the 2nd gets EBUSY # %s, %s; %ux%u, %ld sets",
	       err > 0 ? strerror(err) : err ? "no request" : "landed",
	       err2 > 0 ? strerror(err2) : err2 ? "no request" : "landed",
	       crtc.mode.hdisplay, crtc.mode.vdisplay, after - before);
	ask_screenshot("atomic", err2 ? "pattern 800 600" : "pattern 1024 768");
}

static int bound(void)
{
	return !access(DRIVER "/" DEVICE, F_OK);
}

static void test_console_and_unbind(const char *found_size)
{
	int tty;

	/* The last close gives the CRTC back to the fbdev emulation */
	while (mapped_count) {
		mapped_count--;
		munmap(mapped[mapped_count].addr, mapped[mapped_count].size);
	}
	close(card);
	card = -1;
	tty = open("/dev/tty1", O_WRONLY | O_NOCTTY);
	if (tty >= 0) {
		dprintf(tty, "\nvbedrm: the console on the fbdev emulation\n");
		close(tty);
	}
	usleep(500 * 1000);
	ask_screenshot("console", "console 1024 768");

	write_string(DRIVER "/unbind", DEVICE);
	result(!bound() && !has_card(), "unbind # %s",
	       bound() ? "still bound" : has_card() ? "a card left" : "card gone");
	ask_screenshot("unbound", found_size);

	write_string(DRIVER "/bind", DEVICE);
	result(bound() && has_card(), "bind again # %s, %s",
	       bound() ? "bound" : "not bound", has_card() ? "a card" : "no card");
}

/* Whether the kernel log has a line with @what. */
static int dmesg_has(const char *what)
{
	char buf[512];
	int found = 0;
	FILE *f = popen("dmesg", "r");

	while (f && fgets(buf, sizeof(buf), f))
		found |= !!strstr(buf, what);
	if (f)
		pclose(f);
	return found;
}

static void test_takeover(void)
{
	result(dmesg_has("Initialized simpledrm"),
	       "simpledrm had the boot loader's frame buffer first");
	/* Its fb0 unregistered, its device gone: the console's fb0 is ours */
	result(access("/sys/bus/platform/devices/simple-framebuffer.0", F_OK) &&
	       dmesg_has("[drm] fb0: vbedrmdrmfb"),
	       "vbedrm took it over, simple-framebuffer.0 gone, fb0 is vbedrm's");
	result(dmesg_has("found in mode 0x4114"),
	       "the mode found is the boot loader's 800x600 (4114h)");
}

static uint64_t rdtsc_ordered(void)
{
	uint32_t lo, hi;

	asm volatile("lfence; rdtsc" : "=a" (lo), "=d" (hi) : : "memory");
	return (uint64_t)hi << 32 | lo;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* "STAT name n median p99 min max p1 p25 p75", as kexec_call_bench's */
static void report(const char *name, uint64_t *v, unsigned int n)
{
	unsigned int p[] = { 50, 99, 0, 100, 1, 25, 75 }, i, k;

	qsort(v, n, sizeof(*v), cmp_u64);
	printf("STAT %s %u", name, n);
	for (i = 0; i < 7; i++) {
		k = (uint64_t)n * p[i] / 100;
		printf(" %llu", (unsigned long long)v[k < n ? k : n - 1]);
	}
	printf("\n");
}

/* One SETCRTC, timed in TSC ticks (instructions under -icount). */
static uint64_t timed_set(const struct fb *fb, const struct drm_mode_modeinfo *mode,
			  int *err)
{
	uint64_t t0 = rdtsc_ordered();

	*err |= set_crtc(fb, mode);
	return rdtsc_ordered() - t0;
}

static int bench(unsigned int n)
{
	const struct drm_mode_modeinfo *big = find_mode(1024, 768),
				       *small = find_mode(800, 600);
	uint64_t *s[4];
	struct fb b1, b2, s1, s2;
	long sets;
	unsigned int i;
	int err = 0;

	if (!big || !small || make_fb(&b1, 1024, 768, DRM_FORMAT_XRGB8888) ||
	    make_fb(&b2, 1024, 768, DRM_FORMAT_XRGB8888) ||
	    make_fb(&s1, 800, 600, DRM_FORMAT_XRGB8888) ||
	    make_fb(&s2, 800, 600, DRM_FORMAT_XRGB8888))
		return 1;
	for (i = 0; i < 4; i++) {
		s[i] = calloc(n, sizeof(*s[i]));
		if (!s[i])
			return 1;
	}
	err |= set_crtc(&b1, big);	/* warm-up */
	sets = mode_sets();
	for (i = 0; i < n; i++) {
		s[0][i] = timed_set(&s1, small, &err);	/* 1024x768 -> 800x600 */
		s[1][i] = timed_set(&b1, big, &err);	/* 800x600 -> 1024x768 */
	}
	sets = mode_sets() - sets;
	for (i = 0; i < n; i++)
		s[2][i] = timed_set(i % 2 ? &b1 : &b2, big, &err);
	err |= set_crtc(&s1, small);
	for (i = 0; i < n; i++)
		s[3][i] = timed_set(i % 2 ? &s1 : &s2, small, &err);
	if (err) {
		printf("vbedrm_test: a SETCRTC of the measurement failed\n");
		return 1;
	}
	printf("VBEDRM modes %u mode_sets %ld of %u\n", mode_count, sets, 2 * n);
	report("vbe_set_800", s[0], n);
	report("vbe_set_1024", s[1], n);
	report("vbe_frame_1024", s[2], n);
	report("vbe_frame_800", s[3], n);
	return sets == 2 * (long)n ? 0 : 1;
}

/* make run: what the driver offers, and a mode set to look at. */
static int demo(void)
{
	struct drm_mode_crtc crtc;
	struct fb fb;
	unsigned int i;

	printf("  DRM modes of vbedrm's connector\n");
	printf("  (the BIOS's LFB modes in XRGB8888 or RGB565):\n   ");
	for (i = 0; i < mode_count; i++)
		printf(" %s", modes[i].name);
	printf("\n");
	if (!get_crtc(&crtc) && crtc.mode_valid)
		printf("  The console's mode (fbdev emulation): %s\n", crtc.mode.name);
	if (!find_mode(800, 600) || make_fb(&fb, 800, 600, DRM_FORMAT_XRGB8888) ||
	    set_crtc(&fb, find_mode(800, 600)))
		return 1;
	printf("  Set 800x600 XRGB8888 with a test pattern: BIOS mode sets so far %ld;\n"
	       "  the console comes back at 1024x768 when this program closes the card.\n",
	       mode_sets());
	sleep(2);
	return 0;
}

int main(int argc, char **argv)
{
	int takeover = argc > 1 && !strcmp(argv[1], "takeover"), ok;
	char path[32];

	if (argc > 1 && (!strcmp(argv[1], "bench") || !strcmp(argv[1], "demo"))) {
		if (open_card(path, sizeof(path))) {
			printf("vbedrm: no card\n");
			return 1;
		}
		return argv[1][0] == 'b' ? bench(argc > 2 ? atoi(argv[2]) : 50) : demo();
	}

	printf("KTAP version 1\n1..%d\n", takeover ? 10 : 27);
	if (open_host())
		printf("# no second serial port for the host's verdicts\n");
	ok = !open_card(path, sizeof(path));
	result(ok, "vbedrm's card # %s, %u modes", path, mode_count);
	if (takeover) {
		test_takeover();
		set_pattern(1024, 768, &(struct fb){});
		test_console_and_unbind("size 800 600");
	} else {
		check_mode_list();
		test_modes();
		test_atomic();
		test_console_and_unbind("size 720 400");
	}
	return ktap_failed ? 1 : 0;
}
