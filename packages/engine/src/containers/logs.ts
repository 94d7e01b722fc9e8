/**
 * Reading a container's output from conmon's k8s-file log, whose lines are
 *   2024-01-01T10:00:00.123456789+00:00 stdout F hello
 * (F = full line, P = partial line: no newline at its end). Used by `logs`
 * (with since/until/tail/follow) and by attach, which follows from the end.
 */
import { open, stat } from 'node:fs/promises';
import { watch } from 'node:fs';
import { containerLogPath } from '../paths.js';
import type { ContainerContext } from './context.js';
import type { ContainerRecord } from './container-record.js';
import { isRunning } from './container-record.js';
import { logFiles } from './log-rotation.js';

export interface LogEntry {
  stream: 'stdout' | 'stderr';
  /** RFC 3339 with nanoseconds, as conmon wrote it (UTC). */
  time: string;
  timeMs: number;
  data: Buffer;
}

export interface LogOptions {
  stdout: boolean;
  stderr: boolean;
  follow: boolean;
  /** Last N entries only (undefined = all). */
  tail?: number;
  sinceMs?: number;
  untilMs?: number;
}

export function parseLogLine(line: Buffer): LogEntry | undefined {
  const s1 = line.indexOf(0x20);
  const s2 = line.indexOf(0x20, s1 + 1);
  const s3 = line.indexOf(0x20, s2 + 1);
  if (s1 < 0 || s2 < 0 || s3 < 0) return undefined;
  const rawTime = line.subarray(0, s1).toString();
  const stream = line.subarray(s1 + 1, s2).toString();
  if (stream !== 'stdout' && stream !== 'stderr') return undefined;
  const partial = line.subarray(s2 + 1, s3).toString() === 'P';
  const content = line.subarray(s3 + 1);
  const data = partial ? Buffer.from(content) : Buffer.concat([content, Buffer.from('\n')]);
  const time = rawTime.replace(/\+00:00$/, 'Z');
  return { stream, time, timeMs: Date.parse(time), data };
}

/** Entries of the log from byte `offset`; returns them and the offset after the last full line. */
async function readFrom(path: string, offset: number): Promise<{ entries: LogEntry[]; offset: number }> {
  let handle;
  try { handle = await open(path, 'r'); } catch { return { entries: [], offset }; }
  try {
    const { size } = await handle.stat();
    if (size < offset) offset = 0; // truncated (rotated): start over
    if (size === offset) return { entries: [], offset };
    const buf = Buffer.alloc(size - offset);
    await handle.read(buf, 0, buf.length, offset);
    const end = buf.lastIndexOf(0x0a) + 1;
    const entries: LogEntry[] = [];
    let start = 0;
    while (start < end) {
      const nl = buf.indexOf(0x0a, start);
      const entry = parseLogLine(buf.subarray(start, nl));
      if (entry) entries.push(entry);
      start = nl + 1;
    }
    return { entries, offset: offset + end };
  } finally {
    await handle.close();
  }
}

export async function logSize(d: ContainerContext, c: ContainerRecord): Promise<number> {
  try { return (await stat(containerLogPath(d.paths, c.id))).size; } catch { return 0; }
}

/**
 * Yields log entries. With `follow`, keeps yielding new ones until the
 * container stops (or `signal` aborts, e.g. the client went away).
 */
export async function* readLogs(d: ContainerContext, c: ContainerRecord, o: LogOptions, signal?: AbortSignal): AsyncGenerator<LogEntry> {
  const path = containerLogPath(d.paths, c.id);
  const wanted = (e: LogEntry) =>
    ((e.stream === 'stdout' && o.stdout) || (e.stream === 'stderr' && o.stderr)) &&
    (o.sinceMs === undefined || e.timeMs >= o.sinceMs) &&
    (o.untilMs === undefined || e.timeMs <= o.untilMs);
  // Register for the exit before reading, so an exit in between is not missed.
  const follow = o.follow && isRunning(c);
  const done = follow ? untilStopped(d, c, signal) : undefined;
  let { entries, offset } = await readFrom(path, 0);
  entries = [...(await readRotated(path)), ...entries];
  entries = entries.filter(wanted);
  if (o.tail !== undefined && o.tail >= 0) entries = entries.slice(Math.max(0, entries.length - o.tail));
  yield* entries;
  if (!done) return;
  yield* followFrom(d, c, offset, wanted, done, signal);
}

/** New entries from `offset` until `done` settles (then drains what is left). */
export async function* followFrom(
  d: ContainerContext, c: ContainerRecord, offset: number,
  wanted: (e: LogEntry) => boolean, done: Promise<unknown>, signal?: AbortSignal,
): AsyncGenerator<LogEntry> {
  const path = containerLogPath(d.paths, c.id);
  let finished = false;
  void done.then(() => { finished = true; wake(); });
  let wake = () => {};
  let watcher = safeWatch(path, () => wake());
  const onAbort = () => { finished = true; wake(); };
  signal?.addEventListener('abort', onAbort);
  try {
    for (;;) {
      const next = await readFrom(path, offset);
      offset = next.offset;
      for (const e of next.entries) if (wanted(e)) yield e;
      if (signal?.aborted) return;
      if (finished && next.entries.length === 0) {
        const last = await readFrom(path, offset);
        for (const e of last.entries) if (wanted(e)) yield e;
        return;
      }
      watcher ??= safeWatch(path, () => wake());
      // inotify wakes us at once; the timer covers a log file that did not exist yet.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, watcher ? 250 : 50);
        wake = () => { clearTimeout(timer); resolve(); };
      });
    }
  } finally {
    watcher?.close();
    signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * Resolves once the container stopped for good: an exit after which its
 * restart policy does not start it again (`logs -f` follows restarts).
 */
async function untilStopped(d: ContainerContext, c: ContainerRecord, signal?: AbortSignal): Promise<void> {
  let next = d.exits.nextExit(c.id, signal);
  for (;;) {
    await next;
    next = d.exits.nextExit(c.id, signal);
    // The policy decides right after the exit is recorded and the runtime released.
    await new Promise((r) => setTimeout(r, 300));
    if (!isRunning(c) || !d.store.find(c.id)) return;
  }
}

function safeWatch(path: string, onChange: () => void) {
  try { return watch(path, onChange); } catch { return undefined; }
}

/** Entries of the rotated files (log-rotation.ts), oldest first. */
async function readRotated(path: string): Promise<LogEntry[]> {
  const out: LogEntry[] = [];
  for (const f of (await logFiles(path)).slice(0, -1)) out.push(...(await readFrom(f, 0)).entries);
  return out;
}
