// The guided labs: Markdown in packages/playground/labs/<lang>/ (parse.ts),
// and the Check button's verifications through the instance's Engine API
// (checks.ts). play-server calls only loadLabs and checkStep.
import { readdir, readFile } from 'node:fs/promises';
import type { EngineClient } from '@quai/client';
import type { CheckResultJson, LabJson } from '../../shared/api.js';
import { CHECKS } from './checks.js';
import { parseLab } from './parse.js';

export type LabLanguage = 'en' | 'fr';

/** What a check may look at: the instance's own engine namespace, through its API. */
export interface CheckContext {
  /** A client bound to the instance's namespace socket. */
  engine: EngineClient;
  /** The instance's hostname (node1, ...). */
  instance: string;
  /** The hub the playground pushes to, e.g. http://127.0.0.1:5000 ('' when none). */
  hubUrl: string;
}

/** packages/playground/labs, from dist/server/labs/index.js. */
const LABS_DIR = new URL('../../../labs/', import.meta.url);
const cache = new Map<LabLanguage, Promise<LabJson[]>>();

export function loadLabs(lang: LabLanguage): Promise<LabJson[]> {
  let labs = cache.get(lang);
  if (!labs) {
    labs = readLabs(lang);
    labs.catch(() => cache.delete(lang));
    cache.set(lang, labs);
  }
  return labs;
}

async function readLabs(lang: LabLanguage): Promise<LabJson[]> {
  const dir = new URL(`${lang}/`, LABS_DIR);
  const files = (await readdir(dir)).filter((f) => /^\d\d-[a-z0-9-]+\.md$/.test(f)).sort();
  return Promise.all(files.map(async (f) => parseLab(f.slice(0, -3), await readFile(new URL(f, dir), 'utf8'))));
}

export async function checkStep(ctx: CheckContext, lang: LabLanguage, labId: string, step: number): Promise<CheckResultJson> {
  const check = CHECKS[`${labId}:${step}`];
  if (!check) return { ok: false, message: lang === 'fr' ? `Cette étape n'a pas de vérification.` : 'This step has no check.' };
  try {
    const found = await check(ctx);
    return { ok: found.ok, message: found.message[lang] };
  } catch (err) {
    const why = (err as Error).message;
    return { ok: false, message: lang === 'fr' ? `Vérification impossible : ${why}` : `Could not check: ${why}` };
  }
}
