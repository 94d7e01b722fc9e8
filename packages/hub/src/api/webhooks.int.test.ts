/** Push webhooks (HMAC-signed) and online garbage collection. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { digestOf, startTestHub, type TestHub } from '../test-hub.js';
import { collectGarbage } from '../gc.js';

let hub: TestHub;
let receiver: Server;
const received: Array<{ body: string; signature: string }> = [];

before(async () => {
  hub = await startTestHub({ webhookAllowPrivate: true }); // the receiver is on loopback
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => { received.push({ body, signature: String(req.headers['x-quai-signature']) }); res.end(); });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
});
after(async () => {
  await hub.stop();
  await new Promise((r) => receiver.close(r));
});

async function push(token: string, repo: string, tag: string, layerText: string, base = hub.url): Promise<string> {
  const auth = { Authorization: `Bearer ${token}` };
  const blobs = [`{"rootfs":{"diff_ids":[]},"t":"${tag}"}`, layerText];
  for (const b of blobs) await fetch(`${base}/v2/${repo}/blobs/uploads/?digest=${digestOf(b)}`, { method: 'POST', body: b, headers: auth });
  const manifest = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: digestOf(blobs[0]!), size: blobs[0]!.length },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: digestOf(layerText), size: layerText.length }] });
  const res = await fetch(`${base}/v2/${repo}/manifests/${tag}`, { method: 'PUT', body: manifest, headers: { ...auth, 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' } });
  assert.equal(res.status, 201);
  return digestOf(manifest);
}

/** Adds a webhook as alice through the JSON API. */
function addWebhook(repo: string, url: string, base = hub.url): Promise<Response> {
  return fetch(`${base}/api/repositories/${repo}/webhooks`, { method: 'POST', body: JSON.stringify({ url }), headers: { Authorization: `Basic ${Buffer.from('alice:alice-pw').toString('base64')}` } });
}

describe('webhooks and garbage collection', () => {
  it('by default refuses webhooks to loopback, private and metadata addresses (SSRF)', async () => {
    const guarded = await startTestHub();
    try {
      const add = (url: string) => addWebhook('alice/guarded', url, guarded.url);
      const token = await guarded.token(['repository:alice/guarded:pull,push'], ['alice', 'alice-pw']);
      await push(token, 'alice/guarded', 'v1', 'guarded layer', guarded.url);
      const port = (receiver.address() as AddressInfo).port;
      for (const url of [`http://127.0.0.1:${port}/hook`, 'http://localhost/hook', 'http://[::1]/hook', 'http://169.254.169.254/latest/meta-data/', 'http://10.0.0.5/', 'http://[fd00::1]/', 'http://user:pw@example.com/']) {
        const res = await add(url);
        assert.equal(res.status, 400, url);
        assert.match(((await res.json()) as { message: string }).message, /public addresses only|credentials/, url);
      }
      const publicHook = await add('https://hooks.example.com/quai');
      assert.equal(publicHook.status, 201);
    } finally {
      await guarded.stop();
    }
  });

  it('posts a signed payload after a push', async () => {
    const token = await hub.token(['repository:alice/hooked:pull,push,delete'], ['alice', 'alice-pw']);
    await push(token, 'alice/hooked', 'v1', 'first layer');
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const res = await addWebhook('alice/hooked', url);
    const { secret } = (await res.json()) as { secret: string };
    await push(token, 'alice/hooked', 'v2', 'second layer');
    for (let i = 0; i < 50 && !received.length; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(received.length, 1);
    const { body, signature } = received[0]!;
    assert.equal(signature, `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
    assert.equal((JSON.parse(body) as { push_data: { tag: string } }).push_data.tag, 'v2');
  });

  it('delivers again after a receiver error, from the queue in the metadata store (any node drains it)', async () => {
    const answers = [503, 200];
    const got: string[] = [];
    const flaky = createServer((req, res) => {
      req.resume();
      req.on('end', () => { got.push(String(req.headers['x-quai-event'])); res.statusCode = answers.shift() ?? 200; res.end(); });
    });
    await new Promise<void>((r) => flaky.listen(0, '127.0.0.1', r));
    try {
      const token = await hub.token(['repository:alice/flaky:pull,push'], ['alice', 'alice-pw']);
      await push(token, 'alice/flaky', 'v1', 'flaky layer');
      const url = `http://127.0.0.1:${(flaky.address() as AddressInfo).port}/hook`;
      const res = await addWebhook('alice/flaky', url);
      const { id } = (await res.json()) as { id: number };
      await push(token, 'alice/flaky', 'v2', 'flaky layer 2');
      const store = hub.server.hub.store;
      const queued = async () => store.all<{ attempts: number; next_at: string }>('SELECT attempts, next_at FROM webhook_queue WHERE webhook_id = ?', [id]);
      for (let i = 0; i < 100 && (await queued())[0]?.attempts !== 1; i++) await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(got, ['push'], 'the first attempt, answered 503');
      const [waiting] = await queued();
      assert.equal(waiting!.attempts, 1, 'kept for another attempt');
      assert.ok(waiting!.next_at > new Date().toISOString(), 'after a pause');
      assert.equal(await hub.server.hub.webhooks.drain(), 0, 'not due yet');
      // Due now: any node's drain (housekeeping) sends it.
      await store.run("UPDATE webhook_queue SET next_at = '' WHERE webhook_id = ?", [id]);
      assert.equal(await hub.server.hub.webhooks.drain(), 1);
      assert.deepEqual(got, ['push', 'push']);
      assert.deepEqual(await queued(), [], 'delivered: off the queue');
      const log = await hub.server.hub.webhooks.deliveries(id);
      assert.deepEqual(log.map((d) => d.status), [200, 503]);
    } finally {
      await new Promise((r) => flaky.close(r));
    }
  });

  it('collects blobs no manifest refers to, sparing fresh ones', async () => {
    const token = await hub.token(['repository:alice/gc:pull,push,delete'], ['alice', 'alice-pw']);
    const digest = await push(token, 'alice/gc', 'old', 'doomed layer');
    const auth = { Authorization: `Bearer ${token}` };
    await fetch(`${hub.url}/v2/alice/gc/blobs/uploads/?digest=${digestOf('fresh upload')}`, { method: 'POST', body: 'fresh upload', headers: auth });
    assert.equal((await fetch(`${hub.url}/v2/alice/gc/manifests/${digest}`, { method: 'DELETE', headers: auth })).status, 202);
    const graced = await collectGarbage(hub.server.hub, { graceSeconds: 3600 });
    assert.deepEqual(graced.deleted, []);
    const report = await collectGarbage(hub.server.hub, { graceSeconds: -1 });
    assert.ok(report.deleted.includes(digestOf('doomed layer')));
    assert.ok(report.deleted.includes(digestOf('fresh upload')));
    assert.ok(!report.deleted.includes(digestOf('first layer')), 'blobs of live manifests stay');
    assert.equal((await fetch(`${hub.url}/v2/alice/gc/blobs/${digestOf('doomed layer')}`, { headers: auth })).status, 404);
    const live = await fetch(`${hub.url}/v2/alice/hooked/blobs/${digestOf('first layer')}`);
    assert.equal(await live.text(), 'first layer');
  });
});
