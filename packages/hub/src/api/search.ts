/**
 * `GET /v1/search?q=&n=&page=` in the shape the Docker engine expects
 * (what `docker search` shows through an engine):
 *   {"num_results", "num_pages", "page", "page_size", "query", "results": [{name, description, star_count, is_official, is_automated}]}
 */
import type { ServerResponse } from 'node:http';
import type { Hub } from '../hub.js';
import { sendJson } from '../http/respond.js';

export async function search(hub: Hub, res: ServerResponse, url: URL): Promise<void> {
  const q = url.searchParams.get('q') ?? '';
  const n = Math.min(Math.max(Number(url.searchParams.get('n')) || 25, 1), 100);
  const page = Math.max(Number(url.searchParams.get('page')) || 1, 1);
  const { total, repos } = await hub.catalog.search(q, n, (page - 1) * n);
  sendJson(res, 200, {
    num_results: total,
    num_pages: Math.ceil(total / n),
    page,
    page_size: n,
    query: q,
    results: repos.map((r) => ({
      name: r.namespace === 'library' ? r.name.replace(/^library\//, '') : r.name,
      description: r.description,
      star_count: r.stars,
      pull_count: r.pullCount,
      is_official: r.namespace === 'library',
      is_automated: false,
    })),
  });
}
