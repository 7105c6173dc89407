/** A body to store: bytes, text, or a stream of byte chunks (written without holding it all). */
export type StoreBody = Uint8Array | string | AsyncIterable<Uint8Array>;

/**
 * One interface over a local folder and S3. Keys are `/`-separated relative paths. Each
 * `put` is atomic: a reader sees the old object or the new one, never a part.
 */
export interface Store {
  /** `file:///abs/path` or `s3://bucket/prefix`: where the store is. */
  readonly url: string;
  /** @throws StoreNotFoundError when the key does not exist. */
  get(key: string): Promise<Uint8Array>;
  /** Streams an object. @throws StoreNotFoundError when the key does not exist. */
  getStream(key: string): Promise<AsyncIterable<Uint8Array>>;
  put(key: string, body: StoreBody): Promise<void>;
  exists(key: string): Promise<boolean>;
  /** Every key under `prefix` (recursive), sorted. */
  list(prefix: string): Promise<string[]>;
  /** Deleting a missing key is no error. */
  delete(key: string): Promise<void>;
  deletePrefix(prefix: string): Promise<void>;
}
