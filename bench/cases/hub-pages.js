// Issue 14: the hub's pages stay fast with a big catalogue. A generated data
// set (1,000 repositories in 100 namespaces, 10,000 tags, stars, READMEs) is
// written straight into the hub's metadata store, once in SQLite and once in
// a private PostgreSQL; then `quai hub` serves it and each page is fetched
// sequentially (one client, keep-alive): explore, search (a page of results),
// a repository page (each request a different repository, so every README
// is rendered afresh) and its tags page. Target: under 50 ms each.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from '../measure.js';
import { get } from '../load.js';
import { sleep, stopPid } from '../proc.js';

const repoRoot = resolve(fileURLToPath(import.meta.url), '../../..');
const hubDist = join(repoRoot, 'packages/hub/dist');
const NAMESPACES = 100;
const REPOS_PER_NAMESPACE = 10;
const TAGS_PER_REPO = 10;
const REQUESTS = 200;
const README = (name) => `# ${name}\n\nA generated repository for the benchmark.\n\n## Usage\n\n\`\`\`sh\ndocker run --rm ${name}\n\`\`\`\n\n| option | meaning |\n|---|---|\n| -p | publish |\n| -v | mount |\n\n${'Lorem ipsum dolor sit amet, **consectetur** adipiscing elit. '.repeat(20)}\n`;

const digest = (s) => `sha256:${createHash('sha256').update(s).digest('hex')}`;

async function generate(store) {
  const now = Date.now();
  const at = (minutesAgo) => new Date(now - minutesAgo * 60_000).toISOString();
  await store.transaction(async (tx) => {
    for (let u = 0; u < NAMESPACES; u++) {
      const user = `user${String(u).padStart(3, '0')}`;
      await tx.run('INSERT INTO users (name, kind, password_hash, admin, created) VALUES (?, ?, ?, 0, ?)', [user, 'user', 'scrypt$1$1$1$x$y', at(100_000)]);
      for (let r = 0; r < REPOS_PER_NAMESPACE; r++) {
        const name = `${u < 2 ? 'library' : user}/${['app', 'web', 'db', 'cache', 'api', 'worker', 'tools', 'base', 'proxy', 'queue'][r]}${u < 2 ? u : ''}`;
        const row = await tx.get('INSERT INTO repositories (name, namespace, private, description, readme, pull_count, created, pushed) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id',
          [name, name.split('/')[0], r === 9 && u % 2 === 0 ? 1 : 0, `The ${name} image for service ${u}-${r}`, README(name), (u * 131 + r * 17) % 100_000, at(50_000), at(u * 10 + r)]);
        const id = Number(row.id);
        for (let t = 0; t < TAGS_PER_REPO; t++) {
          const d = digest(`${name}:${t}`);
          await tx.run('INSERT INTO manifests (repo_id, digest, media_type, size, created) VALUES (?, ?, ?, ?, ?)', [id, d, 'application/vnd.oci.image.manifest.v1+json', 400, at(t)]);
          await tx.run('INSERT INTO tags (repo_id, tag, digest, updated) VALUES (?, ?, ?, ?)', [id, t === 0 ? 'latest' : `1.${t}`, d, at(t * 60 + r)]);
          await tx.run('INSERT INTO image_summaries (digest, os, architecture, size) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING', [d, 'linux', 'amd64', 3_000_000 + t]);
        }
        for (let s = 0; s < (u + r) % 5; s++) await tx.run('INSERT INTO stars (repo_id, "user", created) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [id, `user${String(s).padStart(3, '0')}`, at(s)]);
      }
    }
  });
}

/** Latency of `paths` (one after another, keep-alive): median and p95 in ms. */
async function latency(base, paths) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const times = [];
  for (const path of paths) {
    const t = process.hrtime.bigint();
    const status = await new Promise((resolve, reject) => {
      http.get(`${base}${path}`, { agent }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); }).on('error', reject);
    });
    if (status !== 200) throw new Error(`GET ${path}: HTTP ${status}`);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  agent.destroy();
  const sorted = [...times].sort((a, b) => a - b);
  return { median: median(times), p95: sorted[Math.floor(sorted.length * 0.95)] };
}

