// dockerode (Node's Docker SDK) against a private daemon: create/start/attach,
// wait, logs, exec with the modem's demultiplexer, build from a tar stream,
// events, and Docker's errors as dockerode reports them.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import Docker from 'dockerode';
import tar from 'tar-stream';
import { socketOf } from '@quai/testkit';
import { useDaemon } from '../docker-cli/setup.mjs';

const ctx = useDaemon();
const client = () => new Docker({ socketPath: socketOf(ctx.daemon.dockerHost) });

/** Collects a multiplexed stream's stdout and stderr apart, with dockerode's own demuxer. */
function demuxed(docker, stream) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const text = { stdout: '', stderr: '' };
  stdout.on('data', (c) => { text.stdout += c; });
  stderr.on('data', (c) => { text.stderr += c; });
  docker.modem.demuxStream(stream, stdout, stderr);
  return new Promise((resolve, reject) => {
    stream.on('end', () => resolve(text));
    stream.on('error', reject);
  });
}

test('dockerode: create, attach, start, wait, logs, exec, remove', async (t) => {
  const docker = client();
  const c = await docker.createContainer({ Image: 'busybox', name: 'node-sdk', Cmd: ['sh', '-c', 'echo out; echo err >&2; sleep 300'], AttachStdout: true, AttachStderr: true });
  t.after(() => c.remove({ force: true }).catch(() => {}));
  const attached = await c.attach({ stream: true, stdout: true, stderr: true });
  const output = demuxed(docker, attached);
  await c.start();

  const exec = await c.exec({ Cmd: ['sh', '-c', 'echo $((6*7)); echo oops >&2; exit 4'], AttachStdout: true, AttachStderr: true });
  const execOut = await demuxed(docker, await exec.start({ hijack: true, stdin: false }));
  assert.deepEqual(execOut, { stdout: '42\n', stderr: 'oops\n' });
  assert.equal((await exec.inspect()).ExitCode, 4);

  const logs = await c.logs({ stdout: true, stderr: true, follow: false });
  assert.ok(Buffer.isBuffer(logs));
  assert.match(logs.toString(), /out/);

  await c.kill();
  const waited = await c.wait();
  assert.equal(waited.StatusCode, 137);
  assert.deepEqual(await output, { stdout: 'out\n', stderr: 'err\n' });
  const info = await c.inspect();
  assert.equal(info.State.Running, false);
  assert.equal(info.Name, '/node-sdk');
  await c.remove();
  await assert.rejects(c.inspect(), (err) => err.statusCode === 404 && /No such container/.test(err.json?.message ?? err.message));
});

test('dockerode: build from a tar stream, list, events, remove', async (t) => {
  const docker = client();
  const pack = tar.pack();
  pack.entry({ name: 'Dockerfile' }, 'FROM busybox\nCOPY hello.txt /hello.txt\nCMD ["cat", "/hello.txt"]\n');
  pack.entry({ name: 'hello.txt' }, 'hello from dockerode\n');
  pack.finalize();
  const events = await docker.getEvents({ filters: { type: ['image'] } });
  t.after(() => events.destroy());
  const seen = [];
  events.on('data', (c) => { for (const line of c.toString().split('\n').filter(Boolean)) seen.push(JSON.parse(line)); });

  const build = await docker.buildImage(pack, { t: 'node-built:1' });
  const steps = await new Promise((resolve, reject) => docker.modem.followProgress(build, (err, res) => (err ? reject(err) : resolve(res))));
  assert.ok(steps.some((s) => /Successfully tagged node-built:1/.test(s.stream ?? '')), JSON.stringify(steps));
  t.after(() => docker.getImage('node-built:1').remove().catch(() => {}));

  const images = await docker.listImages();
  assert.ok(images.some((i) => i.RepoTags?.includes('node-built:1')));
  const c = await docker.createContainer({ Image: 'node-built:1' });
  await c.start();
  await c.wait();
  assert.match((await c.logs({ stdout: true })).toString(), /hello from dockerode/);
  await c.remove();

  await docker.getImage('node-built:1').remove();
  await new Promise((r) => setTimeout(r, 200));
  assert.ok(seen.some((e) => e.Action === 'untag' || e.Action === 'delete'), JSON.stringify(seen.map((e) => e.Action)));
  await assert.rejects(docker.getImage('node-built:1').inspect(), (err) => err.statusCode === 404);
});
