/**
 * Test helper: pushes a real image (gzip tar layers built in memory, a
 * config with history) into a test hub over the registry API, so the
 * pages have manifests, configs and layers to read.
 */
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import { digestOf, type TestHub } from './test-hub.js';

/** One layer: paths → file contents (a trailing `/` makes a directory, `null` a whiteout of that path). */
export type LayerSpec = Record<string, string | null>;

/** The same files make the same bytes (fixed mtimes; gzip writes no time), as layers built twice from one base. */
export async function layerTarGz(files: LayerSpec): Promise<Buffer> {
  const pack = tar.pack();
  const mtime = new Date(0);
  for (const [path, content] of Object.entries(files)) {
    if (content === null) {
      const i = path.lastIndexOf('/');
      pack.entry({ name: `${path.slice(0, i + 1)}.wh.${path.slice(i + 1)}`, mtime }, '');
    } else if (path.endsWith('/')) {
      pack.entry({ name: path, type: 'directory', mode: 0o755, mtime }, '');
    } else {
      pack.entry({ name: path, mode: 0o644, mtime }, content);
    }
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack.pipe(createGzip())) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Pushes `layers` (each with the command that "made" it) as `repo:tag`; resolves with the manifest digest and layer digests. */
export async function pushTestImage(hub: TestHub, user: [string, string], repo: string, tag: string, layers: Array<{ command: string; files: LayerSpec }>): Promise<{ digest: string; layers: string[] }> {
  const token = await hub.token([`repository:${repo}:pull,push`], user);
  const auth = { Authorization: `Bearer ${token}` };
  const put = async (bytes: Buffer) => {
    const res = await fetch(`${hub.url}/v2/${repo}/blobs/uploads/?digest=${digestOf(bytes)}`, { method: 'POST', body: new Uint8Array(bytes), headers: auth });
    if (res.status !== 201) throw new Error(`blob push: HTTP ${res.status} ${await res.text()}`);
    return digestOf(bytes);
  };
  const blobs = await Promise.all(layers.map((l) => layerTarGz(l.files)));
  const digests: string[] = [];
  for (const b of blobs) digests.push(await put(b));
  const config = Buffer.from(JSON.stringify({
    architecture: 'amd64', os: 'linux', created: '2024-01-01T00:00:00Z', config: { Cmd: ['sh'] },
    rootfs: { type: 'layers', diff_ids: digests },
    history: [...layers.map((l) => ({ created_by: /^(ADD|COPY) /.test(l.command) ? `/bin/sh -c #(nop) ${l.command}` : `/bin/sh -c ${l.command}` })), { created_by: '/bin/sh -c #(nop)  CMD ["sh"]', empty_layer: true }],
  }));
  const configDigest = await put(config);
  const manifest = JSON.stringify({
    schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
    layers: blobs.map((b, i) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: digests[i], size: b.length })),
  });
  const res = await fetch(`${hub.url}/v2/${repo}/manifests/${tag}`, { method: 'PUT', body: manifest, headers: { ...auth, 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' } });
  if (res.status !== 201) throw new Error(`manifest push: HTTP ${res.status} ${await res.text()}`);
  return { digest: digestOf(manifest), layers: digests };
}
