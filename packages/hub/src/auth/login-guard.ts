/**
 * Brute-force protection for every place a password or access token is
 * checked (`/token`, Basic auth on /v2 and /api, the web login).
 *
 * Failures are counted per account and per client address. Past `slowAfter`
 * failures each further failed answer is held back a little longer (the
 * attacker's rate drops, a person who mistyped barely notices); past
 * `lockAfter` the key is locked: every attempt, right or wrong, is refused
 * with 429 and `Retry-After` without checking the password, the lock
 * doubling with each failure after it (capped). A success clears the
 * account's count and the address's. Counts fade after `windowSeconds`
 * without a failure.
 *
 *   await guard.check(name, address)      throws TooManyAttemptsError while locked
 *   await guard.failed(name, address)     after a wrong secret (waits the slow-down)
 *   await guard.succeeded(name, address)
 *
 * The counters live in the metadata store (login_failures), so every hub
 * node on one database counts the same failures: an attacker gains nothing
 * by spreading guesses over the nodes behind a balancer.
 */
import type { MetadataStore } from '../metadata/metadata-store.js';

export interface GuardLimits {
  /** Failures per account before answers slow down. */
  slowAfter: number;
  /** Failures per account before it is locked. */
  lockAfter: number;
  /** Failures per client address before it is locked (many accounts tried from one place). */
  addressLockAfter: number;
  /** First lock, doubled for each later failure, up to maxLockSeconds. */
  lockSeconds: number;
  maxLockSeconds: number;
  /** Counts are forgotten this long after the last failure. */
  windowSeconds: number;
  /** Slow-down per failure past slowAfter, capped at 1 s. */
  delayStepMs: number;
}

export const DEFAULT_LIMITS: GuardLimits = {
  slowAfter: 3, lockAfter: 10, addressLockAfter: 50, lockSeconds: 30, maxLockSeconds: 900, windowSeconds: 900, delayStepMs: 100,
};

export class TooManyAttemptsError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`too many failed login attempts: try again in ${retryAfterSeconds} s`);
  }
}

interface Counter { failures: number; last_failure: number; locked_until: number }

export class LoginGuard {
  private readonly limits: GuardLimits;

  constructor(private readonly store: MetadataStore, limits: Partial<GuardLimits> = {}, private readonly clock: () => number = Date.now) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  async check(name: string, address: string): Promise<void> {
    const t = this.clock();
    const rows = await this.store.all<Counter>('SELECT failures, last_failure, locked_until FROM login_failures WHERE subject IN (?, ?)', [accountKey(name), addressKey(address)]);
    const until = Math.max(0, ...rows.map((r) => Number(r.locked_until)));
    if (until > t) throw new TooManyAttemptsError(Math.ceil((until - t) / 1000));
  }

  async failed(name: string, address: string): Promise<void> {
    const t = this.clock();
    const failures = await this.bump(accountKey(name), this.limits.lockAfter, t);
    await this.bump(addressKey(address), this.limits.addressLockAfter, t);
    const extra = failures - this.limits.slowAfter;
    if (extra > 0 && this.limits.delayStepMs > 0) await new Promise((r) => setTimeout(r, Math.min(1000, extra * this.limits.delayStepMs)));
  }

  async succeeded(name: string, address: string): Promise<void> {
    await this.store.run('DELETE FROM login_failures WHERE subject IN (?, ?)', [accountKey(name), addressKey(address)]);
  }

  /** Forgets counts past their window (housekeeping, any node). */
  async prune(): Promise<void> {
    const t = this.clock();
    await this.store.run('DELETE FROM login_failures WHERE locked_until <= ? AND last_failure < ?', [t, t - this.limits.windowSeconds * 1000]);
  }

  /** One more failure, counted in one statement (nodes at once); a count past its window starts again. Resolves with the count. */
  private async bump(key: string, lockAfter: number, t: number): Promise<number> {
    const windowStart = t - this.limits.windowSeconds * 1000;
    const row = await this.store.get<{ failures: number }>(
      `INSERT INTO login_failures (subject, failures, last_failure, locked_until) VALUES (?, 1, ?, 0)
       ON CONFLICT (subject) DO UPDATE SET
         failures = CASE WHEN login_failures.locked_until <= ? AND login_failures.last_failure < ? THEN 1 ELSE login_failures.failures + 1 END,
         last_failure = excluded.last_failure
       RETURNING failures`, [key, t, t, windowStart]);
    const failures = Number(row!.failures);
    if (failures >= lockAfter) {
      const seconds = Math.min(this.limits.maxLockSeconds, this.limits.lockSeconds * 2 ** (failures - lockAfter));
      await this.store.run('UPDATE login_failures SET locked_until = ? WHERE subject = ?', [t + seconds * 1000, key]);
    }
    return failures;
  }
}

const accountKey = (name: string) => `account:${name.toLowerCase()}`;
const addressKey = (address: string) => `address:${address}`;
