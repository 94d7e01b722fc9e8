// Admission by memory (issue 13): a playground whose host has less memory
// available than --min-free-memory takes no new session, and says why in
// the learner's language, with a Retry-After as when it is full.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { apiRequest } from '@quai/testkit';
import { call, shellSocket, usePlayground } from './setup.mjs';

describe('playground admission by memory', () => {
  // More than any machine here has: every new session is refused.
  const ctx = usePlayground({ args: ['--min-free-memory', '100000g', '--warm-pool', '0'] });

  test('a new session gets 503 with Retry-After and the memory figures, in English and in French', async () => {
    const available = Number(/^MemAvailable:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'))[1]);
    const en = await call(ctx, 'POST', '/api/sessions', { body: {} });
    assert.equal(en.status, 503, en.text);
    assert.equal(en.headers.get('retry-after'), '30');
    assert.match(en.json.message, /short of memory right now \(\d+ MiB available, 102400000 MiB needed for more\)\. Try again in 30 seconds/);
    const shown = Number(/\((\d+) MiB available/.exec(en.json.message)[1]);
    assert.ok(Math.abs(shown - available / 1024) < 512, `${shown} MiB shown, ${available} kB available`);
    const fr = await call(ctx, 'POST', '/api/sessions', { body: {}, headers: { 'Accept-Language': 'fr' } });
    assert.equal(fr.status, 503);
    assert.match(fr.json.message, /manque de mémoire.*Réessayez dans 30 secondes/);
    // Nothing was made for the refused sessions: no session network beside the engine's own.
    const networks = (await apiRequest(shellSocket(ctx), { path: '/networks' })).json().map((n) => n.Name);
    assert.deepEqual(networks.filter((n) => n.startsWith('session-')), []);
  });
});
