/** Test fixtures: small layer tars and image archives built in memory with tar-stream. */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';

export interface TarItem {
  name: string;
  type?: 'file' | 'directory' | 'symlink' | 'link' | 'character-device' | 'fifo';
  content?: string;
  linkname?: string;
  mode?: number;
  uid?: number;
  gid?: number;
  devmajor?: number;
  devminor?: number;
}

export async function tarOf(items: TarItem[]): Promise<Buffer> {
  const pack = tar.pack();
  const mtime = new Date(1_600_000_000_000);
  for (const it of items) {
    const type = it.type ?? 'file';
    const mode = it.mode ?? (type === 'directory' ? 0o755 : 0o644);
    await new Promise<void>((resolve, reject) => {
      pack.entry({ name: it.name, type, mode, mtime, uid: it.uid ?? 0, gid: it.gid ?? 0, linkname: it.linkname,
        devmajor: it.devmajor, devminor: it.devminor }, Buffer.from(it.content ?? ''), (err) => (err ? reject(err) : resolve()));
    });
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export const sha256 = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** A legacy `docker save` archive (manifest.json, <hex>/layer.tar) with the given layers. */
export async function legacyArchive(layers: Buffer[], repoTags: string[], opts: { gzipTop?: boolean } = {}): Promise<{ archive: Buffer; configDigest: string }> {
  const diffIds = layers.map(sha256);
  const config = Buffer.from(JSON.stringify({
    architecture: 'amd64', os: 'linux', created: '2024-01-01T00:00:00Z',
    config: { Env: ['PATH=/bin'], Cmd: ['sh'], Labels: { fixture: 'yes' } },
    rootfs: { type: 'layers', diff_ids: diffIds },
    history: layers.map((_, i) => ({ created: '2024-01-01T00:00:00Z', created_by: `layer ${i}` })),
  }));
  const configDigest = sha256(config);
  const items: TarItem[] = [];
  const paths: string[] = [];
  layers.forEach((layer, i) => {
    const hex = diffIds[i]!.slice(7);
    const body = opts.gzipTop && i === layers.length - 1 ? gzipSync(layer) : layer;
    items.push({ name: `${hex}/`, type: 'directory' }, { name: `${hex}/layer.tar`, content: body.toString('latin1') });
    paths.push(`${hex}/layer.tar`);
  });
  items.push({ name: `${configDigest.slice(7)}.json`, content: config.toString('latin1') });
  items.push({ name: 'manifest.json', content: JSON.stringify([{ Config: `${configDigest.slice(7)}.json`, RepoTags: repoTags, Layers: paths }]) });
  return { archive: await tarOfBinary(items), configDigest };
}

/** Like tarOf, but `content` strings are latin1 (binary-safe). */
async function tarOfBinary(items: TarItem[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const it of items) {
    const data = Buffer.from(it.content ?? '', 'latin1');
    await new Promise<void>((resolve, reject) => {
      pack.entry({ name: it.name, type: it.type ?? 'file', mode: it.type === 'directory' ? 0o755 : 0o644 }, data, (err) => (err ? reject(err) : resolve()));
    });
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
