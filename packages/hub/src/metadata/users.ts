/** Accounts, organisations, refresh tokens and personal access tokens. */
import { randomUUID } from 'node:crypto';
import { hashPassword, newToken, tokenHash, verifyPassword } from '../auth/passwords.js';
import { now, type MetadataStore } from './metadata-store.js';

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
}

/** The result of checking credentials: the user, and the actions a PAT is capped to. */
export interface Principal {
  user: User;
  /** Set when authenticated with a PAT: its id and allowed actions. */
  tokenId?: string;
  allowed?: string[];
}

const NAME_RE = /^[a-z0-9][a-z0-9_-]{1,38}$/;

export class Users {
  constructor(private readonly db: MetadataStore) {}

  async get(name: string): Promise<User | undefined> {
    const row = await this.db.get<{ name: string; admin: number; kind: 'user' | 'org' }>('SELECT name, admin, kind FROM users WHERE name = ?', [name]);
    return row && { name: row.name, admin: row.admin === 1, kind: row.kind };
  }

  async add(name: string, password: string, opts: { admin?: boolean } = {}): Promise<User> {
    if (!NAME_RE.test(name) || name === 'library') throw new Error(`invalid user name "${name}": 2-39 of a-z 0-9 _ -, starting with a letter or digit`);
    if (await this.get(name)) throw new Error(`user "${name}" already exists`);
    if (password.length < 1) throw new Error('password must not be empty');
    const hash = await hashPassword(password);
    await this.db.run('INSERT INTO users (name, kind, password_hash, admin, created) VALUES (?, ?, ?, ?, ?)', [name, 'user', hash, opts.admin ? 1 : 0, now()]);
    return (await this.get(name))!;
  }

  async addOrg(name: string, owner: string): Promise<User> {
    if (!NAME_RE.test(name) || (await this.get(name))) throw new Error(`invalid or taken organisation name "${name}"`);
    await this.db.run('INSERT INTO users (name, kind, admin, created) VALUES (?, ?, 0, ?)', [name, 'org', now()]);
    await this.addMember(name, owner);
    return (await this.get(name))!;
  }

  async addMember(org: string, user: string): Promise<void> {
    await this.db.run('INSERT INTO members (org, "user") VALUES (?, ?) ON CONFLICT DO NOTHING', [org, user]);
  }

  async isMember(org: string, user: string): Promise<boolean> {
    return (await this.db.get('SELECT 1 AS one FROM members WHERE org = ? AND "user" = ?', [org, user])) !== undefined;
  }

  /** Password or personal access token, as `docker login` sends either. */
  async authenticate(name: string, secret: string): Promise<Principal | undefined> {
    const row = await this.db.get<{ password_hash: string }>("SELECT password_hash FROM users WHERE name = ? AND kind = 'user'", [name]);
    if (!row) return undefined;
    if (secret.startsWith('qpat_')) {
      const pat = await this.db.get<{ id: string; scope: string }>('SELECT id, scope FROM access_tokens WHERE token_hash = ? AND "user" = ? AND revoked IS NULL', [tokenHash(secret), name]);
      return pat ? { user: (await this.get(name))!, tokenId: pat.id, allowed: TOKEN_SCOPES[pat.scope] } : undefined;
    }
    return (await verifyPassword(secret, row.password_hash)) ? { user: (await this.get(name))! } : undefined;
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
      return owner && { user: owner, tokenId: pat.id, allowed: TOKEN_SCOPES[pat.scope] };
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
    return this.db.all<AccessTokenInfo>('SELECT id, label, scope, created, revoked FROM access_tokens WHERE "user" = ? ORDER BY created, id', [user]);
  }

  async revokeAccessToken(user: string, id: string): Promise<boolean> {
    return (await this.db.run('UPDATE access_tokens SET revoked = ? WHERE id = ? AND "user" = ? AND revoked IS NULL', [now(), id, user])) > 0;
  }

  async isTokenRevoked(id: string): Promise<boolean> {
    const row = await this.db.get<{ revoked: string | null }>('SELECT revoked FROM access_tokens WHERE id = ?', [id]);
    return !row || row.revoked !== null;
  }
}
