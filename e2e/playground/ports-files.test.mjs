// Port links, files and stacks (issue 13) with a real `quai play`: a page
// an instance publishes is served by path and by host name (HTTP and an
// Upgrade tunnel), files go in and out through the engine's archive API,
// `?stack=` only fetches from the playground or its hub.
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import tar from 'tar-stream';
import { apiRequest } from '@quai/testkit';
import { call, closeSession, loadBusyboxInto, namespaceOf, newSession, openTerminal, usePlayground } from './setup.mjs';

/** A stand-in for the hub's file server: serves one Compose file. */
const hub = { server: undefined, url: '' };
const COMPOSE = 'services:\n  web:\n    image: busybox\n    command: httpd -f -p 80\n';
before(async () => {
  hub.server = http.createServer((req, res) => {
    if (req.url === '/stacks/web.yaml') res.end(COMPOSE);
    else if (req.url === '/elsewhere') res.writeHead(302, { Location: 'http://192.0.2.1/compose.yaml' }).end();
    else res.writeHead(404).end();
  });
  await new Promise((r) => hub.server.listen(0, '127.0.0.1', r));
  hub.url = `http://127.0.0.1:${hub.server.address().port}`;
});
after(() => hub.server?.close());

/** GET with a Host header of our choosing (fetch does not allow setting it). */
function getWithHost(url, host) {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    http.get({ host: u.hostname, port: u.port, path: u.pathname, headers: { Host: host } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    }).on('error', reject);
  });
}

async function waitForPort(ctx, session, port) {
  for (let i = 0; i < 100; i++) {
    const s = (await call(ctx, 'GET', `/api/sessions/${session.id}`, { token: session.token })).json;
    const link = s.instances[0].ports.find((p) => p.port === port);
    if (link) return link;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`port ${port} never appeared in the session's port links`);
}

