/**
 * The OCI distribution API end to end over HTTP: push in every flavour,
 * pull, ranges, tags pagination, referrers, deletion, catalog, and the
 * spec's errors for malformed requests. Run once per metadata store
 * (registry.int.test.ts: SQLite; registry-postgres.int.test.ts: PostgreSQL).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { digestOf, type TestHub } from '../test-hub.js';

/** What the suite needs of a hub: one process (TestHub) or a cluster behind its balancer (test-cluster.ts). */
export type HubUnderTest = Pick<TestHub, 'url' | 'token' | 'stop'> & {
  /** An admin's credentials (default admin:admin-pw). */
  admin?: [string, string];
};

export function registryApiSuite(label: string, start: () => Promise<HubUnderTest>): void {
  let hub: HubUnderTest;
  let auth: Record<string, string>;
  const ALICE: [string, string] = ['alice', 'alice-pw'];

  type Init = Omit<RequestInit, 'body'> & { headers?: Record<string, string>; body?: string | Buffer };
  const req = (path: string, init: Init = {}) =>
    fetch(`${hub.url}${path}`, { ...init, body: Buffer.isBuffer(init.body) ? new Uint8Array(init.body) : init.body, headers: { ...auth, ...init.headers } });

  function rawGet(path: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      http.get({ host: '127.0.0.1', port: new URL(hub.url).port, path, headers: auth }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      }).on('error', reject);
    });
  }

  async function pushBlob(repo: string, bytes: Buffer): Promise<string> {
    const digest = digestOf(bytes);
    const res = await req(`/v2/${repo}/blobs/uploads/?digest=${digest}`, { method: 'POST', body: bytes, headers: { 'Content-Type': 'application/octet-stream' } });
    assert.equal(res.status, 201, await res.text());
    return digest;
  }

  async function pushImage(repo: string, tag: string, extra: Record<string, unknown> = {}): Promise<{ digest: string; body: string; config: string; layer: string }> {
    const config = await pushBlob(repo, Buffer.from(`{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]},"t":"${tag}"}`));
    const layer = await pushBlob(repo, Buffer.from(`layer of ${tag}`));
    const body = JSON.stringify({
      schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: config, size: 10 },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: layer, size: 10 }], ...extra,
    });
    const res = await req(`/v2/${repo}/manifests/${tag}`, { method: 'PUT', body, headers: { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' } });
    assert.equal(res.status, 201, await res.text());
    assert.equal(res.headers.get('docker-content-digest'), digestOf(body));
    return { digest: digestOf(body), body, config, layer };
  }

  describe(`hub registry API (${label})`, () => {
    before(async () => {
      hub = await start();
      const token = await hub.token(['repository:alice/app:pull,push,delete', 'repository:alice/other:pull,push'], ALICE);
      auth = { Authorization: `Bearer ${token}` };
    });
    after(async () => { await hub.stop(); });

    it('GET /v2/ challenges anonymous callers and answers token holders', async () => {
      const anon = await fetch(`${hub.url}/v2/`);
      assert.equal(anon.status, 401);
      assert.match(anon.headers.get('www-authenticate')!, /^Bearer realm="http:\/\/127\.0\.0\.1:\d+\/token",service="127\.0\.0\.1:\d+"$/);
      assert.equal((await req('/v2/')).status, 200);
    });

    it('pushes monolithically, pulls by tag and digest, HEAD included', async () => {
      const { digest, body } = await pushImage('alice/app', 'v1');
      for (const ref of ['v1', digest]) {
        const res = await req(`/v2/alice/app/manifests/${ref}`);
        assert.equal(res.status, 200);
        assert.equal(await res.text(), body);
        assert.equal(res.headers.get('content-type'), 'application/vnd.oci.image.manifest.v1+json');
        const head = await req(`/v2/alice/app/manifests/${ref}`, { method: 'HEAD' });
        assert.equal(head.headers.get('content-length'), String(Buffer.byteLength(body)));
      }
    });

    it('uploads in chunks with Content-Range, reports status, rejects out-of-order chunks', async () => {
      const data = Buffer.from('0123456789abcdefghij');
      const start = await req('/v2/alice/app/blobs/uploads/', { method: 'POST' });
      assert.equal(start.status, 202);
      const location = start.headers.get('location')!;
      const p1 = await req(location, { method: 'PATCH', body: data.subarray(0, 8), headers: { 'Content-Range': '0-7', 'Content-Type': 'application/octet-stream' } });
      assert.equal(p1.status, 202);
      assert.equal(p1.headers.get('range'), '0-7');
      const bad = await req(location, { method: 'PATCH', body: data.subarray(12), headers: { 'Content-Range': '12-19' } });
      assert.equal(bad.status, 416);
      assert.equal(((await bad.json()) as { errors: Array<{ code: string }> }).errors[0]!.code, 'RANGE_INVALID');
      const status = await req(location);
      assert.equal(status.status, 204);
      assert.equal(status.headers.get('range'), '0-7');
      await req(location, { method: 'PATCH', body: data.subarray(8, 16), headers: { 'Content-Range': '8-15' } });
      const done = await req(`${location}?digest=${digestOf(data)}`, { method: 'PUT', body: data.subarray(16) });
      assert.equal(done.status, 201, await done.text());
      const blob = await req(`/v2/alice/app/blobs/${digestOf(data)}`);
      assert.equal(await blob.text(), data.toString());
      assert.equal((await req(location)).status, 404, 'a committed upload is gone');
    });

    it('ends an upload whose digest does not match (as Distribution), and makes no blob of it', async () => {
      const data = Buffer.from('some bytes for a wrong digest');
      const start = await req('/v2/alice/app/blobs/uploads/', { method: 'POST' });
      const location = start.headers.get('location')!;
      assert.equal((await req(location, { method: 'PATCH', body: data })).status, 202);
      const wrong = await req(`${location}?digest=${digestOf('nope')}`, { method: 'PUT' });
      assert.equal(wrong.status, 400);
      assert.equal(((await wrong.json()) as { errors: Array<{ code: string }> }).errors[0]!.code, 'DIGEST_INVALID');
      assert.equal((await req(location)).status, 404);
      assert.equal((await req(`/v2/alice/app/blobs/${digestOf('nope')}`, { method: 'HEAD' })).status, 404);
      assert.equal((await req(`/v2/alice/app/blobs/${digestOf(data)}`, { method: 'HEAD' })).status, 404);
    });

    it("keeps an upload to its repository: another repository's URL does not reach it", async () => {
      const start = await req('/v2/alice/app/blobs/uploads/', { method: 'POST' });
      const uuid = start.headers.get('docker-upload-uuid')!;
      const other = await req(`/v2/alice/other/blobs/uploads/${uuid}`, { method: 'PATCH', body: Buffer.from('x') });
      assert.equal(other.status, 404);
      assert.equal(((await other.json()) as { errors: Array<{ code: string }> }).errors[0]!.code, 'BLOB_UPLOAD_UNKNOWN');
      assert.equal((await req(start.headers.get('location')!)).headers.get('range'), '0-0');
    });

    it('serves byte ranges and refuses unsatisfiable ones', async () => {
      const digest = await pushBlob('alice/app', Buffer.from('hello range world'));
      const part = await req(`/v2/alice/app/blobs/${digest}`, { headers: { Range: 'bytes=6-10' } });
      assert.equal(part.status, 206);
      assert.equal(await part.text(), 'range');
      assert.equal(part.headers.get('content-range'), 'bytes 6-10/17');
      const bad = await req(`/v2/alice/app/blobs/${digest}`, { headers: { Range: 'bytes=50-60' } });
      assert.equal(bad.status, 416);
    });

    it('cancels uploads', async () => {
      const start = await req('/v2/alice/app/blobs/uploads/', { method: 'POST' });
      const location = start.headers.get('location')!;
      assert.equal((await req(location, { method: 'DELETE' })).status, 204);
      assert.equal((await req(location)).status, 404);
    });

    it('mounts a blob across repositories', async () => {
      const digest = await pushBlob('alice/app', Buffer.from('shared layer'));
      assert.equal((await req(`/v2/alice/other/blobs/${digest}`, { method: 'HEAD' })).status, 404);
      const res = await req(`/v2/alice/other/blobs/uploads/?mount=${digest}&from=alice/app`, { method: 'POST' });
      assert.equal(res.status, 201);
      assert.equal((await req(`/v2/alice/other/blobs/${digest}`, { method: 'HEAD' })).status, 200);
    });

    it('challenges a mount for pull on the source too (as Distribution), and the token that follows it mounts', async () => {
      const digest = await pushBlob('alice/app', Buffer.from('layer to mount'));
      const mountPath = `/v2/alice/third/blobs/uploads/?mount=${digest}&from=alice/app`;
      const wanted = 'scope="repository:alice/third:pull,push repository:alice/app:pull"';
      const anon = await fetch(`${hub.url}${mountPath}`, { method: 'POST' });
      assert.equal(anon.status, 401);
      assert.ok(anon.headers.get('www-authenticate')!.includes(wanted), anon.headers.get('www-authenticate')!);
      // A token for the target alone is not enough: insufficient_scope, naming both.
      const targetOnly = await hub.token(['repository:alice/third:pull,push'], ALICE);
      const partial = await fetch(`${hub.url}${mountPath}`, { method: 'POST', headers: { Authorization: `Bearer ${targetOnly}` } });
      assert.equal(partial.status, 401);
      assert.ok(partial.headers.get('www-authenticate')!.includes(`${wanted},error="insufficient_scope"`), partial.headers.get('www-authenticate')!);
      const scopes = /scope="([^"]*)"/.exec(partial.headers.get('www-authenticate')!)![1]!.split(' ');
      const both = await hub.token(scopes, ALICE);
      const mounted = await fetch(`${hub.url}${mountPath}`, { method: 'POST', headers: { Authorization: `Bearer ${both}` } });
      assert.equal(mounted.status, 201);
      assert.equal(mounted.headers.get('docker-content-digest'), digest);
      // A source name that is no repository name is no mount, and never reaches the header.
      const odd = await fetch(`${hub.url}/v2/alice/third/blobs/uploads/?mount=${digest}&from=${encodeURIComponent('x" y')}`, { method: 'POST', headers: { Authorization: `Bearer ${both}` } });
      assert.equal(odd.status, 202);
    });

    it('refuses manifests with unknown blobs, bad digests or bad JSON', async () => {
      const missing = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: digestOf('absent'), size: 1 }, layers: [] });
      const r1 = await req('/v2/alice/app/manifests/x', { method: 'PUT', body: missing, headers: { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' } });
      assert.equal(r1.status, 400);
      assert.equal(((await r1.json()) as { errors: Array<{ code: string }> }).errors[0]!.code, 'MANIFEST_BLOB_UNKNOWN');
      const r2 = await req(`/v2/alice/app/manifests/${digestOf('other')}`, { method: 'PUT', body: missing });
      assert.equal(((await r2.json()) as { errors: Array<{ code: string }> }).errors[0]!.code, 'DIGEST_INVALID');
      const r3 = await req('/v2/alice/app/manifests/y', { method: 'PUT', body: '{not json' });
      assert.equal(((await r3.json()) as { errors: Array<{ code: string }> }).errors[0]!.code, 'MANIFEST_INVALID');
      const r4 = await req('/v2/alice/app/manifests/z', { method: 'PUT', body: Buffer.alloc(5 * 1024 * 1024, 32) });
      assert.equal(r4.status, 400);
      assert.equal((await req('/v2/alice/app/blobs/sha256:xyz')).status, 400);
    });

    it('answers a manifest too big with its error, not a reset connection, while the client is still sending', async () => {
      for (let i = 0; i < 10; i++) {
        const res = await req('/v2/alice/app/manifests/big', { method: 'PUT', body: Buffer.alloc(5 * 1024 * 1024, 32) });
        assert.equal(res.status, 400);
        assert.equal(((await res.json()) as { errors: Array<{ code: string }> }).errors[0]!.code, 'SIZE_INVALID');
      }
    });

    it('rejects invalid names, path traversal included, and keeps serving', async () => {
      // Raw paths: fetch() would resolve the `..` itself.
      for (const path of ['/v2/Alice/App/tags/list', '/v2/alice/../etc/tags/list', '/v2/alice/%2e%2e/x/tags/list', '/v2/alice//x/tags/list']) {
        const { status, body } = await rawGet(path);
        assert.equal(status, 400, path);
        assert.equal((JSON.parse(body) as { errors: Array<{ code: string }> }).errors[0]!.code, 'NAME_INVALID');
      }
      assert.equal((await req('/v2/')).status, 200);
    });

    it('pushes indexes whose children exist; Docker manifest lists too', async () => {
      const a = await pushImage('alice/app', 'amd');
      const index = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json',
        manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: a.digest, size: a.body.length, platform: { os: 'linux', architecture: 'amd64' } }] });
      const res = await req('/v2/alice/app/manifests/multi', { method: 'PUT', body: index, headers: { 'Content-Type': 'application/vnd.docker.distribution.manifest.list.v2+json' } });
      assert.equal(res.status, 201);
      const got = await req('/v2/alice/app/manifests/multi');
      assert.equal(got.headers.get('content-type'), 'application/vnd.docker.distribution.manifest.list.v2+json');
    });

    it('lists tags with n/last pagination and a Link header', async () => {
      for (const t of ['p1', 'p2', 'p3']) await pushImage('alice/other', t);
      const first = await req('/v2/alice/other/tags/list?n=2');
      assert.deepEqual(await first.json(), { name: 'alice/other', tags: ['p1', 'p2'] });
      assert.equal(first.headers.get('link'), '</v2/alice/other/tags/list?n=2&last=p2>; rel="next"');
      assert.deepEqual(((await (await req('/v2/alice/other/tags/list?n=2&last=p2')).json()) as { tags: string[] }).tags, ['p3']);
      assert.equal((await req('/v2/alice/other/tags/list?n=-1')).status, 400);
    });

    it('answers referrers, filtered by artifactType', async () => {
      const subject = await pushImage('alice/app', 'subj');
      const sig = await pushImage('alice/app', 'sig', { artifactType: 'application/vnd.example.sig', subject: { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: subject.digest, size: subject.body.length } });
      const sbom = await pushImage('alice/app', 'sbom', { artifactType: 'application/vnd.example.sbom', subject: { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: subject.digest, size: subject.body.length } });
      const all = (await (await req(`/v2/alice/app/referrers/${subject.digest}`)).json()) as { manifests: Array<{ digest: string }> };
      assert.deepEqual(all.manifests.map((m) => m.digest).sort(), [sig.digest, sbom.digest].sort());
      const filtered = await req(`/v2/alice/app/referrers/${subject.digest}?artifactType=application/vnd.example.sbom`);
      assert.equal(filtered.headers.get('oci-filters-applied'), 'artifactType');
      assert.deepEqual(((await filtered.json()) as { manifests: Array<{ digest: string }> }).manifests.map((m) => m.digest), [sbom.digest]);
    });

    it('deletes tags, manifests and blobs', async () => {
      const { digest, layer } = await pushImage('alice/app', 'gone');
      assert.equal((await req('/v2/alice/app/manifests/gone', { method: 'DELETE' })).status, 202);
      assert.equal((await req('/v2/alice/app/manifests/gone')).status, 404);
      assert.equal((await req(`/v2/alice/app/manifests/${digest}`)).status, 200);
      assert.equal((await req(`/v2/alice/app/manifests/${digest}`, { method: 'DELETE' })).status, 202);
      const res = await req(`/v2/alice/app/manifests/${digest}`);
      assert.equal(((await res.json()) as { errors: Array<{ code: string }> }).errors[0]!.code, 'MANIFEST_UNKNOWN');
      assert.equal((await req(`/v2/alice/app/blobs/${layer}`, { method: 'DELETE' })).status, 202);
      assert.equal((await req(`/v2/alice/app/blobs/${layer}`)).status, 404);
    });

    it('lists the catalog for admins only', async () => {
      const user = await req('/v2/_catalog');
      assert.equal(user.status, 401);
      assert.match(user.headers.get('www-authenticate')!, /scope="registry:catalog:\*"/);
      const token = await hub.token(['registry:catalog:*'], hub.admin ?? ['admin', 'admin-pw']);
      const res = await fetch(`${hub.url}/v2/_catalog?n=1`, { headers: { Authorization: `Bearer ${token}` } });
      assert.deepEqual(await res.json(), { repositories: ['alice/app'] });
      assert.match(res.headers.get('link')!, /last=alice%2Fapp/);
    });
  });
}
