// Worker-thread entry of a SessionThread: holds one onnxruntime-node session and runs it on
// each request in the order they come, answering with the output `pd` and handing the input
// buffers back (transferred) for the next request to reuse.
import { parentPort, workerData } from 'node:worker_threads';
import type { InferenceSession } from 'onnxruntime-node';
import { type SessionRequest, createSession, runRequest } from './session-feeds.js';
import type { SessionReply } from './session-thread.js';

const port = parentPort;
if (port === null) throw new Error('session-worker.js must run in a worker thread');
const { model } = workerData as { model: Uint8Array };

let session: InferenceSession;
try {
  session = await createSession(model);
  port.postMessage({ inputNames: [...session.inputNames] } satisfies SessionReply);
} catch (error) {
  port.postMessage({ error: error instanceof Error ? error.message : String(error) } satisfies SessionReply);
  throw error;
}

port.on('message', ({ id, request }: { id: number; request: SessionRequest }) => {
  const numbers = Object.values(request.inputs).filter((v): v is Float32Array => v instanceof Float32Array);
  runRequest(session, request).then(
    (pd) => port.postMessage({ id, pd, inputs: request.inputs } satisfies SessionReply, [pd.buffer as ArrayBuffer, ...numbers.map((v) => v.buffer as ArrayBuffer)]),
    (error: unknown) => port.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies SessionReply),
  );
});
