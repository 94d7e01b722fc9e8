/**
 * Seccomp profiles in Docker's format (what `--security-opt seccomp=FILE`
 * sends and what runtime/seccomp-default.ts holds) and their translation
 * into the OCI spec's `linux.seccomp` for one container, as dockerd does:
 * rules whose `includes`/`excludes` (capabilities, architectures, kernel
 * version) do not fit the container are dropped, and `archMap` becomes the
 * host's architecture and its sub-architectures.
 */
import { release } from 'node:os';
import { InvalidArgumentError } from '@quai/common';
import { DEFAULT_SECCOMP_PROFILE } from './seccomp-default.js';

interface Filter { caps?: string[] | null; arches?: string[] | null; minKernel?: string | null }

export interface SeccompRule {
  name?: string;
  names?: string[] | null;
  action: string;
  errnoRet?: number;
  args?: Array<{ index: number; value: number; valueTwo?: number; op: string }> | null;
  comment?: string;
  includes?: Filter | null;
  excludes?: Filter | null;
}

export interface SeccompProfile {
  defaultAction: string;
  defaultErrnoRet?: number;
  architectures?: string[] | null;
  archMap?: Array<{ architecture: string; subArchitectures: string[] | null }> | null;
  syscalls?: SeccompRule[] | null;
  flags?: string[] | null;
  listenerPath?: string;
  listenerMetadata?: string;
}

/** What the OCI runtime receives. */
export interface OciSeccomp {
  defaultAction: string;
  defaultErrnoRet?: number;
  architectures: string[];
  flags?: string[];
  listenerPath?: string;
  listenerMetadata?: string;
  syscalls: Array<{ names: string[]; action: string; errnoRet?: number; args?: SeccompRule['args'] }>;
}

export interface SeccompTarget {
  /** The container's bounding capabilities. */
  capabilities: string[];
  /** Docker's (Go's) architecture name: amd64, arm64... */
  arch?: string;
  /** Kernel release, `6.1.0-18-amd64`. */
  kernel?: string;
}

/** Node's names for architectures → Go's, which profiles use. */
const GO_ARCH: Record<string, string> = { x64: 'amd64', ia32: 'x86', arm64: 'arm64', arm: 'arm', s390x: 's390x', ppc64: 'ppc64le', riscv64: 'riscv64', loong64: 'loong64' };
/** Go's architecture names → libseccomp's. */
const SECCOMP_ARCH: Record<string, string> = {
  amd64: 'SCMP_ARCH_X86_64', x86: 'SCMP_ARCH_X86', arm64: 'SCMP_ARCH_AARCH64', arm: 'SCMP_ARCH_ARM',
  s390x: 'SCMP_ARCH_S390X', ppc64le: 'SCMP_ARCH_PPC64LE', riscv64: 'SCMP_ARCH_RISCV64', loong64: 'SCMP_ARCH_LOONGARCH64',
};

/**
 * The `linux.seccomp` for `--security-opt` as given: none for
 * `seccomp=unconfined`, the profile sent for `seccomp=<json>`, else the
 * default. Privileged containers get none (callers skip this).
 */
export function seccompFor(securityOpt: string[], target: SeccompTarget): OciSeccomp | undefined {
  let profile: SeccompProfile = DEFAULT_SECCOMP_PROFILE;
  for (const opt of securityOpt) {
    const m = /^seccomp[=:](.*)$/s.exec(opt);
    if (!m) continue;
    const value = m[1]!;
    if (value === 'unconfined') return undefined;
    if (value === 'builtin' || value === 'default') continue;
    profile = parseProfile(value);
  }
  return toOciSeccomp(profile, target);
}

function parseProfile(text: string): SeccompProfile {
  try {
    return JSON.parse(text) as SeccompProfile;
  } catch (err) {
    throw new InvalidArgumentError(`Decoding seccomp profile failed: ${(err as Error).message}`);
  }
}

export function toOciSeccomp(profile: SeccompProfile, target: SeccompTarget): OciSeccomp | undefined {
  const rules = profile.syscalls ?? [];
  // No default action and no rules: Docker takes it as seccomp disabled.
  if (!profile.defaultAction && rules.length === 0) return undefined;
  if (profile.architectures?.length && profile.archMap?.length) {
    throw new InvalidArgumentError("both 'architectures' and 'archMap' are specified in the seccomp profile, use either 'architectures' or 'archMap'");
  }
  const arch = target.arch ?? GO_ARCH[process.arch] ?? process.arch;
  const kernel = target.kernel ?? release();
  const architectures = [...(profile.architectures ?? [])];
  const native = profile.archMap?.find((a) => a.architecture === SECCOMP_ARCH[arch]);
  if (native) architectures.push(native.architecture, ...(native.subArchitectures ?? []));

  const fits = (filter: Filter | null | undefined, want: boolean) => {
    if (!filter) return true;
    const checks: boolean[] = [];
    if (filter.arches?.length) checks.push(filter.arches.includes(arch));
    if (filter.caps?.length) checks.push(want ? filter.caps.every((c) => target.capabilities.includes(c)) : filter.caps.some((c) => target.capabilities.includes(c)));
    if (filter.minKernel) checks.push(kernelAtLeast(kernel, filter.minKernel));
    // includes: every condition must hold; excludes: any one that holds drops the rule.
    return want ? checks.every(Boolean) : !checks.some(Boolean);
  };

  const syscalls: OciSeccomp['syscalls'] = [];
  for (const rule of rules) {
    if (rule.name && rule.names?.length) {
      throw new InvalidArgumentError("both 'name' and 'names' are specified in the seccomp profile, use either 'name' or 'names'");
    }
    if (!fits(rule.excludes, false) || !fits(rule.includes, true)) continue;
    syscalls.push({
      names: rule.name ? [rule.name] : rule.names ?? [],
      action: rule.action,
      ...(rule.errnoRet !== undefined ? { errnoRet: rule.errnoRet } : {}),
      ...(rule.args?.length ? { args: rule.args } : {}),
    });
  }
  return {
    defaultAction: profile.defaultAction,
    ...(profile.defaultErrnoRet !== undefined ? { defaultErrnoRet: profile.defaultErrnoRet } : {}),
    architectures,
    ...(profile.flags?.length ? { flags: profile.flags } : {}),
    ...(profile.listenerPath ? { listenerPath: profile.listenerPath, listenerMetadata: profile.listenerMetadata ?? '' } : {}),
    syscalls,
  };
}

/** `6.1.0-18-amd64` ≥ `4.8`? */
export function kernelAtLeast(kernel: string, min: string): boolean {
  const [a = 0, b = 0] = kernel.split(/[.-]/).map(Number);
  const [x = 0, y = 0] = min.split('.').map(Number);
  return a > x || (a === x && b >= y);
}
