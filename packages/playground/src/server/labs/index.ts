// The guided labs: Markdown in packages/playground/labs/<lang>/, checks through the Engine API.
// (play-content fills this in; play-server calls only these two functions.)
import type { EngineClient } from '@quai/client';
import type { CheckResultJson, LabJson } from '../../shared/api.js';

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

export async function loadLabs(_lang: LabLanguage): Promise<LabJson[]> {
  return [];
}

export async function checkStep(_ctx: CheckContext, _lang: LabLanguage, labId: string, step: number): Promise<CheckResultJson> {
  return { ok: false, message: `no check for ${labId} step ${step}` };
}
