/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The physical-mode callees of the kexec_call KUnit suite, defined in
 * kexec_call_kunit_callees.S: each lies between its _start and _end
 * symbols; some keep a variable inside their own code.
 */
#ifndef _KEXEC_CALL_KUNIT_H
#define _KEXEC_CALL_KUNIT_H

#include <linux/types.h>

struct kimage;
struct kunit;
struct kexec_call_state;

/**
 * struct kexec_call_test_callee - a callee's code, to be copied and called
 * @start: first byte
 * @end: one past the last byte
 */
struct kexec_call_test_callee {
	const u8 *start;
	const u8 *end;
};

#define DECLARE_KEXEC_CALL_TEST_CALLEE(name)				\
	extern const u8 kexec_call_test_##name##_start[];		\
	extern const u8 kexec_call_test_##name##_end[]

DECLARE_KEXEC_CALL_TEST_CALLEE(ret_const);
DECLARE_KEXEC_CALL_TEST_CALLEE(ret64);
DECLARE_KEXEC_CALL_TEST_CALLEE(read_cr0);
DECLARE_KEXEC_CALL_TEST_CALLEE(weighted_sum);
DECLARE_KEXEC_CALL_TEST_CALLEE(write_pattern);
DECLARE_KEXEC_CALL_TEST_CALLEE(clobber_regs);
DECLARE_KEXEC_CALL_TEST_CALLEE(clobber_segs);
DECLARE_KEXEC_CALL_TEST_CALLEE(counter);
DECLARE_KEXEC_CALL_TEST_CALLEE(await_change);
DECLARE_KEXEC_CALL_TEST_CALLEE(fault);
DECLARE_KEXEC_CALL_TEST_CALLEE(self_nmi);
DECLARE_KEXEC_CALL_TEST_CALLEE(fpu_math);
DECLARE_KEXEC_CALL_TEST_CALLEE(fpu_x87);
DECLARE_KEXEC_CALL_TEST_CALLEE(fpu_sse);
DECLARE_KEXEC_CALL_TEST_CALLEE(avx_clobber);
DECLARE_KEXEC_CALL_TEST_CALLEE(own_tables);
DECLARE_KEXEC_CALL_TEST_CALLEE(spin);
DECLARE_KEXEC_CALL_TEST_CALLEE(bad_state);
DECLARE_KEXEC_CALL_TEST_CALLEE(read_dr7);
DECLARE_KEXEC_CALL_TEST_CALLEE(int_mc);
DECLARE_KEXEC_CALL_TEST_CALLEE(own_nmi_idt);
DECLARE_KEXEC_CALL_TEST_CALLEE(bad_stack);

/* Faulting instructions in the fault callee (for #BP, the one after). */
extern const u8 kexec_call_test_fault_ud[];
extern const u8 kexec_call_test_fault_de[];
extern const u8 kexec_call_test_fault_bp_next[];
extern const u8 kexec_call_test_fault_gp[];

/* The FPU instruction that traps without KEXEC_CALL_PRESERVE_CPU_EXT. */
extern const u8 kexec_call_test_fpu_x87_insn[];
extern const u8 kexec_call_test_fpu_sse_insn[];

/* Variables kept inside a callee's code. */
extern const u8 kexec_call_test_weighted_sum_count[];
extern const u8 kexec_call_test_counter_value[];
extern const u8 kexec_call_test_await_change_value[];

#define CALLEE(name)							\
	((struct kexec_call_test_callee) {				\
		kexec_call_test_##name##_start,				\
		kexec_call_test_##name##_end,				\
	})

/* Offset of a callee's variable from the callee's first byte. */
#define CALLEE_VAR(name, var)						\
	(kexec_call_test_##var - kexec_call_test_##name##_start)

/**
 * struct kexec_call_test_ctx - per-test fixture (kexec_call_kunit_fixture.c)
 * @code: a zeroed page below 4 GiB that holds the callee
 * @image: the image calling @code, once a callee is loaded
 */
struct kexec_call_test_ctx {
	void *code;
	struct kimage *image;
};

int kexec_call_test_init(struct kunit *test);
void kexec_call_test_free_page(void *page);
struct kimage *kexec_call_test_load(struct kunit *test,
				    struct kexec_call_test_callee callee,
				    unsigned long flags);
u32 *kexec_call_test_var(struct kunit *test, size_t offset);
struct kexec_call_state *kexec_call_test_state(struct kimage *image);

/* The fixture's callee as a plain call with no preserve flags. */
static inline struct kimage *load_callee(struct kunit *test,
					 struct kexec_call_test_callee callee)
{
	return kexec_call_test_load(test, callee, 0);
}

static inline u32 *callee_var(struct kunit *test, size_t offset)
{
	return kexec_call_test_var(test, offset);
}

#endif /* _KEXEC_CALL_KUNIT_H */
