// The engines under test. Each runs privately: its own socket, data root,
// exec/run root, bridges and subnets, so the host's own daemons (if any) and
// the engines themselves never share state.
//
//   /tmp/quai-bench    quai daemon: quai.sock, root/, run/, quai.pid, daemon.log
//                      default bridge q<hash>0 10.231.1.0/24, user networks from 10.231.16.0/20
//   /tmp/docker-bench  dockerd (+ the containerd it starts): docker.sock, root/, exec/, pid
//                      default bridge qbdock0 10.231.2.0/24 (made here), user networks qbdock1..
//   /tmp/podman-bench  podman (no daemon): root/, runroot/, tmp/, net/ (network configs)
//                      "default" network qbench-default 10.231.3.0/24 on the cni-podmanN podman picks
//
// Memory is the sum of RSS over every process whose command line mentions the
// engine's dir: the daemon(s) and the per-container monitors (conmon, shims);
// container processes themselves (`sleep 600`) are not counted.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, openSync, closeSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  apiRequest, commandExists, pidsMentioning, run, stopPid, unmountUnder, waitForPing,
} from './proc.js';
import { spawnSync } from 'node:child_process';

const repoRoot = resolve(fileURLToPath(import.meta.url), '../..');
/** The checkout whose quai is measured: this one, or another's (`run.js --quai-root`, for before/after). */
const quaiRoot = () => process.env.QUAI_BENCH_ROOT || repoRoot;

/** Kills what a previous, interrupted bench left in dir, then empties it. */
async function resetDir(dir) {
  for (const pid of pidsMentioning(`${dir}/`)) await stopPid(pid, 5_000);
  unmountUnder(dir);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
}

/** Runs the engine's CLI with args; returns stdout, throws with stderr. */
export const cli = (engine, args, opts = {}) =>
  run(engine.cli[0], [...engine.cli.slice(1), ...args], { ...opts, env: { ...engine.env, ...opts.env } });

const deleteLinks = (names) => { for (const n of names) spawnSync('ip', ['link', 'del', n], { stdio: 'ignore' }); };

/**
 * Removes iptables chains named `<prefix>-*` and the jumps to them, in the
 * filter and nat tables: what a quai daemon that did not shut down cleanly
 * leaves behind. Only the bench daemon's own prefix is ever touched.
 */
function deleteChains(prefix) {
  for (const table of ['filter', 'nat']) {
    const r = spawnSync('iptables-save', ['-t', table], { encoding: 'utf8' });
    if (r.status !== 0) continue;
    const lines = r.stdout.split('\n');
    for (const l of lines.filter((x) => x.startsWith('-A ') && !x.startsWith(`-A ${prefix}-`) && x.includes(`-j ${prefix}-`))) {
      spawnSync('iptables', ['-t', table, '-D', ...l.slice(3).split(' ')], { stdio: 'ignore' });
    }
    const chains = lines.filter((x) => x.startsWith(`:${prefix}-`)).map((x) => x.slice(1).split(' ')[0]);
    for (const c of chains) spawnSync('iptables', ['-t', table, '-F', c], { stdio: 'ignore' });
    for (const c of chains) spawnSync('iptables', ['-t', table, '-X', c], { stdio: 'ignore' });
  }
}

/** Starts a daemon in the background with its output in dir/daemon.log. */
function spawnDaemon(dir, cmd, args) {
  const log = openSync(join(dir, 'daemon.log'), 'a');
  const child = spawn(cmd, args, { stdio: ['ignore', log, log], detached: true });
  closeSync(log);
  child.on('error', () => {});
  return child;
}

function logTail(dir) {
  try {
    return readFileSync(join(dir, 'daemon.log'), 'utf8').trimEnd().split('\n').slice(-10).join('\n');
  } catch {
    return '';
  }
}

/** An engine driven through the Engine API socket and a docker-like CLI. */
function apiEngine({ name, dir, sockName, dataRoot, daemonCmd, daemonArgs, cli, cliEnv, note, links = [], chains, beforeStart }) {
  const socket = join(dir, sockName);
  let child;
  return {
    name, dir, dataRoot, note, socket, bridgeFlags: [],
    cli, env: { ...cliEnv, DOCKER_HOST: `unix://${socket}`, DOCKER_CONFIG: join(dir, 'cli-config') },
    /** `network create` arguments for a user network on a bridge named by the bench. */
    userNetworkArgs: (subnet, bridge) => ['--subnet', subnet, '-o', `com.docker.network.bridge.name=${bridge}`],
    async start() {
      await resetDir(dir);
      deleteLinks(links);
      if (chains) deleteChains(chains);
      mkdirSync(join(dir, 'cli-config'));
      beforeStart?.();
      child = spawnDaemon(dir, daemonCmd, daemonArgs(socket));
      try {
        await waitForPing(socket, child);
      } catch (err) {
        throw new Error(`${name} daemon: ${err.message}\n${logTail(dir)}`);
      }
    },
    async load(archive) {
      const res = await apiRequest(socket, 'POST', '/images/load', readFileSync(archive));
      if (res.status !== 200 || /"error/.test(res.body)) {
        throw new Error(`${name}: loading ${archive}: HTTP ${res.status}: ${res.body.slice(0, 300)}`);
      }
    },
    version() {
      try {
        return run(cli[0], [...cli.slice(1), 'version', '--format', '{{.Server.Version}}'], { env: this.env }).trim();
      } catch {
        return '?';
      }
    },
    async stop() {
      if (child?.pid) await stopPid(child.pid);
      await resetDir(dir); // monitors left behind, mounts, files
      rmSync(dir, { recursive: true, force: true });
      deleteLinks(links);
      if (chains) deleteChains(chains);
    },
  };
}

