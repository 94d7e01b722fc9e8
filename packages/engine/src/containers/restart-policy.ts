/**
 * Restart policies (`--restart no | on-failure[:N] | always | unless-stopped`),
 * with Docker's back-off: the first restart waits 100 ms, each next one twice
 * as long (at most a minute), back to 100 ms once a run lasted 10 s.
 *
 *   exit recorded ──policy says restart──► restarting ──delay──► start (RestartCount+1)
 *        │                                     │
 *        └─ no / user stopped ─► exited        └─ stop / rm ─► exited (timer cancelled)
 *
 * A user's `stop` sets manuallyStopped, which every policy honours for live
 * exits. When the daemon starts, `always` containers are started again even
 * after a user stop, `unless-stopped` ones only if not stopped by a user.
 */
import type { RestartPolicy } from '@quai/common';
import type { ContainerContext } from './context.js';
import type { ContainerRecord } from './container-record.js';
import { startContainer } from './start.js';

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

/** After an exit was recorded: schedule a restart if the policy wants one. */
export async function applyRestartPolicy(d: ContainerContext, c: ContainerRecord, opts: { boot?: boolean } = {}): Promise<boolean> {
  if (d.store.find(c.id) !== c || c.hostConfig.AutoRemove) return false;
  const policy = c.hostConfig.RestartPolicy;
  const stopped = opts.boot && policy?.Name === 'always' ? false : !!c.manuallyStopped;
  const pending = d.supervision.restarts;
  if (!shouldRestart(policy, c.state.exitCode, stopped, c.restartCount)) {
    pending.delete(c.id);
    return false;
  }
  const ranMs = Date.parse(c.state.finishedAt) - Date.parse(c.state.startedAt);
  const entry = { delayMs: nextDelay(pending.get(c.id)?.delayMs, Number.isFinite(ranMs) ? ranMs : 0) } as { timer?: NodeJS.Timeout; delayMs: number };
  pending.set(c.id, entry);
  await d.locks.run(c.id, async () => {
    c.state = { ...c.state, status: 'restarting' };
    if (opts.boot) c.manuallyStopped = false;
    await d.store.save(c);
  });
  entry.timer = setTimeout(() => void restartNow(d, c), entry.delayMs);
  return true;
}

async function restartNow(d: ContainerContext, c: ContainerRecord): Promise<void> {
  const entry = d.supervision.restarts.get(c.id);
  if (entry) entry.timer = undefined;
  let started = false;
  try {
    await d.locks.run(c.id, async () => {
      if (d.store.find(c.id) !== c || c.state.status !== 'restarting' || c.manuallyStopped) return;
      c.restartCount += 1;
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
 * container exited. True when there was one.
 */
export async function cancelRestart(d: ContainerContext, c: ContainerRecord): Promise<boolean> {
  const entry = d.supervision.restarts.get(c.id);
  d.supervision.restarts.delete(c.id);
  if (entry?.timer) clearTimeout(entry.timer);
  if (c.state.status !== 'restarting') return false;
  await d.locks.run(c.id, async () => {
    c.state = { ...c.state, status: 'exited' };
    await d.store.save(c);
  });
  d.exits.notifyExit(c.id, c.state.exitCode);
  return true;
}

/** When the daemon starts: containers whose policy restarts them (after reconcile). */
export async function restartOnBoot(d: ContainerContext): Promise<void> {
  for (const c of d.store.all()) {
    const name = c.hostConfig.RestartPolicy?.Name;
    if (c.state.status !== 'exited' || (name !== 'always' && name !== 'unless-stopped')) continue;
    await applyRestartPolicy(d, c, { boot: true }).catch(() => {});
  }
}
