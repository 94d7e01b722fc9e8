/**
 * crun (or runc) supervised by conmon, the per-container monitor used by
 * Podman and CRI-O. conmon double-forks away from the daemon, so containers
 * outlive a daemon restart or `kill -9`; it writes the logs and, at exit,
 * the exit code into the exit dir, which is how the daemon learns of exits.
 *
 * conmon reports the container's pid (or the runtime's error) as one JSON
 * line `{"data": <pid>}` / `{"data": -1, "message": "..."}` on the pipe
 * whose fd it finds in _OCI_SYNCPIPE.
 */
import { constants } from 'node:fs';
import { access, open, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { QuaiError } from '@quai/common';
import type { CreateOptions, ExecOptions, Runtime, RuntimeState } from './runtime.js';
import { run } from '../host/run.js';
import { spawnProcess, type Spawned } from '../host/spawn.js';
import type { AttachHooks } from './attach-hooks.js';

export interface ConmonRuntimeOptions {
  /** Path of the OCI runtime binary: /usr/bin/crun or /usr/bin/runc. */
  runtimePath: string;
  /** The runtime's state dir (`--root`), private to this daemon. */
  runtimeRoot: string;
  conmonPath: string;
  /** Where conmon puts attach sockets. */
  socketDir: string;
  /** Clients attached before start, connected by start (attach-hooks.ts). */
  hooks?: AttachHooks;
}

export class ConmonRuntime implements Runtime {
  readonly name: string;

  constructor(private readonly options: ConmonRuntimeOptions) {
    this.name = options.runtimePath.split('/').pop() ?? 'crun';
  }

  async create(id: string, bundleDir: string, o: CreateOptions): Promise<{ pid: number }> {
    const args = [
      '--api-version', '1',
      '-c', id, '-u', id, '-n', id,
      '-r', this.options.runtimePath,
      '--runtime-arg', `--root=${this.options.runtimeRoot}`,
      '-b', bundleDir,
      '-p', o.pidFile,
      '-P', o.conmonPidFile,
      '--exit-dir', o.exitDir,
      '--socket-dir-path', this.options.socketDir,
      '-l', `k8s-file:${o.logPath}`,
      '--log-level', 'error',
    ];
    if (o.terminal) args.push('-t');
    if (o.stdin) args.push('-i');
    // conmon closes the container's stdin when an attached client leaves;
    // Docker does that only without a TTY (StdinOnce), so a TTY keeps it.
    if (o.stdin && o.terminal) args.push('--leave-stdin-open');
    if (o.logSizeMax) args.push('--log-size-max', String(o.logSizeMax));
    // fd 3 in the child is the write end of the sync pipe. conmon's own
    // stderr is not kept: its errors arrive on the sync pipe. conmon runs in
    // the bundle, as under Podman: on an OOM kill it drops a file `oom` in
    // its working directory, which would otherwise be the daemon's.
    const child = spawnProcess(this.options.conmonPath, args, {
      stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
      env: { ...process.env, _OCI_SYNCPIPE: '3' },
      detached: true,
      cwd: bundleDir,
    });
    const text = await firstLine(child.stdio[3]!);
    const line = text.trim().split('\n')[0] ?? '';
    let reply: { data?: number; message?: string } = {};
    try { reply = JSON.parse(line); } catch { /* reported below */ }
    if (typeof reply.data === 'number' && reply.data > 0) return { pid: reply.data };
    const why = reply.message || `conmon exited without a pid (${line || 'no reply'})`;
    throw new QuaiError('internal', runtimeMessage(why));
  }

  /**
   * `crun start` only opens the container's exec.fifo, unlinks it and writes
   * one byte, which releases the waiting init (libcrun status.c). Doing that
   * here saves spawning crun (25-100 ms on this kind of machine). runc's fifo
   * works the other way round, so runc gets its own `start`.
   */
  async start(id: string): Promise<void> {
    await this.options.hooks?.run(id); // clients attached before start connect now (attach-hooks.ts)
    if (this.name === 'crun') {
      const fifo = join(this.options.runtimeRoot, id, 'exec.fifo');
      const handle = await open(fifo, constants.O_WRONLY).catch(() => undefined);
      if (handle) {
        try {
          await unlink(fifo);
          await handle.write(Buffer.alloc(1));
        } finally {
          await handle.close();
        }
        return;
      }
    }
    await this.runtime(['start', id]);
  }

  async kill(id: string, signal: string): Promise<void> {
    await this.runtime(['kill', id, signal]);
  }

  async state(id: string): Promise<RuntimeState | undefined> {
    try {
      const out = await this.runtime(['state', id]);
      const s = JSON.parse(out) as { status: RuntimeState['status']; pid: number };
      return { status: s.status, pid: s.pid };
    } catch {
      return undefined;
    }
  }

  async delete(id: string): Promise<void> {
    // Nothing to forget when the runtime has no state dir for it (saves a spawn).
    if (!(await access(join(this.options.runtimeRoot, id)).then(() => true, () => false))) return;
    await this.runtime(['delete', '--force', id]).catch(() => {});
  }

  exec(id: string, o: ExecOptions): Spawned {
    const tty = o.consoleSocket ? ['--tty', `--console-socket=${o.consoleSocket}`] : [];
    const args = [`--root=${this.options.runtimeRoot}`, `--log=${o.logFile}`, '--log-format=json', 'exec', ...tty, '--process', o.processFile, '--pid-file', o.pidFile, id];
    return spawnProcess(this.options.runtimePath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  }

  async pause(id: string): Promise<void> { await this.runtime(['pause', id]); }
  async resume(id: string): Promise<void> { await this.runtime(['resume', id]); }

  async update(id: string, resources: Record<string, unknown>): Promise<void> {
    const file = join(this.options.runtimeRoot, `${id}.resources.json`);
    await writeFile(file, JSON.stringify(resources));
    try {
      await this.runtime(['update', '--resources', file, id]);
    } finally {
      await unlink(file).catch(() => {});
    }
  }

  private runtime(args: string[]): Promise<string> {
    return run(this.options.runtimePath, [`--root=${this.options.runtimeRoot}`, ...args]);
  }
}

/**
 * crun prefixes its errors with the bundle context; keep the part a user can
 * act on, as Docker shows "OCI runtime create failed: ...".
 */
function runtimeMessage(raw: string): string {
  const text = raw.replace(/\s+/g, ' ').trim();
  return `OCI runtime create failed: ${text}`;
}


/**
 * The first line conmon writes on the sync pipe. The pipe is drained, not
 * closed, afterwards: conmon may write to it again, and a write to a pipe
 * nobody reads would kill it with SIGPIPE before it records the exit.
 */
function firstLine(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    let done = false;
    const finish = () => { if (!done) { done = true; resolve(text); } };
    stream.on('data', (chunk) => {
      if (done) return;
      text += String(chunk);
      if (text.includes('\n')) finish();
    });
    stream.on('end', finish);
    stream.on('error', finish);
  });
}
