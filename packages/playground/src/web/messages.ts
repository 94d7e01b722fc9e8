// What the page tells the user: errors (role=alert) and passing notices
// (role=status). An out-of-capacity refusal says when to try again and
// offers a button that becomes active then.
import { ApiFailure } from './api.js';
import { el, byId } from './dom.js';
import { fmt, t } from './i18n.js';

export function notice(text: string): void {
  const box = byId('notices');
  box.replaceChildren(el('p', {}, text));
}

export function clearMessages(): void {
  byId('messages').replaceChildren();
  byId('notices').replaceChildren();
}

/** Shows the error; with `retry`, a refusal that says "later" gets a Try again button. */
export function showError(err: unknown, retry?: () => void): void {
  const box = byId('messages');
  const message = err instanceof Error ? err.message : String(err);
  const p = el('p', { class: 'error' }, message);
  box.replaceChildren(p);
  if (!(err instanceof ApiFailure) || err.retryAfter === undefined) return;
  const until = Date.now() + err.retryAfter * 1000;
  const when = el('span', { class: 'retry-when' });
  const button = el('button', { type: 'button', disabled: true }, t.retryNow);
  p.append(' ', when, ' ', button);
  const tick = () => {
    const left = Math.ceil((until - Date.now()) / 1000);
    if (left > 0) {
      when.textContent = fmt('retryIn', { seconds: left });
      return;
    }
    clearInterval(timer);
    when.textContent = '';
    button.disabled = !retry;
  };
  const timer = setInterval(tick, 1000);
  tick();
  button.addEventListener('click', () => {
    box.replaceChildren();
    retry?.();
  });
}
