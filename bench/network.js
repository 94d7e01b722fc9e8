#!/usr/bin/env node
// The cost of networking in quai (issue 4), on a private daemon:
//   (a) `run --rm busybox true` with --network none, the default bridge,
//       and a user network with a published port: median ms over --runs
//   (b) HTTP requests per second to busybox httpd through a published port
//       (127.0.0.1, the userland proxy) against its container address directly
// Traffic goes only to 127.0.0.1 and to the container. Usage:
//   node bench/network.js [--runs 10] [--requests 2000] [--concurrency 8]
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import { parseArgs } from 'node:util';
import { loadBusybox, startDaemon } from '@quai/testkit';

const { values: opt } = parseArgs({
  options: { runs: { type: 'string', default: '10' }, requests: { type: 'string', default: '2000' }, concurrency: { type: 'string', default: '8' } },
});
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = Math.floor(s.length / 2); return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

const daemon = await startDaemon();
const docker = (args) => execFileSync('/usr/local/bin/docker', args, { env: { ...process.env, DOCKER_HOST: daemon.dockerHost }, encoding: 'utf8' }).trim();
try {
  await loadBusybox(daemon.dockerHost);
  docker(['network', 'create', 'benchnet']);
  const startMs = (flags) => {
    docker(['run', '--rm', ...flags, 'busybox', 'true']); // warm-up
    const times = [];
    for (let i = 0; i < Number(opt.runs); i++) {
      const t = process.hrtime.bigint();
      docker(['run', '--rm', ...flags, 'busybox', 'true']);
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    return median(times);
  };
  const none = startMs(['--network', 'none']);
  const bridge = startMs([]);
  const published = startMs(['--network', 'benchnet', '-p', '127.0.0.1::80']);
  console.log(`run --rm busybox true: none ${none.toFixed(0)} ms, bridge ${bridge.toFixed(0)} ms (+${(bridge - none).toFixed(0)}), user network + -p ${published.toFixed(0)} ms (+${(published - none).toFixed(0)})`);

  docker(['run', '-d', '--name', 'benchweb', '-p', '127.0.0.1::80', 'busybox', 'sh', '-c', 'mkdir /www && echo ok > /www/index.html && exec httpd -f -p 80 -h /www']);
  const port = Number(docker(['port', 'benchweb', '80']).split(':').pop());
  const ip = docker(['inspect', '-f', '{{.NetworkSettings.IPAddress}}', 'benchweb']);
  await new Promise((r) => setTimeout(r, 300));
  const rps = async (host, p) => {
    let left = Number(opt.requests);
    const one = () => new Promise((resolve, reject) => {
      http.get({ host, port: p, path: '/', agent: false }, (res) => { res.resume(); res.on('end', resolve); }).on('error', reject);
    });
    const t = process.hrtime.bigint();
    await Promise.all(Array.from({ length: Number(opt.concurrency) }, async () => { while (left-- > 0) await one(); }));
    return Number(opt.requests) / (Number(process.hrtime.bigint() - t) / 1e9);
  };
  await rps(ip, 80); // warm-up
  const direct = await rps(ip, 80);
  const proxied = await rps('127.0.0.1', port);
  console.log(`httpd: direct ${direct.toFixed(0)} req/s, published port ${proxied.toFixed(0)} req/s (${((proxied / direct) * 100).toFixed(0)}% of direct)`);
} finally {
  try { docker(['rm', '-f', 'benchweb']); } catch { /* not created */ }
  try { docker(['network', 'rm', 'benchnet']); } catch { /* not created */ }
  await daemon.stop();
}
