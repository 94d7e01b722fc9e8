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
 *   guard.check(name, address)        throws TooManyAttemptsError while locked
 *   guard.failed(name, address)       after a wrong secret (waits the slow-down)
 *   guard.succeeded(name, address)
 *
 * The state is per process (a hub node); several nodes each count their own.
 */
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

interface Counter { failures: number; last: number; lockedUntil: number }

export class LoginGuard {
  private readonly accounts = new Map<string, Counter>();
  private readonly addresses = new Map<string, Counter>();
  private readonly limits: GuardLimits;

  constructor(limits: Partial<GuardLimits> = {}, private readonly clock: () => number = Date.now) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  check(name: string, address: string): void {
    const t = this.clock();
    const until = Math.max(this.counter(this.accounts, name.toLowerCase(), t)?.lockedUntil ?? 0, this.counter(this.addresses, address, t)?.lockedUntil ?? 0);
    if (until > t) throw new TooManyAttemptsError(Math.ceil((until - t) / 1000));
  }

  async failed(name: string, address: string): Promise<void> {
    const t = this.clock();
    const account = this.bump(this.accounts, name.toLowerCase(), this.limits.lockAfter, t);
    this.bump(this.addresses, address, this.limits.addressLockAfter, t);
    this.prune(t);
    const extra = account.failures - this.limits.slowAfter;
    if (extra > 0 && this.limits.delayStepMs > 0) await new Promise((r) => setTimeout(r, Math.min(1000, extra * this.limits.delayStepMs)));
  }

  succeeded(name: string, address: string): void {
    this.accounts.delete(name.toLowerCase());
    this.addresses.delete(address);
  }

  private counter(map: Map<string, Counter>, key: string, t: number): Counter | undefined {
    const c = map.get(key);
    if (c && c.lockedUntil <= t && t - c.last > this.limits.windowSeconds * 1000) {
      map.delete(key);
      return undefined;
    }
    return c;
  }

  private bump(map: Map<string, Counter>, key: string, lockAfter: number, t: number): Counter {
    const c = this.counter(map, key, t) ?? { failures: 0, last: t, lockedUntil: 0 };
    c.failures++;
    c.last = t;
    if (c.failures >= lockAfter) {
      const seconds = Math.min(this.limits.maxLockSeconds, this.limits.lockSeconds * 2 ** (c.failures - lockAfter));
      c.lockedUntil = t + seconds * 1000;
    }
    map.set(key, c);
    return c;
  }

  /** Keeps the maps from growing without bound under a spray of names. */
  private prune(t: number): void {
    if (this.accounts.size + this.addresses.size < 10_000) return;
    for (const map of [this.accounts, this.addresses]) for (const key of [...map.keys()]) this.counter(map, key, t);
  }
}
