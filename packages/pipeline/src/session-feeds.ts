import { availableParallelism } from 'node:os';
import * as ort from 'onnxruntime-node';

/** One request to a model's session: `rows` rows, a float32 column per number input and a string column per text input (nulls already replaced). */
export interface SessionRequest {
  rows: number;
  inputs: Record<string, Float32Array | string[]>;
}

/**
 * The options `score` creates its sessions with: every core for a run (onnxruntime's
 * default is one thread per physical core, which on a virtual machine of two vCPUs can be
 * one), and pool threads that sleep between runs instead of spinning, since the same cores
 * read and decode the next rows as soon as a run ends. `bench/README.md` has what each
 * choice measured.
 */
export function scoringSessionOptions(): ort.InferenceSession.SessionOptions {
  return { intraOpNumThreads: availableParallelism(), extra: { session: { intra_op: { allow_spinning: '0' } } } };
}

/** Creates an onnxruntime-node session on an ONNX file's bytes, with {@link scoringSessionOptions}. */
export function createSession(model: Uint8Array): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(model, scoringSessionOptions());
}

/** Runs the session on a request: each column an [n, 1] tensor; the `pd` output. */
export async function runRequest(session: ort.InferenceSession, request: SessionRequest): Promise<Float32Array> {
  const feeds: Record<string, ort.Tensor> = {};
  for (const [name, values] of Object.entries(request.inputs)) feeds[name] = new ort.Tensor(values instanceof Float32Array ? 'float32' : 'string', values, [request.rows, 1]);
  const out = await session.run(feeds);
  return out.pd!.data as Float32Array;
}
