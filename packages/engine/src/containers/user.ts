/**
 * Resolving `User` (`name`, `uid`, `name:group`, `uid:gid`) against the
 * image's own /etc/passwd and /etc/group, as Docker does: names must exist
 * there, numbers need not; supplementary groups come from /etc/group.
 */
import { InvalidArgumentError } from '@quai/common';
import type { InRoot } from '../host/in-root.js';

export interface ResolvedUser { uid: number; gid: number; additionalGids: number[]; home: string }

export interface PasswdEntry { name: string; uid: number; gid: number; home: string }
export interface GroupEntry { name: string; gid: number; members: string[] }

/** The image's file, read inside its root (a link in the image never reaches the host's /etc). */
async function readLines(root: InRoot, file: string): Promise<string[][]> {
  try {
    const text = (await root.readFile(file)).toString('utf8');
    return text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(':'));
  } catch {
    return [];
  }
}

export const passwdOf = async (root: InRoot) => parsePasswd(await readLines(root, '/etc/passwd'));
export const groupsOf = async (root: InRoot) => parseGroup(await readLines(root, '/etc/group'));

export function parsePasswd(lines: string[][]): PasswdEntry[] {
  return lines.filter((f) => f.length >= 4).map((f) => ({ name: f[0]!, uid: Number(f[2]), gid: Number(f[3]), home: f[5] ?? '/' }));
}

export function parseGroup(lines: string[][]): GroupEntry[] {
  return lines.filter((f) => f.length >= 3).map((f) => ({ name: f[0]!, gid: Number(f[2]), members: (f[3] ?? '').split(',').filter(Boolean) }));
}

const isNumeric = (s: string) => /^\d+$/.test(s);

export async function resolveUser(root: InRoot, spec: string | undefined, groupAdd: string[] = []): Promise<ResolvedUser> {
  const passwd = await passwdOf(root);
  const groups = await groupsOf(root);
  const [userPart = '', groupPart] = (spec || '').split(':');
  let uid = 0;
  let gid = 0;
  let home = '/';
  let name: string | undefined;
  if (userPart === '') {
    const root = passwd.find((p) => p.uid === 0);
    name = root?.name;
    home = root?.home ?? '/root';
  } else if (isNumeric(userPart)) {
    uid = Number(userPart);
    const entry = passwd.find((p) => p.uid === uid);
    if (entry) { gid = entry.gid; home = entry.home; name = entry.name; }
  } else {
    const entry = passwd.find((p) => p.name === userPart);
    if (!entry) throw new InvalidArgumentError(`unable to find user ${userPart}: no matching entries in passwd file`);
    ({ uid, gid, home, name } = entry);
  }
  if (groupPart !== undefined && groupPart !== '') {
    if (isNumeric(groupPart)) gid = Number(groupPart);
    else {
      const g = groups.find((x) => x.name === groupPart);
      if (!g) throw new InvalidArgumentError(`unable to find group ${groupPart}: no matching entries in group file`);
      gid = g.gid;
    }
  }
  // As Docker: the primary group is listed among the supplementary ones too.
  const additional = new Set<number>([gid]);
  if (name && groupPart === undefined) {
    for (const g of groups) if (g.members.includes(name)) additional.add(g.gid);
  }
  for (const extra of groupAdd) {
    if (isNumeric(extra)) additional.add(Number(extra));
    else {
      const g = groups.find((x) => x.name === extra);
      if (!g) throw new InvalidArgumentError(`unable to find group ${extra}: no matching entries in group file`);
      additional.add(g.gid);
    }
  }
  return { uid, gid, additionalGids: [...additional], home };
}
