// The behaviour every Store implementation must have; run against each of them.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type Store, StoreError, StoreNotFoundError, beginDataset, datasetParts, gcDataset, layout, listBatches, listModelVersions, putJson, readChampion, readManifest, setChampion } from '@dpp/artifact-store';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const bytesOf = (size: number, seed: number) => {
  const out = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
};
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export function storeContract(name: string, open: () => Store, options: { largeObjectBytes: number }): void {
  describe(`${name}: objects`, () => {
    it('puts and gets bytes and text, overwrites atomically, streams', async () => {
      const store = open();
      await store.put('a/b/one.txt', 'first');
      expect(text(await store.get('a/b/one.txt'))).toBe('first');
      await store.put('a/b/one.txt', new TextEncoder().encode('second'));
      expect(text(await store.get('a/b/one.txt'))).toBe('second');
      const chunks: Uint8Array[] = [];
      for await (const chunk of await store.getStream('a/b/one.txt')) chunks.push(chunk);
      expect(text(Buffer.concat(chunks))).toBe('second');
      expect(await store.exists('a/b/one.txt')).toBe(true);
      expect(await store.exists('a/b/two.txt')).toBe(false);
    });

    it('takes a stream as a body', async () => {
      const store = open();
      async function* body() {
        yield new TextEncoder().encode('he');
        yield new TextEncoder().encode('llo');
      }
      await store.put('streamed.txt', body());
      expect(text(await store.get('streamed.txt'))).toBe('hello');
    });

    it(`moves a large object (${options.largeObjectBytes >> 20} MiB) intact, from bytes and from a stream`, async () => {
      const store = open();
      const big = bytesOf(options.largeObjectBytes, 7);
      await store.put('big/bytes.bin', big);
      expect(sha(await store.get('big/bytes.bin'))).toBe(sha(big));
      async function* chunks() {
        for (let at = 0; at < big.length; at += 1 << 20) yield big.subarray(at, Math.min(big.length, at + (1 << 20)));
      }
      await store.put('big/stream.bin', chunks());
      expect(sha(await store.get('big/stream.bin'))).toBe(sha(big));
    });

    it('lists keys under a prefix, recursively and sorted, and deletes', async () => {
      const store = open();
      for (const key of ['l/x/2', 'l/x/1', 'l/y/deep/3', 'lz/4']) await store.put(key, key);
      expect(await store.list('l/')).toEqual(['l/x/1', 'l/x/2', 'l/y/deep/3']);
      expect(await store.list('l/x/')).toEqual(['l/x/1', 'l/x/2']);
      await store.delete('l/x/1');
      await store.delete('l/x/1'); // deleting a missing key is no error
      expect(await store.list('l/')).toEqual(['l/x/2', 'l/y/deep/3']);
      await store.deletePrefix('l/');
      expect(await store.list('l/')).toEqual([]);
      expect(await store.list('lz/')).toEqual(['lz/4']);
    });

    it('names the key of a missing object, and refuses keys that could escape the store', async () => {
      const store = open();
      const error = await store.get('nope/missing.json').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreNotFoundError);
      expect((error as StoreError).code).toBe('NOT_FOUND');
      expect((error as Error).message).toMatch(/nope\/missing\.json: no such object/);
      for (const key of ['../x', '/abs', 'a//b', 'a/./b', 'a\\b', '']) {
        await expect(store.put(key, 'x'), key).rejects.toMatchObject({ code: 'BAD_KEY' });
      }
      expect(() => layout.testSample('../../etc')).toThrow(/'..\/..\/etc' is not a valid batch id/);
    });
  });

  describe(`${name}: datasets`, () => {
    it('shows readers the previous version, complete, until the new manifest is written', async () => {
      const store = open();
      const v1 = await beginDataset(store, 'train', { command: 'test v1' });
      await v1.putPart(bytesOf(100, 1), { rows: 10 });
      await v1.putPart(bytesOf(50, 2), { rows: 5 });
      const m1 = await v1.commit({ rows: 15, schema: [{ name: 'x', type: 'Float64' }], extra: { seed: 1 } });
      expect(m1).toMatchObject({ format: 'dpp-dataset/1', dataset: 'train', rows: 15, command: 'test v1', extra: { seed: 1 } });

      const v2 = await beginDataset(store, 'train', { command: 'test v2' });
      await v2.putPart(bytesOf(70, 3), { rows: 7 });
      // mid-write: the new part is in the folder, but readers go through the manifest
      expect((await store.list('train/')).length).toBe(4);
      expect((await readManifest(store, 'train')).rows).toBe(15);
      expect(await datasetParts(store, 'train')).toEqual(m1.parts.map((p) => p.key));
      const m2 = await v2.commit({ rows: 7, schema: [{ name: 'x', type: 'Float64' }] });
      expect(await datasetParts(store, 'train')).toEqual(m2.parts.map((p) => p.key));
      // the previous version's parts are gone
      expect(await store.list('train/')).toEqual([...m2.parts.map((p) => p.key), 'train/_manifest.json'].sort());
    });

    it('aborting leaves the previous version; a crashed write leaves orphans that gc removes', async () => {
      const store = open();
      const before = await readManifest(store, 'train');
      const aborted = await beginDataset(store, 'train', { command: 'abort' });
      await aborted.putPart(bytesOf(10, 4), { rows: 1 });
      await aborted.abort();
      const crashed = await beginDataset(store, 'train', { command: 'crash' });
      await crashed.putPart(bytesOf(10, 5), { rows: 1 }); // never committed
      expect(await readManifest(store, 'train')).toEqual(before);
      expect((await store.list('train/')).length).toBe(before.parts.length + 2);
      expect(await gcDataset(store, 'train')).toHaveLength(1);
      expect((await store.list('train/')).length).toBe(before.parts.length + 1);
    });

    it('is idempotent: the same content written again has the same content hash and no leftovers', async () => {
      const store = open();
      const write = async () => {
        const w = await beginDataset(store, 'test_sample/b-1', { command: 'same' });
        await w.putPart(bytesOf(200, 9), { rows: 20 });
        return w.commit({ rows: 20, schema: [] });
      };
      const first = await write();
      const second = await write();
      expect(second.contentHash).toBe(first.contentHash);
      expect(await store.list('test_sample/b-1/')).toHaveLength(2);
    });

    it('refuses a commit whose row count does not match its parts, and a missing dataset by name', async () => {
      const store = open();
      const w = await beginDataset(store, 'test', { command: 'bad' });
      await w.putPart(bytesOf(10, 1), { rows: 3 });
      await expect(w.commit({ rows: 4, schema: [] })).rejects.toThrow(/the parts hold 3 rows, the commit says 4/);
      await w.abort();
      await expect(readManifest(store, 'test')).rejects.toMatchObject({ code: 'NO_MANIFEST' });
    });
  });

  describe(`${name}: registry`, () => {
    it('lists complete batches and model versions, and keeps the champion pointer', async () => {
      const store = open();
      for (const id of ['batch-0002', 'batch-0001']) {
        const w = await beginDataset(store, layout.testSample(id), { command: 'sample' });
        await w.putPart(bytesOf(10, 1), { rows: 4 });
        await w.commit({ rows: 4, schema: [] });
      }
      const unfinished = await beginDataset(store, layout.testSample('batch-0003'), { command: 'sample' });
      await unfinished.putPart(bytesOf(10, 1), { rows: 4 });
      // b-1 comes from the idempotency test above; batch-0003 has no manifest yet
      expect((await listBatches(store)).map((b) => [b.id, b.rows])).toEqual([
        ['b-1', 20],
        ['batch-0001', 4],
        ['batch-0002', 4],
      ]);
      await putJson(store, `${layout.model('v0002')}/model-info.json`, { version: 'v0002', metrics: { auc: 0.9 } });
      await store.put(`${layout.model('v0003')}/model.onnx`, 'no info yet: not listed');
      expect((await listModelVersions(store)).map((m) => [m.version, m.metrics?.auc])).toEqual([['v0002', 0.9]]);
      expect(await readChampion(store)).toBeNull();
      await setChampion(store, 'v0002', { reason: 'first model' });
      expect(await readChampion(store)).toMatchObject({ version: 'v0002', reason: 'first model' });
    });
  });
}
