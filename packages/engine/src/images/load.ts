/**
 * `docker load`: both archive flavours Docker reads.
 *   - legacy: manifest.json [{Config, RepoTags, Layers}] with paths such as
 *     `<hex>/layer.tar` or `blobs/sha256/<hex>` (Docker 25+ writes both);
 *   - OCI image layout: index.json → manifests (nested indexes resolved to
 *     this host's platform), names from the containerd/OCI annotations;
 *   - and the pre-1.10 layout (`<id>/json`, `<id>/layer.tar`, repositories): load-v1.ts.
 * The archive itself, and each layer, may be gzip, bzip2, xz or zstd
 * compressed (`docker load -i x.tar.gz`); layers are checked against their diffIds.
 */
import type { Readable } from 'node:stream';
import { InvalidArgumentError, MEDIA_TYPES, parseNormalizedNamed, familiarString, type Descriptor, type Index, type Manifest } from '@quai/common';
import { ArchiveFiles } from './archive-reader.js';
import { decompressed } from '../content/compression.js';
import { limited, type ImageDeps } from './deps.js';
import type { ImageRecord } from './image-record.js';
import { hostArchitecture } from './platform.js';
import { releaseLayers } from './release.js';
import { fromV1Layout, isV1Layout } from './load-v1.js';
import { parseConfig, sha256, storeImage, type StoreImageInput } from './store-image.js';

export interface LoadResult {
  images: ImageRecord[];
  messages: string[];
}

interface LegacyEntry {
  Config: string;
  RepoTags?: string[] | null;
  Layers: string[];
}

export async function loadImages(d: ImageDeps, archive: Readable, onProgress: (message: string) => void = () => {}): Promise<LoadResult> {
  await d.quota?.checkDisk();
  const files = await ArchiveFiles.read(d.content, await limited(d, await decompressed(archive), 'archive'));
  const v1 = !files.has('manifest.json') && !files.has('index.json') && isV1Layout(files);
  const inputs = files.has('manifest.json') ? await fromLegacy(files) : files.has('index.json') ? await fromIndex(files) : v1 ? await fromV1Layout(d, files) : undefined;
  if (!inputs) throw new InvalidArgumentError('invalid archive: neither manifest.json nor index.json found');
  const result: LoadResult = { images: [], messages: [] };
  const say = (m: string) => { result.messages.push(m); onProgress(m); };
  for (const input of inputs) {
    const isNew = !d.index.byId(sha256(input.configBytes));
    if (isNew) d.quota?.checkCount('images', d.index.all().length);
    const { record, retagged } = await storeImage(d, input);
    if (isNew) await undoOverQuota(d, record);
    for (const [tag, oldId] of retagged) say(`The image ${tag} already exists, renaming the old one with ID ${oldId} to empty string`);
    d.events.publish('image', 'load', record.id, { name: record.id });
    const tags = (input.repoTags ?? []).map((t) => familiarString(parseNormalizedNamed(t)));
    if (tags.length) for (const tag of tags) say(`Loaded image: ${tag}`);
    else if (!v1) say(`Loaded image ID: ${record.id}`); // pre-1.10 archives name only their tags, as dockerd did
    result.images.push(record);
  }
  return result;
}

/** A load that took the namespace past its disk quota leaves as if it never happened. */
async function undoOverQuota(d: ImageDeps, record: ImageRecord): Promise<void> {
  try {
    await d.quota?.checkDisk();
  } catch (err) {
    await d.index.delete(record.id);
    await releaseLayers(d, record);
    throw err;
  }
}

