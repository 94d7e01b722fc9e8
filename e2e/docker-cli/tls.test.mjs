// TLS on the TCP API: the docker CLI over mutual TLS (flags and
// DOCKER_TLS_VERIFY/DOCKER_CERT_PATH), no answer without a client
// certificate, and no unauthenticated TCP listener off loopback.
// Certificates are made here with Debian's openssl; loopback only.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect as netConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { docker, dockerCliPath, isDocker, repoRoot, requireBinary, requireRoot, startDaemon } from '@quai/testkit';

const dir = mkdtempSync('/tmp/quai-test-tls-');
const pki = {
  ca: join(dir, 'ca.pem'), caKey: join(dir, 'ca-key.pem'),
  server: join(dir, 'server.pem'), serverKey: join(dir, 'server-key.pem'),
  client: join(dir, 'cert.pem'), clientKey: join(dir, 'key.pem'),
  rogue: join(dir, 'rogue.pem'), rogueKey: join(dir, 'rogue-key.pem'),
};
let daemon;
let port;

function openssl(...args) {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A CA, a server certificate for 127.0.0.1, a client certificate, and a self-signed one the CA never signed. */
function makeCertificates() {
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
    '-subj', '/CN=quai test CA', '-keyout', pki.caKey, '-out', pki.ca);
  const ext = join(dir, 'server.ext');
  writeFileSync(ext, 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  const clientExt = join(dir, 'client.ext');
  writeFileSync(clientExt, 'extendedKeyUsage=clientAuth\n');
  for (const [cert, key, cn, extFile] of [[pki.server, pki.serverKey, '127.0.0.1', ext], [pki.client, pki.clientKey, 'client', clientExt]]) {
    const csr = `${cert}.csr`;
    openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', `/CN=${cn}`, '-keyout', key, '-out', csr);
    openssl('x509', '-req', '-in', csr, '-CA', pki.ca, '-CAkey', pki.caKey, '-CAcreateserial', '-days', '2', '-extfile', extFile, '-out', cert);
  }
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
    '-subj', '/CN=rogue', '-keyout', pki.rogueKey, '-out', pki.rogue);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port: p } = s.address();
      s.close(() => resolve(p));
    }).on('error', reject);
  });
}

before(async () => {
  requireRoot();
  requireBinary(dockerCliPath);
  requireBinary('openssl');
  makeCertificates();
  port = await freePort();
  daemon = await startDaemon({ args: ['-H', `tcp://127.0.0.1:${port}`, '--tlsverify', '--tlscacert', pki.ca, '--tlscert', pki.server, '--tlskey', pki.serverKey] });
}, { timeout: 60_000 });

after(async () => {
  await daemon?.stop();
  rmSync(dir, { recursive: true, force: true });
}, { timeout: 60_000 });

const tcpHost = () => `tcp://127.0.0.1:${port}`;

test('the docker CLI reaches the API over mutual TLS with --tlsverify and its certificate flags', async () => {
  const r = await docker(['--tlsverify', '--tlscacert', pki.ca, '--tlscert', pki.client, '--tlskey', pki.clientKey, 'version', '--format', '{{.Server.APIVersion}}'], { host: tcpHost() });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout.trim(), /^1\.\d+$/);
});

test('DOCKER_TLS_VERIFY and DOCKER_CERT_PATH work as with dockerd', async () => {
  const certPath = mkdtempSync(join(dir, 'certs-'));
  copyFileSync(pki.ca, join(certPath, 'ca.pem'));
  copyFileSync(pki.client, join(certPath, 'cert.pem'));
  copyFileSync(pki.clientKey, join(certPath, 'key.pem'));
  const r = await docker(['ps', '--format', '{{.ID}}'], { host: tcpHost(), env: { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certPath } });
  assert.equal(r.code, 0, r.stderr);
});

/** Everything the server sent before closing, for a TLS client with the given options. */
function tlsExchange(options) {
  return new Promise((resolve) => {
    let received = '';
    let handshake = false;
    const socket = tlsConnect({ host: '127.0.0.1', port, ca: [readFileSync(pki.ca)], servername: 'localhost', ...options }, () => {
      handshake = true;
      socket.write('GET /_ping HTTP/1.1\r\nHost: quai\r\n\r\n');
    });
    socket.on('data', (c) => { received += c; });
    socket.on('error', () => {});
    socket.on('close', () => resolve({ handshake, received }));
    socket.setTimeout(5000, () => socket.destroy());
  });
}

test('no client certificate, or one the CA did not sign: no answer', async () => {
  const bare = await tlsExchange({});
  assert.equal(bare.received, '', 'a client without a certificate got an answer');
  const rogue = await tlsExchange({ cert: readFileSync(pki.rogue), key: readFileSync(pki.rogueKey) });
  assert.equal(rogue.received, '', 'a client with an unsigned certificate got an answer');
  const good = await tlsExchange({ cert: readFileSync(pki.client), key: readFileSync(pki.clientKey) });
  assert.match(good.received, /^HTTP\/1\.1 200 OK[\s\S]*\r\n\r\nOK$/);
  // The CLI without a client certificate fails too.
  const cli = await docker(['--tls', '--tlscacert', pki.ca, 'version'], { host: tcpHost() });
  assert.notEqual(cli.code, 0);
  assert.doesNotMatch(cli.stdout, /Server:/);
});

test('plain HTTP on the TLS port gets no API answer', async () => {
  const received = await new Promise((resolve) => {
    let data = '';
    const s = netConnect(port, '127.0.0.1', () => s.write('GET /_ping HTTP/1.1\r\nHost: quai\r\n\r\n'));
    s.on('data', (c) => { data += c; });
    s.on('error', () => {});
    s.on('close', () => resolve(data));
    s.setTimeout(5000, () => s.destroy());
  });
  assert.doesNotMatch(received, /\r\n\r\nOK/);
});

test('a TCP listener off loopback without TLS is refused at start, in Docker\'s words', { skip: isDocker && 'dockerd only warns' }, async () => {
  const root = mkdtempSync(join(dir, 'refused-'));
  const child = spawn(process.execPath, [join(repoRoot, 'bin/quai'), 'daemon', '-H', `tcp://0.0.0.0:${await freePort()}`,
    '--data-root', join(root, 'root'), '--exec-root', join(root, 'run'), '--pidfile', join(root, 'pid')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c) => { stderr += c; });
  // Were the refusal missing, the daemon would be listening: stop it at once.
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  const code = await new Promise((resolve) => child.on('exit', resolve));
  clearTimeout(timer);
  assert.equal(code, 1);
  assert.match(stderr, /Binding to IP address without --tlsverify is insecure and gives root access on this machine to everyone who has access to your network/);
  assert.match(stderr, /'--tls=false'/);
});
