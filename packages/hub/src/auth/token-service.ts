/**
 * Docker's registry token: a JWT (ES256, signed with a key kept in the data
 * root) whose `access` claim lists what the bearer may do:
 *
 *   { iss, sub: "alice", aud: service, exp, access: [
 *       { type: "repository", name: "alice/bb", actions: ["pull", "push"] } ] }
 *
 * Scopes arrive as `repository:alice/bb:pull,push` (the name may contain
 * colons only as a registry port; Docker never sends one) and
 * `registry:catalog:*`.
 */
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify, exportJWK, generateKeyPair, importJWK, type JWK, type KeyLike } from 'jose';

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

export class TokenService {
  private constructor(private readonly privateKey: KeyLike, private readonly publicKey: KeyLike, readonly issuer: string, readonly service: string) {}

  static async open(dataRoot: string, service: string): Promise<TokenService> {
    const file = join(dataRoot, 'token-key.jwk');
    let jwk: JWK;
    if (existsSync(file)) {
      jwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
    } else {
      const { privateKey } = await generateKeyPair('ES256', { extractable: true });
      jwk = await exportJWK(privateKey);
      mkdirSync(dataRoot, { recursive: true });
      writeFileSync(file, JSON.stringify(jwk), { mode: 0o600 });
    }
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
    try {
      const { payload } = await jwtVerify(token, this.publicKey, { issuer: this.issuer, audience: this.service });
      return { sub: payload.sub ?? '', access: (payload.access as Access[]) ?? [], pat: payload.pat as string | undefined };
    } catch {
      return undefined;
    }
  }
}
