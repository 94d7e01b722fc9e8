/**
 * `images` rows as Docker's ImageContext: one row per repository:tag (or
 * <none>), with the placeholders --format can use.
 */
import type { ImageSummary } from '@quai/client';
import { GO_TYPE } from './go-template.js';
import { humanSize, timeAgo, truncateId } from '@quai/common';
import { goTimeString } from './go-time.js';

export const IMAGES_DEFAULT = '{{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}';
export const IMAGES_DIGESTS = '{{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}';

export const IMAGE_HEADERS: Record<string, string> = {
  ID: 'IMAGE ID', Repository: 'REPOSITORY', Tag: 'TAG', Digest: 'DIGEST', CreatedSince: 'CREATED',
  CreatedAt: 'CREATED AT', Size: 'SIZE', Containers: 'CONTAINERS', SharedSize: 'SHARED SIZE',
  UniqueSize: 'UNIQUE SIZE', VirtualSize: 'VIRTUAL SIZE',
};

interface Row { repo: string; tag: string; digest: string }

/** Split a "repo:tag" at the last colon after the last slash. */
function splitRepoTag(rt: string): [string, string] {
  const slash = rt.lastIndexOf('/');
  const colon = rt.lastIndexOf(':');
  return colon > slash ? [rt.slice(0, colon), rt.slice(colon + 1)] : [rt, ''];
}

function rowsOf(img: ImageSummary, withDigests: boolean): Row[] {
  const tags = (img.RepoTags ?? []).filter((t) => t !== '<none>:<none>');
  const digests = (img.RepoDigests ?? []).filter((d) => d !== '<none>@<none>');
  const digestOf = (repo: string) => {
    const d = digests.find((x) => x.startsWith(`${repo}@`));
    return d ? d.slice(repo.length + 1) : '<none>';
  };
  const rows: Row[] = [];
  const reposWithTags = new Set<string>();
  for (const t of tags) {
    const [repo, tag] = splitRepoTag(t);
    reposWithTags.add(repo);
    rows.push({ repo, tag, digest: digestOf(repo) });
  }
  for (const d of digests) {
    const repo = d.slice(0, d.indexOf('@'));
    if (!reposWithTags.has(repo)) rows.push({ repo, tag: '<none>', digest: d.slice(repo.length + 1) });
  }
  if (!rows.length) rows.push({ repo: '<none>', tag: '<none>', digest: digests[0] ? digests[0].slice(digests[0].indexOf('@') + 1) : '<none>' });
  void withDigests;
  return rows;
}

export function imageContexts(img: ImageSummary, o: { trunc: boolean; digests: boolean; now?: number }): Record<string | symbol, unknown>[] {
  return rowsOf(img, o.digests).map((r) => ({
    [GO_TYPE]: '*formatter.ImageContext',
    Containers: img.Containers === undefined || img.Containers < 0 ? 'N/A' : String(img.Containers),
    get CreatedAt() {
      return goTimeString(img.Created);
    },
    get CreatedSince() {
      return img.Created > 0 ? timeAgo(img.Created, o.now) : 'N/A';
    },
    Digest: r.digest,
    ID: o.trunc ? truncateId(img.Id) : img.Id,
    Repository: r.repo,
    SharedSize: img.SharedSize === undefined || img.SharedSize < 0 ? 'N/A' : humanSize(img.SharedSize, 4),
    Size: humanSize(img.Size),
    Tag: r.tag,
    UniqueSize: img.SharedSize === undefined || img.SharedSize < 0 ? 'N/A' : humanSize(img.Size - img.SharedSize, 4),
    // go-units HumanSize (4 digits) here, unlike Size (3)
    VirtualSize: humanSize(img.VirtualSize ?? img.Size, 4),
  }));
}
