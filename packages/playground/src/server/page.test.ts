import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { UI_STRINGS } from '../shared/ui-strings.js';
import { PAGE_CSP, renderPage } from './page.js';

describe('renderPage', () => {
  it('sets <html lang> and the words of the language', () => {
    const fr = renderPage({ lang: 'fr', kind: 'start' });
    assert.match(fr, /<html lang="fr">/);
    assert.match(fr, />Démarrer</);
    const en = renderPage({ lang: 'en', kind: 'session' });
    assert.match(en, /<html lang="en">/);
    assert.match(en, />Add new instance</);
    assert.match(en, />Close session</);
    assert.doesNotMatch(en, /id="start"/);
  });

  it('runs no inline code: the only inline scripts are the import map, allowed by its hash, and JSON data', () => {
    const html = renderPage({ lang: 'en', kind: 'session' });
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    const inline = scripts.filter(([, , body]) => body!.length > 0);
    assert.deepEqual(inline.map(([, attrs]) => attrs!.trim()), ['type="importmap"', 'type="application/json" id="ui-strings"']);
    const hash = createHash('sha256').update(inline[0]![2]!).digest('base64');
    assert.ok(PAGE_CSP.includes(`'sha256-${hash}'`), 'the CSP allows the import map by its hash');
    assert.doesNotMatch(PAGE_CSP, /script-src[^;]*'unsafe-inline'/);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="[^"]*script-src 'self'/);
    assert.deepEqual(JSON.parse(inline[1]![2]!), UI_STRINGS.en);
  });

  it('gives only patterns the browser can compile (it reads them with the v flag)', () => {
    const html = renderPage({ lang: 'en', kind: 'session' }) + renderPage({ lang: 'en', kind: 'start' });
    const patterns = [...html.matchAll(/pattern="([^"]*)"/g)].map((m) => m[1]!);
    assert.ok(patterns.length > 0);
    for (const p of patterns) assert.doesNotThrow(() => new RegExp(`^(?:${p})$`, 'v'), p);
  });

  it('keeps the words block from ending its script element', () => {
    const html = renderPage({ lang: 'en', kind: 'start' });
    const block = /<script type="application\/json" id="ui-strings">([\s\S]*?)<\/script>/.exec(html)![1]!;
    assert.doesNotMatch(block, /</);
  });
});

describe('UI_STRINGS', () => {
  it('has every word in both languages, none empty', () => {
    assert.deepEqual(Object.keys(UI_STRINGS.fr).sort(), Object.keys(UI_STRINGS.en).sort());
    for (const lang of ['en', 'fr'] as const) {
      for (const [key, text] of Object.entries(UI_STRINGS[lang])) assert.ok(text.trim(), `${lang}.${key}`);
    }
  });
});
