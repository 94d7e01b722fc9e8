/**
 * Docker's registry token: a JWT (ES256) whose `access` claim lists what
 * the bearer may do. The signing key lives in the metadata store, so every
 * hub node on one database signs and verifies the same tokens (a key file
 * an older hub left in the data root is taken over on first start):
 *
 *   { iss, sub: "alice", aud: service, exp, access: [
 *       { type: "repository", name: "alice/bb", actions: ["pull", "push"] } ] }
 *
 * Scopes arrive as `repository:alice/bb:pull,push` (the name may contain
 * colons only as a registry port; Docker never sends one) and
 * `registry:catalog:*`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify, exportJWK, generateKeyPair, importJWK, type JWK, type KeyLike } from 'jose';
import { now, type MetadataStore } from '../metadata/metadata-store.js';
import { setBounded } from '@quai/common';

export interface Access {
  type: string;
  name: string;
  actions: string[];
}

export interface TokenClaims {
  sub: string;
  access: Access[];
  /** Personal access token id, checked for revocation on each request. */
  pat?: string;
}

export const TOKEN_TTL_SECONDS = 300;

export function parseScope(scope: string): Access | undefined {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first < 0 || last === first) return undefined;
  return { type: scope.slice(0, first), name: scope.slice(first + 1, last), actions: scope.slice(last + 1).split(',').filter(Boolean) };
}

/** Verified tokens remembered per process (each a few hundred bytes). */
const MAX_VERIFIED = 10_000;

export class TokenService {
  /**
   * Tokens already verified, until they expire: a client sends the same
   * token with every request, and the ES256 check is the costliest part of
   * a manifest GET. The key never changes, so a verified token stays valid.
   */
  private readonly verified = new Map<string, { claims: TokenClaims; exp: number }>();

  private constructor(private readonly privateKey: KeyLike, private readonly publicKey: KeyLike, readonly issuer: string, readonly service: string) {}

  static async open(store: MetadataStore, dataRoot: string, service: string): Promise<TokenService> {
    let row = await store.get<{ jwk: string }>('SELECT jwk FROM signing_keys WHERE id = 1');
    if (!row) {
      // Nodes starting together each offer a key; the first insert wins and all read it back.
      const file = join(dataRoot, 'token-key.jwk');
      const offer = existsSync(file)
        ? JSON.parse(readFileSync(file, 'utf8')) as JWK
        : await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey);
      await store.run('INSERT INTO signing_keys (id, jwk, created) VALUES (1, ?, ?) ON CONFLICT DO NOTHING', [JSON.stringify(offer), now()]);
      row = (await store.get<{ jwk: string }>('SELECT jwk FROM signing_keys WHERE id = 1'))!;
    }
    const jwk = JSON.parse(row.jwk) as JWK;
    const privateKey = (await importJWK({ ...jwk, alg: 'ES256' }, 'ES256')) as KeyLike;
    const { d: _d, ...pub } = jwk;
    const publicKey = (await importJWK({ ...pub, alg: 'ES256' }, 'ES256')) as KeyLike;
    return new TokenService(privateKey, publicKey, 'quai-hub', service);
  }

  async issue(claims: TokenClaims): Promise<{ token: string; expiresIn: number; issuedAt: string }> {
    const iat = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ access: claims.access, ...(claims.pat ? { pat: claims.pat } : {}) })
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
      .setIssuer(this.issuer).setAudience(this.service).setSubject(claims.sub)
      .setIssuedAt(iat).setNotBefore(iat - 10).setExpirationTime(iat + TOKEN_TTL_SECONDS).setJti(randomUUID())
      .sign(this.privateKey);
    return { token, expiresIn: TOKEN_TTL_SECONDS, issuedAt: new Date(iat * 1000).toISOString() };
  }

  /** The claims of a valid token, or undefined (bad signature, expired, other audience). */
  async verify(token: string): Promise<TokenClaims | undefined> {
    const known = this.verified.get(token);
    if (known) {
      if (known.exp > Date.now() / 1000) return known.claims;
      this.verified.delete(token);
      return undefined;
    }
    try {
      const { payload } = await jwtVerify(token, this.publicKey, { issuer: this.issuer, audience: this.service });
      const claims: TokenClaims = { sub: payload.sub ?? '', access: (payload.access as Access[]) ?? [], pat: payload.pat as string | undefined };
      if (payload.exp !== undefined) setBounded(this.verified, token, { claims, exp: payload.exp }, MAX_VERIFIED);
      return claims;
    } catch {
      return undefined;
    }
  }
}
