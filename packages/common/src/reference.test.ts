import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseReference, parseNormalizedNamed, familiarString, canonicalString } from './reference.js';

test('a bare name is an official image on docker.io with tag latest', () => {
  const ref = parseNormalizedNamed('busybox');
  assert.deepEqual(ref, { domain: 'docker.io', path: 'library/busybox', tag: 'latest', digest: undefined });
  assert.equal(canonicalString(ref), 'docker.io/library/busybox:latest');
  assert.equal(familiarString(ref), 'busybox:latest');
});

test('user repositories keep their namespace', () => {
  assert.equal(familiarString(parseNormalizedNamed('alice/app:1')), 'alice/app:1');
  assert.equal(canonicalString(parseNormalizedNamed('alice/app:1')), 'docker.io/alice/app:1');
});

test('registry hosts with ports, localhost and digests', () => {
  const ref = parseReference('127.0.0.1:5000/alice/bb:1');
  assert.equal(ref.domain, '127.0.0.1:5000');
  assert.equal(ref.path, 'alice/bb');
  assert.equal(ref.tag, '1');
  assert.equal(parseReference('localhost/x').domain, 'localhost');
  const digest = 'sha256:' + 'a'.repeat(64);
  const byDigest = parseReference(`busybox@${digest}`);
  assert.equal(byDigest.digest, digest);
  assert.equal(byDigest.tag, undefined);
  assert.equal(familiarString(byDigest), `busybox@${digest}`);
});

test('invalid references are refused with Docker wording', () => {
  for (const bad of ['bad::ref', 'Upper', 'a/../b', '', 'x:', ':tag', 'busybox@sha256:xyz']) {
    assert.throws(() => parseReference(bad), /invalid reference format/, bad);
  }
});
