// The hub's pages as a new user meets them, in headless Chromium (Debian's
// chromium driven by playwright-core): sign up, log out and in, make an
// access token, `docker login` with it through quai's engine (a private
// daemon whose docker.io mirror is a private hub), build and push two
// images that share a base, find the first by search, read its README and
// tags, put a <script> in its README that must not run, open the tag page
// and see bin/busybox in a layer's files and the base layer shown as
// shared. Then the attacks: a forged cross-site POST without the CSRF token
// gets 403, 30 wrong passwords meet a 429, and a private repository cannot
// be found or pulled by another user (who signed up with `quai hub signup`).
// Needs root (the daemon), docker, chromium.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { dockerCliPath, launchBrowser, loadBusybox, repoRoot, requireBinary, requireRoot, startDaemon, startHub } from '@quai/testkit';

const ctx = { hub: undefined, daemon: undefined, browser: undefined, page: undefined, dir: '', token: '' };
const USER = 'lena';
const PASSWORD = 'a long passphrase';

function run(cmd, args, { input, env } = {}) {
  return new Promise((resolve) => {
    const child = execFile(cmd, args, { env: { ...process.env, ...env }, maxBuffer: 64 << 20, timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (err.code ?? 1) : 0, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}
const docker = (args, opts = {}) => ctx.daemon.docker(args, opts);
async function ok(p) {
  const r = await p;
  assert.equal(r.code, 0, `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r;
}
const url = (path) => `${ctx.hub.url}${path}`;

before(async () => {
  requireRoot();
  requireBinary(dockerCliPath);
  ctx.dir = mkdtempSync('/tmp/quai-browser-e2e-');
  ctx.hub = await startHub([]);
  ctx.daemon = await startDaemon({ args: ['--registry-mirror', ctx.hub.url, '--insecure-registry', ctx.hub.host] });
  await loadBusybox(ctx.daemon.dockerHost);
  ctx.browser = await launchBrowser();
  ctx.page = await ctx.browser.newPage();
  // Any dialog means a script ran (the README's alert) or a confirm we did not expect.
  ctx.page.on('dialog', (d) => { ctx.dialogs = (ctx.dialogs ?? 0) + 1; void d.dismiss(); });
}, { timeout: 120_000 });

after(async () => {
  await ctx.browser?.close();
  await ctx.daemon?.stop();
  await ctx.hub?.stop();
  if (ctx.dir) rmSync(ctx.dir, { recursive: true, force: true });
}, { timeout: 60_000 });

describe('quai hub in a browser', () => {
  it('signs up, logs out and logs in', async () => {
    const { page } = ctx;
    await page.goto(url('/'));
    await page.getByRole('link', { name: 'Sign up' }).click();
    await page.getByLabel('Username').fill(USER);
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Sign up' }).click();
    // The browser's own minlength check keeps a short password from leaving; the server's rule is tested too.
    assert.equal(new URL(page.url()).pathname, '/signup');
    const refused = await page.request.post(url('/signup'), { form: { name: USER, password: USER + '1234', _csrf: await page.locator('input[name=_csrf]').first().inputValue() }, maxRedirects: 0 });
    assert.equal(refused.status(), 400);
    assert.match(await refused.text(), /must not contain the user name/);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.waitForURL(url(`/u/${USER}`));
    const cookie = (await ctx.browser.context.cookies()).find((c) => c.name === 'quai_session');
    assert.ok(cookie?.httpOnly, 'the session cookie is HttpOnly');
    assert.equal(cookie.sameSite, 'Lax');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(url('/'));
    await page.getByRole('link', { name: 'Log in' }).click();
    await page.getByLabel('Username').fill(USER);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(url('/'));
    assert.equal(await page.getByRole('link', { name: USER }).count(), 1);
  });

  it('creates an access token and logs docker in with it through the engine', async () => {
    const { page } = ctx;
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('link', { name: 'Access tokens' }).click();
    await page.getByLabel('Description').fill('laptop');
    await page.getByLabel('Read & Write', { exact: true }).check();
    await page.getByRole('button', { name: 'Generate' }).click();
    ctx.token = (await page.getByTestId('new-token').textContent()).trim();
    assert.match(ctx.token, /^qpat_/);
    // docker.io names reach the hub through the engine's mirror: no server name needed.
    const login = await ok(docker(['login', '-u', USER, '--password-stdin'], { input: ctx.token }));
    assert.match(login.stdout, /Login Succeeded/);
  });

  it('builds and pushes two images that share a base', async () => {
    for (const name of ['first', 'second']) {
      const context = join(ctx.dir, name);
      mkdirSync(context);
      writeFileSync(join(context, 'Dockerfile'), `FROM busybox\nRUN echo ${name} > /${name}.txt\nCMD ["cat", "/${name}.txt"]\n`);
      await ok(docker(['build', '-q', '-t', `${USER}/${name}`, context]));
      const push = await ok(docker(['push', `${USER}/${name}`]));
      assert.match(push.stdout, /latest: digest: sha256:/);
    }
  });

  it('finds the first image by search and reads its README and tags', async () => {
    const { page } = ctx;
    await page.getByLabel('Search', { exact: true }).fill('first');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?q=first/);
    await page.getByRole('link', { name: `${USER}/first` }).click();
    await page.waitForURL(url(`/r/${USER}/first`));
    assert.match(await page.getByTestId('readme').textContent(), /no README yet/);
    assert.equal(await page.locator('.copy-box code').first().textContent(), `docker pull ${USER}/first`);
    await page.getByRole('link', { name: 'Tags', exact: true }).click();
    await page.waitForURL(url(`/r/${USER}/first/tags`));
    assert.equal(await page.getByRole('link', { name: 'latest', exact: true }).count(), 1);
    assert.match(await page.locator('.tag').first().textContent(), /linux\/amd64/);
  });

  it('edits the README: Markdown shows, an embedded script does not run', async () => {
    const { page } = ctx;
    await page.goto(url(`/r/${USER}/first`));
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Description').fill('The first image');
    await page.getByLabel('README').fill([
      '# First', '', 'Prints **first**.', '',
      '<script>window.pwned = "script"; alert(1)</script>',
      '<img src="/nothing.png" onerror="window.pwned = \'onerror\'">',
      '[click me](javascript:window.pwned=\'link\')',
    ].join('\n'));
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(url(`/r/${USER}/first`));
    const readme = page.getByTestId('readme');
    assert.equal(await readme.locator('h1').textContent(), 'First');
    assert.equal(await readme.locator('strong').textContent(), 'first');
    assert.equal(await readme.locator('script').count(), 0);
    assert.equal(await readme.locator('[onerror]').count(), 0);
    assert.equal(await readme.locator('a[href^="javascript"]').count(), 0);
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => window.pwned), undefined);
    assert.equal(ctx.dialogs ?? 0, 0, 'no alert');
    assert.match(await page.locator('.repo-head .description').textContent(), /The first image/);
  });

  it('shows bin/busybox in the base layer\'s files and the base layer as shared', async () => {
    const { page } = ctx;
    await page.goto(url(`/r/${USER}/first/tags/latest`));
    const base = page.locator('#layer-1');
    assert.match(await base.textContent(), /Shared with 1 other repository:\s*lena\/second/);
    assert.match(await base.textContent(), /saves/);
    const files = base.getByRole('button', { name: 'Files' });
    assert.equal(await files.getAttribute('aria-expanded'), 'false');
    assert.equal(await base.getByText('bin/busybox', { exact: true }).isVisible(), false);
    // With the keyboard: focus the button, press Enter.
    await files.focus();
    await page.keyboard.press('Enter');
    assert.equal(await files.getAttribute('aria-expanded'), 'true');
    assert.equal(await base.getByText('bin/busybox', { exact: true }).isVisible(), true);
    const top = page.locator('#layer-2');
    assert.match(await top.locator('.command').textContent(), /echo first > \/first\.txt/);
    await top.getByRole('button', { name: 'Files' }).click();
    assert.equal(await top.getByText('first.txt', { exact: true }).isVisible(), true);
    assert.match(await top.textContent(), /Used by no other repository/);
  });

  it('fits a 390 px phone screen without horizontal scrolling', async () => {
    const phone = await ctx.browser.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    for (const path of ['/', '/search?q=first', `/r/${USER}/first`, `/r/${USER}/first/tags`, `/r/${USER}/first/tags/latest`, `/r/${USER}/first/settings`, '/settings', '/settings/tokens', `/u/${USER}`, '/orgs', '/login']) {
      await phone.goto(url(path));
      const width = await phone.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `${path} is ${width} px wide`);
    }
    await phone.close();
  });

  it('answers a forged cross-site POST without the CSRF token with 403', async () => {
    // Another site (another port: the same site for cookies, so the session cookie goes along).
    const evil = createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(`<form method="post" action="${url('/settings/tokens')}"><input name="label" value="forged"><input name="scope" value="read-write-delete"></form>
<script>document.forms[0].submit()</script>`);
    });
    await new Promise((r) => evil.listen(0, '127.0.0.1', r));
    try {
      const page = await ctx.browser.newPage();
      const answered = page.waitForResponse((r) => r.url() === url('/settings/tokens') && r.request().method() === 'POST');
      await page.goto(`http://127.0.0.1:${evil.address().port}/`);
      assert.equal((await answered).status(), 403);
      await page.close();
    } finally {
      evil.close();
    }
    await ctx.page.goto(url('/settings/tokens'));
    assert.doesNotMatch(await ctx.page.locator('main').textContent(), /forged/);
  });

  it('meets a 429 within 30 wrong passwords in a row', async () => {
    await ok(run(process.execPath, [join(repoRoot, 'bin/quai'), 'hub', 'signup', 'target', '--url', ctx.hub.url, '--password-stdin'], { input: 'never guessed' }));
    const attacker = await launchBrowser();
    const page = await attacker.newPage();
    const statuses = [];
    try {
      for (let i = 0; i < 30 && !statuses.includes(429); i++) {
        await page.goto(url('/login'));
        await page.getByLabel('Username').fill('target');
        await page.getByLabel('Password').fill(`wrong guess ${i}`);
        const [res] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Log in' }).click()]);
        statuses.push(res.status());
        if (res.status() === 429) {
          assert.ok(Number(res.headers()['retry-after']) > 0);
          assert.match(await page.getByRole('alert').textContent(), /Too many failed attempts/);
        }
      }
    } finally {
      await attacker.close();
    }
    assert.ok(statuses.includes(429), `statuses: ${statuses.join(' ')}`);
    assert.ok(statuses.slice(0, 3).every((s) => s === 401));
    // The registry's token endpoint refuses the locked account too, with Retry-After.
    const res = await fetch(url('/token'), { headers: { Authorization: `Basic ${Buffer.from('target:never guessed').toString('base64')}` } });
    assert.equal(res.status, 429);
    assert.ok(res.headers.get('retry-after'));
  });

  it('keeps a private repository from another user: not in search, not on the page, not pullable', async () => {
    const { page } = ctx;
    await page.goto(url(`/r/${USER}/second/settings`));
    await page.getByLabel(/^Private/).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(url(`/r/${USER}/second`));
    assert.equal(await page.locator('.badge.private').count(), 1);
    // omar signs up from the command line, no root or data root needed.
    const signup = await ok(run(process.execPath, [join(repoRoot, 'bin/quai'), 'hub', 'signup', 'omar', '--url', ctx.hub.url, '--password-stdin'], { input: 'quiet river\n' }));
    assert.match(signup.stdout, /Signed up as omar/);
    const other = await launchBrowser();
    try {
      const p = await other.newPage();
      await p.goto(url('/login'));
      await p.getByLabel('Username').fill('omar');
      await p.getByLabel('Password').fill('quiet river');
      await p.getByRole('button', { name: 'Log in' }).click();
      await p.waitForURL(url('/'));
      await p.goto(url('/search?q=second'));
      assert.equal(await p.getByRole('link', { name: `${USER}/second` }).count(), 0);
      assert.match(await p.locator('main').textContent(), /0 repositories/);
      const direct = await p.goto(url(`/r/${USER}/second`));
      assert.equal(direct.status(), 404);
      assert.equal((await p.goto(url(`/r/${USER}/second/tags/latest`))).status(), 404);
      await p.goto(url(`/u/${USER}`));
      assert.equal(await p.getByRole('link', { name: `${USER}/second` }).count(), 0);
      assert.equal(await p.getByRole('link', { name: `${USER}/first` }).count(), 1);
    } finally {
      await other.close();
    }
    const config = join(ctx.dir, 'omar-docker');
    mkdirSync(config);
    const env = { DOCKER_CONFIG: config };
    await ok(docker(['login', '-u', 'omar', '--password-stdin'], { input: 'quiet river', env }));
    await ok(docker(['rmi', `${USER}/second`]));
    const denied = await docker(['pull', `${USER}/second`], { env });
    assert.notEqual(denied.code, 0, denied.stdout);
    assert.match(denied.stderr, /pull access denied|not found|unauthorized/i);
    await ok(docker(['rmi', `${USER}/first`]));
    await ok(docker(['pull', `${USER}/first`], { env }));
    const out = await ok(docker(['run', '--rm', `${USER}/first`]));
    assert.equal(out.stdout.trim(), 'first');
    // The owner still pulls it.
    await ok(docker(['pull', `${USER}/second`]));
  });
});
