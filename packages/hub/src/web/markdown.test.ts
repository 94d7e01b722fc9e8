import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderReadme } from './markdown.js';

describe('renderReadme', () => {
  it('renders Markdown: headings, code, tables, links', () => {
    const out = renderReadme('# nginx\n\n```sh\ndocker run nginx\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nSee https://nginx.org.').value;
    assert.match(out, /<h1>nginx<\/h1>/);
    assert.match(out, /<pre><code class="language-sh">docker run nginx\n<\/code><\/pre>/);
    assert.match(out, /<td>1<\/td>/);
    assert.match(out, /<a href="https:\/\/nginx.org" rel="nofollow noopener noreferrer">/);
  });

  const attacks: Array<[string, RegExp]> = [
    ['<script>alert(1)</script>', /<script|alert\(1\)/i],
    ['<img src=x onerror="alert(1)">', /onerror/i],
    ['<a href="javascript:alert(1)">x</a>', /javascript:/i],
    ['[x](javascript:alert(1))', /href="javascript/i],
    ['[x](JaVaScRiPt&#58;alert(1))', /href="javascript/i],
    ['<a href="jav&#x09;ascript:alert(1)">x</a>', /href="jav/i],
    ['<iframe src="https://evil.example"></iframe>', /<iframe/i],
    ['<p style="background:url(javascript:x)" onclick="x()">p</p>', /style=|onclick/i],
    ['<svg><script>alert(1)</script></svg>', /<svg|<script/i],
    ['<img src="data:image/svg+xml;base64,PHN2Zz4=">', /data:/i],
    ['<form action="/logout"><button>x</button></form>', /<form|<button/i],
    ['<object data="x"></object><embed src="x">', /<object|<embed/i],
  ];
  for (const [input, bad] of attacks) {
    it(`neutralises ${input}`, () => {
      assert.doesNotMatch(renderReadme(input).value, bad);
    });
  }
});
