import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeRegistryAuth, parseChallenge } from './auth.js';
import { domainOfServerAddress, endpointFor, isInsecure } from './endpoint.js';
import { choosePlatform } from '../images/pull.js';

describe('parseChallenge', () => {
  it('reads Bearer parameters, quoted or not', () => {
    assert.deepEqual(parseChallenge('Bearer realm="http://h/token",service="h",scope="repository:a/b:pull,push"'),
      { scheme: 'bearer', params: { realm: 'http://h/token', service: 'h', scope: 'repository:a/b:pull,push' } });
    assert.deepEqual(parseChallenge('Basic realm=registry'), { scheme: 'basic', params: { realm: 'registry' } });
    assert.equal(parseChallenge(null), undefined);
  });
});

describe('decodeRegistryAuth', () => {
  it('decodes base64url and base64 JSON, ignores garbage', () => {
    const json = JSON.stringify({ username: 'alice', password: 'p?>>', serveraddress: 'x' });
    assert.deepEqual(decodeRegistryAuth(Buffer.from(json).toString('base64url')), { username: 'alice', password: 'p?>>', identityToken: undefined, registryToken: undefined });
    assert.equal(decodeRegistryAuth(Buffer.from(json).toString('base64')).password, 'p?>>');
    assert.equal(decodeRegistryAuth(Buffer.from('{"identitytoken":"t"}').toString('base64')).identityToken, 't');
    assert.deepEqual(decodeRegistryAuth('%%%'), {});
  });
});

describe('endpointFor', () => {
  it('sends docker.io to the mirror, loopback and insecure hosts over http', () => {
    assert.deepEqual(endpointFor('docker.io', { mirrors: ['http://127.0.0.1:5000/'] }), { baseUrl: 'http://127.0.0.1:5000', authKey: 'docker.io' });
    assert.equal(endpointFor('docker.io', {}).baseUrl, 'https://registry-1.docker.io');
    assert.equal(endpointFor('127.0.0.1:5000', {}).baseUrl, 'http://127.0.0.1:5000');
    assert.equal(endpointFor('localhost:5000', {}).baseUrl, 'http://localhost:5000');
    assert.equal(endpointFor('reg.example:5000', {}).baseUrl, 'https://reg.example:5000');
    assert.equal(endpointFor('reg.example:5000', { insecure: ['reg.example:5000'] }).baseUrl, 'http://reg.example:5000');
    assert.equal(isInsecure('10.1.2.3:5000', { insecure: ['10.0.0.0/8'] }), true);
    assert.equal(isInsecure('11.1.2.3:5000', { insecure: ['10.0.0.0/8'] }), false);
  });

  it('maps login server addresses to registry domains', () => {
    assert.equal(domainOfServerAddress('https://index.docker.io/v1/'), 'docker.io');
    assert.equal(domainOfServerAddress(''), 'docker.io');
    assert.equal(domainOfServerAddress('127.0.0.1:5000'), '127.0.0.1:5000');
    assert.equal(domainOfServerAddress('http://127.0.0.1:5000/'), '127.0.0.1:5000');
  });
});

describe('choosePlatform', () => {
  const m = (os: string, architecture: string, variant?: string) => ({ mediaType: 'm', digest: `${os}/${architecture}/${variant ?? ''}`, size: 1, platform: { os, architecture, variant } });
  const list = [m('linux', 'arm64', 'v8'), m('linux', 'amd64'), m('unknown', 'unknown')];
  it('picks the requested platform, else the host one', () => {
    assert.equal(choosePlatform(list, 'linux/arm64')?.digest, 'linux/arm64/v8');
    assert.equal(choosePlatform(list, 'linux/amd64')?.digest, 'linux/amd64/');
    assert.equal(choosePlatform(list, 'linux/s390x'), undefined);
  });
});
