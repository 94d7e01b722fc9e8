/*
 * A container's seccomp profile compiled to the BPF program the kernel
 * loads, once per distinct profile, instead of crun compiling it again at
 * every container start and every exec (libseccomp: ~15 ms of crun's 22 ms
 * for Docker's default profile here). crun takes the result through its
 * run.oci.seccomp_bpf_data annotation (crun(1)). The rules are added the way
 * crun adds them, so the program is the one crun would have built.
 *
 *   exportBpf(defaultAction, ['x86_64', 'x86', 'x32'],
 *             [{ action, names: ['read', ...], args: [[index, op, value, valueTwo], ...] }, ...]) → Buffer
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <seccomp.h>
#include <node_api.h>

#define MAX_ARGS 6

static napi_value fail(napi_env env, const char *what, int err) {
  char message[512];
  snprintf(message, sizeof message, "seccomp: %s: %s", what, strerror(err));
  napi_throw_error(env, NULL, message);
  return NULL;
}

static int get_u32(napi_env env, napi_value v, uint32_t *out) {
  double d;
  if (napi_get_value_double(env, v, &d) != napi_ok || d < 0 || d > 4294967295.0) return -1;
  *out = (uint32_t)d;
  return 0;
}

static int get_u64(napi_env env, napi_value v, uint64_t *out) {
  double d;
  if (napi_get_value_double(env, v, &d) != napi_ok || d < 0 || d >= 18446744073709551616.0) return -1;
  *out = (uint64_t)d;
  return 0;
}

static int get_name(napi_env env, napi_value v, char *buf, size_t size) {
  size_t len;
  return napi_get_value_string_utf8(env, v, buf, size, &len) == napi_ok && len < size - 1 ? 0 : -1;
}

/* One rule: its names, each with all its argument conditions (one rule per condition when an index repeats, as crun does). */
static int add_rule(napi_env env, scmp_filter_ctx ctx, napi_value rule, const char **what) {
  napi_value v, names, args;
  uint32_t action, n_names, n_args;
  *what = "rule";
  if (napi_get_named_property(env, rule, "action", &v) != napi_ok || get_u32(env, v, &action)) return -EINVAL;
  if (napi_get_named_property(env, rule, "names", &names) != napi_ok || napi_get_array_length(env, names, &n_names) != napi_ok) return -EINVAL;
  if (napi_get_named_property(env, rule, "args", &args) != napi_ok || napi_get_array_length(env, args, &n_args) != napi_ok) return -EINVAL;
  if (n_args > MAX_ARGS) return -E2BIG;
  struct scmp_arg_cmp cmp[MAX_ARGS];
  int repeated = 0;
  for (uint32_t i = 0; i < n_args; i++) {
    napi_value arg, field;
    uint32_t index, op;
    uint64_t value, value_two;
    if (napi_get_element(env, args, i, &arg) != napi_ok) return -EINVAL;
    napi_get_element(env, arg, 0, &field); if (get_u32(env, field, &index)) return -EINVAL;
    napi_get_element(env, arg, 1, &field); if (get_u32(env, field, &op)) return -EINVAL;
    napi_get_element(env, arg, 2, &field); if (get_u64(env, field, &value)) return -EINVAL;
    napi_get_element(env, arg, 3, &field); if (get_u64(env, field, &value_two)) return -EINVAL;
    if (op < SCMP_CMP_NE || op > SCMP_CMP_MASKED_EQ) return -EINVAL;
    cmp[i] = (struct scmp_arg_cmp){ .arg = index, .op = (enum scmp_compare)op, .datum_a = value, .datum_b = value_two };
    for (uint32_t j = 0; j < i; j++) if (cmp[j].arg == index) repeated = 1;
  }
  for (uint32_t i = 0; i < n_names; i++) {
    napi_value nv;
    char name[128];
    if (napi_get_element(env, names, i, &nv) != napi_ok || get_name(env, nv, name, sizeof name)) return -EINVAL;
    int nr = seccomp_syscall_resolve_name(name);
    if (nr == __NR_SCMP_ERROR) continue; /* a syscall this libseccomp does not know: skipped, as crun does */
    int rc;
    *what = "seccomp_rule_add";
    if (n_args == 0) rc = seccomp_rule_add(ctx, action, nr, 0);
    else if (!repeated) rc = seccomp_rule_add_array(ctx, action, nr, n_args, cmp);
    else {
      rc = 0;
      for (uint32_t k = 0; k < n_args && rc == 0; k++) rc = seccomp_rule_add_array(ctx, action, nr, 1, &cmp[k]);
    }
    if (rc < 0) return rc;
  }
  return 0;
}

static napi_value export_bpf(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  uint32_t default_action, n_arches, n_rules;
  if (argc < 3 || get_u32(env, argv[0], &default_action) || napi_get_array_length(env, argv[1], &n_arches) != napi_ok
      || napi_get_array_length(env, argv[2], &n_rules) != napi_ok) {
    napi_throw_type_error(env, NULL, "exportBpf(defaultAction, arches, rules)");
    return NULL;
  }
  scmp_filter_ctx ctx = seccomp_init(default_action);
  if (!ctx) return fail(env, "seccomp_init", EINVAL);
  const char *what = "arch";
  int rc = 0;
  for (uint32_t i = 0; i < n_arches && rc == 0; i++) {
    napi_value v;
    char name[64];
    napi_get_element(env, argv[1], i, &v);
    if (get_name(env, v, name, sizeof name)) { rc = -EINVAL; break; }
    uint32_t arch = seccomp_arch_resolve_name(name);
    if (!arch) { rc = -EINVAL; break; }
    rc = seccomp_arch_add(ctx, arch);
    if (rc == -EEXIST) rc = 0; /* the native one is there from the start */
  }
  for (uint32_t i = 0; i < n_rules && rc == 0; i++) {
    napi_value rule;
    napi_get_element(env, argv[2], i, &rule);
    rc = add_rule(env, ctx, rule, &what);
  }
  if (rc < 0) { seccomp_release(ctx); return fail(env, what, -rc); }
  int fd = memfd_create("quai-seccomp", MFD_CLOEXEC);
  if (fd < 0) { int err = errno; seccomp_release(ctx); return fail(env, "memfd_create", err); }
  rc = seccomp_export_bpf(ctx, fd);
  seccomp_release(ctx);
  off_t size = rc < 0 ? -1 : lseek(fd, 0, SEEK_END);
  if (rc < 0 || size < 0) { close(fd); return fail(env, "seccomp_export_bpf", rc < 0 ? -rc : errno); }
  void *data;
  napi_value result;
  napi_create_buffer(env, (size_t)size, &data, &result);
  ssize_t got = pread(fd, data, (size_t)size, 0);
  close(fd);
  if (got != size) return fail(env, "read", EIO);
  return result;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
    { "exportBpf", NULL, export_bpf, NULL, NULL, NULL, napi_default, NULL },
  };
  napi_define_properties(env, exports, 1, props);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
