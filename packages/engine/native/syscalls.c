/*
 * The few system calls the engine makes on its hot path, without spawning
 * a program for each: mount(2) and umount2(2). Spawning /bin/mount costs
 * 15-60 ms here; the call itself well under one.
 *
 * And spawning itself: Node's child_process forks the whole daemon (page
 * tables of ~100 MB, 10-20 ms with the event loop blocked), where
 * posix_spawn(3) uses vfork and costs well under a millisecond. pipe(),
 * socketpair() and waitpid() go with it (host/spawn.ts).
 *
 * And paths inside a root: openat2(2) with RESOLVE_IN_ROOT, so the kernel
 * resolves a path from an image, a context or a container inside its root
 * (host/in-root.ts), plus mknodat(2) and lsetxattr(2), which Node lacks.
 *
 * And malloc_trim(3), which hands the memory of freed buffers back.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <linux/openat2.h>
#include <malloc.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <node_api.h>

static char *get_string(napi_env env, napi_value value) {
  size_t len = 0;
  if (napi_get_value_string_utf8(env, value, NULL, 0, &len) != napi_ok) return NULL;
  char *buf = malloc(len + 1);
  if (!buf) return NULL;
  napi_get_value_string_utf8(env, value, buf, len + 1, &len);
  return buf;
}

static napi_value throw_errno(napi_env env, const char *call, const char *target, int err) {
  char message[4096];
  snprintf(message, sizeof message, "%s %s: %s", call, target, strerror(err));
  napi_value msg, error, code;
  napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &msg);
  napi_create_error(env, NULL, msg, &error);
  napi_create_int32(env, err, &code);
  napi_set_named_property(env, error, "errno", code);
  napi_throw(env, error);
  return NULL;
}

/* mount(source, target, fstype, flags, data) */
static napi_value do_mount(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 5) { napi_throw_type_error(env, NULL, "mount(source, target, fstype, flags, data)"); return NULL; }
  char *source = get_string(env, argv[0]);
  char *target = get_string(env, argv[1]);
  char *fstype = get_string(env, argv[2]);
  char *data = get_string(env, argv[4]);
  int64_t flags = 0;
  napi_get_value_int64(env, argv[3], &flags);
  int rc = mount(source, target, fstype, (unsigned long)flags, data && *data ? data : NULL);
  int err = errno;
  napi_value result = NULL;
  if (rc != 0) result = throw_errno(env, "mount", target ? target : "", err);
  free(source); free(target); free(fstype); free(data);
  return result;
}

/* umount2(target, flags) */
static napi_value do_umount2(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 2) { napi_throw_type_error(env, NULL, "umount2(target, flags)"); return NULL; }
  char *target = get_string(env, argv[0]);
  int32_t flags = 0;
  napi_get_value_int32(env, argv[1], &flags);
  int rc = umount2(target, flags);
  int err = errno;
  napi_value result = NULL;
  if (rc != 0) result = throw_errno(env, "umount2", target ? target : "", err);
  free(target);
  return result;
}


/* A JS array of strings as a NULL-terminated char* array (freed with free_strings). */
static char **get_strings(napi_env env, napi_value array) {
  uint32_t n = 0;
  if (napi_get_array_length(env, array, &n) != napi_ok) return NULL;
  char **out = calloc(n + 1, sizeof(char *));
  if (!out) return NULL;
  for (uint32_t i = 0; i < n; i++) {
    napi_value item;
    napi_get_element(env, array, i, &item);
    out[i] = get_string(env, item);
  }
  return out;
}

static void free_strings(char **strings) {
  if (!strings) return;
  for (char **s = strings; *s; s++) free(*s);
  free(strings);
}

static napi_value int_pair(napi_env env, int fds[2]) {
  napi_value result, a, b;
  napi_create_array_with_length(env, 2, &result);
  napi_create_int32(env, fds[0], &a);
  napi_create_int32(env, fds[1], &b);
  napi_set_element(env, result, 0, a);
  napi_set_element(env, result, 1, b);
  return result;
}

/* pipe() → [readFd, writeFd], close-on-exec */
static napi_value do_pipe(napi_env env, napi_callback_info info) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return throw_errno(env, "pipe2", "", errno);
  return int_pair(env, fds);
}

