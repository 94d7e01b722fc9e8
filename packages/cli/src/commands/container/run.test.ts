/**
 * `quai run` against a fake Engine API on a unix socket: create → attach
 * (101 Upgrade, multiplexed frames) → wait → start → exit status.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Duplex } from 'node:stream';
import { encodeFrame } from '@quai/client';
import { runCli } from '../../main.js';

function fakeDaemon(opts: { missingImage?: boolean }) {
  const calls: string[] = [];
  let attached: Duplex | undefined;
  let imagePresent = !opts.missingImage;
  let waitRes: http.ServerResponse | undefined;
  const server = http.createServer((req, res) => {
    const url = req.url ?? '';
    calls.push(`${req.method} ${url.replace(/[0-9a-f]{64}/, 'ID')}`);
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (url.startsWith('/v1.47/containers/create')) {
        if (!imagePresent) {
          res.writeHead(404, { 'Content-Type': 'application/json' });
          return res.end('{"message":"No such image: busybox:latest"}');
        }
        const b = JSON.parse(body);
        assert.equal(b.HostConfig.AutoRemove, true);
        res.writeHead(201, { 'Content-Type': 'application/json' });
        return res.end(JSON.stringify({ Id: 'a'.repeat(64), Warnings: [] }));
      }
      if (url.startsWith('/v1.47/images/create')) {
        imagePresent = true;
        res.writeHead(200);
        return res.end('{"status":"Pulling from library/busybox","id":"latest"}\n{"status":"Status: Downloaded newer image for busybox:latest"}\n');
      }
      if (url.includes('/wait')) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.flushHeaders();
        waitRes = res;
        return;
      }
      if (url.includes('/start')) {
        res.writeHead(204);
        res.end();
        // the "container" writes, exits, and the daemon closes the stream
        attached!.write(Buffer.concat([encodeFrame(1, 'hi\n'), encodeFrame(2, 'oops\n')]));
        setTimeout(() => {
          attached!.end();
          waitRes!.end('{"StatusCode":3}');
        }, 20);
        return;
      }
      res.writeHead(404);
      res.end('{"message":"page not found"}');
    });
  });
  server.on('upgrade', (req, socket) => {
    calls.push(`UPGRADE ${req.url?.replace(/[0-9a-f]{64}/, 'ID')}`);
    socket.write('HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n');
    attached = socket;
  });
  return { server, calls };
}

async function runAgainstFake(argv: string[], opts: { missingImage?: boolean } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'quai-cli-'));
  const sock = join(dir, 'd.sock');
  const { server, calls } = fakeDaemon(opts);
  await new Promise<void>((r) => server.listen(sock, r));
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  try {
    const code = await runCli(['-H', `unix://${sock}`, ...argv], { stdout, stderr, stdin: new PassThrough() });
    return { code, out, err, calls };
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('run attaches before start and exits with the container status', async () => {
  const r = await runAgainstFake(['run', '--rm', 'busybox', 'sh', '-c', 'echo hi']);
  assert.equal(r.out, 'hi\n');
  assert.equal(r.err, 'oops\n');
  assert.equal(r.code, 3);
  assert.deepEqual(r.calls, [
    'POST /v1.47/containers/create',
    'UPGRADE /v1.47/containers/ID/attach?stream=1&stdin=0&stdout=1&stderr=1',
    'POST /v1.47/containers/ID/wait?condition=removed',
    'POST /v1.47/containers/ID/start',
  ]);
});

test('run pulls a missing image and retries the create', async () => {
  const r = await runAgainstFake(['run', '--rm', 'busybox'], { missingImage: true });
  assert.equal(r.code, 3);
  assert.match(r.err, /^Unable to find image 'busybox:latest' locally\nlatest: Pulling from library\/busybox\nStatus: Downloaded newer image for busybox:latest\n/);
  assert.equal(r.calls[1], 'POST /v1.47/images/create?fromImage=busybox&tag=latest');
});

test('daemon errors: run exits 125 with quai: prefix, others 1', async () => {
  const r = await runAgainstFake(['rm', 'x']);
  assert.equal(r.code, 1);
  assert.equal(r.err, 'Error response from daemon: page not found\n');
  const u = await runAgainstFake(['run', '--bogus']);
  assert.equal(u.code, 125);
  assert.match(u.err, /^unknown flag: --bogus\n\nUsage:  quai run \[OPTIONS\] IMAGE \[COMMAND\] \[ARG...\]\n\nRun 'quai run --help' for more information\n$/);
});

test('unreachable daemon', async () => {
  const stderr = new PassThrough();
  let err = '';
  stderr.on('data', (c) => (err += c));
  const code = await runCli(['-H', 'unix:///nonexistent/quai.sock', 'ps'], { stdout: new PassThrough(), stderr, stdin: new PassThrough() });
  assert.equal(code, 1);
  assert.equal(err, 'Cannot connect to the quai daemon at unix:///nonexistent/quai.sock. Is the quai daemon running?\n');
});
