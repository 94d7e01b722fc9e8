import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './repo.js';

export interface HubUser {
  name: string;
  password: string;
  admin?: boolean;
}

/**
 * A private `quai hub` on a free 127.0.0.1 port, data in a fresh
 * /tmp/quai-hub-test-* dir, with the given accounts.
 */
export class TestHub {
  readonly dir = mkdtempSync('/tmp/quai-hub-test-');
  readonly dataRoot = join(this.dir, 'hub');
  /** `http://127.0.0.1:PORT` */
  url = '';
  /** `127.0.0.1:PORT`, as image references name it. */
  host = '';
  private child: ChildProcess | undefined;

  async start(users: HubUser[]): Promise<void> {
    for (const u of users) {
      execFileSync(process.execPath, [join(repoRoot, 'bin/quai'), 'hub', 'user', 'add', u.name, '--password-stdin',
        ...(u.admin ? ['--admin'] : []), '--data-root', this.dataRoot], { input: `${u.password}\n`, stdio: ['pipe', 'ignore', 'pipe'] });
    }
    const child = spawn(join(repoRoot, 'bin/quai'), ['hub', '--listen', '127.0.0.1:0', '--data-root', this.dataRoot],
      { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    this.url = await new Promise<string>((resolve, reject) => {
      let log = '';
      child.stderr!.on('data', (c) => {
        log += c;
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`hub exited ${code}: ${log}`)));
    });
    this.host = this.url.replace('http://', '');
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export async function startHub(users: HubUser[] = []): Promise<TestHub> {
  const hub = new TestHub();
  try {
    await hub.start(users);
  } catch (e) {
    await hub.stop();
    throw e;
  }
  return hub;
}
