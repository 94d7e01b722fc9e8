/**
 * crun compiles a container's seccomp profile with libseccomp at every
 * start and every exec: ~15 ms of its 22 ms for Docker's default profile
 * on this kind of machine. The engine compiles each distinct profile once
 * (native/seccomp.c, the rules added as crun adds them) and hands crun the
 * program through its `run.oci.seccomp_bpf_data` annotation (crun(1)); the
 * spec keeps its `seccomp` section, which crun then skips and inspect shows.
 * A profile the binding cannot take (a notify listener, filter flags, an
 * unknown action) gets no annotation: crun compiles it as before. runc
 * ignores the annotation.
 */
import { createRequire } from 'node:module';
import type { OciSeccomp } from './seccomp.js';
import { setBounded } from '@quai/common';

interface SeccompBinding {
  exportBpf(defaultAction: number, arches: string[], rules: Array<{ action: number; names: string[]; args: number[][] }>): Buffer;
}

export const SECCOMP_BPF_ANNOTATION = 'run.oci.seccomp_bpf_data';

const EPERM = 1;
/** libseccomp's SCMP_ACT_* values (seccomp.h); errno and trace carry their number in the low 16 bits. */
const ACTIONS: Record<string, (ret: number) => number> = {
  SCMP_ACT_KILL: () => 0,
  SCMP_ACT_KILL_THREAD: () => 0,
  SCMP_ACT_KILL_PROCESS: () => 0x80000000,
  SCMP_ACT_TRAP: () => 0x00030000,
  SCMP_ACT_ERRNO: (ret) => 0x00050000 | (ret & 0xffff),
  SCMP_ACT_TRACE: (ret) => 0x7ff00000 | (ret & 0xffff),
  SCMP_ACT_LOG: () => 0x7ffc0000,
  SCMP_ACT_ALLOW: () => 0x7fff0000,
};
const OPS: Record<string, number> = {
  SCMP_CMP_NE: 1, SCMP_CMP_LT: 2, SCMP_CMP_LE: 3, SCMP_CMP_EQ: 4, SCMP_CMP_GE: 5, SCMP_CMP_GT: 6, SCMP_CMP_MASKED_EQ: 7,
};

function load(): SeccompBinding | undefined {
  try {
    return createRequire(import.meta.url)('../../build/Release/quai_seccomp.node') as SeccompBinding;
  } catch {
    return undefined;
  }
}
const binding = load();
const compiled = new Map<string, string | undefined>();

/** `{ 'run.oci.seccomp_bpf_data': base64 }` for this profile, or `{}` when crun should compile it itself. */
export function seccompBpfAnnotation(seccomp: OciSeccomp | undefined): Record<string, string> {
  if (!seccomp || !binding) return {};
  const key = JSON.stringify(seccomp);
  if (!compiled.has(key)) setBounded(compiled, key, compile(binding, seccomp), 64);
  const bpf = compiled.get(key);
  return bpf ? { [SECCOMP_BPF_ANNOTATION]: bpf } : {};
}

function compile(b: SeccompBinding, s: OciSeccomp): string | undefined {
  if (s.listenerPath || s.flags?.length) return undefined;
  const action = (name: string, ret: number | undefined) => ACTIONS[name]?.(ret ?? EPERM);
  const defaultAction = action(s.defaultAction, s.defaultErrnoRet);
  const rules = s.syscalls.map((r) => ({
    action: action(r.action, r.errnoRet),
    names: r.names,
    args: (r.args ?? []).map((a) => [a.index, OPS[a.op] ?? -1, a.value, a.valueTwo ?? 0]),
  }));
  if (defaultAction === undefined || rules.some((r) => r.action === undefined || r.args.some((a) => a[1] === -1))) return undefined;
  const arches = s.architectures.map((a) => a.replace(/^SCMP_ARCH_/, '').toLowerCase());
  try {
    return b.exportBpf(defaultAction, arches, rules as Array<{ action: number; names: string[]; args: number[][] }>).toString('base64');
  } catch {
    return undefined; // crun will say what is wrong with it
  }
}
