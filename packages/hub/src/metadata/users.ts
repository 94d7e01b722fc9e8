/** Accounts (users; organisations are accounts of kind 'org', see orgs.ts), refresh tokens and personal access tokens. */
import { randomUUID } from 'node:crypto';
import { hashPassword, needsRehash, newToken, passwordProblem, tokenHash, verifyPassword } from '../auth/passwords.js';
import { now, type MetadataStore } from './metadata-store.js';
import { deleteRepositoryRows } from './repos.js';

export interface User {
  name: string;
  admin: boolean;
  kind: 'user' | 'org';
}

/** PAT scopes as Docker Hub names them; each caps the actions a token may get. */
export const TOKEN_SCOPES: Record<string, string[]> = {
  'read': ['pull'],
  'read-write': ['pull', 'push'],
  'read-write-delete': ['pull', 'push', 'delete'],
};

export interface AccessTokenInfo {
  id: string;
  label: string;
  scope: string;
  created: string;
  revoked: string | null;
  /** When a client last logged in or fetched a token with it. */
  lastUsed: string | null;
}

/** The result of checking credentials: the user, and the actions a PAT is capped to. */
export interface Principal {
  user: User;
  /** Set when authenticated with a PAT: its id and allowed actions. */
  tokenId?: string;
  allowed?: string[];
}

export const ACCOUNT_NAME_RE = /^[a-z0-9][a-z0-9_-]{1,38}$/;
const NAME_RULE = '2-39 of a-z 0-9 _ -, starting with a letter or digit';

/** Names that would shadow the hub's own pages or namespaces. */
const RESERVED = new Set(['library', 'admin-api', 'api', 'orgs', 'settings', 'signup', 'login', 'logout', 'search', 'static', 'token', 'v1', 'v2']);

export class Users {
  constructor(private readonly db: MetadataStore) {}

  async get(name: string): Promise<User | undefined> {
    const row = await this.db.get<{ name: string; admin: number; kind: 'user' | 'org' }>('SELECT name, admin, kind FROM users WHERE name = ?', [name]);
    return row && { name: row.name, admin: row.admin === 1, kind: row.kind };
  }

  /** When the account or organisation was made. */
  async joined(name: string): Promise<string | undefined> {
    return (await this.db.get<{ created: string }>('SELECT created FROM users WHERE name = ?', [name]))?.created;
  }

  /** Throws when `name` cannot be a new account or organisation. */
  async checkNewName(name: string): Promise<void> {
    if (!ACCOUNT_NAME_RE.test(name) || RESERVED.has(name)) throw new Error(`invalid name "${name}": ${NAME_RULE}`);
    if (await this.get(name)) throw new Error(`an account named "${name}" already exists`);
  }

  /** An account made by the operator (`quai hub user add`): any non-empty password. */
  async add(name: string, password: string, opts: { admin?: boolean } = {}): Promise<User> {
    await this.checkNewName(name);
    if (password.length < 1) throw new Error('password must not be empty');
    const hash = await hashPassword(password);
    await this.db.run('INSERT INTO users (name, kind, password_hash, admin, created) VALUES (?, ?, ?, ?, ?)', [name, 'user', hash, opts.admin ? 1 : 0, now()]);
    return (await this.get(name))!;
  }

  /** Self-service sign-up (web, API, `quai hub signup`): the password rule applies. */
  async signUp(name: string, password: string, opts: { admin?: boolean } = {}): Promise<User> {
    await this.checkNewName(name);
    const problem = passwordProblem(name, password);
    if (problem) throw new Error(problem);
    return this.add(name, password, opts);
  }

  /** A new password (the rule applies); the caller has checked the current one (auth/credentials.ts). */
  async setPassword(name: string, next: string): Promise<void> {
    const problem = passwordProblem(name, next);
    if (problem) throw new Error(problem);
    await this.db.run('UPDATE users SET password_hash = ? WHERE name = ?', [await hashPassword(next), name]);
    // Other logins made with the old password end with it.
    await this.db.run('DELETE FROM refresh_tokens WHERE "user" = ?', [name]);
  }

  /** Password or personal access token, as `docker login` sends either. */
  async authenticate(name: string, secret: string): Promise<Principal | undefined> {
    const row = await this.db.get<{ password_hash: string }>("SELECT password_hash FROM users WHERE name = ? AND kind = 'user'", [name]);
    if (!row) return undefined;
    if (secret.startsWith('qpat_')) {
      const pat = await this.db.get<{ id: string; scope: string }>('SELECT id, scope FROM access_tokens WHERE token_hash = ? AND "user" = ? AND revoked IS NULL', [tokenHash(secret), name]);
      if (!pat) return undefined;
      await this.tokenUsed(pat.id);
      return { user: (await this.get(name))!, tokenId: pat.id, allowed: TOKEN_SCOPES[pat.scope] };
    }
    if (!(await verifyPassword(secret, row.password_hash))) return undefined;
    if (needsRehash(row.password_hash)) {
      await this.db.run('UPDATE users SET password_hash = ? WHERE name = ? AND password_hash = ?', [await hashPassword(secret), name, row.password_hash]);
    }
    return { user: (await this.get(name))! };
  }

