/** What each registry handler gets. */
import { isDigest } from '@quai/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Caller } from '../auth/authorize.js';
import type { Hub } from '../hub.js';
import type { Repo } from '../metadata/repos.js';
import { RegistryError } from './errcode.js';

export interface RegistryContext {
  hub: Hub;
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  who: Caller;
  /** Repository name from the path (validated). */
  name: string;
  /** The last path part: a reference, digest or upload uuid. */
  ref: string;
}

/** The repository, or NAME_UNKNOWN. */
export async function repoOf(ctx: RegistryContext): Promise<Repo> {
  const repo = await ctx.hub.repos.get(ctx.name);
  if (!repo) throw nameUnknown(ctx.name);
  return repo;
}

export function nameUnknown(name: string): RegistryError {
  return new RegistryError('NAME_UNKNOWN', `repository name not known to registry: ${name}`);
}

export function requireDigest(digest: string | null | undefined): string {
  if (!digest || !isDigest(digest)) throw new RegistryError('DIGEST_INVALID', `invalid digest: ${digest ?? ''}`);
  return digest;
}

/** `n` of tags/list and _catalog: absent → all. */
export function pageSize(url: URL): number | undefined {
  const raw = url.searchParams.get('n');
  if (raw === null || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 10000) throw new RegistryError('PAGINATION_NUMBER_INVALID', `invalid n: ${raw}`);
  return n;
}
