/**
 * The hub's pages over HTTP, as a browser without JavaScript meets them:
 * explore, search and paging, repository, tags and the layer explorer,
 * sign-up, login and logout with their cookies, CSRF, settings and tokens,
 * and private repositories invisible to everyone else. (The headless
 * Chromium tier, e2e/browser, drives the same pages with a real browser.)
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHub, type TestHub } from '../test-hub.js';
import { WebClient } from '../test-web-client.js';
import { pushTestImage } from '../test-images.js';

let hub: TestHub;
const ALICE: [string, string] = ['alice', 'alice-pw'];
const basic = (u: string, p: string) => ({ Authorization: `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}` });

before(async () => {
  hub = await startTestHub({ webhookAllowPrivate: true }); // its webhook receiver is on loopback
  await pushTestImage(hub, ['admin', 'admin-pw'], 'library/tiny', 'latest', [{ command: 'ADD rootfs /', files: { 'bin/': '', 'bin/busybox': 'ELF', 'etc/': '', 'etc/motd': 'hi' } }]);
  await pushTestImage(hub, ALICE, 'alice/app', 'v1', [
    { command: 'ADD rootfs /', files: { 'bin/': '', 'bin/busybox': 'ELF', 'etc/': '', 'etc/motd': 'hi' } },
    { command: 'echo changed > /etc/motd && rm /bin/busybox', files: { 'etc/': '', 'etc/motd': 'changed', 'bin/busybox': null, 'app/': '', 'app/run.sh': 'echo' } },
  ]);
});
after(async () => { await hub.stop(); });

describe('hub web pages', () => {
  it('serves every page with a Content-Security-Policy and the security headers', async () => {
    const web = new WebClient(hub.url);
    for (const path of ['/', '/search?q=tiny', '/_/tiny', '/_/tiny/tags', '/_/tiny/tags/latest', '/r/alice/app', '/u/alice', '/login', '/signup', '/no/such/page']) {
      const res = await web.get(path);
      assert.ok([200, 404].includes(res.status), `${path}: ${res.status}`);
      assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'; script-src 'self'/, path);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/, path);
    }
    assert.equal((await web.get('/static/hub.js')).status, 200);
    assert.equal((await web.get('/static/../package.json')).status, 404);
  });

  it('explores and searches public repositories, with paging', async () => {
    for (let i = 0; i < 27; i++) await hub.server.hub.repos.ensure(`alice/paged-${String(i).padStart(2, '0')}`);
    const web = new WebClient(hub.url);
    const explore = await web.get('/');
    assert.match(explore.body, /href="\/_\/tiny"/);
    const first = await web.get('/search?q=paged');
    assert.match(first.body, /27 repositories/);
    assert.match(first.body, /Page 1 of 2/);
    assert.match(first.body, /rel="next" href="\/search\?q=paged&amp;page=2"/);
    const second = await web.get('/search?q=paged&page=2');
    assert.equal((second.body.match(/class="card"/g) ?? []).length, 2);
    // Markup in a query is text, not markup.
    assert.doesNotMatch((await web.get('/search?q=%3Cscript%3Ex%3C/script%3E')).body, /<script>x/);
  });

  it('shows a tag layer by layer: commands, files added/changed/deleted, shared layers', async () => {
    const web = new WebClient(hub.url);
    const page = (await web.get('/r/alice/app/tags/v1')).body;
    assert.match(page, /ADD rootfs \//);
    assert.match(page, /RUN echo changed &gt; \/etc\/motd &amp;&amp; rm \/bin\/busybox/);
    const [base, top] = page.split('id="layer-2"');
    assert.match(base!, /<li class="added">[\s\S]*?<code>bin\/busybox<\/code>/);
    // The base layer is the official image's too: shared, and the saving shown.
    assert.match(base!, /Shared with 1 other repository:[\s\S]*href="\/_\/tiny"/);
    assert.match(top!, /<li class="deleted">[\s\S]*?<code>bin\/busybox<\/code>/);
    assert.match(top!, /<li class="changed">[\s\S]*?<code>etc\/motd<\/code>/);
    assert.match(top!, /<li class="added">[\s\S]*?<code>app\/run.sh<\/code>/);
    assert.match(top!, /Used by no other repository/);
    assert.match(page, /<button type="button" class="files-toggle" aria-expanded="false" aria-controls="files-1">Files<\/button>/);
    const tags = (await web.get('/r/alice/app/tags')).body;
    assert.match(tags, /linux\/amd64/);
    assert.match(tags, /docker pull alice\/app:v1/);
    assert.equal((await web.get('/r/alice/app/tags/v1/layers/2')).status, 200);
    assert.equal((await web.get('/r/alice/app/tags/nope')).status, 404);
  });

  it('signs up with the password rule, keeps a session cookie, logs out and in', async () => {
    const web = new WebClient(hub.url);
    const short = await web.post('/signup', { name: 'carol', password: 'short' }, { from: '/signup' });
    assert.equal(short.status, 400);
    assert.match(short.body, /at least 8 characters/);
    const same = await web.post('/signup', { name: 'carol', password: 'carol-carol' }, { from: '/signup' });
    assert.match(same.body, /must not contain the user name/);
    const ok = await web.post('/signup', { name: 'carol', password: 'correct horse' }, { from: '/signup' });
    assert.equal(ok.status, 303);
    const cookie = web.lastSetCookies.find((c) => c.startsWith('quai_session='))!;
    assert.match(cookie, /; HttpOnly/);
    assert.match(cookie, /; SameSite=Lax/);
    assert.doesNotMatch(cookie, /Secure/, 'plain HTTP: no Secure flag (TLS sets it)');
    assert.match((await web.get('/settings')).body, /Change password/);
    assert.equal((await web.post('/logout', {}, { from: '/settings' })).status, 303);
    const after = await web.get('/settings');
    assert.equal(after.status, 303);
    assert.match(after.headers.get('location')!, /^\/login\?next=/);
    assert.equal((await web.login('carol', 'wrong password')).status, 401);
    assert.equal((await web.login('carol', 'correct horse')).status, 303);
    assert.equal((await web.get('/settings')).status, 200);
  });

  it('refuses a state-changing POST without the CSRF token, with a wrong one, or from another origin', async () => {
    const web = new WebClient(hub.url);
    await web.login('alice', 'alice-pw');
    const token = await web.csrf('/settings/tokens');
    for (const [why, opts] of [['no token', { csrf: false }], ['wrong token', { csrf: 'x'.repeat(43) }], ['foreign origin', { csrf: token, headers: { Origin: 'http://evil.example' } }]] as const) {
      const res = await web.post('/settings/tokens', { label: 'forged', scope: 'read' }, opts);
      assert.equal(res.status, 403, why);
      assert.match(res.body, /CSRF/);
    }
    const anonymous = new WebClient(hub.url);
    assert.equal((await anonymous.post('/login', { name: 'alice', password: 'alice-pw' }, { csrf: false })).status, 403);
    assert.deepEqual((await hub.server.hub.users.listAccessTokens('alice')).filter((t) => t.label === 'forged'), []);
  });

  it('creates an access token shown once, lists its last use, revokes it', async () => {
    const web = new WebClient(hub.url);
    await web.login('alice', 'alice-pw');
    const made = await web.post('/settings/tokens', { label: 'laptop', scope: 'read-write' }, { from: '/settings/tokens' });
    const token = /data-testid="new-token">(qpat_[^<]+)</.exec(made.body)?.[1];
    assert.ok(token, 'the new token is on the page');
    assert.doesNotMatch((await web.get('/settings/tokens')).body, new RegExp(token!), 'shown once');
    assert.equal((await fetch(`${hub.url}/token?scope=repository:alice/app:pull`, { headers: basic('alice', token!) })).status, 200);
    const listed = (await web.get('/settings/tokens')).body;
    assert.match(listed, /laptop[\s\S]*last used <time/);
    const id = /action="\/settings\/tokens\/([^/]+)\/revoke"/.exec(listed)![1]!;
    assert.equal((await web.post(`/settings/tokens/${id}/revoke`, {}, { from: '/settings/tokens' })).status, 303);
    assert.equal((await fetch(`${hub.url}/token?scope=repository:alice/app:pull`, { headers: basic('alice', token!) })).status, 401);
    // A token is no password for the site.
    assert.equal((await new WebClient(hub.url).login('alice', token!)).status, 401);
  });

  it('edits description and README (sanitized when shown) and keeps a private repository invisible to others', async () => {
    const alice = new WebClient(hub.url);
    await alice.login('alice', 'alice-pw');
    await pushTestImage(hub, ALICE, 'alice/secret', 'v1', [{ command: 'ADD x /', files: { 'x': 'x' } }]);
    const readme = '# Secret\n\n<script>window.pwned = 1</script>\n<img src="x" onerror="window.pwned = 1">\n[click](javascript:alert(1))';
    const saved = await alice.post('/r/alice/secret/settings', { description: 'hidden stuff', readme, visibility: 'private' }, { from: '/r/alice/secret/settings' });
    assert.equal(saved.status, 303);
    const page = (await alice.get('/r/alice/secret')).body;
    const shown = /data-testid="readme">([\s\S]*?)<\/article>/.exec(page)![1]!;
    assert.match(shown, /<h1>Secret<\/h1>/);
    assert.doesNotMatch(shown, /<script|onerror|href="javascript/);
    for (const who of [new WebClient(hub.url), await (async () => { const bob = new WebClient(hub.url); await bob.login('bob', 'bob-pw'); return bob; })()]) {
      assert.equal((await who.get('/r/alice/secret')).status, 404);
      assert.equal((await who.get('/r/alice/secret/tags/v1')).status, 404);
      assert.doesNotMatch((await who.get('/search?q=secret')).body, /alice\/secret/);
      assert.doesNotMatch((await who.get('/u/alice')).body, /alice\/secret/);
    }
    assert.doesNotMatch(await (await fetch(`${hub.url}/v1/search?q=secret`)).text(), /alice\/secret/);
    assert.equal((await fetch(`${hub.url}/api/repositories/alice/secret`, { headers: basic('bob', 'bob-pw') })).status, 404);
    assert.equal((await fetch(`${hub.url}/v2/alice/secret/manifests/v1`, { headers: basic('bob', 'bob-pw') })).status, 401);
    assert.match((await alice.get('/u/alice')).body, /alice\/secret/, 'the owner still sees it');
    // A collaborator sees it and may pull.
    assert.equal((await alice.post('/r/alice/secret/settings/collaborators', { user: 'bob' }, { from: '/r/alice/secret/settings' })).status, 303);
    assert.equal((await fetch(`${hub.url}/v2/alice/secret/manifests/v1`, { headers: basic('bob', 'bob-pw') })).status, 200);
  });

  it('deletes a tag, a repository and an account from the pages', async () => {
    const web = new WebClient(hub.url);
    assert.equal((await web.post('/signup', { name: 'dave', password: 'long secret 1' }, { from: '/signup' })).status, 303);
    await pushTestImage(hub, ['dave', 'long secret 1'], 'dave/app', 'one', [{ command: 'ADD a /', files: { a: '1' } }]);
    await pushTestImage(hub, ['dave', 'long secret 1'], 'dave/app', 'two', [{ command: 'ADD a /', files: { a: '2' } }]);
    assert.equal((await web.post('/r/dave/app/tags/one/delete', {}, { from: '/r/dave/app/tags' })).status, 303);
    assert.doesNotMatch((await web.get('/r/dave/app/tags')).body, /tags\/one"/);
    // Another user may not delete.
    const bob = new WebClient(hub.url);
    await bob.login('bob', 'bob-pw');
    assert.equal((await bob.post('/r/dave/app/tags/two/delete', {}, { from: '/r/dave/app/tags' })).status, 403);
    assert.equal((await web.post('/r/dave/app/settings/delete', { confirm: 'wrong' }, { from: '/r/dave/app/settings' })).status, 400);
    assert.equal((await web.post('/r/dave/app/settings/delete', { confirm: 'dave/app' }, { from: '/r/dave/app/settings' })).status, 303);
    assert.equal((await web.get('/r/dave/app')).status, 404);
    assert.equal((await web.post('/settings/delete', { password: 'wrong' }, { from: '/settings' })).status, 400);
    assert.equal((await web.post('/settings/delete', { password: 'long secret 1' }, { from: '/settings' })).status, 303);
    assert.equal((await web.get('/u/dave')).status, 404);
    assert.equal((await new WebClient(hub.url).login('dave', 'long secret 1')).status, 401);
  });

  it('runs organisations with members and teams; only owners change them', async () => {
    const alice = new WebClient(hub.url);
    await alice.login('alice', 'alice-pw');
    assert.equal((await alice.post('/orgs', { name: 'acme' }, { from: '/orgs' })).status, 303);
    assert.equal((await alice.post('/orgs/acme/teams', { name: 'devs', description: 'The developers' }, { from: '/orgs/acme' })).status, 303);
    assert.equal((await alice.post('/orgs/acme/teams/devs/members', { user: 'bob' }, { from: '/orgs/acme' })).status, 303);
    const page = (await alice.get('/orgs/acme')).body;
    assert.match(page, /<h3>devs<\/h3>[\s\S]*<li>bob /);
    assert.match(page, /<label for="add-devs">Add a member to devs<\/label>/);
    // bob is a member (he pushes to acme/...), not an owner.
    assert.deepEqual(await hub.server.hub.policy.grant({ user: (await hub.server.hub.users.get('bob'))! }, { type: 'repository', name: 'acme/app', actions: ['push'] }), ['push']);
    const bob = new WebClient(hub.url);
    await bob.login('bob', 'bob-pw');
    assert.equal((await bob.get('/orgs/acme')).status, 200);
    assert.equal((await bob.post('/orgs/acme/teams', { name: 'mine' }, { from: '/orgs/acme' })).status, 403);
    assert.equal((await new WebClient(hub.url).get('/orgs/acme')).status, 303, 'anonymous: to the login page');
    assert.match((await alice.post('/orgs/acme/members/alice/remove', {}, { from: '/orgs/acme' })).body, /keeps at least one owner/);
    assert.equal((await alice.post('/orgs/acme/delete', { confirm: 'acme' }, { from: '/orgs/acme' })).status, 303);
    assert.equal((await alice.get('/u/acme')).status, 404);
  });

  it('adds a webhook, tests it and shows the delivery log', async () => {
    const { createServer } = await import('node:http');
    const got: string[] = [];
    const receiver = createServer((req, res) => { req.on('data', (c: Buffer) => got.push(c.toString())); req.on('end', () => res.end('ok')); });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    try {
      const alice = new WebClient(hub.url);
      await alice.login('alice', 'alice-pw');
      const hookUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
      assert.equal((await alice.post('/r/alice/app/settings/webhooks', { url: 'ftp://x' }, { from: '/r/alice/app/settings' })).status, 400);
      assert.equal((await alice.post('/r/alice/app/settings/webhooks', { url: hookUrl }, { from: '/r/alice/app/settings' })).status, 303);
      const settings = (await alice.get('/r/alice/app/settings')).body;
      const id = /webhooks\/(\d+)\/test/.exec(settings)![1];
      const tested = await alice.post(`/r/alice/app/settings/webhooks/${id}/test`, {}, { from: '/r/alice/app/settings' });
      assert.match(tested.body, /Test delivered: HTTP 200/);
      assert.match(tested.body, /<li class="ok">[\s\S]*test · HTTP 200/);
      assert.match(got.join(''), /"repo_name":"alice\/app"/);
    } finally {
      receiver.close();
    }
  });

  it('speaks French when asked', async () => {
    const web = new WebClient(hub.url);
    const switched = await web.get('/?lang=fr');
    assert.equal(switched.status, 303);
    const page = await web.get('/');
    assert.match(page.body, /<html lang="fr">/);
    assert.match(page.body, /Images officielles/);
  });
});
