/**
 * `docker pull`: resolve the reference's manifest (an index picks the
 * platform), fetch the config and the missing layers in parallel, each
 * digest-verified as it streams into the content store, then store the
 * image as a load does. Progress lines are Docker's:
 *
 *   {"status":"Pulling from alice/bb","id":"1"}
 *   {"status":"Pulling fs layer","id":"2f2e1504aaa6"} … "Downloading" … "Download complete" … "Pull complete"
 *   {"status":"Digest: sha256:…"}  {"status":"Status: Downloaded newer image for 127.0.0.1:5000/alice/bb:1"}
 */
import {
  InvalidArgumentError, NotFoundError, QuaiError, familiarRepository, familiarString, parseNormalizedNamed, shortId,
  type Descriptor, type Index, type Manifest,
} from '@quai/common';
import { Transform } from 'node:stream';
import type { RegistryAuth } from '../registry/auth.js';
import { endpointFor, type RegistryOptions } from '../registry/endpoint.js';
import { RegistryClient, type FetchedManifest } from '../registry/registry-client.js';
import { limited, type ImageDeps } from './deps.js';
import type { ImageRecord } from './image-record.js';
import { LayerBlobs } from './layer-blobs.js';
import { formatPlatform, hostArchitecture, parsePlatform, platformMatches } from './platform.js';
import { parseConfig, sha256, storeImage } from './store-image.js';
import { chainIds } from './chain-id.js';

export interface ProgressMessage {
  status: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
}

export interface PullOptions {
  /** What the user typed: `busybox`, `127.0.0.1:5000/alice/bb:1`, `x@sha256:…`. */
  ref: string;
  /** `linux/arm64`; the host's platform when absent. */
  platform?: string;
  auth?: RegistryAuth;
  registry?: RegistryOptions;
  onProgress?: (msg: ProgressMessage) => void;
}

const PARALLEL_LAYERS = 3;

export async function pullImage(d: ImageDeps, opts: PullOptions): Promise<ImageRecord> {
  const say = opts.onProgress ?? (() => {});
  const wanted = opts.platform ? parsePlatform(opts.platform) : undefined;
  const ref = parseNormalizedNamed(opts.ref);
  const reference = ref.digest ?? ref.tag ?? 'latest';
  const repoPath = ref.path;
  const client = await RegistryClient.open(endpointFor(ref.domain, opts.registry ?? {}), repoPath, opts.auth ?? {}, ['pull']).catch((err) => {
    throw deny(err, familiarRepository(ref));
  });
  say({ status: `Pulling from ${ref.path}`, id: ref.digest ?? reference });
  const top = await client.getManifest(reference).catch((err) => { throw deny(err, familiarRepository(ref), familiarString(ref)); });
  const { manifest, bytes } = await pickManifest(client, top, opts.platform);
  const configBytes = await fetchConfig(d, client, manifest.config);
  const config = parseConfig(configBytes);
  if (config.rootfs.diff_ids.length !== manifest.layers.length) throw new InvalidArgumentError('manifest and config disagree on the number of layers');

  const chains = chainIds(config.rootfs.diff_ids);
  const queue = manifest.layers.map((layer, i) => ({ layer, diffId: config.rootfs.diff_ids[i]!, chainId: chains[i]! }));
  // Held until the image is recorded: what "Already exists" relies on stays, whatever another namespace removes.
  const release = await d.shared.leases.acquire([manifest.config.digest, top.digest, ...queue.flatMap((q) => [q.layer.digest, q.diffId, q.chainId])]);
  try {
    const record = await fetchAndStore(d, { ref, top, bytes, queue, configBytes, say, client });
    // A single-platform image of another platform is kept, with Docker's warning (a create asking for the platform refuses it).
    const have = { os: config.os, architecture: config.architecture, variant: config.variant };
    if (wanted && !platformMatches(wanted, have)) {
      say({ status: `WARNING: image with reference ${familiarString(ref)} was found but its platform (${formatPlatform(have)}) does not match the specified platform (${formatPlatform(wanted)})` });
    }
    return record;
  } finally {
    release();
  }
}

interface Fetch {
  ref: ReturnType<typeof parseNormalizedNamed>;
  top: FetchedManifest;
  bytes: Buffer;
  queue: Array<{ layer: Descriptor; diffId: string; chainId: string }>;
  configBytes: Buffer;
  say: (msg: ProgressMessage) => void;
  client: RegistryClient;
}

