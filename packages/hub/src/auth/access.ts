/**
 * Who may do what. Namespaces: `alice/...` belongs to user alice, `acme/...`
 * to the members of organisation acme, single names and `library/...` to
 * admins; the namespace's owners administer its repositories (settings,
 * deletion). Collaborators of a repository may push and pull it. Pull of a
 * public repository is open to everyone, anonymous too; a private one is
 * invisible to everyone else: the registry, the pages and search answer as
 * if it did not exist. A repository that does not exist yet is pullable by
 * whoever may push it.
 */
import { namespaceOf, type Repo, type Repos } from '../metadata/repos.js';
import type { Principal, User, Users } from '../metadata/users.js';
import type { Orgs } from '../metadata/orgs.js';
import type { Collaborators } from '../metadata/collaborators.js';
import type { Access } from './token-service.js';

type Who = Principal | { user: User } | undefined;

export class AccessPolicy {
  constructor(private readonly users: Users, private readonly repos: Repos, private readonly orgs: Orgs, private readonly collaborators: Collaborators) {}

  /** Settings, deletion, webhooks, collaborators: the namespace's owner (or an admin). */
  async canAdmin(principal: Who, name: string): Promise<boolean> {
    if (!principal) return false;
    const { user } = principal;
    if (user.admin) return true;
    const ns = namespaceOf(name);
    if (ns === 'library') return false;
    if (ns === user.name) return true;
    return (await this.users.get(ns))?.kind === 'org' && (await this.orgs.isMember(ns, user.name));
  }

  /** Push: the owner, or a collaborator of an existing repository. */
  async canWrite(principal: Who, name: string): Promise<boolean> {
    if (await this.canAdmin(principal, name)) return true;
    if (!principal) return false;
    const repo = await this.repos.get(name);
    return repo !== undefined && (await this.collaborators.has(repo.id, principal.user.name));
  }

  /** See the repository at all (pages, search, pull). */
  async canRead(principal: Who, repo: Repo): Promise<boolean> {
    return !repo.private || (await this.canWrite(principal, repo.name));
  }

  /** The subset of `requested.actions` granted. */
  async grant(principal: Principal | undefined, requested: Access): Promise<string[]> {
    let granted: string[] = [];
    if (requested.type === 'repository') {
      const write = await this.canWrite(principal, requested.name);
      const admin = write && (await this.canAdmin(principal, requested.name));
      const repo = await this.repos.get(requested.name);
      granted = requested.actions.filter((a) => {
        if (a === 'pull') return write || (repo !== undefined && !repo.private);
        if (a === 'push') return write;
        if (a === 'delete' || a === '*') return admin;
        return false;
      });
    } else if (requested.type === 'registry' && requested.name === 'catalog') {
      granted = principal?.user.admin ? requested.actions.filter((a) => a === '*') : [];
    }
    if (principal?.allowed) granted = granted.filter((a) => principal.allowed!.includes(a) || (a === '*' && principal.allowed!.includes('delete')));
    return granted;
  }
}
