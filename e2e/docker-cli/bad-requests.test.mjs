// Issue 10's reproductions of bad input: wrong types and values Docker
// refuses get a 400 in Docker's words (never a 201 that breaks others, never
// a 500 with a JavaScript error), and the daemon keeps serving everyone.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { test } from 'node:test';
import { apiRequest } from '@quai/testkit';
import { fails, isDocker, ok, out, removeAfter, useDaemon } from './setup.mjs';

const ctx = useDaemon();
const api = (method, path, body, headers) => apiRequest(ctx.daemon.socket, { method, path, body: typeof body === 'string' || body === undefined ? body : JSON.stringify(body), headers });

/** The daemon's answer to a create with this body, sent in pieces until an answer comes (a 413 comes before the end). */
function rawExchange(body) {
  return new Promise((resolve) => {
    let answer = '';
    const s = connect(ctx.daemon.socket, async () => {
      s.write(`POST /containers/create HTTP/1.1\r\nHost: quai\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`);
      for (let at = 0; at < body.length && !answer && !s.destroyed; at += 65536) {
        if (!s.write(body.slice(at, at + 65536))) await new Promise((r) => { s.once('drain', r); s.once('close', r); });
      }
    });
    s.on('data', (c) => { answer += c; });
    s.on('error', () => {}); // the daemon may close while the rest is still being written
    s.on('close', () => resolve(answer));
    s.setTimeout(10_000, () => s.destroy());
  });
}

async function refused(method, path, body, message) {
  const res = await api(method, path, body);
  assert.equal(res.status, 400, `${method} ${path} ${JSON.stringify(body)?.slice(0, 200)} → ${res.status} ${res.body}`);
  if (message) assert.match(res.json().message, message);
  return res.json().message;
}

test('a create with {"Labels":{"a":1}} is refused, and docker ps keeps working for everyone', async (t) => {
  removeAfter(t, 'badlabels');
  const message = await refused('POST', '/containers/create?name=badlabels', { Image: 'busybox', Labels: { a: 1 } });
  if (!isDocker) assert.equal(message, 'invalid JSON: json: cannot unmarshal number into Go struct field CreateRequest.Config.Labels of type string');
  await ok(['ps', '-a']);
  await fails(['inspect', 'badlabels'], { stderr: /No such (object|container)/ });
});

test('wrong JSON kinds anywhere in a create are 400s, none a 500', async () => {
  const cases = [
    [{ Image: 'busybox', HostConfig: 'str' }, /cannot unmarshal string into Go struct field \w+\.HostConfig of type container\.HostConfig/],
    [{ Image: 'busybox', HostConfig: { Memory: 'abc' } }, /cannot unmarshal string into Go struct field .*Memory of type int64/],
    [{ Image: 'busybox', Cmd: 5 }, /cannot unmarshal number into Go value of type string/],
    [{ Image: 'busybox', HostConfig: { CapAdd: 7 } }, /cannot unmarshal number/],
    [{ Image: 'busybox', HostConfig: { Binds: 'x' } }, /cannot unmarshal string .*Binds of type \[\]string/],
    [{ Image: 'busybox', Env: [1] }, /cannot unmarshal number .*Env of type string/],
    [{ Image: 'busybox', HostConfig: { PortBindings: { '80/tcp': 'x' } } }, /cannot unmarshal string .*PortBindings of type \[\]nat\.PortBinding/],
    [{ Image: 'busybox', NetworkingConfig: { EndpointsConfig: [] } }, /cannot unmarshal array .*EndpointsConfig of type map/],
    [{ Image: 'busybox', HostConfig: { RestartPolicy: 'always' } }, /cannot unmarshal string .*RestartPolicy of type container\.RestartPolicy/],
  ];
  for (const [body, message] of cases) await refused('POST', '/containers/create', body, message);
});

