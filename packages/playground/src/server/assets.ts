/**
 * The page's static files, served from a list made by walking three
 * folders (never by joining a requested path onto a host directory):
 *
 *   /assets/app/...     packages/playground/dist/browser   (the page's compiled code)
 *   /assets/vendor/...  xterm.js (lib/, css/), addon-fit (lib/), marked (lib/) and DOMPurify (dist/) from node_modules
 *   /assets/...         packages/playground/assets         (CSS, images)
 *
 * A path that is not in the list is a 404; the list is made again when a
 * path is missing (a rebuilt page adds files), at most once a second.
 */
import { readdirSync, createReadStream, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerResponse } from 'node:http';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.map': 'application/json', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.html': 'text/html; charset=utf-8', '.txt': 'text/plain; charset=utf-8',
};

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

/** URL prefix → host folder, most specific first. */
function roots(): [string, string][] {
  const xterm = packageDir('@xterm/xterm');
  const fit = packageDir('@xterm/addon-fit');
  return [
    ['/assets/vendor/marked/lib/', join(packageDir('marked'), 'lib')],
    ['/assets/vendor/dompurify/dist/', dirname(require.resolve('dompurify'))], // its exports hide package.json
    ['/assets/app/', join(packageRoot, 'dist/browser')],
    ['/assets/vendor/xterm/lib/', join(xterm, 'lib')],
    ['/assets/vendor/xterm/css/', join(xterm, 'css')],
    ['/assets/vendor/addon-fit/lib/', join(fit, 'lib')],
    ['/assets/', join(packageRoot, 'assets')],
  ];
}

function walk(dir: string, prefix: string, into: Map<string, string>): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return; // not built yet
  }
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name.endsWith('.tsbuildinfo')) continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) walk(path, `${prefix}${e.name}/`, into);
    else if (e.isFile() && TYPES[extname(e.name)]) into.set(`${prefix}${e.name}`, path);
  }
}

export class Assets {
  private files = new Map<string, string>();
  private listedAt = 0;

  private list(): void {
    const files = new Map<string, string>();
    for (const [prefix, dir] of roots().reverse()) walk(dir, prefix, files);
    this.files = files;
    this.listedAt = Date.now();
  }

  /** Serves `pathname` if it is one of the files; false otherwise. */
  serve(pathname: string, res: ServerResponse, method: string): boolean {
    let file = this.files.get(pathname);
    if (!file && Date.now() - this.listedAt > 1000) {
      this.list();
      file = this.files.get(pathname);
    }
    if (!file) return false;
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      return false;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)]!, 'Content-Length': size, 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' });
    if (method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
    return true;
  }
}
