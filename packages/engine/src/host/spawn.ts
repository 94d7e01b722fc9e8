/**
 * Starting host programs without forking the daemon. Node's child_process
 * forks the whole process (10-20 ms here, the event loop blocked); the
 * native binding's posix_spawn uses vfork and costs well under a
 * millisecond. Without the binding, child_process does it, only slower.
 *
 *   spawnProcess('/usr/bin/crun', ['exec', ...], { stdio: ['pipe', 'pipe', 'pipe'] })
 *     → { pid, stdio: [Writable, Readable, Readable], exited: Promise<{ code, signal }> }
 *
 * stdio[i]: 'pipe' (fd 0 written by us, 1 and 2 read by us, 3+ a two-way
 * socket pair, as child_process does), 'ignore' (/dev/null), or a number:
 * our fd, which the child gets too (we keep ours). Exits are
 * collected with waitpid(WNOHANG) on each SIGCHLD, for our own pids only
 * (child_process reaps its own children the same way); a slow poll backs
 * it up and keeps the event loop alive while a child runs, as a
 * ChildProcess handle would.
 */
import { spawn as nodeSpawn } from 'node:child_process';
import { closeSync } from 'node:fs';
import { constants } from 'node:os';
import { Socket } from 'node:net';
import type { Duplex, Readable } from 'node:stream';
import { syscalls } from './syscalls.js';

export interface SpawnOptions {
  /** Per child fd: a pipe to us, /dev/null, or one of our fds handed over as is. */
  stdio: Array<'pipe' | 'ignore' | number>;
  env?: NodeJS.ProcessEnv;
  /** A new session (setsid): the child outlives the daemon's process group. */
  detached?: boolean;
  /** The child's working directory (the daemon's when absent). */
  cwd?: string;
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Spawned {
  pid: number;
  /** Our end of each 'pipe' entry (null for 'ignore'). */
  stdio: Array<Duplex | null>;
  /** Resolves once the process exited (its output may still be arriving). */
  exited: Promise<ExitStatus>;
  kill(signal?: NodeJS.Signals): void;
}

const waiting = new Map<number, (status: ExitStatus) => void>();
let poll: NodeJS.Timeout | undefined;
const signalNames = new Map(Object.entries(constants.signals).map(([name, n]) => [n, name as NodeJS.Signals]));

function reap(): void {
  for (const [pid, resolve] of waiting) {
    const status = syscalls!.waitpid(pid);
    if (!status) continue;
    waiting.delete(pid);
    if (!waiting.size) {
      process.off('SIGCHLD', reap);
      clearInterval(poll);
      poll = undefined;
    }
    resolve({ code: status[0] >= 0 ? status[0] : null, signal: status[1] >= 0 ? signalNames.get(status[1]) ?? null : null });
  }
}

export function spawnProcess(file: string, args: string[], o: SpawnOptions): Spawned {
  if (!syscalls) return withChildProcess(file, args, o);
  const ours: Array<Duplex | null> = [];
  const theirs: number[] = [];
  const handed: number[] = [];
  for (const [i, kind] of o.stdio.entries()) {
    if (kind === 'ignore') { ours.push(null); theirs.push(-1); continue; }
    if (typeof kind === 'number') { ours.push(null); theirs.push(kind); handed.push(kind); continue; }
    const [a, b] = i >= 3 ? syscalls.socketpair() : syscalls.pipe();
    // fd 0: we write, the child reads; 1, 2: the other way round.
    const [mine, child] = i === 0 ? [b, a] : [a, b];
    ours.push(new Socket({ fd: mine, readable: i !== 0, writable: i === 0 || i >= 3 }));
    theirs.push(child);
  }
  const env = Object.entries(o.env ?? process.env).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${v}`);
  let pid: number;
  try {
    pid = syscalls.spawn(file, [file.split('/').pop()!, ...args], env, theirs, !!o.detached, o.cwd);
  } catch (err) {
    for (const s of ours) s?.destroy();
    throw err;
  } finally {
    for (const fd of theirs) if (fd >= 0 && !handed.includes(fd)) closeSync(fd);
  }
  if (!waiting.size) {
    process.on('SIGCHLD', reap);
    poll = setInterval(reap, 200);
  }
  const exited = new Promise<ExitStatus>((resolve) => waiting.set(pid, resolve));
  reap(); // it may have ended already
  return {
    pid,
    stdio: ours,
    exited,
    kill(signal = 'SIGTERM') { if (waiting.has(pid)) process.kill(pid, signal); },
  };
}

function withChildProcess(file: string, args: string[], o: SpawnOptions): Spawned {
  const child = nodeSpawn(file, args, { stdio: o.stdio, env: o.env, detached: o.detached, cwd: o.cwd });
  const exited = new Promise<ExitStatus>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
    child.on('error', () => resolve({ code: 127, signal: null }));
  });
  return {
    pid: child.pid ?? 0,
    stdio: child.stdio.map((s) => (s as Duplex | null) ?? null),
    exited,
    kill(signal = 'SIGTERM') { child.kill(signal); },
  };
}

/** Resolves once a stream closed (its data read to the end) or failed. */
export function streamClosed(stream: Readable): Promise<void> {
  return new Promise((resolve) => { stream.once('close', () => resolve()); stream.once('error', () => resolve()); });
}
