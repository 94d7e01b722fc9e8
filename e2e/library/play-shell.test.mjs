// The playground's shell image (library/play-shell) as an instance uses it:
// bound to an engine namespace's socket directory, its docker CLI, quai CLI
// and compose drive that namespace, and nothing else.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { apiRequest, libraryArchive, loadImage, socketOf } from '@quai/testkit';
import { out, useDaemon } from '../docker-cli/setup.mjs';

describe('play-shell', () => {
  // Registered first: runs while the daemon still answers.
  after(async () => {
    await apiRequest(socketOf(ctx.daemon.dockerHost), { method: 'DELETE', path: `/quai/namespaces/${NS}` });
  });
  const ctx = useDaemon();
  const NS = 'shellcheck';
  let nsSocket;

  before(async () => {
    await loadImage(ctx.daemon.dockerHost, libraryArchive('play-shell'));
    const res = await apiRequest(socketOf(ctx.daemon.dockerHost), {
      method: 'POST', path: '/quai/namespaces', body: JSON.stringify({ Name: NS, Policy: 'playground' }),
      headers: { 'Content-Type': 'application/json' },
    });
    assert.equal(res.status, 201, res.body);
    nsSocket = res.json().Socket;
    await loadImage(`unix://${nsSocket}`, libraryArchive('busybox'));
  }, { timeout: 180_000 });


  /** Runs a shell command in a play-shell container bound to the namespace, as an instance is. */
  function inShell(command) {
    const dir = nsSocket.replace(/\/docker\.sock$/, '');
    return out(['run', '--rm', '-v', `${dir}:/var/run/quai:ro`, '--hostname', 'node1', 'play-shell', 'bash', '-lc', command]);
  }

  test('play-shell: the docker CLI inside talks to its namespace (client and server), runs a container there', { timeout: 120_000 }, async () => {
    const version = await inShell("docker version --format '{{.Client.Version}} / {{.Server.Version}}'");
    assert.match(version, /^20\.10\.\d+\S* \/ \S+$/);
    assert.equal(await inShell('docker run --rm busybox echo hello from node1'), 'hello from node1');
    // The namespace sees the container's image; the default namespace's images are not there.
    assert.deepEqual((await inShell("docker images --format '{{.Repository}}'")).split('\n'), ['busybox']);
  });

  test('play-shell: quai CLI and compose (docker compose, docker-compose) are there', { timeout: 120_000 }, async () => {
    assert.match(await inShell('quai version --format "{{.Server.Version}}"'), /\S/);
    assert.match(await inShell('docker compose version'), /compose/i);
    const project = [
      'mkdir -p /root/app && cd /root/app',
      "printf 'services:\\n  hello:\\n    image: busybox\\n    command: echo composed\\n' > compose.yaml",
      'docker compose up 2>/dev/null | grep -o composed | head -1',
      'docker-compose down >/dev/null 2>&1; echo down',
    ].join(' && ');
    assert.equal(await inShell(project), 'composed\ndown');
    assert.equal(await inShell('echo $DOCKER_HOST; hostname; pwd'), 'unix:///var/run/quai/docker.sock\nnode1\n/root');
  });
});
