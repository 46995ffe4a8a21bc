// Swift's view of libseccomp: the macros it cannot import, as static inline functions.
#ifndef FEATIDE_SECCOMP_SHIM_H
#define FEATIDE_SECCOMP_SHIM_H

#include <errno.h>
#include <seccomp.h>
#include <sys/prctl.h>
#include <unistd.h>

static inline uint32_t shim_seccomp_errno(int error) { return SCMP_ACT_ERRNO(error); }
static inline uint32_t shim_seccomp_allow(void) { return SCMP_ACT_ALLOW; }

static inline int shim_seccomp_allow_always(scmp_filter_ctx ctx, int syscall) {
    return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, syscall, 0);
}

static inline int shim_no_new_privileges(void) { return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); }
static inline int shim_thread_id(void) { return gettid(); }

/// Allows `syscall` only when its first argument equals `value` (signals to itself).
static inline int shim_seccomp_allow_if_first_argument(scmp_filter_ctx ctx, int syscall, uint64_t value) {
    return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, syscall, 1, SCMP_A0(SCMP_CMP_EQ, value));
}

#endif
