/** Accounts, organisations, refresh tokens and personal access tokens. */
import { randomUUID } from 'node:crypto';
import { hashPassword, newToken, tokenHash, verifyPassword } from '../auth/passwords.js';
import { now, type Db } from './db.js';

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
  constructor(private readonly db: Db) {}

  get(name: string): User | undefined {
    const row = this.db.prepare('SELECT name, admin, kind FROM users WHERE name = ?').get(name) as { name: string; admin: number; kind: 'user' | 'org' } | undefined;
    return row && { name: row.name, admin: row.admin === 1, kind: row.kind };
  }

  async add(name: string, password: string, opts: { admin?: boolean } = {}): Promise<User> {
    if (!NAME_RE.test(name) || name === 'library') throw new Error(`invalid user name "${name}": 2-39 of a-z 0-9 _ -, starting with a letter or digit`);
    if (this.get(name)) throw new Error(`user "${name}" already exists`);
    if (password.length < 1) throw new Error('password must not be empty');
    const hash = await hashPassword(password);
    this.db.prepare('INSERT INTO users (name, kind, password_hash, admin, created) VALUES (?, ?, ?, ?, ?)').run(name, 'user', hash, opts.admin ? 1 : 0, now());
    return this.get(name)!;
  }

  addOrg(name: string, owner: string): User {
    if (!NAME_RE.test(name) || this.get(name)) throw new Error(`invalid or taken organisation name "${name}"`);
    this.db.prepare('INSERT INTO users (name, kind, admin, created) VALUES (?, ?, 0, ?)').run(name, 'org', now());
    this.addMember(name, owner);
    return this.get(name)!;
  }

  addMember(org: string, user: string): void {
    this.db.prepare('INSERT OR IGNORE INTO members (org, user) VALUES (?, ?)').run(org, user);
  }

  isMember(org: string, user: string): boolean {
    return this.db.prepare('SELECT 1 FROM members WHERE org = ? AND user = ?').get(org, user) !== undefined;
  }

  /** Password or personal access token, as `docker login` sends either. */
  async authenticate(name: string, secret: string): Promise<Principal | undefined> {
    const row = this.db.prepare("SELECT password_hash FROM users WHERE name = ? AND kind = 'user'").get(name) as { password_hash: string } | undefined;
    if (!row) return undefined;
    if (secret.startsWith('qpat_')) {
      const pat = this.db.prepare('SELECT id, scope FROM access_tokens WHERE token_hash = ? AND user = ? AND revoked IS NULL').get(tokenHash(secret), name) as { id: string; scope: string } | undefined;
      return pat ? { user: this.get(name)!, tokenId: pat.id, allowed: TOKEN_SCOPES[pat.scope] } : undefined;
    }
    return (await verifyPassword(secret, row.password_hash)) ? { user: this.get(name)! } : undefined;
  }

  /** `secret` is what the user logged in with: a PAT login's refresh token is the PAT itself, so revoking it ends both. */
  issueRefreshToken(principal: Principal, secret: string): string {
    if (principal.tokenId) return secret;
    const token = newToken('qrt_');
    this.db.prepare('INSERT INTO refresh_tokens (token_hash, user, created) VALUES (?, ?, ?)').run(tokenHash(token), principal.user.name, now());
    return token;
  }

  byRefreshToken(token: string): Principal | undefined {
    if (token.startsWith('qpat_')) {
      const pat = this.db.prepare('SELECT id, user, scope FROM access_tokens WHERE token_hash = ? AND revoked IS NULL').get(tokenHash(token)) as { id: string; user: string; scope: string } | undefined;
      const owner = pat && this.get(pat.user);
      return owner && { user: owner, tokenId: pat.id, allowed: TOKEN_SCOPES[pat.scope] };
    }
    const row = this.db.prepare('SELECT user FROM refresh_tokens WHERE token_hash = ?').get(tokenHash(token)) as { user: string } | undefined;
    const user = row && this.get(row.user);
    return user && { user };
  }

  createAccessToken(user: string, label: string, scope: string): { id: string; token: string } {
    if (!TOKEN_SCOPES[scope]) throw new Error(`invalid scope "${scope}": read, read-write or read-write-delete`);
    const id = randomUUID();
    const token = newToken('qpat_');
    this.db.prepare('INSERT INTO access_tokens (id, user, label, token_hash, scope, created) VALUES (?, ?, ?, ?, ?, ?)').run(id, user, label, tokenHash(token), scope, now());
    return { id, token };
  }

  listAccessTokens(user: string): AccessTokenInfo[] {
    return this.db.prepare('SELECT id, label, scope, created, revoked FROM access_tokens WHERE user = ? ORDER BY created').all(user) as AccessTokenInfo[];
  }

  revokeAccessToken(user: string, id: string): boolean {
    return this.db.prepare('UPDATE access_tokens SET revoked = ? WHERE id = ? AND user = ? AND revoked IS NULL').run(now(), id, user).changes > 0;
  }

  isTokenRevoked(id: string): boolean {
    const row = this.db.prepare('SELECT revoked FROM access_tokens WHERE id = ?').get(id) as { revoked: string | null } | undefined;
    return !row || row.revoked !== null;
  }
}
