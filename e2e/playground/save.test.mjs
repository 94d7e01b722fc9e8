// Saving a session to the hub and starting a new one from the save
// (issue 13): the learner's files in the shell, a container (running again,
// its port published on the new instance's own address) and a volume's
// data come back, through a real `quai hub`.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { startHub } from '@quai/testkit';
import { call, closeSession, loadBusyboxInto, namespaceOf, newSession, openTerminal, usePlayground } from './setup.mjs';

const state = { hub: undefined, passwordFile: '' };
before(async () => {
  state.hub = await startHub([{ name: 'play', password: 'play-saves-secret' }]);
  state.passwordFile = `${state.hub.dir}/play-password`;
  writeFileSync(state.passwordFile, 'play-saves-secret\n', { mode: 0o600 });
}, { timeout: 60_000 });
after(() => state.hub?.stop(), { timeout: 60_000 });

describe('playground save and restore', () => {
  const ctx = usePlayground({ args: () => ['--hub', state.hub.url, '--hub-user', 'play', '--hub-password-file', state.passwordFile] });

  test('save pushes the session to the hub; {"restore": REF} brings back files, containers, volumes and networks', async () => {
    const session = await newSession(ctx, { template: 'one' });
    let ref;
    try {
      await loadBusyboxInto(await namespaceOf(ctx, session.instances[0]));
      const term = await openTerminal(ctx, session, 'node1');
      await term.run('echo "my notes" > notes.txt');
      await term.run('docker volume create data && docker run --rm -v data:/data busybox sh -c "echo kept-in-volume > /data/v.txt"');
      await term.run('docker network create app');
      await term.run(`docker run -d --name web --network app --network-alias site -p 8080:80 -v data:/www busybox httpd -f -p 80 -h /www`);
      term.close();
      const saved = await call(ctx, 'POST', `/api/sessions/${session.id}/save`, { token: session.token, body: { name: 'lesson1' } });
      assert.equal(saved.status, 201, saved.text);
      ref = saved.json.ref;
      assert.equal(ref, `${state.hub.host}/play/lesson1`);
      const ro = new URL(session.shareLinks.ro).searchParams.get('t');
      assert.equal((await call(ctx, 'POST', `/api/sessions/${session.id}/save`, { token: ro, body: {} })).status, 403);
      const bad = await call(ctx, 'POST', `/api/sessions/${session.id}/save`, { token: session.token, body: { name: 'Bad Name' } });
      assert.equal(bad.status, 400);
    } finally {
      await closeSession(ctx, session);
    }
    const tags = await fetch(`${state.hub.url}/v2/play/lesson1/tags/list`).then((r) => r.json()).catch(() => undefined);
    if (tags?.tags) assert.ok(tags.tags.includes('session') && tags.tags.includes('node1'), JSON.stringify(tags));

    const restored = await newSession(ctx, { restore: ref });
    try {
      assert.deepEqual(restored.instances.map((i) => i.name), ['node1']);
      const term = await openTerminal(ctx, restored, 'node1');
      assert.match(await term.run('cat notes.txt'), /\nmy notes\n/);
      assert.match(await term.run('docker ps --format "{{.Names}} {{.Status}}"'), /\nweb Up/);
      assert.match(await term.run('docker exec web cat /www/v.txt'), /\nkept-in-volume\n/);
      // The user-defined network came back, with web on it under its alias.
      assert.match(await term.run('docker network ls --format "net={{.Name}}"'), /\nnet=app\n/);
      assert.match(await term.run('docker exec web wget -q -O - http://site/v.txt'), /\nkept-in-volume\n/);
      term.close();
      const page = await call(ctx, 'GET', `/p/${restored.instances[0].id}/8080/v.txt`);
      assert.equal(page.status, 200);
      assert.equal(page.text, 'kept-in-volume\n');
    } finally {
      await closeSession(ctx, restored);
    }
    for (const [body, status, re] of [
      [{ restore: 'elsewhere.example/play/lesson1' }, 400, /restored only from this playground's hub/],
      [{ restore: `${state.hub.host}/play/nothing-here` }, 404, /No saved session/],
    ]) {
      const r = await call(ctx, 'POST', '/api/sessions', { body });
      assert.equal(r.status, status, r.text);
      assert.match(r.json.message, re);
    }
  });
});
