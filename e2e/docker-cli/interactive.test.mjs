// Interactive containers, as a person at a terminal: `docker run -it` inside
// tmux (send-keys / capture-pane), resize, exit codes, detach keys, attach,
// start -ai, exec -it, stdin EOF with -i, the WebSocket attach, and clients
// that vanish mid-attach.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { after, test } from 'node:test';
import WebSocket from 'ws';
import { dockerCliPath } from '@quai/testkit';
import { PROMPT, SHELL, terminal } from '../tmux.mjs';
import { docker, isDocker, ok, out, removeAfter, useDaemon } from './setup.mjs';

const ctx = useDaemon();
const sha256 = (data) => createHash('sha256').update(data).digest('hex');
const term = terminal(() => ctx.daemon.dockerHost);
const { tmux, screen, keys, type, fresh, waitScreen } = term;

/** Each case types into a fresh screen: its marks are unique. */
let mark = 0;
const next = (what) => `${what}-${++mark}`;

after(() => term.close());

test('echo hi | docker run -i --rm busybox cat: stdin EOF reaches the container', async () => {
  const r = await ok(['run', '-i', '--rm', 'busybox', 'cat'], { input: 'hi\n', timeoutMs: 20_000 });
  assert.equal(r.stdout, 'hi\n');
});

test('docker run -i carries 8 MiB of binary stdin (detach keys included) byte for byte, out again the same', async () => {
  // Random bytes hold ctrl-p ctrl-q pairs: without a TTY they are data, as on Docker.
  const input = Buffer.concat([randomBytes(8 << 20), Buffer.from([0x10, 0x11, 0x10, 0x11])]);
  const r = await ok(['run', '-i', '--rm', 'busybox', 'cat'], { input, timeoutMs: 60_000 });
  assert.equal(r.stdoutBuffer.length, input.length);
  assert.equal(sha256(r.stdoutBuffer), sha256(input));
});

test('docker run -it: prompt, arithmetic, stty size follows a resize, exit code', async () => {
  fresh(`${dockerCliPath} run -it --rm busybox sh`);
  await waitScreen(PROMPT);
  type('echo $((6*7)); stty size');
  await waitScreen(/^42\s*\n30 100\s*$/m);
  tmux('resize-window', '-t', 't', '-x', '80', '-y', '24');
  // The CLI sends the new size on SIGWINCH; give it a moment before asking.
  await new Promise((r) => setTimeout(r, 500));
  type('stty size');
  await waitScreen(/^24 80\s*$/m);
  const m = next('rc');
  type('exit 5');
  await waitScreen(SHELL);
  type(`echo ${m}=$?`);
  await waitScreen(new RegExp(`^${m}=5\\s*$`, 'm'));
  tmux('resize-window', '-t', 't', '-x', '100', '-y', '30');
});

test('ctrl-p ctrl-q detaches and the container runs on; attach, exec -it, start -ai', async (t) => {
  removeAfter(t, 'itbox');
  fresh(`${dockerCliPath} run -it --name itbox busybox sh`);
  await waitScreen(PROMPT);
  keys('C-p', 'C-q');
  await waitScreen(SHELL);
  assert.equal(await out(['inspect', '-f', '{{.State.Running}}', 'itbox']), 'true');

  fresh(`${dockerCliPath} attach itbox`);
  await new Promise((r) => setTimeout(r, 800));
  const a = next('attached');
  type(`echo ${a}`);
  await waitScreen(new RegExp(`^${a}\\s*$`, 'm'));
  keys('C-p', 'C-q');
  await waitScreen(SHELL);

  fresh(`${dockerCliPath} exec -it itbox sh`);
  await waitScreen(PROMPT);
  const e = next('exec');
  type(`tty; echo ${e}; exit 3`);
  await waitScreen(SHELL);
  assert.match(screen(), /\/dev\/pts\/\d+/);
  type(`echo ${e}=$?`);
  await waitScreen(new RegExp(`^${e}=3\\s*$`, 'm'));

  // Detach keys on exec: the stream ends, the exec'd shell runs on.
  fresh(`${dockerCliPath} exec -it --detach-keys ctrl-x,y itbox sh -c 'echo exec-up; exec sleep 300'`);
  await waitScreen(/^exec-up/m);
  keys('C-x', 'y');
  await waitScreen(SHELL);
  const ps = await out(['exec', 'itbox', 'ps', '-o', 'args']);
  assert.match(ps, /sleep 300/, ps);

  await ok(['stop', '-t', '1', 'itbox']);
  fresh(`${dockerCliPath} start -ai --detach-keys ctrl-a,x itbox`);
  await waitScreen(PROMPT);
  const s = next('started');
  type(`echo ${s}`);
  await waitScreen(new RegExp(`^${s}\\s*$`, 'm'));
  keys('C-a', 'x');
  await waitScreen(SHELL);
  assert.equal(await out(['inspect', '-f', '{{.State.Running}}', 'itbox']), 'true');
});

