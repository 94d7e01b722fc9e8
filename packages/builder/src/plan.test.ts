import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDockerfile } from './parse.js';
import { planBuild, stageRef } from './plan.js';

const df = 'ARG BASE=busybox\nARG TAG\nFROM ${BASE}:${TAG:-latest} AS build\nRUN x\nFROM build AS second\nRUN y\nFROM scratch\nCOPY --from=build /a /a\n';

test('global ARGs feed FROM; build args override them', () => {
  const plan = planBuild(parseDockerfile(df), { buildArgs: {} });
  assert.equal(plan.stages[0]!.base, 'busybox:latest');
  assert.equal(planBuild(parseDockerfile(df), { buildArgs: { TAG: '1.36', BASE: 'alpine' } }).stages[0]!.base, 'alpine:1.36');
  assert.equal(plan.totalSteps, 2 + 3 * 2);
  assert.equal(plan.stages[1]!.baseStage, 0);
  assert.equal(plan.globalArgs.get('BASE'), 'busybox');
});

test('--target stops at the named stage', () => {
  const plan = planBuild(parseDockerfile(df), { buildArgs: {}, target: 'second' });
  assert.equal(plan.stages.length, 2);
  assert.equal(plan.totalSteps, 2 + 4);
  assert.throws(() => planBuild(parseDockerfile(df), { buildArgs: {}, target: 'nope' }), /failed to reach build target nope/);
});

test('stage references by name and index', () => {
  const { stages } = planBuild(parseDockerfile(df), { buildArgs: {} });
  assert.equal(stageRef(stages, 'build', 2), 0);
  assert.equal(stageRef(stages, '1', 2), 1);
  assert.equal(stageRef(stages, 'busybox', 2), undefined);
  assert.throws(() => stageRef(stages, '2', 2), /current build stage/);
});

test('instructions before FROM other than ARG are refused', () => {
  assert.throws(() => planBuild(parseDockerfile('RUN x\nFROM busybox\n'), { buildArgs: {} }), /no build stage/);
});
