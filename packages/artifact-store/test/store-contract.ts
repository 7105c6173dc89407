// The behaviour every Store implementation must have: the same assertions run against the
// local folder store and the S3 store (on real S3-protocol servers).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DatasetNotFoundError,
  type Store,
  StoreError,
  StoreIdError,
  StoreKeyError,
  StoreNotFoundError,
  beginDataset,
  datasetParts,
  deleteDataset,
  gcDataset,
  getJson,
  layout,
  listBatches,
  listDatasets,
  listModelVersions,
  putJson,
  readChampion,
  readManifest,
  setChampion,
} from '@dpp/artifact-store';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
/** Deterministic pseudo-random bytes (an LCG), so every run moves the same content. */
export const bytesOf = (size: number, seed: number) => {
  const out = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
};
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
async function* chunked(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, Math.min(bytes.length, at + size));
}
const errorOf = (promise: Promise<unknown>) => promise.then(
  () => {
    throw new Error('expected a rejection');
  },
  (e: unknown) => e,
);
const schema = [{ name: 'id', type: 'Int32' }, { name: 'x', type: 'Float64', kind: 'numeric' }];

export interface ContractOptions {
  /** Size of the large-object test; with the store's part size it goes through multipart. */
  largeObjectBytes: number;
  /** How many keys the listing test writes (over 1000: S3 pages ListObjectsV2 by 1000). */
  manyKeys: number;
}

