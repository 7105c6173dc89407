/**
 * What went wrong, for code that branches on it:
 * - `NOT_FOUND`: no object under the key ({@link StoreNotFoundError});
 * - `BAD_KEY`: a key that is not a safe relative path ({@link StoreKeyError});
 * - `BAD_ID`: a batch, version or run id that is not one safe key segment ({@link StoreIdError});
 * - `BAD_URL`: a store URL that names no store;
 * - `BAD_CONFIG`: an S3 setting out of range (e.g. a part size under 5 MiB);
 * - `NO_MANIFEST`: no dataset under a prefix, i.e. no `_manifest.json` ({@link DatasetNotFoundError});
 * - `BAD_MANIFEST`: a `_manifest.json` that is not a dpp-dataset/1 manifest;
 * - `CONFLICT`: a dataset write found its own parts gone before it could publish them;
 * - `IO`: the disk or the server failed; `cause` holds the underlying error.
 */
export type StoreErrorCode = 'NOT_FOUND' | 'BAD_KEY' | 'BAD_ID' | 'BAD_URL' | 'BAD_CONFIG' | 'NO_MANIFEST' | 'BAD_MANIFEST' | 'CONFLICT' | 'IO';

/** A store operation failed; `key` names the object (when one is concerned), `cause` the underlying error. */
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

/** The object does not exist (`cause`: the file system's ENOENT or S3's NoSuchKey / NotFound). */
export class StoreNotFoundError extends StoreError {
  override readonly name: string = 'StoreNotFoundError';
  override readonly code = 'NOT_FOUND' as const;
  constructor(store: string, key: string, cause?: unknown) {
    super('NOT_FOUND', `${store}/${key}: no such object`, { key, cause });
  }
}

/** A key (or prefix) that could escape the store or means different things on disk and on S3. */
export class StoreKeyError extends StoreError {
  override readonly name: string = 'StoreKeyError';
  override readonly code = 'BAD_KEY' as const;
  constructor(key: string, why: string) {
    super('BAD_KEY', `'${key}' is not a valid store key: ${why}`, { key });
  }
}

/** A batch, version or run id that is not `^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$`. */
export class StoreIdError extends StoreError {
  override readonly name: string = 'StoreIdError';
  override readonly code = 'BAD_ID' as const;
  /** What the id names: 'batch', 'version' or 'run'. */
  readonly kind: string;
  readonly id: string;
  constructor(kind: string, id: string) {
    super('BAD_ID', `'${id}' is not a valid ${kind} id (1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit)`);
    this.kind = kind;
    this.id = id;
  }
}

/** No dataset under the prefix: it has no `_manifest.json` (never committed, or deleted). */
export class DatasetNotFoundError extends StoreError {
  override readonly name: string = 'DatasetNotFoundError';
  override readonly code = 'NO_MANIFEST' as const;
  /** The dataset's prefix, e.g. `train` or `test_sample/batch-0001`. */
  readonly dataset: string;
  constructor(store: string, dataset: string, cause?: unknown) {
    super('NO_MANIFEST', `${store}/${dataset}: no dataset here (no _manifest.json)`, { key: dataset, cause });
    this.dataset = dataset;
  }
}
