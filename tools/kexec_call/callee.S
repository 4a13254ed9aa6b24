/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A physical-mode callee for kexec_call_user_test, loaded with kexec_load()
 * and called through reboot(): it counts its calls in its own memory and
 * adds up its arguments.  Entered with the kexec_call protocol: 32-bit
 * flat protected mode, paging off, cdecl arguments:
 *
 *   [esp + 4]        n, the number of values that follow (0 to 15)
 *   [esp + 8]...     the values
 *
 * Returns (calls << 16) | (sum of the values & 0xffff) in EAX, EDX = 0.
 * Assembled as a flat binary (objcopy -O binary); position independent.
 */
	.code32
	.text
	.globl	callee_start
callee_start:
	call	1f
1:	popl	%ecx
	incl	(calls - 1b)(%ecx)

	movl	4(%esp), %edx
	leal	8(%esp), %esi
	xorl	%eax, %eax
2:	testl	%edx, %edx
	jz	3f
	addl	(%esi), %eax
	addl	$4, %esi
	decl	%edx
	jmp	2b

3:	andl	$0xffff, %eax
	movl	(calls - 1b)(%ecx), %edx
	shll	$16, %edx
	orl	%edx, %eax
	xorl	%edx, %edx
	ret

	.balign	4
calls:	.long	0
