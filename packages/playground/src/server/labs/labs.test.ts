import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkStep, loadLabs } from './index.js';
import { CHECKS } from './checks.js';
import { parseLab } from './parse.js';
import type { EngineClient } from '@quai/client';

test('a lab file: title, intro into step 1, steps, check markers hidden, fences kept whole', () => {
  const lab = parseLab('01-x', '# Title\n\nIntro text.\n\n## One\n\n```sh\n## not a heading\necho hi\n```\n\n<!-- check -->\n\n## Two\n\nText.\n');
  assert.equal(lab.title, 'Title');
  assert.deepEqual(lab.steps.map((s) => [s.title, s.check]), [['One', true], ['Two', false]]);
  assert.equal(lab.steps[0]!.markdown, 'Intro text.\n\n```sh\n## not a heading\necho hi\n```');
  assert.throws(() => parseLab('02-y', 'no title'), /no "# Title" line/);
  assert.throws(() => parseLab('02-y', '# Title only'), /no "## Step" section/);
});

test('the labs in English and French: the same labs, steps and checks, each check implemented', async () => {
  const [en, fr] = [await loadLabs('en'), await loadLabs('fr')];
  assert.deepEqual(en.map((l) => l.id), ['01-first-instance', '02-first-container', '03-images-layers', '04-volumes', '05-networks', '06-build-push']);
  assert.deepEqual(fr.map((l) => l.id), en.map((l) => l.id));
  const checkable = (labs: typeof en) => labs.flatMap((l) => l.steps.flatMap((s, i) => (s.check ? [`${l.id}:${i}`] : [])));
  assert.deepEqual(checkable(fr), checkable(en));
  assert.deepEqual(checkable(en).sort(), Object.keys(CHECKS).sort());
  for (const [a, b] of en.map((l, i) => [l, fr[i]!] as const)) assert.equal(a.steps.length, b.steps.length, a.id);
  for (const lab of [...en, ...fr]) {
    for (const step of lab.steps) {
      assert.ok(step.markdown.length > 0, `${lab.id}: ${step.title} is empty`);
      assert.doesNotMatch(step.markdown, /<!--/, `${lab.id}: a marker left in the text`);
    }
  }
});

test('a step without a check, and an engine that fails, answer in the lab\'s language', async () => {
  const broken = { json: async () => { throw new Error('connect ENOENT'); } } as unknown as EngineClient;
  const ctx = { engine: broken, instance: 'node1', hubUrl: '' };
  assert.deepEqual(await checkStep(ctx, 'fr', '01-first-instance', 0), { ok: false, message: 'Cette étape n\'a pas de vérification.' });
  assert.deepEqual(await checkStep(ctx, 'en', '01-first-instance', 1), { ok: false, message: 'Could not check: connect ENOENT' });
});