export function quaiEngine() {
  const dir = '/tmp/quai-bench';
  const bin = join(quaiRoot(), 'bin/quai');
  const hash = createHash('sha256').update(join(dir, 'run')).digest('hex').slice(0, 6); // as the daemon names them
  return apiEngine({
    name: 'quai', dir, sockName: 'quai.sock', dataRoot: join(dir, 'root'),
    daemonCmd: bin, // its sh line gives the daemon its Node flags
    daemonArgs: (sock) => ['daemon', '-H', `unix://${sock}`, '--data-root', join(dir, 'root'),
      '--exec-root', join(dir, 'run'), '--pidfile', join(dir, 'quai.pid'),
      '--bip', '10.231.1.1/24', '--default-address-pool', 'base=10.231.16.0/20,size=24',
      // namespaces (each with its own default bridge) take /24s from here once the first pool is used up
      '--default-address-pool', 'base=10.232.0.0/16,size=24'],
    cli: [bin],
    // the daemon removes its bridges on shutdown; these are for a daemon that died
    links: ['qbquai1', `q${hash}0`],
    chains: `QUAI-${hash}`,
    cliEnv: {},
    note: 'quai daemon + conmon per container',
  });
}

export function dockerEngine() {
  const dir = '/tmp/docker-bench';
  return apiEngine({
    name: 'docker', dir, sockName: 'docker.sock', dataRoot: join(dir, 'root'),
    daemonCmd: 'dockerd',
    daemonArgs: (sock) => ['--host', `unix://${sock}`, '--data-root', join(dir, 'root'),
      '--exec-root', join(dir, 'exec'), '--pidfile', join(dir, 'pid'),
      '--bridge', 'qbdock0', '--default-address-pool', 'base=10.231.32.0/20,size=24',
      '--iptables=false', '--ip-masq=false', '--ip-forward=false'],
    cli: ['docker'],
    links: ['qbdock0', 'qbdock1'],
    // dockerd takes --bridge or --bip, not both: the bench makes the bridge and its address.
    beforeStart() {
      run('ip', ['link', 'add', 'qbdock0', 'type', 'bridge']);
      run('ip', ['addr', 'add', '10.231.2.1/24', 'dev', 'qbdock0']);
      run('ip', ['link', 'set', 'qbdock0', 'up']);
    },
    cliEnv: {},
    note: 'dockerd + containerd + containerd-shim-runc-v2 per container',
  });
}

export function podmanEngine() {
  const dir = '/tmp/podman-bench';
  const cli = ['podman', '--root', join(dir, 'root'), '--runroot', join(dir, 'runroot'),
    '--tmpdir', join(dir, 'tmp'), '--storage-driver', 'overlay', '--network-config-dir', join(dir, 'net'),
    '--cgroup-manager', 'cgroupfs', '--events-backend', 'file'];
  return {
    name: 'podman', dir, dataRoot: join(dir, 'root'), cli, env: {},
    // podman's own default network is the host's shared cni-podman0 (10.88/16): use a private one.
    // podman 4.3 cannot name a bridge: it picks the next free cni-podmanN; the bench notes which.
    bridgeFlags: ['--network', 'qbench-default'],
    userNetworkArgs: (subnet) => ['--subnet', subnet],
    links: [],
    networkCreated(name) {
      this.links.push(run(cli[0], [...cli.slice(1), 'network', 'inspect', '-f', '{{.NetworkInterface}}', name]).trim());
    },
    // podman writes nofile/nproc rlimits above what this host lets crun set
    // (no CAP_SYS_RESOURCE; even --ulimit host fails); docker and quai write none.
    runFlags: ['--ulimit', 'nofile=20000:20000', '--ulimit', 'nproc=4096:4096'],
    // docker's `rm -f` kills at once; podman's waits the stop timeout first.
    rmFlags: ['-t', '0'],
    note: 'no daemon; conmon per container; run with --ulimit nofile=20000 nproc=4096; rm -f -t 0',
    async start() {
      await resetDir(dir);
      run(cli[0], [...cli.slice(1), 'network', 'create', '--subnet', '10.231.3.0/24', 'qbench-default']);
      this.networkCreated('qbench-default');
    },
    async load(archive) {
      run(cli[0], [...cli.slice(1), 'load', '-q', '-i', archive]);
    },
    version() {
      return run('podman', ['--version']).trim().split(' ').pop();
    },
    async stop() {
      try {
        run(cli[0], [...cli.slice(1), 'rm', '-af', '-t', '0']);
      } catch { /* nothing to remove, or already broken */ }
      await resetDir(dir);
      rmSync(dir, { recursive: true, force: true });
      deleteLinks(this.links.splice(0));
    },
  };
}

/** The engines asked for that exist on this host; a note for each left out. */
export function availableEngines(names) {
  const out = [];
  const skipped = [];
  for (const name of names) {
    if (name === 'quai') {
      if (existsSync(join(quaiRoot(), 'packages/daemon/dist/main.js'))) out.push(quaiEngine());
      else skipped.push('quai: packages/daemon/dist/main.js missing (run npx tsc -b)');
    } else if (name === 'docker') {
      if (commandExists('dockerd') && commandExists('docker')) out.push(dockerEngine());
      else skipped.push('docker: dockerd or docker CLI not installed');
    } else if (name === 'podman') {
      if (commandExists('podman')) out.push(podmanEngine());
      else skipped.push('podman: not installed');
    } else {
      skipped.push(`${name}: unknown engine`);
    }
  }
  return { engines: out, skipped };
}
