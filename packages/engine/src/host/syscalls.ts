/**
 * The native binding for mount(2)/umount2(2), posix_spawn and openat2(2)
 * (native/syscalls.c, built by node-gyp at install). Mounting and spawning
 * fall back to mount(8) and child_process where it could not be built, only
 * slower; in-root paths (in-root.ts) have no fallback and refuse to work.
 */
import { createRequire } from 'node:module';

export interface Syscalls {
  mount(source: string, target: string, fstype: string, flags: number, data: string): void;
  umount2(target: string, flags: number): void;
  pipe(): [number, number];
  socketpair(): [number, number];
  /** posix_spawnp; fds[i] becomes the child's fd i (-1: /dev/null); in `cwd` when given. */
  spawn(file: string, argv: string[], envp: string[], fds: number[], setsid: boolean, cwd?: string): number;
  /** null while the process runs, else [exit code, signal number] (one of them -1). */
  waitpid(pid: number): [number, number] | null;
  /** openat2(2): an fd (close-on-exec); throws with `errno` set. */
  openat2(dirfd: number, path: string, flags: number, mode: number, resolve: number): number;
  mknodat(dirfd: number, name: string, mode: number, major: number, minor: number): void;
  lsetxattr(path: string, name: string, value: Buffer): void;
  /** malloc_trim(0): true when memory went back to the system. */
  mallocTrim(): boolean;
}

export const MS_RDONLY = 1;
export const MS_NOSUID = 2;
export const MS_NODEV = 4;
export const MS_NOEXEC = 8;
export const MS_REMOUNT = 32;
export const MS_BIND = 4096;
export const MS_REC = 16384;
export const MNT_DETACH = 2;

function load(): Syscalls | undefined {
  if (process.env.QUAI_NO_NATIVE === '1') return undefined;
  try {
    return createRequire(import.meta.url)('../../build/Release/quai_syscalls.node') as Syscalls;
  } catch {
    return undefined;
  }
}

export const syscalls = load();

/** Freed heap memory back to the system (glibc keeps it for reuse otherwise): after a collection that freed many buffers. */
export function releaseFreedMemory(): void {
  syscalls?.mallocTrim?.();
}
