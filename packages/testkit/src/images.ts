import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiRequest } from './api-request.js';
import { repoRoot } from './repo.js';

/** build/images/NAME.tar, an official image written by `library/build.sh NAME`. */
export function libraryArchive(name: string): string {
  return join(repoRoot, 'build/images', `${name}.tar`);
}

/** The busybox archive; QUAI_BUSYBOX_TAR overrides. */
export function busyboxArchive(): string {
  return process.env.QUAI_BUSYBOX_TAR ?? libraryArchive('busybox');
}

export function socketOf(dockerHost: string): string {
  if (!dockerHost.startsWith('unix://')) throw new Error(`expected a unix:// DOCKER_HOST, got ${dockerHost}`);
  return dockerHost.slice('unix://'.length);
}

/** POSTs an image archive to /images/load; returns the "Loaded image" lines. */
export async function loadImage(dockerHost: string, archive: string): Promise<string[]> {
  if (!existsSync(archive)) {
    throw new Error(`image archive ${archive} is missing: build it with \`library/build.sh\` (scripts/setup.sh does)`);
  }
  const res = await apiRequest(socketOf(dockerHost), {
    method: 'POST',
    path: '/images/load',
    body: readFileSync(archive),
    headers: { 'Content-Type': 'application/x-tar' },
    timeoutMs: 120_000,
  });
  if (res.status !== 200) throw new Error(`loading ${archive}: HTTP ${res.status}: ${res.body}`);
  const loaded: string[] = [];
  for (const line of res.body.split('\n').filter((l) => l.trim())) {
    let msg: { stream?: string; error?: string; errorDetail?: { message?: string } };
    try {
      msg = JSON.parse(line);
    } catch {
      continue; // a non-JSON line is progress text, not an error
    }
    if (msg.error || msg.errorDetail) throw new Error(`loading ${archive}: ${msg.error ?? msg.errorDetail?.message}`);
    if (msg.stream?.startsWith('Loaded image')) loaded.push(msg.stream.trim());
  }
  return loaded;
}

export function loadBusybox(dockerHost: string): Promise<string[]> {
  return loadImage(dockerHost, busyboxArchive());
}
