// Bounded HTTP load on loopback or a bench container: requests per second
// with wrk (Debian's, installed on first use) or, failing that, a node loop.
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import { commandExists, run } from './proc.js';

let wrkChecked = false;
function haveWrk() {
  if (!wrkChecked && !commandExists('wrk')) {
    console.error('bench: installing wrk (apt-get)');
    spawnSync('apt-get', ['install', '-y', '-q', 'wrk'], { stdio: 'ignore', timeout: 300_000 });
  }
  wrkChecked = true;
  return commandExists('wrk');
}

/** GET url once: { status, body }. */
export function get(url, headers = {}) {
  return new Promise((resolve, reject) => {
    http.get(url, { headers, agent: false, timeout: 10_000 }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    }).on('error', reject).on('timeout', function onTimeout() { this.destroy(new Error(`GET ${url}: timeout`)); });
  });
}

/** Requests per second over `seconds` with `connections` in flight; throws when any request failed. */
export async function requestsPerSecond(url, { headers = {}, seconds = 3, connections = 8 } = {}) {
  if (haveWrk()) {
    const hdr = Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]);
    const out = run('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '5s', ...hdr, url], { timeoutMs: (seconds + 30) * 1000 });
    const bad = /Non-2xx or 3xx responses: (\d+)/.exec(out);
    if (bad) throw new Error(`wrk ${url}: ${bad[1]} non-2xx answers`);
    return Number(/Requests\/sec:\s+([\d.]+)/.exec(out)[1]);
  }
  let done = 0;
  const end = Date.now() + seconds * 1000;
  const t = process.hrtime.bigint();
  await Promise.all(Array.from({ length: connections }, async () => {
    while (Date.now() < end) {
      const r = await get(url, headers);
      if (r.status >= 300) throw new Error(`GET ${url}: HTTP ${r.status}`);
      done++;
    }
  }));
  return done / (Number(process.hrtime.bigint() - t) / 1e9);
}

/** Polls url until it answers (any status), at most timeoutMs. */
export async function waitForHttp(url, headers = {}, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await get(url, headers);
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