test('GET /containers/{id}/attach/ws carries stdin and output', { skip: isDocker && 'quai only' }, async (t) => {
  removeAfter(t, 'wsbox');
  await ok(['run', '-dit', '--name', 'wsbox', 'busybox', 'sh']);
  const url = `ws+unix://${ctx.daemon.socket}:/containers/wsbox/attach/ws?stdin=1&stdout=1&stderr=1&stream=1`;
  const ws = new WebSocket(url);
  let text = '';
  ws.on('message', (d) => { text += d.toString(); });
  await new Promise((resolve, reject) => { ws.on('open', resolve); ws.on('error', reject); });
  ws.send('echo ws-$((40+2))\n');
  const end = Date.now() + 5000;
  while (!text.includes('ws-42') && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  assert.match(text, /ws-42/);
  const closed = new Promise((r) => ws.on('close', r));
  ws.send(Buffer.from([0x10, 0x11])); // detach keys end the attach, not the container
  await closed;
  assert.equal(await out(['inspect', '-f', '{{.State.Running}}', 'wsbox']), 'true');
});

test('a client killed mid-attach leaves no helper; mid exec -it, the shell runs on (as Docker) until the container stops', { skip: isDocker && 'quai only' }, async (t) => {
  removeAfter(t, 'gonebox');
  const id = await out(['run', '-dit', '--name', 'gonebox', 'busybox', 'sh']);
  const helpers = () => {
    const pattern = `quai-attach .*(${id}|${ctx.daemon.execRoot}.*console)`;
    try { return execFileSync('pgrep', ['-f', pattern], { encoding: 'utf8' }).trim(); } catch { return ''; }
  };
  for (const cmd of [`attach gonebox`, `exec -it gonebox sh`]) {
    fresh(`${dockerCliPath} ${cmd}`);
    await new Promise((r) => setTimeout(r, 800));
    keys('Enter'); // attach prints nothing until the shell answers
    await waitScreen(PROMPT);
    assert.notEqual(helpers(), '', `a helper runs during ${cmd}`);
    const pane = tmux('display', '-p', '-t', 't', '#{pane_pid}').trim();
    const client = execFileSync('pgrep', ['-P', pane], { encoding: 'utf8' }).trim().split('\n')[0];
    process.kill(Number(client), 'SIGKILL');
    await waitScreen(SHELL);
    if (cmd.startsWith('exec')) break;
    const end = Date.now() + 5000;
    while (helpers() && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    assert.equal(helpers(), '', `no helper left after ${cmd}`);
  }
  assert.equal(await out(['inspect', '-f', '{{.State.Running}}', 'gonebox']), 'true');
  const r = await docker(['exec', 'gonebox', 'ps', '-o', 'args'], { timeoutMs: 10_000 });
  assert.equal(r.stdout.split('\n').filter((l) => l.trim() === 'sh').length, 2, r.stdout); // the container's and the exec's
  await ok(['stop', '-t', '1', 'gonebox']);
  const end = Date.now() + 5000;
  while (helpers() && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  assert.equal(helpers(), '', 'no helper left once the container stopped');
});