export function storeContract(name: string, open: () => Store, options: ContractOptions): void {
  describe(`${name}: objects`, () => {
    it('puts and gets bytes and text, overwrites, streams, tells what exists', async () => {
      const store = open();
      await store.put('obj/a/b/one.txt', 'first');
      expect(text(await store.get('obj/a/b/one.txt'))).toBe('first');
      await store.put('obj/a/b/one.txt', new TextEncoder().encode('second'));
      expect(text(await store.get('obj/a/b/one.txt'))).toBe('second');
      const chunks: Uint8Array[] = [];
      for await (const chunk of await store.getStream('obj/a/b/one.txt')) chunks.push(chunk);
      expect(text(Buffer.concat(chunks))).toBe('second');
      expect(await store.exists('obj/a/b/one.txt')).toBe(true);
      expect(await store.exists('obj/a/b/two.txt')).toBe(false);
      expect(await store.exists('obj/a/b')).toBe(false); // a folder is no object
      await store.put('obj/empty.bin', new Uint8Array(0));
      expect((await store.get('obj/empty.bin')).length).toBe(0);
    });

    it('gets an object whole whatever spare buffer it is offered, larger or smaller, never writing past it', async () => {
      const store = open();
      const body = bytesOf(10_000, 7);
      await store.put('obj/spare.bin', body);
      const large = new Uint8Array(20_000).fill(0xee);
      const got = await store.get('obj/spare.bin', { into: large });
      expect(Buffer.from(got).equals(Buffer.from(body))).toBe(true);
      // a store that read into the buffer returns a view of its start; the rest is untouched
      if (got.buffer === large.buffer) {
        expect(got.byteOffset).toBe(large.byteOffset);
        expect(large.subarray(10_000).every((b) => b === 0xee)).toBe(true);
      }
      const small = new Uint8Array(16).fill(0xee);
      const whole = await store.get('obj/spare.bin', { into: small.subarray(0, 8) });
      expect(Buffer.from(whole).equals(Buffer.from(body))).toBe(true);
      expect(small.every((b) => b === 0xee)).toBe(true);
    });

    it('gets a range of an object, clipped to the object, into a spare buffer', async () => {
      const store = open();
      const body = bytesOf(10_000, 11);
      await store.put('obj/ranged.bin', body);
      const same = (got: Uint8Array, want: Uint8Array) => expect(Buffer.from(got).equals(Buffer.from(want))).toBe(true);
      same(await store.get('obj/ranged.bin', { range: { start: 1000, end: 1234 } }), body.subarray(1000, 1234));
      same(await store.get('obj/ranged.bin', { range: { start: 0, end: 50_000 } }), body);
      same(await store.get('obj/ranged.bin', { range: { start: 9990, end: 20_000 } }), body.subarray(9990));
      expect((await store.get('obj/ranged.bin', { range: { start: 20_000, end: 20_010 } })).length).toBe(0);
      expect((await store.get('obj/ranged.bin', { range: { start: 5, end: 5 } })).length).toBe(0);
      const spare = new Uint8Array(4096).fill(0xee);
      same(await store.get('obj/ranged.bin', { range: { start: 0, end: 3000 }, into: spare }), body.subarray(0, 3000));
      expect(await errorOf(store.get('obj/missing.bin', { range: { start: 0, end: 8 } }))).toBeInstanceOf(StoreNotFoundError);
      expect(await errorOf(store.get('obj/missing.bin', { range: { start: 3, end: 3 } }))).toBeInstanceOf(StoreNotFoundError);
    });

    it('takes a stream as a body', async () => {
      const store = open();
      async function* body() {
        yield new TextEncoder().encode('he');
        yield new TextEncoder().encode('llo');
      }
      await store.put('obj/streamed.txt', body());
      expect(text(await store.get('obj/streamed.txt'))).toBe('hello');
    });

    it(`moves a large object (${options.largeObjectBytes >> 20} MiB) intact, from bytes and from a stream`, async () => {
      const store = open();
      const big = bytesOf(options.largeObjectBytes, 7);
      await store.put('big/bytes.bin', big);
      expect(sha(await store.get('big/bytes.bin'))).toBe(sha(big));
      await store.put('big/stream.bin', chunked(big, 1 << 20));
      expect(sha(await store.get('big/stream.bin'))).toBe(sha(big));
      const hash = createHash('sha256');
      let size = 0;
      for await (const chunk of await store.getStream('big/stream.bin')) {
        hash.update(chunk);
        size += chunk.length;
      }
      expect([size, hash.digest('hex')]).toEqual([big.length, sha(big)]);
      await store.deletePrefix('big/');
    });

    it('lists keys under a prefix, recursively and sorted, as S3 prefixes match', async () => {
      const store = open();
      for (const key of ['l/x/2', 'l/x/1', 'l/y/deep/3', 'lz/4', 'l/x10']) await store.put(key, key);
      expect(await store.list('l/')).toEqual(['l/x/1', 'l/x/2', 'l/x10', 'l/y/deep/3']);
      expect(await store.list('l/x/')).toEqual(['l/x/1', 'l/x/2']);
      expect(await store.list('l/x')).toEqual(['l/x/1', 'l/x/2', 'l/x10']);
      expect(await store.list('l')).toEqual(['l/x/1', 'l/x/2', 'l/x10', 'l/y/deep/3', 'lz/4']);
      expect(await store.list('nothing/here/')).toEqual([]);
      expect(await store.list('')).toEqual(expect.arrayContaining(['l/x/1', 'lz/4']));
    });

    it('deletes a key (a missing one is no error) and a prefix, and nothing beside it', async () => {
      const store = open();
      await store.delete('l/x/1');
      await store.delete('l/x/1');
      await store.delete('never/was/there.txt');
      expect(await store.list('l/')).toEqual(['l/x/2', 'l/x10', 'l/y/deep/3']);
      await store.deletePrefix('l/');
      expect(await store.list('l/')).toEqual([]);
      expect(await store.list('lz/')).toEqual(['lz/4']);
      await store.deletePrefix('lz/');
      await store.deletePrefix('lz/');
    });

    it(`lists and deletes ${options.manyKeys} keys (more than one page of 1000)`, async () => {
      const store = open();
      const keys = Array.from({ length: options.manyKeys }, (_, i) => `many/k${String(i).padStart(5, '0')}`);
      for (let i = 0; i < keys.length; i += 50) await Promise.all(keys.slice(i, i + 50).map((k) => store.put(k, k)));
      expect(await store.list('many/')).toEqual(keys);
      await store.deletePrefix('many/');
      expect(await store.list('many/')).toEqual([]);
    });

    it('names the key of a missing object in a StoreNotFoundError with its cause', async () => {
      const store = open();
      for (const attempt of [() => store.get('nope/missing.json'), () => store.getStream('nope/missing.json')]) {
        const error = await errorOf(attempt());
        expect(error).toBeInstanceOf(StoreNotFoundError);
        expect(error).toBeInstanceOf(StoreError);
        expect(error).toMatchObject({ name: 'StoreNotFoundError', code: 'NOT_FOUND', key: 'nope/missing.json' });
        expect((error as Error).cause).toBeDefined();
        expect((error as Error).message).toMatch(/nope\/missing\.json: no such object/);
      }
    });

    it('refuses keys that could escape the store or mean two things, naming the key', async () => {
      const store = open();
      for (const key of ['../x', 'a/../../x', '/abs', 'a//b', 'a/./b', 'a\\b', 'a/', '', 'a\u0000b']) {
        for (const attempt of [() => store.put(key, 'x'), () => store.get(key), () => store.exists(key), () => store.delete(key)]) {
          const error = await errorOf(attempt());
          expect(error, JSON.stringify(key)).toBeInstanceOf(StoreKeyError);
          expect(error).toMatchObject({ code: 'BAD_KEY', key });
        }
      }
      await expect(store.list('../')).rejects.toBeInstanceOf(StoreKeyError);
      await expect(store.deletePrefix('/x')).rejects.toBeInstanceOf(StoreKeyError);
    });
  });

  describe(`${name}: datasets`, () => {
    it('shows readers the previous version, complete, until the new manifest is written', async () => {
      const store = open();
      const v1 = await beginDataset(store, 'ds/train', { command: 'test v1' });
      await v1.putPart(bytesOf(100, 1), { rows: 10 });
      await v1.putPart(bytesOf(50, 2), { rows: 5 });
      const m1 = await v1.commit({ rows: 15, schema, extra: { seed: 1 } });
      expect(m1).toMatchObject({ format: 'dpp-dataset/1', dataset: 'ds/train', rows: 15, command: 'test v1', writeId: v1.writeId, schema, extra: { seed: 1 } });
      expect(Date.parse(m1.createdAt)).toBeGreaterThan(0);
      expect(m1.parts.map((p) => [p.key, p.rows, p.bytes, p.sha256])).toEqual([
        [`ds/train/part-${v1.writeId}-00000.parquet`, 10, 100, sha(bytesOf(100, 1))],
        [`ds/train/part-${v1.writeId}-00001.parquet`, 5, 50, sha(bytesOf(50, 2))],
      ]);
      expect(m1.contentHash).toBe(createHash('sha256').update(sha(bytesOf(100, 1))).update(sha(bytesOf(50, 2))).digest('hex'));
      expect(await readManifest(store, 'ds/train')).toEqual(m1);

      const v2 = await beginDataset(store, 'ds/train', { command: 'test v2' });
      await v2.putPart(bytesOf(70, 3), { rows: 7 });
      await v2.putPart(chunked(bytesOf(30, 4), 7), { rows: 3 }); // a streamed part
      // mid-write: the new parts are in the folder, but readers go through the manifest
      expect((await store.list('ds/train/')).length).toBe(5);
      expect(await readManifest(store, 'ds/train')).toEqual(m1);
      expect(await datasetParts(store, 'ds/train')).toEqual(m1.parts.map((p) => p.key));
      for (const key of await datasetParts(store, 'ds/train')) expect(await store.exists(key)).toBe(true);
      const m2 = await v2.commit({ schema }); // rows default to the parts' sum
      expect(m2.rows).toBe(10);
      expect(m2.parts[1]).toMatchObject({ rows: 3, bytes: 30, sha256: sha(bytesOf(30, 4)) });
      expect(await datasetParts(store, 'ds/train')).toEqual(m2.parts.map((p) => p.key));
      // the previous version's parts are gone
      expect(await store.list('ds/train/')).toEqual([...m2.parts.map((p) => p.key), 'ds/train/_manifest.json'].sort());
      await expect(v2.putPart(bytesOf(1, 1), { rows: 1 })).rejects.toThrow(/already committed/);
    });

    it('aborting leaves the previous version; a crashed write leaves orphans that gc or the next commit removes', async () => {
      const store = open();
      const before = await readManifest(store, 'ds/train');
      const aborted = await beginDataset(store, 'ds/train', { command: 'abort' });
      await aborted.putPart(bytesOf(10, 4), { rows: 1 });
      await aborted.abort();
      expect(await store.list('ds/train/')).toHaveLength(before.parts.length + 1);
      const crashed = await beginDataset(store, 'ds/train', { command: 'crash' });
      await crashed.putPart(bytesOf(10, 5), { rows: 1 }); // never committed nor aborted
      expect(await readManifest(store, 'ds/train')).toEqual(before);
      expect(await store.list('ds/train/')).toHaveLength(before.parts.length + 2);
      expect(await gcDataset(store, 'ds/train')).toEqual([`ds/train/part-${crashed.writeId}-00000.parquet`]);
      expect(await store.list('ds/train/')).toHaveLength(before.parts.length + 1);

      const crashedAgain = await beginDataset(store, 'ds/train', { command: 'crash' });
      await crashedAgain.putPart(bytesOf(10, 6), { rows: 1 });
      const next = await beginDataset(store, 'ds/train', { command: 'next' });
      await next.putPart(bytesOf(10, 7), { rows: 2 });
      const m = await next.commit({ rows: 2, schema });
      expect(await store.list('ds/train/')).toEqual([m.parts[0]?.key, 'ds/train/_manifest.json'].sort());
    });

    it('never publishes a manifest naming a part that is gone', async () => {
      const store = open();
      const slow = await beginDataset(store, 'ds/race', { command: 'slow' });
      await slow.putPart(bytesOf(10, 1), { rows: 1 });
      const fast = await beginDataset(store, 'ds/race', { command: 'fast' });
      await fast.putPart(bytesOf(10, 2), { rows: 1 });
      const won = await fast.commit({ schema }); // its clean-up removes the slow write's part
      const error = await errorOf(slow.commit({ schema }));
      expect(error).toMatchObject({ code: 'CONFLICT' });
      expect(await readManifest(store, 'ds/race')).toEqual(won);
      await slow.abort();
    });

    it('is idempotent: the same content written again has the same rows and hash, and no leftovers', async () => {
      const store = open();
      const write = async () => {
        const w = await beginDataset(store, layout.testSample('b-1'), { command: 'same' });
        await w.putPart(bytesOf(200, 9), { rows: 20 });
        await w.putPart(bytesOf(20, 10), { rows: 2 });
        return w.commit({ rows: 22, schema });
      };
      const first = await write();
      const second = await write();
      expect(second.writeId).not.toBe(first.writeId);
      expect([second.rows, second.contentHash]).toEqual([first.rows, first.contentHash]);
      expect(await store.list('test_sample/b-1/')).toEqual([...second.parts.map((p) => p.key), 'test_sample/b-1/_manifest.json'].sort());
    });

    it('refuses a commit whose row count does not match its parts; a missing dataset is a DatasetNotFoundError', async () => {
      const store = open();
      const w = await beginDataset(store, 'ds/bad', { command: 'bad' });
      await w.putPart(bytesOf(10, 1), { rows: 3 });
      await expect(w.commit({ rows: 4, schema })).rejects.toThrow(/the parts hold 3 rows, the commit says 4/);
      await w.abort();
      expect(await store.list('ds/bad/')).toEqual([]);
      const error = await errorOf(readManifest(store, 'ds/bad'));
      expect(error).toBeInstanceOf(DatasetNotFoundError);
      expect(error).toMatchObject({ code: 'NO_MANIFEST', dataset: 'ds/bad' });
      await expect(datasetParts(store, 'ds/bad')).rejects.toBeInstanceOf(DatasetNotFoundError);
      await store.put('ds/broken/_manifest.json', '{"format":"something-else"}');
      await expect(readManifest(store, 'ds/broken')).rejects.toMatchObject({ code: 'BAD_MANIFEST' });
      await store.deletePrefix('ds/broken/');
    });

    it('deletes a dataset manifest first, and lists the datasets there are', async () => {
      const store = open();
      const w = await beginDataset(store, 'ds/gone', { command: 'x' });
      await w.putPart(bytesOf(5, 1), { rows: 1 });
      await w.commit({ schema });
      expect((await listDatasets(store, 'ds/')).map((d) => [d.prefix, d.rows])).toEqual([
        ['ds/gone', 1],
        ['ds/race', 1],
        ['ds/train', 2],
      ]);
      await deleteDataset(store, 'ds/gone');
      expect(await store.list('ds/gone/')).toEqual([]);
      expect((await listDatasets(store, 'ds/')).map((d) => d.prefix)).toEqual(['ds/race', 'ds/train']);
    });
  });

  describe(`${name}: registry`, () => {
    it('lists complete batches only, sorted by id, with their rows', async () => {
      const store = open();
      for (const id of ['batch-0002', 'batch-0001']) {
        const w = await beginDataset(store, layout.testSample(id), { command: 'sample' });
        await w.putPart(bytesOf(10, 1), { rows: 4 });
        await w.commit({ rows: 4, schema });
      }
      const unfinished = await beginDataset(store, layout.testSample('batch-0003'), { command: 'sample' });
      await unfinished.putPart(bytesOf(10, 1), { rows: 4 });
      // b-1 comes from the idempotency test above; batch-0003 has no manifest yet
      expect((await listBatches(store)).map((b) => [b.id, b.rows])).toEqual([
        ['b-1', 22],
        ['batch-0001', 4],
        ['batch-0002', 4],
      ]);
      await unfinished.abort();
    });

    it('lists model versions that have a model-info.json, and keeps the champion pointer', async () => {
      const store = open();
      await store.put(`${layout.model('v0002')}/model.json`, '{}');
      await putJson(store, layout.modelInfo('v0002'), { version: 'ignored', metrics: { auc: 0.9 }, trainedOn: 'train' });
      await putJson(store, layout.modelInfo('v0001'), { metrics: { auc: 0.8 } });
      await store.put(`${layout.model('v0003')}/model.onnx`, 'no info yet: not listed');
      expect((await listModelVersions(store)).map((m) => [m.version, m.metrics?.auc])).toEqual([
        ['v0001', 0.8],
        ['v0002', 0.9],
      ]);
      expect(await getJson(store, layout.modelInfo('v0001'))).toEqual({ metrics: { auc: 0.8 } });
      expect(await readChampion(store)).toBeNull();
      const pointer = await setChampion(store, 'v0002', { reason: 'first model' });
      expect(await readChampion(store)).toEqual(pointer);
      expect(pointer).toMatchObject({ version: 'v0002', reason: 'first model' });
      await setChampion(store, 'v0001');
      expect((await readChampion(store))?.version).toBe('v0001');
      expect(await store.list('artifacts/champion')).toEqual(['artifacts/champion.json']);
      await expect(setChampion(store, '../v1')).rejects.toBeInstanceOf(StoreIdError);
    });
  });
}
