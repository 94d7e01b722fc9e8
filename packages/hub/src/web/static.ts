/** /static: the stylesheet and script of the pages (packages/hub/assets), read once, cached by the browser for an hour. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { securityHeaders } from './layout.js';

const ASSETS = fileURLToPath(new URL('../../assets/', import.meta.url));
const FILES: Record<string, { type: string; bytes?: Buffer }> = {
  '/static/hub.css': { type: 'text/css; charset=utf-8' },
  '/static/hub.js': { type: 'text/javascript; charset=utf-8' },
};

export function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): void {
  const file = FILES[pathname];
  securityHeaders(res);
  if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) {
    res.writeHead(404, { 'Content-Type': 'text/plain', 'Content-Length': 9 });
    res.end('not found');
    return;
  }
  file.bytes ??= readFileSync(`${ASSETS}${pathname.slice('/static/'.length)}`);
  res.writeHead(200, { 'Content-Type': file.type, 'Content-Length': file.bytes.length, 'Cache-Control': 'public, max-age=3600' });
  res.end(req.method === 'HEAD' ? undefined : file.bytes);
}
