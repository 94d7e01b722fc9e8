/**
 * READMEs: Markdown (markdown-it, CommonMark with GitHub's tables and
 * autolinks; raw HTML allowed as on Docker Hub) and then sanitized with
 * sanitize-html against an allow-list: no script or style, no event
 * handler or style attribute, links and images only http(s), mailto and
 * relative (so no javascript: or data: URLs in links). The sanitizer runs
 * last, on the final HTML, so nothing Markdown produces can get around it.
 */
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { createHash } from 'node:crypto';
import { setBounded } from '@quai/common';
import { trusted, type Html } from './html.js';

const md = new MarkdownIt({ html: true, linkify: true, typographer: false });

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote', 'pre', 'code', 'kbd', 'samp', 'em', 'strong', 'b', 'i', 's', 'del', 'ins',
    'sub', 'sup', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'details', 'summary', 'span', 'div',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'name', 'rel'], img: ['src', 'alt', 'title', 'width', 'height'], th: ['align'], td: ['align'], ol: ['start'], code: ['class'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  allowedClasses: { code: [/^language-[\w-]+$/] },
  disallowedTagsMode: 'discard',
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener noreferrer' }) },
};

const cache = new Map<string, Html>();

/** Safe HTML for a README; the same text renders once (a small cache keyed by its hash). */
export function renderReadme(markdown: string): Html {
  const key = createHash('sha256').update(markdown).digest('hex');
  let out = cache.get(key);
  if (!out) {
    out = trusted(sanitizeHtml(md.render(markdown), SANITIZE));
    setBounded(cache, key, out, 500);
  }
  return out;
}
