// Issue 6: the hub against Distribution. Push and pull of a 256 MiB image
// (one layer of random data) with skopeo, manifest GETs per second on
// loopback (bounded: a few seconds per pass), and resident memory.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { median, medianOf } from '../measure.js';
import { randomImageArchive } from '../fixtures.js';
import { get, requestsPerSecond } from '../load.js';
import { rssBytes, run } from '../proc.js';

const SIZE = 256 * 1024 * 1024;
const MiB = 1024 * 1024;
const MANIFEST_TYPES = 'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json';
let images; // one fresh archive per run, so no push finds its blob already there

/** Headers for reading repo: none, or a Bearer token from the registry's own realm. */
async function pullHeaders(reg, repo) {
  const url = `http://${reg.host}/v2/${repo}/manifests/r0`;
  const first = await get(url, { Accept: MANIFEST_TYPES });
  if (first.status === 200) return { Accept: MANIFEST_TYPES };
  const challenge = first.headers['www-authenticate'] ?? '';
  const param = (k) => new RegExp(`${k}="([^"]*)"`).exec(challenge)?.[1];
  if (first.status !== 401 || !param('realm')) throw new Error(`GET ${url}: HTTP ${first.status}`);
  const basic = reg.creds ? { Authorization: `Basic ${Buffer.from(reg.creds).toString('base64')}` } : {};
  const tokenUrl = `${param('realm')}?service=${encodeURIComponent(param('service') ?? '')}&scope=repository:${repo}:pull`;
  const tok = await get(tokenUrl, basic);
  const token = JSON.parse(tok.body).token;
  if (!token) throw new Error(`token from ${tokenUrl}: HTTP ${tok.status}`);
  return { Accept: MANIFEST_TYPES, Authorization: `Bearer ${token}` };
}

export default {
  name: 'registry',
  title: 'registry (issue 6)',
  targets: 'registries',
  base: 'quai',
  rows: () => [
    { label: 'push 256 MiB, skopeo (MB/s)', key: 'pushMBps', digits: 0 },
    { label: 'pull 256 MiB, skopeo to dir: (MB/s)', key: 'pullMBps', digits: 0 },
    { label: 'manifest GET (req/s)', key: 'manifestRps', digits: 0 },
    { label: 'RSS idle (MiB)', key: 'idleRss', digits: 1 },
    { label: 'RSS after the load (MiB)', key: 'busyRss', digits: 1 },
    { label: 'RSS peak (MiB)', key: 'peakRss', digits: 1 },
  ],
  notes: [
    'push: skopeo copy --preserve-digests docker-archive: (one uncompressed 256 MiB layer, new random data per run; without --preserve-digests skopeo gzips it first)',
    'pull: skopeo copy docker:// dir: ; MB = 10^6 bytes of the layer blob',
    'manifest GET: wrk -t1 -c8 -d3s (or a node loop), Accept: schema 2 / OCI manifest; quai hub with a Bearer token from /token',
  ],
  cleanup() {
    for (const img of images ?? []) rmSync(img.path, { force: true });
    images = undefined;
  },
  async measure(reg, { runs, outDir, log }) {
    if (!images) {
      log(`making ${runs} random 256 MiB image archive(s)`);
      images = Array.from({ length: runs }, (_, i) => randomImageArchive(join(outDir, `image-${i}.tar`), 'bench/big:latest', SIZE));
    }
    const idleRss = rssBytes(reg.pid) / MiB;
    const creds = (side) => (reg.creds ? [`--${side}-creds`, reg.creds] : []);
    const push = images.map((img, i) => medianOf(1, () => run('skopeo', ['copy', '-q', '--preserve-digests',
      '--dest-tls-verify=false', ...creds('dest'), `docker-archive:${img.path}`, `docker://${reg.host}/bench/big:r${i}`], { timeoutMs: 300_000 })));
    const dirOut = join(outDir, 'pulled');
    const pull = images.map((_, i) => {
      rmSync(dirOut, { recursive: true, force: true });
      mkdirSync(dirOut);
      return medianOf(1, () => run('skopeo', ['copy', '-q', '--src-tls-verify=false', ...creds('src'),
        `docker://${reg.host}/bench/big:r${i}`, `dir:${dirOut}`], { timeoutMs: 300_000 }));
    });
    rmSync(dirOut, { recursive: true, force: true });
    const headers = await pullHeaders(reg, 'bench/big');
    const url = `http://${reg.host}/v2/bench/big/manifests/r0`;
    await requestsPerSecond(url, { headers, seconds: 1 }); // warm-up
    const rps = [];
    for (let i = 0; i < runs; i++) rps.push(await requestsPerSecond(url, { headers, seconds: 3 }));
    const mb = images[0].layerBytes / 1e6;
    return {
      pushMBps: mb / median(push), pullMBps: mb / median(pull), manifestRps: median(rps),
      idleRss, busyRss: rssBytes(reg.pid) / MiB, peakRss: rssBytes(reg.pid, 'VmHWM') / MiB,
    };
  },
};
