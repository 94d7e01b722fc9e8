{
  "targets": [
    {
      "target_name": "quai_syscalls",
      "sources": ["native/syscalls.c"],
      "cflags": ["-O2", "-Wall"]
    }
  ]
}
