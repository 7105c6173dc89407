import * as ort from 'onnxruntime-node';

/** One request to a model's session: `rows` rows, a float32 column per number input and a string column per text input (nulls already replaced). */
export interface SessionRequest {
  rows: number;
  inputs: Record<string, Float32Array | string[]>;
}

/** Creates an onnxruntime-node session on an ONNX file's bytes. */
export function createSession(model: Uint8Array): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(model);
}

/** Runs the session on a request: each column an [n, 1] tensor; the `pd` output, copied (onnxruntime's buffer may not be transferable). */
export async function runRequest(session: ort.InferenceSession, request: SessionRequest): Promise<Float32Array> {
  const feeds: Record<string, ort.Tensor> = {};
  for (const [name, values] of Object.entries(request.inputs)) feeds[name] = new ort.Tensor(values instanceof Float32Array ? 'float32' : 'string', values, [request.rows, 1]);
  const out = await session.run(feeds);
  return Float32Array.from(out.pd!.data as Float32Array);
}
