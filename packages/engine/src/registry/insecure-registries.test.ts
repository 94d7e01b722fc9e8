import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isInsecureHost, parseInsecureRegistries } from './insecure-registries.js';

describe('parseInsecureRegistries', () => {
  it('keeps CIDRs (normalised, loopback first) apart from host:port names', () => {
    assert.deepEqual(parseInsecureRegistries(['127.0.0.1:5000', '10.1.2.3/8', 'reg.example', 'http://reg2.example:5000', 'fd00::1/64']), {
      cidrs: ['::1/128', '127.0.0.0/8', '10.0.0.0/8', 'fd00::/64'],
      hosts: ['127.0.0.1:5000', 'reg.example', 'reg2.example:5000'],
    });
  });

  it('refuses what is neither a CIDR nor a host name, as dockerd does', () => {
    assert.throws(() => parseInsecureRegistries(['ftp://reg.example']), /should not contain '::\/\/'|should not contain ':\/\/'/);
    assert.throws(() => parseInsecureRegistries(['reg example']), /insecure registry reg example is not valid/);
    assert.throws(() => parseInsecureRegistries(['10.0.0.0/99']), /is not valid/);
  });
});

describe('isInsecureHost', () => {
  const insecure = parseInsecureRegistries(['10.0.0.0/8', 'reg.example:5000']);
  it('matches loopback, CIDRs by address and names as written', () => {
    for (const host of ['127.0.0.1:5000', 'localhost:5000', '[::1]:5000', '10.1.2.3:5000', '10.9.9.9', 'reg.example:5000']) {
      assert.equal(isInsecureHost(host, insecure), true, host);
    }
    for (const host of ['11.1.2.3:5000', 'reg.example:5001', 'other.example', '[fd00::1]:5000']) {
      assert.equal(isInsecureHost(host, insecure), false, host);
    }
  });
});
