// The session page: the instance list (polled), one terminal per instance,
// the session's time left, share links, save, close, files in and out, and
// the labs panel. A read-only viewer sees the same page without the
// controls that change the session (.rw-only).
import type { InstanceJson, SessionJson } from '../shared/api.js';
import { ApiFailure, SessionApi } from './api.js';
import { byId, el, formatBytes, formatDuration } from './dom.js';
import { FileTransfers } from './files.js';
import { fmt, lang, t } from './i18n.js';
import { LabsPanel } from './labs.js';
import { clearMessages, notice, showError } from './messages.js';
import { InstanceTerminal, stateText } from './terminal.js';

const POLL_MS = 3000;

interface InstanceRow {
  li: HTMLLIElement;
  select: HTMLButtonElement;
  ip: HTMLElement;
  memory: HTMLElement;
  cpu: HTMLElement;
  ports: HTMLElement;
  portKey: string;
}

class SessionView {
  private session: SessionJson | undefined;
  private readonly rows = new Map<string, InstanceRow>();
  private readonly terminals = new Map<string, InstanceTerminal>();
  private selected: string | undefined;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private polling: Promise<void> | undefined;
  private clockTimer: ReturnType<typeof setInterval> | undefined;
  private ended = false;
  private closing = false;
  private readOnly = true;
  private readonly files: FileTransfers;
  private readonly labs: LabsPanel;

  constructor(private readonly api: SessionApi) {
    this.files = new FileTransfers(api, () => this.selected);
    this.labs = new LabsPanel(api, () => (this.selected ? this.terminals.get(this.selected) : undefined));
  }

  async open(): Promise<void> {
    try {
      this.session = await this.api.get();
    } catch (err) {
      this.end(err);
      return;
    }
    this.readOnly = this.session.access !== 'rw';
    document.body.classList.toggle('read-only', this.readOnly);
    byId('read-only').hidden = !this.readOnly;
    if (this.session.shareLinks) {
      byId<HTMLInputElement>('share-rw').value = this.session.shareLinks.rw;
      byId<HTMLInputElement>('share-ro').value = this.session.shareLinks.ro;
    }
    this.bindControls();
    this.render(this.session);
    const first = this.session.instances[0];
    if (first) this.select(first.name);
    this.clockTimer = setInterval(() => this.showTimeLeft(), 1000);
    this.showTimeLeft();
    this.schedulePoll();
  }

