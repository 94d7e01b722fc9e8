import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPlatform, parsePlatform, platformMatches } from './platform.js';

test('platforms are read and normalised as containerd does', () => {
  assert.equal(formatPlatform(parsePlatform('linux/arm64')), 'linux/arm64');
  assert.equal(formatPlatform(parsePlatform('linux/arm64/v8')), 'linux/arm64');
  assert.equal(formatPlatform(parsePlatform('linux/aarch64')), 'linux/arm64');
  assert.equal(formatPlatform(parsePlatform('Linux/x86_64')), 'linux/amd64');
  assert.equal(formatPlatform(parsePlatform('arm64')), 'linux/arm64');
  assert.equal(formatPlatform(parsePlatform('linux/arm')), 'linux/arm/v7');
  assert.throws(() => parsePlatform('nonsense'), /"nonsense": unknown operating system or architecture: invalid argument/);
  assert.throws(() => parsePlatform('a/b/c/d'), /unknown operating system or architecture/);
});

test('an image fits a platform of its os and architecture; without a variant, any variant', () => {
  const amd64 = { os: 'linux', architecture: 'amd64' };
  assert.ok(platformMatches(parsePlatform('linux/amd64'), amd64));
  assert.ok(!platformMatches(parsePlatform('linux/arm64'), amd64));
  assert.ok(!platformMatches(parsePlatform('windows/amd64'), amd64));
  assert.ok(platformMatches(parsePlatform('linux/arm/v6'), { os: 'linux', architecture: 'arm' }));
  assert.ok(!platformMatches(parsePlatform('linux/arm/v6'), { os: 'linux', architecture: 'arm', variant: 'v7' }));
  assert.ok(platformMatches(parsePlatform('linux/arm64/v8'), { os: 'linux', architecture: 'arm64', variant: 'v8' }));
});
