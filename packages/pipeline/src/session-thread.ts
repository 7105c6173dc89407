import { Worker } from 'node:worker_threads';
import type { InferenceSession } from 'onnxruntime-node';
import type { SessionRequest } from './session-feeds.js';

/** A model's session as score uses it: requests answered in order, float32 buffers handed out for reuse. */
export interface Scorer {
  readonly inputNames: readonly string[];
  /**
   * Requests to keep in flight. 1: each is answered before the caller reads on, so a request
   * may point into buffers the caller reuses afterwards; more: a request's buffers must be its
   * own (from {@link floats}).
   */
  readonly inFlight: number;
  /** A float32 buffer of at least `rows` values for input `name` (one handed back by an answered request when there is one). */
  floats(name: string, rows: number): Float32Array;
  /** Scores one request; its float32 buffers may be moved away (unusable until {@link floats} hands them out again). */
  run(request: SessionRequest): Promise<Float32Array>;
  close(): Promise<void>;
}

/** The session on the calling thread: for small batches, where starting a thread (about 0.1 s) would cost more than the overlap saves. */
export class InlineSession implements Scorer {
  readonly inFlight = 1;
  private constructor(
    private readonly session: InferenceSession,
    private readonly runRequest: (session: InferenceSession, request: SessionRequest) => Promise<Float32Array>,
  ) {}

  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  /** onnxruntime-node is loaded on this thread only when a session is needed here. */
  static async start(model: Uint8Array): Promise<InlineSession> {
    const feeds = await import('./session-feeds.js');
    return new InlineSession(await feeds.createSession(model), feeds.runRequest);
  }

  floats(_name: string, rows: number): Float32Array {
    return new Float32Array(rows);
  }

  run(request: SessionRequest): Promise<Float32Array> {
    return this.runRequest(this.session, request);
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}

/** What the worker answers: its inputs once started (or why it could not start), then for request `id` the scores and the request's inputs handed back, or an error. */
export type SessionReply = { inputNames: string[] } | { id: number; pd: Float32Array; inputs: Record<string, Float32Array | string[]> } | { id?: number; error: string };

/**
 * An ONNX model's onnxruntime-node session on a worker thread, so that the caller reads and
 * decodes the next rows while the session scores these: `session.run` holds the thread it is
 * called on for the whole run (onnxruntime-node runs it synchronously), and by default uses
 * one core. A request onnxruntime refuses is rejected with its message; the others are
 * answered all the same. The float32 buffers of a request are moved to the worker and come
 * back with its answer: {@link floats} hands them out again, so that a stream of requests of
 * one size reuses a few sets of buffers.
 */
export class SessionThread implements Scorer {
  readonly inFlight = 2;
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (pd: Float32Array) => void; reject: (error: Error) => void }>();
  private nextId = 0;
  private readonly spare = new Map<string, Float32Array[]>();
  private failure: Error | undefined;

  private constructor(
    worker: Worker,
    readonly inputNames: readonly string[],
  ) {
    this.worker = worker;
    // answers are matched by id: a request onnxruntime refuses at once is answered before
    // one made earlier that is still running
    worker.on('message', (reply: SessionReply) => {
      if (!('id' in reply) || reply.id === undefined) return;
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if ('error' in reply) return waiting?.reject(new Error(`onnxruntime: ${reply.error}`));
      for (const [name, values] of Object.entries(reply.inputs)) if (values instanceof Float32Array) this.give(name, values);
      waiting?.resolve(reply.pd);
    });
    worker.on('error', (error) => this.fail(error));
  }

  /** Starts the worker and the session on `model` (an ONNX file's bytes, copied to the worker). */
  static async start(model: Uint8Array): Promise<SessionThread> {
    const worker = new Worker(new URL('./session-worker.js', import.meta.url), { workerData: { model } });
    // the first answer, then only these two listeners off: a Worker's own keep its messages flowing
    const reply = await new Promise<SessionReply>((resolve, reject) => {
      const onMessage = (first: SessionReply) => {
        worker.off('error', onError);
        resolve(first);
      };
      const onError = (error: Error) => {
        worker.off('message', onMessage);
        reject(error);
      };
      worker.once('message', onMessage);
      worker.once('error', onError);
    }).catch(async (error: unknown) => {
      await worker.terminate();
      throw error;
    });
    if (!('inputNames' in reply)) {
      await worker.terminate();
      throw new Error(`onnxruntime: ${'error' in reply ? reply.error : 'no session'}`);
    }
    return new SessionThread(worker, reply.inputNames);
  }

  floats(name: string, rows: number): Float32Array {
    const reused = this.spare.get(name)?.pop();
    return reused !== undefined && reused.length >= rows ? reused.subarray(0, rows) : new Float32Array(rows);
  }

  /** Scores one request; its float32 buffers are moved to the worker and back. */
  run(request: SessionRequest): Promise<Float32Array> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      const transfer = Object.values(request.inputs).flatMap((v) => (v instanceof Float32Array ? [v.buffer as ArrayBuffer] : []));
      this.worker.postMessage({ id, request }, transfer);
    });
  }

  /** Stops the worker; requests not answered yet are rejected. */
  async close(): Promise<void> {
    this.fail(new Error('the session thread was closed'));
    await this.worker.terminate();
  }

  private give(name: string, values: Float32Array): void {
    let stack = this.spare.get(name);
    if (stack === undefined) this.spare.set(name, (stack = []));
    stack.push(new Float32Array(values.buffer as ArrayBuffer)); // the whole buffer, whatever rows the request had
  }

  /** Rejects every request not answered yet; later requests are refused with the same error (the worker is gone). */
  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}
