// Looking into running containers: exec, pause/unpause, top, stats, update,
// restart policies, cp/export/diff.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { docker, fails, ok, out, removeAfter, useDaemon } from './setup.mjs';

useDaemon();

const inspect = (format, ref) => out(['inspect', '-f', format, ref]);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test('exec: output, exit codes, -u, -e, -w, -i with stdin EOF, -d', async (t) => {
  removeAfter(t, 'ex');
  await ok(['run', '-d', '--name', 'ex', 'busybox', 'sleep', '300']);
  const r = await ok(['exec', 'ex', 'sh', '-c', 'echo out; echo err >&2']);
  assert.equal(r.stdout, 'out\n');
  assert.equal(r.stderr, 'err\n');
  await fails(['exec', 'ex', 'sh', '-c', 'exit 7'], { code: 7 });
  assert.equal(await out(['exec', '-u', 'nobody', 'ex', 'id', '-u']), '65534');
  assert.equal(await out(['exec', '-e', 'FOO=bar', '-w', '/tmp', 'ex', 'sh', '-c', 'echo $FOO $(pwd)']), 'bar /tmp');
  assert.equal((await ok(['exec', '-i', 'ex', 'cat'], { input: 'hello\nworld\n' })).stdout, 'hello\nworld\n');
  await fails(['exec', 'ex', 'no-such-binary'], { code: 126 }); // as dockerd: an exec that cannot start is 126
  await ok(['exec', '-d', 'ex', 'sh', '-c', 'echo detached > /tmp/d']);
  await sleep(300);
  assert.equal(await out(['exec', 'ex', 'cat', '/tmp/d']), 'detached');
  await ok(['stop', '-t', '0', 'ex']);
  await fails(['exec', 'ex', 'true'], { stderr: /is not running/ });
});

test('pause stops a counter; top lists the process; stats shows the -m limit; update changes it live', async (t) => {
  removeAfter(t, 'ctr');
  await ok(['run', '-d', '--name', 'ctr', '-m', '64m', 'busybox', 'sh', '-c',
    'i=0; while true; i=$((i+1)); do echo $i > /tmp/n; sleep 0.05; done']);
  await ok(['pause', 'ctr']);
  assert.equal(await inspect('{{.State.Status}} {{.State.Paused}}', 'ctr'), 'paused true');
  await fails(['exec', 'ctr', 'true'], { stderr: /is paused/ });
  const id = await inspect('{{.Id}}', 'ctr');
  const counter = async () => {
    const r = await fetchFile(id);
    return r;
  };
  const a = await counter();
  await sleep(400);
  assert.equal(await counter(), a, 'the counter advanced while paused');
  await ok(['unpause', 'ctr']);
  await sleep(400);
  assert.notEqual(await counter(), a, 'the counter did not advance after unpause');

  const top = (await out(['top', 'ctr'])).split('\n');
  assert.match(top[0], /^UID\s+PID\s+PPID\s+C\s+STIME\s+TTY\s+TIME\s+CMD$/);
  assert.ok(top.some((l) => /sh -c i=0/.test(l)), top.join('\n'));

  const stats = (await out(['stats', '--no-stream', 'ctr'])).split('\n');
  assert.match(stats[0], /^CONTAINER ID\s+NAME\s+CPU %\s+MEM USAGE \/ LIMIT\s+MEM %\s+NET I\/O\s+BLOCK I\/O\s+PIDS$/);
  assert.match(stats[1], /ctr\s+\d+\.\d\d%\s+[\d.]+[KMG]?i?B \/ 64MiB\s/);
  await ok(['update', '-m', '96m', '--pids-limit', '40', 'ctr']);
  assert.match(await out(['stats', '--no-stream', '--format', '{{.MemUsage}} {{.PIDs}}', 'ctr']), / \/ 96MiB \d+$/);
  assert.equal(await inspect('{{.HostConfig.Memory}} {{.HostConfig.PidsLimit}}', 'ctr'), String(96 * 1048576) + ' 40');
});

/** What the counter file says now, read through the host's view of the writable layer. */
async function fetchFile(id) {
  const { readFile } = await import('node:fs/promises');
  const upper = (await docker(['inspect', '-f', '{{.GraphDriver.Data.UpperDir}}', id])).stdout.trim();
  return (await readFile(`${upper}/tmp/n`, 'utf8').catch(() => '')).trim();
}