async function fromLegacy(files: ArchiveFiles): Promise<StoreImageInput[]> {
  const entries = parseJson<LegacyEntry[]>(await files.get('manifest.json'), 'manifest.json');
  if (!Array.isArray(entries)) throw new InvalidArgumentError('invalid archive: manifest.json is not a list');
  // When the archive also holds the original OCI manifests, keep them (and their digests).
  const manifests = files.has('index.json') ? await manifestsByConfig(files) : new Map<string, Buffer>();
  const out: StoreImageInput[] = [];
  for (const entry of entries) {
    const configBytes = await files.get(entry.Config);
    parseConfig(configBytes);
    const layerBlobs: string[] = [];
    for (const layer of entry.Layers ?? []) layerBlobs.push(await files.blob(layer));
    out.push({ configBytes, layerBlobs, repoTags: entry.RepoTags ?? [], manifestBytes: manifests.get(sha256(configBytes)) });
  }
  return out;
}

async function fromIndex(files: ArchiveFiles): Promise<StoreImageInput[]> {
  const byManifest = new Map<string, StoreImageInput>();
  for (const { desc, bytes } of await topManifests(files)) {
    const manifest = parseJson<Manifest>(bytes, desc.digest);
    const input = byManifest.get(desc.digest) ?? {
      configBytes: await files.get(blobPath(manifest.config.digest)),
      layerBlobs: await Promise.all(manifest.layers.map((l) => files.blob(blobPath(l.digest)))),
      manifestBytes: bytes,
      repoTags: [],
    };
    const name = nameOf(desc);
    if (name && !input.repoTags!.includes(name)) input.repoTags!.push(name);
    byManifest.set(desc.digest, input);
  }
  return [...byManifest.values()];
}

/** Image manifests named by index.json (top-level descriptors keep their annotations). */
async function topManifests(files: ArchiveFiles): Promise<Array<{ desc: Descriptor; bytes: Buffer }>> {
  const index = parseJson<Index>(await files.get('index.json'), 'index.json');
  const out: Array<{ desc: Descriptor; bytes: Buffer }> = [];
  for (const desc of index.manifests ?? []) {
    const bytes = await resolveManifest(files, desc, 0);
    if (bytes) out.push({ desc: { ...desc, digest: sha256(bytes) }, bytes });
  }
  return out;
}

async function resolveManifest(files: ArchiveFiles, desc: Descriptor, depth: number): Promise<Buffer | undefined> {
  if (depth > 4 || !files.has(blobPath(desc.digest))) return undefined;
  const bytes = await files.get(blobPath(desc.digest));
  const doc = parseJson<Manifest & Index>(bytes, desc.digest);
  if (!Array.isArray(doc.manifests)) return doc.config ? bytes : undefined;
  const usable = doc.manifests.filter((m) => m.platform?.os !== 'unknown' && files.has(blobPath(m.digest)));
  const pick = usable.find((m) => m.platform?.os === 'linux' && m.platform.architecture === hostArchitecture())
    ?? (usable.length === 1 ? usable[0] : undefined);
  return pick ? resolveManifest(files, pick, depth + 1) : undefined;
}

async function manifestsByConfig(files: ArchiveFiles): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const { bytes } of await topManifests(files).catch(() => [])) {
    const manifest = parseJson<Manifest>(bytes, 'manifest');
    if (manifest.mediaType !== MEDIA_TYPES.ociIndex) out.set(manifest.config.digest, bytes);
  }
  return out;
}

/** `io.containerd.image.name`, else a full reference in `org.opencontainers.image.ref.name`. */
function nameOf(desc: Descriptor): string | undefined {
  const a = desc.annotations ?? {};
  for (const candidate of [a['io.containerd.image.name'], a['org.opencontainers.image.ref.name']]) {
    if (!candidate || !/[:/]/.test(candidate)) continue;
    try {
      const ref = parseNormalizedNamed(candidate);
      if (!ref.digest) return familiarString(ref);
    } catch { /* not a reference: a bare tag or free text */ }
  }
  return undefined;
}

function blobPath(digest: string): string {
  return `blobs/${digest.replace(':', '/')}`;
}

function parseJson<T>(bytes: Buffer, what: string): T {
  try {
    return JSON.parse(bytes.toString('utf8')) as T;
  } catch {
    throw new InvalidArgumentError(`invalid archive: ${what} is not valid JSON`);
  }
}
