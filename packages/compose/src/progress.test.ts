import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { createProgress } from './progress.js';

function sink(isTTY: boolean): PassThrough & { isTTY: boolean; text(): string } {
  const out = new PassThrough() as PassThrough & { isTTY: boolean; text(): string };
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  out.isTTY = isTTY;
  out.text = () => Buffer.concat(chunks).toString();
  return out;
}

test('plain: one line per change of a resource, repeats left out', () => {
  const out = sink(false);
  const p = createProgress(out, 'Running');
  p.update('Network demo_default', 'Creating', 'working');
  p.update('Network demo_default', 'Created', 'done');
  p.update('Container demo-db-1', 'Waiting', 'working');
  p.update('Container demo-db-1', 'Waiting', 'working');
  p.update('Container demo-db-1', 'Healthy', 'done');
  p.stop();
  assert.equal(out.text(), ' Network demo_default Creating\n Network demo_default Created\n Container demo-db-1 Waiting\n Container demo-db-1 Healthy\n');
});

test('terminal: a block redrawn in place, a spinner while working, a check mark and the time when done', async () => {
  const out = sink(true);
  const p = createProgress(out, 'Running');
  p.update('Network demo_default', 'Creating', 'working');
  await new Promise((r) => setTimeout(r, 150));
  const working = out.text();
  assert.match(working, /\[\+\] Running 0\/1\n/);
  assert.match(working, / [⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Network demo_default Creating \d+\.\ds\n/);
  p.update('Network demo_default', 'Created', 'done');
  p.update('Container demo-web-1', 'Started', 'done');
  p.stop();
  const done = out.text().slice(working.length);
  assert.match(done, /^\x1b\[2A/, 'the block is redrawn over the last one');
  assert.match(done, /\[\+\] Running 2\/2\n/);
  assert.match(done, / \x1b\[32m✔\x1b\[0m Network demo_default Created \d+\.\ds\n/);
  assert.match(done, / \x1b\[32m✔\x1b\[0m Container demo-web-1 Started \d+\.\ds\n/);
});

test('quiet prints nothing', () => {
  const out = sink(true);
  const p = createProgress(out, 'Running', 'quiet');
  p.update('Network x', 'Created', 'done');
  p.stop();
  assert.equal(out.text(), '');
});