test('restart policies: on-failure:2 restarts exactly twice, stop ends always, update sets the policy', async (t) => {
  removeAfter(t, 'rf', 'ra');
  await ok(['run', '-d', '--name', 'rf', '--restart', 'on-failure:2', 'busybox', 'sh', '-c', 'echo run; exit 3']);
  await ok(['run', '-d', '--name', 'ra', '--restart', 'always', 'busybox', 'sh', '-c', 'sleep 0.2']);
  for (let i = 0; i < 60 && (await inspect('{{.RestartCount}} {{.State.Status}}', 'rf')) !== '2 exited'; i++) await sleep(100);
  assert.equal(await inspect('{{.RestartCount}} {{.State.Status}} {{.State.ExitCode}}', 'rf'), '2 exited 3');
  assert.equal((await ok(['logs', 'rf'])).stdout, 'run\nrun\nrun\n');
  await sleep(500);
  assert.equal(await inspect('{{.RestartCount}}', 'rf'), '2');

  for (let i = 0; i < 50 && Number(await inspect('{{.RestartCount}}', 'ra')) < 2; i++) await sleep(100);
  assert.ok(Number(await inspect('{{.RestartCount}}', 'ra')) >= 2);
  await ok(['stop', '-t', '1', 'ra']);
  const count = await inspect('{{.RestartCount}}', 'ra');
  await sleep(800);
  assert.equal(await inspect('{{.RestartCount}} {{.State.Status}}', 'ra'), `${count} exited`);

  await ok(['update', '--restart', 'on-failure:1', 'ra']);
  assert.equal(await inspect('{{.HostConfig.RestartPolicy.Name}}:{{.HostConfig.RestartPolicy.MaximumRetryCount}}', 'ra'), 'on-failure:1');
});

