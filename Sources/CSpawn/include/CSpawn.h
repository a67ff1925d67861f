#ifndef CSPAWN_H
#define CSPAWN_H
#include <sys/types.h>
/* Starting a child that holds no descriptor but its standard streams. Foundation's Process closes the
   descriptors it saw open when it listed them; one that another thread opens in between (a pipe, the socket
   Foundation watches for its own child's exit) is inherited, so a long-lived child can keep a short one's
   pipe open and its parent waiting. posix_spawn's closefrom action (glibc 2.34) closes them all in the child,
   with no window. Swift's Glibc module does not see these GNU calls; they are wrapped here. */

/* Starts `path` with `argv` and `envp` in `directory` (NULL: the caller's), its standard input, output and
   error taken from `in`, `out` and `err` (the same number as the stream: inherited), every other descriptor
   closed, every signal at its default disposition and unblocked; in a new process group when `new_group` is
   nonzero. Returns 0, or an errno value. */
int hmf_spawn(pid_t *pid, const char *path, char *const argv[], char *const envp[], const char *directory,
              int in, int out, int err, int new_group);

/* A pipe whose two ends close on exec. Returns 0, or an errno value. */
int hmf_pipe(int fds[2]);

/* A descriptor that becomes readable when `pid` ends (pidfd_open), or -1 where the kernel has none. */
int hmf_pidfd_open(pid_t pid);
#endif
