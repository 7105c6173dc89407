/** A body to store: bytes, text, or a stream of byte chunks (written without holding it all). */
export type StoreBody = Uint8Array | string | AsyncIterable<Uint8Array>;

/** Options of {@link Store.get}. */
export interface GetOptions {
  /**
   * A buffer the caller no longer needs (the bytes of an object it is done with): the store
   * may read the object into it when it is large enough, and return a view of it. Reading
   * into memory already touched is much cheaper than into fresh memory on virtual machines
   * whose host backs a page only when it is first touched. The local store uses it; S3 reads
   * into a buffer of its own. Default: none.
   */
  into?: Uint8Array;
  /**
   * Only these bytes of the object, clipped to it (a range past its end gives fewer bytes, or
   * none). On S3 an HTTP range request. Default: the whole object.
   */
  range?: ByteRange;
}

/** Some bytes of an object: from `start` up to (not including) `end`. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * One interface over a local folder and S3. Keys are `/`-separated relative paths. Each
 * `put` is atomic: a reader sees the old object or the new one, never a part.
 */
export interface Store {
  /** `file:///abs/path` or `s3://bucket/prefix`: where the store is. */
  readonly url: string;
  /** @throws StoreNotFoundError when the key does not exist. */
  get(key: string, options?: GetOptions): Promise<Uint8Array>;
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
