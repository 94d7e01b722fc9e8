/**
 * The Dockerfile and .dockerignore are the build's instructions, not its
 * input. The docker CLI always sends them (even when .dockerignore excludes
 * them, so the daemon can read them); the daemon then drops each one that
 * .dockerignore excludes, so `COPY . /app` does not pick it up (moby
 * builder/remotecontext/detect.go, removeDockerfile).
 */
import dockerignore from '@balena/dockerignore';
import type { InRoot } from '@quai/engine';

type Matcher = { add(patterns: string[]): Matcher; ignores(path: string): boolean };
// The package is CommonJS: its factory is the default export, or that export's `default`.
const createMatcher = ((dockerignore as unknown as { default?: unknown }).default ?? dockerignore) as () => Matcher;

export async function dropIgnoredBuildFiles(context: InRoot, dockerfile: string): Promise<void> {
  const text = await context.readFile('.dockerignore').then((b) => b.toString('utf8'), () => undefined);
  if (text === undefined) return;
  const matcher = createMatcher().add(text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#')));
  for (const file of ['.dockerignore', dockerfile]) {
    const rel = file.replace(/^\.?\/+/, '');
    if (!matcher.ignores(rel)) continue;
    // The entry itself (a link is removed, never what it points to), inside the context.
    await context.remove(rel);
  }
}
