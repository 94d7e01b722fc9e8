import { test } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { buildAnswer, buildQuery, parseQuery, RCODE_NXDOMAIN, TYPE_AAAA } from './dns-packet.js';
import { DnsServer } from './dns-server.js';

test('a query parses and its answer carries the A records', () => {
  const query = buildQuery(0x1234, 'Web.');
  const q = parseQuery(query)!;
  assert.equal(q.name, 'web');
  assert.equal(q.type, 1);
  const answer = buildAnswer(query, q, ['172.18.0.2', '172.18.0.3']);
  assert.equal(answer.readUInt16BE(0), 0x1234);
  assert.equal(answer.readUInt16BE(2) & 0x8000, 0x8000);
  assert.equal(answer.readUInt16BE(6), 2);
  assert.deepEqual([...answer.subarray(answer.length - 4)], [172, 18, 0, 3]);
  const nx = buildAnswer(query, q, [], RCODE_NXDOMAIN);
  assert.equal(nx.readUInt16BE(2) & 0xf, RCODE_NXDOMAIN);
});

test('malformed packets and responses are ignored', () => {
  assert.equal(parseQuery(Buffer.alloc(5)), undefined);
  const response = buildQuery(1, 'x');
  response.writeUInt16BE(0x8000, 2);
  assert.equal(parseQuery(response), undefined);
  const truncated = buildQuery(1, 'example.com').subarray(0, 16);
  assert.equal(parseQuery(truncated), undefined);
});

/** One query to a server on loopback; the reply. */
async function ask(server: DnsServer, name: string, type = 1): Promise<Buffer> {
  const port = (server as unknown as { socket: dgram.Socket }).socket.address().port;
  const client = dgram.createSocket('udp4');
  const reply = await new Promise<Buffer>((resolve) => {
    client.once('message', resolve);
    client.send(buildQuery(7, name, type), port, '127.0.0.1');
  });
  client.close();
  return reply;
}

test('the server answers the names it holds, over UDP on loopback: A and AAAA apart', async () => {
  const server = new DnsServer('127.0.0.1', { port: 0 });
  await server.start();
  server.add(['web', 'alias1'], '10.0.0.5');
  server.add(['web', 'alias1'], 'fd00:77::5');
  try {
    const a = await ask(server, 'ALIAS1');
    assert.equal(a.readUInt16BE(0), 7);
    assert.equal(a.readUInt16BE(6), 1);
    assert.deepEqual([...a.subarray(a.length - 4)], [10, 0, 0, 5]);
    const aaaa = await ask(server, 'web', TYPE_AAAA);
    assert.equal(aaaa.readUInt16BE(6), 1);
    assert.equal(aaaa.readUInt16BE(aaaa.length - 18), 16, 'RDLENGTH of an AAAA record');
    assert.deepEqual([...aaaa.subarray(aaaa.length - 16)], [0xfd, 0, 0, 0x77, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5]);
  } finally {
    server.close();
  }
});

test('a server answers the names of the asker\'s other networks when its scope says so', async () => {
  const other = new DnsServer('127.0.0.1', { port: 0 });
  other.add(['db'], '10.0.1.7');
  const server: DnsServer = new DnsServer('127.0.0.1', { port: 0, scope: (client): DnsServer[] => (client === '127.0.0.1' ? [server, other] : [server]) });
  await server.start();
  try {
    const reply = await ask(server, 'db');
    assert.equal(reply.readUInt16BE(6), 1);
    assert.deepEqual([...reply.subarray(reply.length - 4)], [10, 0, 1, 7]);
  } finally {
    server.close();
  }
});
