import { StoreError } from './errors.js';

/**
 * Checks a key: `/`-separated, relative, no empty, `.` or `..` segment, no backslash.
 * @throws StoreError `BAD_KEY` naming the key.
 */
export function checkKey(key: string): string {
  if (key === '' || key.startsWith('/') || key.includes('\\') || key.split('/').some((s) => s === '' || s === '.' || s === '..')) {
    throw new StoreError('BAD_KEY', `'${key}' is not a valid store key (relative, '/'-separated, no empty, '.' or '..' segments)`, { key });
  }
  return key;
}

/** Checks a key prefix: empty (the whole store) or a key, optionally ending with '/'. */
export function checkPrefix(prefix: string): string {
  if (prefix === '') return prefix;
  checkKey(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
  return prefix;
}
