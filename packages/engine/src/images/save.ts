/**
 * `docker save`: the archive Docker 25+ writes, an OCI image layout that
 * older loaders also read:
 *
 *   blobs/sha256/<hex>    configs, manifests, layers
 *   index.json            one descriptor per tag (io.containerd.image.name,
 *                         org.opencontainers.image.ref.name), or none for an id
 *   manifest.json         legacy [{Config, RepoTags, Layers}] with blob paths
 *   oci-layout            {"imageLayoutVersion": "1.0.0"}
 *   repositories          legacy {"busybox": {"latest": "<top layer hex>"}}
 *
 * The image's own manifest is kept when all its blobs are at hand (digests
 * stay valid); otherwise one is made over the layer blobs the store has
 * (local-manifest.ts).
 */
import { Readable } from 'node:stream';
import { once } from 'node:events';
import tar from 'tar-stream';
import {
  MEDIA_TYPES, canonicalString, digestHex, familiarRepository, isDigest, isFullId,
  parseNormalizedNamed, parseReference, repositoryName, type Descriptor, type Manifest,
} from '@quai/common';
import type { ImageDeps } from './deps.js';
import { localManifest } from './local-manifest.js';
import type { ImageRecord } from './image-record.js';
import { sha256 } from './store-image.js';

interface Selected {
  record: ImageRecord;
  /** Familiar tags to save it under (none when named by id). */
  tags: string[];
  ref: string;
}

/** Resolves every ref first, so a bad name fails before any byte is sent. */
export async function saveImages(d: ImageDeps, refs: string[]): Promise<Readable> {
  await d.index.ready();
  const selected = new Map<string, Selected>();
  for (const ref of refs) {
    for (const { record, tag } of select(d, ref)) {
      const s = selected.get(record.id) ?? { record, tags: [], ref };
      if (tag && !s.tags.includes(tag)) s.tags.push(tag);
      selected.set(record.id, s);
    }
  }
  const images = [];
  for (const s of selected.values()) images.push({ ...s, manifest: await localManifest(d, s.record) });
  const pack = tar.pack();
  void writeArchive(d, pack, images).catch((err: Error) => pack.destroy(err));
  for (const s of selected.values()) d.events.publish('image', 'save', s.record.id, { name: s.ref });
  return Readable.from(pack, { objectMode: false });
}

/** A repository name alone saves all its tags, as Docker does. */
function select(d: ImageDeps, ref: string): Array<{ record: ImageRecord; tag?: string }> {
  let parsed;
  try { parsed = isFullId(ref) || isDigest(ref) ? undefined : parseReference(ref); } catch { parsed = undefined; }
  if (parsed && !parsed.tag && !parsed.digest) {
    const hits = d.index.all().flatMap((record) => d.index.tagRefs(record.id)
      .filter((t) => repositoryName(t) === repositoryName(parsed!))
      .map((t) => ({ record, tag: `${familiarRepository(t)}:${t.tag}` })));
    if (hits.length) return hits;
  }
  const record = d.index.resolve(ref);
  if (!parsed) return [{ record }];
  const named = parseNormalizedNamed(ref);
  const isTag = !named.digest && d.index.tagRefs(record.id).some((t) => canonicalString(t) === canonicalString(named));
  return [{ record, tag: isTag ? `${familiarRepository(named)}:${named.tag}` : undefined }];
}


type PackEntry = { name: string; size?: number; type?: 'directory' | 'file' };

async function writeArchive(d: ImageDeps, pack: tar.Pack, images: Array<Selected & { manifest: { bytes: Buffer; doc: Manifest } }>): Promise<void> {
  const mtime = new Date(0);
  const addBuffer = (e: PackEntry, data?: Buffer) => new Promise<void>((resolve, reject) => {
    const mode = e.type === 'directory' ? 0o755 : 0o644;
    pack.entry({ ...e, mode, mtime }, data ?? Buffer.alloc(0), (err) => (err ? reject(err) : resolve()));
  });
  await addBuffer({ name: 'blobs/', type: 'directory' });
  await addBuffer({ name: 'blobs/sha256/', type: 'directory' });
  const written = new Set<string>();
  const index: Descriptor[] = [];
  const legacy = [];
  const repositories: Record<string, Record<string, string>> = {};
  for (const { tags, manifest } of images) {
    for (const blob of [manifest.doc.config, ...manifest.doc.layers]) {
      if (written.has(blob.digest)) continue;
      written.add(blob.digest);
      await addBlob(d, pack, blob.digest, mtime);
    }
    const manifestDigest = sha256(manifest.bytes);
    if (!written.has(manifestDigest)) {
      written.add(manifestDigest);
      await addBuffer({ name: `blobs/sha256/${digestHex(manifestDigest)}` }, manifest.bytes);
    }
    const desc = { mediaType: manifest.doc.mediaType ?? MEDIA_TYPES.ociManifest, digest: manifestDigest, size: manifest.bytes.length };
    if (!tags.length) index.push(desc);
    for (const tag of tags) {
      const ref = parseNormalizedNamed(tag);
      index.push({ ...desc, annotations: { 'io.containerd.image.name': canonicalString(ref), 'org.opencontainers.image.ref.name': ref.tag! } });
      const top = manifest.doc.layers.at(-1);
      if (top) (repositories[familiarRepository(ref)] ??= {})[ref.tag!] = digestHex(top.digest);
    }
    legacy.push({
      Config: `blobs/sha256/${digestHex(manifest.doc.config.digest)}`,
      RepoTags: tags.length ? tags : null,
      Layers: manifest.doc.layers.map((l) => `blobs/sha256/${digestHex(l.digest)}`),
    });
  }
  const json = (v: unknown) => Buffer.from(JSON.stringify(v));
  await addBuffer({ name: 'index.json' }, json({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: index }));
  await addBuffer({ name: 'manifest.json' }, json(legacy));
  await addBuffer({ name: 'oci-layout' }, json({ imageLayoutVersion: '1.0.0' }));
  if (Object.keys(repositories).length) await addBuffer({ name: 'repositories' }, json(repositories));
  pack.finalize();
}

async function addBlob(d: ImageDeps, pack: tar.Pack, digest: string, mtime: Date): Promise<void> {
  const { size } = await d.content.info(digest);
  let settle!: (err?: Error | null) => void;
  const done = new Promise<void>((resolve, reject) => { settle = (err) => (err ? reject(err) : resolve()); });
  const sink = pack.entry({ name: `blobs/sha256/${digestHex(digest)}`, size, mode: 0o644, mtime }, (err) => settle(err));
  for await (const chunk of d.content.reader(digest)) {
    if (!sink.write(chunk as Buffer)) await once(sink as unknown as NodeJS.EventEmitter, 'drain');
  }
  (sink as unknown as { end(): void }).end();
  await done;
}
