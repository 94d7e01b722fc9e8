// Shared by every case file: one private daemon per file (quai, or real
// dockerd with E2E_TARGET=docker), busybox loaded, helpers for assertions.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { docker, dockerCliPath, loadBusybox, requireBinary, requireRoot, startDaemon } from '@quai/testkit';

export { isDocker, target, docker } from '@quai/testkit';

/** Registers before/after hooks; `ctx.daemon` is set once `before` ran. */
export function useDaemon({ busybox = true, args, prepare } = {}) {
  const ctx = { daemon: undefined };
  before(async () => {
    requireRoot();
    requireBinary(dockerCliPath);
    ctx.daemon = await startDaemon({ args, prepare });
    if (busybox) await loadBusybox(ctx.daemon.dockerHost);
  }, { timeout: 90_000 });
  after(async () => {
    await ctx.daemon?.stop();
  }, { timeout: 90_000 });
  return ctx;
}

function describeRun(args, r) {
  return `docker ${args.join(' ')} → exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
}

/** Runs the CLI and asserts exit 0; returns the result. */
export async function ok(args, opts) {
  const r = await docker(args, opts);
  assert.equal(r.code, 0, describeRun(args, r));
  return r;
}

/** Runs the CLI and asserts a non-zero exit (or exactly `code`). */
export async function fails(args, { code, stderr, ...opts } = {}) {
  const r = await docker(args, opts);
  if (code === undefined) assert.notEqual(r.code, 0, describeRun(args, r));
  else assert.equal(r.code, code, describeRun(args, r));
  if (stderr) assert.match(r.stderr, stderr, describeRun(args, r));
  return r;
}

/** stdout of a successful run, trimmed. */
export async function out(args, opts) {
  return (await ok(args, opts)).stdout.trim();
}

/** Removes the named containers when the test ends, pass or fail. */
export function removeAfter(t, ...names) {
  t.after(() => docker(['rm', '-f', ...names]));
}
