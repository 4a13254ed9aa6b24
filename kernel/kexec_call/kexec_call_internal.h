/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internals of kernel/kexec_call shared with its KUnit suite.
 */
#ifndef _KEXEC_CALL_INTERNAL_H
#define _KEXEC_CALL_INTERNAL_H

#include <kunit/visibility.h>

#if IS_ENABLED(CONFIG_KUNIT)
int kexec_call_lock(void);
void kexec_call_unlock(void);
#endif

#endif /* _KEXEC_CALL_INTERNAL_H */