async function fetchAndStore(d: ImageDeps, f: Fetch): Promise<ImageRecord> {
  const { ref, top, bytes, queue, configBytes, say, client } = f;
  // A layer held under another blob (a load's plain tar, another registry's gzip) is not fetched again.
  const local = new LayerBlobs(d);
  const missing: typeof queue = [];
  for (const q of queue) if (!(await local.find(q.diffId, q.layer.digest))) missing.push(q);
  await d.quota?.checkDisk(missing.reduce((n, q) => n + (q.layer.size ?? 0), 0));
  if (!d.index.byId(sha256(configBytes))) d.quota?.checkCount('images', d.index.all().length);
  for (const { layer } of queue) say({ status: 'Pulling fs layer', id: shortId(layer.digest) });
  let next = 0;
  const worker = async () => {
    while (next < queue.length) {
      const { layer, diffId } = queue[next++]!;
      const id = shortId(layer.digest);
      if (await local.find(diffId, layer.digest)) {
        say({ status: 'Already exists', id });
        continue;
      }
      const { stream, size } = await client.blob(layer.digest);
      let current = 0, lastReport = 0;
      // Counting in a Transform: a 'data' listener would drain the stream before the store reads it.
      const counted = stream.pipe(new Transform({
        transform(chunk: Buffer, _enc, done) {
          current += chunk.length;
          if (current - lastReport >= 512 * 1024) {
            lastReport = current;
            say({ status: 'Downloading', id, progressDetail: { current, total: size || layer.size } });
          }
          done(null, chunk);
        },
      }));
      stream.once('error', (err) => counted.destroy(err));
      await d.content.write(layer.digest, await limited(d, counted, 'layer'));
      say({ status: 'Verifying Checksum', id });
      say({ status: 'Download complete', id });
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_LAYERS, queue.length) }, worker));

  const before = ref.tag ? safeResolve(d, familiarString(ref)) : undefined;
  const { record } = await storeImage(d, {
    configBytes,
    layerBlobs: queue.map((q) => q.layer.digest),
    manifestBytes: bytes,
    repoTags: ref.tag && !ref.digest ? [familiarString(ref)] : [],
    repoDigests: [`${familiarRepository(ref)}@${top.digest}`],
  });
  for (const { layer } of queue) say({ status: 'Pull complete', id: shortId(layer.digest) });
  d.events.publish('image', 'pull', record.id, { name: familiarString(ref) });
  say({ status: `Digest: ${top.digest}` });
  say({ status: before === record.id ? `Status: Image is up to date for ${familiarString(ref)}` : `Status: Downloaded newer image for ${familiarString(ref)}` });
  return record;
}

function safeResolve(d: ImageDeps, ref: string): string | undefined {
  try { return d.index.resolve(ref).id; } catch { return undefined; }
}

/**
 * Docker's wording when a repository is private or absent. Never a 401 kind:
 * the docker CLI answers a 401 from the engine with an interactive login prompt.
 */
function deny(err: unknown, repo: string, what?: string): unknown {
  const kind = (err as { kind?: string }).kind;
  if (kind === 'unauthorized') {
    if (/incorrect username or password/.test((err as Error).message)) return new QuaiError('forbidden', (err as Error).message);
    return new NotFoundError(`pull access denied for ${repo}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`);
  }
  if (kind === 'not-found' && what) return new NotFoundError(`manifest for ${what} not found: manifest unknown: manifest unknown`);
  return err;
}

async function pickManifest(client: RegistryClient, top: FetchedManifest, platform?: string): Promise<{ manifest: Manifest; bytes: Buffer }> {
  let current = top;
  for (let depth = 0; depth < 3; depth++) {
    const doc = JSON.parse(current.bytes.toString('utf8')) as Manifest & Index;
    if (!Array.isArray(doc.manifests)) {
      if (!doc.config || !Array.isArray(doc.layers)) throw new InvalidArgumentError(`unsupported manifest type ${current.mediaType}`);
      return { manifest: doc, bytes: current.bytes };
    }
    const choice = choosePlatform(doc.manifests, platform);
    if (!choice) throw new NotFoundError(`no matching manifest for ${platform ?? `linux/${hostArchitecture()}`} in the manifest list entries`);
    current = await client.getManifest(choice.digest);
  }
  throw new InvalidArgumentError('manifest indexes nested too deep');
}

export function choosePlatform(manifests: Descriptor[], platform?: string): Descriptor | undefined {
  const [os, arch, variant] = (platform ?? `linux/${hostArchitecture()}`).split('/');
  const usable = manifests.filter((m) => m.platform?.os !== 'unknown');
  return usable.find((m) => m.platform?.os === os && m.platform.architecture === arch && (!variant || m.platform.variant === variant))
    ?? (usable.length === 1 && !usable[0]!.platform ? usable[0] : undefined);
}

async function fetchConfig(d: ImageDeps, client: RegistryClient, desc: Descriptor): Promise<Buffer> {
  if (!(await d.content.has(desc.digest))) {
    const { stream } = await client.blob(desc.digest);
    await d.content.write(desc.digest, stream);
  }
  return d.content.get(desc.digest);
}
