/**
 * The default seccomp profile. Docker's is an allow-list; ours denies the
 * same dangerous system calls by name (kernel keyring, module loading,
 * clock setting, tracing other processes, new namespaces, mounts...) and
 * lets each back in when the capability that guards it was granted, as
 * Docker's profile does. Denied calls fail with EPERM, not a kill.
 */
interface Rule { names: string[]; unlessCap?: string }

const DENIED: Rule[] = [
  { names: ['acct'], unlessCap: 'CAP_SYS_PACCT' },
  { names: ['add_key', 'keyctl', 'request_key'] },
  { names: ['bpf'], unlessCap: 'CAP_SYS_ADMIN' },
  { names: ['clock_adjtime', 'clock_settime', 'settimeofday', 'stime'], unlessCap: 'CAP_SYS_TIME' },
  { names: ['create_module', 'delete_module', 'finit_module', 'init_module', 'get_kernel_syms', 'query_module'], unlessCap: 'CAP_SYS_MODULE' },
  { names: ['get_mempolicy', 'mbind', 'set_mempolicy', 'move_pages'], unlessCap: 'CAP_SYS_NICE' },
  { names: ['ioperm', 'iopl'], unlessCap: 'CAP_SYS_RAWIO' },
  { names: ['kcmp', 'process_vm_readv', 'process_vm_writev', 'ptrace'], unlessCap: 'CAP_SYS_PTRACE' },
  { names: ['kexec_file_load', 'kexec_load', 'reboot'], unlessCap: 'CAP_SYS_BOOT' },
  { names: ['lookup_dcookie', 'perf_event_open', 'quotactl', 'setns', 'unshare', 'mount', 'umount', 'umount2', 'pivot_root', 'name_to_handle_at', 'fsopen', 'fsconfig', 'fsmount', 'fspick', 'move_mount', 'open_tree'], unlessCap: 'CAP_SYS_ADMIN' },
  { names: ['open_by_handle_at'], unlessCap: 'CAP_DAC_READ_SEARCH' },
  { names: ['nfsservctl', 'sysfs', '_sysctl', 'uselib', 'ustat', 'vm86', 'vm86old', 'userfaultfd'] },
  { names: ['swapon', 'swapoff'], unlessCap: 'CAP_SYS_ADMIN' },
];

export interface SeccompProfile {
  defaultAction: string;
  architectures: string[];
  syscalls: Array<{ names: string[]; action: string; errnoRet: number }>;
}

export function defaultSeccompProfile(capabilities: string[]): SeccompProfile {
  const names = DENIED
    .filter((rule) => !rule.unlessCap || !capabilities.includes(rule.unlessCap))
    .flatMap((rule) => rule.names);
  return {
    defaultAction: 'SCMP_ACT_ALLOW',
    architectures: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32', 'SCMP_ARCH_AARCH64', 'SCMP_ARCH_ARM'],
    syscalls: [{ names, action: 'SCMP_ACT_ERRNO', errnoRet: 1 }],
  };
}
