/**
 * `docker rmi`, with Docker's untag-then-delete rules (moby
 * daemon/images/image_delete.go):
 *   - a tag or digest reference is untagged (refused without force only when
 *     it is the image's one reference and a container uses the image); the
 *     image goes only when no reference is left, and then quietly stays if a
 *     container or a child image uses it;
 *   - an id deletes the image with its references, if it has one tag (or
 *     only references within one repository), else needs force;
 *   - a running container's image can never be deleted; a stopped one's
 *     only with force.
 */
import {
  ConflictError, NotFoundError, familiarString, parseNormalizedNamed, repositoryName, shortId, type Reference,
} from '@quai/common';
import type { ImageDeps } from './deps.js';
import { releaseLayers } from './release.js';

export interface DeleteItem {
  Untagged?: string;
  Deleted?: string;
}

export interface RemoveOptions {
  force?: boolean;
  /** Docker's `noprune` negated: also delete untagged parents. */
  prune?: boolean;
}

const CHILD = 1;
const RUNNING = 2;
const ACTIVE_REF = 4;
const STOPPED = 8;
const HARD = CHILD | RUNNING;
const SOFT = ACTIVE_REF | STOPPED;

interface Conflict {
  error: ConflictError;
  used: boolean;
}

export async function removeImage(d: ImageDeps, ref: string, opts: RemoveOptions = {}): Promise<DeleteItem[]> {
  await d.index.ready();
  const force = opts.force ?? false;
  const image = d.index.resolve(ref);
  const id = image.id;
  const items: DeleteItem[] = [];
  const untag = async (r: Reference) => {
    await d.index.removeRef(r);
    items.push({ Untagged: familiarString(r) });
    d.events.publish('image', 'untag', id, { name: id });
  };
  let quiet = false;
  if (!isIdPrefix(id, ref)) {
    // Untagging one of several references leaves the image tagged, so a container may use it.
    const user = d.users.containersUsing(id)[0];
    if (!force && user && isSingleReference(d.index.refs(id))) {
      throw new ConflictError(`conflict: unable to remove repository reference "${ref}" (must force) - container ${shortId(user.id)} is using its referenced image ${shortId(id)}`);
    }
    const named = parseNormalizedNamed(ref);
    await untag(named);
    let refs = d.index.refs(id);
    // Untagging the last tag of a repository also drops its digest references.
    if (!named.digest && !refs.some((r) => !r.digest && repositoryName(r) === repositoryName(named))) {
      for (const r of refs.filter((r) => r.digest && repositoryName(r) === repositoryName(named))) await untag(r);
      refs = d.index.refs(id);
    }
    if (refs.length) return items;
    quiet = true;
  } else if (isSingleReference(d.index.refs(id))) {
    const conflict = checkConflict(d, id, HARD | (force ? 0 : STOPPED));
    if (conflict) throw conflict.error;
    for (const r of d.index.refs(id)) await untag(r);
  }
  await deleteImage(d, id, items, { force, prune: opts.prune ?? true, quiet });
  return items;
}

async function deleteImage(d: ImageDeps, id: string, items: DeleteItem[], o: { force: boolean; prune: boolean; quiet: boolean }): Promise<void> {
  const image = d.index.byId(id);
  if (!image) return;
  const conflict = checkConflict(d, id, HARD | (o.force ? 0 : SOFT));
  if (conflict) {
    // After untagging, an image still in use (tagged, a parent, a container's) quietly stays.
    if (o.quiet && (!isDangling(d, id) || conflict.used)) return;
    throw conflict.error;
  }
  for (const r of d.index.refs(id)) {
    await d.index.removeRef(r);
    items.push({ Untagged: familiarString(r) });
  }
  await d.index.delete(id);
  d.events.publish('image', 'delete', id, { name: id });
  items.push({ Deleted: id });
  for (const chainId of await releaseLayers(d, image)) items.push({ Deleted: chainId });
  await d.index.flush(); // on a full disk, the removal reaches the index once the layers made room
  if (o.prune && image.parent && d.index.byId(image.parent)) {
    await deleteImage(d, image.parent, items, { force: false, prune: true, quiet: true });
  }
}

function checkConflict(d: ImageDeps, id: string, mask: number): Conflict | undefined {
  const fail = (hard: boolean, used: boolean, message: string): Conflict => ({
    used,
    error: new ConflictError(`conflict: unable to delete ${shortId(id)} (${hard ? 'cannot be forced' : 'must be forced'}) - ${message}`),
  });
  if (mask & CHILD && d.index.all().some((i) => i.parent === id)) return fail(true, false, 'image has dependent child images');
  const users = d.users.containersUsing(id);
  const running = users.find((u) => u.running);
  if (mask & RUNNING && running) return fail(true, true, `image is being used by running container ${shortId(running.id)}`);
  if (mask & ACTIVE_REF && d.index.refs(id).length > 0) return fail(false, false, 'image is referenced in multiple repositories');
  const stopped = users.find((u) => !u.running);
  if (mask & STOPPED && stopped) return fail(false, true, `image is being used by stopped container ${shortId(stopped.id)}`);
  return undefined;
}

/** No references and no child images: nothing but the user's ref kept it. */
function isDangling(d: ImageDeps, id: string): boolean {
  return d.index.refs(id).length === 0 && !d.index.all().some((i) => i.parent === id);
}

/** `ref` names the image by (a prefix of) its id rather than by a reference. */
export function isIdPrefix(id: string, ref: string): boolean {
  return id.startsWith(ref) || id.slice(id.indexOf(':') + 1).startsWith(ref);
}

/** At most one tag, and any digest references in that tag's repository. */
export function isSingleReference(refs: Reference[]): boolean {
  if (refs.length <= 1) return refs.length === 1;
  const tags = refs.filter((r) => !r.digest);
  if (tags.length > 1) return false;
  const digestRepos = new Set(refs.filter((r) => r.digest).map(repositoryName));
  const single = tags[0] ?? refs[0]!;
  return digestRepos.size === 1 && digestRepos.has(repositoryName(single));
}

/** Errors prune passes over (Docker: not found, conflict). */
export function isSkippable(err: unknown): boolean {
  return err instanceof NotFoundError || err instanceof ConflictError;
}
