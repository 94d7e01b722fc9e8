/**
 * Test helper: a minimal browser for the hub's pages over fetch: keeps
 * cookies, reads the CSRF token from a page's forms and posts forms with
 * it, without following redirects (tests look at the 303s themselves).
 */
export interface WebResponse { status: number; headers: Headers; body: string }

export class WebClient {
  readonly cookies = new Map<string, string>();
  /** The raw Set-Cookie lines of the last response. */
  lastSetCookies: string[] = [];

  constructor(readonly base: string) {}

  private remember(res: Response): void {
    this.lastSetCookies = res.headers.getSetCookie();
    for (const line of this.lastSetCookies) {
      const [pair] = line.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i);
      const value = pair!.slice(i + 1);
      if (value === '' || /Max-Age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(path: string): Promise<WebResponse> {
    const res = await fetch(new URL(path, this.base), { redirect: 'manual', headers: { Cookie: this.cookieHeader(), 'Accept-Language': 'en' } });
    this.remember(res);
    return { status: res.status, headers: res.headers, body: await res.text() };
  }

  /** The CSRF token the page at `path` puts in its forms. */
  async csrf(path = '/login'): Promise<string> {
    const page = await this.get(path);
    const m = /name="_csrf" value="([^"]+)"/.exec(page.body);
    if (!m) throw new Error(`no CSRF token on ${path} (HTTP ${page.status})`);
    return m[1]!;
  }

  /** POSTs a form; `csrf: false` leaves the token out, a string sends that one. */
  async post(path: string, fields: Record<string, string>, opts: { csrf?: boolean | string; from?: string; headers?: Record<string, string> } = {}): Promise<WebResponse> {
    const form = new URLSearchParams(fields);
    if (opts.csrf !== false) form.set('_csrf', typeof opts.csrf === 'string' ? opts.csrf : await this.csrf(opts.from ?? '/login'));
    const res = await fetch(new URL(path, this.base), {
      method: 'POST', redirect: 'manual', body: form,
      headers: { Cookie: this.cookieHeader(), 'Content-Type': 'application/x-www-form-urlencoded', 'Accept-Language': 'en', ...opts.headers },
    });
    this.remember(res);
    return { status: res.status, headers: res.headers, body: await res.text() };
  }

  async login(name: string, password: string): Promise<WebResponse> {
    return this.post('/login', { name, password });
  }
}
