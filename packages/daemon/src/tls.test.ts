import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTcpListeners, tlsSettings } from './tls.js';

test('TLS flags combine as dockerd\'s: --tlsverify implies --tls, --tls implies verification unless --tlsverify=false', () => {
  assert.deepEqual(pick(tlsSettings({}, {})), { enabled: false, verify: false, explicit: false });
  assert.deepEqual(pick(tlsSettings({ tlsverify: true }, {})), { enabled: true, verify: true, explicit: true });
  assert.deepEqual(pick(tlsSettings({ tls: true }, {})), { enabled: true, verify: true, explicit: true });
  assert.deepEqual(pick(tlsSettings({ tlsverify: false }, {})), { enabled: true, verify: false, explicit: true });
  assert.deepEqual(pick(tlsSettings({ tls: false }, {})), { enabled: false, verify: false, explicit: true });
  assert.deepEqual(pick(tlsSettings({}, { DOCKER_TLS_VERIFY: '1' })), { enabled: true, verify: true, explicit: false });
  const s = tlsSettings({ tlscert: '/x/cert.pem' }, { DOCKER_CERT_PATH: '/certs' });
  assert.deepEqual([s.caFile, s.certFile, s.keyFile], ['/certs/ca.pem', '/x/cert.pem', '/certs/key.pem']);
});

test('an unauthenticated TCP listener is refused off loopback unless TLS was turned off explicitly', () => {
  const none = tlsSettings({}, {});
  assert.throws(() => checkTcpListeners(['tcp://0.0.0.0:2375'], none), /insecure and gives root access[\s\S]*'--tls=false'/);
  assert.throws(() => checkTcpListeners(['tcp://[::]:2375'], none), /Refusing to listen on tcp:\/\/\[::\]:2375/);
  assert.equal(checkTcpListeners(['tcp://10.1.2.3:2375'], tlsSettings({ tls: true, tlsverify: false }, {})).length, 1);
  assert.equal(checkTcpListeners(['tcp://127.0.0.1:2375', 'tcp://localhost:1', 'tcp://[::1]:2', 'unix:///run/q.sock'], none).length, 3);
  assert.equal(checkTcpListeners(['tcp://0.0.0.0:2375'], tlsSettings({ tls: false }, {})).length, 1);
  assert.equal(checkTcpListeners(['tcp://0.0.0.0:2376'], tlsSettings({ tlsverify: true }, {})).length, 0);
});

function pick(s: ReturnType<typeof tlsSettings>) {
  return { enabled: s.enabled, verify: s.verify, explicit: s.explicit };
}