  /**
   * Deletes an account and what only it owns: its repositories (their blobs
   * go at the next garbage collection), tokens, sessions, stars and
   * memberships. Organisations are deleted by their owners (Orgs.remove).
   */
  async remove(name: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const repos = await tx.all<{ id: number }>('SELECT id FROM repositories WHERE namespace = ?', [name]);
      for (const { id } of repos) await deleteRepositoryRows(tx, id);
      for (const sql of [
        'DELETE FROM refresh_tokens WHERE "user" = ?',
        'DELETE FROM token_uses WHERE token_id IN (SELECT id FROM access_tokens WHERE "user" = ?)',
        'DELETE FROM access_tokens WHERE "user" = ?',
        'DELETE FROM sessions WHERE "user" = ?',
        'DELETE FROM stars WHERE "user" = ?',
        'DELETE FROM collaborators WHERE "user" = ?',
        'DELETE FROM team_members WHERE "user" = ?',
        'DELETE FROM members WHERE "user" = ?',
        'DELETE FROM users WHERE name = ?',
      ]) await tx.run(sql, [name]);
    });
    await this.db.changes?.settled(); // their repositories are gone from every node's cache too
  }

  /** `secret` is what the user logged in with: a PAT login's refresh token is the PAT itself, so revoking it ends both. */
  async issueRefreshToken(principal: Principal, secret: string): Promise<string> {
    if (principal.tokenId) return secret;
    const token = newToken('qrt_');
    await this.db.run('INSERT INTO refresh_tokens (token_hash, "user", created) VALUES (?, ?, ?)', [tokenHash(token), principal.user.name, now()]);
    return token;
  }

  async byRefreshToken(token: string): Promise<Principal | undefined> {
    if (token.startsWith('qpat_')) {
      const pat = await this.db.get<{ id: string; user: string; scope: string }>('SELECT id, "user", scope FROM access_tokens WHERE token_hash = ? AND revoked IS NULL', [tokenHash(token)]);
      const owner = pat && (await this.get(pat.user));
      if (!owner) return undefined;
      await this.tokenUsed(pat.id);
      return { user: owner, tokenId: pat.id, allowed: TOKEN_SCOPES[pat.scope] };
    }
    const row = await this.db.get<{ user: string }>('SELECT "user" FROM refresh_tokens WHERE token_hash = ?', [tokenHash(token)]);
    const user = row && (await this.get(row.user));
    return user && { user };
  }

  async createAccessToken(user: string, label: string, scope: string): Promise<{ id: string; token: string }> {
    if (!TOKEN_SCOPES[scope]) throw new Error(`invalid scope "${scope}": read, read-write or read-write-delete`);
    const id = randomUUID();
    const token = newToken('qpat_');
    await this.db.run('INSERT INTO access_tokens (id, "user", label, token_hash, scope, created) VALUES (?, ?, ?, ?, ?, ?)', [id, user, label, tokenHash(token), scope, now()]);
    return { id, token };
  }

  listAccessTokens(user: string): Promise<AccessTokenInfo[]> {
    return this.db.all<AccessTokenInfo>(`SELECT t.id, t.label, t.scope, t.created, t.revoked, u.last_used AS "lastUsed"
      FROM access_tokens t LEFT JOIN token_uses u ON u.token_id = t.id WHERE t."user" = ? ORDER BY t.created, t.id`, [user]);
  }

  private async tokenUsed(id: string): Promise<void> {
    await this.db.run('INSERT INTO token_uses (token_id, last_used) VALUES (?, ?) ON CONFLICT (token_id) DO UPDATE SET last_used = excluded.last_used', [id, now()]);
  }

  async revokeAccessToken(user: string, id: string): Promise<boolean> {
    return (await this.db.run('UPDATE access_tokens SET revoked = ? WHERE id = ? AND "user" = ? AND revoked IS NULL', [now(), id, user])) > 0;
  }

  async isTokenRevoked(id: string): Promise<boolean> {
    const row = await this.db.get<{ revoked: string | null }>('SELECT revoked FROM access_tokens WHERE id = ?', [id]);
    return !row || row.revoked !== null;
  }
}
