// A session's life (issue 13): it expires after --session-ttl and leaves
// nothing behind; a terminal whose shell ended says so and a reconnect
// gets a new shell; resize reaches the TTY; a crashed playground's
// leftovers are removed at its next start.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiRequest } from '@quai/testkit';
import { call, closeSession, newSession, openTerminal, shellSocket, usePlayground } from './setup.mjs';

describe('playground session life', () => {
  const ctx = usePlayground({ args: ['--session-ttl', '8s', '--warm-pool', '0'] });

  test('the shell ends with `exit`: viewers are told, and the next input or connection starts a new shell; resize reaches the TTY', async () => {
    const session = await newSession(ctx, { template: 'one' });
    const term = await openTerminal(ctx, session, 'node1');
    term.resize(123, 37);
    assert.match(await term.run('stty size'), /\n37 123\n/);
    await term.run('export MARK=first-shell');
    term.type('exit\r');
    for (let i = 0; i < 100 && !term.events.some((e) => e.type === 'exit'); i++) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(term.events.filter((e) => e.type === 'exit'), [{ type: 'exit' }]);
    term.close();
    const again = await openTerminal(ctx, session, 'node1');
    assert.match(await again.run('echo "mark=${MARK:-none}"'), /\nmark=none\n/, 'a new shell, not the old one');
    again.close();
    await closeSession(ctx, session);
  });

  test('a session expires after --session-ttl: its instances and namespaces are gone', async () => {
    const session = await newSession(ctx, { template: 'one' });
    const left = Date.parse(session.expiresAt) - Date.now();
    assert.ok(left > 5000 && left <= 8000, `expiresAt is ${left} ms away`);
    const ns = `play-${session.instances[0].id}`;
    assert.equal((await ctx.play.admin('GET', `/quai/namespaces/${ns}`)).status, 200);
    for (let i = 0; i < 100; i++) {
      if ((await call(ctx, 'GET', `/api/sessions/${session.id}`, { token: session.token })).status === 404) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const gone = await call(ctx, 'GET', `/api/sessions/${session.id}`, { token: session.token });
    assert.equal(gone.status, 404);
    assert.match(gone.json.message, /closed or it expired/);
    // Removal runs behind the 404: give it a moment.
    let status = 200;
    for (let i = 0; i < 50 && status !== 404; i++) {
      status = (await ctx.play.admin('GET', `/quai/namespaces/${ns}`)).status;
      if (status !== 404) await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(status, 404, 'its namespace was removed');
  });

  test('a playground killed with sessions open: its next start removes what they left (namespaces, shells, networks)', async () => {
    const session = await newSession(ctx, { template: 'one' });
    const ns = `play-${session.instances[0].id}`;
    const shells = async () => (await apiRequest(shellSocket(ctx), { path: '/containers/json?all=1' })).json().length;
    assert.equal(await shells(), 1);
    await ctx.play.kill9();
    assert.equal((await ctx.play.admin('GET', `/quai/namespaces/${ns}`)).status, 200, 'the crash left the namespace');
    await ctx.play.start();
    assert.match(ctx.play.log, new RegExp(`removing namespace ${ns} left by a previous run`));
    assert.equal((await ctx.play.admin('GET', `/quai/namespaces/${ns}`)).status, 404);
    assert.equal(await shells(), 0);
    const networks = (await apiRequest(shellSocket(ctx), { path: '/networks' })).json().map((n) => n.Name);
    assert.equal(networks.filter((n) => n.startsWith('session-')).length, 0, networks.join(' '));
    assert.equal((await call(ctx, 'GET', `/api/sessions/${session.id}`, { token: session.token })).status, 404);
  });
});
