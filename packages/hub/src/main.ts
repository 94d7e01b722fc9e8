/**
 * `quai hub`: the registry server, and its admin commands.
 *
 *   quai hub [--listen 127.0.0.1:5000] --data-root DIR [--database URL] [--storage DIR|s3://...] [--public-url URL] [--tls-cert F --tls-key F] [--upload-ttl S]
 *   quai hub signup NAME [--url URL] [--password-stdin]     sign up on a running hub (no root, no data root)
 *   quai hub user add NAME --password-stdin [--admin] --data-root DIR [--database URL]
 *   quai hub gc [--grace SECONDS] [--dry-run] --data-root DIR [--database URL] [--storage ...]
 *
 * The admin commands open the same database (SQLite in WAL mode, or the
 * same PostgreSQL), so they work while the hub is serving. Any number of
 * hub processes on one PostgreSQL and one bucket serve the same registry.
 */
import { parseArgs } from 'node:util';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { startHub } from './server.js';
import { openHub } from './hub.js';
import { collectGarbage } from './gc.js';

const USAGE = `Usage: quai hub [OPTIONS]
       quai hub signup NAME [--url URL] [--password-stdin]
       quai hub user add NAME --password-stdin [--admin] --data-root DIR [--database URL]
       quai hub gc [--grace SECONDS] [--dry-run] --data-root DIR [--database URL] [--storage SPEC]

Options:
      --listen string       Address to listen on (default "127.0.0.1:5000")
      --data-root string    Hub state: blobs, database, signing key (default "/var/lib/quai-hub")
      --database string     Metadata: "sqlite:" (hub.db under --data-root) or
                            postgres://user@host:port/db, postgresql:///db?host=/socket/dir (default "sqlite:")
      --storage string      Blobs: a directory, or s3://BUCKET?endpoint=URL&region=R[&partsize=MiB]
                            (credentials: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or a shared
                            credentials file) (default "<data-root>/storage")
      --storage-redirect    Blob GETs redirect to the storage (S3: presigned URLs)
      --public-url string   URL clients use to reach the hub (default from --listen)
      --node-name string    This node's name in logs and GC runs (default host:pid)
      --upload-ttl int      Delete uploads idle for this many seconds (default 3600)
      --drain int           On SIGTERM, give requests in flight this many seconds (default 10)
      --tls-cert string     PEM certificate (serve HTTPS)
      --tls-key string      PEM private key
      --pidfile string      Write the hub's PID here
      --trusted-proxy list  A load balancer's address: its X-Forwarded-For names the client
                            (for the login guard); repeat for several
      --webhook-allow-private
                            Deliver webhooks to loopback and private addresses too
                            (default: public addresses only)
      --url string          signup: the hub to sign up on (default "http://127.0.0.1:5000")
`;

