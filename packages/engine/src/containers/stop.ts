/** `stop`, `kill` and `restart`: signals through the runtime, exits through conmon. */
import { constants } from 'node:os';
import { FailedPreconditionError, InvalidArgumentError, NotModifiedError } from '@quai/common';
import { containerAttributes, type ContainerContext } from './context.js';
import { isRunning, type ContainerRecord } from './container-record.js';
import { startContainer } from './start.js';
import { cancelRestart } from './restart-policy.js';

/** Signal names and numbers as this kernel has them (SIGTERM → 15). */
const SIGNALS: Record<string, number> = constants.signals;

/** `TERM`, `SIGTERM`, `15` → `SIGTERM`; Docker's error for anything else. */
export function normalizeSignal(signal: string): string {
  const s = signal.trim().toUpperCase();
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    const name = Object.keys(SIGNALS).find((k) => SIGNALS[k] === n);
    if (name) return name;
    if (n >= 34 && n <= 64) return String(n);
  } else {
    const name = s.startsWith('SIG') ? s : `SIG${s}`;
    if (SIGNALS[name]) return name;
  }
  throw new InvalidArgumentError(`Invalid signal: ${signal}`);
}

/** Under the container's lock, as every state transition: a start or an exit is never half seen. */
export function killContainer(d: ContainerContext, c: ContainerRecord, signal = 'SIGKILL'): Promise<void> {
  const sig = normalizeSignal(signal);
  return d.locks.run(c.id, async () => {
    if (!isRunning(c)) {
      throw new FailedPreconditionError(`Cannot kill container: ${c.name}: Container ${c.id} is not running`);
    }
    await d.runtime.kill(c.id, sig);
    // A frozen process gets the signal only once thawed (Docker resumes it too).
    if (c.state.status === 'paused') {
      await d.runtime.resume(c.id).catch(() => {});
      c.state = { ...c.state, status: 'running' };
      await d.store.save(c);
    }
    d.events.publish('container', 'kill', c.id, containerAttributes(c, { signal: String(SIGNALS[sig] ?? sig) }));
  });
}

/**
 * Send the stop signal, wait `timeout` seconds (the container's StopTimeout,
 * else 10; -1 = forever), then SIGKILL.
 */
export async function stopContainer(d: ContainerContext, c: ContainerRecord, opts: { timeout?: number; signal?: string } = {}): Promise<void> {
  if (c.state.status === 'restarting') {
    c.manuallyStopped = true;
    await cancelRestart(d, c);
    d.events.publish('container', 'stop', c.id, containerAttributes(c));
    return;
  }
  // The exit is waited for outside the lock: recording it takes the lock too.
  let exited: Promise<number> = Promise.resolve(0);
  await d.locks.run(c.id, async () => {
    if (!isRunning(c)) throw new NotModifiedError('container already stopped');
    c.manuallyStopped = true;
    await d.store.save(c);
    exited = d.exits.nextExit(c.id);
  });
  const signal = opts.signal || c.config.StopSignal || 'SIGTERM';
  const timeout = opts.timeout ?? c.config.StopTimeout ?? 10;
  await killContainer(d, c, signal).catch(() => {});
  if (!(await within(exited, timeout))) {
    await killContainer(d, c, 'SIGKILL').catch(() => {});
    await within(exited, 30);
  }
  d.events.publish('container', 'stop', c.id, containerAttributes(c));
}

export async function restartContainer(d: ContainerContext, c: ContainerRecord, opts: { timeout?: number; signal?: string } = {}): Promise<void> {
  if (isRunning(c)) await stopContainer(d, c, opts);
  await d.locks.run(c.id, () => startContainer(d, c));
  d.events.publish('container', 'restart', c.id, containerAttributes(c));
}

/** True when `p` settled within `seconds` (negative = wait forever). */
async function within(p: Promise<unknown>, seconds: number): Promise<boolean> {
  if (seconds < 0) { await p; return true; }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), seconds * 1000); });
  const done = await Promise.race([p.then(() => true as const), timeout]);
  clearTimeout(timer);
  return done;
}
