/**
 * The log files of a container: `container.log` (conmon writes it) and the
 * rotated ones `container.log.1` (newest) ... `container.log.N` (oldest).
 */
import { constants } from 'node:fs';
import { open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ContainerRecord } from './container-record.js';
import { rotationOptions } from './log-size.js';
import type { ContainerContext } from './context.js';
import { bundleDir, containerLogPath } from '../paths.js';

/** Rotated files oldest first, then the live one: the order `logs` reads them. */
export async function logFiles(logPath: string): Promise<string[]> {
  const dir = dirname(logPath);
  const base = basename(logPath);
  const names = await readdir(dir).catch(() => [] as string[]);
  const rotated = names
    .map((n) => (n.startsWith(`${base}.`) ? Number(n.slice(base.length + 1)) : NaN))
    .filter((n) => Number.isInteger(n) && n > 0)
    .sort((a, b) => b - a)
    .map((n) => join(dir, `${base}.${n}`));
  return [...rotated, logPath];
}

/** Bytes of every log file of a container (`system df`). */
export async function logFilesSize(logPath: string): Promise<number> {
  let total = 0;
  for (const f of await logFiles(logPath)) total += (await stat(f).catch(() => ({ size: 0 }))).size;
  return total;
}

/**
 * Rotation as json-file's `max-size` + `max-file` (M > 1): the daemon checks
 * the live file's size; past max-size it shifts `.1..` up (dropping `.M-1`),
 * renames the live file to `.1` and asks conmon to reopen its log through
 * the bundle's ctl FIFO (message "2 0 0": REOPEN_LOGS_EVENT). conmon keeps
 * writing to the renamed file until it reopens, so no line is lost. Between
 * two checks the file may grow past max-size; conmon's own cap (log-size.ts)
 * stays as the backstop.
 */
const CHECK_MS = 250;

export async function rotate(logPath: string, maxFiles: number, ctlPath: string): Promise<void> {
  await rm(`${logPath}.${maxFiles - 1}`, { force: true });
  for (let i = maxFiles - 2; i >= 1; i--) await rename(`${logPath}.${i}`, `${logPath}.${i + 1}`).catch(() => {});
  await rename(logPath, `${logPath}.1`);
  // Non-blocking: a FIFO without its reader (conmon gone) must not hang us.
  const fd = await open(ctlPath, constants.O_WRONLY | constants.O_NONBLOCK).catch(() => undefined);
  if (fd) await fd.write('2 0 0\n').finally(() => fd.close()).catch(() => {});
}

/** Start checking a running container's log (no-op unless max-file > 1). */
export function watchLogRotation(watchers: Map<string, NodeJS.Timeout>, c: ContainerRecord, logPath: string, ctlPath: string): void {
  unwatchLogRotation(watchers, c.id);
  const { maxSize, maxFiles } = rotationOptions(c);
  if (maxFiles < 2 || !maxSize) return;
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void stat(logPath)
      .then((s) => (s.size >= maxSize ? rotate(logPath, maxFiles, ctlPath) : undefined))
      .catch(() => {})
      .finally(() => { busy = false; });
  }, CHECK_MS);
  timer.unref();
  watchers.set(c.id, timer);
}

export function unwatchLogRotation(watchers: Map<string, NodeJS.Timeout>, id: string): void {
  const timer = watchers.get(id);
  if (timer) clearInterval(timer);
  watchers.delete(id);
}

/** The hook for start.ts: watch this container's log at its paths. */
export function startLogRotation(d: ContainerContext, c: ContainerRecord): void {
  watchLogRotation(d.supervision.logWatchers, c, containerLogPath(d.paths, c.id), join(bundleDir(d.paths, c.id), 'ctl'));
}

/** When the daemon starts: the containers that kept running. */
export function resumeLogRotation(d: ContainerContext): void {
  for (const c of d.store.all()) if (c.state.status === 'running' || c.state.status === 'paused') startLogRotation(d, c);
}
