// The playground's sessions, instances and terminal (issue 13) with a real
// `quai play` in front of a private daemon: what a learner does in the page,
// through the same HTTP and WebSocket API the page uses.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiRequest, mountsUnder } from '@quai/testkit';
import { addInstance, call, closeSession, loadBusyboxInto, namespaceOf, newSession, openTerminal, shellSocket, usePlayground } from './setup.mjs';

describe('playground sessions', () => {
  const ctx = usePlayground({ args: ['--max-sessions', '3', '--max-instances', '3', '--warm-pool', '2'] });

  test('a new instance is a Docker host: docker version shows Client and Server, a container runs, node2 finds node1 by name', async () => {
    const session = await newSession(ctx);
    try {
      assert.deepEqual(session.instances, []);
      assert.equal(session.access, 'rw');
      const node1 = await addInstance(ctx, session);
      const node2 = await addInstance(ctx, session);
      assert.equal(node1.name, 'node1');
      assert.equal(node2.name, 'node2');
      assert.match(node1.id, /^[a-z][a-z0-9]{9}$/);
      assert.match(node1.ip, /^\d+\.\d+\.\d+\.\d+$/);
      await loadBusyboxInto(await namespaceOf(ctx, node1));

      const term = await openTerminal(ctx, session, 'node1');
      await term.waitFor(/node1/);
      const version = await term.run('docker version');
      assert.match(version, /Client:/);
      assert.match(version, /Server: quai/);
      assert.match(await term.run('docker run --rm busybox echo hi-from-a-container'), /\nhi-from-a-container\n/);
      assert.match(await term.run('hostname'), /\nnode1\n/);
      term.close();

      const term2 = await openTerminal(ctx, session, 'node2');
      const lookup = await term2.run('getent hosts node1');
      assert.match(lookup, new RegExp(`${node1.ip.replace(/\./g, '\\.')}\\s+node1`));
      // ping where the shell image has it (play-shell does; Debian's minimal image does not)
      const ping = await term2.run('if command -v ping >/dev/null; then ping -c 1 -W 2 node1; else echo no-ping; fi');
      if (!/\nno-ping\n/.test(ping)) assert.match(ping, new RegExp(`from ${node1.ip.replace(/\./g, '\\.')}.*\\n[\\s\\S]*1 (packets )?received`));
      // node2's engine is its own: node1's container and image are not there.
      assert.match(await term2.run('docker images -q | wc -l'), /\n0\n/);
      term2.close();

      const got = await call(ctx, 'GET', `/api/sessions/${session.id}`, { token: session.token });
      assert.equal(got.status, 200);
      assert.deepEqual(got.json.instances.map((i) => i.name), ['node1', 'node2']);
      assert.ok(got.json.instances[0].memoryBytes > 0, 'memory in use is shown');
    } finally {
      await closeSession(ctx, session);
    }
  });

  test('a share link: the read-only token sees the same terminal and may change nothing; a wrong token gets nothing', async () => {
    const session = await newSession(ctx, { template: 'one' });
    try {
      assert.equal(session.instances.length, 1);
      const ro = new URL(session.shareLinks.ro).searchParams.get('t');
      const rw = new URL(session.shareLinks.rw).searchParams.get('t');
      assert.equal(rw, session.token);
      assert.notEqual(ro, rw);
      const owner = await openTerminal(ctx, session, 'node1');
      await owner.run('echo shared-screen-$((6*7))');
      const viewer = await openTerminal(ctx, session, 'node1', ro);
      await viewer.waitFor(/shared-screen-42/); // replayed from the scrollback
      await owner.run('echo live-$((40+2))');
      await viewer.waitFor(/live-42/);
      viewer.type('echo typed-by-viewer\r');
      await owner.run('true');
      assert.doesNotMatch(owner.text, /typed-by-viewer/, 'a read-only viewer typed into the terminal');
      owner.close();
      viewer.close();

      const asViewer = await call(ctx, 'GET', `/api/sessions/${session.id}`, { token: ro });
      assert.equal(asViewer.status, 200);
      assert.equal(asViewer.json.access, 'ro');
      assert.equal(asViewer.json.shareLinks, undefined, 'a viewer does not get the read-write link');
      for (const [method, path] of [['POST', `/api/sessions/${session.id}/instances`], ['DELETE', `/api/sessions/${session.id}/instances/node1`], ['DELETE', `/api/sessions/${session.id}`]]) {
        const r = await call(ctx, method, path, { token: ro });
        assert.equal(r.status, 403, `${method} ${path} with the read-only token`);
        assert.match(r.json.message, /read-only/);
      }
      const fr = await call(ctx, 'POST', `/api/sessions/${session.id}/instances?lang=fr`, { token: ro });
      assert.match(fr.json.message, /lecture seule/);
      const wrong = await call(ctx, 'GET', `/api/sessions/${session.id}`, { token: 'A'.repeat(22) });
      assert.equal(wrong.status, 401);
      await assert.rejects(openTerminal(ctx, session, 'node1', 'nope'), (e) => e.statusCode === 401);
    } finally {
      await closeSession(ctx, session);
    }
  });

  test('limits: the fourth session waits (503, Retry-After), the fourth instance is refused (409), both with a clear message', async () => {
    const sessions = [await newSession(ctx), await newSession(ctx), await newSession(ctx)];
    try {
      const full = await call(ctx, 'POST', '/api/sessions', { body: {}, headers: { 'Accept-Language': 'fr-FR,fr;q=0.9,en;q=0.5' } });
      assert.equal(full.status, 503);
      assert.match(full.headers.get('retry-after'), /^\d+$/);
      assert.equal(full.json.retryAfter, Number(full.headers.get('retry-after')));
      assert.match(full.json.message, /plein.*Réessayez dans \d+ secondes/);
      const s = sessions[0];
      for (let i = 0; i < 3; i++) await addInstance(ctx, s);
      const more = await call(ctx, 'POST', `/api/sessions/${s.id}/instances`, { token: s.token });
      assert.equal(more.status, 409);
      assert.match(more.json.message, /already has 3 instances/);
      // Deleting one makes room, and its hostname comes back.
      assert.equal((await call(ctx, 'DELETE', `/api/sessions/${s.id}/instances/node2`, { token: s.token })).status, 204);
      assert.equal((await addInstance(ctx, s)).name, 'node2');
    } finally {
      for (const s of sessions) await closeSession(ctx, s);
    }
    assert.equal((await newSession(ctx).then(async (s) => { await closeSession(ctx, s); return 201; })), 201, 'closing frees the slots');
  });

  test('bad requests are refused before anything is made: unknown fields, wrong types, unknown routes', async () => {
    const cases = [
      [{ template: 'five' }, /template must be equal to one of the allowed values/],
      [{ templat: 'one' }, /\/templat must NOT have additional properties/],
      [{ stack: 'file:///etc/passwd' }, /\/stack must be an http:\/\/ or https:\/\/ URL/],
    ];
    for (const [body, re] of cases) {
      const r = await call(ctx, 'POST', '/api/sessions', { body });
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.match(r.json.message, re);
    }
    const notJson = await call(ctx, 'POST', '/api/sessions', { body: Buffer.from('{'), headers: { 'Content-Type': 'application/json' } });
    assert.equal(notJson.status, 400);
    assert.equal((await call(ctx, 'GET', '/api/nothing')).status, 404);
    assert.equal((await call(ctx, 'GET', '/api/sessions/doesnotexist', { token: 'x' })).status, 404);
    assert.equal((await call(ctx, 'GET', '/assets/../../etc/passwd')).status, 404);
    assert.equal((await call(ctx, 'GET', '/?lang=xx&evil=1')).status, 400, 'an unknown page parameter');
    const page = await call(ctx, 'GET', '/?lang=fr');
    assert.equal(page.status, 200);
    assert.match(page.text, /<html lang="fr"/);
    assert.match(page.headers.get('content-security-policy'), /frame-ancestors 'none'/);
  });

  test('closing a session leaves nothing on the engine: namespaces, shells, networks, mounts', async () => {
    // Counts, not names: the warm pool replaces what a session took with new ones.
    const count = async () => ({
      namespaces: (await ctx.play.admin('GET', '/quai/namespaces')).json().length,
      containers: (await apiRequest(shellSocket(ctx), { path: '/containers/json?all=1' })).json().length,
      networks: (await apiRequest(shellSocket(ctx), { path: '/networks' })).json().map((n) => n.Name).sort(),
      mounts: mountsUnder(ctx.daemon.dir).length,
    });
    const before = await count();
    const session = await newSession(ctx, { template: 'three' });
    const term = await openTerminal(ctx, session, 'node1');
    const [node1] = session.instances;
    await loadBusyboxInto(await namespaceOf(ctx, node1));
    await term.run('docker volume create data && docker network create mine && docker run -d -v data:/data --network mine busybox sleep 600');
    term.close();
    const during = await count();
    assert.ok(during.namespaces > before.namespaces);
    await closeSession(ctx, session);
    // The warm pool refills what the session took: wait for it to settle before comparing.
    for (let i = 0; i < 100; i++) {
      const now = await count();
      if (JSON.stringify(now) === JSON.stringify(before)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const after = await count();
    assert.deepEqual(after, before);
    assert.equal((await call(ctx, 'GET', `/api/sessions/${session.id}`, { token: session.token })).status, 404);
  });
});
