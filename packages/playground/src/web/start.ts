// The start page: a template to choose and Start; `?template=` and `?stack=URL` start at once.
import type { SessionJson } from '../shared/api.js';
import { createSession } from './api.js';
import { byId } from './dom.js';
import { fmt, lang, t } from './i18n.js';
import { clearMessages, notice, showError } from './messages.js';

export function sessionHref(session: SessionJson): string {
  return `/s/${encodeURIComponent(session.id)}?t=${encodeURIComponent(session.token)}&lang=${lang}`;
}

async function start(body: { template?: string; stack?: string; restore?: string }, button: HTMLButtonElement): Promise<void> {
  clearMessages();
  const label = button.textContent;
  button.disabled = true;
  button.textContent = t.starting;
  try {
    const session = await createSession(body);
    location.assign(sessionHref(session));
  } catch (err) {
    button.disabled = false;
    button.textContent = label;
    showError(err, () => void start(body, button));
  }
}

export function openStart(): void {
  const form = byId<HTMLFormElement>('start-form');
  const button = byId<HTMLButtonElement>('start');
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const template = new FormData(form).get('template');
    void start(template && template !== 'blank' ? { template: String(template) } : {}, button);
  });
  const restore = byId<HTMLFormElement>('restore-form');
  restore.addEventListener('submit', (e) => {
    e.preventDefault();
    const ref = String(new FormData(restore).get('ref') ?? '').trim();
    if (ref) void start({ restore: ref }, restore.querySelector('button')!);
  });

  const query = new URL(location.href).searchParams;
  const stack = query.get('stack');
  const template = query.get('template');
  if (stack) {
    notice(fmt('stackStarting', { url: stack }));
    void start({ stack, ...(template ? { template } : {}) }, button);
  } else if (template) {
    const radio = form.querySelector<HTMLInputElement>(`input[name=template][value="${CSS.escape(template)}"]`);
    if (radio) radio.checked = true;
    void start(template === 'blank' ? {} : { template }, button);
  }
}
