process.env.TZ = 'UTC'; // CreatedAt and event times print in local time, as Docker's do
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderList } from './list.js';
import { containerContext, displayablePorts, PS_DEFAULT, PS_HEADERS } from './container-context.js';
import { imageContexts, IMAGES_DEFAULT, IMAGE_HEADERS } from './image-context.js';
import { prettyEvent } from '../commands/system/events.js';
import { filtersParam, timestampParam } from '../commands/shared/filters.js';

const now = Date.parse('2026-01-01T00:10:00Z');
const created = Math.floor(Date.parse('2026-01-01T00:08:00Z') / 1000);
const c = {
  Id: 'f8653020a8c24fee4396c11979cf3f53eb4184045ec47417e4b364c5c096b4d5', Names: ['/web'], Image: 'busybox',
  ImageID: 'sha256:c12ffec61d03336480e11226319df50443d460cf41ecabc7e516f28f9d886e02', Command: "sh -c 'echo line1; echo line2'",
  Created: created, Ports: [{ IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' }], Labels: { b: '2', a: '1' },
  State: 'running', Status: 'Up 2 minutes', NetworkSettings: { Networks: { bridge: {} } }, Mounts: [],
};

test('ps default table', () => {
  const out = renderList({ format: '', defaultTable: PS_DEFAULT, headers: PS_HEADERS }, [containerContext(c, true, now)]);
  assert.equal(out,
    'CONTAINER ID   IMAGE     COMMAND                  CREATED         STATUS         PORTS                  NAMES\n' +
    'f8653020a8c2   busybox   "sh -c \'echo line1; …"   2 minutes ago   Up 2 minutes   0.0.0.0:8080->80/tcp   web\n');
});

test('ps -q, --format, table prefix, json', () => {
  const ctx = [containerContext(c, true, now)];
  assert.equal(renderList({ format: '', quiet: true, defaultTable: PS_DEFAULT, headers: PS_HEADERS }, ctx), 'f8653020a8c2\n');
  assert.equal(renderList({ format: '{{.Names}}: {{.Labels}}', defaultTable: PS_DEFAULT, headers: PS_HEADERS }, ctx), 'web: a=1,b=2\n');
  assert.equal(renderList({ format: 'table {{.ID}}\\t{{.State}}', defaultTable: PS_DEFAULT, headers: PS_HEADERS }, ctx), 'CONTAINER ID   STATE\nf8653020a8c2   running\n');
  assert.match(renderList({ format: 'json', defaultTable: PS_DEFAULT, headers: PS_HEADERS }, ctx), /^\{"Command":"\\"sh -c 'echo line1; …\\"","CreatedAt":"2026-01-01 00:08:00 \+0000 UTC","ID":"f8653020a8c2",/);
  assert.throws(() => renderList({ format: '{{.Nope}}', defaultTable: '', headers: {} }, ctx), /can't evaluate field Nope in type \*formatter.ContainerContext/);
});

test('displayable ports group ranges as Docker', () => {
  assert.equal(displayablePorts([{ PrivatePort: 81, Type: 'tcp' }, { PrivatePort: 80, Type: 'tcp' }, { PrivatePort: 53, Type: 'udp' }]), '53/udp, 80-81/tcp');
  assert.equal(displayablePorts([{ IP: '::', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' }]), '[::]:8080->80/tcp');
  assert.equal(displayablePorts([]), '');
});

test('images table, one row per tag, <none> for dangling', () => {
  const img = { Id: c.ImageID, RepoTags: ['busybox:latest', 'me/bb:1'], RepoDigests: [], Created: created, Size: 1984000 };
  const dangling = { Id: 'sha256:' + 'a'.repeat(64), RepoTags: ['<none>:<none>'], Created: created, Size: 10 };
  const rows = [img, dangling].flatMap((i) => imageContexts(i, { trunc: true, digests: false, now }));
  assert.equal(renderList({ format: '', defaultTable: IMAGES_DEFAULT, headers: IMAGE_HEADERS }, rows),
    'REPOSITORY   TAG       IMAGE ID       CREATED         SIZE\n' +
    'busybox      latest    c12ffec61d03   2 minutes ago   1.98MB\n' +
    'me/bb        1         c12ffec61d03   2 minutes ago   1.98MB\n' +
    '<none>       <none>    aaaaaaaaaaaa   2 minutes ago   10B\n');
});

test('events print as Docker', () => {
  const line = prettyEvent({ Type: 'container', Action: 'die', Actor: { ID: 'abc', Attributes: { name: 'x', exitCode: '0' } } }, '1764547200123456789');
  assert.equal(line, '2025-12-01T00:00:00.123456789Z container die abc (exitCode=0, name=x)\n');
});

test('filters and timestamps', () => {
  assert.equal(filtersParam(['status=exited', 'label=a=b', 'status=created']), '{"status":{"exited":true,"created":true},"label":{"a=b":true}}');
  assert.equal(filtersParam([]), undefined);
  assert.equal(timestampParam('10m', 1_000_000_000), String(Math.floor((1_000_000_000 - 600_000) / 1000)));
  assert.equal(timestampParam('1700000000.5'), '1700000000.5');
  assert.equal(timestampParam('2026-01-01T00:00:00Z'), '1767225600');
});
