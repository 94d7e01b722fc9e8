/**
 * Docker's registry authentication, client side. A request answered 401
 * carries a challenge:
 *
 *   WWW-Authenticate: Bearer realm="https://hub/token",service="hub",scope="repository:a/b:pull"
 *
 * → ask the realm for a token (POST grant_type=refresh_token with an
 * identity token, POST grant_type=password for a login that wants one,
 * else GET with Basic credentials) → retry with `Authorization: Bearer`.
 * `Basic` challenges get the credentials directly.
 */
import { QuaiError } from '@quai/common';

export interface RegistryAuth {
  username?: string;
  password?: string;
  /** The refresh token `docker login` stored. */
  identityToken?: string;
  /** A bearer token to use as is. */
  registryToken?: string;
}

export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

export function parseChallenge(header: string | null): Challenge | undefined {
  if (!header) return undefined;
  const m = /^(\w+)\s*(.*)$/.exec(header.trim());
  if (!m) return undefined;
  const params: Record<string, string> = {};
  for (const p of m[2]!.matchAll(/(\w+)="([^"]*)"|(\w+)=([^,\s]*)/g)) params[(p[1] ?? p[3])!.toLowerCase()] = p[2] ?? p[4] ?? '';
  return { scheme: m[1]!.toLowerCase(), params };
}

/** X-Registry-Auth: base64url (or base64) JSON `{username, password, identitytoken, registrytoken}`. */
export function decodeRegistryAuth(header: string | undefined): RegistryAuth {
  if (!header) return {};
  try {
    const json = JSON.parse(Buffer.from(header.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8')) as Record<string, string>;
    return {
      username: json.username || undefined,
      password: json.password || undefined,
      identityToken: json.identitytoken || undefined,
      registryToken: json.registrytoken || undefined,
    };
  } catch {
    return {};
  }
}

export function unauthorized(message: string): QuaiError {
  return new QuaiError('unauthorized', message);
}

export interface TokenResult { token: string; refreshToken?: string }

/** Fetches a bearer token for `scopes` from the challenge's realm. */
export async function fetchToken(challenge: Challenge, auth: RegistryAuth, scopes: string[], opts: { offline?: boolean } = {}): Promise<TokenResult> {
  const realm = challenge.params.realm;
  if (!realm) throw unauthorized('registry sent a Bearer challenge without realm');
  const service = challenge.params.service ?? '';
  const parse = async (res: Response): Promise<TokenResult> => {
    const body = (await res.json()) as { token?: string; access_token?: string; refresh_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw unauthorized('token endpoint answered without a token');
    return { token, refreshToken: body.refresh_token };
  };
  const fail = async (res: Response): Promise<never> => {
    const text = await res.text().catch(() => '');
    if (res.status === 401 || res.status === 403) throw unauthorized('unauthorized: incorrect username or password');
    throw new QuaiError('unavailable', `token endpoint ${realm}: ${res.status} ${text.slice(0, 200)}`);
  };
  if (auth.identityToken || (opts.offline && auth.username && auth.password)) {
    const form = new URLSearchParams({ service, client_id: 'quai', scope: scopes.join(' ') });
    if (auth.identityToken) {
      form.set('grant_type', 'refresh_token');
      form.set('refresh_token', auth.identityToken);
    } else {
      form.set('grant_type', 'password');
      form.set('username', auth.username!);
      form.set('password', auth.password!);
      form.set('access_type', 'offline');
    }
    const res = await fetch(realm, { method: 'POST', body: form, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    if (res.ok) return parse(res);
    // Token servers without the OAuth2 form (404/405) still take Basic on GET.
    if (auth.identityToken || (res.status !== 404 && res.status !== 405 && res.status !== 400)) return fail(res);
  }
  const url = new URL(realm);
  if (service) url.searchParams.set('service', service);
  for (const s of scopes) url.searchParams.append('scope', s);
  if (opts.offline) url.searchParams.set('offline_token', 'true');
  if (auth.username) url.searchParams.set('account', auth.username);
  const headers: Record<string, string> = {};
  if (auth.username && auth.password) headers.Authorization = basic(auth);
  const res = await fetch(url, { headers });
  return res.ok ? parse(res) : fail(res);
}

export function basic(auth: RegistryAuth): string {
  return `Basic ${Buffer.from(`${auth.username ?? ''}:${auth.password ?? ''}`).toString('base64')}`;
}
