/*
 * Tries system calls the default seccomp profile decides on and prints one
 * line per call: `name=0` when it was allowed to run, else `name=<errno name>`
 * (EPERM is what the profile answers for calls it denies, ENOSYS for clone3).
 * Compiled static by hardening.test.mjs and run inside busybox containers.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/io_uring.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef AF_VSOCK
#define AF_VSOCK 40
#endif

static void report(const char *name, long ret) {
  printf("%s=%s\n", name, ret >= 0 ? "0" : (errno == EPERM ? "EPERM" : errno == ENOSYS ? "ENOSYS" : strerrorname_np(errno)));
}

/* A child that asks to be traced, so nothing outside the probe is touched. */
static long traceme(void) {
  pid_t pid = fork();
  if (pid == 0) _exit(ptrace(PTRACE_TRACEME, 0, 0, 0) == 0 ? 0 : errno);
  int status = 0;
  waitpid(pid, &status, 0);
  int err = WIFEXITED(status) ? WEXITSTATUS(status) : EINTR;
  if (err == 0) return 0;
  errno = err;
  return -1;
}

int main(void) {
  struct io_uring_params params;
  memset(&params, 0, sizeof params);
  long ring = syscall(SYS_io_uring_setup, 1, &params);
  report("io_uring_setup", ring);
  if (ring >= 0) close((int)ring);
  report("keyctl", syscall(SYS_keyctl, 0 /* KEYCTL_GET_KEYRING_ID */, -3 /* session */, 0));
  report("unshare", unshare(CLONE_NEWUTS));
  report("clone3", syscall(SYS_clone3, NULL, 0));
  report("ptrace", traceme());
  report("personality_query", syscall(SYS_personality, 0xffffffffUL));
  int vsock = socket(AF_VSOCK, SOCK_STREAM, 0);
  report("socket_vsock", vsock);
  if (vsock >= 0) close(vsock);
  int inet = socket(AF_INET, SOCK_STREAM, 0);
  report("socket_inet", inet);
  if (inet >= 0) close(inet);
  report("personality_other", syscall(SYS_personality, 0x0200000UL /* ADDR_LIMIT_3GB */));
  return 0;
}
