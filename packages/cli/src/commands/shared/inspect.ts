/**
 * `inspect` for any object type: fetch each ref's JSON, then print either the
 * indented array (Docker: json.Indent with four spaces) or the template per object.
 * Refs that are not found are reported after the output, exit status 1.
 */
import { ApiError } from '@quai/client';
import { StatusError, describeError, type Cli } from '../../cli.js';
import { goJson, parse, render, type Template } from '../../format/go-template.js';

export type ObjectType = 'container' | 'image' | 'volume' | 'network' | 'namespace';

const PATHS: Record<ObjectType, (ref: string, size: boolean) => string> = {
  container: (r, size) => `/containers/${r}/json${size ? '?size=1' : ''}`,
  image: (r) => `/images/${r}/json`,
  volume: (r) => `/volumes/${r}`,
  network: (r) => `/networks/${r}`,
  namespace: (r) => `/quai/namespaces/${r}`,
};

/** JSON.stringify with four spaces and Go's escaping of <, >, &. */
export function indentJson(values: unknown[]): string {
  if (!values.length) return '[]';
  return JSON.stringify(values, null, 4).replace(/[<>&\u2028\u2029]/g, (c) => goJson(c).slice(1, -1));
}

export async function inspectObjects(cli: Cli, refs: string[], o: { format?: string; types: ObjectType[]; size?: boolean }): Promise<void> {
  let tmpl: Template | undefined;
  if (o.format) {
    try {
      tmpl = parse(o.format);
    } catch (err) {
      throw new StatusError(64, `template parsing error: ${(err as Error).message}`);
    }
  }
  const found: unknown[] = [];
  const errors: string[] = [];
  for (const ref of refs) {
    let got: unknown;
    let lastErr: unknown;
    for (const type of o.types) {
      try {
        got = await cli.client.json('GET', PATHS[type](encodeURIComponent(ref), o.size === true));
        break;
      } catch (err) {
        lastErr = err;
        if (!(err instanceof ApiError && err.statusCode === 404)) break;
      }
    }
    if (got === undefined) {
      const notFound = lastErr instanceof ApiError && lastErr.statusCode === 404;
      errors.push(notFound && o.types.length > 1 ? `Error: No such object: ${ref}` : describeError(lastErr));
      continue;
    }
    found.push(got);
  }
  if (tmpl) {
    for (const v of found) {
      try {
        cli.out(`${render(tmpl, v)}\n`);
      } catch (err) {
        throw new StatusError(1, `template: ${(err as Error).message.replace(/^template: /, '')}`);
      }
    }
  } else {
    cli.out(`${indentJson(found)}\n`);
  }
  if (errors.length) throw new StatusError(1, errors.join('\n'));
}
