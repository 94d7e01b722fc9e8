/** Tags list, _catalog and the referrers API, with `n`/`last` pagination and `Link: <...>; rel="next"`. */
import { challenge, ChallengeError, requireRepo } from '../auth/authorize.js';
import { sendJson } from '../http/respond.js';
import { repoOf, requireDigest, pageSize, type RegistryContext } from './context.js';

function nextLink(path: string, n: number | undefined, items: string[]): Record<string, string> {
  if (n === undefined || items.length < n || n === 0) return {};
  return { Link: `<${path}?n=${n}&last=${encodeURIComponent(items.at(-1)!)}>; rel="next"` };
}

export async function listTags(ctx: RegistryContext): Promise<void> {
  await requireRepo(ctx.hub, ctx.who, ctx.name, ['pull']);
  const n = pageSize(ctx.url);
  const last = ctx.url.searchParams.get('last') ?? undefined;
  const tags = await ctx.hub.repos.tags(await repoOf(ctx), { n, last });
  sendJson(ctx.res, 200, { name: ctx.name, tags }, nextLink(`/v2/${ctx.name}/tags/list`, n, tags));
}

export async function catalog(ctx: RegistryContext): Promise<void> {
  if (!(await ctx.who.has({ type: 'registry', name: 'catalog', actions: ['*'] }))) {
    throw new ChallengeError(challenge(ctx.hub, 'registry:catalog:*', ctx.who.name ? 'insufficient_scope' : undefined));
  }
  const n = pageSize(ctx.url);
  const last = ctx.url.searchParams.get('last') ?? undefined;
  const names = (await ctx.hub.repos.list({ after: last, limit: n })).map((r) => r.name);
  sendJson(ctx.res, 200, { repositories: names }, nextLink('/v2/_catalog', n, names));
}

export async function referrers(ctx: RegistryContext): Promise<void> {
  await requireRepo(ctx.hub, ctx.who, ctx.name, ['pull']);
  const subject = requireDigest(ctx.ref);
  const artifactType = ctx.url.searchParams.get('artifactType') ?? undefined;
  const repo = await ctx.hub.repos.get(ctx.name);
  const rows = repo ? await ctx.hub.repos.referrers(repo, subject, artifactType) : [];
  const manifests = rows.map((r) => ({
    mediaType: r.mediaType, digest: r.digest, size: r.size,
    ...(r.artifactType ? { artifactType: r.artifactType } : {}),
    ...(r.annotations ? { annotations: r.annotations } : {}),
  }));
  const body = { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests };
  sendJson(ctx.res, 200, body, {
    'Content-Type': 'application/vnd.oci.image.index.v1+json',
    ...(artifactType ? { 'OCI-Filters-Applied': 'artifactType' } : {}),
  });
}
