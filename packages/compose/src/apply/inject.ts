/**
 * Secrets and configs that are not files on the host (`content:`, or
 * `environment:` naming a variable) are written into the container after
 * create and before start, through PUT /containers/{id}/archive, as docker
 * compose does; file-based ones are bound read-only (container-config.ts).
 *
 *   secrets: { token: { environment: TOKEN } }   → /run/secrets/token holds $TOKEN
 *   configs: { conf: { content: "a=1" } }        → /conf holds "a=1"
 */
import { posix } from 'node:path';
import tar from 'tar-stream';
import type { FileReference, Project, Service } from '../model.js';
import type { Engine } from './engine.js';

interface Injected { ref: FileReference; body: string }

function injected(project: Project, s: Service): Injected[] {
  const out: Injected[] = [];
  for (const kind of ['secrets', 'configs'] as const) {
    for (const ref of s[kind] ?? []) {
      const def = project[kind][ref.source];
      if (!def || def.file) continue;
      if (def.content !== undefined) out.push({ ref, body: def.content });
      else if (def.environment !== undefined) {
        const value = project.environment[def.environment];
        if (value === undefined) throw new Error(`environment variable ${def.environment} (for ${kind.slice(0, -1)} "${ref.source}") is not set`);
        out.push({ ref, body: value });
      }
    }
  }
  return out;
}

async function archive(files: Injected[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c: unknown) => { chunks.push(c as Buffer); });
  const ended = new Promise<void>((ok, fail) => { pack.on('end', () => ok()); pack.on('error', (e: unknown) => fail(e)); });
  const dirs = new Set<string>();
  for (const { ref, body } of files) {
    const path = posix.normalize(ref.target!).replace(/^\/+/, '');
    // parents first, so the file lands even where the image has no such directory
    const parts = path.split('/').slice(0, -1);
    for (let i = 1; i <= parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (!dirs.has(dir)) pack.entry({ name: `${dir}/`, type: 'directory', mode: 0o755 });
      dirs.add(dir);
    }
    pack.entry({ name: path, mode: ref.mode ?? 0o444, uid: Number(ref.uid ?? 0), gid: Number(ref.gid ?? 0) }, body);
  }
  pack.finalize();
  await ended;
  return Buffer.concat(chunks);
}

/** Copy the service's content- and environment-based secrets and configs into the (created, not started) container. */
export async function injectFiles(engine: Engine, project: Project, s: Service, containerId: string): Promise<void> {
  const files = injected(project, s);
  if (!files.length) return;
  await engine.client.request('PUT', `/containers/${encodeURIComponent(containerId)}/archive`, {
    query: { path: '/' }, body: await archive(files), contentType: 'application/x-tar',
  }).then((res) => res.resume());
}
