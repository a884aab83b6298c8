/**
 * Go's `path.Clean` for `/`-separated paths, shared by the data store's references and the secret manager's files.
 *
 * @module
 */

/** Go `path.Clean` of a slash-separated path, keeping whether it was absolute; an empty relative result is `''` (Go's is `.`). */
export function cleanPath(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = out.join('/');
  return absolute ? `/${joined}` : joined;
}