const OPTIONS = {
  listen: { type: 'string', default: '127.0.0.1:5000' },
  'data-root': { type: 'string', default: '/var/lib/quai-hub' },
  database: { type: 'string', default: 'sqlite:' },
  storage: { type: 'string' },
  'storage-redirect': { type: 'boolean' },
  'node-name': { type: 'string' },
  'upload-ttl': { type: 'string' },
  drain: { type: 'string', default: '10' },
  'public-url': { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  pidfile: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  admin: { type: 'boolean' },
  grace: { type: 'string' },
  'dry-run': { type: 'boolean' },
  'webhook-allow-private': { type: 'boolean' },
  'trusted-proxy': { type: 'string', multiple: true },
  url: { type: 'string', default: 'http://127.0.0.1:5000' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export async function main(argv: string[]): Promise<void> {
  try {
    await run(argv);
  } catch (err) {
    // Set-up failures (database unreachable, port taken) as one line, not a stack.
    fail(`quai hub: ${(err as Error).message}`);
  }
}

async function run(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  } catch (err) {
    process.stderr.write(`quai hub: ${(err as Error).message}\n\n${USAGE}`);
    process.exitCode = 125;
    return;
  }
  const { values, positionals } = parsed;
  if (values.help) { process.stdout.write(USAGE); return; }
  const dataRoot = values['data-root']!;
  const database = values.database!;
  const storage = values.storage;
  const log = (m: string) => process.stderr.write(`${new Date().toISOString()} ${m}\n`);

  if (positionals[0] === 'signup') {
    if (positionals.length !== 2) return fail(`quai hub signup: one NAME expected\n\n${USAGE}`);
    return signup(values.url!, positionals[1]!, values['password-stdin'] ?? false);
  }
  if (positionals[0] === 'user' && positionals[1] === 'add' && positionals[2]) {
    if (!values['password-stdin']) return fail('quai hub user add: --password-stdin is required');
    const hub = await openHub({ dataRoot, database, publicUrl: 'http://localhost' });
    try {
      await hub.users.add(positionals[2], await readStdin(), { admin: values.admin });
      process.stdout.write(`user ${positionals[2]} added${values.admin ? ' (admin)' : ''}\n`);
    } catch (err) {
      fail(`quai hub user add: ${(err as Error).message}`);
    } finally {
      await hub.close();
    }
    return;
  }
  if (positionals[0] === 'gc') {
    const hub = await openHub({ dataRoot, database, storage, publicUrl: 'http://localhost', log });
    const report = await collectGarbage(hub, { graceSeconds: values.grace ? Number(values.grace) : undefined, dryRun: values['dry-run'] });
    await hub.close();
    for (const d of report.deleted) process.stdout.write(`${values['dry-run'] ? 'would delete' : 'deleted'} ${d}\n`);
    process.stdout.write(`${report.deleted.length} blob(s), ${report.freedBytes} bytes\n`);
    return;
  }
  if (positionals.length) return fail(`quai hub: unknown command "${positionals.join(' ')}"\n\n${USAGE}`);

  const listen = values.listen!;
  const i = listen.lastIndexOf(':');
  const host = i > 0 ? listen.slice(0, i).replace(/^\[|\]$/g, '') : '127.0.0.1';
  const port = Number(i >= 0 ? listen.slice(i + 1) : listen);
  const tls = values['tls-cert'] && values['tls-key'] ? { cert: readFileSync(values['tls-cert']), key: readFileSync(values['tls-key']) } : undefined;
  const seconds = (name: 'upload-ttl' | 'drain') => {
    const v = values[name];
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v) || (name === 'upload-ttl' && Number(v) === 0)) throw new Error(`--${name}: a ${name === 'drain' ? '' : 'positive '}number of seconds, not "${v}"`);
    return Number(v);
  };
  const uploadTtlSeconds = seconds('upload-ttl');
  const drainMs = seconds('drain')! * 1000;
  const hub = await startHub({
    dataRoot, database, storage, storageRedirect: values['storage-redirect'], nodeName: values['node-name'],
    host, port, publicUrl: values['public-url'], tls, log, uploadTtlSeconds, webhookAllowPrivate: values['webhook-allow-private'] ?? false,
    trustedProxies: values['trusted-proxy'],
  });
  if (values.pidfile) writeFileSync(values.pidfile, `${process.pid}\n`);
  log(`quai hub ${process.pid} listening on ${hub.url} (public ${hub.hub.config.publicUrl}, node ${hub.hub.config.nodeName}, data root ${dataRoot}, metadata ${hub.hub.store.kind}, storage ${hub.hub.driver.description})`);
  const shutdown = async () => {
    log(`quai hub ${process.pid} draining`);
    await hub.close({ drainMs });
    if (values.pidfile) rmSync(values.pidfile, { force: true });
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}

/** Signs up through the hub's API: the same rules as the web form, nothing local needed. */
async function signup(hubUrl: string, name: string, fromStdin: boolean): Promise<void> {
  let password: string;
  if (fromStdin) {
    password = await readStdin();
  } else if (process.stdin.isTTY) {
    password = await promptHidden('Password: ');
    if ((await promptHidden('Password again: ')) !== password) return fail('quai hub signup: the passwords differ');
  } else {
    return fail('quai hub signup: no terminal to ask the password on: use --password-stdin');
  }
  let res: Response;
  try {
    res = await fetch(new URL('/api/users', hubUrl), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name, password }) });
  } catch (err) {
    return fail(`quai hub signup: cannot reach ${hubUrl}: ${(err as Error & { cause?: Error }).cause?.message ?? (err as Error).message}`);
  }
  if (res.status !== 201) {
    const body = await res.json().catch(() => ({})) as { message?: string };
    return fail(`quai hub signup: ${body.message ?? `HTTP ${res.status}`}`);
  }
  const host = new URL(hubUrl).host;
  process.stdout.write(`Signed up as ${name} on ${hubUrl}\nNext: docker login ${host} -u ${name}   (or docker login -u ${name} through an engine whose mirror is this hub)\n`);
}

/** Reads one line from the terminal without echoing it. */
async function promptHidden(prompt: string): Promise<string> {
  process.stderr.write(prompt);
  const stdin = process.stdin;
  stdin.setRawMode(true);
  stdin.resume();
  let line = '';
  try {
    return await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        for (const ch of chunk.toString('utf8')) {
          if (ch === '\r' || ch === '\n') { stdin.off('data', onData); resolve(line); return; }
          if (ch === '\u0003') { stdin.off('data', onData); reject(new Error('interrupted')); return; }
          if (ch === '\u007f') line = line.slice(0, -1);
          else line += ch;
        }
      };
      stdin.on('data', onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    process.stderr.write('\n');
  }
}

function fail(message: string): void {
  process.stderr.write(`${message}\n`);
  process.exitCode = 1;
}
