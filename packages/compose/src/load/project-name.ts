/**
 * Project names as docker compose makes them from a directory or a `name:`:
 * lower case, only [a-z0-9_-], no leading `_` or `-`. "My App.v2" → "myappv2".
 */
export function normalizeProjectName(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9_-]+/g, '').replace(/^[_-]+/, '');
}
