// glibc's GNU extensions that starting and waiting on script workers needs, which Swift's
// Glibc module does not show (it is built without _GNU_SOURCE).
#ifndef FEATIDE_PROCESS_SHIM_H
#define FEATIDE_PROCESS_SHIM_H

#include <spawn.h>

/// The child closes every descriptor from `low` up (only its channel survives).
int shim_spawn_close_from(posix_spawn_file_actions_t *actions, int low);

/// The child starts in `path`.
int shim_spawn_chdir(posix_spawn_file_actions_t *actions, const char *path);

/// Waits until `fd` is readable (or closed) for at most `nanoseconds`: ppoll's precision,
/// where poll rounds a budget of 1.5 ms to whole milliseconds.
int shim_wait_readable(int fd, unsigned long long nanoseconds);

/// Asks for `signal` when the parent process ends (PR_SET_PDEATHSIG); 0 on success.
int shim_signal_when_parent_dies(int signal);

#endif
