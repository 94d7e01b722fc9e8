{
  "targets": [
    {
      "target_name": "quai_syscalls",
      "sources": ["native/syscalls.c"],
      "cflags": ["-O2", "-Wall"]
    },
    {
      "target_name": "quai_seccomp",
      "sources": ["native/seccomp.c"],
      "cflags": ["-O2", "-Wall"],
      "libraries": ["-lseccomp"]
    },
    {
      "target_name": "quai-attach",
      "type": "executable",
      "sources": ["native/quai-attach.c"],
      "cflags": ["-O2", "-Wall"]
    }
  ]
}
