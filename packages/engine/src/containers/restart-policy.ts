/**
 * Restart policies (`--restart no | on-failure[:N] | always | unless-stopped`),
 * with Docker's back-off: the first restart waits 100 ms, each next one twice
 * as long (at most a minute), back to 100 ms once a run lasted 10 s.
 *
 *   running ──exit, policy says restart──► restarting (RestartCount+1) ──delay──► start
 *      │                                       │
 *      └─ exit: no / user stopped ─► exited    └─ stop / kill / rm ─► exited (timer cancelled)
 *
 * A user's `stop` (or `kill`) sets manuallyStopped, which every policy honours for live
 * exits. When the daemon starts, `always` containers are started again even
 * after a user stop, `unless-stopped` ones only if not stopped by a user.
 */
import type { RestartPolicy } from '@quai/common';
import type { ContainerContext } from './context.js';
import type { ContainerRecord } from './container-record.js';
import { startContainer } from './start.js';
import type { PendingRestart } from './supervision.js';

const FIRST_DELAY_MS = 100;
const MAX_DELAY_MS = 60_000;
const RESET_AFTER_MS = 10_000;


export function shouldRestart(policy: RestartPolicy | undefined, exitCode: number, manuallyStopped: boolean, restartCount: number): boolean {
  switch (policy?.Name) {
    case 'always':
    case 'unless-stopped':
      return !manuallyStopped;
    case 'on-failure': {
      const max = policy.MaximumRetryCount ?? 0;
      return !manuallyStopped && exitCode !== 0 && (max === 0 || restartCount < max);
    }
    default:
      return false;
  }
}

/** The wait before the next restart, given the last one and how long the container ran. */
export function nextDelay(previousMs: number | undefined, ranMs: number): number {
  if (previousMs === undefined || ranMs >= RESET_AFTER_MS) return FIRST_DELAY_MS;
  return Math.min(previousMs * 2, MAX_DELAY_MS);
}

/**
 * At an exit, under the container's lock (exit.ts): whether the policy
 * restarts it. The exit then goes straight to `restarting`, as Docker's
 * SetRestarting, so no stop can slip in while an `exited` waits for its
 * restart to be decided.
 */
export function restartsAfterExit(c: ContainerRecord): boolean {
  return !c.hostConfig.AutoRemove && shouldRestart(c.hostConfig.RestartPolicy, c.state.exitCode, !!c.manuallyStopped, c.restartCount);
}

/** Wait the back-off, then start the `restarting` container (unless stopped or removed meanwhile). */
export function scheduleRestart(d: ContainerContext, c: ContainerRecord): void {
  if (c.state.status !== 'restarting') return;
  const pending = d.supervision.restarts;
  const ranMs = Date.parse(c.state.finishedAt) - Date.parse(c.state.startedAt);
  const entry: PendingRestart = { delayMs: nextDelay(pending.get(c.id)?.delayMs, Number.isFinite(ranMs) ? ranMs : 0) };
  pending.set(c.id, entry);
  entry.timer = setTimeout(() => void restartNow(d, c), entry.delayMs);
}

/**
 * When the daemon starts (boot: `always` even after a user's stop), or
 * after a policy's start failed: decide again, and schedule.
 */
async function applyRestartPolicy(d: ContainerContext, c: ContainerRecord, opts: { boot?: boolean } = {}): Promise<boolean> {
  const scheduled = await d.locks.run(c.id, async () => {
    if (d.store.find(c.id) !== c || (c.state.status !== 'exited' && c.state.status !== 'restarting')) return false;
    if (opts.boot && c.hostConfig.RestartPolicy?.Name === 'always') c.manuallyStopped = false;
    if (!restartsAfterExit(c)) return false;
    c.state = { ...c.state, status: 'restarting' };
    // As Docker, the count grows when the restart is decided (inspect shows it while restarting).
    if (!opts.boot) c.restartCount += 1;
    await d.store.save(c);
    return true;
  });
  if (scheduled) scheduleRestart(d, c);
  else d.supervision.restarts.delete(c.id);
  return scheduled;
}

async function restartNow(d: ContainerContext, c: ContainerRecord): Promise<void> {
  const entry = d.supervision.restarts.get(c.id);
  if (entry) entry.timer = undefined;
  let started = false;
  try {
    await d.locks.run(c.id, async () => {
      if (d.store.find(c.id) !== c || c.state.status !== 'restarting' || c.manuallyStopped) return;
      started = true;
      await startContainer(d, c, { byPolicy: true });
    });
  } catch {
    // The start failed (recorded as an exit by startContainer): the policy decides again.
    if (started && !(await applyRestartPolicy(d, c).catch(() => false)) && c.state.status === 'restarting') {
      c.state = { ...c.state, status: 'exited' };
      await d.store.save(c).catch(() => {});
    }
  }
}

/**
 * A stop or removal while a restart is pending: cancel it and leave the
 * container exited. True when there was one; false also when the restart
 * started first (the caller then stops a running container).
 */
export async function cancelRestart(d: ContainerContext, c: ContainerRecord): Promise<boolean> {
  const entry = d.supervision.restarts.get(c.id);
  d.supervision.restarts.delete(c.id);
  if (entry?.timer) clearTimeout(entry.timer);
  if (c.state.status !== 'restarting') return false;
  const cancelled = await d.locks.run(c.id, async () => {
    // The restart may have won the race for the lock: then the container runs.
    if (c.state.status !== 'restarting') return false;
    c.state = { ...c.state, status: 'exited' };
    await d.store.save(c);
    return true;
  });
  if (cancelled) d.exits.notifyExit(c.id, c.state.exitCode);
  return cancelled;
}

/** When the daemon starts: containers whose policy restarts them (after reconcile). */
export async function restartOnBoot(d: ContainerContext): Promise<void> {
  for (const c of d.store.all()) {
    const name = c.hostConfig.RestartPolicy?.Name;
    if (c.state.status !== 'exited' || (name !== 'always' && name !== 'unless-stopped')) continue;
    await applyRestartPolicy(d, c, { boot: true }).catch(() => {});
  }
}