function backend(name, makeDatabase) {
  const dir = `/tmp/quai-hub-pages-bench-${name}`;
  let child;
  let db;
  let port;
  return {
    name,
    get pid() { return child?.pid; },
    get base() { return `http://127.0.0.1:${port}`; },
    async start() {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      db = await makeDatabase(dir);
      const { openMetadataStore } = await import(join(hubDist, 'metadata/metadata-store.js'));
      const store = await openMetadataStore(db.url, join(dir, 'data'));
      await generate(store);
      await store.close();
      const log = openSync(join(dir, 'hub.log'), 'a');
      child = spawn(process.execPath, [join(repoRoot, 'bin/quai'), 'hub', '--listen', '127.0.0.1:0', '--data-root', join(dir, 'data'), '--database', db.url], { stdio: ['ignore', log, log] });
      closeSync(log);
      for (let i = 0; i < 200 && !port; i++) {
        await sleep(100);
        port = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(readFileSync(join(dir, 'hub.log'), 'utf8'))?.[1];
        if (child.exitCode !== null) break;
      }
      if (!port) throw new Error(`quai hub did not start: ${readFileSync(join(dir, 'hub.log'), 'utf8').slice(-500)}`);
    },
    version: () => db?.version ?? '',
    async stop() {
      if (child?.pid && child.exitCode === null) await stopPid(child.pid);
      await db?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const sqlite = () => backend('sqlite', async () => ({ url: 'sqlite:', version: 'SQLite (better-sqlite3, WAL)', stop: async () => {} }));
const postgres = () => backend('postgres', async () => {
  const { startTestPostgres } = await import(join(hubDist, 'metadata/test-postgres.js'));
  const pg = await startTestPostgres();
  return { url: await pg.createDatabase(), version: 'PostgreSQL 15 (private cluster, unix socket)', stop: () => pg.stop() };
});

const PAGES = [
  ['explore', () => '/'],
  ['search', (i) => `/search?q=${['app', 'web', 'service 4', 'user01', 'db'][i % 5]}&page=${1 + (i % 3)}`],
  ['repository', (i) => { const u = 2 + (i % 98); return `/r/user${String(u).padStart(3, '0')}/${['app', 'web', 'db', 'cache', 'api', 'worker', 'tools', 'base', 'proxy', 'queue'][Math.floor(i / 98) % 9]}`; }],
  ['tags', (i) => `/r/user${String(2 + (i % 98)).padStart(3, '0')}/web/tags`],
];

export default {
  name: 'hub-pages',
  title: 'hub pages with 1,000 repositories and 10,000 tags (issue 14)',
  targets: 'own',
  base: 'sqlite',
  makeTargets() {
    const skipped = [];
    if (!existsSync(join(hubDist, 'main.js'))) return { engines: [], skipped: ['packages/hub/dist missing (npx tsc -b)'] };
    const out = [sqlite()];
    if (existsSync('/usr/lib/postgresql/15/bin/initdb') && process.getuid?.() === 0) out.push(postgres());
    else skipped.push('postgres: needs root and PostgreSQL 15 (scripts/setup.sh installs it)');
    return { engines: out, skipped };
  },
  rows: () => PAGES.flatMap(([page]) => [
    { label: `${page} page, median (ms)`, key: `${page}Median`, digits: 1 },
    { label: `${page} page, p95 (ms)`, key: `${page}P95`, digits: 1 },
  ]),
  notes: [
    `${NAMESPACES * REPOS_PER_NAMESPACE} repositories (5 % private: half of the "queue" ones, never requested), ${NAMESPACES * REPOS_PER_NAMESPACE * TAGS_PER_REPO} tags, stars, a 1.4 KB Markdown README each`,
    `${REQUESTS} sequential GETs per page and run (keep-alive), after 20 warm-up requests; repository pages cycle through ${REQUESTS} different repositories`,
    'target: every page under 50 ms',
  ],
  async measure(target, { runs, log }) {
    const out = {};
    for (const [page, path] of PAGES) {
      await latency(target.base, Array.from({ length: 20 }, (_, i) => path(i + 1000)));
      const medians = [];
      const p95s = [];
      for (let r = 0; r < runs; r++) {
        const { median: m, p95 } = await latency(target.base, Array.from({ length: REQUESTS }, (_, i) => path(i)));
        medians.push(m);
        p95s.push(p95);
      }
      out[`${page}Median`] = median(medians);
      out[`${page}P95`] = median(p95s);
      log(`${page}: median ${out[`${page}Median`].toFixed(1)} ms, p95 ${out[`${page}P95`].toFixed(1)} ms`);
    }
    return out;
  },
};
