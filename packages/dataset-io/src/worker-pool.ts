import { Worker } from 'node:worker_threads';

/**
 * A fixed set of worker threads running one script. Each job is a message; the worker
 * answers `{ id, ...result }` or `{ id, error }`. Jobs are handed to idle workers in the
 * order they come; answers may come back in any order (callers await their own promise).
 */
export class WorkerPool<Request extends object, Response> {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: Array<{ request: Request; transfer: ArrayBuffer[]; resolve: (r: Response) => void; reject: (e: Error) => void }> = [];
  private readonly waiting = new Map<number, { worker: Worker; resolve: (r: Response) => void; reject: (e: Error) => void }>();
  private nextId = 0;

  constructor(script: URL, size: number) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(script);
      worker.on('message', (message: { id: number; error?: string } & Response) => {
        const job = this.waiting.get(message.id);
        if (job === undefined) return;
        this.waiting.delete(message.id);
        if (message.error !== undefined) job.reject(new Error(message.error));
        else job.resolve(message);
        this.idle.push(worker);
        this.dispatch();
      });
      worker.on('error', (error) => {
        for (const [id, job] of this.waiting) {
          if (job.worker === worker) {
            this.waiting.delete(id);
            job.reject(error);
          }
        }
      });
      this.all.push(worker);
      this.idle.push(worker);
    }
  }

  /** Runs one job; `transfer` lists buffers moved to the worker instead of copied. */
  run(request: Request, transfer: ArrayBuffer[] = []): Promise<Response> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request, transfer, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop() as Worker;
      const job = this.queue.shift() as (typeof this.queue)[number];
      const id = this.nextId++;
      this.waiting.set(id, { worker, resolve: job.resolve, reject: job.reject });
      worker.postMessage({ ...job.request, id }, job.transfer);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((w) => w.terminate()));
  }
}
