/** `docker search`: the registry's `/v1/search?q=&n=` (Docker Hub's API; the quai hub serves it too). */
import { QuaiError } from '@quai/common';
import { endpointFor, type RegistryOptions } from './endpoint.js';

export interface SearchResult {
  name: string;
  description: string;
  star_count: number;
  is_official: boolean;
  is_automated: boolean;
}

/** `term` may name a registry: `127.0.0.1:5000/bb` searches that registry for `bb`. */
export async function searchRegistry(opts: RegistryOptions, term: string, limit = 25): Promise<SearchResult[]> {
  const slash = term.indexOf('/');
  const first = slash < 0 ? '' : term.slice(0, slash);
  const hasHost = first.includes('.') || first.includes(':') || first === 'localhost';
  const endpoint = endpointFor(hasHost ? first : 'docker.io', opts);
  const q = hasHost ? term.slice(slash + 1) : term;
  const url = `${endpoint.baseUrl}/v1/search?q=${encodeURIComponent(q)}&n=${limit}`;
  const res = await fetch(url).catch((err: Error & { cause?: Error }) => {
    throw new QuaiError('unavailable', `Get "${url}": ${err.cause?.message ?? err.message}`);
  });
  if (!res.ok) throw new QuaiError('unavailable', `search ${url}: ${res.status}`);
  const body = (await res.json()) as { results?: SearchResult[] };
  return (body.results ?? []).slice(0, limit).map((r) => ({
    name: hasHost ? `${first}/${r.name}` : r.name,
    description: r.description ?? '',
    star_count: r.star_count ?? 0,
    is_official: !!r.is_official,
    is_automated: !!r.is_automated,
  }));
}
