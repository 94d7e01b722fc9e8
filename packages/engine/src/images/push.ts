/**
 * `docker push`: for each tag of the repository (or the one given), send
 * the layers the registry lacks, then the config, then the manifest the
 * image came with (so its digest is stable across registries). Progress:
 *
 *   {"status":"The push refers to repository [127.0.0.1:5000/alice/bb]"}
 *   {"status":"Preparing","id":"2f2e1504aaa6"} … "Pushing" / "Layer already exists" / "Mounted from alice/bb" … "Pushed"
 *   {"status":"1: digest: sha256:… size: 528"}  {"aux":{"Tag":"1","Digest":"sha256:…","Size":528}}
 */
import {
  MEDIA_TYPES, NotFoundError, QuaiError, familiarRepository, parseNormalizedNamed, parseReference, repositoryName, shortId,
} from '@quai/common';
import type { RegistryAuth } from '../registry/auth.js';
import { endpointFor, type RegistryOptions } from '../registry/endpoint.js';
import { RegistryClient } from '../registry/registry-client.js';
import type { ImageDeps } from './deps.js';
import { localManifest } from './local-manifest.js';
import type { ImageRecord } from './image-record.js';
import type { ProgressMessage } from './pull.js';

export interface PushOptions {
  /** Repository (`127.0.0.1:5000/alice/bb`), with or without a tag. */
  ref: string;
  /** Overrides the reference's tag; neither → every tag of the repository. */
  tag?: string;
  auth?: RegistryAuth;
  registry?: RegistryOptions;
  onProgress?: (msg: ProgressMessage | { progressDetail: object; aux: unknown }) => void;
}

export async function pushImage(d: ImageDeps, opts: PushOptions): Promise<void> {
  await d.index.ready();
  const say = opts.onProgress ?? (() => {});
  const ref = parseReference(opts.ref);
  const tag = opts.tag || ref.tag;
  const repo = repositoryName(ref);
  const targets: Array<{ tag: string; record: ImageRecord }> = [];
  for (const record of d.index.all()) {
    for (const t of d.index.tagRefs(record.id)) {
      if (repositoryName(t) === repo && (!tag || t.tag === tag)) targets.push({ tag: t.tag!, record });
    }
  }
  if (!targets.length) throw new NotFoundError(`An image does not exist locally with the tag: ${familiarRepository(ref)}${tag ? `:${tag}` : ''}`);
  targets.sort((a, b) => a.tag.localeCompare(b.tag));
  say({ status: `The push refers to repository [${repo}]` });
  const sources = mountSources(d, ref.domain, ref.path);
  const allSources = [...new Set([...sources.values()].flat())].slice(0, MAX_MOUNT_SOURCES);
  // Never a 401 kind: the docker CLI answers one with an interactive login prompt.
  const client = await RegistryClient.open(endpointFor(ref.domain, opts.registry ?? {}), ref.path, opts.auth ?? {}, ['pull', 'push'], allSources)
    .catch((err: Error & { kind?: string }) => { throw err.kind === 'unauthorized' ? new QuaiError('forbidden', err.message) : err; });
  for (const { tag: t, record } of targets) {
    const { bytes, doc } = await localManifest(d, record);
    const diffIds = doc.layers.length === record.layers.length ? record.layers.map((l) => l.diffId) : [];
    const layers = doc.layers.map((l, i) => ({ ...l, diffId: diffIds[i] })).reverse();
    for (const l of layers) say({ status: 'Preparing', id: shortId(l.digest) });
    for (const l of layers) {
      const id = shortId(l.digest);
      if (await client.hasBlob(l.digest)) {
        say({ status: 'Layer already exists', id });
        continue;
      }
      const from = await mountFrom(client, l.digest, sources.get(l.diffId ?? '') ?? []);
      if (from) {
        say({ status: `Mounted from ${from}`, id });
        continue;
      }
      say({ status: 'Pushing', id, progressDetail: { current: 0, total: l.size } });
      await client.pushBlob(l.digest, l.size, () => d.content.reader(l.digest));
      say({ status: 'Pushed', id });
    }
    if (!(await client.hasBlob(doc.config.digest))) await client.pushBlob(doc.config.digest, doc.config.size, () => d.content.reader(doc.config.digest));
    const digest = await client.putManifest(t, bytes, doc.mediaType ?? MEDIA_TYPES.ociManifest);
    await addRepoDigest(d, record.id, `${familiarRepository(ref)}@${digest}`);
    say({ status: `${t}: digest: ${digest} size: ${bytes.length}` });
    say({ progressDetail: {}, aux: { Tag: t, Digest: digest, Size: bytes.length } });
    d.events.publish('image', 'push', record.id, { name: `${familiarRepository(ref)}:${t}` });
  }
}

/** As Docker after a push: the image lists the digest it has in that repository (and later pushes can mount from there). */
async function addRepoDigest(d: ImageDeps, id: string, digestRef: string): Promise<void> {
  const current = d.index.byId(id);
  if (current && !current.repoDigests.includes(digestRef)) await d.index.put({ ...current, repoDigests: [...current.repoDigests, digestRef] });
}

/** Docker tries a few source repositories per layer, no more. */
const MAX_MOUNT_ATTEMPTS = 3;
const MAX_MOUNT_SOURCES = 10;

/**
 * Where each layer (by diffId) was pulled from on the target's registry:
 * the other repositories named in the repo digests of images holding it.
 * The registry can mount the blob from there instead of receiving it again.
 */
function mountSources(d: ImageDeps, domain: string, targetPath: string): Map<string, string[]> {
  const sources = new Map<string, string[]>();
  for (const image of d.index.all()) {
    const repos = image.repoDigests.map(parseNormalizedNamed).filter((r) => r.domain === domain && r.path !== targetPath).map((r) => r.path);
    for (const layer of image.layers) {
      const known = sources.get(layer.diffId) ?? [];
      sources.set(layer.diffId, [...new Set([...known, ...repos])]);
    }
  }
  return sources;
}

/** The first source repository the registry mounted the blob from, if any. */
async function mountFrom(client: RegistryClient, digest: string, candidates: string[]): Promise<string | undefined> {
  for (const from of candidates.slice(0, MAX_MOUNT_ATTEMPTS)) {
    if (await client.mountBlob(digest, from)) return from;
  }
  return undefined;
}

