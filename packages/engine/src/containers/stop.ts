/** `stop`, `kill` and `restart`: signals through the runtime, exits through conmon. */
import { constants } from 'node:os';
import { FailedPreconditionError, InvalidArgumentError, NotModifiedError, QuaiError } from '@quai/common';
import { containerAttributes, type ContainerContext } from './context.js';
import { isRunning, type ContainerRecord } from './container-record.js';
import { startContainer } from './start.js';
import { cancelRestart } from './restart-policy.js';

/** Signal names and numbers as this kernel has them (SIGTERM → 15). */
const SIGNALS: Record<string, number> = constants.signals;

/** How long a SIGKILL may take to show as an exit (Docker's 10 s). */
const KILL_WAIT_SECONDS = 10;

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

/**
 * `kill`: deliver a signal, under the container's lock as every state
 * transition. SIGKILL returns once the container has exited (Docker waits
 * up to 10 s for the exit event). As Docker, a kill with the container's
 * stop signal (or any signal when it names none) counts as a user's stop:
 * restart policies leave the container down.
 */
export async function killContainer(d: ContainerContext, c: ContainerRecord, signal = 'SIGKILL'): Promise<void> {
  const sig = normalizeSignal(signal);
  const stopSignal = c.config.StopSignal ? normalizeSignal(c.config.StopSignal) : undefined;
  const userStop = sig === 'SIGKILL' || !stopSignal || stopSignal === sig;
  const attributes = () => containerAttributes(c, { signal: String(SIGNALS[sig] ?? sig) });
  // Between exit and restart there is no process: cancelling the restart is the kill.
  if (c.state.status === 'restarting' && userStop) {
    c.manuallyStopped = true;
    if (await cancelRestart(d, c)) {
      d.events.publish('container', 'kill', c.id, attributes());
      return;
    }
  }
  // The exit is waited for outside the lock: recording it takes the lock too.
  let exited: Promise<number> | undefined;
  await d.locks.run(c.id, async () => {
    if (!isRunning(c)) {
      throw new FailedPreconditionError(`Cannot kill container: ${c.name}: Container ${c.id} is not running`);
    }
    if (userStop) {
      c.manuallyStopped = true;
      await d.store.save(c);
    }
    if (c.state.status === 'restarting') return; // another signal for no process: nothing to do, as Docker
    if (sig === 'SIGKILL') exited = d.exits.nextExit(c.id);
    await d.runtime.kill(c.id, sig).catch((err: Error) => {
      // The process ended between our look and the signal: dockerd takes "no such process" as done, not as a failure.
      if (!/no such process/i.test(err.message)) throw err;
    });
    // A frozen process gets the signal only once thawed (Docker resumes it too).
    if (c.state.status === 'paused') {
      await d.runtime.resume(c.id).catch(() => {});
      c.state = { ...c.state, status: 'running' };
      await d.store.save(c);
    }
    d.events.publish('container', 'kill', c.id, attributes());
  });
  if (exited && !(await within(exited, KILL_WAIT_SECONDS))) {
    throw new QuaiError('internal', 'tried to kill container, but did not receive an exit event');
  }
}

/**
 * Send the stop signal, wait `timeout` seconds (the container's StopTimeout,
 * else 10; -1 = forever), then SIGKILL.
 */
export async function stopContainer(d: ContainerContext, c: ContainerRecord, opts: { timeout?: number; signal?: string } = {}): Promise<void> {
  if (c.state.status === 'restarting') {
    c.manuallyStopped = true;
    if (await cancelRestart(d, c)) {
      d.events.publish('container', 'stop', c.id, containerAttributes(c));
      return;
    }
  }
  // The exit is waited for outside the lock: recording it takes the lock too.
  let exited: Promise<number> = Promise.resolve(0);
  await d.locks.run(c.id, async () => {
    // Marked even when it has just exited: its restart policy, deciding after the exit, must not start it again.
    const running = isRunning(c);
    if (!c.manuallyStopped) {
      c.manuallyStopped = true;
      await d.store.save(c);
    }
    if (!running) throw new NotModifiedError('container already stopped');
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
