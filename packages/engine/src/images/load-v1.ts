/**
 * `docker save` archives from before Docker 1.10, which `docker load` still
 * reads (moby tarexport legacyLoad):
 *
 *   repositories          {"busybox": {"latest": "<v1 id>"}}   (absent for `save <id>`)
 *   <v1 id>/json          the v1 image: config, container_config, created, parent...
 *   <v1 id>/layer.tar     its layer (plain, or compressed)
 *   <v1 id>/VERSION       "1.0"
 *
 * Every v1 image becomes an image whose parent is its v1 parent's: its config
 * is its json without the v1-only fields, plus the rootfs and history of its
 * parent chain and its own layer (moby image/v1 MakeConfigFromV1Config,
 * HistoryFromConfig). The config is written as dockerd writes it (top-level
 * keys sorted, HTML-escaped), so the image gets the id dockerd would give it.
 */
import { createHash } from 'node:crypto';
import { InvalidArgumentError, type HistoryEntry } from '@quai/common';
import { decompressed, fileCompression } from '../content/compression.js';
import type { ArchiveFiles } from './archive-reader.js';
import type { ImageDeps } from './deps.js';
import { sha256, type StoreImageInput } from './store-image.js';

const V1_ID = /^[a-f0-9]{64}$/;
/** Fields of moby's V1Image: json written by Docker before 1.8.3 is read through it, dropping the rest. */
const V1_FIELDS = ['id', 'parent', 'comment', 'created', 'container', 'container_config', 'docker_version', 'author', 'config', 'architecture', 'variant', 'os', 'Size'];
const V1_ONLY = ['id', 'parent', 'Size', 'parent_id', 'layer_id', 'throwaway'];

interface V1Image {
  json: Record<string, unknown>;
  parent?: string;
}

export function isV1Layout(files: ArchiveFiles): boolean {
  return files.has('repositories') || v1Ids(files).length > 0;
}

export async function fromV1Layout(d: ImageDeps, files: ArchiveFiles): Promise<StoreImageInput[]> {
  const images = new Map<string, V1Image>();
  for (const id of v1Ids(files)) images.set(id, { json: parseObject(await files.get(`${id}/json`), `${id}/json`) });
  for (const [id, image] of images) {
    const parent = image.json.parent;
    if (typeof parent === 'string' && parent) {
      if (!images.has(parent)) throw new InvalidArgumentError(`invalid archive: the parent ${parent} of ${id} is missing`);
      image.parent = parent;
    }
  }
  const tags = await repositories(files, images);
  const inputs = new Map<string, StoreImageInput>();
  const diffIds = new Map<string, string[]>();
  const histories = new Map<string, HistoryEntry[]>();
  const blobs = new Map<string, string[]>();
  const visit = async (id: string, depth: number): Promise<void> => {
    if (inputs.has(id)) return;
    if (depth > 1000) throw new InvalidArgumentError('invalid archive: image parents form a loop');
    const image = images.get(id)!;
    if (image.parent) await visit(image.parent, depth + 1);
    const blob = await files.blob(`${id}/layer.tar`);
    const chainDiffIds = [...(image.parent ? diffIds.get(image.parent)! : []), await diffIdOf(d, blob)];
    const history = [...(image.parent ? histories.get(image.parent)! : []), historyOf(image.json)];
    const layerBlobs = [...(image.parent ? blobs.get(image.parent)! : []), blob];
    const configBytes = configOf(image.json, chainDiffIds, history);
    diffIds.set(id, chainDiffIds);
    histories.set(id, history);
    blobs.set(id, layerBlobs);
    inputs.set(id, {
      configBytes, layerBlobs, repoTags: tags.get(id) ?? [],
      parent: image.parent ? sha256(inputs.get(image.parent)!.configBytes) : undefined,
    });
  };
  for (const id of images.keys()) await visit(id, 0);
  return [...inputs.values()];
}

/** Top-level `<64 hex>/` directories holding a `json`. */
function v1Ids(files: ArchiveFiles): string[] {
  const ids = new Set<string>();
  for (const path of files.paths()) {
    const [dir, name, ...rest] = path.split('/');
    if (rest.length === 0 && name === 'json' && V1_ID.test(dir!)) ids.add(dir!);
  }
  return [...ids].sort();
}

/** v1 id → `name:tag`s, from the repositories file. */
async function repositories(files: ArchiveFiles, images: Map<string, V1Image>): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!files.has('repositories')) return out;
  const repos = parseObject(await files.get('repositories'), 'repositories');
  for (const [name, tagMap] of Object.entries(repos)) {
    if (!tagMap || typeof tagMap !== 'object') throw new InvalidArgumentError(`invalid archive: repositories: ${name} is not a tag map`);
    for (const [tag, id] of Object.entries(tagMap as Record<string, unknown>)) {
      if (typeof id !== 'string' || !images.has(id)) throw new InvalidArgumentError(`invalid target ID: ${String(id)}`);
      out.set(id, [...(out.get(id) ?? []), `${name}:${tag}`]);
    }
  }
  return out;
}

/** The layer's diffId: the digest of its uncompressed tar. */
async function diffIdOf(d: ImageDeps, blob: string): Promise<string> {
  if ((await fileCompression(d.content.path(blob))) === 'none') return blob;
  const hash = createHash('sha256');
  for await (const chunk of await decompressed(d.content.reader(blob))) hash.update(chunk as Buffer);
  return `sha256:${hash.digest('hex')}`;
}

/** moby HistoryFromConfig: what made the image, from its container_config. */
function historyOf(json: Record<string, unknown>): HistoryEntry {
  const cmd = (json.container_config as { Cmd?: unknown } | undefined)?.Cmd;
  const entry: HistoryEntry = {};
  if (typeof json.created === 'string') entry.created = json.created;
  if (typeof json.author === 'string' && json.author) entry.author = json.author;
  if (Array.isArray(cmd) && cmd.length) entry.created_by = cmd.join(' ');
  if (typeof json.comment === 'string' && json.comment) entry.comment = json.comment;
  return entry;
}

/** moby MakeConfigFromV1Config, serialised as Go's json.Marshal of a map does. */
function configOf(json: Record<string, unknown>, diffIds: string[], history: HistoryEntry[]): Buffer {
  const dockerVersion = typeof json.docker_version === 'string' ? json.docker_version : '';
  const source = olderThan(dockerVersion, '1.8.3')
    ? Object.fromEntries(Object.entries(json).filter(([k]) => V1_FIELDS.includes(k)))
    : { ...json };
  for (const k of V1_ONLY) delete source[k];
  source.rootfs = { type: 'layers', diff_ids: diffIds };
  source.history = history;
  const sorted = Object.keys(source).sort().map((k) => `${JSON.stringify(k)}:${JSON.stringify(source[k])}`);
  return Buffer.from(goEscape(`{${sorted.join(',')}}`));
}

// Go escapes <, >, & and the JS line separators inside JSON strings.
function goEscape(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Docker's versions.LessThan: dotted numbers; an empty version is older than any. */
function olderThan(version: string, than: string): boolean {
  const a = version.split('.').map((p) => parseInt(p, 10) || 0);
  const b = than.split('.').map((p) => parseInt(p, 10) || 0);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0);
  }
  return false;
}

function parseObject(bytes: Buffer, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new InvalidArgumentError(`invalid archive: ${what} is not valid JSON`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new InvalidArgumentError(`invalid archive: ${what} is not a JSON object`);
  return value as Record<string, unknown>;
}
