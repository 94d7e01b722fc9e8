// docker-py (Debian's python3-docker) against a private daemon: what a Python
// user of the SDK does first, each answer checked as the SDK hands it back.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { requireBinary } from '@quai/testkit';
import { useDaemon } from '../docker-cli/setup.mjs';

const ctx = useDaemon();
/** Debian's interpreter, with Debian's docker-py (python3-docker), whatever else is on PATH. */
const PYTHON = '/usr/bin/python3';

/** Runs a Python program with docker-py bound to the private daemon; its stdout is one JSON document. */
function python(program) {
  requireBinary(PYTHON);
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, ['-c', program], {
      env: { ...process.env, DOCKER_HOST: ctx.daemon.dockerHost },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => { stdout += c; });
    child.stderr.on('data', (c) => { stderr += c; });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${PYTHON} exited ${code}\n${stderr}`));
      else resolve(JSON.parse(stdout));
    });
  });
}

const PRELUDE = `
import io, json, docker
client = docker.from_env(timeout=60)
out = {}
`;

test('docker-py: version, info, run, exec, logs, volumes, networks, build, df', async () => {
  const r = await python(`${PRELUDE}
out['version'] = client.version()['ApiVersion']
out['images_in_info'] = client.info()['Images']
out['run'] = client.containers.run('busybox', ['echo', 'hi from python'], remove=True).decode()
c = client.containers.run('busybox', ['sh', '-c', 'echo started; sleep 300'], detach=True, name='py-sleeper')
out['exec'] = c.exec_run(['sh', '-c', 'echo $((6*7))']).output.decode()
out['exec_code'] = c.exec_run(['sh', '-c', 'exit 3']).exit_code
c.reload()
out['status'] = c.status
out['logs'] = c.logs().decode()
out['listed'] = [x.name for x in client.containers.list()]
c.stop(timeout=1)
c.reload()
out['stopped'] = c.status
c.remove()
v = client.volumes.create('py-vol')
client.containers.run('busybox', ['sh', '-c', 'echo kept > /data/f'], volumes={'py-vol': {'bind': '/data', 'mode': 'rw'}}, remove=True)
out['volume'] = client.containers.run('busybox', ['cat', '/data/f'], volumes={'py-vol': {'bind': '/data', 'mode': 'ro'}}, remove=True).decode()
v.remove()
n = client.networks.create('py-net')
server = client.containers.run('busybox', ['sleep', '300'], detach=True, name='py-server', network='py-net')
out['dns'] = client.containers.run('busybox', ['ping', '-c', '1', '-W', '2', 'py-server'], network='py-net', remove=True).decode()
server.remove(force=True)
n.remove()
image, logs = client.images.build(fileobj=io.BytesIO(b'FROM busybox\\nRUN echo built > /built\\nCMD ["cat", "/built"]\\n'), tag='py-built:1', rm=True)
out['build_tags'] = image.tags
out['built_run'] = client.containers.run('py-built:1', remove=True).decode()
out['df_images'] = sorted(i['RepoTags'][0] for i in client.df()['Images'] if i['RepoTags'])
client.images.remove('py-built:1')
out['after_remove'] = [t for i in client.images.list() for t in i.tags]
try:
    client.containers.get('no-such-container')
except docker.errors.NotFound as e:
    out['not_found'] = e.explanation
try:
    client.swarm.init()
except docker.errors.APIError as e:
    out['swarm'] = e.status_code
print(json.dumps(out))
`);
  assert.match(r.version, /^1\.\d+$/);
  assert.ok(r.images_in_info >= 1);
  assert.equal(r.run, 'hi from python\n');
  assert.equal(r.exec, '42\n');
  assert.equal(r.exec_code, 3);
  assert.equal(r.status, 'running');
  assert.equal(r.logs, 'started\n');
  assert.ok(r.listed.includes('py-sleeper'));
  assert.equal(r.stopped, 'exited');
  assert.equal(r.volume, 'kept\n');
  assert.match(r.dns, /1 packets received/);
  assert.deepEqual(r.build_tags, ['py-built:1']);
  assert.equal(r.built_run, 'built\n');
  assert.ok(r.df_images.includes('py-built:1'), JSON.stringify(r.df_images));
  assert.ok(!r.after_remove.includes('py-built:1'));
  assert.match(r.not_found, /No such container: no-such-container/);
  assert.equal(r.swarm, 503);
});
