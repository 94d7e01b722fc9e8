/**
 * The images a project needs: built from `build:` (the context sent to the
 * engine's POST /build) or pulled, as docker compose decides:
 *
 *   build: and no image yet, or --build   → build (tagged image: or <project>-<service>)
 *   image: missing, or pull_policy always → pull
 *   pull_policy never / build             → never pulled
 */
import { buildContext } from '@quai/client/build-context';
import type { Project, Service } from '../model.js';
import { COMPOSE_VERSION, LABELS, imageName } from '../names.js';
import type { Progress } from '../progress.js';
import type { Engine } from './engine.js';

export interface BuildOptions {
  noCache?: boolean;
  pull?: boolean;
  /** Build output lines (the builder's `stream`), when wanted. */
  onOutput?: (text: string) => void;
  buildArgs?: Record<string, string>;
}

/** "busybox" → ["busybox", "latest"]; "host:5000/a/b:1" → ["host:5000/a/b", "1"]; digests kept whole. */
export function splitReference(ref: string): [string, string] {
  if (ref.includes('@')) return [ref, ''];
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  return colon > slash ? [ref.slice(0, colon), ref.slice(colon + 1)] : [ref, 'latest'];
}

export async function buildService(engine: Engine, project: Project, s: Service, progress: Progress, opts: BuildOptions = {}): Promise<string> {
  const b = s.build!;
  const tag = imageName(project.name, s);
  const id = `Image ${tag}`;
  progress.update(id, 'Building', 'working');
  const body = await buildContext(b.context, b.dockerfile);
  const args = Object.fromEntries(Object.entries({ ...(b.args ?? {}), ...(opts.buildArgs ?? {}) }).filter(([, v]) => v !== null));
  const labels = { ...(b.labels ?? {}), [LABELS.project]: project.name, [LABELS.service]: s.name, [LABELS.version]: COMPOSE_VERSION };
  let imageId = '';
  try {
    for await (const msg of engine.client.jsonLines<{ stream?: string; aux?: { ID?: string } }>('POST', '/build', {
      query: {
        t: [tag, ...(b.tags ?? [])],
        dockerfile: b.dockerfile,
        buildargs: JSON.stringify(args),
        labels: JSON.stringify(labels),
        target: b.target,
        nocache: opts.noCache || b.no_cache || undefined,
        pull: opts.pull || b.pull || undefined,
        networkmode: b.network,
        rm: true,
      },
      body,
      headers: { 'Content-Type': 'application/x-tar' },
    })) {
      if (msg.aux?.ID) imageId = msg.aux.ID;
      if (msg.stream) opts.onOutput?.(msg.stream);
    }
  } catch (err) {
    progress.update(id, 'Error', 'error');
    throw new Error(`failed to build ${s.name}: ${(err as Error).message}`);
  }
  progress.update(id, 'Built', 'done');
  return imageId;
}

/** The X-Registry-Auth header for an image reference (the CLI reads its stored credentials). */
export type RegistryAuth = (ref: string) => Record<string, string>;

export async function pullImage(engine: Engine, ref: string, progress: Progress, auth?: RegistryAuth): Promise<void> {
  const [fromImage, tag] = splitReference(ref);
  const id = `Image ${ref}`;
  progress.update(id, 'Pulling', 'working');
  try {
    for await (const _ of engine.client.jsonLines('POST', '/images/create', { query: { fromImage, tag: tag || undefined }, headers: auth?.(ref) })) { /* progress lines */ }
  } catch (err) {
    progress.update(id, 'Error', 'error', (err as Error).message);
    throw err;
  }
  progress.update(id, 'Pulled', 'done');
}

export interface EnsureOptions extends BuildOptions {
  /** --build: build every service that has a build section. */
  build?: boolean;
  /** --no-build */
  noBuild?: boolean;
  /** `up --pull always|missing|never`: over each service's pull_policy. */
  pullPolicy?: 'always' | 'missing' | 'never';
  auth?: RegistryAuth;
}

/** Build or pull what is missing; the image ID of each service, for the image label. */
export async function ensureImages(engine: Engine, project: Project, names: string[], progress: Progress, opts: EnsureOptions = {}): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const pulled = new Map<string, Promise<void>>();
  await Promise.all(names.map(async (name) => {
    const s = project.services[name]!;
    const ref = imageName(project.name, s);
    let image = await engine.image(ref);
    const policy = opts.pullPolicy ?? s.pull_policy ?? (s.build ? 'build' : 'missing');
    if (s.build && !opts.noBuild && (opts.build || !image || s.pull_policy === 'build')) {
      await buildService(engine, project, s, progress, opts);
      image = await engine.image(ref);
    } else if (!s.build && (policy === 'always' || (!image && policy !== 'never'))) {
      if (!pulled.has(ref)) pulled.set(ref, pullImage(engine, ref, progress, opts.auth));
      await pulled.get(ref);
      image = await engine.image(ref);
    }
    if (!image) throw new Error(`service "${name}": image ${ref} not found${s.build ? ' (built without it?)' : ''}`);
    ids.set(name, image.Id);
  }));
  return ids;
}