/* socketpair() → [fd, fd], a unix stream pair, close-on-exec */
static napi_value do_socketpair(napi_env env, napi_callback_info info) {
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) return throw_errno(env, "socketpair", "", errno);
  return int_pair(env, fds);
}

/*
 * spawn(file, argv, envp, fds, setsid) → pid. fds[i] is the parent's fd that
 * becomes the child's fd i (-1: /dev/null); every source must be >= fds.length
 * so no dup2 overwrites a source still to be used. The child starts with
 * default signal handlers and an empty mask (Node ignores SIGPIPE).
 */
static napi_value do_spawn(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 5) { napi_throw_type_error(env, NULL, "spawn(file, argv, envp, fds, setsid[, cwd])"); return NULL; }
  uint32_t nfds = 0;
  napi_get_array_length(env, argv[3], &nfds);
  int fds[16];
  if (nfds > 16) { napi_throw_range_error(env, NULL, "spawn: at most 16 fds"); return NULL; }
  for (uint32_t i = 0; i < nfds; i++) {
    napi_value item;
    napi_get_element(env, argv[3], i, &item);
    napi_get_value_int32(env, item, &fds[i]);
    if (fds[i] >= 0 && fds[i] < (int)nfds) { napi_throw_range_error(env, NULL, "spawn: source fd too low"); return NULL; }
  }
  bool setsid = false;
  napi_get_value_bool(env, argv[4], &setsid);
  char *file = get_string(env, argv[0]);
  char **args = get_strings(env, argv[1]);
  char **envp = get_strings(env, argv[2]);
  napi_valuetype cwd_type = napi_undefined;
  if (argc >= 6) napi_typeof(env, argv[5], &cwd_type);
  char *cwd = cwd_type == napi_string ? get_string(env, argv[5]) : NULL;

  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&actions);
  posix_spawnattr_init(&attr);
  for (uint32_t i = 0; i < nfds; i++) {
    if (fds[i] < 0) posix_spawn_file_actions_addopen(&actions, (int)i, "/dev/null", O_RDWR, 0);
    else posix_spawn_file_actions_adddup2(&actions, fds[i], (int)i);
  }
  if (cwd) posix_spawn_file_actions_addchdir_np(&actions, cwd);
  sigset_t all, none;
  sigfillset(&all);
  sigemptyset(&none);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setsigmask(&attr, &none);
  short flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK;
  if (setsid) flags |= POSIX_SPAWN_SETSID;
  posix_spawnattr_setflags(&attr, flags);

  pid_t pid = 0;
  int rc = posix_spawnp(&pid, file, &actions, &attr, args, envp);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  napi_value result = NULL;
  if (rc != 0) result = throw_errno(env, "spawn", file ? file : "", rc);
  else napi_create_int32(env, pid, &result);
  free(file);
  free(cwd);
  free_strings(args);
  free_strings(envp);
  return result;
}

/* waitpid(pid) → null while it runs, else [exitCode, signal] (one is -1) */
static napi_value do_waitpid(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t pid = 0;
  napi_get_value_int32(env, argv[0], &pid);
  int status = 0;
  pid_t rc;
  do rc = waitpid(pid, &status, WNOHANG); while (rc < 0 && errno == EINTR);
  napi_value result;
  if (rc == 0) { napi_get_null(env, &result); return result; }
  if (rc < 0) return throw_errno(env, "waitpid", "", errno);
  int pair[2] = { WIFEXITED(status) ? WEXITSTATUS(status) : -1, WIFSIGNALED(status) ? WTERMSIG(status) : -1 };
  return int_pair(env, pair);
}

/* openat2(dirfd, path, flags, mode, resolve) → fd. EAGAIN (a rename or
 * mount raced a RESOLVE_IN_ROOT/BENEATH walk) is retried, as the man page
 * suggests; anything else throws with errno set. */
