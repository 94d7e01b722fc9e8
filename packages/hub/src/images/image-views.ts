/**
 * Images as the tags pages show them, read from the registry's own blobs:
 * a manifest (or an index and its platforms), its config's history (the
 * command behind each layer), per-tag summaries (OS/arch, compressed size)
 * and each layer's file list. Summaries and file lists are computed once
 * per digest and kept in the metadata store: content-addressed, they never
 * change.
 */
import type { BlobStore } from '../registry/blob-store.js';
import type { MetadataStore } from '../metadata/metadata-store.js';
import type { Repo, Repos } from '../metadata/repos.js';
import { listLayer, type LayerEntry } from './layer-files.js';

export interface Descriptor { mediaType?: string; digest: string; size: number; platform?: { os?: string; architecture?: string; variant?: string } }
interface ManifestDoc { mediaType?: string; config?: Descriptor; layers?: Descriptor[]; manifests?: Descriptor[] }
interface ConfigDoc {
  os?: string; architecture?: string; variant?: string; created?: string;
  config?: { Cmd?: string[]; Entrypoint?: string[]; Env?: string[]; ExposedPorts?: Record<string, unknown>; WorkingDir?: string };
  history?: Array<{ created?: string; created_by?: string; empty_layer?: boolean; comment?: string }>;
  rootfs?: { diff_ids?: string[] };
}

export interface ImageSummary { os: string; architecture: string; size: number }

export interface LayerView {
  index: number;
  digest: string;
  size: number;
  mediaType: string;
  /** The Dockerfile instruction that made it, from the config's history ('' when unknown). */
  command: string;
  created: string;
}

export interface ImageView {
  digest: string;
  /** For an index: its platforms and the one shown. */
  platforms: Array<{ platform: string; digest: string }>;
  os: string;
  architecture: string;
  created: string;
  size: number;
  layers: LayerView[];
  /** History steps that made no layer (ENV, CMD ...), in order. */
  config: ConfigDoc['config'];
}

const INDEX_TYPES = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']);

/** `/bin/sh -c #(nop)  CMD ["sh"]` → `CMD ["sh"]`; `/bin/sh -c apk add x` → `RUN apk add x`. */
export function instructionOf(createdBy: string | undefined): string {
  if (!createdBy) return '';
  const nop = /^\/bin\/sh -c #\(nop\)\s*/.exec(createdBy);
  if (nop) return createdBy.slice(nop[0].length).trim();
  const sh = /^\/bin\/sh -c\s+/.exec(createdBy);
  if (sh) return `RUN ${createdBy.slice(sh[0].length).trim()}`;
  return createdBy.trim();
}

function platformOf(p: { os?: string; architecture?: string; variant?: string } | undefined): string {
  return [p?.os ?? 'unknown', p?.architecture ?? 'unknown', p?.variant].filter(Boolean).join('/');
}

export class ImageViews {
  constructor(private readonly db: MetadataStore, private readonly blobs: BlobStore, private readonly repos: Repos) {}

  private async json<T>(digest: string): Promise<T> {
    return JSON.parse((await this.blobs.get(digest)).toString('utf8')) as T;
  }

  /** OS/arch and compressed size of the manifest `digest` (an index: its platforms, comma-separated). */
  async summary(repo: Repo, digest: string): Promise<ImageSummary> {
    const cached = await this.db.get<ImageSummary>('SELECT os, architecture, size FROM image_summaries WHERE digest = ?', [digest]);
    if (cached) return { ...cached, size: Number(cached.size) };
    const row = await this.repos.manifest(repo, digest);
    if (!row) return { os: '', architecture: '', size: 0 };
    const doc = await this.json<ManifestDoc>(digest);
    let summary: ImageSummary;
    if (INDEX_TYPES.has(row.mediaType) || Array.isArray(doc.manifests)) {
      const platforms = (doc.manifests ?? []).filter((m) => m.platform?.os !== 'unknown').map((m) => platformOf(m.platform));
      summary = { os: '', architecture: platforms.join(', '), size: (doc.manifests ?? []).reduce((n, m) => n + (m.size ?? 0), 0) };
    } else {
      const config = doc.config ? await this.json<ConfigDoc>(doc.config.digest).catch(() => ({} as ConfigDoc)) : ({} as ConfigDoc);
      summary = {
        os: config.os ?? '', architecture: [config.architecture, config.variant].filter(Boolean).join('/'),
        size: (doc.config?.size ?? 0) + (doc.layers ?? []).reduce((n, l) => n + (l.size ?? 0), 0),
      };
    }
    await this.db.run('INSERT INTO image_summaries (digest, os, architecture, size) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
      [digest, summary.os, summary.architecture, summary.size]);
    return summary;
  }

  /** The image behind `digest`; for an index, the `platform` asked for or the first linux one. */
  async image(repo: Repo, digest: string, platform?: string): Promise<ImageView | undefined> {
    const row = await this.repos.manifest(repo, digest);
    if (!row) return undefined;
    let doc = await this.json<ManifestDoc>(digest);
    let shown = digest;
    let platforms: ImageView['platforms'] = [];
    if (INDEX_TYPES.has(row.mediaType) || Array.isArray(doc.manifests)) {
      platforms = (doc.manifests ?? []).filter((m) => m.platform?.os !== 'unknown').map((m) => ({ platform: platformOf(m.platform), digest: m.digest }));
      const pick = platforms.find((p) => p.platform === platform) ?? platforms.find((p) => p.platform.startsWith('linux/amd64')) ?? platforms[0];
      if (!pick || !(await this.repos.manifest(repo, pick.digest))) return undefined;
      shown = pick.digest;
      doc = await this.json<ManifestDoc>(shown);
    }
    if (!doc.config) return undefined;
    const config = await this.json<ConfigDoc>(doc.config.digest).catch(() => ({} as ConfigDoc));
    const steps = (config.history ?? []).filter((h) => !h.empty_layer);
    const history = steps.length === (doc.layers ?? []).length ? steps : [];
    const layers = (doc.layers ?? []).map((l, index) => ({
      index, digest: l.digest, size: l.size, mediaType: l.mediaType ?? '',
      command: instructionOf(history[index]?.created_by), created: history[index]?.created ?? '',
    }));
    return {
      digest: shown, platforms, os: config.os ?? '', architecture: [config.architecture, config.variant].filter(Boolean).join('/'),
      created: config.created ?? '', size: (doc.config.size ?? 0) + layers.reduce((n, l) => n + l.size, 0), layers, config: config.config,
    };
  }

  /** The entries of layer `digest` (cached); throws for a layer that cannot be listed. */
  async layerFiles(digest: string): Promise<LayerEntry[]> {
    const cached = await this.db.get<{ entries: string }>('SELECT entries FROM layer_files WHERE digest = ?', [digest]);
    if (cached) return JSON.parse(cached.entries) as LayerEntry[];
    const { entries } = await listLayer(await this.blobs.reader(digest));
    await this.db.run('INSERT INTO layer_files (digest, entries) VALUES (?, ?) ON CONFLICT DO NOTHING', [digest, JSON.stringify(entries)]);
    return entries;
  }
}
