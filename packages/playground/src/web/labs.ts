// The guided labs panel: a lab's steps rendered from Markdown (marked, then
// DOMPurify: the lab text never brings a script, a handler or a style into
// the page), each code block typed into the selected terminal on click or
// Enter, and a Check button for the steps that have one.
import DOMPurify, { type Config } from 'dompurify';
import { marked } from 'marked';
import type { LabJson } from '../shared/api.js';
import { loadLabs, type SessionApi } from './api.js';
import { byId, el } from './dom.js';
import { fmt, t } from './i18n.js';
import { showError } from './messages.js';
import type { InstanceTerminal } from './terminal.js';

const PURIFY = {
  ALLOWED_TAGS: ['h1', 'h2', 'h3', 'h4', 'p', 'br', 'hr', 'blockquote', 'pre', 'code', 'kbd', 'em', 'strong', 'del', 'ul', 'ol', 'li', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
  ALLOWED_ATTR: ['href', 'title', 'class', 'start'],
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|\/(?!\/)|#)/i,
} satisfies Config;

export function renderMarkdown(markdown: string): DocumentFragment {
  const html = marked.parse(markdown, { async: false, gfm: true });
  return DOMPurify.sanitize(html, { ...PURIFY, RETURN_DOM_FRAGMENT: true as const });
}

export class LabsPanel {
  private labs: LabJson[] | undefined;
  private readOnly = true;

  constructor(private readonly api: SessionApi, private readonly terminal: () => InstanceTerminal | undefined) {}

  /** Loads the labs the first time the panel opens. */
  async open(readOnly: boolean): Promise<void> {
    this.readOnly = readOnly;
    if (this.labs) return;
    try {
      this.labs = await loadLabs();
    } catch (err) {
      showError(err);
      return;
    }
    const choice = byId<HTMLSelectElement>('lab-choice');
    choice.replaceChildren(...this.labs.map((lab) => el('option', { value: lab.id }, lab.title)));
    choice.addEventListener('change', () => this.show(choice.value));
    if (this.labs.length === 0) byId('lab-body').replaceChildren(el('p', { class: 'muted' }, t.noLabs));
    else this.show(this.labs[0]!.id);
  }

  private show(id: string): void {
    const lab = this.labs?.find((l) => l.id === id);
    if (!lab) return;
    const body = byId('lab-body');
    body.replaceChildren(...lab.steps.map((step, index) => {
      const section = el('section', { class: 'lab-step', 'data-step': String(index) }, el('h3', {}, step.title));
      const text = el('div', { class: 'lab-text' });
      text.append(renderMarkdown(step.markdown));
      for (const code of text.querySelectorAll('pre > code')) this.makeTypeable(code as HTMLElement);
      section.append(text);
      if (step.check) section.append(this.checkButton(lab.id, index));
      return section;
    }));
  }

  /** A code block as a button: click or Enter types it into the selected terminal. */
  private makeTypeable(code: HTMLElement): void {
    const pre = code.parentElement!;
    const text = (code.textContent ?? '').replace(/\n+$/, '');
    if (this.readOnly) return;
    pre.classList.add('typeable');
    pre.tabIndex = 0;
    pre.setAttribute('role', 'button');
    pre.setAttribute('aria-label', fmt('typeCode', { code: text }));
    const type = () => {
      const term = this.terminal();
      if (!term) {
        showError(new Error(t.selectInstanceFirst));
        return;
      }
      term.type(`${text.split('\n').join('\r')}\r`);
    };
    pre.addEventListener('click', type);
    pre.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter' && e.key !== ' ') return;
      e.preventDefault();
      type();
    });
  }

  private checkButton(labId: string, index: number): HTMLElement {
    const button = el('button', { type: 'button', class: 'check' }, t.check);
    const result = el('p', { class: 'check-result', role: 'status', 'aria-live': 'polite' });
    button.hidden = this.readOnly;
    button.addEventListener('click', async () => {
      const term = this.terminal();
      if (!term) {
        showError(new Error(t.selectInstanceFirst));
        return;
      }
      button.disabled = true;
      result.className = 'check-result';
      result.textContent = t.checking;
      try {
        const answer = await this.api.check(term.name, labId, index);
        result.classList.add(answer.ok ? 'ok' : 'not-yet');
        result.textContent = `${answer.ok ? t.checkOk : t.checkNotYet}: ${answer.message}`;
      } catch (err) {
        result.classList.add('not-yet');
        result.textContent = (err as Error).message;
      } finally {
        button.disabled = false;
      }
    });
    return el('div', { class: 'check-row' }, button, result);
  }
}
