/**
 * A bounded queue of batches from one producer to one consumer, so that one stream can feed
 * two writers at once (ingest's train and test) without holding more than `capacity` items.
 * The producer awaits {@link push}; the consumer iterates it once.
 */
export class BatchChannel<T> implements AsyncIterable<T> {
  private readonly queue: T[] = [];
  private state: 'open' | 'ended' | 'failed' | 'closed' = 'open';
  private failure: unknown;
  private wakeConsumer: (() => void) | undefined;
  private wakeProducer: (() => void) | undefined;

  constructor(private readonly capacity = 2) {}

  /** Queues a batch, waiting while the queue is full. False when the consumer has stopped: stop producing. */
  async push(batch: T): Promise<boolean> {
    while (this.state === 'open' && this.queue.length >= this.capacity) await new Promise<void>((resolve) => (this.wakeProducer = resolve));
    if (this.state !== 'open') return false;
    this.queue.push(batch);
    this.wake();
    return true;
  }

  /** No more batches: the consumer's loop ends after the queued ones. */
  end(): void {
    if (this.state === 'open') this.state = 'ended';
    this.wake();
  }

  /** The producer failed: the consumer's loop throws `error` (after no more batches). */
  fail(error: unknown): void {
    if (this.state !== 'open') return;
    this.state = 'failed';
    this.failure = error;
    this.queue.length = 0;
    this.wake();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    try {
      for (;;) {
        const batch = this.queue.shift();
        if (batch !== undefined) {
          this.wake();
          yield batch;
          continue;
        }
        if (this.state === 'failed') throw this.failure;
        if (this.state !== 'open') return;
        await new Promise<void>((resolve) => (this.wakeConsumer = resolve));
      }
    } finally {
      // the consumer stopped (done, or failed itself): a waiting producer must not wait forever
      if (this.state === 'open') this.state = 'closed';
      this.wake();
    }
  }

  private wake(): void {
    const consumer = this.wakeConsumer;
    const producer = this.wakeProducer;
    this.wakeConsumer = undefined;
    this.wakeProducer = undefined;
    consumer?.();
    producer?.();
  }
}
