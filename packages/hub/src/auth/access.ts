/**
 * Who may do what. Namespaces: `alice/...` belongs to user alice, `acme/...`
 * to the members of organisation acme, single names and `library/...` to
 * admins. Pull of a public repository is open to everyone, anonymous too;
 * a repository that does not exist yet is pullable by whoever may push it.
 */
import { namespaceOf, type Repos } from '../metadata/repos.js';
import type { Principal, Users } from '../metadata/users.js';
import type { Access } from './token-service.js';

export class AccessPolicy {
  constructor(private readonly users: Users, private readonly repos: Repos) {}

  async canWrite(principal: Principal | undefined, name: string): Promise<boolean> {
    if (!principal) return false;
    const { user } = principal;
    if (user.admin) return true;
    const ns = namespaceOf(name);
    if (ns === 'library') return false;
    if (ns === user.name) return true;
    return (await this.users.get(ns))?.kind === 'org' && (await this.users.isMember(ns, user.name));
  }

  /** The subset of `requested.actions` granted. */
  async grant(principal: Principal | undefined, requested: Access): Promise<string[]> {
    let granted: string[] = [];
    if (requested.type === 'repository') {
      const write = await this.canWrite(principal, requested.name);
      const repo = await this.repos.get(requested.name);
      granted = requested.actions.filter((a) => {
        if (a === 'pull') return write || (repo !== undefined && !repo.private);
        if (a === 'push' || a === 'delete') return write;
        if (a === '*') return write;
        return false;
      });
    } else if (requested.type === 'registry' && requested.name === 'catalog') {
      granted = principal?.user.admin ? requested.actions.filter((a) => a === '*') : [];
    }
    if (principal?.allowed) granted = granted.filter((a) => principal.allowed!.includes(a) || (a === '*' && principal.allowed!.includes('delete')));
    return granted;
  }
}
