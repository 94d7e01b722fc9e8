// Attach and exec streams as the SDKs drive them (issue 11): raw HTTP on the
// socket, with and without a JSON body, framing chosen by the start request,
// detach keys, bulk stdin, and an exec whose program cannot start.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { apiRequest, demuxFrames, hijackRequest, socketOf } from '@quai/testkit';
import { fails, isDocker, ok, out, removeAfter, useDaemon } from './setup.mjs';

const ctx = useDaemon();
const sock = () => socketOf(ctx.daemon.dockerHost);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// The test dockerd (20.10) speaks 1.41, where the stream's header says raw even when framed.
const V = isDocker ? 'v1.41' : 'v1.47';

async function execCreate(container, config) {
  const r = await apiRequest(sock(), { method: 'POST', path: `/${V}/containers/${container}/exec`, body: JSON.stringify(config) });
  assert.equal(r.status, 201, r.body);
  return r.json().Id;
}

const execInspect = async (id) => (await apiRequest(sock(), { path: `/${V}/exec/${id}/json` })).json();

test('exec start frames by its own Tty: multiplexed when false even for a TTY exec, raw when true', async (t) => {
  removeAfter(t, 'framed');
  await ok(['run', '-d', '--name', 'framed', 'busybox', 'sleep', '300']);
  const cmd = ['sh', '-c', 'echo out; echo err >&2'];

  const ttyExec = await execCreate('framed', { Cmd: cmd, Tty: true, AttachStdout: true, AttachStderr: true });
  const mux = await hijackRequest(sock(), { path: `/${V}/exec/${ttyExec}/start`, body: { Detach: false, Tty: false } });
  assert.equal(mux.status, 101);
  assert.equal(mux.headers['content-type'], isDocker ? 'application/vnd.docker.raw-stream' : 'application/vnd.docker.multiplexed-stream');
  const frames = demuxFrames(await mux.rest);
  // A terminal merges the two streams: all of it arrives as stdout frames.
  assert.equal(frames.map(([, text]) => text).join('').replace(/\r/g, ''), 'out\nerr\n');
  assert.ok(frames.every(([stream]) => stream === 1), JSON.stringify(frames));

  const plainExec = await execCreate('framed', { Cmd: cmd, Tty: false, AttachStdout: true, AttachStderr: true });
  const raw = await hijackRequest(sock(), { path: `/${V}/exec/${plainExec}/start`, body: { Detach: false, Tty: true } });
  assert.equal(raw.headers['content-type'], 'application/vnd.docker.raw-stream');
  // Raw, the stream is stdout alone: the process's stderr is dropped, as dockerd does.
  assert.equal((await raw.rest).toString(), 'out\n');
});

test('exec detach keys: the exec\'s own DetachKeys end the stream, the process runs on', async (t) => {
  removeAfter(t, 'detachable');
  await ok(['run', '-d', '--name', 'detachable', 'busybox', 'sleep', '300']);
  const id = await execCreate('detachable', { Cmd: ['sh', '-c', 'echo ready; sleep 60'], Tty: true, AttachStdin: true, AttachStdout: true, DetachKeys: 'ctrl-x,x' });
  const s = await hijackRequest(sock(), { path: `/${V}/exec/${id}/start`, body: { Detach: false, Tty: true } });
  await s.waitFor('ready');
  s.socket.write('\x18x');
  await s.rest;
  // dockerd 20.10 ended the process too (and wrote an error); since 23 it runs on, as here.
  if (!isDocker) {
    const after = await execInspect(id);
    assert.equal(after.Running, true, 'the exec stopped with its stream');
    assert.ok(after.Pid > 0);
  }
  // The default keys do not detach an exec that named its own.
  const other = await execCreate('detachable', { Cmd: ['sh', '-c', 'echo go; read line; echo "got $line"'], Tty: true, AttachStdin: true, AttachStdout: true, DetachKeys: 'ctrl-x,x' });
  const s2 = await hijackRequest(sock(), { path: `/${V}/exec/${other}/start`, body: { Tty: true } });
  await s2.waitFor('go');
  s2.socket.write('\x10\x11abc\r');
  await s2.waitFor('got');
  s2.socket.end();
  await s2.rest;
});

