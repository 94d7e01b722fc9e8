// testcontainers (Node) against a private daemon, as a test suite uses it:
// start a container with a wait strategy, copy files in (always to '/'),
// exec, read a mapped port, stop. Its resource reaper (ryuk) needs Docker
// Hub's image: it is off, and the test removes what it started.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useDaemon } from '../docker-cli/setup.mjs';

const ctx = useDaemon();

test('testcontainers: GenericContainer with a log wait, copyFilesToContainer, exec, a mapped port', { timeout: 120_000 }, async () => {
  process.env.DOCKER_HOST = ctx.daemon.dockerHost;
  process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';
  process.env.TESTCONTAINERS_HOST_OVERRIDE = '127.0.0.1';
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer('busybox')
    .withCommand(['sh', '-c', 'mkdir -p /www && echo page > /www/index.html && echo ready && httpd -f -p 8080 -h /www'])
    .withExposedPorts(8080)
    .withCopyContentToContainer([{ content: 'copied in\n', target: '/copied.txt' }])
    .withWaitStrategy(Wait.forLogMessage('ready'))
    .start();
  try {
    const cat = await container.exec(['cat', '/copied.txt']);
    assert.equal(cat.exitCode, 0);
    assert.equal(cat.output, 'copied in\n');
    const port = container.getMappedPort(8080);
    assert.ok(port > 0);
    const res = await fetch(`http://127.0.0.1:${port}/index.html`);
    assert.equal(await res.text(), 'page\n');
  } finally {
    await container.stop({ timeout: 1 });
  }
});
