/**
 * Blobs: GET/HEAD (with a single `Range: bytes=a-b`), DELETE (unlinks from
 * the repository). With `--storage-redirect` a GET answers 307 to a URL the
 * storage serves itself (S3: presigned for 20 minutes), as Distribution
 * does: the bytes bypass the hub.
 */
import { pipeline } from 'node:stream/promises';
import { requireRepo } from '../auth/authorize.js';
import { sendEmpty } from '../http/respond.js';
import { RegistryError } from './errcode.js';
import { nameUnknown, repoOf, requireDigest, type RegistryContext } from './context.js';

const REDIRECT_SECONDS = 20 * 60;

export function parseRange(header: string | undefined, size: number): { start: number; end: number } | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) throw new RegistryError('RANGE_INVALID', `invalid range: ${header}`);
  let start: number, end: number;
  if (m[1] === '') { // suffix: the last N bytes
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start > end || start >= size) throw new RegistryError('RANGE_INVALID', `range ${header} not satisfiable for ${size} bytes`);
  return { start, end };
}

export async function getBlob(ctx: RegistryContext): Promise<void> {
  await requireRepo(ctx.hub, ctx.who, ctx.name, ['pull']);
  const digest = requireDigest(ctx.ref);
  const repoId = await ctx.hub.reads.repoId(ctx.name);
  if (repoId === undefined) throw nameUnknown(ctx.name);
  const size = await ctx.hub.reads.blobSize(repoId, digest);
  if (size === undefined) throw new RegistryError('BLOB_UNKNOWN', `blob unknown: ${digest}`);
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/octet-stream', 'Docker-Content-Digest': digest, 'Accept-Ranges': 'bytes', ETag: `"${digest}"`,
    'Cache-Control': 'max-age=31536000',
  };
  let range;
  try {
    range = parseRange(ctx.req.headers.range, size);
  } catch (err) {
    ctx.res.setHeader('Content-Range', `bytes */${size}`);
    throw err;
  }
  if (ctx.req.method === 'HEAD') return sendEmpty(ctx.res, 200, { ...headers, 'Content-Length': size });
  const redirect = ctx.hub.config.storageRedirect ? await ctx.hub.blobs.redirectUrl(digest, REDIRECT_SECONDS) : undefined;
  if (redirect) return sendEmpty(ctx.res, 307, { Location: redirect, 'Docker-Content-Digest': digest });
  const body = await ctx.hub.blobs.reader(digest, range);
  if (range) {
    ctx.res.writeHead(206, { ...headers, 'Content-Length': range.end - range.start + 1, 'Content-Range': `bytes ${range.start}-${range.end}/${size}` });
  } else {
    ctx.res.writeHead(200, { ...headers, 'Content-Length': size });
  }
  await pipeline(body, ctx.res);
}

export async function deleteBlob(ctx: RegistryContext): Promise<void> {
  await requireRepo(ctx.hub, ctx.who, ctx.name, ['delete']);
  const digest = requireDigest(ctx.ref);
  if (!(await ctx.hub.repos.unlinkBlob(await repoOf(ctx), digest))) throw new RegistryError('BLOB_UNKNOWN', `blob unknown: ${digest}`);
  sendEmpty(ctx.res, 202, { 'Docker-Content-Digest': digest });
}
