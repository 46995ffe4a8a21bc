#define _GNU_SOURCE
#include <poll.h>
#include <sys/prctl.h>
#include <spawn.h>
#include <time.h>
#include "process_shim.h"

int shim_spawn_close_from(posix_spawn_file_actions_t *actions, int low) {
    return posix_spawn_file_actions_addclosefrom_np(actions, low);
}

int shim_spawn_chdir(posix_spawn_file_actions_t *actions, const char *path) {
    return posix_spawn_file_actions_addchdir_np(actions, path);
}

int shim_wait_readable(int fd, unsigned long long nanoseconds) {
    struct pollfd poller = { .fd = fd, .events = POLLIN, .revents = 0 };
    struct timespec timeout = { .tv_sec = (time_t)(nanoseconds / 1000000000ULL), .tv_nsec = (long)(nanoseconds % 1000000000ULL) };
    return ppoll(&poller, 1, &timeout, NULL);
}

int shim_signal_when_parent_dies(int signal) {
    return prctl(PR_SET_PDEATHSIG, signal, 0, 0, 0);
}
