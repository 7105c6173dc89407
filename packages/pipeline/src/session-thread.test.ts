import { exportOnnx, train } from '@dpp/gbdt-trainer';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
// the built package: the worker script is dist/session-worker.js
import { SessionThread } from '@dpp/pipeline';

// a small model of two number inputs, and its scores from onnxruntime on this thread (the reference)
const rows = 5_000;
const x = Float64Array.from({ length: rows }, (_, i) => Math.sin(i * 0.37) * 3);
const z = Float64Array.from({ length: rows }, (_, i) => (i % 17 === 0 ? Number.NaN : Math.cos(i * 0.11)));
const labels = Float64Array.from({ length: rows }, (_, i) => (x[i]! + (Number.isNaN(z[i]!) ? 1 : z[i]!) + Math.sin(i * 7.1) > 1 ? 1 : 0));
const { model } = train({ columns: [x, z], labels, names: ['x', 'z'] }, { iterations: 30, depth: 3, seed: 1 });
const onnx = exportOnnx(model);

describe('SessionThread', () => {
  it('answers requests in the order they are made, as onnxruntime on this thread does, handing the buffers back for reuse', async () => {
    const direct = await ort.InferenceSession.create(onnx);
    const thread = await SessionThread.start(onnx);
    try {
      expect([...thread.inputNames].sort()).toEqual(['x', 'z']);
      // 10 requests of 500 rows, all in flight at once
      const requests = Array.from({ length: 10 }, (_, k) => {
        const inputs: Record<string, Float32Array> = {};
        for (const [name, column] of [['x', x], ['z', z]] as const) {
          inputs[name] = thread.floats(name, 500);
          inputs[name].set(column.subarray(k * 500, (k + 1) * 500));
        }
        const expected = direct.run({ x: new ort.Tensor('float32', inputs.x!.slice(), [500, 1]), z: new ort.Tensor('float32', inputs.z!.slice(), [500, 1]) });
        return { pd: thread.run({ rows: 500, inputs }), expected };
      });
      for (const { pd, expected } of requests) expect(await pd).toEqual((await expected).pd!.data);
      // the buffers moved to the worker came back: the next request's is one of them, still
      // holding the values of the request it served (a new one would hold zeros)
      const again = thread.floats('x', 500);
      expect(again.length).toBe(500);
      const served = Array.from({ length: 10 }, (_, k) => Float32Array.from(x.subarray(k * 500, (k + 1) * 500)));
      expect(served.some((values) => values.every((v, i) => v === again[i]))).toBe(true);
    } finally {
      await thread.close();
    }
  });

  it('rejects a request onnxruntime refuses with its message and answers the requests around it', async () => {
    const thread = await SessionThread.start(onnx);
    const good = () => ({ rows: 3, inputs: { x: thread.floats('x', 3), z: thread.floats('z', 3) } });
    const [first, bad, after] = await Promise.allSettled([thread.run(good()), thread.run({ rows: 3, inputs: { x: new Float32Array(3) } }), thread.run(good())]);
    expect(first.status === 'fulfilled' && first.value.length).toBe(3);
    expect(bad.status === 'rejected' && String(bad.reason)).toMatch(/^Error: onnxruntime: .*'z'/);
    expect(after.status === 'fulfilled' && after.value.length).toBe(3);
    await thread.close();
  });

  it('refuses bytes that are not an ONNX model when it starts', async () => {
    await expect(SessionThread.start(new Uint8Array([1, 2, 3]))).rejects.toThrow(/^onnxruntime: .*protobuf/);
  });
});
