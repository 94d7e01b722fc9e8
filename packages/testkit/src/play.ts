import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { apiRequest } from './api-request.js';
import type { TestDaemon } from './daemon.js';
import { dockerCliPath } from './docker-cli.js';
import { libraryArchive, loadImage } from './images.js';
import { repoRoot } from './repo.js';

export interface PlayOptions {
  /** Extra `quai play` flags, e.g. ['--max-sessions', '2']. */
  args?: string[];
  /** The engine namespace of the shells (default `play`); one per playground on a shared daemon. */
  namespace?: string;
}

/**
 * A real `quai play` on a free 127.0.0.1 port in front of a test daemon,
 * its data root in a fresh /tmp/quai-play-test-* dir. The shell image is
 * play-shell (build/images/play-shell.tar) when it was built, else Debian
 * with the host's docker CLI bound in (`--shell-cli`).
 */
export class TestPlay {
  readonly dir = mkdtempSync('/tmp/quai-play-test-');
  /** `http://127.0.0.1:PORT` */
  url = '';
  log = '';
  private child: ChildProcess | undefined;

  constructor(readonly daemon: TestDaemon, private readonly opts: PlayOptions = {}) {}

  get namespace(): string {
    return this.opts.namespace ?? 'play';
  }

  /** The admin API on the daemon's main socket. */
  admin(method: string, path: string, body?: unknown) {
    return apiRequest(this.daemon.socket, { method, path, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  }

  private async shellArgs(): Promise<string[]> {
    if (existsSync(libraryArchive('play-shell'))) return [];
    const created = await this.admin('POST', '/quai/namespaces', { Name: this.namespace });
    if (created.status !== 201 && created.status !== 409) throw new Error(`creating namespace ${this.namespace}: ${created.status} ${created.body}`);
    await loadImage(`unix://${join(this.daemon.execRoot, 'namespaces', this.namespace, 'docker.sock')}`, libraryArchive('debian'));
    return ['--shell-image', 'debian:12', '--shell-cli', dockerCliPath];
  }

  /** Starts it (again, after kill9: same data root, a new port). */
  async start(): Promise<void> {
    this.log = '';
    const args = [join(repoRoot, 'bin/quai'), 'play', '--listen', '127.0.0.1:0', '--engine', this.daemon.dockerHost,
      '--data-root', join(this.dir, 'data'), '--namespace', this.namespace, ...(await this.shellArgs()), ...(this.opts.args ?? [])];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    child.stderr!.on('data', (c) => (this.log += c));
    this.url = await new Promise<string>((resolve, reject) => {
      const onData = () => {
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(this.log);
        if (m) resolve(m[1]!);
      };
      child.stderr!.on('data', onData);
      child.once('exit', (code) => reject(new Error(`quai play exited ${code}:\n${this.log}`)));
    });
  }

  /** SIGKILL: the playground gets no chance to clean up (what a crash leaves). */
  async kill9(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
  }

  /** SIGTERM: the playground closes its sessions and empties its warm pool. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await new Promise((r) => child.once('exit', r));
      clearTimeout(timer);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export async function startPlay(daemon: TestDaemon, opts: PlayOptions = {}): Promise<TestPlay> {
  const play = new TestPlay(daemon, opts);
  try {
    await play.start();
  } catch (e) {
    await play.stop();
    throw e;
  }
  return play;
}
