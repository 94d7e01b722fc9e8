// What the lab checks ask the instance's engine, through its Docker API.
import { readText, type EngineClient } from '@quai/client';
import type { ContainerInspect, ContainerSummary, CreateResponse, ImageInspect, ImageSummary } from '@quai/common';
import tar from 'tar-stream';

export const containers = (engine: EngineClient, all = true) =>
  engine.json<ContainerSummary[]>('GET', '/containers/json', { query: { all } });

export const images = (engine: EngineClient) => engine.json<ImageSummary[]>('GET', '/images/json');

/** A container's inspect, or undefined when there is none by that name. */
export async function inspectContainer(engine: EngineClient, name: string): Promise<ContainerInspect | undefined> {
  return engine.json<ContainerInspect>('GET', `/containers/${encodeURIComponent(name)}/json`).catch(notFound);
}

export async function inspectImage(engine: EngineClient, ref: string): Promise<ImageInspect | undefined> {
  return engine.json<ImageInspect>('GET', `/images/${encodeURIComponent(ref)}/json`).catch(notFound);
}

export async function networkExists(engine: EngineClient, name: string): Promise<boolean> {
  return (await engine.json('GET', `/networks/${encodeURIComponent(name)}`).catch(notFound)) !== undefined;
}

export async function volumeExists(engine: EngineClient, name: string): Promise<boolean> {
  return (await engine.json('GET', `/volumes/${encodeURIComponent(name)}`).catch(notFound)) !== undefined;
}

function notFound(err: { statusCode?: number }): undefined {
  if (err.statusCode === 404) return undefined;
  throw err;
}

/** Runs a command in a running container and resolves with its exit code (within timeoutMs). */
export async function execExitCode(engine: EngineClient, container: string, cmd: string[], timeoutMs = 5000): Promise<number | undefined> {
  const { Id } = await engine.json<{ Id: string }>('POST', `/containers/${encodeURIComponent(container)}/exec`, { body: { Cmd: cmd } });
  await engine.json('POST', `/exec/${Id}/start`, { body: { Detach: true } }).catch(() => undefined);
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
    const e = await engine.json<{ Running: boolean; ExitCode: number | null }>('GET', `/exec/${Id}/json`);
    if (!e.Running && e.ExitCode !== null) return e.ExitCode;
    await new Promise((r) => setTimeout(r, 100));
  }
  return undefined;
}

/**
 * A file in a volume, read through a container that is created (never
 * started) with the volume mounted and removed right after.
 */
export async function readFromVolume(engine: EngineClient, volume: string, path: string, image: string): Promise<string | undefined> {
  const { Id } = await engine.json<CreateResponse>('POST', '/containers/create', {
    body: { Image: image, Cmd: ['true'], HostConfig: { Binds: [`${volume}:/lab-volume:ro`] }, Labels: { 'quai.play.check': '1' } },
  });
  try {
    const res = await engine.request('GET', `/containers/${Id}/archive`, { query: { path: `/lab-volume/${path}` } }).catch(notFound);
    return res && await firstFileOf(res);
  } finally {
    await engine.request('DELETE', `/containers/${Id}`, { query: { force: true } }).then(readText).catch(() => undefined);
  }
}

function firstFileOf(stream: NodeJS.ReadableStream): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const extract = tar.extract();
    let found: string | undefined;
    extract.on('entry', (header, body, next) => {
      const chunks: Buffer[] = [];
      body.on('data', (c: unknown) => { chunks.push(c as Buffer); });
      body.on('end', () => {
        if (found === undefined && header.type === 'file') found = Buffer.concat(chunks).toString('utf8');
        next();
      });
    });
    extract.on('finish', () => resolve(found));
    extract.on('error', reject);
    stream.pipe(extract);
  });
}

/** Whether the engine recorded `action` for a container of `image` in the last hour. */
export async function recentContainerEvent(engine: EngineClient, image: string, action: string): Promise<boolean> {
  const now = Date.now() / 1000;
  const res = await engine.request('GET', '/events', {
    // Docker's timestamps with a fraction: an event of this very second is included.
    query: { since: (now - 3600).toFixed(9), until: now.toFixed(9), filters: JSON.stringify({ type: ['container'], event: [action], image: [image] }) },
  });
  return (await readText(res)).trim().length > 0;
}
