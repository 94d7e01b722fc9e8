import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { clientAddress } from './credentials.js';

const request = (peer: string, forwarded?: string) =>
  ({ socket: { remoteAddress: peer }, headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded } }) as unknown as IncomingMessage;

describe('the client address the login guard counts', () => {
  it('is the TCP peer, whatever X-Forwarded-For a client writes', () => {
    assert.equal(clientAddress(request('203.0.113.7', '198.51.100.1')), '203.0.113.7');
    assert.equal(clientAddress(request('203.0.113.7', '198.51.100.1'), ['127.0.0.1']), '203.0.113.7');
  });

  it('is what a trusted proxy added last, not what the client wrote before it', () => {
    assert.equal(clientAddress(request('127.0.0.1', '198.51.100.1, 203.0.113.7'), ['127.0.0.1']), '203.0.113.7');
    assert.equal(clientAddress(request('::ffff:127.0.0.1', '203.0.113.7'), ['127.0.0.1']), '203.0.113.7');
    assert.equal(clientAddress(request('127.0.0.1'), ['127.0.0.1']), '127.0.0.1');
  });
});
