// SPDX-License-Identifier: GPL-2.0
/*
 * The fixture every kexec_call KUnit suite shares: a page below 4 GiB for
 * the callee's code and an image that calls it, both freed by KUnit when
 * the test ends.
 */

#include <linux/gfp.h>
#include <linux/kexec.h>
#include <linux/kexec_call.h>
#include <linux/mm.h>
#include <linux/string.h>

#include <kunit/test.h>

#include <asm/kexec_call.h>

#include "kexec_call_kunit.h"

void kexec_call_test_free_page(void *page)
{
	free_page((unsigned long)page);
}

static void kexec_call_test_free_image(void *image)
{
	kexec_call_free(image);
}

int kexec_call_test_init(struct kunit *test)
{
	struct kexec_call_test_ctx *ctx;
	int ret;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx);

	ctx->code = (void *)get_zeroed_page(GFP_KERNEL | __GFP_DMA32);
	KUNIT_ASSERT_NOT_NULL(test, ctx->code);
	ret = kunit_add_action_or_reset(test, kexec_call_test_free_page,
					ctx->code);
	KUNIT_ASSERT_EQ(test, ret, 0);

	test->priv = ctx;
	return 0;
}

/* Copy a callee to the fixture's page and make an image for it. */
struct kimage *kexec_call_test_load(struct kunit *test,
				    struct kexec_call_test_callee callee,
				    unsigned long flags)
{
	struct kexec_call_test_ctx *ctx = test->priv;
	struct kimage *image;
	int ret;

	KUNIT_ASSERT_LE(test, callee.end - callee.start, PAGE_SIZE);
	memcpy(ctx->code, callee.start, callee.end - callee.start);

	image = kexec_call_alloc(virt_to_phys(ctx->code), flags);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, image);
	ret = kunit_add_action_or_reset(test, kexec_call_test_free_image,
					image);
	KUNIT_ASSERT_EQ(test, ret, 0);
	ctx->image = image;
	return image;
}

/* A variable kept at @offset in the fixture's copy of the callee. */
u32 *kexec_call_test_var(struct kunit *test, size_t offset)
{
	struct kexec_call_test_ctx *ctx = test->priv;

	return ctx->code + offset;
}

/* The trampoline's record of the image's last call. */
struct kexec_call_state *kexec_call_test_state(struct kimage *image)
{
	return page_address(image->control_code_page) + KEXEC_CALL_STATE_OFFSET;
}
