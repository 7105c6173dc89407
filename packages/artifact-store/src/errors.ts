export type StoreErrorCode = 'NOT_FOUND' | 'BAD_KEY' | 'BAD_ID' | 'BAD_URL' | 'NO_MANIFEST' | 'IO';

/** A store operation failed; `key` names the object, `cause` holds the underlying error. */
export class StoreError extends Error {
  override readonly name: string = 'StoreError';
  readonly code: StoreErrorCode;
  readonly key: string | undefined;
  constructor(code: StoreErrorCode, message: string, options: { key?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.key = options.key;
  }
}

/** The object does not exist. */
export class StoreNotFoundError extends StoreError {
  override readonly name = 'StoreNotFoundError';
  constructor(store: string, key: string, cause?: unknown) {
    super('NOT_FOUND', `${store}/${key}: no such object`, { key, cause });
  }
}
