// The labs' Check buttons against a real engine namespace, as a learner
// meets them: each check fails before the step is done (with what is
// missing) and passes after the step's own commands ran with the docker CLI.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { EngineClient } from '@quai/client';
import { apiRequest, libraryArchive, loadImage, socketOf } from '@quai/testkit';
import { checkStep } from '@quai/playground/server/labs/index';
import { docker, useDaemon } from '../docker-cli/setup.mjs';

const NS = 'labcheck';

describe('lab checks', () => {
  let nsHost;
  let ctx;
  // Registered before the daemon's own hooks: removes the namespace while the daemon still answers.
  after(async () => {
    await apiRequest(socketOf(daemon.daemon.dockerHost), { method: 'DELETE', path: `/quai/namespaces/${NS}` });
  });
  const daemon = useDaemon({ busybox: false });
  before(async () => {
    const res = await apiRequest(socketOf(daemon.daemon.dockerHost), {
      method: 'POST', path: '/quai/namespaces', body: JSON.stringify({ Name: NS, Policy: 'playground' }), headers: { 'Content-Type': 'application/json' },
    });
    assert.equal(res.status, 201, res.body);
    nsHost = `unix://${res.json().Socket}`;
    for (const name of ['busybox', 'debian', 'nginx']) await loadImage(nsHost, libraryArchive(name));
    ctx = { engine: new EngineClient({ host: nsHost }), instance: 'node1', hubUrl: '' };
  }, { timeout: 180_000 });

  /** The learner's command, in the instance's namespace. */
  async function learner(...args) {
    const r = await docker(args, { host: nsHost, timeoutMs: 60_000 });
    assert.equal(r.code, 0, `docker ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  }
  async function expectCheck(lab, step, ok, pattern, lang = 'en') {
    const r = await checkStep(ctx, lang, lab, step);
    assert.equal(r.ok, ok, `${lab}:${step}: ${r.message}`);
    assert.match(r.message, pattern);
  }

  test('01: the engine answers with its version', async () => {
    await expectCheck('01-first-instance', 1, true, /The engine of node1 answers: server \S+, API 1\.\d+/);
    await expectCheck('01-first-instance', 1, true, /Le moteur de node1 répond/, 'fr');
  });

  test('02: run, a running web, exec, removal', async () => {
    await expectCheck('02-first-container', 0, false, /No busybox container that ran echo/);
    await learner('run', 'busybox', 'echo', 'Hello from a container');
    await expectCheck('02-first-container', 0, true, /ran: echo .*Hello from a container.*, then exited/);
    await expectCheck('02-first-container', 1, false, /No running container named web/);
    await learner('run', '-d', '--name', 'web', 'busybox', 'httpd', '-f', '-p', '80', '-h', '/etc');
    await expectCheck('02-first-container', 1, true, /web is running/);
    await expectCheck('02-first-container', 2, false, /Nothing was run inside web/);
    await learner('exec', 'web', 'ps');
    await expectCheck('02-first-container', 2, true, /A second process ran inside web/);
    await expectCheck('02-first-container', 3, false, /web still exists/);
    await learner('rm', '-f', 'web');
    await expectCheck('02-first-container', 3, true, /web is gone/);
  });

  test('03: two images, their shared first layer', async () => {
    await expectCheck('03-images-layers', 0, true, /debian:bookworm-slim and nginx are here/);
    await expectCheck('03-images-layers', 2, true, /nginx starts with debian's layer [0-9a-f]{12}: on disk once/);
    await learner('rmi', 'nginx');
    await expectCheck('03-images-layers', 0, false, /Not pulled yet: nginx:latest/);
  });

  test('04: a volume whose file outlives its container', async () => {
    await expectCheck('04-volumes', 0, false, /No volume named notes/);
    await learner('volume', 'create', 'notes');
    await expectCheck('04-volumes', 0, true, /Volume notes exists/);
    await expectCheck('04-volumes', 2, false, /has no note.txt yet/);
    await learner('run', '--rm', '-v', 'notes:/data', 'busybox', 'sh', '-c', 'echo "remember me" > /data/note.txt');
    await expectCheck('04-volumes', 2, true, /notes holds note.txt: "remember me"/);
    // The check's own container is gone.
    assert.equal((await learner('ps', '-aq', '--filter', 'label=quai.play.check')).trim(), '');
  });

  test('05: a network, two containers on it, one reaching the other by name', async () => {
    await expectCheck('05-networks', 0, false, /No network named labnet/);
    await learner('network', 'create', 'labnet');
    await expectCheck('05-networks', 0, true, /labnet exists/);
    await expectCheck('05-networks', 1, false, /Not running on labnet: db, app/);
    await learner('run', '-d', '--name', 'db', '--network', 'labnet', 'busybox', 'sleep', '3600');
    await learner('run', '-d', '--name', 'app', '--network', 'labnet', 'busybox', 'sleep', '3600');
    await expectCheck('05-networks', 1, true, /db and app run on labnet/);
    await expectCheck('05-networks', 2, true, /app reaches db by its name/);
    await learner('rm', '-f', 'db');
    await expectCheck('05-networks', 2, false, /must run on labnet/);
    await learner('rm', '-f', 'app');
  });

  test('06: build, run, tag (the push needs a hub: checked not pushed)', async () => {
    await expectCheck('06-build-push', 1, false, /No image hello:1/);
    const { spawnSync } = await import('node:child_process');
    const dir = spawnSync('mktemp', ['-d']).stdout.toString().trim();
    spawnSync('sh', ['-c', `cd ${dir} && echo 'Hello from my own image' > message.txt && printf 'FROM busybox\\nCOPY message.txt /message.txt\\nCMD ["cat", "/message.txt"]\\n' > Dockerfile`]);
    await learner('build', '-t', 'hello:1', dir);
    spawnSync('rm', ['-rf', dir]);
    await expectCheck('06-build-push', 1, true, /hello:1 is built: 2 layers/);
    await expectCheck('06-build-push', 2, false, /No container of hello:1 ran yet/);
    assert.equal((await learner('run', '--rm', 'hello:1')).trim(), 'Hello from my own image');
    await expectCheck('06-build-push', 2, true, /A container of hello:1 ran/);
    await expectCheck('06-build-push', 3, false, /No image YOUR_NAME\/hello:1 yet/);
    await learner('tag', 'hello:1', 'alice/hello:1');
    await expectCheck('06-build-push', 3, false, /alice\/hello:1 is tagged but not pushed yet/);
  });
});
