/**
 * Test helper: a private PostgreSQL 15 cluster in a temp dir, listening only
 * on a unix socket there (no TCP), run as the `postgres` user with trust
 * auth. stop() ends the postmaster by its PID and removes the dir.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const BIN = '/usr/lib/postgresql/15/bin';

export interface TestPostgres {
  /** The socket dir (also the cluster's parent dir). */
  dir: string;
  /** A fresh, empty database; resolves with its URL. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

function pgUser(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('this test needs the "postgres" user: apt-get install -y postgresql (scripts/setup.sh does)');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

export async function startTestPostgres(): Promise<TestPostgres> {
  if (process.getuid?.() !== 0) throw new Error('this test needs root (uid 0) to run PostgreSQL as the postgres user');
  if (!existsSync(join(BIN, 'initdb'))) throw new Error(`this test needs PostgreSQL 15 (${BIN}/initdb): apt-get install -y postgresql`);
  const { uid, gid } = pgUser();
  const dir = mkdtempSync(join(tmpdir(), 'quai-pg-'));
  chownSync(dir, uid, gid);
  const data = join(dir, 'data');
  const as = { uid, gid, stdio: 'pipe' as const, env: { ...process.env, LC_ALL: 'C' } };
  let pid = 0;
  try {
    execFileSync(join(BIN, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8'], as);
    execFileSync(join(BIN, 'pg_ctl'), ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '30', 'start',
      '-o', `-k ${dir} -c listen_addresses='' -c fsync=off -c max_connections=60`], as);
    pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch (err) {
    const log = existsSync(join(dir, 'log')) ? readFileSync(join(dir, 'log'), 'utf8') : '';
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`starting PostgreSQL failed: ${(err as Error).message}\n${log}`);
  }
  const url = (db: string) => `postgresql://postgres@/${db}?host=${encodeURIComponent(dir)}`;
  let n = 0;
  return {
    dir,
    async createDatabase() {
      const name = `quai_test_${++n}`;
      const admin = new pg.Client({ connectionString: url('postgres') });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return url(name);
    },
    async stop() {
      // SIGINT: PostgreSQL's fast shutdown (disconnects clients, no checkpoint wait).
      try { process.kill(pid, 'SIGINT'); } catch { /* already gone */ }
      for (let i = 0; i < 100; i++) {
        try { process.kill(pid, 0); } catch { break; }
        await new Promise((r) => setTimeout(r, 100));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
