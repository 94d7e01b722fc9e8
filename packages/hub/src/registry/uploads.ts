/**
 * Blob uploads (OCI distribution "push"):
 *
 *   POST   /v2/<name>/blobs/uploads/?digest=D     monolithic, body is the blob → 201
 *   POST   /v2/<name>/blobs/uploads/?mount=D&from=R   cross-repository mount → 201 (or 202 upload)
 *   POST   /v2/<name>/blobs/uploads/              start → 202, Location
 *   PATCH  <location>  [Content-Range: a-b]       append a chunk (streamed) → 202, Range: 0-(size-1)
 *   PUT    <location>?digest=D  [final chunk]     verify and commit → 201
 *   GET    <location>                             status → 204, Range
 *   DELETE <location>                             cancel → 204
 */
import { requireRepo, requireRepos } from '../auth/authorize.js';
import { sendEmpty } from '../http/respond.js';
import { RegistryError } from './errcode.js';
import { isDigest, isRepositoryPath } from '@quai/common';
import { requireDigest, type RegistryContext } from './context.js';

function location(ctx: RegistryContext, uuid: string): string {
  return `/v2/${ctx.name}/blobs/uploads/${uuid}`;
}

function progressHeaders(ctx: RegistryContext, uuid: string, size: number): Record<string, string> {
  return { Location: location(ctx, uuid), Range: `0-${Math.max(size - 1, 0)}`, 'Docker-Upload-UUID': uuid };
}

function committed(ctx: RegistryContext, digest: string): void {
  sendEmpty(ctx.res, 201, { Location: `/v2/${ctx.name}/blobs/${digest}`, 'Docker-Content-Digest': digest });
}

export async function startUpload(ctx: RegistryContext): Promise<void> {
  const q = ctx.url.searchParams;
  const mount = q.get('mount');
  // A malformed source is no mount (and never reaches the challenge header).
  const from = q.get('from') !== null && isRepositoryPath(q.get('from')!) ? q.get('from') : null;
  // Mounting needs pull on the source too: Distribution asks for both in one challenge.
  await requireRepos(ctx.hub, ctx.who, [{ name: ctx.name, actions: ['pull', 'push'] }, ...(mount && from ? [{ name: from, actions: ['pull'] }] : [])]);
  if (mount && from && isDigest(mount)) {
    const source = await ctx.hub.repos.get(from);
    if (source && (await ctx.hub.repos.hasBlob(source, mount)) && (await ctx.hub.blobs.size(mount)) !== undefined) {
      await ctx.hub.repos.linkBlob(await ctx.hub.repos.ensure(ctx.name), mount);
      return committed(ctx, mount);
    }
  }
  const digest = q.get('digest');
  const uuid = await ctx.hub.blobs.startUpload();
  if (digest !== null) {
    requireDigest(digest);
    try {
      await ctx.hub.blobs.append(uuid, ctx.req);
      await commit(ctx, uuid, digest);
    } finally {
      await ctx.hub.blobs.cancel(uuid);
    }
    return;
  }
  sendEmpty(ctx.res, 202, { ...progressHeaders(ctx, uuid, 0), 'OCI-Chunk-Min-Length': '0' });
}

/** `Content-Range: a-b` (also `bytes a-b/*`): where the chunk starts. */
function chunkStart(header: string | undefined): number | undefined {
  if (!header) return undefined;
  const m = /^(?:bytes )?(\d+)-(\d+)(?:\/(?:\d+|\*))?$/.exec(header.trim());
  if (!m || Number(m[2]) < Number(m[1])) throw new RegistryError('RANGE_INVALID', `invalid Content-Range: ${header}`);
  return Number(m[1]);
}

export async function patchUpload(ctx: RegistryContext): Promise<void> {
  await requireRepo(ctx.hub, ctx.who, ctx.name, ['pull', 'push']);
  const start = chunkStart(ctx.req.headers['content-range']);
  const size = await ctx.hub.blobs.append(ctx.ref, ctx.req, start);
  sendEmpty(ctx.res, 202, progressHeaders(ctx, ctx.ref, size));
}

export async function putUpload(ctx: RegistryContext): Promise<void> {
  await requireRepo(ctx.hub, ctx.who, ctx.name, ['pull', 'push']);
  const digest = requireDigest(ctx.url.searchParams.get('digest'));
  const start = chunkStart(ctx.req.headers['content-range']);
  await ctx.hub.blobs.append(ctx.ref, ctx.req, start);
  await commit(ctx, ctx.ref, digest);
}

async function commit(ctx: RegistryContext, uuid: string, digest: string): Promise<void> {
  await ctx.hub.blobs.commit(uuid, digest);
  await ctx.hub.repos.linkBlob(await ctx.hub.repos.ensure(ctx.name), digest);
  committed(ctx, digest);
}

export async function uploadStatus(ctx: RegistryContext): Promise<void> {
  await requireRepo(ctx.hub, ctx.who, ctx.name, ['pull', 'push']);
  const size = await ctx.hub.blobs.uploadSize(ctx.ref);
  sendEmpty(ctx.res, 204, progressHeaders(ctx, ctx.ref, size));
}

export async function cancelUpload(ctx: RegistryContext): Promise<void> {
  await requireRepo(ctx.hub, ctx.who, ctx.name, ['pull', 'push']);
  await ctx.hub.blobs.uploadSize(ctx.ref);
  await ctx.hub.blobs.cancel(ctx.ref);
  sendEmpty(ctx.res, 204);
}
