/**
 * Platforms (`linux/arm64/v8`) as containerd's platforms package reads and
 * matches them: names normalised (x86_64 → amd64, aarch64 → arm64, arm →
 * arm/v7), and an image without a variant fits any variant of its
 * architecture (Docker's OnlyPlatformWithFallback).
 */
import { InvalidArgumentError } from '@quai/common';

/** This host's platform in OCI words (Node says x64, OCI amd64). */
const ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };

export function hostArchitecture(): string {
  return ARCH[process.arch] ?? process.arch;
}

export interface Platform { os: string; architecture: string; variant?: string }

const KNOWN_OS = new Set(['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux', 'nacl', 'netbsd', 'openbsd', 'plan9', 'solaris', 'wasip1', 'windows', 'zos']);
const KNOWN_ARCH = new Set(['386', 'amd64', 'amd64p32', 'arm', 'armbe', 'arm64', 'arm64be', 'loong64', 'mips', 'mipsle', 'mips64', 'mips64le', 'ppc64', 'ppc64le', 'riscv64', 's390x', 'sparc64', 'wasm']);
const ARCH_ALIASES: Record<string, string> = { i386: '386', x86_64: 'amd64', 'x86-64': 'amd64', aarch64: 'arm64', armhf: 'arm', armel: 'arm' };

/** `arm64`, `linux/arm64`, `linux/arm/v7` → a normalised platform; containerd's error otherwise. */
export function parsePlatform(specifier: string): Platform {
  const unknown = () => new InvalidArgumentError(`"${specifier}": unknown operating system or architecture: invalid argument`);
  const parts = specifier.toLowerCase().split('/');
  if (parts.some((p) => !/^[a-z0-9_.-]+$/.test(p)) || parts.length > 3) throw unknown();
  if (parts.length === 1) {
    const [only] = parts as [string];
    if (KNOWN_OS.has(only)) return normalize({ os: only, architecture: hostArchitecture() });
    if (KNOWN_ARCH.has(ARCH_ALIASES[only] ?? only)) return normalize({ os: 'linux', architecture: only });
    throw unknown();
  }
  const [os, architecture, variant] = parts as [string, string, string?];
  return normalize({ os, architecture, variant });
}

function normalize(p: Platform): Platform {
  const raw = p.architecture;
  const architecture = ARCH_ALIASES[raw] ?? raw;
  let variant = p.variant || undefined;
  if (raw === 'armhf') variant ??= 'v7';
  if (raw === 'armel') variant ??= 'v6';
  if (architecture === 'arm64' && variant === 'v8') variant = undefined; // v8 is arm64's default
  if (architecture === 'arm' && !variant) variant = 'v7';
  if (architecture === 'amd64' && variant === 'v1') variant = undefined;
  return { os: p.os, architecture, ...(variant ? { variant } : {}) };
}

/** `linux/arm/v7`, as Docker prints platforms in its messages. */
export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

/** Whether an image of platform `image` serves a request for `wanted`. */
export function platformMatches(wanted: Platform, image: Platform): boolean {
  const have = normalize(image);
  if (have.os !== wanted.os || have.architecture !== wanted.architecture) return false;
  // An image config without a variant fits any variant asked (arm images rarely record one).
  return !image.variant || have.variant === wanted.variant;
}
