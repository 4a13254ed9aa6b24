/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The part of kexec_call's trampoline that runs in 32-bit protected mode
 * with paging off, the same on i386 and x86_64: included by kexec_call_32.S
 * and kexec_call_64.S, each of which gets there its own way.
 *
 * SAVE_KERNEL_STATE and RESTORE_KERNEL_SEGMENTS are the parts of the
 * kernel-text side that both bitnesses share, TRAMP_PAGING_OFF the last
 * step of both ways into the paging-off part.
 *
 * TRAMP_CALL runs from paging off (EBX the trampoline's base, ESP the
 * callee's frame, our GDT and the switch IDT loaded, flat DS/ES/SS) to the
 * callee and back, and ends with paging still off at .Ltramp_resume, which
 * the including file defines: there it turns the kernel's paging on again.
 * TRAMP_HANDLERS holds the page swap, the callee IDT's vector stubs, the
 * 32-bit NMI handler and the fault path.
 */

#define STATE(x)	(KEXEC_CALL_STATE_OFFSET + KEXEC_CALL_##x)

/* The relocations of the trampoline (TRAMP_RELOC), up to ..._relocs_end. */
	.pushsection .rodata.kexec_call_relocs, "a"
	.balign	4
SYM_INNER_LABEL(kexec_call_tramp_relocs, SYM_L_GLOBAL)
	.popsection

/* Vectors for which the CPU pushes an error code: 8, 10-14, 17, 21, 29, 30. */
#define KEXEC_CALL_ERRCODE_VECTORS	0x60227d00

/* A kexec indirection list entry is an unsigned long (kimage_entry_t). */
#ifdef CONFIG_X86_64
#define KEXEC_CALL_IND_ENTRY_SIZE	8
#else
#define KEXEC_CALL_IND_ENTRY_SIZE	4
#endif

/*
 * Kernel text, either bitness: save the stack pointer, CR0, CR3, CR4, the
 * descriptor tables and the segment selectors in the state at _ASM_DI
 * (the kernel's EAX/RAX is clobbered).
 */
.macro SAVE_KERNEL_STATE
	mov	%_ASM_SP, KEXEC_CALL_rsp(%_ASM_DI)
	mov	%cr0, %_ASM_AX
	mov	%_ASM_AX, KEXEC_CALL_cr0(%_ASM_DI)
	mov	%cr3, %_ASM_AX
	mov	%_ASM_AX, KEXEC_CALL_cr3(%_ASM_DI)
	mov	%cr4, %_ASM_AX
	mov	%_ASM_AX, KEXEC_CALL_cr4(%_ASM_DI)
	sgdt	KEXEC_CALL_gdtr(%_ASM_DI)
	sidt	KEXEC_CALL_idtr(%_ASM_DI)
	sldt	KEXEC_CALL_ldt(%_ASM_DI)
	movw	%ds, KEXEC_CALL_ds(%_ASM_DI)
	movw	%es, KEXEC_CALL_es(%_ASM_DI)
	movw	%fs, KEXEC_CALL_fs(%_ASM_DI)
	movw	%gs, KEXEC_CALL_gs(%_ASM_DI)
	movw	%ss, KEXEC_CALL_ss(%_ASM_DI)
.endm

/*
 * Kernel text, either bitness, on the kernel's GDT again: the data segment
 * selectors and the LDT from the state at _ASM_DI (on x86_64 GS last: its
 * load clears the base, which the caller rewrites).
 */
.macro RESTORE_KERNEL_SEGMENTS
	movw	KEXEC_CALL_ss(%_ASM_DI), %ss
	movw	KEXEC_CALL_ds(%_ASM_DI), %ds
	movw	KEXEC_CALL_es(%_ASM_DI), %es
	movw	KEXEC_CALL_fs(%_ASM_DI), %fs
	movw	KEXEC_CALL_gs(%_ASM_DI), %gs
	lldt	KEXEC_CALL_ldt(%_ASM_DI)
.endm

/*
 * 32-bit code on the trampoline's GDT, EBX its base: flat data segments,
 * the callee's stack, then paging off (the code and the stack run at their
 * physical addresses already).  On x86_64 this also leaves long mode.  The
 * write that turns paging off loads the callee's CR0 (PG clear: the C side
 * makes sure), so that a call costs no second write to CR0.
 */
.macro TRAMP_PAGING_OFF
	movl	$KEXEC_CALL_DS32, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	STATE(frame)(%ebx), %esp
	movl	STATE(cr0_call)(%ebx), %eax
	movl	%eax, %cr0
.endm

/*
 * The 32-bit field \back bytes before this point holds an offset into the
 * trampoline: its copy gets the copy's physical address added
 * (kexec_call_tramp_relocs, applied by machine_kexec_call_prepare()).  For
 * the handlers that must reach the trampoline's data before they can trust
 * any register, segment or stack.
 */
.macro TRAMP_RELOC back:req
.Ltramp_reloc_\@ = . - \back
	.pushsection .rodata.kexec_call_relocs, "a"
	.long	.Ltramp_reloc_\@ - kexec_call_tramp_start
	.popsection
.endm

/*
 * Our GDT, code and data segments and stack, reached without reading a
 * register or touching the current stack, GDT or data segments: those of a
 * callee that faulted or is aborted may be anything.  Leaves EBX the
 * trampoline's base, ESP on the callee's frame; clobbers nothing else.
 */
.macro TRAMP_OWN_STATE
	lgdt	%cs:STATE(gdt_desc_limit)
	TRAMP_RELOC 4
	ljmpl	$KEXEC_CALL_CS32, $(.Ltramp_own_cs_\@ - kexec_call_tramp_start)
	TRAMP_RELOC 6
.Ltramp_own_cs_\@:
	movl	$KEXEC_CALL_DS32, %ebx
	movl	%ebx, %ss
	movl	%ebx, %ds
	movl	%ebx, %es
	movl	$0, %ebx
	TRAMP_RELOC 4
	movl	STATE(frame)(%ebx), %esp
.endm

/* Find the trampoline copy's base in \reg (32-bit code, needs a stack). */
.macro TRAMP_BASE reg:req
	call	.Ltramp_base_\@
.Ltramp_base_\@:
	popl	\reg
	subl	$(.Ltramp_base_\@ - kexec_call_tramp_start), \reg
.endm

.macro TRAMP_CALL
	/* The callee's CR4 (its CR0 is in since paging went off) */
	movl	STATE(cr4_call)(%ebx), %eax
	movl	%eax, %cr4

	/* The callee IDT: exceptions end the call, NMIs are latched */
	lidt	STATE(idt_desc_limit)(%ebx)

	movl	$KEXEC_CALL_DS32, %eax
	movl	%eax, %fs
	movl	%eax, %gs

	/* An image with segments: its pages in at their destinations */
	cmpl	$0, STATE(swap_head)(%ebx)
	je	.Ltramp_call
	call	.Ltramp_swap_pages

.Ltramp_call:
	/*
	 * The callee's stack, arguments already in place, and the call.
	 * From here until the callee's state is left behind, the deadline
	 * watch's NMI aborts.
	 */
	movl	$1, STATE(in_callee)(%ebx)
	xorl	%edx, %edx
	call	*STATE(entry)(%ebx)

.Ltramp_returned:
	/*
	 * Back from the callee, or from a fault or an abort with ESP on the
	 * callee's stack.  EDX:EAX is the result; CS and SS still work from
	 * their cached descriptors even if the callee loaded its own GDT.
	 */
	pushfl
	cli
	TRAMP_BASE %ebx
	lgdt	%cs:STATE(gdt_desc_limit)(%ebx)
	movl	$KEXEC_CALL_DS32, %ecx
	movl	%ecx, %ss
	movl	%ecx, %ds
	movl	%ecx, %es
	movl	$0, STATE(in_callee)(%ebx)
	popl	%ecx
	movl	%ecx, STATE(ret_eflags)(%ebx)
	movl	%eax, STATE(ret_eax)(%ebx)
	movl	%edx, STATE(ret_edx)(%ebx)
	movl	%cr0, %eax
	movl	%eax, STATE(ret_cr0)(%ebx)
	movl	%cr4, %eax
	movl	%eax, STATE(ret_cr4)(%ebx)

	/* NMIs to the switch IDT again; our stack and our CS */
	lidt	STATE(switch_idt_desc_limit)(%ebx)
	movl	STATE(frame)(%ebx), %esp
	pushl	$KEXEC_CALL_CS32
	leal	(.Ltramp_cs32 - kexec_call_tramp_start)(%ebx), %eax
	pushl	%eax
	lretl
.Ltramp_cs32:
	/*
	 * Paging off, should the callee have turned it on, before the
	 * kernel's paging is set up again (a write to CR0 costs a VM exit:
	 * only when needed).
	 */
	movl	%cr0, %eax
	testl	$X86_CR0_PG, %eax
	jz	.Ltramp_paging_off
	movl	STATE(cr0_call)(%ebx), %eax
	movl	%eax, %cr0
.Ltramp_paging_off:

	/* An image with segments: what its destinations held back in place */
	cmpl	$0, STATE(swap_head)(%ebx)
	je	.Ltramp_resume
	call	.Ltramp_swap_pages
	jmp	.Ltramp_resume
.endm

.macro TRAMP_HANDLERS
/*
 * Exchange each page of an image with segments with its destination page,
 * through the scratch page, following the image's kexec indirection list
 * from STATE(swap_head): a destination entry sets where the next source
 * pages go, an indirection entry continues the list on another page, a
 * source entry is exchanged with the destination, which then moves on a
 * page, and the done entry ends the list.  Run a second time, the
 * exchange undoes itself: the destinations hold what they held, and the
 * image's pages what the callee left in them.
 *
 * Paging is off and every address is below 4 GiB (entries are unsigned
 * longs: on x86_64 the high halves are 0).  EBX is the trampoline's base.  Clobbers EAX, ECX,
 * EDX, ESI, EDI, EBP and the direction flag.
 */
.Ltramp_swap_pages:
	cld
	movl	STATE(swap_head)(%ebx), %eax
	xorl	%ebp, %ebp
.Lswap_entry:
	testl	$KEXEC_CALL_IND_DONE, %eax
	jnz	.Lswap_done
	movl	%eax, %ecx
	andl	$PAGE_MASK, %ecx
	testl	$KEXEC_CALL_IND_DESTINATION, %eax
	jz	.Lswap_not_dest
	movl	%ecx, %ebp
	jmp	.Lswap_next
.Lswap_not_dest:
	testl	$KEXEC_CALL_IND_INDIRECTION, %eax
	jz	.Lswap_not_ind
	movl	%ecx, %edx
	jmp	.Lswap_next
.Lswap_not_ind:
	testl	$KEXEC_CALL_IND_SOURCE, %eax
	jz	.Lswap_next
	/* Source (EAX) to scratch, destination (EBP) to source, scratch on */
	movl	%ecx, %eax
	movl	%eax, %esi
	movl	STATE(swap_page)(%ebx), %edi
	movl	$(PAGE_SIZE / 4), %ecx
	rep movsl
	movl	%ebp, %esi
	movl	%eax, %edi
	movl	$(PAGE_SIZE / 4), %ecx
	rep movsl
	movl	STATE(swap_page)(%ebx), %esi
	movl	%ebp, %edi
	movl	$(PAGE_SIZE / 4), %ecx
	rep movsl
	addl	$PAGE_SIZE, %ebp
.Lswap_next:
	movl	(%edx), %eax
	addl	$KEXEC_CALL_IND_ENTRY_SIZE, %edx
	jmp	.Lswap_entry
.Lswap_done:
	ret

	/*
	 * One stub per vector, KEXEC_CALL_VECTOR_STUB_SIZE bytes apart, the
	 * targets of the interrupt gates in kexec_call_state.idt.  Each
	 * passes its vector in EAX (the callee's EAX is lost with its call).
	 */
	.balign	KEXEC_CALL_VECTOR_STUB_SIZE
SYM_INNER_LABEL(kexec_call_tramp_vectors, SYM_L_GLOBAL)
	vector = 0
	.rept	KEXEC_CALL_IDT_ENTRIES
	.if	vector == X86_TRAP_NMI
	jmp	kexec_call_tramp_nmi32
	.else
	movl	$vector, %eax
	jmp	.Ltramp_fault
	.endif
	.balign	KEXEC_CALL_VECTOR_STUB_SIZE
	vector = vector + 1
	.endr

	/*
	 * The switch IDT's 32-bit machine-check handler: count it for the C
	 * side, which ends the call with -EIO and passes the machine check
	 * on to the kernel's handler (MCG_STATUS.MCIP stays set until then).
	 */
SYM_INNER_LABEL(kexec_call_tramp_mce32, SYM_L_GLOBAL)
	pushl	%ds
	pushl	%ebx
	pushl	%eax
	movl	$KEXEC_CALL_DS32, %eax
	movl	%eax, %ds
	TRAMP_BASE %ebx
	incl	STATE(mces)(%ebx)
	popl	%eax
	popl	%ebx
	popl	%ds
	iret

	/*
	 * The 32-bit NMI handler, of the callee IDT and of the switch IDT.
	 * The interrupted code is resumed, unless the deadline watch has
	 * fired and the callee is in progress (STATE(in_callee)): then the
	 * call is aborted.  Every NMI is counted, for the C side to raise one
	 * again where the kernel's handlers look for its source (an NMI from
	 * elsewhere may have merged with the abort NMI); one that takes the
	 * watch's abort mark is counted as an abort too, so that the C side
	 * knows whether any came from elsewhere.
	 *
	 * Whether to abort is decided before anything is written: the abort
	 * path reads the trampoline's state through CS, takes our GDT,
	 * segments and stack (TRAMP_OWN_STATE) and only then writes, so a
	 * callee's GDT, data segments or stack do not matter to it.
	 * Resuming the callee needs its stack, and the count goes there.
	 */
SYM_INNER_LABEL(kexec_call_tramp_nmi32, SYM_L_GLOBAL)
	testb	$KEXEC_CALL_WATCH_FIRED, %cs:STATE(watch)
	TRAMP_RELOC 5
	jz	.Ltramp_nmi_latch
	testb	$1, %cs:STATE(in_callee)
	TRAMP_RELOC 5
	jz	.Ltramp_nmi_latch

	/*
	 * Abort, whichever NMI got here.  An IRET to .Ltramp_aborted on our
	 * stack ends the NMI's blocking.
	 */
	movl	(%esp), %edx
	TRAMP_OWN_STATE
	incl	STATE(nmis)(%ebx)
	xorl	%eax, %eax
	xchgl	%eax, STATE(abort_pending)(%ebx)
	testl	%eax, %eax
	jz	1f
	incl	STATE(nmi_aborts)(%ebx)
1:	movl	%edx, STATE(fault_eip)(%ebx)
	movl	$(X86_TRAP_NMI + 1), STATE(fault_vector)(%ebx)
	pushl	$X86_EFLAGS_FIXED
	pushl	$KEXEC_CALL_CS32
	leal	(.Ltramp_aborted - kexec_call_tramp_start)(%ebx), %eax
	pushl	%eax
	iret

.Ltramp_nmi_latch:
	pushl	%ds
	pushl	%ebx
	pushl	%eax
	movl	$KEXEC_CALL_DS32, %eax
	movl	%eax, %ds
	movl	$0, %ebx
	TRAMP_RELOC 4
	incl	STATE(nmis)(%ebx)
	xorl	%eax, %eax
	xchgl	%eax, STATE(abort_pending)(%ebx)
	testl	%eax, %eax
	jz	1f
	incl	STATE(nmi_aborts)(%ebx)
1:	popl	%eax
	popl	%ebx
	popl	%ds
	iret

.Ltramp_fault:
	/*
	 * An exception in the callee: EAX is the vector, [esp] the CPU's
	 * frame (for the vectors that have one, the error code, then EIP,
	 * CS, EFLAGS) on the callee's stack, which is only read.  Record
	 * them, drop the callee's stack and return as if it had returned 0.
	 */
	xorl	%ecx, %ecx
	movl	$KEXEC_CALL_ERRCODE_VECTORS, %edx
	btl	%eax, %edx
	jnc	1f
	popl	%ecx
1:	movl	(%esp), %edx
	TRAMP_OWN_STATE
	incl	%eax
	movl	%eax, STATE(fault_vector)(%ebx)
	movl	%ecx, STATE(fault_error)(%ebx)
	movl	%edx, STATE(fault_eip)(%ebx)
	movl	%cr2, %eax
	movl	%eax, STATE(fault_cr2)(%ebx)
.Ltramp_aborted:
	xorl	%eax, %eax
	xorl	%edx, %edx
	jmp	.Ltramp_returned
.endm
