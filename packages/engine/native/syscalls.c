/*
 * The few system calls the engine makes on its hot path, without spawning
 * a program for each: mount(2) and umount2(2). Spawning /bin/mount costs
 * 15-60 ms here; the call itself well under one.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
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

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
    { "mount", NULL, do_mount, NULL, NULL, NULL, napi_default, NULL },
    { "umount2", NULL, do_umount2, NULL, NULL, NULL, napi_default, NULL },
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