describe('playground port links, files and stacks', () => {
  const ctx = usePlayground({ args: () => ['--hub', hub.url] });

  test('a published port is a link: served by path and by host name, only on the instance\'s own address', async () => {
    const session = await newSession(ctx, { template: 'one' });
    try {
      const [node1] = session.instances;
      const ns = await namespaceOf(ctx, node1);
      await loadBusyboxInto(ns);
      const term = await openTerminal(ctx, session, 'node1');
      await term.run(`docker run -d --name web -p 8080:80 busybox sh -c 'mkdir /www && echo "<h1>hello from node1</h1>" > /www/index.html && exec httpd -f -p 80 -h /www'`);
      await term.run('docker run -d --name echo -p 9000:80 busybox nc -ll -p 80 -e cat');
      term.close();
      const link = await waitForPort(ctx, session, 8080);
      assert.equal(link.url, `/p/${node1.id}/8080/`);

      const byPath = await call(ctx, 'GET', link.url);
      assert.equal(byPath.status, 200);
      assert.match(byPath.text, /hello from node1/);
      assert.match(byPath.headers.get('content-security-policy'), /^sandbox/, 'a page served on the playground\'s origin is sandboxed');
      const bare = await fetch(`${ctx.play.url}/p/${node1.id}/8080`, { redirect: 'manual' });
      assert.equal(bare.status, 301);
      assert.equal(bare.headers.get('location'), `/p/${node1.id}/8080/`);

      const byHost = await getWithHost(`${ctx.play.url}/`, `${node1.id}-8080.localhost:${new URL(ctx.play.url).port}`);
      assert.equal(byHost.status, 200);
      assert.match(byHost.body, /hello from node1/);

      const notPublished = await call(ctx, 'GET', `/p/${node1.id}/22/`);
      assert.equal(notPublished.status, 404);
      assert.match(notPublished.json.message, /publishes nothing on port 22/);
      assert.equal((await call(ctx, 'GET', '/p/zzzzzzzzzz/8080/')).status, 404);

      // -p 8080:80 listened on the instance's loopback address, not on the host's interfaces.
      const inspect = (await apiRequest(ns.Socket, { path: '/containers/web/json' })).json();
      assert.equal(inspect.NetworkSettings.Ports['80/tcp'][0].HostIp, ns.PublishAddress);
      assert.match(ns.PublishAddress, /^127\.77\./);

      // An Upgrade (as a WebSocket opens) is tunnelled: the echo server sends back the request it got, then our bytes.
      const tunnel = net.connect(Number(new URL(ctx.play.url).port), '127.0.0.1');
      let got = '';
      tunnel.on('data', (c) => (got += c));
      await new Promise((r) => tunnel.once('connect', r));
      tunnel.write(`GET /p/${node1.id}/9000/chat?room=1 HTTP/1.1\r\nHost: play\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n`);
      for (let i = 0; i < 50 && !got.includes('\r\n\r\n'); i++) await new Promise((r) => setTimeout(r, 100));
      assert.match(got, /^GET \/chat\?room=1 HTTP\/1\.1\r\n/, 'the upstream sees the path without the /p/ prefix');
      assert.match(got, /\r\nupgrade: websocket\r\n/i);
      tunnel.write('frames-both-ways');
      for (let i = 0; i < 50 && !got.includes('frames-both-ways'); i++) await new Promise((r) => setTimeout(r, 100));
      assert.match(got, /frames-both-ways/);
      tunnel.destroy();
    } finally {
      await closeSession(ctx, session);
    }
  });

  test('files: upload then ls, download a file and a folder as a tar; paths stay inside the instance', async () => {
    const session = await newSession(ctx, { template: 'one' });
    const files = `/api/sessions/${session.id}/instances/node1/files`;
    try {
      const put = await call(ctx, 'PUT', `${files}?path=docs/hello.txt`, { token: session.token, body: Buffer.from('hello, file\n') });
      assert.equal(put.status, 201, put.text);
      const term = await openTerminal(ctx, session, 'node1');
      assert.match(await term.run('ls docs && cat docs/hello.txt'), /\nhello\.txt\nhello, file\n/);

      const file = await call(ctx, 'GET', `${files}?path=docs/hello.txt`, { token: session.token });
      assert.equal(file.status, 200);
      assert.equal(file.text, 'hello, file\n');
      assert.match(file.headers.get('content-disposition'), /attachment; filename="hello\.txt"/);

      await term.run('mkdir -p docs/sub && echo deep > docs/sub/more.txt');
      const folder = await call(ctx, 'GET', `${files}?path=docs`, { token: session.token });
      assert.equal(folder.status, 200);
      assert.match(folder.headers.get('content-disposition'), /filename="docs\.tar"/);
      const entries = {};
      const extract = tar.extract();
      extract.on('entry', (h, stream, next) => {
        let text = '';
        stream.on('data', (c) => (text += c));
        stream.on('end', () => { entries[h.name] = text; next(); });
      });
      await new Promise((resolve, reject) => { extract.on('finish', resolve); extract.on('error', reject); extract.end(folder.buffer); });
      assert.equal(entries['docs/hello.txt'], 'hello, file\n');
      assert.equal(entries['docs/sub/more.txt'], 'deep\n');

      // Through a symlink the learner made: the engine resolves it inside the container, never on the host.
      await term.run('ln -sfn / rootlink && ln -sfn /etc etclink');
      const hostname = await call(ctx, 'GET', `${files}?path=rootlink/etc/hostname`, { token: session.token });
      assert.equal(hostname.status, 200);
      assert.equal(hostname.text.trim(), 'node1', 'read the container\'s /etc/hostname');
      const marker = `play-escape-${process.pid}`;
      const through = await call(ctx, 'PUT', `${files}?path=etclink/${marker}`, { token: session.token, body: Buffer.from('x') });
      assert.equal(through.status, 201);
      assert.match(await term.run(`ls /etc/${marker}`), new RegExp(`\\n/etc/${marker}\\n`));
      assert.equal((await import('node:fs')).existsSync(`/etc/${marker}`), false, 'the upload reached the host');
      term.close();

      for (const bad of ['../../etc/passwd', '/etc/passwd', 'a/../../b', 'a//b', '.']) {
        const r = await call(ctx, 'GET', `${files}?path=${encodeURIComponent(bad)}`, { token: session.token });
        assert.equal(r.status, 400, bad);
        assert.match(r.json.message, /relative to the working directory/);
      }
      assert.equal((await call(ctx, 'GET', `${files}?path=missing.txt`, { token: session.token })).status, 404);
      const ro = new URL(session.shareLinks.ro).searchParams.get('t');
      assert.equal((await call(ctx, 'PUT', `${files}?path=x.txt`, { token: ro, body: Buffer.from('x') })).status, 403);
      assert.equal((await call(ctx, 'GET', `${files}?path=docs/hello.txt`, { token: ro })).status, 200, 'a viewer may download');
    } finally {
      await closeSession(ctx, session);
    }
  });

  test('?stack=: a Compose file from the hub lands in node1 and is started there; other origins are refused', async () => {
    for (const url of ['http://192.0.2.1/compose.yaml', `${hub.url.replace('127.0.0.1', 'localhost')}/stacks/web.yaml`]) {
      const r = await call(ctx, 'POST', '/api/sessions', { body: { stack: url } });
      assert.equal(r.status, 400, url);
      assert.match(r.json.message, /only from this playground or from the hub/);
    }
    const redirected = await call(ctx, 'POST', '/api/sessions', { body: { stack: `${hub.url}/elsewhere` } });
    assert.equal(redirected.status, 502, 'a redirect is not followed');
    const session = await newSession(ctx, { stack: `${hub.url}/stacks/web.yaml` });
    try {
      assert.deepEqual(session.instances.map((i) => i.name), ['node1']);
      const term = await openTerminal(ctx, session, 'node1');
      await term.waitFor(/quai compose up -d/);
      assert.match(await term.run('cat compose.yaml'), /image: busybox\n\s+command: httpd -f -p 80/);
      term.close();
    } finally {
      await closeSession(ctx, session);
    }
  });
});
