/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Calling physical-mode code from user space with kexec jump back.
 *
 * Load the code once with kexec_load(entry, nr_segments, segments,
 * KEXEC_PRESERVE_CONTEXT | KEXEC_PHYS_CALL) (entry and segments below
 * 4 GiB, in RAM), then call it as often as wanted with
 * reboot(LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_KEXEC,
 * &args).  Each call swaps the image's pages in at their destinations,
 * enters it with the protocol of Documentation/arch/x86/kexec_call.rst
 * (32-bit protected mode, paging off, cdecl arguments), swaps them out
 * again and returns; what the code leaves in its memory is there at the
 * next call.  Devices and other CPUs are quiesced around each call, as
 * for a kexec jump.  Without such an image loaded, reboot() is
 * kernel_kexec() whatever its argument, as before; with one, it is
 * kernel_kexec() for a NULL argument (glibc's reboot(), which kexec-tools
 * uses, passes none: call the syscall with an explicit NULL while such an
 * image is loaded).  See Documentation/core-api/kexec_call.rst.
 */
#ifndef _UAPI_LINUX_KEXEC_CALL_H
#define _UAPI_LINUX_KEXEC_CALL_H

#include <linux/types.h>

#define KEXEC_CALL_ARGS_MAX	16

/**
 * struct kexec_call_args - reboot()'s argument for a physical-mode call
 * @size: sizeof(struct kexec_call_args); another size gets EINVAL
 * @argc: the number of arguments, 0 to KEXEC_CALL_ARGS_MAX (else E2BIG)
 * @args: the arguments, each below 2^32 (else ERANGE), passed as 32-bit
 *	cdecl stack slots
 * @ret: out: what the code returned in EDX:EAX
 */
struct kexec_call_args {
	__u32 size;
	__u32 argc;
	__u64 args[KEXEC_CALL_ARGS_MAX];
	__u64 ret;
};

#endif /* _UAPI_LINUX_KEXEC_CALL_H */
