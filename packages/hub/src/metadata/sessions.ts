/**
 * Web sessions. The browser holds a random id in an HttpOnly cookie; the
 * store keeps only its sha256, the user, the session's CSRF token and an
 * expiry, so a leaked database opens no session. Logging in makes a new
 * session (no fixation), logging out or changing the password ends it.
 */
import { randomBytes } from 'node:crypto';
import { tokenHash } from '../auth/passwords.js';
import type { MetadataStore } from './metadata-store.js';
import { now } from './metadata-store.js';

export const SESSION_TTL_SECONDS = 14 * 24 * 3600;

export interface Session { user: string; csrf: string }

export class Sessions {
  constructor(private readonly db: MetadataStore) {}

  /** A new session for `user`: the cookie value and its CSRF token. */
  async open(user: string): Promise<{ id: string; csrf: string }> {
    const id = randomBytes(32).toString('base64url');
    const csrf = randomBytes(32).toString('base64url');
    const expires = new Date(Date.now() + SESSION_TTL_SECONDS * 1000).toISOString();
    await this.db.run('INSERT INTO sessions (id_hash, "user", csrf, created, expires) VALUES (?, ?, ?, ?, ?)', [tokenHash(id), user, csrf, now(), expires]);
    return { id, csrf };
  }

  async get(id: string): Promise<Session | undefined> {
    const row = await this.db.get<{ user: string; csrf: string; expires: string }>('SELECT "user", csrf, expires FROM sessions WHERE id_hash = ?', [tokenHash(id)]);
    if (!row) return undefined;
    if (row.expires < now()) {
      await this.close(id);
      return undefined;
    }
    return { user: row.user, csrf: row.csrf };
  }

  async close(id: string): Promise<void> {
    await this.db.run('DELETE FROM sessions WHERE id_hash = ?', [tokenHash(id)]);
  }

  /** Ends every session of `user` but `keep` (after a password change). */
  async closeAll(user: string, keep?: string): Promise<void> {
    await this.db.run('DELETE FROM sessions WHERE "user" = ? AND id_hash <> ?', [user, keep ? tokenHash(keep) : '']);
  }

  /** Forgets expired sessions (housekeeping). */
  async prune(): Promise<number> {
    return this.db.run('DELETE FROM sessions WHERE expires < ?', [now()]);
  }
}
