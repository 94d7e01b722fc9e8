/**
 * Manifests: GET/HEAD by tag or digest, PUT (validated: schema 2 only, every
 * referenced blob or child manifest present in the repository, the digest of
 * the body matching a digest reference), DELETE of a digest or a tag.
 */
import { createHash } from 'node:crypto';
import { requireRepo } from '../auth/authorize.js';
import { readBody, sendEmpty } from '../http/respond.js';
import { MissingBlobError, type ManifestRow } from '../metadata/repos.js';
import { RegistryError } from './errcode.js';
import { isDigest as isDigestRef, isTag } from '@quai/common';
import { nameUnknown, repoOf, type RegistryContext } from './context.js';

export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

const IMAGE_TYPES = new Set([
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
]);
const INDEX_TYPES = new Set([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
]);

interface Descriptor { mediaType?: string; digest?: string; size?: number; urls?: string[] }
interface ManifestDoc {
  schemaVersion?: number; mediaType?: string; artifactType?: string;
  config?: Descriptor; layers?: Descriptor[]; manifests?: Descriptor[]; subject?: Descriptor;
  annotations?: Record<string, string>;
}

async function resolve(ctx: RegistryContext): Promise<{ repoId: number; digest: string; row: ManifestRow }> {
  const repoId = await ctx.hub.reads.repoId(ctx.name);
  if (repoId === undefined) throw nameUnknown(ctx.name);
  const digest = isDigestRef(ctx.ref) ? ctx.ref : isTag(ctx.ref) ? await ctx.hub.reads.tagDigest(repoId, ctx.ref) : undefined;
  const row = digest ? await ctx.hub.reads.manifest(repoId, digest) : undefined;
  if (!digest || !row) throw new RegistryError('MANIFEST_UNKNOWN', `manifest unknown: ${ctx.ref}`);
  return { repoId, digest, row };
}

export async function getManifest(ctx: RegistryContext): Promise<void> {
  await requireRepo(ctx.hub, ctx.who, ctx.name, ['pull']);
  const { repoId, digest, row } = await resolve(ctx);
  const headers = { 'Content-Type': row.mediaType, 'Docker-Content-Digest': digest, 'Content-Length': row.size, ETag: `"${digest}"` };
  if (ctx.req.method === 'HEAD') return sendEmpty(ctx.res, 200, headers);
  const bytes = await ctx.hub.blobs.get(digest);
  ctx.res.writeHead(200, headers);
  ctx.res.end(bytes);
  ctx.hub.repos.countPull({ id: repoId });
}

export async function putManifest(ctx: RegistryContext): Promise<void> {
  await requireRepo(ctx.hub, ctx.who, ctx.name, ['pull', 'push']);
  const isDigest = isDigestRef(ctx.ref);
  if (!isDigest && !isTag(ctx.ref)) throw new RegistryError('MANIFEST_INVALID', `invalid tag: ${ctx.ref}`);
  const body = await readBody(ctx.req, MAX_MANIFEST_BYTES, () => new RegistryError('SIZE_INVALID', `manifest larger than ${MAX_MANIFEST_BYTES} bytes`));
  const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`;
  if (isDigest && digest !== ctx.ref) throw new RegistryError('DIGEST_INVALID', `manifest digest ${digest} does not match ${ctx.ref}`);
  let doc: ManifestDoc;
  try {
    doc = JSON.parse(body.toString('utf8')) as ManifestDoc;
  } catch {
    throw new RegistryError('MANIFEST_INVALID', 'manifest is not valid JSON');
  }
  if (!doc || typeof doc !== 'object' || doc.schemaVersion !== 2) throw new RegistryError('MANIFEST_INVALID', 'only schemaVersion 2 manifests are accepted');
  const contentType = (ctx.req.headers['content-type'] ?? '').split(';')[0]!.trim();
  const mediaType = doc.mediaType ?? contentType;
  if (doc.mediaType && contentType && contentType !== doc.mediaType) {
    throw new RegistryError('MANIFEST_INVALID', `Content-Type ${contentType} does not match mediaType ${doc.mediaType}`);
  }
  const repo = await ctx.hub.repos.ensure(ctx.name);
  const children: string[] = [];
  const blobChildren: string[] = [];
  let artifactType: string | null = doc.artifactType ?? null;
  if (INDEX_TYPES.has(mediaType) || (!doc.config && Array.isArray(doc.manifests))) {
    if (!Array.isArray(doc.manifests)) throw new RegistryError('MANIFEST_INVALID', 'index without manifests');
    for (const m of doc.manifests) {
      if (!m.digest || !isDigestRef(m.digest)) throw new RegistryError('MANIFEST_INVALID', `invalid descriptor digest ${m.digest}`);
      if (!(await ctx.hub.repos.manifest(repo, m.digest))) throw new RegistryError('MANIFEST_BLOB_UNKNOWN', undefined, { digest: m.digest });
      children.push(m.digest);
    }
  } else if (IMAGE_TYPES.has(mediaType) || doc.config) {
    if (!doc.config || !Array.isArray(doc.layers)) throw new RegistryError('MANIFEST_INVALID', 'image manifest needs config and layers');
    for (const d of [doc.config, ...doc.layers]) {
      if (!d.digest || !isDigestRef(d.digest) || typeof d.size !== 'number') throw new RegistryError('MANIFEST_INVALID', `invalid descriptor ${JSON.stringify(d)}`);
      if (d.urls?.length) continue; // foreign layers live elsewhere
      if (!(await ctx.hub.repos.hasBlob(repo, d.digest))) throw new RegistryError('MANIFEST_BLOB_UNKNOWN', undefined, { digest: d.digest });
      children.push(d.digest);
      blobChildren.push(d.digest);
    }
    artifactType ??= doc.config.mediaType ?? null;
  } else {
    throw new RegistryError('MANIFEST_INVALID', `unsupported manifest media type ${mediaType || '(none)'}`);
  }
  if (doc.subject && (!doc.subject.digest || !isDigestRef(doc.subject.digest))) throw new RegistryError('MANIFEST_INVALID', 'invalid subject');
  await ctx.hub.blobs.putVerified(digest, body);
  try {
    await ctx.hub.repos.putManifest(repo, {
      digest, mediaType, size: body.length, artifactType, subject: doc.subject?.digest ?? null, annotations: doc.annotations ?? null,
    }, children, isDigest ? undefined : ctx.ref, blobChildren);
  } catch (err) {
    if (err instanceof MissingBlobError) throw new RegistryError('MANIFEST_BLOB_UNKNOWN', undefined, { digest: err.digest });
    throw err;
  }
  if (!isDigest) void ctx.hub.webhooks.firePush(repo, ctx.ref, ctx.who.name);
  sendEmpty(ctx.res, 201, {
    Location: `/v2/${ctx.name}/manifests/${digest}`,
    'Docker-Content-Digest': digest,
    ...(doc.subject?.digest ? { 'OCI-Subject': doc.subject.digest } : {}),
  });
}

export async function deleteManifest(ctx: RegistryContext): Promise<void> {
  await requireRepo(ctx.hub, ctx.who, ctx.name, ['delete']);
  const repo = await repoOf(ctx);
  const gone = isDigestRef(ctx.ref) ? await ctx.hub.repos.deleteManifest(repo, ctx.ref) : await ctx.hub.repos.deleteTag(repo, ctx.ref);
  if (!gone) throw new RegistryError('MANIFEST_UNKNOWN', `manifest unknown: ${ctx.ref}`);
  sendEmpty(ctx.res, 202);
}
