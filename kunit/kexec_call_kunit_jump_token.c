// SPDX-License-Identifier: GPL-2.0
/*
 * The token of the kexec jump snapshot test: writing a string to
 * /sys/kernel/debug/kexec_jump_test/snapshot_token keeps it in
 * kexec_call_test_token, where a debugger reads it from a dump, and fills
 * every 64th page of a 4 MiB block of kernel memory with it.  Reading the
 * file gives "BLOCK SIZE TOKEN": the block's physical address and size.
 * The test then places kernel B's destination range over half of the block
 * and checks on the host that the dump B saved holds the token at each of
 * those pages: kernel pages that makedumpfile -d 31 keeps, half of them
 * displaced by B's image and read back from their backup pages.
 */

#define pr_fmt(fmt) "kexec_call_test: " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#define TOKEN_MAX	64
#define TOKEN_ORDER	10		/* 4 MiB */
#define TOKEN_STRIDE	64		/* a token page every 256 KiB */

/* A debugger's way in: crash's "p kexec_call_test_token" */
static char kexec_call_test_token[TOKEN_MAX + 1];

static struct page *kexec_call_token_block;
static DEFINE_MUTEX(kexec_call_token_lock);

static void kexec_call_token_fill(void *page, const char *token, size_t len)
{
	size_t off;

	for (off = 0; off + len <= PAGE_SIZE; off += len)
		memcpy(page + off, token, len);
}

static ssize_t kexec_call_token_write(struct file *file,
				      const char __user *ubuf, size_t count,
				      loff_t *ppos)
{
	char token[TOKEN_MAX + 2];
	struct page *block;
	phys_addr_t phys;
	size_t len, i;

	/* The token, and a newline after it at most */
	if (!count || count > TOKEN_MAX + 1)
		return -EINVAL;
	if (copy_from_user(token, ubuf, count))
		return -EFAULT;
	token[count] = '\0';
	len = strcspn(token, "\n");
	token[len] = '\0';
	for (i = 0; i < len; i++)
		if (token[i] <= ' ' || token[i] > '~')
			return -EINVAL;
	if (!len || len > TOKEN_MAX)
		return -EINVAL;

	block = alloc_pages(GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN, TOKEN_ORDER);
	if (!block)
		return -ENOMEM;
	for (i = 0; i < (1 << TOKEN_ORDER); i += TOKEN_STRIDE)
		kexec_call_token_fill(page_address(block + i), token, len);

	mutex_lock(&kexec_call_token_lock);
	if (kexec_call_token_block)
		__free_pages(kexec_call_token_block, TOKEN_ORDER);
	kexec_call_token_block = block;
	strscpy(kexec_call_test_token, token);
	mutex_unlock(&kexec_call_token_lock);
	phys = page_to_phys(block);
	pr_info("snapshot token at %pa, %lu bytes\n", &phys,
		PAGE_SIZE << TOKEN_ORDER);
	return count;
}

static ssize_t kexec_call_token_read(struct file *file, char __user *ubuf,
				     size_t count, loff_t *ppos)
{
	char line[TOKEN_MAX + 48];
	int len = 0;

	mutex_lock(&kexec_call_token_lock);
	if (kexec_call_token_block)
		len = scnprintf(line, sizeof(line), "0x%llx 0x%lx %s\n",
				(unsigned long long)page_to_phys(kexec_call_token_block),
				PAGE_SIZE << TOKEN_ORDER, kexec_call_test_token);
	mutex_unlock(&kexec_call_token_lock);
	return simple_read_from_buffer(ubuf, count, ppos, line, len);
}

static const struct file_operations kexec_call_token_fops = {
	.owner = THIS_MODULE,
	.read = kexec_call_token_read,
	.write = kexec_call_token_write,
	.llseek = default_llseek,
};

static struct dentry *kexec_call_token_dir;

static int __init kexec_call_token_init(void)
{
	kexec_call_token_dir = debugfs_create_dir("kexec_jump_test", NULL);
	debugfs_create_file("snapshot_token", 0600, kexec_call_token_dir, NULL,
			    &kexec_call_token_fops);
	return 0;
}

static void __exit kexec_call_token_exit(void)
{
	debugfs_remove(kexec_call_token_dir);
	if (kexec_call_token_block)
		__free_pages(kexec_call_token_block, TOKEN_ORDER);
}

module_init(kexec_call_token_init);
module_exit(kexec_call_token_exit);

MODULE_DESCRIPTION("The token of the kexec jump snapshot test");
MODULE_LICENSE("GPL");