  private bindControls(): void {
    byId('add-instance').addEventListener('click', () => void this.addInstance());
    byId('close-session').addEventListener('click', () => void this.close());
    byId('reconnect').addEventListener('click', () => this.selectedTerminal()?.reconnect());
    for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-copy]')) {
      button.addEventListener('click', () => void copyField(byId<HTMLInputElement>(button.dataset.copy!)));
    }
    byId<HTMLFormElement>('save-form').addEventListener('submit', (e) => {
      e.preventDefault();
      void this.save(byId<HTMLInputElement>('save-name').value.trim());
    });
    const toggle = byId('toggle-labs');
    toggle.addEventListener('click', () => {
      const panel = byId('labs-panel');
      panel.hidden = !panel.hidden;
      toggle.setAttribute('aria-expanded', String(!panel.hidden));
      toggle.textContent = panel.hidden ? t.labs : t.hideLabs;
      if (!panel.hidden) void this.labs.open(this.readOnly);
    });
    this.files.bind(byId('terminals'), byId<HTMLInputElement>('upload-input'), byId<HTMLFormElement>('download-form'));
    new ResizeObserver(() => this.selectedTerminal()?.fit()).observe(byId('terminals'));
    window.addEventListener('online', () => {
      for (const term of this.terminals.values()) if (term.state.kind === 'disconnected') term.reconnect();
    });
  }

  private selectedTerminal(): InstanceTerminal | undefined {
    return this.selected ? this.terminals.get(this.selected) : undefined;
  }

  private schedulePoll(): void {
    clearTimeout(this.pollTimer);
    if (this.ended || this.closing) return;
    this.pollTimer = setTimeout(() => {
      this.polling = this.poll();
    }, POLL_MS);
  }

  private async poll(): Promise<void> {
    try {
      this.session = await this.api.get();
      if (this.ended) return;
      this.render(this.session);
    } catch (err) {
      if (err instanceof ApiFailure && [401, 403, 404].includes(err.status)) {
        this.end(err);
        return;
      }
      // A passing network error: the next poll tries again; the terminals show their own state.
    }
    this.schedulePoll();
  }

  private showTimeLeft(): void {
    if (!this.session) return;
    const left = Date.parse(this.session.expiresAt) - Date.now();
    byId('time-left').textContent = formatDuration(left);
    byId('time-left').setAttribute('datetime', this.session.expiresAt);
    if (left <= 0 && !this.ended) this.end(new Error(t.expired));
  }

  /** The instance list as the server sees it: rows added, updated in place, removed. */
  private render(session: SessionJson): void {
    const list = byId('instance-list');
    const names = new Set(session.instances.map((i) => i.name));
    for (const [name, row] of this.rows) {
      if (names.has(name)) continue;
      row.li.remove();
      this.rows.delete(name);
      this.terminals.get(name)?.dispose();
      this.terminals.delete(name);
      if (this.selected === name) this.select(session.instances[0]?.name);
    }
    for (const instance of session.instances) {
      let row = this.rows.get(instance.name);
      if (!row) {
        row = this.newRow(instance);
        this.rows.set(instance.name, row);
        list.append(row.li);
      }
      this.updateRow(row, instance);
    }
    byId('no-instances').hidden = session.instances.length > 0;
  }

  private newRow(instance: InstanceJson): InstanceRow {
    const name = instance.name;
    const select = el('button', { type: 'button', class: 'select', 'aria-pressed': 'false' }, el('span', { class: 'hostname' }, name));
    const ip = el('span', { class: 'ip' });
    select.append(' ', ip);
    select.addEventListener('click', () => this.select(name));
    const memory = el('dd');
    const cpu = el('dd');
    const usage = el('dl', { class: 'usage' }, el('dt', {}, t.memory), memory, el('dt', {}, t.cpu), cpu);
    const ports = el('div', { class: 'ports' });
    const remove = el('button', { type: 'button', class: 'delete rw-only', 'aria-label': fmt('deleteInstance', { name }), title: fmt('deleteInstance', { name }) }, '×');
    remove.addEventListener('click', () => void this.removeInstance(name));
    const li = el('li', { class: 'instance', 'data-instance': name }, select, remove, usage, ports);
    return { li, select, ip, memory, cpu, ports, portKey: '' };
  }

  private updateRow(row: InstanceRow, instance: InstanceJson): void {
    row.ip.textContent = instance.ip;
    row.memory.textContent = formatBytes(instance.memoryBytes);
    row.cpu.textContent = `${instance.cpuPercent.toFixed(1)} %`;
    const portKey = instance.ports.map((p) => `${p.port}=${p.url}`).join(' ');
    if (portKey === row.portKey) return;
    row.portKey = portKey;
    row.ports.replaceChildren();
    if (instance.ports.length === 0) return;
    row.ports.append(el('span', { class: 'label' }, t.ports));
    for (const p of instance.ports) {
      row.ports.append(' ', el('a', { href: p.url, target: '_blank', rel: 'noopener noreferrer', class: 'port' }, fmt('portLink', { port: p.port })));
    }
  }

  /** Shows `name`'s terminal (made on first use) and marks it in the list. */
  private select(name: string | undefined): void {
    this.selectedTerminal()?.hide();
    this.selected = name;
    for (const [n, row] of this.rows) {
      row.li.classList.toggle('selected', n === name);
      row.select.setAttribute('aria-pressed', String(n === name));
    }
    byId('instance-bar').hidden = !name;
    byId('upload-hint').hidden = !name;
    if (!name) return;
    let term = this.terminals.get(name);
    if (!term) {
      term = new InstanceTerminal(name, () => this.api.terminalUrl(name), this.readOnly, (changed) => this.showState(changed));
      this.terminals.set(name, term);
      byId('terminals').append(term.element);
    }
    const ip = this.session?.instances.find((i) => i.name === name)?.ip;
    byId('instance-title').textContent = ip ? `${name} · ${ip}` : name;
    term.show();
    this.showState(term);
  }

  private showState(term: InstanceTerminal): void {
    if (term.name !== this.selected) return;
    const status = byId('terminal-status');
    status.textContent = stateText(term.state);
    status.dataset.state = term.state.kind;
    byId('reconnect').hidden = term.state.kind === 'connected' || term.state.kind === 'connecting';
  }

  private async addInstance(): Promise<void> {
    const button = byId<HTMLButtonElement>('add-instance');
    clearMessages();
    button.disabled = true;
    notice(t.adding);
    try {
      const instance = await this.api.addInstance();
      this.session = await this.api.get();
      this.render(this.session);
      this.select(instance.name);
      clearMessages();
    } catch (err) {
      byId('notices').replaceChildren();
      showError(err, () => void this.addInstance());
    } finally {
      button.disabled = false;
    }
  }

  private async removeInstance(name: string): Promise<void> {
    clearMessages();
    try {
      await this.api.removeInstance(name);
      if (this.session) {
        this.session = { ...this.session, instances: this.session.instances.filter((i) => i.name !== name) };
        this.render(this.session);
      }
    } catch (err) {
      showError(err);
    }
  }

  private async save(name: string): Promise<void> {
    clearMessages();
    notice(t.saving);
    try {
      const ref = await this.api.save(name || undefined);
      notice(fmt('savedAs', { ref }));
    } catch (err) {
      byId('notices').replaceChildren();
      showError(err);
    }
  }

  private async close(): Promise<void> {
    clearMessages();
    const button = byId<HTMLButtonElement>('close-session');
    button.disabled = true;
    this.closing = true;
    clearTimeout(this.pollTimer);
    await this.polling; // its answer would be a 404 once the session is gone
    try {
      await this.api.close();
    } catch (err) {
      button.disabled = false;
      showError(err);
      this.closing = false;
      this.schedulePoll();
      return;
    }
    this.end(undefined);
    notice(t.closed);
  }

  /** The session is over (closed, expired, gone or refused): stop everything, offer a new one. */
  private end(reason: unknown): void {
    this.ended = true;
    clearTimeout(this.pollTimer);
    clearInterval(this.clockTimer);
    for (const term of this.terminals.values()) term.dispose();
    this.terminals.clear();
    document.body.classList.add('ended');
    for (const control of document.querySelectorAll<HTMLElement>('.session-tools .menu, .session-tools button')) control.hidden = true;
    byId('main').replaceChildren(el('p', { class: 'restart' }, el('a', { class: 'button primary', href: `/?lang=${lang}` }, t.startNew)));
    if (reason !== undefined) showError(reason);
  }
}

async function copyField(input: HTMLInputElement): Promise<void> {
  try {
    await navigator.clipboard.writeText(input.value);
  } catch {
    input.select();
    document.execCommand('copy');
  }
  notice(t.copied);
}

export function openSession(): void {
  const id = decodeURIComponent(location.pathname.split('/')[2] ?? '');
  const token = new URL(location.href).searchParams.get('t');
  const view = new SessionView(new SessionApi(id, token ?? ''));
  if (!token) {
    showError(new Error(t.noToken));
    byId('main').replaceChildren(el('p', { class: 'restart' }, el('a', { class: 'button primary', href: `/?lang=${lang}` }, t.startNew)));
    return;
  }
  void view.open();
}
