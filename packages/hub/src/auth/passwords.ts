/**
 * Passwords, hashed with scrypt (node:crypto), a memory-hard function:
 * `scrypt$N$r$p$salt$hash`, base64 parts. The parameters are OWASP's
 * (N=2^15, r=8, p=3: 32 MiB and ~0.1 s per check); a hash made with other
 * parameters still verifies, and `needsRehash` tells the caller to store a
 * new one after a successful login, so older accounts move up silently.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, createHash, createHmac, type ScryptOptions } from 'node:crypto';
import { setBounded } from '@quai/common';

const N = 1 << 15, R = 8, P = 3, KEYLEN = 32;
/** Node refuses more than 32 MiB by default; 128·N·r is the working set. */
const MAXMEM = 256 * 1024 * 1024;

function scrypt(password: string, salt: Buffer, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCb(password, salt, KEYLEN, { ...opts, maxmem: MAXMEM }, (err, key) => (err ? reject(err) : resolve(key))));
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/**
 * Every `docker pull` or skopeo run logs in again (Basic auth on /token), so
 * a check that just succeeded is remembered for a few minutes: a keyed hash
 * of (stored hash, password) under a key that lives only in this process.
 * Failures are never remembered (guessing always pays scrypt), and a changed
 * password changes the stored hash, so an old entry can no longer match.
 */
const recentKey = randomBytes(32);
const recent = new Map<string, number>(); // entry → expiry (ms)
const RECENT_MS = 5 * 60_000, RECENT_MAX = 1000;

function recentEntry(password: string, stored: string): string {
  return createHmac('sha256', recentKey).update(stored).update('\0').update(password).digest('base64');
}

export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  const parts = stored?.split('$');
  if (!parts || parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const entry = recentEntry(password, stored!);
  if ((recent.get(entry) ?? 0) > Date.now()) return true;
  const [, n, r, p, salt, hash] = parts;
  const expected = Buffer.from(hash!, 'base64');
  const key = await scrypt(password, Buffer.from(salt!, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  const ok = key.length === expected.length && timingSafeEqual(key, expected);
  if (ok) {
    recent.delete(entry); // set again as the newest
    setBounded(recent, entry, Date.now() + RECENT_MS, RECENT_MAX);
  }
  return ok;
}

/** True when `stored` was made with other parameters than today's. */
export function needsRehash(stored: string): boolean {
  return !stored.startsWith(`scrypt$${N}$${R}$${P}$`);
}

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 1024;

/** The sign-up rule (NIST SP 800-63B): a length, and not the account's own name. Undefined when fine. */
export function passwordProblem(name: string, password: string): string | undefined {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `password must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `password must be at most ${MAX_PASSWORD_LENGTH} characters`;
  if (password.toLowerCase().includes(name.toLowerCase())) return 'password must not contain the user name';
  return undefined;
}

/** Opaque random tokens (refresh tokens, PATs, sessions) are stored only as their sha256. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newToken(prefix: string): string {
  return `${prefix}${randomBytes(24).toString('base64url')}`;
}
