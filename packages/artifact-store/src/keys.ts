import { StoreKeyError } from './errors.js';

/**
 * Checks a key: a relative, `/`-separated path with no empty, `.` or `..` segment, no
 * backslash and no control character, so it names the same object on disk and on S3 and
 * cannot leave the store's root.
 * @throws StoreKeyError (`BAD_KEY`) naming the key.
 */
export function checkKey(key: string): string {
  if (typeof key !== 'string' || key === '') throw new StoreKeyError(String(key), 'empty');
  if (key.startsWith('/')) throw new StoreKeyError(key, 'starts with /');
  if (key.includes('\\')) throw new StoreKeyError(key, 'holds a backslash');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(key)) throw new StoreKeyError(key, 'holds a control character');
  for (const segment of key.split('/')) {
    if (segment === '') throw new StoreKeyError(key, 'has an empty segment');
    if (segment === '.' || segment === '..') throw new StoreKeyError(key, `has a '${segment}' segment`);
  }
  return key;
}

/**
 * Checks a list or delete prefix: '' (the whole store) or a key, optionally ending with '/'.
 * A prefix matches keys as a string, like S3: `train` matches `train/x` and `train_sup/y`.
 * @throws StoreKeyError (`BAD_KEY`) naming the prefix.
 */
export function checkPrefix(prefix: string): string {
  if (prefix === '') return prefix;
  checkKey(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
  return prefix;
}