test('cp a tree in and out byte for byte, running and stopped; export lists the rootfs; diff shows A/C/D', async (t) => {
  const { mkdtemp, mkdir, writeFile, readFile, symlink, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { randomBytes } = await import('node:crypto');
  const dir = await mkdtemp(`${tmpdir()}/quai-cp-`);
  t.after(() => rm(dir, { recursive: true, force: true }));
  removeAfter(t, 'files');
  const blob = randomBytes(200_000);
  await mkdir(`${dir}/src/sub`, { recursive: true });
  await writeFile(`${dir}/src/sub/blob`, blob);
  await writeFile(`${dir}/src/a.txt`, 'a\n');
  await symlink('a.txt', `${dir}/src/link`);

  await ok(['run', '-d', '--name', 'files', 'busybox', 'sleep', '300']);
  await ok(['cp', `${dir}/src`, 'files:/tmp/']);
  assert.equal(await out(['exec', 'files', 'readlink', '/tmp/src/link']), 'a.txt');
  await ok(['cp', 'files:/tmp/src', `${dir}/back`]);
  assert.ok((await readFile(`${dir}/back/sub/blob`)).equals(blob));
  assert.equal(await readFile(`${dir}/back/a.txt`, 'utf8'), 'a\n');
  await fails(['cp', 'files:/no/such', `${dir}/x`], { stderr: /Could not find the file \/no\/such in container files/ });

  await ok(['exec', 'files', 'rm', '/etc/group']);
  await ok(['stop', '-t', '0', 'files']);
  await ok(['cp', `${dir}/src/a.txt`, 'files:/renamed.txt']);
  await ok(['cp', 'files:/renamed.txt', `${dir}/renamed.txt`]);
  assert.equal(await readFile(`${dir}/renamed.txt`, 'utf8'), 'a\n');

  const diff = (await out(['diff', 'files'])).split('\n');
  for (const line of ['C /etc', 'D /etc/group', 'A /renamed.txt', 'C /tmp', 'A /tmp/src', 'A /tmp/src/sub/blob']) {
    assert.ok(diff.includes(line), `diff lacks ${line}:\n${diff.join('\n')}`);
  }
  assert.ok(!diff.includes('A /etc/hosts'), diff.join('\n'));

  const exported = await ok(['export', '-o', `${dir}/rootfs.tar`, 'files']);
  assert.equal(exported.stdout, '');
  const { execFileSync } = await import('node:child_process');
  const names = execFileSync('tar', ['tf', `${dir}/rootfs.tar`], { encoding: 'utf8' }).split('\n');
  for (const n of ['bin/', 'bin/sh', 'renamed.txt', 'tmp/src/sub/blob']) assert.ok(names.includes(n), `export lacks ${n}`);
});

test('cp reaches volumes, binds and tmpfs as the container sees them; a read-only volume refuses a copy', async (t) => {
  const { mkdtemp, writeFile, readFile, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const dir = await mkdtemp(`${tmpdir()}/quai-cpv-`);
  const vol = `cpvol-${process.pid}`;
  t.after(async () => {
    await docker(['rm', '-f', 'cpv']);
    await docker(['volume', 'rm', vol]);
    await rm(dir, { recursive: true, force: true });
  });
  await writeFile(`${dir}/in.txt`, 'into the volume\n');
  await ok(['run', '-d', '--name', 'cpv', '-v', `${vol}:/data`, '-v', `${dir}:/host:ro`, '--tmpfs', '/scratch',
    'busybox', 'sh', '-c', 'echo from-tmpfs > /scratch/t.txt; sleep 300']);
  await ok(['cp', `${dir}/in.txt`, 'cpv:/data/in.txt']);
  assert.equal(await out(['exec', 'cpv', 'cat', '/data/in.txt']), 'into the volume');
  await ok(['cp', 'cpv:/scratch/t.txt', `${dir}/t.txt`]);
  assert.equal(await readFile(`${dir}/t.txt`, 'utf8'), 'from-tmpfs\n');
  await fails(['cp', `${dir}/in.txt`, 'cpv:/host/'], { stderr: /mounted volume is marked read-only/ });

  // Stopped: the volume is bound in for the copy, as Docker does.
  await ok(['stop', '-t', '0', 'cpv']);
  await writeFile(`${dir}/later.txt`, 'while stopped\n');
  await ok(['cp', `${dir}/later.txt`, 'cpv:/data/']);
  await ok(['cp', 'cpv:/data/in.txt', `${dir}/back.txt`]);
  assert.equal(await readFile(`${dir}/back.txt`, 'utf8'), 'into the volume\n');
  assert.equal(await out(['run', '--rm', '-v', `${vol}:/data`, 'busybox', 'cat', '/data/later.txt']), 'while stopped');
});

test('cp to / and to a new directory, running and stopped; cp out of a created container (as testcontainers does)', async (t) => {
  const { mkdtemp, mkdir, writeFile, readFile, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const dir = await mkdtemp(`${tmpdir()}/quai-cproot-`);
  t.after(() => rm(dir, { recursive: true, force: true }));
  removeAfter(t, 'cproot', 'cpnew');
  await writeFile(`${dir}/top.txt`, 'at the root\n');
  await mkdir(`${dir}/tree/sub`, { recursive: true });
  await writeFile(`${dir}/tree/sub/leaf.txt`, 'leaf\n');

  await ok(['run', '-d', '--name', 'cproot', 'busybox', 'sleep', '300']);
  await ok(['cp', `${dir}/top.txt`, 'cproot:/']);
  await ok(['cp', `${dir}/tree`, 'cproot:/newdir']);
  assert.equal(await out(['exec', 'cproot', 'cat', '/top.txt', '/newdir/sub/leaf.txt']), 'at the root\nleaf');
  await ok(['stop', '-t', '0', 'cproot']);
  await ok(['cp', `${dir}/tree`, 'cproot:/other']);
  await ok(['cp', 'cproot:/other/sub/leaf.txt', `${dir}/back.txt`]);
  assert.equal(await readFile(`${dir}/back.txt`, 'utf8'), 'leaf\n');

  // Created, never started: both ways, as Docker.
  await ok(['create', '--name', 'cpnew', 'busybox', 'true']);
  await ok(['cp', `${dir}/top.txt`, 'cpnew:/']);
  await ok(['cp', 'cpnew:/top.txt', `${dir}/from-created.txt`]);
  assert.equal(await readFile(`${dir}/from-created.txt`, 'utf8'), 'at the root\n');
  await ok(['cp', 'cpnew:/etc/passwd', `${dir}/passwd`]);
  assert.match(await readFile(`${dir}/passwd`, 'utf8'), /^root:/);
  assert.equal(await out(['start', '-a', 'cpnew']), '');
});

test('exec events: exec_create, exec_start, exec_die with the exit code', async (t) => {
  removeAfter(t, 'evx');
  await ok(['run', '-d', '--name', 'evx', 'busybox', 'sleep', '300']);
  const since = String(Math.floor(Date.now() / 1000) - 1);
  await fails(['exec', 'evx', 'sh', '-c', 'exit 4'], { code: 4 });
  const until = String(Math.floor(Date.now() / 1000) + 1);
  const events = await out(['events', '--since', since, '--until', until, '--filter', 'container=evx', '--format', '{{.Action}} {{index .Actor.Attributes "exitCode"}}']);
  const actions = events.split('\n').map((l) => l.trim());
  assert.ok(actions.includes('exec_create: sh -c exit 4'), events);
  assert.ok(actions.includes('exec_start: sh -c exit 4'), events);
  assert.ok(actions.includes('exec_die 4'), events);
});

test('logs: --log-opt max-size caps the file; logs -f follows a container across its restarts', async (t) => {
  removeAfter(t, 'lcap', 'lfol');
  await ok(['run', '-d', '--name', 'lcap', '--log-opt', 'max-size=100k', 'busybox', 'sh', '-c',
    'i=0; while [ $i -lt 20000 ]; do echo line-$i; i=$((i+1)); done; sleep 300']);
  const { stat } = await import('node:fs/promises');
  let size = 0;
  for (let i = 0; i < 50; i++) {
    const logs = (await ok(['logs', '--tail', '1', 'lcap'])).stdout;
    if (logs === 'line-19999\n') break;
    await sleep(100);
  }
  size = (await stat(await inspect('{{.LogPath}}', 'lcap'))).size;
  assert.ok(size <= 100 * 1024, `log is ${size} bytes`);
  await ok(['run', '-d', '--name', 'lfol', '--restart', 'on-failure:2', 'busybox', 'sh', '-c', 'echo tick; sleep 0.5; exit 1']);
  const followed = await ok(['logs', '-f', 'lfol'], { timeoutMs: 15_000 });
  assert.equal(followed.stdout, 'tick\ntick\ntick\n');
});