test('malformed, truncated, deeply nested and oversized JSON: 400 (413 for size), for commit too', async () => {
  await refused('POST', '/containers/create', '{"Image": "busybox",', /^invalid JSON: unexpected EOF$/);
  await refused('POST', '/containers/create', '{"Image" "busybox"}', /^invalid JSON: invalid character '"' after object key$/);
  await refused('POST', '/containers/create', '{"Image": "busybox"} trailing', /unexpected content after JSON/);
  await refused('POST', '/commit?container=nosuch', '{"Cmd": [', /^invalid JSON: unexpected EOF$/);
  await refused('POST', '/commit?container=nosuch', `${'['.repeat(20_000)}${']'.repeat(20_000)}`, /invalid JSON/);
  await refused('POST', '/containers/create', { Image: 'busybox', Labels: JSON.parse(`${'{"a":'.repeat(200)}1${'}'.repeat(200)}`) }, /invalid JSON/);
  if (!isDocker) assert.match(await rawExchange(JSON.stringify({ Image: 'busybox', Labels: { big: 'x'.repeat(5 * 1024 * 1024) } })), /^HTTP\/1\.1 413 /);
  const wrongType = await api('POST', '/containers/create', '{"Image":"busybox"}', { 'Content-Type': 'text/plain' });
  assert.equal(wrongType.status, 400);
  assert.equal(wrongType.json().message, "unsupported Content-Type header (text/plain): must be 'application/json'");
  await ok(['ps']);
});

test('security options, seccomp profiles, log drivers and restart policies Docker refuses', async () => {
  // (the CLI refuses some of these itself; the daemon must too, for every other client)
  await refused('POST', '/containers/create', { Image: 'busybox', HostConfig: { SecurityOpt: ['bogus'] } }, /^invalid --security-opt 1: "bogus"$/);
  await refused('POST', '/containers/create', { Image: 'busybox', HostConfig: { SecurityOpt: ['nonsense=1'] } }, /^invalid --security-opt 2: "nonsense=1"$/);
  await fails(['run', '--rm', '--security-opt', 'nonsense=1', 'busybox', 'true'], { code: 125, stderr: /invalid --security-opt 2: "nonsense=1"/ });
  // The CLI sends a profile's content; a path or text that is not a profile does not decode.
  await refused('POST', '/containers/create', { Image: 'busybox', HostConfig: { SecurityOpt: ['seccomp=/etc/shadow'] } }, /^Decoding seccomp profile failed: invalid character '\/' looking for beginning of value$/);
  await refused('POST', '/containers/create', { Image: 'busybox', HostConfig: { SecurityOpt: ['seccomp={"defaultAction": ['] } }, /^Decoding seccomp profile failed/);
  await fails(['run', '--rm', '--log-driver', 'nosuchdriver', 'busybox', 'true'], { code: 125, stderr: /logger: no log driver named 'nosuchdriver' is registered/ });
  await fails(['run', '--rm', '--log-opt', 'bogus=1', 'busybox', 'true'], { code: 125, stderr: /unknown log opt 'bogus' for json-file log driver/ });
  await refused('POST', '/containers/create', { Image: 'busybox', HostConfig: { RestartPolicy: { Name: 'sometimes' } } }, /invalid restart policy: unknown policy 'sometimes'/);
  await refused('POST', '/containers/create', { Image: 'busybox', HostConfig: { RestartPolicy: { Name: 'always', MaximumRetryCount: 3 } } }, /maximum retry count can only be used with 'on-failure'/);
  await fails(['run', '--rm', '--cpuset-cpus', '0-9999', 'busybox', 'true'], { code: 125, stderr: /Requested CPUs are not available/ });
});

test('network names like ../x and "a b" are refused; an exec without a command too', { skip: isDocker && 'dockerd accepts any network name' }, async (t) => {
  for (const name of ['../x', 'a b', 'x/y']) {
    await fails(['network', 'create', name], { stderr: new RegExp(`Invalid network name \\(${name.replace(/[./]/g, '\\$&')}\\)`) });
  }
  removeAfter(t, 'execbad');
  await ok(['run', '-d', '--name', 'execbad', 'busybox', 'sleep', '60']);
  await refused('POST', '/containers/execbad/exec', { Cmd: [] }, /^No exec command specified$/);
  await refused('POST', '/containers/execbad/exec', { Cmd: 'ls' }, /cannot unmarshal string .*Cmd of type \[\]string/);
  assert.equal(await out(['exec', 'execbad', 'echo', 'still fine']), 'still fine');
});

test('query parameters of the wrong kind are 400s in Go\'s parsing words', async () => {
  await refused('GET', '/containers/json?limit=abc', undefined, /strconv\.Atoi: parsing "abc": invalid syntax/);
  await refused('GET', '/containers/json?filters=notjson', undefined, /invalid filter/);
  await refused('POST', '/containers/nosuch/stop?t=soon', undefined, /strconv\.Atoi: parsing "soon": invalid syntax/);
});
