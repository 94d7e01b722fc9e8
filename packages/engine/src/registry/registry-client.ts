/**
 * A client for one repository of an OCI distribution registry. `open()`
 * pings /v2/ and, if challenged, gets a token for the repository scope
 * (pull, or pull,push) before the first real request, so streamed bodies
 * never need a retry.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { NotFoundError, QuaiError } from '@quai/common';
import { basic, fetchToken, parseChallenge, unauthorized, type RegistryAuth, type TokenResult } from './auth.js';
import type { Endpoint } from './endpoint.js';

export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
];

export interface FetchedManifest {
  bytes: Buffer;
  mediaType: string;
  digest: string;
}

export class RegistryClient {
  private authorization?: string;

  private constructor(readonly endpoint: Endpoint, readonly repo: string) {}

  /**
   * Authenticates for `actions` on `repo`, and pull on `pullFrom` (the
   * repositories a push may mount blobs from, as Docker asks for them).
   */
  static async open(endpoint: Endpoint, repo: string, auth: RegistryAuth, actions: string[], pullFrom: string[] = []): Promise<RegistryClient> {
    const client = new RegistryClient(endpoint, repo);
    await client.authenticate(auth, repo ? [`repository:${repo}:${actions.join(',')}`, ...pullFrom.map((r) => `repository:${r}:pull`)] : []);
    return client;
  }

  /** `docker login`: checks credentials; answers the identity token when the registry issues one. */
  static async login(endpoint: Endpoint, auth: RegistryAuth): Promise<{ identityToken?: string }> {
    const client = new RegistryClient(endpoint, '');
    const result = await client.authenticate(auth, [], true);
    if (!auth.username && !auth.identityToken) return {};
    if (!client.authorization) throw unauthorized('unauthorized: registry did not ask for credentials');
    const check = await client.fetch('/v2/', {});
    if (check.status === 401) throw unauthorized('unauthorized: incorrect username or password');
    return { identityToken: result?.refreshToken };
  }

  private async authenticate(auth: RegistryAuth, scopes: string[], offline = false): Promise<TokenResult | undefined> {
    if (auth.registryToken) {
      this.authorization = `Bearer ${auth.registryToken}`;
      return undefined;
    }
    const ping = await this.fetch('/v2/', {});
    await ping.arrayBuffer().catch(() => undefined);
    if (ping.status !== 401) {
      if (!ping.ok && ping.status !== 404) throw new QuaiError('unavailable', `registry ${this.endpoint.baseUrl}: /v2/ answered ${ping.status}`);
      return undefined;
    }
    const challenge = parseChallenge(ping.headers.get('www-authenticate'));
    if (challenge?.scheme === 'basic') {
      if (auth.username) this.authorization = basic(auth);
      return undefined;
    }
    if (challenge?.scheme !== 'bearer') throw unauthorized(`registry ${this.endpoint.baseUrl}: unsupported authentication challenge`);
    const result = await fetchToken(challenge, auth, scopes, { offline });
    this.authorization = `Bearer ${result.token}`;
    return result;
  }

  private url(path: string): string {
    return path.startsWith('http') ? path : `${this.endpoint.baseUrl}${path}`;
  }

  private fetch(path: string, init: RequestInit & { duplex?: 'half' }): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.authorization) headers.set('Authorization', this.authorization);
    return fetch(this.url(path), { ...init, headers }).catch((err: Error & { cause?: Error }) => {
      throw new QuaiError('unavailable', `Get "${this.url(path)}": ${err.cause?.message ?? err.message}`);
    });
  }

  /** Turns an error answer into a QuaiError with the registry's own words. */
  private async failure(res: Response, what: string): Promise<QuaiError> {
    let detail = '';
    try {
      const body = (await res.json()) as { errors?: Array<{ code?: string; message?: string }> };
      detail = (body.errors ?? []).map((e) => `${(e.code ?? '').toLowerCase().replace(/_/g, ' ')}: ${e.message ?? ''}`).join('; ');
    } catch { /* HEAD or non-JSON */ }
    if (res.status === 401 || res.status === 403) return unauthorized(`${what}: ${detail || 'denied: requested access to the resource is denied'}`);
    if (res.status === 404) return new NotFoundError(`${what}: ${detail || 'not found'}`);
    return new QuaiError('unavailable', `${what}: ${res.status} ${detail}`);
  }

  async getManifest(reference: string, accept = MANIFEST_ACCEPT): Promise<FetchedManifest> {
    const res = await this.fetch(`/v2/${this.repo}/manifests/${reference}`, { headers: { Accept: accept.join(', ') } });
    if (!res.ok) throw await this.failure(res, `manifest ${this.repo}:${reference}`);
    const bytes = Buffer.from(await res.arrayBuffer());
    if (bytes.length > 4 * 1024 * 1024) throw new QuaiError('invalid-argument', 'manifest too large');
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    if (reference.startsWith('sha256:') && digest !== reference) throw new QuaiError('invalid-argument', `manifest digest mismatch: expected ${reference}, got ${digest}`);
    const mediaType = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
    let declared = '';
    try { declared = (JSON.parse(bytes.toString('utf8')) as { mediaType?: string }).mediaType ?? ''; } catch { /* checked by the caller */ }
    return { bytes, mediaType: declared || mediaType, digest };
  }

  /** The blob as a stream; the caller verifies the digest while storing it. */
  async blob(digest: string): Promise<{ stream: Readable; size: number }> {
    const res = await this.fetch(`/v2/${this.repo}/blobs/${digest}`, {});
    if (!res.ok || !res.body) throw await this.failure(res, `blob ${digest}`);
    return { stream: Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), size: Number(res.headers.get('content-length') ?? 0) };
  }

  async hasBlob(digest: string): Promise<boolean> {
    const res = await this.fetch(`/v2/${this.repo}/blobs/${digest}`, { method: 'HEAD' });
    if (res.ok) return true;
    if (res.status === 404) return false;
    throw await this.failure(res, `blob ${digest}`);
  }

  /** Monolithic upload: POST for a location, then PUT the whole blob with its digest. */
  async pushBlob(digest: string, size: number, body: () => Readable): Promise<void> {
    const start = await this.fetch(`/v2/${this.repo}/blobs/uploads/`, { method: 'POST' });
    await start.arrayBuffer().catch(() => undefined);
    if (start.status !== 202) throw await this.failure(start, `upload ${digest}`);
    const location = new URL(start.headers.get('location') ?? '', `${this.endpoint.baseUrl}/v2/${this.repo}/blobs/uploads/`);
    location.searchParams.set('digest', digest);
    const res = await this.fetch(location.toString(), {
      method: 'PUT',
      body: Readable.toWeb(body()) as unknown as BodyInit,
      duplex: 'half',
      headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(size) },
    });
    await res.arrayBuffer().catch(() => undefined);
    if (res.status !== 201) throw await this.failure(res, `upload ${digest}`);
  }

  /**
   * Cross-repository mount of a blob `from` another repository of this
   * registry: true when the registry linked it (201). Anything else (no such
   * blob there, no pull right on `from`) is false, and an upload the registry
   * started instead is cancelled.
   */
  async mountBlob(digest: string, from: string): Promise<boolean> {
    const query = new URLSearchParams({ mount: digest, from });
    const res = await this.fetch(`/v2/${this.repo}/blobs/uploads/?${query}`, { method: 'POST' });
    await res.arrayBuffer().catch(() => undefined);
    if (res.status === 201) return true;
    const location = res.headers.get('location');
    if (res.status === 202 && location) {
      const cancel = await this.fetch(new URL(location, `${this.endpoint.baseUrl}/v2/`).toString(), { method: 'DELETE' }).catch(() => undefined);
      await cancel?.arrayBuffer().catch(() => undefined);
    }
    return false;
  }

  async putManifest(reference: string, bytes: Buffer, mediaType: string): Promise<string> {
    const res = await this.fetch(`/v2/${this.repo}/manifests/${reference}`, { method: 'PUT', body: new Uint8Array(bytes), headers: { 'Content-Type': mediaType } });
    if (res.status !== 201) throw await this.failure(res, `manifest ${this.repo}:${reference}`);
    await res.arrayBuffer().catch(() => undefined);
    return res.headers.get('docker-content-digest') ?? `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  }
}
