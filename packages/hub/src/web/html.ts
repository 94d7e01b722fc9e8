/**
 * HTML by tagged template with escaping by default: every interpolated
 * value is escaped unless it is already Html (another template, or markup
 * that passed the README sanitizer through `trusted`). Arrays are joined.
 *
 *   html`<a href="/r/${name}">${name}</a>`     name is escaped in both places
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string { return this.value; }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function render(value: unknown): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new Html(out);
}

/** Markup that is already safe: only the sanitizer's output goes through here. */
export function trusted(markup: string): Html {
  return new Html(markup);
}