test('exec of a missing or non-executable program: Docker\'s runc message and 126', async (t) => {
  removeAfter(t, 'noexec');
  await ok(['run', '-d', '--name', 'noexec', 'busybox', 'sleep', '300']);
  // dockerd writes the error into the stream, as stdout.
  const missing = await fails(['exec', 'noexec', 'no-such-binary'], { code: 126 });
  assert.match(missing.stdout, /^OCI runtime exec failed: exec failed: unable to start container process: exec: "no-such-binary": executable file not found in \$PATH: unknown\r?\n$/);
  await fails(['exec', '-t', 'noexec', 'no-such-binary'], { code: 126 });
  assert.match((await fails(['exec', 'noexec', '/etc'], { code: 126 })).stdout, /exec: "\/etc": permission denied/);
  // Raw API: the message is the stream's one stdout frame; detached, it is the HTTP error.
  const id = await execCreate('noexec', { Cmd: ['nope'], AttachStdout: true, AttachStderr: true });
  const s = await hijackRequest(sock(), { path: `/${V}/exec/${id}/start`, body: { Detach: false, Tty: false } });
  assert.deepEqual(demuxFrames(await s.rest), [[1, 'OCI runtime exec failed: exec failed: unable to start container process: exec: "nope": executable file not found in $PATH: unknown\r\n']]);
  assert.equal((await execInspect(id)).ExitCode, 126);
  const detached = await execCreate('noexec', { Cmd: ['nope'] });
  const r = await apiRequest(sock(), { method: 'POST', path: `/${V}/exec/${detached}/start`, body: JSON.stringify({ Detach: true }) });
  assert.equal(r.status, 400, r.body);
  assert.match(r.json().message, /executable file not found in \$PATH/);
  assert.equal((await execInspect(detached)).ExitCode, 126);
  // An unknown user fails the start the same way (dockerd: 126, its message in the stream).
  const user = await fails(['exec', '-u', 'nouser', 'noexec', 'true'], { code: 126 });
  assert.match(user.stdout + user.stderr, /unable to find user nouser: no matching entries in passwd file/);
  // A program that starts and fails is its own exit code, output intact.
  await fails(['exec', 'noexec', 'sh', '-c', 'echo partial; exit 255'], { code: 255 });
});

/** POST /containers/{id}/attach as dockerode sends it: options in the query and as a JSON body. */
function attachLikeDockerode(id) {
  const opts = { stream: true, stdin: true, stdout: true, stderr: true };
  return hijackRequest(sock(), { path: `/${V}/containers/${id}/attach?stream=1&stdin=1&stdout=1&stderr=1`, body: opts });
}

test('attach with a JSON body: the body is not stdin; 5,000 bytes of stdin arrive whole (no TTY)', async (t) => {
  removeAfter(t, 'counter');
  await ok(['run', '-d', '-i', '--name', 'counter', 'busybox', 'sh', '-c', 'echo ready; head -c 5000 > /tmp/in; wc -c < /tmp/in; sleep 60']);
  const s = await attachLikeDockerode('counter');
  assert.equal(s.status, 101);
  const input = randomBytes(2500).toString('hex');
  s.socket.write(input);
  await s.waitFor('5000');
  s.socket.end();
  await s.rest;
  assert.equal(await out(['exec', 'counter', 'cat', '/tmp/in']), input);
});

test('attach with a JSON body to a TTY container: 5,000 bytes arrive whole, none of the body', async (t) => {
  removeAfter(t, 'ttycounter');
  await ok(['run', '-d', '-it', '--name', 'ttycounter', 'busybox', 'sh', '-c', 'stty raw -echo; echo ready; head -c 5000 > /tmp/in; wc -c < /tmp/in; sleep 60']);
  for (let i = 0; i < 50 && !(await ok(['logs', 'ttycounter'])).stdout.includes('ready'); i++) await sleep(100);
  const s = await attachLikeDockerode('ttycounter');
  const input = randomBytes(2500).toString('hex');
  s.socket.write(input);
  await s.waitFor('5000');
  s.socket.end();
  await s.rest;
  assert.equal(await out(['exec', 'ttycounter', 'cat', '/tmp/in']), input);
});