static napi_value do_openat2(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 5) { napi_throw_type_error(env, NULL, "openat2(dirfd, path, flags, mode, resolve)"); return NULL; }
  int32_t dirfd = 0, flags = 0, mode = 0, resolve = 0;
  napi_get_value_int32(env, argv[0], &dirfd);
  napi_get_value_int32(env, argv[2], &flags);
  napi_get_value_int32(env, argv[3], &mode);
  napi_get_value_int32(env, argv[4], &resolve);
  char *path = get_string(env, argv[1]);
  if (!path) { napi_throw_type_error(env, NULL, "openat2: path must be a string"); return NULL; }
  struct open_how how = { .flags = (uint64_t)(uint32_t)flags | O_CLOEXEC, .resolve = (uint64_t)(uint32_t)resolve };
  if (flags & (O_CREAT | O_TMPFILE)) how.mode = (uint64_t)(uint32_t)mode;
  long fd;
  int tries = 0;
  do fd = syscall(SYS_openat2, dirfd, path, &how, sizeof how);
  while (fd < 0 && (errno == EAGAIN || errno == EINTR) && ++tries < 64);
  int err = errno;
  napi_value result = NULL;
  if (fd < 0) result = throw_errno(env, "openat2", path, err);
  else napi_create_int32(env, (int32_t)fd, &result);
  free(path);
  return result;
}

/* mknodat(dirfd, name, mode, major, minor): device nodes, fifos, overlay whiteouts */
static napi_value do_mknodat(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 5) { napi_throw_type_error(env, NULL, "mknodat(dirfd, name, mode, major, minor)"); return NULL; }
  int32_t dirfd = 0;
  uint32_t mode = 0, major_ = 0, minor_ = 0;
  napi_get_value_int32(env, argv[0], &dirfd);
  napi_get_value_uint32(env, argv[2], &mode);
  napi_get_value_uint32(env, argv[3], &major_);
  napi_get_value_uint32(env, argv[4], &minor_);
  char *name = get_string(env, argv[1]);
  if (!name) { napi_throw_type_error(env, NULL, "mknodat: name must be a string"); return NULL; }
  int rc = mknodat(dirfd, name, (mode_t)mode, makedev(major_, minor_));
  int err = errno;
  napi_value result = NULL;
  if (rc != 0) result = throw_errno(env, "mknodat", name, err);
  free(name);
  return result;
}

/* lsetxattr(path, name, value: Buffer): the last component is never followed */
static napi_value do_lsetxattr(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 3) { napi_throw_type_error(env, NULL, "lsetxattr(path, name, value)"); return NULL; }
  void *value = NULL;
  size_t size = 0;
  if (napi_get_buffer_info(env, argv[2], &value, &size) != napi_ok) { napi_throw_type_error(env, NULL, "lsetxattr: value must be a Buffer"); return NULL; }
  char *path = get_string(env, argv[0]);
  char *name = get_string(env, argv[1]);
  int rc = path && name ? lsetxattr(path, name, value, size, 0) : -1;
  int err = path && name ? errno : ENOMEM;
  napi_value result = NULL;
  if (rc != 0) result = throw_errno(env, "lsetxattr", path ? path : "", err);
  free(path); free(name);
  return result;
}

/* malloc_trim(0): freed heap memory back to the system (after a collection freed many buffers). */
static napi_value do_malloc_trim(napi_env env, napi_callback_info info) {
  napi_value result;
  napi_get_boolean(env, malloc_trim(0) == 1, &result);
  return result;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
    { "mount", NULL, do_mount, NULL, NULL, NULL, napi_default, NULL },
    { "umount2", NULL, do_umount2, NULL, NULL, NULL, napi_default, NULL },
    { "pipe", NULL, do_pipe, NULL, NULL, NULL, napi_default, NULL },
    { "socketpair", NULL, do_socketpair, NULL, NULL, NULL, napi_default, NULL },
    { "spawn", NULL, do_spawn, NULL, NULL, NULL, napi_default, NULL },
    { "waitpid", NULL, do_waitpid, NULL, NULL, NULL, napi_default, NULL },
    { "openat2", NULL, do_openat2, NULL, NULL, NULL, napi_default, NULL },
    { "mknodat", NULL, do_mknodat, NULL, NULL, NULL, napi_default, NULL },
    { "lsetxattr", NULL, do_lsetxattr, NULL, NULL, NULL, napi_default, NULL },
    { "mallocTrim", NULL, do_malloc_trim, NULL, NULL, NULL, napi_default, NULL },
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
