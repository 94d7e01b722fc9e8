// The page's words: the table the server put into the page (page.ts), in the page's language.
import type { UiStrings } from '../shared/ui-strings.js';

function load(): UiStrings {
  const block = document.getElementById('ui-strings');
  return JSON.parse(block?.textContent ?? '{}') as UiStrings;
}

export const t: UiStrings = load();
export const lang: string = document.documentElement.lang || 'en';

/** `t[key]` with its `{name}` values filled in. */
export function fmt(key: keyof UiStrings, values: Record<string, string | number>): string {
  return t[key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}
