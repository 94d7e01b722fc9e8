// Breaking out of a playground instance (issue 13): everything a learner
// may type in the terminal to reach the host, the host's engine or another
// session is refused with a message that names what was refused, and none
// of it reaches the host.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, test } from 'node:test';
import { apiRequest } from '@quai/testkit';
import { addInstance, closeSession, loadBusyboxInto, namespaceOf, newSession, openTerminal, usePlayground } from './setup.mjs';

describe('playground escapes', () => {
  const ctx = usePlayground({ args: ['--instance-memory', '512m', '--warm-pool', '0'] });

  test('from inside an instance: host binds, the host engine\'s socket, --privileged, devices, host namespaces, capabilities and bigger quotas are refused', async () => {
    const secret = `/tmp/play-secret-${process.pid}`;
    writeFileSync(secret, 'host-only\n');
    const session = await newSession(ctx, { template: 'one' });
    try {
      const ns = await namespaceOf(ctx, session.instances[0]);
      await loadBusyboxInto(ns);
      const term = await openTerminal(ctx, session, 'node1');
      const refusals = [
        [`docker run --rm -v ${secret}:/s busybox cat /s`, /does not allow bind mounts of host paths/],
        [`docker run --rm --mount type=bind,source=/,target=/host busybox ls /host`, /does not allow bind mounts of host paths/],
        [`docker run --rm -v ${ctx.daemon.socket}:/var/run/docker.sock busybox true`, /does not allow bind mounts of host paths/],
        ['docker run --rm --privileged busybox true', /does not allow --privileged/],
        ['docker run --rm --device /dev/sda busybox true', /does not allow --device/],
        ['docker run --rm --network host busybox true', /does not allow --network host/],
        ['docker run --rm --pid host busybox true', /does not allow --pid host/],
        ['docker run --rm --cap-add SYS_ADMIN busybox true', /does not allow --cap-add (CAP_)?SYS_ADMIN/],
        ['docker run --rm --security-opt seccomp=unconfined busybox true', /does not allow --security-opt seccomp=unconfined/],
        ['docker run --rm -m 4g busybox true', /memory|quota/i],
      ];
      for (const [command, re] of refusals) {
        const out = await term.run(command);
        assert.match(out, re, command);
        assert.doesNotMatch(out, /host-only/, `${command} read the host's file`);
      }
      // The shell sees its own instance's socket only: not the host engine's, whose path does not exist in it.
      assert.match(await term.run(`ls ${ctx.daemon.socket} 2>&1; ls /var/run/quai`), /No such file or directory[\s\S]*\ndocker\.sock\n/);
      assert.match(await term.run(`DOCKER_HOST=unix://${ctx.daemon.socket} docker ps 2>&1`), /Cannot connect|no such file/i);
      // The socket the shell holds has no admin API: no new namespace, no bigger quota through it.
      const admin = await apiRequest(ns.Socket, { method: 'POST', path: '/quai/namespaces', body: JSON.stringify({ Name: 'mine', Quota: {} }) });
      assert.equal(admin.status, 404);
      const own = await apiRequest(ns.Socket, { path: '/quai/namespaces' });
      assert.equal(own.status, 404);
      // The socket directory is read-only in the shell.
      assert.match(await term.run('touch /var/run/quai/x 2>&1'), /Read-only file system/);
      term.close();
      assert.equal(readFileSync(secret, 'utf8'), 'host-only\n');
      const after = (await ctx.play.admin('GET', `/quai/namespaces/${ns.Name}`)).json();
      assert.deepEqual(after.Quota, ns.Quota, 'the quota did not change');
      assert.equal(after.Policy, 'playground');
    } finally {
      rmSync(secret, { force: true });
      await closeSession(ctx, session);
    }
  });

  test('another session stays out of reach: its containers, its network, its instances', async () => {
    const a = await newSession(ctx, { template: 'one' });
    const b = await newSession(ctx, { template: 'one' });
    try {
      const nsA = await namespaceOf(ctx, a.instances[0]);
      const nsB = await namespaceOf(ctx, b.instances[0]);
      await loadBusyboxInto(nsA);
      await loadBusyboxInto(nsB);
      const termB = await openTerminal(ctx, b, 'node1');
      await termB.run('docker run -d --name secret-b busybox sleep 600 && docker network create private-b');
      const ipB = (await termB.run(`docker inspect -f '{{.NetworkSettings.IPAddress}}' secret-b`)).match(/\n(\d+\.\d+\.\d+\.\d+)\n/)[1];
      termB.close();
      const shellB = b.instances[0].ip;

      const termA = await openTerminal(ctx, a, 'node1');
      assert.doesNotMatch(await termA.run('docker ps -a'), /secret-b/);
      assert.match(await termA.run('docker inspect secret-b 2>&1'), /No such object/);
      assert.doesNotMatch(await termA.run('docker network ls'), /private-b|session-/);
      assert.match(await termA.run('getent hosts node1 || echo unknown'), new RegExp(a.instances[0].ip.replace(/\./g, '\\.')));
      // Neither B's container nor B's shell answers A, from A's containers or from A's shell.
      assert.match(await termA.run(`docker run --rm busybox ping -c 1 -W 2 ${ipB} 2>&1 || echo unreachable`), /unreachable/);
      assert.match(await termA.run(`docker run --rm busybox ping -c 1 -W 2 ${shellB} 2>&1 || echo unreachable`), /unreachable/);
      assert.match(await termA.run(`timeout 3 bash -c 'echo > /dev/tcp/${shellB}/22' 2>&1 || echo unreachable`), /unreachable/);
      termA.close();
    } finally {
      await closeSession(ctx, a);
      await closeSession(ctx, b);
    }
  });

  test('a memory hog inside an instance is stopped by the instance\'s quota and says so', async () => {
    const session = await newSession(ctx, { template: 'one' });
    try {
      await loadBusyboxInto(await namespaceOf(ctx, session.instances[0]));
      const term = await openTerminal(ctx, session, 'node1');
      await term.run('docker run --name hog busybox sh -c \'x=a; while :; do x="$x$x"; done\'', 120_000);
      assert.match(await term.run(`docker inspect -f 'oom={{.State.OOMKilled}}' hog`), /oom=true/);
      term.close();
    } finally {
      await closeSession(ctx, session);
    }
  });

  test('instances of one session have a network of their own with nothing else on it', async () => {
    const session = await newSession(ctx, { template: 'one' });
    try {
      const node2 = await addInstance(ctx, session);
      const term = await openTerminal(ctx, session, 'node2');
      assert.match(await term.run('getent hosts node1'), new RegExp(`${session.instances[0].ip.replace(/\./g, '\\.')}\\s+node1`));
      assert.match(await term.run('getent hosts node3 || echo no-node3'), /no-node3/);
      assert.equal(node2.name, 'node2');
      term.close();
    } finally {
      await closeSession(ctx, session);
    }
  });

  test('a service of the host on 0.0.0.0 is out of reach: from a shell through its network\'s gateway, from a container through its bridge', async () => {
    const listener = createServer((socket) => socket.end('host-service\n'));
    await new Promise((resolve) => listener.listen(0, '0.0.0.0', resolve));
    const { port } = listener.address();
    const session = await newSession(ctx, { template: 'one' });
    try {
      const [node1] = session.instances;
      await loadBusyboxInto(await namespaceOf(ctx, node1));
      const term = await openTerminal(ctx, session, 'node1');
      // The gateway of a /24 is its .1: the shell's network, then the instance's default bridge.
      const shellGateway = node1.ip.replace(/\.\d+$/, '.1');
      assert.match(await term.run(`timeout 5 nc ${shellGateway} ${port} || echo no-host-service`), /\nno-host-service\n/);
      const bridgeGateway = (await term.run('docker network inspect bridge --format "gw={{(index .IPAM.Config 0).Gateway}}"')).match(/gw=(\d+\.\d+\.\d+\.\d+)/)[1];
      assert.match(await term.run(`docker run --rm --init busybox sh -c "timeout 5 nc ${bridgeGateway} ${port} || echo no-host-service"`), /\nno-host-service\n/);
      // Names on the session network still resolve (the embedded DNS at the gateway answers).
      assert.match(await term.run('getent hosts node1'), /\snode1/);
      term.close();
    } finally {
      await closeSession(ctx, session);
      listener.close();
    }
  });
});
